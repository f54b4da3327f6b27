"""Whole-set checks: duplicates, future dates, stage order, references, feeds."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURE_SITE, LONDON, fixture_vocabulary
from pelican.plugins.parliament_timeline.feeds.config import (
    feed_setting_problems,
    read_feed_configs,
    setting_line,
)
from pelican.plugins.parliament_timeline.records.consistency import check_entry_set, today_in
from pelican.plugins.parliament_timeline.records.parse import parse_text
from pelican.plugins.parliament_timeline.records.validate import build_entry

TODAY = dt.date(2025, 6, 1)
BILL = "consumer-widgets-bill-hl"
VOCABULARY = fixture_vocabulary()


def entry(name, stage, chamber="lords", bill=BILL, source=None, body="", date=None):
    """An entry file's text, read and validated, as (entry, raw)."""
    day = date or name[:10]
    text = (
        f"Title: {name}\nDate: {day}\nSummary: s.\nStage: {stage}\nChamber: {chamber}\n"
        f"Bill: {bill}\nSources: {source or 'https://hansard.parliament.uk/' + name}\n\n{body}"
    )
    raw = parse_text(text, f"entries/{name}.md")
    built, problems = build_entry(raw, VOCABULARY)
    assert problems == [], problems
    return built, raw


def check(*items, today=TODAY):
    entries = [e for e, _ in items]
    raws = {raw.path: raw for _, raw in items}
    return [str(p) for p in check_entry_set(entries, raws, VOCABULARY, today)]


def test_a_consistent_passage_through_both_houses_passes():
    assert check(
        entry("2024-10-23-a", "first-reading"),
        entry("2024-11-19-b", "second-reading"),
        entry("2024-12-03-c", "committee"),
        entry("2024-12-10-c2", "committee"),
        entry("2025-01-21-d", "report"),
        entry("2025-02-05-e", "third-reading"),
        entry("2025-02-06-f", "first-reading", "commons"),
        entry("2025-02-12-g", "second-reading", "commons"),
        entry("2025-05-07-h", "report", "commons"),
        entry("2025-05-08-i", "consideration-of-amendments", "lords"),
        entry("2025-05-14-j", "consideration-of-amendments", "commons"),
        entry("2025-05-19-k", "royal-assent", "crown"),
        entry("2025-05-20-l", "debate", "lords"),
    ) == []


def test_third_reading_before_second_in_the_same_house_is_an_error():
    problems = check(
        entry("2025-01-10-third", "third-reading"),
        entry("2025-02-10-second", "second-reading"),
    )
    assert problems == [
        "entries/2025-02-10-second.md:4: stage 'second-reading' in the House of Lords on "
        "2025-02-10 comes after 'third-reading' on 2025-01-10 (entries/2025-01-10-third.md) "
        f"for bill '{BILL}'; a bill's stages go in order within each House"
    ]


def test_stage_order_is_per_house_so_lords_then_commons_is_fine():
    # The Commons' first reading comes after the Lords' third reading.
    assert check(
        entry("2025-02-05-lords-third", "third-reading", "lords"),
        entry("2025-02-06-commons-first", "first-reading", "commons"),
    ) == []


def test_a_house_stage_after_royal_assent_is_an_error():
    problems = check(
        entry("2025-06-19-assent", "royal-assent", "crown"),
        entry("2025-06-20-report", "report", "commons"),
        today=dt.date(2026, 1, 1),
    )
    assert len(problems) == 1
    assert problems[0].startswith("entries/2025-06-20-report.md:4: stage 'report' in the "
                                  "House of Commons on 2025-06-20 comes after 'royal-assent'")


def test_ping_pong_after_royal_assent_is_an_error():
    problems = check(
        entry("2025-06-19-assent", "royal-assent", "crown"),
        entry("2025-06-25-pingpong", "consideration-of-amendments", "commons"),
        today=dt.date(2026, 1, 1),
    )
    assert [p.split(": ", 1)[0] for p in problems] == ["entries/2025-06-25-pingpong.md:4"]
    assert "a bill's stages go in order" in problems[0]


def test_same_day_stages_without_times_are_not_ordered():
    assert check(
        entry("2025-01-10-third", "third-reading", "commons"),
        entry("2025-01-10-report", "report", "commons"),
    ) == []


