"""Amendment records: one Markdown file per amendment in ``content/amendments/<key>.md``.

    Title: Safety label on widgets
    Bill: widget-safety-bill-2023-24
    House: commons
    Stage: report
    Number: NC1
    Mover: jane-widget
    Decided: 2024-05-15
    Decision: withdrawn
    Events: 2024-05-15-report-stage
    Sources: https://bills.parliament.uk/... | Amendment paper

    The text as printed, word for word (empty: not seen).

The keys an amendment names in ``Division`` and ``Replaced-by``, and the
events in ``Events``, are checked with the whole set (records/debate.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Amendment
from ..procedure import DECISIONS
from .common import (
    date_field,
    declared_extra,
    event_ref,
    has_errors,
    list_field,
    people_list,
    person_ref,
    questions_field,
    record_key,
    record_ref,
    sources_field,
    text_field,
)
from .kinds import AMENDMENT
from .parse import RawEntry
from .problems import Problem, RecordChecker

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

# As printed: 7, 7A, 12G, NC1; letters and digits.
NUMBER_RE = re.compile(r"^[A-Za-z]{0,3}[0-9]+[A-Za-z]{0,3}$")




def build_amendment(raw: RawEntry, vocabulary: Vocabulary
                    ) -> tuple[Amendment | None, list[Problem]]:
    """Validate a raw amendment record; returns it (None on any error) and its problems."""
    c = RecordChecker(raw, AMENDMENT.single_line)
    key = record_key(c)
    c.check_fields(AMENDMENT.required, AMENDMENT.optional, AMENDMENT.display)
    title = c.single("title")
    bill = c.choice("bill", vocabulary.bills, "bills")
    house = c.choice_key("house", vocabulary.houses, "Houses")
    stage = c.choice("stage", vocabulary.stages, "stages")
    number = c.single("number")
    if number is not None and not NUMBER_RE.match(number[0]):
        c.error("bad-value", number[1],
                f"bad number '{number[0]}': give it as printed, e.g. 7, 7A, "
                "12G or NC1 for a new clause")
    decision = c.choice("decision", DECISIONS, "decisions")
    mover = None
    if (found := c.single("mover")) is not None:
        mover = person_ref(c, found[1], found[0], vocabulary, "mover")
    supporters = people_list(c, "supporters", vocabulary)
    tabled = date_field(c, "tabled")
    decided = date_field(c, "decided")
    division = record_ref(c, "division")
    replaced_by = record_ref(c, "replaced-by")
    if decision is not None:
        line = c.field("decision").line
        if decision.on_division and c.field("division") is None:
            c.error("missing-field", line,
                    f"a decision '{decision.key}' names its division: add 'Division: "
                    "<key>' (a record in content/divisions/, with 'Counts not seen' if so)")
        if not decision.on_division and division is not None:
            c.error("contradiction", c.field("division").line,
                    f"the decision '{decision.key}' was not on a "
                    "division: use the '-on-division' decision, or remove 'Division'")
        if decision.key == "pending" and decided is not None:
            c.error("contradiction", c.field("decided").line,
                    "a 'pending' amendment has not been decided: "
                    "remove 'Decided', or give the decision")
        if decision.key != "pending" and decided is None and decision.key != "not-known":
            c.error("missing-field", line,
                    f"a decision '{decision.key}' needs the day it was made: add "
                    "'Decided: YYYY-MM-DD'")
    if tabled and decided and decided < tabled:
        c.error("contradiction", c.field("decided").line,
                f"decided ({decided}) before it was tabled ({tabled})")
    events = [e for e in (event_ref(c, line, text) for line, text in list_field(c, "events"))
              if e is not None]
    questions = questions_field(c, vocabulary)
    statement = text_field(c, "statement")
    sources = sources_field(c, vocabulary, official_first=False)
    unverified = text_field(c, "unverified")
    extra = declared_extra(c, AMENDMENT)
    if has_errors(c):
        return None, c.problems
    return Amendment(
        key=key, title=title[0], bill=bill, house=house, stage=stage,
        number=number[0] if number else None,
        decision=decision, events=tuple(events), sources=sources, mover=mover,
        supporters=supporters, tabled=tabled, decided=decided, division=division,
        replaced_by=replaced_by, questions=questions, statement=statement,
        text=raw.body.strip(), unverified=unverified, source_path=raw.path,
        lines={k: f.line for k, f in raw.fields.items()}, extra=extra,
    ), c.problems
