"""Validation of entries: every problem is reported as path:line: message."""

import datetime as dt
import shutil

import pytest

from conftest import FIXTURE_SETTINGS, FIXTURE_SITE, LONDON
from debate_records import fixture_records
from pelican.plugins.parliament_timeline.records.load import load_records
from pelican.plugins.parliament_timeline.records.parse import parse_text
from pelican.plugins.parliament_timeline.records.validate import (
    build_entry,
    parse_date,
)
from pelican.plugins.parliament_timeline.settings import read_settings

GOOD = """\
Title: The announcement
Date: 2024-04-16
Summary: One sentence.
Stage: announcement
Chamber: government
Bill: widget-safety-bill-2023-24
Sources: https://www.gov.uk/government/news/x | Press release
    https://www.example.org/y
People: jane-widget | Minister
Corrections: 2024-05-01 | Fixed a typo.

Body.
"""

PATH = "content/entries/2024-04-16-announcement.md"
VOCABULARY = fixture_records()


def problems_of(text, path=PATH):
    entry, problems = build_entry(parse_text(text, path), VOCABULARY)
    return entry, [str(p) for p in problems]


def with_line(text, old, new):
    assert old in text
    return text.replace(old, new)


def test_a_good_entry_builds_with_no_problems():
    entry, problems = problems_of(GOOD)
    assert problems == []
    assert entry.slug == "2024-04-16-announcement"
    assert entry.stage.key == "announcement"
    assert entry.bill.key == "widget-safety-bill-2023-24"
    assert entry.date == dt.datetime(2024, 4, 16, tzinfo=LONDON)
    assert not entry.has_time
    assert entry.sources[0].title == "Press release"
    assert entry.sources[1].title is None
    assert entry.people[0].role == "Minister"
    assert entry.corrections[0].date == dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Stage: announcement", "Stage: annoucement",
         f"{PATH}:4: unknown stage 'annoucement' (stages are: announcement, "),
        ("Chamber: government", "Chamber: senate",
         f"{PATH}:5: unknown chamber 'senate' (chambers are: commons, lords, "
         "government, crown, other)"),
        ("Bill: widget-safety-bill-2023-24", "Bill: no-such-bill",
         f"{PATH}:6: unknown bill 'no-such-bill' (bills are: consumer-widgets-bill-hl, "
         "sprocket-registration-bill-hl, widget-labelling-bill-2022-23, "
         "widget-safety-bill-2023-24, or none)"),
        ("Date: 2024-04-16", "Date: 16/04/2024",
         f"{PATH}:2: bad date '16/04/2024': use YYYY-MM-DD"),
        ("Date: 2024-04-16", "Date: 2024-02-30", f"{PATH}:2: bad date '2024-02-30'"),
        ("Date: 2024-04-16", "Date: 2024-04-17",
         f"{PATH}:2: the date 2024-04-17 is not the date in the file name (2024-04-16)"),
        ("    https://www.example.org/y", "    javascript:alert(1)",
         f"{PATH}:8: 'javascript:alert(1)' is not an http(s) URL"),
        ("    https://www.example.org/y", "    ftp://example.org/file",
         f"{PATH}:8: 'ftp://example.org/file' is not an http(s) URL"),
        ("Sources: https://www.gov.uk/government/news/x", "Sources: https://www.bbc.co.uk/news/x",
         f"{PATH}:7: the first source must be official"),
        ("Sources: https://www.gov.uk/government/news/x", "Sources: https://evilgov.uk/x",
         f"{PATH}:7: the first source must be official"),
        ("Corrections: 2024-05-01 | Fixed a typo.", "Corrections: May 2024 | Fixed.",
         f"{PATH}:10: a correction must be 'YYYY-MM-DD | what changed', not 'May 2024'"),
        ("Corrections: 2024-05-01 | Fixed a typo.", "Corrections: 2024-05-01",
         f"{PATH}:10: a correction must say what changed after '|'"),
        ("Title: The announcement", "Title: The announcement\nTitel: typo",
         f"{PATH}:2: unknown field 'Titel' (fields are: "),
        ("Title: The announcement", "Title: The announcement\n    and more",
         f"{PATH}:2: 'Title' takes a single line"),
        ("Summary: One sentence.", "Summary:",
         f"{PATH}:3: 'Summary' is empty"),
        ("Title: The announcement\n", "",
         f"{PATH}:1: missing required field 'Title'"),
        ("Sources: https://www.gov.uk/government/news/x | Press release\n"
         "    https://www.example.org/y\n", "",
         f"{PATH}:1: missing required field 'Sources'"),
    ],
)
def test_each_problem_is_reported_at_its_line(old, new, expected):
    entry, problems = problems_of(with_line(GOOD, old, new))
    assert entry is None
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_are_reported_at_once():
    text = GOOD.replace("Stage: announcement", "Stage: nope").replace(
        "Chamber: government", "Chamber: nope").replace("Date: 2024-04-16", "Date: soon")
    _, problems = problems_of(text)
    assert [p.split(":")[1] for p in problems] == ["2", "4", "5"]


