"""The drawn overview (site/overview.py): lanes, marks, fates and key moments,
as data and as SVG read back with an XML parser."""

import datetime as dt
import xml.etree.ElementTree as ET

from conftest import LONDON
from pelican.plugins.parliament_timeline.model import Entry, Source
from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES
from pelican.plugins.parliament_timeline.records.bills import Bill
from pelican.plugins.parliament_timeline.site.overview import (
    LEFT,
    MAX_LANE_MARKS,
    PLOT_RIGHT,
    bill_fate,
    build_overview,
    mark_name,
    overview_svg,
)
from pelican.plugins.parliament_timeline.site.templating import long_date

SVG = "{http://www.w3.org/2000/svg}"
# The invented widget subject: a bill that fell and was carried into a
# second, which became an Act and came into force; a third that stopped.
OLD = Bill("old-widget-bill", "Old Widget Bill", "2023-24", "commons", "fell", "Fell.",
           carried_into="new-widget-bill")
NEW = Bill("new-widget-bill", "New Widget Bill [HL]", "2024-26", "lords", "royal-assent",
           "Became an Act.", act_title="Widget Act 2025")
STOPPED = Bill("sprocket-bill", "Sprocket Bill", "2024-26", "lords", "not-passed", "Stopped.")
OPEN = Bill("gear-bill", "Gear Bill", "2025-26", "commons", "in-progress", "Going on.")
BILLS = {b.key: b for b in (OLD, NEW, STOPPED, OPEN)}


def make(slug, day, stage, bill=None, key=False, due=False, chamber="commons"):
    return Entry(
        slug=slug, title=f"The {slug}", date=dt.datetime(*day, tzinfo=LONDON), summary="s",
        stage=STAGES[stage], chamber=CHAMBERS[chamber], bill=BILLS.get(bill),
        sources=(Source(f"https://www.gov.uk/{slug}", official=True),), zone=LONDON,
        key_moment=key, due=due,
    )


