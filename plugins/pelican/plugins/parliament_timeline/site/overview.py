"""The drawn overview of the home page: one lane per bill across time, as SVG.

:func:`build_overview` lays the story out (lanes, marks at their dates, each
bill's fate, the key moments numbered) as plain data; :func:`overview_svg`
draws that data as an SVG element, written into the page at build time, so
that no script is needed to see it. The page's text alternative is made from
the same :class:`Overview`, so the picture and the list say the same things.

Colours come from the theme's CSS custom properties (classes, not
attributes), so that dark mode and print restyle the drawing; each kind of
stage also has its own shape, so colour is never the only difference.
This module does not import Pelican.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import Entry
from ..records.bills import Bill

# The drawing's own units (the viewBox); CSS scales it to the column.
WIDTH = 960
LEFT = 16
# The plot's right edge; the fate of each bill is written to its right.
PLOT_RIGHT = 800
FATE_X = 822
TOP = 30
LANE_HEIGHT = 56
# Key moment numbers closer than this are moved apart along the lane.
NUMBER_GAP = 16
# About the width of a character of a lane's title (17px bold), to keep a
# title that starts where its bill's story starts inside the drawing.
TITLE_CHAR = 9.6
BOTTOM = 12
MARK_SIZE = 6.5
# A lane of more events than this merges marks closer than MERGE_GAP (merge_close).
MAX_LANE_MARKS = 60
MERGE_GAP = 12
KEY_SIZE = 9
# The lane of events outside any bill.
NO_BILL = "none"
# The kinds of stage (Stage.kind) in the drawing's key, with their words.
KIND_LABELS = {
    "passage": "a bill's formal stage",
    "law": "Royal Assent or commencement",
    "fell": "a bill falling",
    "amendment": "an amendment",
    "parliament": "a debate or statement",
    "outside": "outside Parliament",
}


@dataclass(frozen=True)
class Fate:
    """What became of a bill, as the overview shows it at the lane's end."""

    # 'in-force', 'act', 'fell', 'stopped' (withdrawn, not passed) or 'open'.
    kind: str
    # A word or two for the drawing: "In force", "Act", "Fell"...
    label: str
    # The same as a clause for the text alternative: "became the X Act".
    text: str
    # The event that decided it, when there is one.
    entry: Entry | None = None
    carried_into: Bill | None = None

    def sentence(self, long_date: Callable[[dt.date], str]) -> str:
        """The fate as the text alternative says it, with its date when known."""
        when = ""
        if self.entry is not None:
            when = (f"; provisions in force from {long_date(self.entry.day)}"
                    if self.kind == "in-force"
                    else f" on {long_date(self.entry.day)}")
        carried = f"; carried into the {self.carried_into.title}" if self.carried_into else ""
        return f"{self.text}{when}{carried}"


@dataclass(frozen=True)
class Mark:
    """One event (or due item) on a lane."""

    entry: Entry
    x: float
    # The number of the key moment (1, 2...), None for other events.
    number: int | None = None
    # Later events of the lane drawn as this one mark: on a crowded lane,
    # events too close to tell apart (merge_close).
    more: tuple[Entry, ...] = ()

    @property
    def kind(self) -> str:
        """The family of the event's stage (its shape and colour)."""
        return self.entry.stage.kind

    @property
    def due(self) -> bool:
        """Whether the mark is a step still to come (drawn hollow)."""
        return self.entry.due


@dataclass(frozen=True)
class Lane:
    """The events of one bill (or of none) in date order, and the bill's fate."""

    key: str
    title: str
    bill: Bill | None
    marks: tuple[Mark, ...]
    fate: Fate | None
    y: float

    @property
    def first(self) -> Entry:
        """The lane's first event."""
        return self.marks[0].entry

    @property
    def last(self) -> Entry:
        """The lane's last event (or due item)."""
        return self.marks[-1].entry


@dataclass(frozen=True)
class Overview:
    """The whole drawing as data: its lanes, its time axis and its key moments."""

    lanes: tuple[Lane, ...]
    start: dt.date
    end: dt.date
    # (year, x) of each new year within the axis.
    years: tuple[tuple[int, float], ...]
    key_moments: tuple[Entry, ...]
    height: float

    def number(self, entry: Entry) -> int | None:
        """The key moment number of ``entry``, or None."""
        for i, e in enumerate(self.key_moments, 1):
            if e.slug == entry.slug:
                return i
        return None


