"""Amendment records (records/amendments.py): content/amendments/<key>.md."""

from __future__ import annotations

import datetime as dt

import pytest

from debate_records import checked, fixture_records
from pelican.plugins.parliament_timeline.model import Person, QuestionRef
from pelican.plugins.parliament_timeline.records.amendments import build_amendment

PATH = "content/amendments/wsb-nc2.md"
BASE = """\
Title: Safety label on widgets
Bill: widget-safety-bill-2023-24
House: commons
Stage: report
Number: NC2
Decision: withdrawn
Decided: 2024-05-15
Events: 2024-05-15-report-stage
Sources: https://bills.parliament.uk/bills/99902/publications
"""


def test_the_fixture_amendment_has_every_field():
    a = fixture_records().amendments["wsb-nc1"]
    assert a.label == "New clause 1"
    assert (a.bill.key, a.house, a.stage.key, a.number) == (
        "widget-safety-bill-2023-24", "commons", "report", "NC1")
    assert a.mover == Person("Jane Widget", "mover", "jane-widget")
    assert a.supporters == (Person("Lord Sprocket", None, "lord-sprocket"),)
    assert (a.tabled, a.decided) == (dt.date(2024, 5, 10), dt.date(2024, 5, 15))
    assert a.decision.key == "agreed-on-division" and a.decision.made
    assert a.division == "2024-05-15-commons-nc1"
    assert a.events == ("2024-05-15-report-stage",)
    assert a.questions == (QuestionRef("licence-or-label", "label"),)
    assert a.statement == "This new clause requires a safety label on every widget sold."
    assert a.text.startswith("(1) A person who sells a widget without a safety label")
    other = fixture_records().amendments["wsb-amendment-7"]
    assert other.label == "Amendment 7"
    assert other.mover == Person("Sam Cog", "mover", "sam-cog")
    assert other.text == "" and other.replaced_by == "wsb-nc1"


def test_a_plain_name_warns_and_an_unknown_key_is_an_error():
    _, problems = checked(build_amendment, BASE + "Mover: Jane Widget\nSupporters: "
                          "lord-sprocket, lord-spocket\n", PATH)
    assert problems == [
        f"{PATH}:10: warning: 'Jane Widget' is not a person's key: give the key of a record "
        "in content/people/ so the name links to their page",
        f"{PATH}:11: unknown person 'lord-spocket' (add content/people/lord-spocket.md, or "
        "check the spelling of the key)",
    ]


@pytest.mark.parametrize("field, value, message", [
    ("Decision", "agreed-on-division", "a decision 'agreed-on-division' names its division: "
     "add 'Division: <key>' (a record in content/divisions/, with 'Counts not seen' if so)"),
    ("Division", "2024-05-15-commons-nc1", "the decision 'withdrawn' was not on a division: "
     "use the '-on-division' decision, or remove 'Division'"),
    ("Decision", "rejected", "unknown decision 'rejected' (decisions are: agreed, "
     "agreed-on-division, negatived, negatived-on-division, withdrawn, not-moved, "
     "not-pressed, disagreed, disagreed-on-division, pending, not-known)"),
    ("Number", "clause one", "bad number 'clause one': give it as printed, e.g. 7, 7A, "
     "12G or NC1 for a new clause"),
    ("Tabled", "2024-05-20", "decided (2024-05-15) before it was tabled (2024-05-20)"),
    ("Questions", "penalties:life", "question 'penalties' has no side 'life' (its sides "
     "are: fine-only, prison)"),
    ("Questions", "pricing", "unknown question 'pricing' (questions are: "
     "licence-or-label, penalties)"),
    ("Events", "report stage", "'report stage' is not an event's id (its file name "
     "without .md)"),
    ("Replaced-by", "Amendment 9", "'Replaced-by' takes a record's key (lower-case "
     "letters, digits and hyphens), not 'Amendment 9'"),
])
def test_each_mistake_is_reported_at_its_line(field, value, message):
    # The field is written last (replacing the base's), so its line is known.
    lines = [line for line in BASE.splitlines() if not line.startswith(field + ":")]
    text = "\n".join([*lines, f"{field}: {value}"]) + "\n"
    record, problems = checked(build_amendment, text, PATH)
    assert record is None
    # Some mistakes are found at the field they contradict.
    at = {"Division": "Division", "Tabled": "Decided"}.get(field, field)
    line = 1 + next(i for i, text_line in enumerate(text.splitlines())
                    if text_line.startswith(at + ":"))
    if field == "Decision" and value == "agreed-on-division":
        line = len(lines) + 1
    assert problems == [f"{PATH}:{line}: {message}"]


def test_a_decision_needs_its_day_unless_pending_or_not_known():
    text = BASE.replace("Decided: 2024-05-15\n", "")
    assert checked(build_amendment, text, PATH)[1] == [
        f"{PATH}:6: a decision 'withdrawn' needs the day it was made: add "
        "'Decided: YYYY-MM-DD'"]
    for decision in ("pending", "not-known"):
        record, problems = checked(build_amendment, text.replace("withdrawn", decision), PATH)
        assert problems == [] and record.decided is None