def test_a_bad_file_name_is_reported():
    _, problems = problems_of(GOOD, "content/entries/Announcement.md")
    assert problems[0].startswith(
        "content/entries/Announcement.md:1: the file name 'Announcement.md' "
        "must be YYYY-MM-DD-short-slug.md"
    )


def test_bill_none_means_no_bill():
    entry, problems = problems_of(GOOD.replace("widget-safety-bill-2023-24", "none"))
    assert problems == []
    assert entry.bill is None


def test_a_repeated_source_is_a_warning_only():
    entry, problems = problems_of(GOOD.replace("https://www.example.org/y",
                                               "https://www.gov.uk/government/news/x"))
    assert entry is not None
    assert problems == [
        f"{PATH}:8: warning: source 'https://www.gov.uk/government/news/x' is listed twice"]


def test_a_time_without_offset_is_london_time():
    value, has_time = parse_date("2024-07-01T23:30", LONDON)
    assert has_time
    assert value.utcoffset() == dt.timedelta(hours=1)


def test_dates_are_read_in_the_zone_given():
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    assert parse_date("2024-07-01", tokyo) == (dt.datetime(2024, 7, 1, tzinfo=tokyo), False)
    value, _ = parse_date("2024-07-01T09:00", tokyo)
    assert value.utcoffset() == dt.timedelta(hours=9)
    # An explicit offset wins over the zone.
    value, _ = parse_date("2024-07-01T09:00+01:00", tokyo)
    assert value.utcoffset() == dt.timedelta(hours=1)
    assert parse_date("1 July", tokyo) is None


def test_the_day_in_the_file_name_is_counted_in_the_vocabularys_zone():
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    text = GOOD.replace("Date: 2024-04-16", "Date: 2024-04-15T23:30Z")
    utc = replace(VOCABULARY, zone=ZoneInfo("UTC"))
    entry, problems = build_entry(parse_text(text, PATH), utc)
    assert entry is None
    assert [str(p) for p in problems] == [
        f"{PATH}:2: the date 2024-04-15T23:30Z is not the date in the file name (2024-04-16)"]
    entry, problems = build_entry(parse_text(text, "entries/2024-04-15-a.md"), utc)
    assert problems == [] and entry.day == dt.date(2024, 4, 15) and entry.zone == utc.zone


def test_the_first_source_must_be_on_the_vocabularys_primary_domains():
    from dataclasses import replace

    widgets = replace(VOCABULARY, primary_domains=("widgets.example",))
    _, problems = build_entry(parse_text(GOOD, PATH), widgets)
    assert [str(p) for p in problems] == [
        f"{PATH}:7: the first source must be official (widgets.example and their "
        "sub-sites): 'https://www.gov.uk/government/news/x'"]
    entry, problems = build_entry(parse_text(GOOD.replace(
        "https://www.gov.uk/government/news/x", "https://rules.widgets.example/x"), PATH), widgets)
    assert problems == [] and entry.sources[0].official and not entry.sources[1].official


def test_a_utc_time_late_in_summer_falls_on_the_next_london_day():
    text = GOOD.replace("Date: 2024-04-16", "Date: 2024-04-15T23:30Z")
    entry, problems = problems_of(text)
    assert problems == []
    assert entry.day == dt.date(2024, 4, 16)
    assert entry.iso_date == "2024-04-15T23:30:00+00:00"


