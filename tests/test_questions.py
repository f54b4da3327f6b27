"""Questions in dispute (records/questions.py): content/questions/<key>.md."""

from __future__ import annotations

from debate_records import checked, fixture_records
from pelican.plugins.parliament_timeline.records.questions import build_question

PATH = "content/questions/penalties.md"


def test_the_fixture_questions_keep_their_sides_in_order():
    q = fixture_records().questions["licence-or-label"]
    assert q.title == "Licence or label: how should unsafe widgets be stopped?"
    assert list(q.sides) == ["licence", "label"]
    assert q.sides["label"] == "A safety label on each widget is enough"
    assert q.outcome == "The Consumer Widgets Act 2025 requires a label, not a licence."
    assert "({entry}2024-05-15-report-stage)" in q.body
    assert fixture_records().questions["penalties"].outcome is None


def test_bad_sides_are_reported_at_their_line():
    text = ("Title: Prison?\nSummary: Whether.\nSides: fine | A fine\n    fine | Again\n"
            "    Prison | Capital\n    jail\nSources: https://www.gov.uk/x\n")
    _, problems = checked(build_question, text, PATH)
    assert problems == [
        f"{PATH}:4: side 'fine' is given twice",
        f"{PATH}:5: a side's key must be lower-case letters, digits and hyphens, not 'Prison'",
        f"{PATH}:6: side 'jail' must say what it argued after '|'",
    ]


def test_missing_fields_and_empty_summary_are_reported():
    _, problems = checked(build_question, "Title: Prison?\nSummary:\nOutcome:\n", PATH)
    assert problems == [
        f"{PATH}:1: missing required field 'Sources'",
        f"{PATH}:2: 'Summary' is empty",
        f"{PATH}:3: 'Outcome' is empty",
    ]
