"""The entry fields of the story at a glance: Key, Due and Unverified-short,
as validation reads them and as the whole-set checks judge due items; the
short lines of verification notes; which due items are still to come."""

import datetime as dt

from conftest import fixture_vocabulary
from pelican.plugins.parliament_timeline.model import Source
from pelican.plugins.parliament_timeline.records.consistency import check_entry_set
from pelican.plugins.parliament_timeline.records.parse import parse_text
from pelican.plugins.parliament_timeline.records.validate import build_entry
from pelican.plugins.parliament_timeline.site.nextsteps import as_of_day, upcoming
from pelican.plugins.parliament_timeline.site.verification import (
    FALLBACK,
    UNOFFICIAL,
    short_note,
)

VOCABULARY = fixture_vocabulary()
BASE = """\
Title: A step of the widget rule
Date: {date}
Summary: s.
Stage: {stage}
Chamber: government
Bill: consumer-widgets-bill-hl
Sources: https://www.legislation.gov.uk/ukpga/2025/9901/section/1 | The Act
"""


def read(extra="", date="2025-06-01", stage="publication", name=None):
    name = name or f"{date}-step"
    raw = parse_text(BASE.format(date=date, stage=stage) + extra + "\nBody.\n",
                     f"entries/{name}.md")
    entry, problems = build_entry(raw, VOCABULARY)
    return entry, raw, [str(p) for p in problems]


def test_key_and_due_are_yes_or_no_and_default_to_no():
    entry, _, problems = read()
    assert problems == [] and not entry.key_moment and not entry.due
    entry, _, problems = read("Key: yes\nDue: no\n")
    assert problems == [] and entry.key_moment and not entry.due
    _, _, problems = read("Key: maybe\n")
    assert problems == ["entries/2025-06-01-step.md:8: unknown key 'maybe' (values are: "
                        "yes, no)"]


def test_a_short_form_needs_its_note_and_must_fit_on_a_line():
    entry, _, problems = read("Unverified: The long story of what was not seen.\n"
                              "Unverified-short: rests on a copy of the Act\n")
    assert problems == [] and entry.unverified_short == "rests on a copy of the Act"
    _, _, problems = read("Unverified-short: rests on a copy\n")
    assert problems == ["entries/2025-06-01-step.md:8: 'Unverified-short' is the short form "
                        "of an 'Unverified' note: add the note, or remove it"]
    _, _, problems = read("Unverified: Long.\nUnverified-short: " + "x" * 81 + "\n")
    assert problems == ["entries/2025-06-01-step.md:9: 'Unverified-short' must fit on one "
                        "line (80 characters at most; this is 81)"]


def check(*items, today=dt.date(2025, 6, 1)):
    entries = [e for e, _, _ in items]
    raws = {raw.path: raw for _, raw, _ in items}
    return [str(p) for p in check_entry_set(entries, raws, VOCABULARY, today)]


def test_a_due_item_may_be_dated_in_the_future_whatever_its_stage():
    assert check(read("Due: yes\n", date="2027-02-05")) == []
    assert check(read(date="2027-02-05")) == [
        "entries/2027-02-05-step.md:2: the date 2027-02-05 is in the future (today is "
        "2025-06-01); only these stages may be dated ahead: royal-assent, commencement"]


def test_a_due_item_whose_day_has_passed_is_reported_as_a_warning():
    problems = check(read("Due: yes\n", date="2025-05-31"))
    assert problems == [
        "entries/2025-05-31-step.md:8: warning: this item was due on 2025-05-31, which has "
        "passed (today is 2025-06-01): add the event that happened and remove this item "
        "(it has left the site's \"What's next\")"]
    assert check(read("Due: yes\n", date="2025-06-01")) == []


def test_a_due_stage_is_not_checked_against_the_order_of_what_happened():
    # Royal Assent happened; a due second reading is not an impossible order.
    assert check(read(date="2025-05-01", stage="royal-assent", name="2025-05-01-assent"),
                 read("Due: yes\n", date="2026-01-01", stage="second-reading")) == []


def test_the_short_line_is_the_records_own_or_derived_from_the_note_and_sources():
    official = (Source("https://hansard.parliament.uk/x", official=True),)
    copy = (*official, Source("https://www.example.org/copy"))
    assert short_note(None) == ""
    assert short_note("Anything.", copy, "rests on a copy of the Act") == (
        "rests on a copy of the Act")
    assert short_note("The speech was read in a copy of Lords Hansard.") == (
        "rests on a copy of Hansard")
    assert short_note("Read in copies of the amendment paper.") == (
        "rests on a copy of the record")
    assert short_note("UK Parliament's news service records a division.") == (
        "rests on a news report")
    assert short_note("Known only from the minister's description of it.") == (
        "rests on a description of it")
    assert short_note("The exact speaker.", copy) == UNOFFICIAL
    assert short_note("The exact speaker.", official) == FALLBACK


def test_upcoming_items_are_those_on_or_after_the_day_soonest_first():
    later, _, _ = read("Due: yes\n", date="2027-02-05")
    sooner, _, _ = read("Due: yes\n", date="2026-01-10")
    past, _, _ = read("Due: yes\n", date="2025-01-10")
    items = [later, past, sooner]
    assert upcoming(items, dt.date(2026, 1, 10)) == [sooner, later]
    assert upcoming(items, None) == [past, sooner, later]


def test_the_day_is_the_setting_or_else_the_latest_events():
    a, _, _ = read(date="2025-03-01")
    b, _, _ = read(date="2025-06-01")
    assert as_of_day(None, [a, b]) == dt.date(2025, 6, 1)
    assert as_of_day(dt.date(2030, 1, 1), [a, b]) == dt.date(2030, 1, 1)
    assert as_of_day(None, []) is None
