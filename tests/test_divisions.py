"""Division records (records/divisions.py): content/divisions/<key>.md."""

from __future__ import annotations

import datetime as dt

from debate_records import checked, fixture_records
from pelican.plugins.parliament_timeline.model import Person
from pelican.plugins.parliament_timeline.records.divisions import build_division

PATH = "content/divisions/2024-05-16-lords-x.md"
BASE = """\
House: lords
Date: 2024-05-15
Question: That amendment 8 be agreed to
Result: agreed
Event: 2024-05-15-report-stage
Vote-for: to allow prison
Vote-against: to keep a fine
Sources: https://lordsvotes.parliament.uk/divisions/1
"""


def test_the_fixture_division_has_counts_lobbies_and_tellers():
    d = fixture_records().divisions["2024-05-15-commons-nc1"]
    assert (d.house, d.date, d.number) == ("commons", dt.date(2024, 5, 15), "101")
    assert d.lobbies == ("Ayes", "Noes")
    assert (d.votes_for, d.votes_against, d.total, d.majority) == (300, 200, 500, 100)
    assert d.result_label == "Agreed" and d.decides == "wsb-nc1"
    assert d.tellers_for == (Person("Jane Widget", None, "jane-widget"),)
    assert d.vote_for == "to require a safety label on every widget sold"


def test_a_division_whose_counts_were_not_seen_has_none():
    d = fixture_records().divisions["2024-05-15-commons-penalties"]
    assert not d.has_counts
    assert (d.votes_for, d.votes_against, d.total, d.majority) == (None, None, None, None)


def test_lords_counts_are_contents_and_not_contents():
    d, problems = checked(build_division, BASE + "Contents: 221\nNot-contents: 207\n", PATH)
    assert problems == []
    assert d.lobbies == ("Contents", "Not contents")
    assert (d.votes_for, d.votes_against) == (221, 207)


def test_counts_of_the_other_house_one_count_and_a_wrong_result_are_errors():
    _, problems = checked(build_division, BASE + "Ayes: 10\nNoes: 20\n", PATH)
    assert problems == [
        f"{PATH}:9: 'Ayes' is the House of Commons's; the House of Lords counts in Contents "
        "and Not-contents",
        f"{PATH}:10: 'Noes' is the House of Commons's; the House of Lords counts in Contents "
        "and Not-contents",
    ]
    _, problems = checked(build_division, BASE + "Contents: 221\n", PATH)
    assert problems == [f"{PATH}:9: give both counts or neither (leave both out when they "
                        "were not seen)"]
    _, problems = checked(build_division, BASE + "Contents: 100\nNot-contents: 207\n", PATH)
    assert problems == [f"{PATH}:4: the result 'agreed' does not match the counts "
                        "(100 to 207)"]
    _, problems = checked(build_division, BASE + "Contents: about 200\nNot-contents: 1\n",
                          PATH)
    assert problems == [f"{PATH}:9: 'Contents' must be a whole number, not 'about 200'"]


def test_the_event_must_be_an_id_on_the_division_date():
    text = BASE.replace("Event: 2024-05-15-report-stage", "Event: 2024-05-16-later")
    assert checked(build_division, text, PATH)[1] == [
        f"{PATH}:5: the event '2024-05-16-later' is not on the division's date (2024-05-15)"]
    text = BASE.replace("Event: 2024-05-15-report-stage", "Event: report stage")
    assert checked(build_division, text, PATH)[1] == [
        f"{PATH}:5: 'report stage' is not an event's id (its file name without .md)"]


def test_missing_meaning_and_bad_result_are_reported():
    text = BASE.replace("Vote-against: to keep a fine\n", "").replace("agreed", "won")
    assert checked(build_division, text, PATH)[1] == [
        f"{PATH}:1: missing required field 'Vote-against' (only a draft, 'Status: draft', may "
        "leave it out)",
        f"{PATH}:4: unknown result 'won' (results are: agreed, not-agreed)",
    ]


def test_the_division_number_is_ascii_digits():
    assert checked(build_division, BASE + "Number: 42\n", PATH)[0].number == "42"
    for bad in ("\u00b2", "\u0661\u0662", "\uff11\uff12", "12a", "-1", "1 2"):
        record, problems = checked(build_division, BASE + f"Number: {bad}\n", PATH)
        assert record is None
        assert problems == [f"{PATH}:9: 'Number' is the division's number as recorded, in "
                            f"digits 0-9, not '{bad}'"]