EVENTS = [
    make("2023-11-01-old-second-reading", (2023, 11, 1), "second-reading", "old-widget-bill"),
    make("2024-04-16-announcement", (2024, 4, 16), "announcement", "old-widget-bill",
         key=True, chamber="government"),
    make("2024-05-24-old-falls", (2024, 5, 24), "bill-fell", "old-widget-bill", key=True),
    make("2024-06-01-manifesto", (2024, 6, 1), "announcement", chamber="other"),
    make("2024-09-06-sprocket-first-reading", (2024, 9, 6), "first-reading", "sprocket-bill",
         chamber="lords"),
    make("2024-10-23-new-introduced", (2024, 10, 23), "first-reading", "new-widget-bill",
         chamber="lords"),
    make("2025-02-05-new-third-reading", (2025, 2, 5), "third-reading", "new-widget-bill",
         key=True, chamber="lords"),
    make("2025-02-06-new-amendment", (2025, 2, 6), "amendment-tabled", "new-widget-bill",
         key=True),
    make("2025-06-19-new-royal-assent", (2025, 6, 19), "royal-assent", "new-widget-bill",
         chamber="crown"),
    make("2026-02-06-new-in-force", (2026, 2, 6), "commencement", "new-widget-bill",
         key=True, chamber="government"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def drawn(overview=None, **kwargs):
    overview = overview or build_overview(EVENTS, BILLS)
    return parse(overview_svg(overview, lambda e: f"/events/{e.slug}/",
                              lambda d: long_date(d, LONDON),
                              "The widget rule at a glance", **kwargs))


def test_one_lane_per_bill_in_the_order_their_stories_begin_then_outside_any_bill():
    overview = build_overview(EVENTS, BILLS)
    assert [lane.key for lane in overview.lanes] == [
        "old-widget-bill", "sprocket-bill", "new-widget-bill", "none"]
    assert overview.lanes[-1].title == "Outside any bill"
    assert overview.lanes[0].title == "Old Widget Bill (2023-24)"


def test_marks_sit_at_their_dates_from_left_to_right():
    overview = build_overview(EVENTS, BILLS)
    xs = [m.x for lane in overview.lanes for m in lane.marks]
    assert all(LEFT <= x <= PLOT_RIGHT for x in xs)
    new = overview.lanes[2]
    assert [m.x for m in new.marks] == sorted(m.x for m in new.marks)
    # The axis starts on 1 January of the first event's year, and ends at the last.
    assert overview.start == dt.date(2023, 1, 1)
    assert overview.end == dt.date(2026, 2, 6)
    assert new.marks[-1].x == PLOT_RIGHT
    assert [year for year, _ in overview.years] == [2023, 2024, 2025, 2026]


def test_each_bill_ends_with_its_fate_from_its_record_and_events():
    lanes = {lane.key: lane for lane in build_overview(EVENTS, BILLS).lanes}
    assert lanes["old-widget-bill"].fate.kind == "fell"
    assert lanes["old-widget-bill"].fate.carried_into == NEW
    assert lanes["new-widget-bill"].fate.kind == "in-force"
    assert lanes["new-widget-bill"].fate.entry.slug == "2026-02-06-new-in-force"
    assert lanes["sprocket-bill"].fate.label == "Did not pass"
    assert lanes["none"].fate is None
    sentence = lanes["old-widget-bill"].fate.sentence(lambda d: long_date(d, LONDON))
    assert sentence == "fell on 24 May 2024; carried into the New Widget Bill [HL]"
    in_force = lanes["new-widget-bill"].fate.sentence(lambda d: long_date(d, LONDON))
    assert in_force == "became the Widget Act 2025; provisions in force from 6 February 2026"


def test_a_fate_without_a_deciding_event_comes_from_the_bill_record():
    assert bill_fate(NEW, [], BILLS).kind == "act"
    assert bill_fate(OLD, [], BILLS).kind == "fell"
    assert bill_fate(OPEN, [], BILLS).label == "In Parliament"


def test_the_key_moments_are_numbered_in_date_order():
    overview = build_overview(EVENTS, BILLS)
    assert [e.slug for e in overview.key_moments] == [
        "2024-04-16-announcement", "2024-05-24-old-falls", "2025-02-05-new-third-reading",
        "2025-02-06-new-amendment", "2026-02-06-new-in-force"]
    assert overview.number(EVENTS[2]) == 2
    assert overview.number(EVENTS[0]) is None


def test_the_svg_draws_every_event_as_a_link_with_an_accessible_name():
    svg = drawn()
    assert svg.tag == f"{SVG}svg"
    assert svg.get("aria-label") == "The widget rule at a glance"
    links = svg.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [
        f"/events/{e.slug}/" for e in [*EVENTS[:3], EVENTS[4], *EVENTS[5:], EVENTS[3]]]
    names = {a.get("href"): a.get("aria-label") for a in links}
    assert names["/events/2024-05-24-old-falls/"] == (
        "Key moment 2. 24 May 2024, Bill fell: The 2024-05-24-old-falls "
        "(Old Widget Bill (2023-24))")
    assert names["/events/2024-06-01-manifesto/"] == (
        "1 June 2024, Announcement: The 2024-06-01-manifesto (Outside any bill)")
    # The same name as a tooltip for the mouse.
    assert all(a.find(f"{SVG}title").text == a.get("aria-label") for a in links)
    # A shape per kind of stage, the same as the timeline's markers.
    fell = next(a for a in links if a.get("href") == "/events/2024-05-24-old-falls/")
    assert "kind-fell" in fell.get("class") and fell.find(f"{SVG}polygon") is not None
    passage = links[0]
    assert "kind-passage" in passage.get("class") and passage.find(f"{SVG}circle") is not None


def test_the_svg_labels_the_lanes_fates_and_key_moments():
    svg = drawn()
    texts = {t.get("class"): [] for t in svg.iter(f"{SVG}text")}
    for t in svg.iter(f"{SVG}text"):
        texts[t.get("class")].append(t.text)
    assert texts["ov-title"] == ["Old Widget Bill (2023-24)", "Sprocket Bill (2024-26)",
                                 "New Widget Bill [HL] (2024-26)", "Outside any bill"]
    assert texts["ov-fate"] == ["Fell", "Did not pass", "In force"]
    assert texts["ov-number"] == ["1", "2", "3", "4", "5"]
    # Lanes' texts are for the eye: assistive technology reads the marks'
    # names and the page's list.
    for g in svg.iter(f"{SVG}g"):
        if g.find(f"{SVG}text[@class='ov-title']") is not None:
            assert g.get("aria-hidden") == "true"
    # A bill carried into another: a line from its end to the other's start.
    assert len(svg.findall(f".//{SVG}path[@class='ov-carried']")) == 1


def test_key_moment_numbers_close_together_are_moved_apart():
    svg = drawn()
    numbers = [float(t.get("x")) for t in svg.iter(f"{SVG}text")
               if t.get("class") == "ov-number"]
    # Moments 3 and 4 are a day apart: their numbers do not overlap.
    assert numbers[3] - numbers[2] >= 16


def test_due_items_are_drawn_hollow_at_their_dates_after_the_events():
    due = make("2027-02-05-review-due", (2027, 2, 5), "publication", "new-widget-bill",
               due=True, chamber="government")
    overview = build_overview(EVENTS, BILLS, [due])
    new = next(lane for lane in overview.lanes if lane.key == "new-widget-bill")
    assert new.marks[-1].due and new.marks[-1].x == PLOT_RIGHT
    # A due item does not decide the fate: it has not happened.
    assert new.fate.kind == "in-force"
    link = drawn(overview).find(f".//{SVG}a[@href='/events/2027-02-05-review-due/']")
    assert "ov-due" in link.get("class")
    assert link.get("aria-label").startswith("5 February 2027, Due: ")


def test_nothing_to_draw_without_events():
    assert build_overview([], BILLS) is None


def test_a_crowded_lane_merges_close_marks_but_keeps_key_moments_and_due_items():
    # 400 debates on one bill in one year: one mark each would overlap and
    # make the page grow with every event.
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i % 366) for i in range(400)]
    events = [make(f"2024-debate-{i}", (d.year, d.month, d.day), "debate", OLD.key)
              for i, d in enumerate(days)]
    events.append(make("2024-06-01-key", (2024, 6, 1), "report", OLD.key, key=True))
    overview = build_overview(events, BILLS, [make("2027-01-01-due", (2027, 1, 1),
                                                   "publication", OLD.key, due=True)])
    [lane] = overview.lanes
    assert len(lane.marks) <= MAX_LANE_MARKS
    # Every event is drawn once, alone or in the run of a mark.
    assert sorted(e.slug for m in lane.marks for e in (m.entry, *m.more)) == sorted(
        [e.slug for e in events] + ["2027-01-01-due"])
    key = next(m for m in lane.marks if m.number)
    due = next(m for m in lane.marks if m.due)
    assert key.more == () and due.more == ()
    merged = next(m for m in lane.marks if m.more)
    name = mark_name(merged, lane, lambda d: long_date(d, LONDON))
    assert name.startswith(f"{len(merged.more) + 1} events from ")
    assert ", the first: Debate: " in name


def test_a_lane_of_few_events_draws_each_on_its_own():
    overview = build_overview(EVENTS, BILLS)
    assert all(m.more == () for lane in overview.lanes for m in lane.marks)