def test_same_day_stages_with_times_are_ordered():
    problems = check(
        entry("2025-01-10-third", "third-reading", "commons", date="2025-01-10T13:00"),
        entry("2025-01-10-report", "report", "commons", date="2025-01-10T15:00"),
    )
    assert len(problems) == 1 and "stage 'report'" in problems[0]


def test_stage_order_is_per_bill():
    assert check(
        entry("2025-01-10-third", "third-reading", bill=BILL),
        entry("2025-02-10-second", "second-reading", bill="sprocket-registration-bill-hl"),
    ) == []


def test_same_date_same_source_same_stage_is_a_duplicate():
    source = "https://hansard.parliament.uk/Lords/2025-01-28/debates/x"
    problems = check(
        entry("2025-01-28-a", "report", source=source),
        entry("2025-01-28-b", "report", source=source + "/"),
    )
    assert problems == [
        "entries/2025-01-28-b.md:7: duplicate event: same date (2025-01-28), stage and "
        "primary source as entries/2025-01-28-a.md"
    ]


def test_same_source_and_date_with_another_stage_is_a_warning():
    source = "https://hansard.parliament.uk/Lords/2025-01-28/debates/x"
    problems = check(
        entry("2025-01-28-a", "report", source=source),
        entry("2025-01-28-b", "amendment-withdrawn", source=source),
    )
    assert problems == [
        "entries/2025-01-28-b.md:7: warning: possible duplicate event: same date "
        "(2025-01-28), but not stage and primary source as entries/2025-01-28-a.md"
    ]


def test_same_source_on_another_day_is_not_a_duplicate():
    source = "https://www.gov.uk/government/news/x"
    assert check(
        entry("2025-01-07-a", "announcement", "government", source=source),
        entry("2025-01-08-b", "announcement", "government", source=source),
    ) == []


def test_a_future_date_is_an_error_except_for_schedulable_stages():
    problems = check(
        entry("2025-06-02-debate", "debate"),
        entry("2025-07-01-in-force", "commencement", "government"),
        entry("2025-06-01-today", "statement", "government"),
    )
    assert problems == [
        "entries/2025-06-02-debate.md:2: the date 2025-06-02 is in the future (today is "
        "2025-06-01); only these stages may be dated ahead: royal-assent, commencement"
    ]


def test_today_defaults_to_the_day_in_the_vocabularys_zone():
    future = dt.date.today() + dt.timedelta(days=3)
    e, raw = entry(f"{future.isoformat()}-x", "debate")
    assert len(check_entry_set([e], {raw.path: raw}, VOCABULARY)) == 1
    assert abs((today_in(LONDON) - dt.date.today()).days) <= 1
    assert today_in(LONDON) == dt.datetime.now(LONDON).date()
    from zoneinfo import ZoneInfo

    kiritimati, pago = ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")
    assert (today_in(kiritimati) - today_in(pago)).days in (1, 2)


def test_only_the_vocabularys_schedulable_stages_may_be_dated_ahead():
    from dataclasses import replace

    from pelican.plugins.parliament_timeline.records.consistency import future_dates

    e, _ = entry("2025-06-02-debate", "debate")
    stages = {k: replace(s, schedulable=k == "debate") for k, s in VOCABULARY.stages.items()}
    debate = replace(e, stage=stages["debate"])
    assert future_dates([debate], TODAY, lambda e, k: 2, stages) == []
    problems = future_dates([e], TODAY, lambda e, k: 2, stages)
    assert [str(p) for p in problems] == [
        "entries/2025-06-02-debate.md:2: the date 2025-06-02 is in the future (today is "
        "2025-06-01); only these stages may be dated ahead: debate"]


