"""Reading the records of the debate together, and the links between them.

People and questions come first (the others name them), then amendments,
divisions and versions; each file is checked on its own
(records/<kind>.py), then the keys records give one another are checked
here: a division an amendment names, the amendment a division decides, what
replaced an amendment, the amendment a version was moved as, and the events
they name (once the events are read: :func:`check_event_links`).

Then what the records say of one another must agree
(:func:`check_contradictions`, and the events in :func:`check_event_links`):
an amendment and the division that decided it (its result, House, day, and
the day it was tabled), one division per amendment and one amendment per
division, no circle of amendments replacing one another, one enacted text
per provision, dates of enactment, commencement and revision in order, and
a version moved as an amendment of its own bill, not dated before it was
tabled.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from .amendments import build_amendment
from .common import read_records
from .divisions import build_division
from .files import DEFAULT_IGNORE
from .people import build_person
from .problems import Problem, choices
from .questions import build_question
from .versions import NO_VERSION, build_version

if TYPE_CHECKING:
    from ..model import Entry
    from ..settings import TimelineSettings
    from ..vocabulary import Vocabulary


def read_debate_records(content: str, ts: TimelineSettings, vocabulary: Vocabulary,
                        display_root: str | None = None, ignore=DEFAULT_IGNORE
                        ) -> tuple[Vocabulary, list[Problem]]:
    """Read people, questions, amendments, divisions and versions into the vocabulary.

    Returns the vocabulary with every good record, and every problem found
    (in each file, and in the links between records).
    """
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()

    def read(kind, folder, build):
        found, found_problems, bad = read_records(
            os.path.join(content, folder), partial(build, vocabulary=vocabulary),
            display_root, ignore, content)
        problems.extend(found_problems)
        broken.update((kind, key) for key in bad)
        return found

    people = read("people", ts.people_path, build_person)
    vocabulary = replace(vocabulary, people=people, broken=frozenset(broken))
    questions = read("questions", ts.questions_path, build_question)
    vocabulary = replace(vocabulary, questions=questions, broken=frozenset(broken))
    vocabulary = replace(
        vocabulary,
        amendments=read("amendments", ts.amendments_path, build_amendment),
        divisions=read("divisions", ts.divisions_path, build_division),
        versions=read("versions", ts.versions_path, build_version),
    )
    vocabulary = replace(vocabulary, broken=frozenset(broken))
    problems.extend(check_record_links(vocabulary))
    problems.extend(check_contradictions(vocabulary))
    return vocabulary, problems


def _problem(code: str, record, key: str, message: str) -> Problem:
    """An error of ``code`` at the line of the record's field ``key``."""
    return Problem(record.source_path or record.key, record.lines.get(key, 1), message, code)


