"""The entry model: ordering, grouping, neighbours and primary sources."""

import datetime as dt

from conftest import LONDON, fixture_vocabulary
from pelican.plugins.parliament_timeline.model import (
    Entry,
    Source,
    Timeline,
    is_primary_source,
)
from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES

BILLS = fixture_vocabulary().bills
DOMAINS = ("gov.uk", "parliament.uk")


def make(slug, when, stage="debate", has_time=False, bill=None):
    return Entry(
        slug=slug,
        title=slug,
        date=when,
        has_time=has_time,
        summary="s",
        stage=STAGES[stage],
        chamber=CHAMBERS["commons"],
        bill=BILLS[bill] if bill else None,
        sources=(Source("https://hansard.parliament.uk/x"),),
        zone=LONDON,
    )


def day(y, m, d):
    return dt.datetime(y, m, d, tzinfo=LONDON)


def test_entries_are_sorted_by_date_then_stage_order_then_slug():
    same = day(2025, 1, 28)
    timeline = Timeline([
        make("2025-01-28-b", same),
        make("2024-05-15-x", day(2024, 5, 15)),
        make("2025-01-28-a", same),
        make("2025-01-28-report", same, stage="report"),
    ])
    assert [e.slug for e in timeline] == [
        "2024-05-15-x", "2025-01-28-a", "2025-01-28-b", "2025-01-28-report",
    ]


def test_order_does_not_depend_on_input_order():
    entries = [make(f"2024-01-{d:02d}-e", day(2024, 1, d)) for d in range(1, 20)]
    assert [e.slug for e in Timeline(entries)] == [e.slug for e in Timeline(entries[::-1])]


def test_grouping_by_year_and_month_uses_the_london_day():
    late = dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 BST, 1 April
    timeline = Timeline([
        make("2023-12-31-a", day(2023, 12, 31)),
        make("2024-04-01-b", late, has_time=True),
        make("2024-04-20-c", day(2024, 4, 20)),
    ])
    years = timeline.years()
    assert [y.year for y in years] == [2023, 2024]
    assert [(m.year, m.month, len(m.entries)) for m in years[1].months] == [(2024, 4, 2)]


def test_previous_next_and_position_follow_timeline_order():
    a, b, c = (make(f"2024-01-0{d}-x", day(2024, 1, d)) for d in (1, 2, 3))
    timeline = Timeline([c, a, b])
    assert timeline.previous(a) is None
    assert timeline.next(a) is b
    assert timeline.previous(c) is b
    assert timeline.next(c) is None
    assert timeline.position(b) == 1
    assert timeline.latest is c


def test_lookups_by_bill_and_stage():
    timeline = Timeline([
        make("2024-01-01-a", day(2024, 1, 1), bill="widget-safety-bill-2023-24"),
        make("2024-01-02-b", day(2024, 1, 2), stage="report", bill="widget-safety-bill-2023-24"),
        make("2024-01-03-c", day(2024, 1, 3)),
    ])
    assert [e.slug for e in timeline.for_bill("widget-safety-bill-2023-24")] == [
        "2024-01-01-a", "2024-01-02-b"]
    assert [e.slug for e in timeline.for_stage("debate")] == ["2024-01-01-a", "2024-01-03-c"]
    assert timeline.for_bill("widget-labelling-bill-2022-23") == []
    assert timeline.get("2024-01-03-c").slug == "2024-01-03-c"
    assert timeline.get("missing") is None


def test_anchor_and_iso_date():
    e = make("2024-01-01-a", day(2024, 1, 1))
    assert e.anchor == "event-2024-01-01-a"
    assert e.iso_date == "2024-01-01"


def test_primary_sources_are_official_sites_and_their_sub_sites():
    assert is_primary_source("https://www.gov.uk/government/news/x", DOMAINS)
    assert is_primary_source("https://hansard.parliament.uk/Commons/2024", DOMAINS)
    assert is_primary_source("https://bills.parliament.uk/bills/3825", DOMAINS)
    assert is_primary_source("https://www.legislation.gov.uk/ukpga/2025/18", DOMAINS)
    assert is_primary_source("https://www.lawcom.gov.uk/project/x", DOMAINS)
    assert is_primary_source("https://parliament.uk/", DOMAINS)
    assert not is_primary_source("https://www.bbc.co.uk/news", DOMAINS)
    assert not is_primary_source("https://notgov.uk/x", DOMAINS)
    assert not is_primary_source("https://parliament.uk.evil.example/x", DOMAINS)
    assert not is_primary_source("not a url", DOMAINS)


def test_primary_domains_are_a_parameter():
    assert is_primary_source("https://www.widgets.example/rules", ["widgets.example"])
    assert is_primary_source("https://WWW.Widgets.Example./x", ["widgets.example"])
    assert not is_primary_source("https://www.gov.uk/x", ["widgets.example"])
    assert not is_primary_source("https://www.gov.uk/x", [])


def test_a_source_is_official_as_the_vocabulary_says():
    vocabulary = fixture_vocabulary()
    official = Source("https://www.gov.uk/x", "T", True)
    assert vocabulary.source("https://www.gov.uk/x", "T") == official
    assert vocabulary.source("https://www.bbc.co.uk/x").official is False
    assert Source("https://www.gov.uk/x").official is False  # only the vocabulary decides


def test_an_entrys_day_is_counted_in_its_zone():
    late = dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC)
    e = make("2024-04-01-b", late, has_time=True)
    assert e.local.hour == 0 and e.day == dt.date(2024, 4, 1)
    from dataclasses import replace
    utc = replace(e, zone=None)
    assert utc.day == dt.date(2024, 3, 31) and utc.local == late
