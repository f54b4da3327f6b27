"""Reading the records of the debate together, and the links between them.

People and questions come first (the others name them), then amendments,
divisions and versions; each file is checked on its own
(records/<kind>.py), then the keys records give one another are checked
here: a division an amendment names, the amendment a division decides, what
replaced an amendment, the amendment a version was moved as, and the events
they name (once the events are read: :func:`check_event_links`).
"""

from __future__ import annotations

import os
from collections.abc import Collection
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
            display_root, ignore)
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
    return vocabulary, problems


def _problem(record, key: str, message: str, severity: str = "error") -> Problem:
    return Problem(record.source_path or record.key, record.lines.get(key, 1), message,
                   severity)


def check_record_links(vocabulary: Vocabulary) -> list[Problem]:
    """Keys that amendments, divisions and versions give one another, checked."""
    amendments, divisions, versions = (vocabulary.amendments, vocabulary.divisions,
                                       vocabulary.versions)
    problems = []

    def broken(kind: str, key: str) -> bool:
        return (kind, key) in vocabulary.broken

    def unknown(record, field: str, what: str, key: str, known) -> Problem:
        return _problem(record, field, f"unknown {what} '{key}' ({what}s are: "
                        f"{choices(known) or 'none'})")

    for a in amendments.values():
        if a.division is not None and not broken("divisions", a.division):
            d = divisions.get(a.division)
            if d is None:
                problems.append(unknown(a, "division", "division", a.division, divisions))
            elif d.decides not in (None, a.key):
                problems.append(_problem(a, "division", f"division '{d.key}' decides "
                                         f"'{d.decides}', not this amendment"))
            elif d.house != a.house:
                problems.append(_problem(a, "division", f"division '{d.key}' is of the "
                                         f"{vocabulary.houses[d.house]}, the amendment of the "
                                         f"{vocabulary.houses[a.house]}"))
        if a.replaced_by is not None:
            if a.replaced_by == a.key:
                problems.append(_problem(a, "replaced-by", "an amendment cannot replace itself"))
            elif (a.replaced_by not in amendments and a.replaced_by not in versions
                  and not broken("amendments", a.replaced_by)
                  and not broken("versions", a.replaced_by)):
                problems.append(_problem(a, "replaced-by", f"'{a.replaced_by}' is neither an "
                                         "amendment nor a version of the wording"))
    for d in divisions.values():
        if d.decides is not None and not broken("amendments", d.decides):
            a = amendments.get(d.decides)
            if a is None:
                problems.append(unknown(d, "decides", "amendment", d.decides, amendments))
            elif a.division not in (None, d.key):
                problems.append(_problem(d, "decides", f"amendment '{a.key}' names another "
                                         f"division, '{a.division}'"))
    for v in versions.values():
        if v.follows not in (None, NO_VERSION) and not broken("versions", v.follows):
            before = versions.get(v.follows)
            if before is None or before.key == v.key:
                problems.append(_problem(v, "follows", f"'Follows' names '{v.follows}', which "
                                         "is not another version (give a version's key, or "
                                         f"{NO_VERSION} for the first text of a provision)"))
            elif (before.date, before.key) > (v.date, v.key):
                problems.append(_problem(v, "follows", f"'Follows' names '{v.follows}', a "
                                         f"later version ({before.date})"))
        if (v.amendment is not None and v.amendment not in amendments
                and not broken("amendments", v.amendment)):
            problems.append(unknown(v, "amendment", "amendment", v.amendment, amendments))
    return problems


def check_event_links(vocabulary: Vocabulary, events: Collection[str]) -> list[Problem]:
    """The events that amendments and divisions name must exist (``events``: their ids)."""
    problems = []
    for a in vocabulary.amendments.values():
        for slug in a.events:
            if slug not in events:
                problems.append(_problem(a, "events", f"unknown event '{slug}' (no entry "
                                         "file has that name)"))
    for d in vocabulary.divisions.values():
        if d.event is not None and d.event not in events:
            problems.append(_problem(d, "event", f"unknown event '{d.event}' (no entry file "
                                     "has that name)"))
    return problems