def test_duplicate_slugs_in_two_folders_are_reported(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for folder in ("a", "b"):
        (content / folder).mkdir()
        (content / folder / "2024-04-16-announcement.md").write_text(GOOD)
    ts = read_settings({**FIXTURE_SETTINGS, "TIMELINE_PATHS": ["a", "b"]})
    records = load_records(str(content), ts, str(content), whole_set=False)
    assert len(records.entries) == 2
    assert [str(p) for p in records.problems if p.code == "duplicate-id"] == [
        "b/2024-04-16-announcement.md:1: duplicate slug '2024-04-16-announcement' "
        "(also a/2024-04-16-announcement.md)"
    ]


# --- people, questions and quotes (docs/debate-records.md) -----------------

DEBATE = """\
Title: Report stage
Date: 2024-05-15
Summary: One sentence.
Stage: report
Chamber: commons
Sources: https://hansard.parliament.uk/x
People: jane-widget | Minister for Widgets
    A Backbencher
Questions: licence-or-label:label, penalties
Quotes: jane-widget | https://hansard.parliament.uk/x | licence-or-label:label | a label \
tells every buyer
    lord-sprocket | https://hansard.parliament.uk/x | - | what they need to know

She said \u201ca label   tells
every buyer\u201d what they need to know.
"""
DEBATE_PATH = "content/entries/2024-05-15-report.md"


def debate_problems(text):
    entry, problems = build_entry(parse_text(text, DEBATE_PATH), VOCABULARY)
    return entry, [str(p) for p in problems]


def test_people_named_by_key_link_to_their_record_and_plain_names_warn():
    from pelican.plugins.parliament_timeline.model import Person

    entry, problems = debate_problems(DEBATE)
    assert problems == [
        f"{DEBATE_PATH}:8: warning: 'A Backbencher' is not a person's key: give the key of a "
        "record in content/people/ so the name links to their page"]
    assert entry.people == (Person("Jane Widget", "Minister for Widgets", "jane-widget"),
                            Person("A Backbencher"))


def test_questions_and_quotes_are_read_with_their_sides():
    from pelican.plugins.parliament_timeline.model import QuestionRef

    entry, _ = debate_problems(DEBATE)
    assert entry.questions == (QuestionRef("licence-or-label", "label"),
                               QuestionRef("penalties"))
    first, second = entry.quotes
    assert (first.person.key, first.text, first.questions) == (
        "jane-widget", "a label tells every buyer", (QuestionRef("licence-or-label", "label"),))
    assert (second.person.name, second.questions) == ("Lord Sprocket", ())


@pytest.mark.parametrize("line, message", [
    ("jane-widget | https://hansard.parliament.uk/x | - | a label sells every buyer",
     "the quote is not in the narrative word for word (a quote's text must be copied from "
     "the entry's own text)"),
    ("jane-widget | https://hansard.parliament.uk/x | a label tells every buyer",
     "a quote is 'person-key | URL | questions (or -) | the words quoted'"),
    ("jane-widget | javascript:alert(1) | - | a label tells every buyer",
     "'javascript:alert(1)' is not an http(s) URL"),
    ("jane-widgit | https://hansard.parliament.uk/x | - | a label tells every buyer",
     "unknown person 'jane-widgit' (add content/people/jane-widgit.md, or check the "
     "spelling of the key)"),
    ("jane-widget | https://hansard.parliament.uk/x | penalties:death | a label tells every "
     "buyer", "question 'penalties' has no side 'death' (its sides are: fine-only, prison)"),
])
def test_a_bad_quote_is_reported_at_its_line(line, message):
    start = DEBATE.index("Quotes: ") + len("Quotes: ")
    end = DEBATE.index("\n    lord-sprocket")
    entry, problems = debate_problems(DEBATE[:start] + line + DEBATE[end:])
    assert entry is None
    assert [p for p in problems if "warning" not in p] == [f"{DEBATE_PATH}:10: {message}"]


def test_an_unknown_question_is_an_error():
    entry, problems = debate_problems(DEBATE.replace("Questions: licence-or-label:label,",
                                                     "Questions: pricing,"))
    assert entry is None
    assert problems[-1] == (f"{DEBATE_PATH}:9: unknown question 'pricing' (questions are: "
                            "licence-or-label, penalties)")


def test_a_spoofed_official_source_is_an_error_not_official():
    # urlsplit reads the host as www.parliament.uk; a browser goes to evil.example.
    spoof = "https://evil.example\\@www.parliament.uk/x"
    entry, problems = problems_of(GOOD.replace("https://www.gov.uk/government/news/x", spoof))
    assert entry is None
    assert problems == [
        f"{PATH}:7: '{spoof}' holds a backslash (browsers read it as '/'): write '/' or '%5C'",
        f"{PATH}:7: the first source must be official (gov.uk, parliament.uk and their "
        "sub-sites): 'https://www.example.org/y'"]