def bill_fate(bill: Bill, entries: Sequence[Entry], bills: Mapping[str, Bill]) -> Fate:
    """What became of ``bill``, from its record and its events.

    A commencement event makes it "in force"; Royal Assent (an event or the
    record's status) an Act; a falling (an event or the status) "fell"; a
    withdrawn or unfinished bill "stopped"; anything else is still before
    Parliament. A bill the subject was carried into from here is named.
    """
    def last(status: str) -> Entry | None:
        found = [e for e in entries if e.stage.status == status and not e.due]
        return found[-1] if found else None

    carried = bills.get(bill.carried_into) if bill.carried_into else None
    act = bill.act_title or "an Act"
    if (e := last("in-force")) is not None:
        # Acts come into force in parts: the first commencement is shown.
        return Fate("in-force", "In force", f"became the {act}", e, carried)
    if (e := last("enacted")) is not None or bill.status == "royal-assent":
        return Fate("act", "Act", f"became the {act}", e, carried)
    if (e := last("bill-fell")) is not None or bill.status == "fell":
        return Fate("fell", "Fell", "fell", e, carried)
    if bill.status in ("withdrawn", "not-passed"):
        return Fate("stopped", "Did not pass", bill.status_label.lower(), None, carried)
    return Fate("open", "In Parliament", "is still before Parliament", None, carried)


def merge_close(marks: Sequence[Mark]) -> tuple[Mark, ...]:
    """A crowded lane's marks with those closer than MERGE_GAP merged into one.

    A lane of more than MAX_LANE_MARKS events would draw marks on top of one
    another, and make the page grow with every event (a thousand events
    made a 780 kB drawing): the events of a run of close marks become one
    mark, at the first of them, that names how many they are. Key moments
    and due items always keep marks of their own.
    """
    if len(marks) <= MAX_LANE_MARKS:
        return tuple(marks)
    merged: list[Mark] = []
    for mark in marks:
        last = merged[-1] if merged else None
        alone = mark.number or mark.due
        if (last is not None and not alone and not last.number and not last.due
                and mark.x - last.x < MERGE_GAP):
            merged[-1] = replace(last, more=(*last.more, mark.entry))
        else:
            merged.append(mark)
    return tuple(merged)


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(LEFT + (day - start).days / span * (PLOT_RIGHT - LEFT), 1)


def build_overview(entries: Iterable[Entry], bills: Mapping[str, Bill],
                   due: Iterable[Entry] = (), outside_title: str = "Outside any bill"
                   ) -> Overview | None:
    """Lay out the overview: a lane per bill with events, in the order their
    stories begin, then the events outside any bill (when there are any).

    ``entries`` are the timeline's events, ``due`` the upcoming due items
    (drawn hollow at their dates). The key moments are the events marked
    ``Key: yes``, numbered in date order. None when there is nothing to draw.
    """
    events = sorted(entries, key=lambda e: e.sort_key)
    items = events + sorted(due, key=lambda e: e.sort_key)
    if not items:
        return None
    key_moments = tuple(e for e in events if e.key_moment)
    numbers = {e.slug: i for i, e in enumerate(key_moments, 1)}
    start = dt.date(min(e.day for e in items).year, 1, 1)
    end = max(e.day for e in items)
    end = max(end, dt.date(end.year, 1, 1) + dt.timedelta(days=1))

    grouped: dict[str, list[Entry]] = {}
    for e in items:
        grouped.setdefault(e.bill.key if e.bill else NO_BILL, []).append(e)
    # Lanes in the order their stories begin; events outside any bill last.
    keys = sorted((k for k in grouped if k != NO_BILL),
                  key=lambda k: (min(e.sort_key for e in grouped[k]), k))
    if NO_BILL in grouped:
        keys.append(NO_BILL)

    lanes = []
    for i, key in enumerate(keys):
        lane_entries = sorted(grouped[key], key=lambda e: (e.due, e.sort_key))
        bill = bills.get(key)
        marks = merge_close([Mark(e, _x(e.day, start, end), numbers.get(e.slug))
                             for e in lane_entries])
        title = f"{bill.title} ({bill.session})" if bill else outside_title
        fate = bill_fate(bill, lane_entries, bills) if bill else None
        lanes.append(Lane(key, title, bill, marks, fate, TOP + i * LANE_HEIGHT))
    years = tuple((year, _x(dt.date(year, 1, 1), start, end))
                  for year in range(start.year, end.year + 1))
    return Overview(tuple(lanes), start, end, years, key_moments,
                    TOP + len(lanes) * LANE_HEIGHT + BOTTOM)


def mark_name(mark: Mark, lane: Lane, long_date: Callable[[dt.date], str]) -> str:
    """The accessible name of a mark: what, when, which bill."""
    e = mark.entry
    what = "Due" if mark.due else e.stage.label
    number = f"Key moment {mark.number}. " if mark.number else ""
    if mark.more:
        return (f"{len(mark.more) + 1} events from {long_date(e.day)} to "
                f"{long_date(mark.more[-1].day)}, the first: {what}: {e.title} ({lane.title})")
    return f"{number}{long_date(e.day)}, {what}: {e.title} ({lane.title})"