def check_record_links(vocabulary: Vocabulary) -> list[Problem]:
    """Keys that amendments, divisions and versions give one another, checked."""
    amendments, divisions, versions = (vocabulary.amendments, vocabulary.divisions,
                                       vocabulary.versions)
    problems = []

    def broken(kind: str, key: str) -> bool:
        return (kind, key) in vocabulary.broken

    def unknown(record, field: str, what: str, key: str, known) -> Problem:
        return _problem("unknown-record", record, field, f"unknown {what} '{key}' ({what}s are: "
                        f"{choices(known) or 'none'})")

    for a in amendments.values():
        if a.division is not None and not broken("divisions", a.division):
            d = divisions.get(a.division)
            if d is None:
                problems.append(unknown(a, "division", "division", a.division, divisions))
            elif d.decides not in (None, a.key):
                problems.append(_problem("contradiction", a, "division",
                                         f"division '{d.key}' decides "
                                         f"'{d.decides}', not this amendment"))
            elif d.house != a.house:
                problems.append(_problem("wrong-house", a, "division",
                                         f"division '{d.key}' is of the "
                                         f"{vocabulary.houses[d.house]}, the amendment of the "
                                         f"{vocabulary.houses[a.house]}"))
        if a.replaced_by is not None:
            if a.replaced_by == a.key:
                problems.append(_problem("loop", a, "replaced-by",
                                         "an amendment cannot replace itself"))
            elif (a.replaced_by not in amendments and a.replaced_by not in versions
                  and not broken("amendments", a.replaced_by)
                  and not broken("versions", a.replaced_by)):
                problems.append(_problem("unknown-record", a, "replaced-by",
                                         f"'{a.replaced_by}' is neither an "
                                         "amendment nor a version of the wording"))
    for d in divisions.values():
        if d.decides is not None and not broken("amendments", d.decides):
            a = amendments.get(d.decides)
            if a is None:
                problems.append(unknown(d, "decides", "amendment", d.decides, amendments))
            elif a.division not in (None, d.key):
                problems.append(_problem("contradiction", d, "decides",
                                         f"amendment '{a.key}' names another "
                                         f"division, '{a.division}'"))
    for v in versions.values():
        if v.follows not in (None, NO_VERSION) and not broken("versions", v.follows):
            before = versions.get(v.follows)
            if before is None or before.key == v.key:
                problems.append(_problem("unknown-record", v, "follows",
                                         f"'Follows' names '{v.follows}', which "
                                         "is not another version (give a version's key, or "
                                         f"{NO_VERSION} for the first text of a provision)"))
            elif (before.date, before.key) > (v.date, v.key):
                problems.append(_problem("contradiction", v, "follows",
                                         f"'Follows' names '{v.follows}', a "
                                         f"later version ({before.date})"))
        if (v.amendment is not None and v.amendment not in amendments
                and not broken("amendments", v.amendment)):
            problems.append(unknown(v, "amendment", "amendment", v.amendment, amendments))
    return problems


# What the result of the division that decided an amendment must be, by its
# decision. (A House "disagrees" in ping-pong on a motion put either way, so
# that decision fits either result.)
_DIVISION_RESULT = {"agreed-on-division": "agreed", "negatived-on-division": "not-agreed"}


def _decided_pairs(vocabulary: Vocabulary) -> list[tuple]:
    """Each (amendment, division) that name one another (from either side), once."""
    pairs = {}
    for a in vocabulary.amendments.values():
        if a.division in vocabulary.divisions:
            pairs[(a.key, a.division)] = (a, vocabulary.divisions[a.division])
    for d in vocabulary.divisions.values():
        if d.decides in vocabulary.amendments:
            pairs[(d.decides, d.key)] = (vocabulary.amendments[d.decides], d)
    return [pairs[k] for k in sorted(pairs)]


