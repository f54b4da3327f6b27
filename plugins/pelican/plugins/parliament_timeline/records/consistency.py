"""Checks of the whole set of entries, beyond what one file can tell.

``invoke check`` runs these after validating each file (``validate.py``):

- duplicate events: two entries on the same day resting on the same primary
  source (an error when they also have the same stage; a warning otherwise,
  since one Hansard page can record several steps of a sitting);
- a date in the future, except for stages that are announced in advance
  (``Stage.schedulable``) and for due items (``Due: yes``), which must be in
  the future: one whose day has passed is reported, to be replaced by the
  event that happened;
- a bill whose formal stages are out of order: within each House the stages
  marked ``Stage.each_house`` must follow their ``Stage.order``, and the
  stages after them (ping-pong, Royal Assent, commencement, ...) come after
  every stage in both Houses and in their own order;
- references in narratives (``references.py``) to entries, bills, stages,
  people or questions that do not exist, and links written as site paths;
- settings errors in ``TIMELINE_FEEDS``.

These checks are not run by the build: "the future" depends on the day the
check runs, and builds must not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlunsplit

from ..linkschemes import is_site_path
from ..manual import see
from ..model import Entry
from ..procedure import Stage
from ..urls import web_url
from .parse import RawEntry
from .references import KINDS, find_links, parse_reference
from .validate import Problem

if TYPE_CHECKING:  # the vocabulary is built from records: no import circle
    from ..vocabulary import Vocabulary


def today_in(zone: dt.tzinfo) -> dt.date:
    """The current day in ``zone`` (the site's TIMEZONE): "today" for the checks."""
    return dt.datetime.now(zone).date()


class _Lines:
    """Finds the line of a field in an entry's file, for messages."""

    def __init__(self, raws: Mapping[str, RawEntry]):
        self.raws = raws

    def __call__(self, entry: Entry, key: str) -> int:
        raw = self.raws.get(entry.source_path or "")
        field = raw.fields.get(key) if raw else None
        return field.line if field else 1


def _where(entry: Entry) -> str:
    return entry.source_path or entry.slug


def _source_key(url: str) -> str:
    """A URL compared loosely: host case, a trailing slash and fragment ignored."""
    parsed = web_url(url)
    if parsed is None:
        return url
    path = parsed.path.rstrip("/") or "/"
    host = f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host
    return urlunsplit((parsed.scheme, host, path, parsed.query[1:], ""))


def duplicate_events(entries: Sequence[Entry], line: Callable[[Entry, str], int]) -> list[Problem]:
    """Entries on the same day with the same primary source.

    The later file (in path order) is reported, naming the earlier one.
    """
    problems = []
    first: dict[tuple[dt.date, str], list[Entry]] = {}
    for e in sorted(entries, key=_where):
        key = (e.day, _source_key(e.primary_source.url))
        for other in first.get(key, []):
            same_stage = other.stage.key == e.stage.key
            problems.append(Problem(
                _where(e), line(e, "sources"),
                f"{'duplicate' if same_stage else 'possible duplicate'} event: "
                f"same date ({e.day.isoformat()}), "
                f"{'stage' if same_stage else 'but not stage'} and primary source "
                f"as {_where(other)}",
                "duplicate-event", severity="error" if same_stage else "warning"))
        first.setdefault(key, []).append(e)
    return problems


def future_dates(
    entries: Iterable[Entry], today: dt.date, line: Callable[[Entry, str], int],
    stages: Mapping[str, Stage],
) -> list[Problem]:
    """Entries dated after ``today`` whose stage cannot be scheduled."""
    schedulable = ", ".join(k for k, s in stages.items() if s.schedulable)
    return [
        Problem(_where(e), line(e, "date"),
                f"the date {e.day.isoformat()} is in the future (today is "
                f"{today.isoformat()}); only these stages may be dated ahead: {schedulable}",
                "future-date")
        for e in entries
        if e.day > today and not e.stage.schedulable and not e.due
    ]


def past_due_items(entries: Iterable[Entry], today: dt.date,
                   line: Callable[[Entry, str], int]) -> list[Problem]:
    """Due items whose day has passed: the story should now say what happened."""
    return [
        Problem(_where(e), line(e, "due"),
                f"this item was due on {e.day.isoformat()}, which has passed (today is "
                f"{today.isoformat()}): add the event that happened and remove this item "
                "(it has left the site's \"What's next\")", "past-due", severity="warning")
        for e in entries
        if e.due and e.day < today
    ]


def _before(a: Entry, b: Entry) -> bool:
    """Whether ``a`` certainly happened before ``b``.

    Two events on the same day are ordered only when both have a time.
    """
    if a.day != b.day:
        return a.day < b.day
    return a.has_time and b.has_time and a.date < b.date


def stages_out_of_order(
    entries: Iterable[Entry], line: Callable[[Entry, str], int]
) -> list[Problem]:
    """Bills whose formal stages happened in an impossible order.

    Each entry is compared with the furthest stage reached before it: in its
    own House for a stage each House takes, in the whole bill otherwise.
    """
    problems = []
    by_bill: dict[str, list[Entry]] = {}
    for e in entries:
        if e.bill is not None and e.stage.order is not None:
            by_bill.setdefault(e.bill.key, []).append(e)
    for key in sorted(by_bill):
        ordered = sorted(by_bill[key], key=lambda e: (e.date, e.stage.order, e.slug))
        for i, e in enumerate(ordered):
            earlier = [
                o for o in ordered[:i]
                if _before(o, e)
                and (not o.stage.each_house or not e.stage.each_house
                     or o.chamber.key == e.chamber.key)
            ]
            furthest = max(earlier, key=lambda o: o.stage.order, default=None)
            if furthest is None or furthest.stage.order <= e.stage.order:
                continue
            house = f" in the {e.chamber.label}" if e.stage.each_house else ""
            problems.append(Problem(
                _where(e), line(e, "stage"),
                f"stage '{e.stage.key}'{house} on {e.day.isoformat()} comes after "
                f"'{furthest.stage.key}' on {furthest.day.isoformat()} "
                f"({_where(furthest)}) for bill '{key}'; a bill's stages "
                "go in order" + (" within each House" if e.stage.each_house else ""), "stage-order",
            ))
    return problems


def known_keys(vocabulary: Vocabulary, events: Iterable[str]) -> dict[str, set[str]]:
    """What each kind of reference may name: ``events`` are the events' ids."""
    return {"entry": set(events), "bill": set(vocabulary.bills),
            "stage": set(vocabulary.stages), "person": set(vocabulary.people),
            "question": set(vocabulary.questions)}


def reference_problems(path: str, body: str, first_line: int,
                       known: Mapping[str, set[str]]) -> list[Problem]:
    """References in a Markdown body (whose first line is ``first_line``) to what is missing.

    A link written as a path on this site (``/events/x/``, ``../x/``) is a
    warning: it breaks when the site is published under a sub-folder.
    """
    problems = []
    for link in find_links(body, first_line):
        ref = parse_reference(link.target)
        if ref is not None:
            if ref.kind not in KINDS:
                problems.append(Problem(path, link.line,
                                        f"unknown reference kind '{{{ref.kind}}}' in "
                                        f"'{link.target}' (use {{entry}}, {{bill}}, "
                                        "{stage}, {person} or {question})", "reference"))
            elif ref.key not in known[ref.kind]:
                problems.append(Problem(path, link.line,
                                        f"'{link.target}': there is no {ref.kind} "
                                        f"'{ref.key}'", "reference"))
        elif is_site_path(link.target):
            problems.append(Problem(
                path, link.line,
                f"link '{link.target}' is a path on this site: write "
                "{entry}<id>, {bill}<key> or {stage}<key> instead "
                f"({see('entry-format')})", "reference", severity="warning"))
    return problems


def unknown_references(
    entries: Iterable[Entry], raws: Mapping[str, RawEntry], vocabulary: Vocabulary
) -> list[Problem]:
    """References in narratives to missing entries, bills, stages, people or questions."""
    entries = list(entries)
    known = known_keys(vocabulary, (e.slug for e in entries))
    problems = []
    for e in entries:
        raw = raws.get(e.source_path or "")
        if raw is not None:
            problems.extend(reference_problems(raw.path, raw.body, raw.body_line, known))
    return problems


def story_references(vocabulary: Vocabulary, events: Iterable[str]) -> list[Problem]:
    """References in the questions' stories to missing events, bills, stages, people..."""
    known = known_keys(vocabulary, events)
    return [p for q in vocabulary.questions.values()
            for p in reference_problems(q.source_path or q.key, q.body, q.body_line, known)]


def check_entry_set(
    entries: Sequence[Entry],
    raws: Mapping[str, RawEntry],
    vocabulary: Vocabulary,
    today: dt.date | None = None,
) -> list[Problem]:
    """Every whole-set problem of valid entries.

    ``raws`` maps each entry's ``source_path`` to its file as read, for line
    numbers and narratives; ``today`` defaults to the current day in the
    vocabulary's time zone.
    """
    today = today or today_in(vocabulary.zone)
    line = _Lines(raws)
    return (
        duplicate_events(entries, line)
        + future_dates(entries, today, line, vocabulary.stages)
        + past_due_items(entries, today, line)
        # A due item has not happened: the order of what did is checked.
        + stages_out_of_order([e for e in entries if not e.due], line)
        + unknown_references(entries, raws, vocabulary)
    )


def set_problems(
    entries: Sequence[Entry],
    raws: Mapping[str, RawEntry],
    vocabulary: Vocabulary,
    events: Iterable[str],
    today: dt.date | None = None,
) -> list[Problem]:
    """The checks of the whole set of records that `invoke check` and the strict build run.

    :func:`check_entry_set` on the valid entries, and the references in the
    questions' stories (``events``: the id of every entry file).
    """
    return check_entry_set(entries, raws, vocabulary, today) + story_references(
        vocabulary, events)