def _shape(parent: ET.Element, kind: str, x: float, y: float, size: float) -> ET.Element:
    """The marker of a kind of stage, the same shapes as the timeline's list."""
    s = size
    if kind in ("passage", "outside"):
        el = ET.SubElement(parent, "circle", cx=f"{x:g}", cy=f"{y:g}", r=f"{s:g}")
    elif kind == "parliament":
        el = ET.SubElement(parent, "rect", x=f"{x - s:g}", y=f"{y - s:g}", width=f"{2 * s:g}",
                           height=f"{2 * s:g}", rx="2")
    else:
        if kind == "law":
            points = [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)]
        elif kind == "amendment":
            points = [(0, -1.2), (1.15, 1), (-1.15, 1)]
        else:  # fell: a cross
            a, b = 0.35, 1.1
            points = [(-b, -b + a), (-b + a, -b), (0, -a), (b - a, -b), (b, -b + a), (a, 0),
                      (b, b - a), (b - a, b), (0, a), (-b + a, b), (-b, b - a), (-a, 0)]
        el = ET.SubElement(parent, "polygon", points=" ".join(
            f"{x + px * s:.1f},{y + py * s:.1f}" for px, py in points))
    return el


def overview_svg(overview: Overview, href: Callable[[Entry], str],
                 long_date: Callable[[dt.date], str], label: str) -> str:
    """The overview drawn as an inline SVG element (a string of markup).

    ``href`` gives an event's address; ``long_date`` writes a day for the
    marks' names; ``label`` names the drawing. The lanes' texts are hidden
    from assistive technology, which reads the marks' names and the text
    alternative instead; each event is a link, reached with the keyboard.
    """
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": "overview-svg",
        "viewBox": f"0 0 {WIDTH} {overview.height:g}",
        "width": str(WIDTH),
        "height": f"{overview.height:g}",
        "aria-label": label,
    })
    axis = ET.SubElement(svg, "g", {"class": "ov-axis", "aria-hidden": "true"})
    for year, x in overview.years:
        ET.SubElement(axis, "line", x1=f"{x:g}", y1="20", x2=f"{x:g}",
                      y2=f"{overview.height - BOTTOM:g}")
        ET.SubElement(axis, "text", x=f"{x + 4:g}", y="15").text = str(year)

    by_key = {lane.key: lane for lane in overview.lanes}
    for lane in overview.lanes:
        y = lane.y + 33
        fate = lane.fate.kind if lane.fate else "none"
        g = ET.SubElement(svg, "g", {"class": f"ov-lane ov-fate-{fate}"})
        deco = ET.SubElement(g, "g", {"aria-hidden": "true"})
        x0 = lane.marks[0].x
        # The title starts where the bill's story starts, if it fits there.
        title_x = max(LEFT, min(x0 - MARK_SIZE, PLOT_RIGHT - len(lane.title) * TITLE_CHAR))
        ET.SubElement(deco, "text", {"class": "ov-title", "x": f"{title_x:g}",
                                     "y": f"{lane.y + 16:g}"}).text = lane.title
        x1 = max(m.x for m in lane.marks)
        ET.SubElement(deco, "line", {"class": "ov-span", "x1": f"{x0:g}", "y1": f"{y:g}",
                                     "x2": f"{x1:g}", "y2": f"{y:g}"})
        if lane.fate is not None:
            ET.SubElement(deco, "text", {"class": "ov-fate", "x": str(FATE_X),
                                         "y": f"{y + 5:g}"}).text = lane.fate.label
            target = by_key.get(lane.fate.carried_into.key) if lane.fate.carried_into else None
            if target is not None:
                # "Carried into": a dashed line from this lane's end to the
                # first event of the bill that took the subject on.
                tx, ty = target.marks[0].x, target.y + 33
                ET.SubElement(deco, "path", {
                    "class": "ov-carried",
                    "d": f"M{x1:g},{y:g} C{x1 + 30:g},{y:g} {tx - 30:g},{ty:g} {tx:g},{ty:g}",
                })
        number_x = -NUMBER_GAP
        for mark in lane.marks:
            e = mark.entry
            link = ET.SubElement(g, "a", {
                "href": href(e),
                "class": f"ov-mark kind-{mark.kind}" + (" ov-due" if mark.due else "")
                         + (" ov-key" if mark.number else ""),
                "aria-label": mark_name(mark, lane, long_date),
            })
            ET.SubElement(link, "title").text = mark_name(mark, lane, long_date)
            _shape(link, mark.kind, mark.x, y, KEY_SIZE if mark.number else MARK_SIZE)
            if mark.number:
                number_x = max(mark.x, number_x + NUMBER_GAP)
                ET.SubElement(link, "text", {"class": "ov-number", "x": f"{number_x:g}",
                                             "y": f"{y + 23:g}", "text-anchor": "middle",
                                             "aria-hidden": "true"}).text = str(mark.number)
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)