def check_contradictions(vocabulary: Vocabulary) -> list[Problem]:
    """What amendments, divisions and versions say of one another, where they disagree.

    Only records that read well on their own are compared (a key that names
    nothing is :func:`check_record_links`' to report).
    """
    amendments, divisions, versions = (vocabulary.amendments, vocabulary.divisions,
                                       vocabulary.versions)
    houses = vocabulary.houses
    problems = []
    for a, d in _decided_pairs(vocabulary):
        decision = a.decision
        if not decision.on_division:
            problems.append(_problem("contradiction", d, "decides",
                                     f"'{a.key}' was {decision.label.lower()} "
                                     f"('{decision.key}'), not decided on a division"))
        elif _DIVISION_RESULT.get(decision.key, d.result) != d.result:
            problems.append(_problem("contradiction", a, "decision",
                                     f"the decision '{decision.key}' does not "
                                     f"match the result of division '{d.key}' "
                                     f"({d.result_label.lower()})"))
        if a.division is None and d.house != a.house:
            problems.append(_problem("wrong-house", d, "decides",
                                     f"'{a.key}' is an amendment in the "
                                     f"{houses[a.house]}, the division of the {houses[d.house]}"))
        if a.decided is not None and a.decided != d.date:
            problems.append(_problem("contradiction", a, "decided",
                                     f"decided on {a.decided}, but division "
                                     f"'{d.key}' that decided it was on {d.date}"))
        if a.tabled is not None and d.date < a.tabled:
            problems.append(_problem("contradiction", d, "date",
                                     f"the division ({d.date}) is dated before "
                                     f"'{a.key}' was tabled ({a.tabled})"))
    by_division: dict[str, str] = {}
    for a in amendments.values():
        if a.division is None:
            continue
        if a.division in by_division:
            problems.append(_problem("contradiction", a, "division",
                                     f"division '{a.division}' already decides "
                                     f"'{by_division[a.division]}': a division decides one "
                                     "question"))
        else:
            by_division[a.division] = a.key
    by_amendment: dict[str, str] = {}
    for d in divisions.values():
        if d.decides is None:
            continue
        if d.decides in by_amendment:
            problems.append(_problem("contradiction", d, "decides",
                                     f"'{d.decides}' is already decided by "
                                     f"division '{by_amendment[d.decides]}'"))
        else:
            by_amendment[d.decides] = d.key
    problems.extend(_replacement_circles(amendments))
    enacted: dict[tuple, str] = {}
    for v in sorted(versions.values(), key=lambda v: (v.date, v.key)):
        if v.enacted:
            provision = (v.bill.key if v.bill else None, " ".join(v.provision.lower().split()))
            if provision in enacted:
                problems.append(_problem("contradiction", v, "enacted",
                                         f"'{enacted[provision]}' is already "
                                         f"the enacted text of {v.provision}: a provision is "
                                         "enacted once (give later changes 'Up-to-date')"))
            else:
                enacted[provision] = v.key
        for name, when in (("in-force", v.in_force), ("up-to-date", v.up_to_date)):
            if when is not None and when < v.date:
                problems.append(_problem("contradiction", v, name,
                                         f"'{name.capitalize()}' ({when}) is before "
                                         f"the version's date ({v.date})"))
        a = amendments.get(v.amendment) if v.amendment else None
        if a is not None:
            if v.bill is not None and v.bill.key != a.bill.key:
                problems.append(_problem("contradiction", v, "amendment",
                                         f"'{a.key}' is an amendment to "
                                         f"{a.bill.title}, this version of {v.bill.title}"))
            if a.tabled is not None and v.date < a.tabled:
                problems.append(_problem("contradiction", v, "date",
                                         f"dated {v.date}, before '{a.key}', which "
                                         f"it was moved as, was tabled ({a.tabled})"))
    return problems


def _replacement_circles(amendments) -> list[Problem]:
    """Amendments that, through ``Replaced-by``, end up replacing themselves."""
    problems = []
    reported: set[str] = set()
    for start in amendments.values():
        path = [start.key]
        step = start.replaced_by
        while step in amendments and step not in path:
            path.append(step)
            step = amendments[step].replaced_by
        if step == start.key and len(path) > 1 and not reported & set(path):
            reported.update(path)
            circle = " -> ".join([*path, start.key])
            problems.append(_problem("loop", start, "replaced-by", f"'Replaced-by' goes round in a "
                                     f"circle: {circle}"))
    return problems


def check_event_links(vocabulary: Vocabulary, events: Collection[str],
                      entries: Iterable[Entry] = ()) -> list[Problem]:
    """The events that amendments and divisions name must exist (``events``: their ids).

    With ``entries`` (the events that read well), a division must also agree
    with its event: the event's House, and the bill of the amendment it
    decides.
    """
    problems = []
    by_slug = {e.slug: e for e in entries}
    for d in vocabulary.divisions.values():
        event = by_slug.get(d.event)
        if event is None:
            continue
        if event.chamber.key in vocabulary.houses and event.chamber.key != d.house:
            problems.append(_problem("wrong-house", d, "event", f"the event '{d.event}' is in the "
                                     f"{event.chamber.label}, the division of the "
                                     f"{vocabulary.houses[d.house]}"))
        a = vocabulary.amendments.get(d.decides) if d.decides else None
        if a is not None and event.bill is not None and event.bill.key != a.bill.key:
            problems.append(_problem("contradiction", d, "decides", f"'{a.key}' is an amendment to "
                                     f"{a.bill.title}, but the division's event is on "
                                     f"{event.bill.title}"))
    for a in vocabulary.amendments.values():
        for slug in a.events:
            if slug not in events:
                problems.append(_problem("unknown-record", a, "events",
                                         f"unknown event '{slug}' (no entry "
                                         "file has that name)"))
    for d in vocabulary.divisions.values():
        if d.event is not None and d.event not in events:
            problems.append(_problem("unknown-record", d, "event",
                                     f"unknown event '{d.event}' (no entry file "
                                     "has that name)"))
    return problems
