"""Division records: one Markdown file per recorded vote in ``content/divisions/<key>.md``.

    House: lords
    Date: 2024-05-15
    Question: That amendment 8 be agreed to
    Contents: 221
    Not-contents: 207
    Result: agreed
    Event: 2024-05-15-report-stage
    Vote-for: to allow prison sentences for selling unsafe widgets
    Vote-against: to keep the penalty to a fine
    Sources: https://lordsvotes.parliament.uk/... | Division (Lords Votes)

Counts are never guessed: a division whose counts were not seen has none,
and its page says so. ``Division-id`` names the division in its House's
Votes API (or the votes.parliament.uk address in ``Sources`` does): the
committed snapshot then gives its page the party split and every member's
vote, and ``invoke check`` compares the record with it (records/official.py).
An imported division is a draft (``Status: draft``) until an editor says
what a vote meant and links it to its event. The amendment in ``Decides`` and the event in
``Event`` are checked with the whole set (records/debate.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Division
from ..procedure import DIVISION_RESULTS
from .common import (
    count_field,
    date_field,
    declared_extra,
    event_ref,
    has_errors,
    id_field,
    people_list,
    questions_field,
    record_key,
    record_ref,
    sources_field,
    status_field,
    text_field,
)
from .kinds import DIVISION
from .parse import RawEntry
from .problems import Problem, RecordChecker

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

# Each House's names for its lobbies, as fields: (for, against).
COUNT_FIELDS = {"commons": ("ayes", "noes"), "lords": ("contents", "not-contents")}
# A division's number as the House records it: ASCII digits only (str.isdigit
# would take "²" or Arabic-Indic digits, which no record holds).
NUMBER_RE = re.compile(r"[0-9]{1,6}")




def field_name(key: str) -> str:
    """A field's name as editors write it: 'Not-contents', 'Vote-for', 'Division-id'."""
    return DIVISION.display(key)


def build_division(raw: RawEntry, vocabulary: Vocabulary
                   ) -> tuple[Division | None, list[Problem]]:
    """Validate a raw division record; returns it (None on any error) and its problems."""
    c = RecordChecker(raw, DIVISION.single_line)
    key = record_key(c)
    c.check_fields(DIVISION.required, DIVISION.optional, field_name)
    draft = status_field(c)
    if not draft:
        first = min((f.line for f in raw.fields.values()), default=1)
        for name in DIVISION.ready_required:
            if name not in raw.fields:
                c.error("missing-field", first,
                        f"missing required field '{field_name(name)}' (only a draft, "
                        "'Status: draft', may leave it out)")
    division_id = id_field(c, "division-id")
    house = c.choice_key("house", vocabulary.houses, "Houses")
    date = date_field(c, "date")
    number = c.single("number")
    if number is not None and not NUMBER_RE.fullmatch(number[0]):
        c.error("bad-number", number[1],
                f"'Number' is the division's number as recorded, in digits 0-9, "
                f"not '{number[0]}'")
        number = None
    question = text_field(c, "question")
    result = c.choice_key("result", DIVISION_RESULTS, "results")
    counts: tuple[int | None, int | None] = (None, None)
    if house is not None:
        for other, names in COUNT_FIELDS.items():
            if other == house:
                continue
            for name in names:
                if (f := c.field(name)) is not None:
                    c.error("wrong-house", f.line,
                            f"'{f.key}' is the {vocabulary.houses[other]}'s; the "
                            f"{vocabulary.houses[house]} counts in "
                            f"{' and '.join(field_name(n) for n in COUNT_FIELDS[house])}")
        ayes, noes = COUNT_FIELDS[house]
        counts = (count_field(c, ayes), count_field(c, noes))
        given = [n for n in (ayes, noes) if c.field(n) is not None]
        if len(given) == 1:
            c.error("bad-value", c.field(given[0]).line,
                    "give both counts or neither (leave both out when "
                    "they were not seen)")
        elif None not in counts and result is not None:
            carried = counts[0] > counts[1]
            if counts[0] == counts[1]:
                c.warn("tie", c.field(ayes).line, "a tie: check the record for how it was resolved")
            elif carried != (result == "agreed"):
                c.error("contradiction", c.field("result").line,
                        f"the result '{result}' does not match the "
                        f"counts ({counts[0]} to {counts[1]})")
    decides = record_ref(c, "decides")
    event = None
    if (found := c.single("event")) is not None:
        event = event_ref(c, found[1], found[0])
        if event is not None and date is not None and not event.startswith(date.isoformat()):
            c.error("contradiction", found[1],
                    f"the event '{event}' is not on the division's date ({date})")
    vote_for = text_field(c, "vote-for")
    vote_against = text_field(c, "vote-against")
    tellers_for = people_list(c, "tellers-for", vocabulary)
    tellers_against = people_list(c, "tellers-against", vocabulary)
    questions = questions_field(c, vocabulary)
    sources = sources_field(c, vocabulary, official_first=False)
    unverified = text_field(c, "unverified")
    extra = declared_extra(c, DIVISION)
    if has_errors(c):
        return None, c.problems
    return Division(
        key=key, house=house, date=date, question=question, result=result, event=event,
        vote_for=vote_for, vote_against=vote_against, sources=sources,
        number=number[0] if number else None, votes_for=counts[0], votes_against=counts[1],
        decides=decides, tellers_for=tellers_for, tellers_against=tellers_against,
        questions=questions, unverified=unverified, notes=raw.body.strip(),
        division_id=division_id, draft=draft, source_path=raw.path,
        lines={k: f.line for k, f in raw.fields.items()}, extra=extra,
    ), c.problems