def test_references_to_existing_pages_pass_and_unknown_ones_are_errors():
    body = (
        "After [the announcement]({entry}2025-01-07-a), the\n"
        "[Bill]({bill}consumer-widgets-bill-hl) reached [report]({stage}report#x).\n"
        "But [this]({entry}2025-01-09-nothing) and [that]({bill}no-bill) and\n"
        "[other]({page}about) do not exist.\n"
        "[def]: {stage}no-stage\n"
    )
    problems = check(
        entry("2025-01-07-a", "announcement", "government"),
        entry("2025-01-08-b", "debate", body=body),
    )
    assert problems == [
        "entries/2025-01-08-b.md:11: '{entry}2025-01-09-nothing': there is no entry "
        "'2025-01-09-nothing'",
        "entries/2025-01-08-b.md:11: '{bill}no-bill': there is no bill 'no-bill'",
        "entries/2025-01-08-b.md:12: unknown reference kind '{page}' in '{page}about' "
        "(use {entry}, {bill}, {stage}, {person} or {question})",
        "entries/2025-01-08-b.md:13: '{stage}no-stage': there is no stage 'no-stage'",
    ]


def test_person_and_question_references_are_checked_against_their_records():
    from pelican.plugins.parliament_timeline.records.consistency import unknown_references
    from pelican.plugins.parliament_timeline.records.load import load_vocabulary
    from pelican.plugins.parliament_timeline.settings import read_settings

    vocabulary, _ = load_vocabulary(str(FIXTURE_SITE), read_settings({"TIMEZONE": "Europe/London"}))
    body = ("[Jane]({person}jane-widget) on [it]({question}licence-or-label#sides);\n"
            "[no one]({person}no-one) on [nothing]({question}no-question).\n")
    e, raw = entry("2025-01-08-b", "debate", body=body)
    problems = [str(p) for p in unknown_references([e], {raw.path: raw}, vocabulary)]
    assert problems == [
        "entries/2025-01-08-b.md:10: '{person}no-one': there is no person 'no-one'",
        "entries/2025-01-08-b.md:10: '{question}no-question': there is no question "
        "'no-question'",
    ]


def test_site_path_links_are_warnings_and_external_links_pass():
    body = ('See [x](/events/2025-01-07-a/), <a href="../y/">y</a>,\n'
            "[gov](https://www.gov.uk/) and [top](#event-x).\n")
    problems = check(entry("2025-01-08-b", "debate", body=body))
    assert [p.split(": ")[0:2] for p in problems] == [
        ["entries/2025-01-08-b.md:9", "warning"], ["entries/2025-01-08-b.md:9", "warning"]]
    assert "link '/events/2025-01-07-a/' is a path on this site" in problems[0]


def test_setting_line_finds_assignments_and_imports(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text("A = 1\nfrom feedlist import TIMELINE_FEEDS\n\nTIMELINE_FEEDS = [\n]\nB = 2\n")
    assert setting_line(str(conf), "TIMELINE_FEEDS") == 4
    conf.write_text("from feedlist import TIMELINE_FEEDS  # noqa\n")
    assert setting_line(str(conf), "TIMELINE_FEEDS") == 1
    conf.write_text("X = 1\nTIMELINE_FEEDS: list = []\n")
    assert setting_line(str(conf), "TIMELINE_FEEDS") == 2
    assert setting_line(str(conf), "OTHER") == 1
    assert setting_line(str(tmp_path / "missing.py"), "TIMELINE_FEEDS") == 1


def test_feed_setting_problems_are_reported_at_the_setting_line(tmp_path):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("X = 1\nTIMELINE_FEEDS = []\n")
    feeds = [{"name": "Bad Name", "url": "ftp://x"}, {"name": "ok", "url": "https://x.gov.uk/"}]
    problems = feed_setting_problems(feeds, VOCABULARY, str(conf), "pelicanconf.py")
    _, expected = read_feed_configs(feeds, VOCABULARY)
    assert len(expected) == 2
    assert [str(p) for p in problems] == [f"pelicanconf.py:2: {m}" for m in expected]
    assert all(m.startswith("TIMELINE_FEEDS[0]") for m in expected)


def test_feed_settings_are_checked_against_the_vocabularys_bills(tmp_path):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("TIMELINE_FEEDS = []\n")
    feeds = [{"name": "ok", "url": "https://x.gov.uk/", "bill": "widget-safety-bill-2023-24"}]
    assert feed_setting_problems(feeds, VOCABULARY, str(conf)) == []
    feeds[0]["bill"] = "no-such-bill"
    problems = [str(p) for p in feed_setting_problems(feeds, VOCABULARY, str(conf), "conf.py")]
    assert len(problems) == 1
    assert problems[0].startswith("conf.py:1: TIMELINE_FEEDS[0]") and "no-such-bill" in problems[0]
