"""Feed snapshots to timeline entries: text, links, dates, identity, filters, de-dup."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from pathlib import Path

import pytest

from conftest import LONDON, build, fixture_vocabulary, soup
from pelican.plugins.parliament_timeline.feeds import config as feed_config
from pelican.plugins.parliament_timeline.feeds.config import BILL_STAGE_RULES
from pelican.plugins.parliament_timeline.feeds.items import (
    canonical_url,
    load_feeds,
    merge_feeds,
    parse_feed,
    plain_text,
    read_feed,
    safe_url,
)
from pelican.plugins.parliament_timeline.model import Entry
from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES

VOCABULARY = fixture_vocabulary()
BILLS = VOCABULARY.bills

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"

BILL_URL = "https://bills.parliament.uk/bills/3825"


def config(**values):
    """One checked FeedConfig from keyword values."""
    values.setdefault("name", "test-feed")
    if "url" not in values:
        values.setdefault("kind", "govuk-atom")
    values.setdefault("url", "https://www.gov.uk/government/organisations/ministry-of-justice.atom")
    [cfg], problems = feed_config.read_feed_configs([values], VOCABULARY)
    assert problems == []
    return cfg


def bill_config(**values):
    return config(
        name="bill-data",
        url="https://bills.parliament.uk/rss/bills/3825.rss",
        kind="parliament-bills-rss",
        publisher="UK Parliament: Consumer Widgets Bill [HL]",
        bill="consumer-widgets-bill-hl",
        chamber="lords",
        include=[r"Consumer Widgets Bill"],
        stages=BILL_STAGE_RULES,
        stage="publication",
        **values,
    )


def sitting(stage: str, day: str, house: str, pub_date: str | None = None) -> str:
    """One bills.parliament.uk "Sitting" item, as the real feeds write it."""
    pub = f"<pubDate>{pub_date}</pubDate>" if pub_date else ""
    return (
        f'<item><guid isPermaLink="true">{BILL_URL}</guid><link>{BILL_URL}</link>'
        f"<category>Sitting</category><title>Sitting: {stage} - {day}</title>"
        f"<description>Consumer Widgets Bill [HL]: {house} {stage}</description>"
        f"{pub}<p4:Stage>{stage}</p4:Stage></item>"
    )


def bill_feed(*items: str, build_date: str = "Sun, 28 Jun 2026 11:51:09 +0100") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0">'
        '<channel xmlns:p4="#billsSchema"><title>Consumer Widgets Bill [HL]</title>'
        f"<link>{BILL_URL}</link><lastBuildDate>{build_date}</lastBuildDate>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def atom_entry(title: str, link: str, updated: str, entry_id: str | None = None,
               summary: str = "") -> str:
    """One GOV.UK organisation-feed entry (its id is link#timestamp, as GOV.UK does)."""
    return (
        f"<entry><id>{entry_id or link + '#' + updated}</id><updated>{updated}</updated>"
        f'<link rel="alternate" type="text/html" href="{link}"/>'
        f"<title>{title}</title><summary>{summary}</summary></entry>"
    )


def atom_feed(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xml:lang="en-GB" '
        'xmlns="http://www.w3.org/2005/Atom"><id>tag:www.gov.uk,2005:/government/'
        "organisations/ministry-of-justice</id><title>Ministry of Justice - Activity on "
        "GOV.UK</title><updated>2024-04-16T10:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def hand_entry(slug: str, day: str, stage: str, chamber: str, urls: list[str],
               bill: str | None = None) -> Entry:
    d = dt.date.fromisoformat(day)
    return Entry(
        slug=slug,
        title=f"Hand-written {slug}",
        date=dt.datetime(d.year, d.month, d.day, tzinfo=LONDON),
        summary="Written by an editor.",
        stage=STAGES[stage],
        chamber=CHAMBERS[chamber],
        sources=tuple(VOCABULARY.source(u) for u in urls),
        bill=BILLS[bill] if bill else None,
        zone=LONDON,
    )


# --- plain text and safe links -------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>Widget</b> offence", "Widget offence"),
        ("AT&amp;T &lt;script&gt;alert(1)&lt;/script&gt; news", "AT&T news"),
        ("a <style>body{}</style>b <SCRIPT type=x>bad()", "a b"),
        ("Order (Northern\xa0Ireland)\n\t 2015", "Order (Northern Ireland) 2015"),
        ("<p onclick='x()'>Para</p><script>bad()</script>", "Para"),
        ("unclosed <img src=x onerror=alert(1)", "unclosed"),
        ("Fines < £500 and > £100", "Fines < £500 and > £100"),
        ("a &lt;b&gt; c < d", "a c < d"),
        ("<!-- hidden --> shown <?php x ?>", "shown"),
        ("ctrl\x00\x07chars", "ctrl chars"),
        (None, ""),
    ],
)
def test_plain_text_strips_tags_decodes_entities_and_collapses_space(raw, expected):
    assert plain_text(raw) == expected


def test_plain_text_cuts_long_text_at_a_word():
    text = plain_text("word " * 100, limit=50)
    assert len(text) <= 50
    assert text.endswith("\u2026")
    assert "wor\u2026" not in text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " \njavascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "mailto:someone@example.org",
        "https://",
        "http://host:notaport/",
        "",
        None,
    ],
)
def test_safe_url_refuses_everything_but_http_links(url):
    assert safe_url(url, "https://www.gov.uk/feed.atom") is None


def test_safe_url_resolves_relative_links_against_the_feed():
    assert safe_url("/government/news/x", "https://www.gov.uk/feed.atom") == (
        "https://www.gov.uk/government/news/x"
    )
    assert safe_url("HTTPS://www.gov.uk/a", None) == "HTTPS://www.gov.uk/a"


def test_canonical_url_ignores_scheme_www_and_the_old_legislation_host():
    assert canonical_url("http://www.gov.uk/a/") == canonical_url("https://gov.uk/a")
    assert canonical_url("http://legislation.data.gov.uk/id/ukpga/2025/18") == canonical_url(
        "https://www.legislation.gov.uk/id/ukpga/2025/18"
    )
    assert canonical_url("https://x.uk/a#one") != canonical_url("https://x.uk/a#two")


# --- dates ------------------------------------------------------------------------


def test_2330_utc_in_summer_time_is_the_next_london_day():
    feed = parse_feed(
        config(stage="announcement"),
        atom_feed(atom_entry("Late news", "https://www.gov.uk/news/late", "2024-04-16T23:30:00Z")),
    )
    [item] = feed.items
    assert item.entry.day == dt.date(2024, 4, 17)
    assert item.entry.has_time
    assert item.entry.date == dt.datetime(2024, 4, 16, 23, 30, tzinfo=dt.UTC)


def test_2330_utc_in_winter_is_the_same_london_day():
    feed = parse_feed(
        config(stage="announcement"),
        atom_feed(atom_entry("Late news", "https://www.gov.uk/news/late", "2024-01-16T23:30:00Z")),
    )
    assert feed.items[0].entry.day == dt.date(2024, 1, 16)


def test_an_offset_date_is_made_aware_and_placed_on_its_london_day():
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>Item</title>'
        b"<link>https://example.gov.uk/a</link>"
        b"<pubDate>Wed, 17 Apr 2024 00:30:00 +0100</pubDate></item></channel></rss>"
    )
    [item] = parse_feed(config(url="https://example.gov.uk/rss", stage="debate"), body).items
    assert item.entry.date.tzinfo is not None
    assert item.entry.day == dt.date(2024, 4, 17)
    assert item.entry.record_date == dt.datetime(2024, 4, 16, 23, 30, tzinfo=dt.UTC)


def test_an_item_with_no_usable_date_is_skipped_with_a_warning_naming_feed_and_item():
    body = atom_feed(
        "<entry><id>x</id><title>Undated &lt;b&gt;thing&lt;/b&gt;</title>"
        '<link href="https://www.gov.uk/undated"/></entry>',
        atom_entry("Dated", "https://www.gov.uk/dated", "2024-04-16T10:00:00Z"),
    )
    feed = parse_feed(config(name="govuk-moj", stage="announcement"), body)
    assert [i.entry.title for i in feed.items] == ["Dated"]
    assert feed.skipped == 1
    assert feed.problems == ["feed govuk-moj: skipped 'Undated thing': no usable date"]


def test_twfy_dates_are_kept_as_dates_only():
    body = (
        b'<rss version="2.0"><channel><title>TheyWorkForYou.com Search: widget</title>'
        b"<item><title>Crime and Policing Bill (9 Dec 2025)</title>"
        b"<link>https://www.theyworkforyou.com/lords/?id=2025-12-09b.169.0</link>"
        b"<pubDate>Tue, 09 Dec 2025 23:10:00 +0000</pubDate>"
        b"<description>Baroness Example: &lt;b&gt;widget&lt;/b&gt; images</description>"
        b"</item></channel></rss>"
    )
    cfg = config(name="twfy", url="https://www.theyworkforyou.com/search/rss/?s=widget",
                 kind="theyworkforyou-rss", stage="debate")
    [item] = parse_feed(cfg, body).items
    assert not item.entry.has_time
    assert item.entry.day == dt.date(2025, 12, 9)
    assert item.entry.summary == "Baroness Example: widget images"


# --- identity ------------------------------------------------------------------------


def test_bill_feed_same_guid_different_sittings_are_different_events():
    feed = parse_feed(
        bill_config(),
        bill_feed(
            sitting("Report stage", "Tuesday, 21 January 2025", "House of Lords",
                    "Wed, 29 Jan 2025 10:00:00 Z"),
            sitting("Report stage", "Tuesday, 28 January 2025", "House of Lords",
                    "Wed, 29 Jan 2025 10:00:00 Z"),
        ),
    )
    first, second = feed.items
    assert first.identity != second.identity
    assert first.entry.slug != second.entry.slug
    assert first.entry.day == dt.date(2025, 1, 21)
    assert second.entry.day == dt.date(2025, 1, 28)
    # The record's own date (when Parliament touched it) is kept apart.
    assert first.entry.record_date == dt.datetime(2025, 1, 29, 10, 0, tzinfo=dt.UTC)
    assert first.entry.stage.key == "report"
    assert first.entry.chamber.key == "lords"
    assert first.entry.title == "Consumer Widgets Bill [HL]: House of Lords Report stage"


def test_bill_feed_same_sitting_retouched_is_the_same_event():
    item = ("Sitting: 3rd reading", "Wednesday, 5 February 2025")
    before = parse_feed(bill_config(), bill_feed(
        sitting("3rd reading", item[1], "House of Lords", "Thu, 06 Feb 2025 09:00:00 Z")))
    after = parse_feed(bill_config(), bill_feed(
        sitting("3rd reading", item[1], "House of Lords", "Mon, 12 May 2025 16:00:00 +0100"),
        build_date="Mon, 29 Jun 2026 09:00:00 +0100",
    ))
    assert before.items[0].identity == after.items[0].identity
    assert before.items[0].entry.slug == after.items[0].entry.slug
    assert before.items[0].entry.date == after.items[0].entry.date
    assert before.items[0].entry.record_date != after.items[0].entry.record_date


def test_bill_feed_same_day_in_each_house_is_two_events():
    feed = parse_feed(bill_config(), bill_feed(
        sitting("1st reading", "Thursday, 6 February 2025", "House of Commons"),
        sitting("3rd reading", "Thursday, 6 February 2025", "House of Lords"),
    ))
    assert [i.entry.chamber.key for i in feed.items] == ["commons", "lords"]
    assert len({i.identity for i in feed.items}) == 2


def test_slugs_stay_the_same_as_the_feed_grows():
    one = sitting("1st reading", "Wednesday, 23 October 2024", "House of Lords")
    two = sitting("3rd reading", "Wednesday, 5 February 2025", "House of Lords")
    small = parse_feed(bill_config(), bill_feed(one))
    grown = parse_feed(bill_config(), bill_feed(two, one))
    assert small.items[0].entry.slug in {i.entry.slug for i in grown.items}
    assert small.items[0].entry.slug.startswith("2024-10-23-bill-data-")


def test_govuk_items_are_keyed_on_the_link_not_the_changing_id():
    link = "https://www.gov.uk/government/news/government-cracks-down-on-widgets-creation"
    cfg = config(stage="announcement")
    first = parse_feed(cfg, atom_feed(atom_entry("Widgets", link, "2024-04-16T10:00:00Z")))
    edited = parse_feed(cfg, atom_feed(atom_entry("Widgets", link, "2024-04-17T09:00:00Z")))
    assert first.items[0].identity == edited.items[0].identity
    assert first.items[0].entry.slug == edited.items[0].entry.slug


def test_legislation_items_use_their_stable_id_and_the_human_page():
    body = (FIXTURES / "legislation-2015-12-16.xml").read_bytes()
    cfg = config(name="leg", url="https://www.legislation.gov.uk/new/data.feed",
                 kind="legislation-atom", stage="publication")
    feed = parse_feed(cfg, body)
    assert len(feed.items) == 20
    first = feed.items[0]
    assert first.identity == "legislation|https://legislation.gov.uk/id/uksi/2015/2028"
    assert first.entry.primary_source.url == "http://www.legislation.gov.uk/uksi/2015/2028/made"
    # The same Act seen on the old data host is the same item.
    moved = body.replace(b"http://www.legislation.gov.uk/id/", b"http://legislation.data.gov.uk/id/")
    assert parse_feed(cfg, moved).items[0].identity == first.identity


# --- filters, cap and stage rules ------------------------------------------------------


def test_include_and_exclude_filters_count_what_they_drop():
    body = atom_feed(
        atom_entry("Widget offence announced", "https://www.gov.uk/a", "2024-04-16T10:00:00Z"),
        atom_entry("Prison places", "https://www.gov.uk/b", "2024-04-16T11:00:00Z"),
        atom_entry("Widget myths: consultation", "https://www.gov.uk/c", "2024-04-16T12:00:00Z"),
        atom_entry("Courts", "https://www.gov.uk/d", "2024-04-16T13:00:00Z",
                   summary="About sprocket safety abuse"),
    )
    cfg = config(include=["widget", "sprocket safety"], exclude=["myths"], stage="announcement")
    feed = parse_feed(cfg, body)
    assert [i.entry.title for i in feed.items] == ["Widget offence announced", "Courts"]
    assert feed.dropped_filter == 2
    assert feed.total == 4


def test_max_items_caps_the_kept_items():
    body = atom_feed(*(
        atom_entry(f"Widget {i}", f"https://www.gov.uk/{i}", f"2024-04-1{i}T10:00:00Z")
        for i in range(5)
    ))
    feed = parse_feed(config(stage="announcement", max_items=2), body)
    assert [i.entry.title for i in feed.items] == ["Widget 0", "Widget 1"]
    assert feed.dropped_cap == 3
    assert feed.problems == [
        "feed test-feed: 3 item(s) past the limit of 2 (max_items) dropped"]


def many_items(count: int) -> bytes:
    """A GOV.UK-shaped Atom feed of ``count`` items (a hostile server's volume)."""
    return atom_feed(*(
        atom_entry(f"Widget notice {i}", f"https://www.gov.uk/government/news/w-{i}",
                   "2024-04-16T10:00:00Z")
        for i in range(count)
    ))


def test_a_feed_without_max_items_is_capped_at_the_default_with_a_warning():
    """Issue 20, finding 7: a huge feed must not become as many events."""
    feed = parse_feed(config(stage="announcement"), many_items(2500))
    assert len(feed.items) == feed_config.DEFAULT_MAX_ITEMS == 1000
    assert feed.total == 2500
    assert feed.dropped_cap == 1500
    assert feed.problems == [
        "feed test-feed: 1500 item(s) past the limit of 1000 (max_items) dropped"]


def test_a_huge_feed_builds_only_max_items_events(fixture_site, tmp_path, caplog):
    feeds = fixture_site / "feeds"
    feeds.mkdir()
    (feeds / "flood.xml").write_bytes(many_items(5000))
    settings = [{"name": "flood", "url": "https://www.gov.uk/flood.atom",
                 "kind": "govuk-atom", "stage": "announcement"}]
    with caplog.at_level(logging.WARNING):
        output = build(fixture_site, tmp_path / "out", TIMELINE_FEEDS=settings,
                       TIMELINE_FEED_MAX_ITEMS=25)
    pages = [p for p in (output / "events").iterdir() if p.name.startswith("flood-")]
    assert len(pages) == 25
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "feed flood: 4975 item(s) past the limit of 25 (max_items) dropped" in warnings


def test_stage_rules_apply_in_order_with_a_fallback():
    cfg = config(
        stage="announcement",
        stages=[["^Open consultation:", "consultation"], ["consultation", "publication"],
                ["^Oral statement", "statement"]],
    )
    body = atom_feed(
        atom_entry("Open consultation: widgets", "https://www.gov.uk/1", "2024-04-16T10:00:00Z"),
        atom_entry("Consultation outcome", "https://www.gov.uk/2", "2024-04-16T10:00:00Z"),
        atom_entry("Oral statement to Parliament", "https://www.gov.uk/3", "2024-04-16T10:00:00Z"),
        atom_entry("Press release: offence", "https://www.gov.uk/4", "2024-04-16T10:00:00Z"),
    )
    feed = parse_feed(cfg, body)
    assert [i.entry.stage.key for i in feed.items] == [
        "consultation", "publication", "statement", "announcement"]


def test_an_item_no_rule_places_is_skipped_when_there_is_no_fallback():
    cfg = config(stages=[["^Open consultation:", "consultation"]])
    body = atom_feed(atom_entry("Speech", "https://www.gov.uk/s", "2024-04-16T10:00:00Z"))
    feed = parse_feed(cfg, body)
    assert feed.items == []
    assert "no stage rule matches" in feed.problems[0]


def test_bill_and_chamber_default_from_the_feed():
    cfg = config(stage="announcement", bill="widget-safety-bill-2023-24", chamber="government")
    body = atom_feed(atom_entry("Widgets", "https://www.gov.uk/a", "2024-04-16T10:00:00Z"))
    [item] = parse_feed(cfg, body).items
    assert item.entry.bill.key == "widget-safety-bill-2023-24"
    assert item.entry.chamber.key == "government"
    assert item.entry.origin == "feed"
    assert item.entry.body == ""
    assert item.entry.publisher == "test-feed"
    assert [s.url for s in item.entry.sources] == ["https://www.gov.uk/a", cfg.url]


# --- de-duplication ----------------------------------------------------------------------


def test_the_same_item_in_two_feeds_is_one_event_with_both_links():
    cfg_a = config(name="moj", stage="announcement")
    cfg_b = config(name="home-office", kind="govuk-atom",
                   url="https://www.gov.uk/government/organisations/home-office.atom",
                   stage="statement")
    a = parse_feed(cfg_a, atom_feed(
        atom_entry("Widgets", "https://www.gov.uk/news/x", "2024-04-16T10:00:00Z")))
    b = parse_feed(cfg_b, atom_feed(
        atom_entry("Widgets", "http://gov.uk/news/x/", "2024-04-16T10:05:00Z")))
    merged = merge_feeds([], [a, b])
    [entry] = merged.entries
    assert entry.slug.startswith("moj-")
    assert merged.statuses[1].duplicates == 1
    assert merged.statuses[1].shown == 0


def test_a_hand_written_entry_citing_the_link_supersedes_the_item_and_gains_the_feed():
    link = "https://www.gov.uk/government/news/government-cracks-down-on-widgets-creation"
    hand = hand_entry("2024-04-16-moj-announces", "2024-04-16", "announcement", "government",
                      [link.replace("https://www.", "http://")])
    cfg = config(name="govuk-moj", publisher="GOV.UK: Ministry of Justice", stage="announcement")
    feed = parse_feed(cfg, atom_feed(atom_entry("Widgets", link, "2024-04-16T10:00:00Z")))
    merged = merge_feeds([hand], [feed])
    [entry] = merged.entries
    assert entry.slug == hand.slug
    assert entry.origin == "editor"
    assert [s.url for s in entry.sources] == [hand.sources[0].url, cfg.url]
    assert entry.sources[-1].title == "GOV.UK: Ministry of Justice (feed)"
    assert merged.statuses[0].superseded == 1


def test_a_hand_written_entry_of_the_same_sitting_supersedes_the_bill_feed_item():
    hand = hand_entry("2025-02-05-lords-third-reading", "2025-02-05", "third-reading", "lords",
                      ["https://www.parliament.uk/business/news/x/"],
                      bill="consumer-widgets-bill-hl")
    feed = parse_feed(bill_config(), bill_feed(
        sitting("3rd reading", "Wednesday, 5 February 2025", "House of Lords"),
        sitting("Report stage", "Tuesday, 21 January 2025", "House of Lords"),
        sitting("1st reading", "Wednesday, 5 February 2025", "House of Commons"),
    ))
    merged = merge_feeds([hand], [feed])
    by_slug = {e.slug: e for e in merged.entries}
    assert [s.url for s in by_slug[hand.slug].sources] == [
        "https://www.parliament.uk/business/news/x/", BILL_URL,
        "https://bills.parliament.uk/rss/bills/3825.rss"]
    feed_events = [e for e in merged.entries if e.origin == "feed"]
    assert sorted((e.day.isoformat(), e.chamber.key) for e in feed_events) == [
        ("2025-01-21", "lords"), ("2025-02-05", "commons")]
    assert merged.statuses[0].superseded == 1
    assert merged.statuses[0].shown == 2


# --- reading snapshots -------------------------------------------------------------------


def test_a_missing_snapshot_is_not_fetched_and_a_failed_fetch_is_failing(tmp_path):
    cfg = bill_config()
    assert read_feed(cfg, tmp_path).state == "not-fetched"
    (tmp_path / "bill-data.xml").write_bytes(bill_feed(
        sitting("3rd reading", "Wednesday, 5 February 2025", "House of Lords")))
    (tmp_path / "bill-data.json").write_text(json.dumps({
        "url": cfg.url, "fetched_at": "2026-01-01T00:00:00+00:00", "status": 200,
        "last_outcome": "failed", "last_error": "HTTP 503 Service Unavailable",
        "last_status": 503}))
    merged = load_feeds([cfg], tmp_path, [])
    [status] = merged.statuses
    assert status.state == "failing"
    assert status.state_label.startswith("FAILING")
    assert status.last_error == "HTTP 503 Service Unavailable"
    assert status.fetched_at == "2026-01-01T00:00:00+00:00"
    assert len(merged.entries) == 1  # the last good copy is still used


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Error</body></html>", b"\x1f\x8b\x08garbage", b"<rss><channel>"]
)
def test_a_snapshot_that_does_not_parse_is_reported_not_raised(tmp_path, body):
    cfg = bill_config()
    (tmp_path / "bill-data.xml").write_bytes(body)
    merged = load_feeds([cfg], tmp_path, [])
    assert merged.entries == []
    assert merged.statuses[0].state == "unreadable" or merged.statuses[0].kept == 0
    assert all(p.startswith("feed bill-data: ") for p in merged.problems)
    assert merged.problems


def test_a_truncated_snapshot_gives_a_warning_and_what_was_recovered():
    cfg = config(name="lords-bill", url="https://bills.parliament.uk/rss/bills/42.rss",
                 kind="parliament-bills-rss", stages=BILL_STAGE_RULES, stage="publication",
                 chamber="lords")
    feed = parse_feed(cfg, (FIXTURES / "bills-42-TRUNCATED.xml").read_bytes())
    assert "parses with errors" in feed.problems[0]
    assert [i.entry.day.isoformat() for i in feed.items] == ["2007-03-14", "2007-07-20"]


def test_first_seen_comes_from_the_snapshot_record(tmp_path):
    cfg = bill_config()
    body = bill_feed(sitting("3rd reading", "Wednesday, 5 February 2025", "House of Lords"))
    digest = parse_feed(cfg, body).items[0].entry.slug.rsplit("-", 1)[1]
    (tmp_path / "bill-data.xml").write_bytes(body)
    (tmp_path / "bill-data.json").write_text(
        json.dumps({"first_seen": {digest: "2025-02-06T08:00:00+00:00"}}))
    [item] = read_feed(cfg, tmp_path).items
    assert item.entry.first_seen == dt.datetime(2025, 2, 6, 8, 0, tzinfo=dt.UTC)


# --- the feedparser corpus -------------------------------------------------------------


def test_every_feedparser_corpus_file_goes_through_without_an_exception(
        caplog, feedparser_corpus):
    """All 2,248 corpus files (every folder, compressed ones too) parse and normalise."""
    caplog.set_level(logging.CRITICAL)
    cfg = config(name="corpus", url="http://example.gov.uk/feed", stage="publication")
    files = sorted(p for p in feedparser_corpus.rglob("*") if p.is_file())
    assert len(files) == 2248
    failures, seen, items = [], 0, 0
    for path in files:
        try:
            feed = parse_feed(cfg, path.read_bytes())
            merged = merge_feeds([], [feed])
        except Exception as exc:  # collect them all, then fail once
            failures.append(f"{path.relative_to(feedparser_corpus)}: {exc!r}")
            continue
        seen += feed.total
        items += len(feed.items)
        for entry in merged.entries:
            assert entry.date.tzinfo is not None
            assert all(s.url.lower().startswith(("http://", "https://")) for s in entry.sources)
            assert "<" not in entry.title
            assert "<" not in entry.summary
    assert failures == []
    # The corpus really went through, not just its errors. (Most corpus items
    # have no link or no date, so few become entries.)
    assert seen > 1000
    assert items >= 20


# --- whole builds ---------------------------------------------------------------------


_PAYLOAD_RE = re.compile(
    r"<(title|summary|content|description|subtitle|tagline|info|copyright|rights)\b[^>]*>"
    r"(.*?)</\1>",
    re.S,
)


def sanitize_corpus_feed(corpus: Path) -> bytes:
    """An RSS feed carrying, as HTML titles and descriptions, every payload of
    feedparser's sanitizer corpus, each item with a link and a date so that it
    reaches the pages."""
    items = []
    sanitize = corpus / "wellformed" / "sanitize"
    assert len(list(sanitize.glob("*.xml"))) == 745
    for n, path in enumerate(sorted(sanitize.glob("*.xml"))):
        for _, inner in _PAYLOAD_RE.findall(path.read_text(encoding="utf-8", errors="replace")):
            markup = inner if re.search(r"<[a-zA-Z]", inner) else html.unescape(inner)
            markup = markup.replace("]]>", "]]&gt;")
            items.append(
                f"<item><title><![CDATA[widget {n} {markup}]]></title>"
                f"<link>https://example.gov.uk/sanitize/{n}/{len(items)}</link>"
                f"<description><![CDATA[{markup}]]></description>"
                "<pubDate>Tue, 16 Apr 2024 10:00:00 +0100</pubDate></item>"
            )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Sanitizer corpus</title>" + "".join(items) + "</channel></rss>"
    ).encode()


HOSTILE_FEEDS = [
    {"name": "hostile", "url": "https://example.gov.uk/hostile.rss",
     "publisher": "Hostile <script>alert(0)</script> publisher", "stage": "announcement",
     "chamber": "government", "include": ["widget"]},
]


def _assert_no_injection(output: Path) -> int:
    """No script but our own, no on* attribute, no javascript:/data: link, in any page."""
    from conftest import soup

    pages = list(output.rglob("*.html"))
    assert pages
    for page in pages:
        doc = soup(page)
        for script in doc.find_all("script"):
            # Only our own theme scripts, by src, never inline.
            src = script.get("src", "")
            assert src.endswith(("/theme/js/site.js", "/theme/js/search.js",
                                 "/theme/js/print.js")), (page, script)
            assert not script.string, (page, script)
        for tag in doc.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (page, tag)
                if attr.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                    text = "".join(str(value).split()).lower()
                    assert not text.startswith(("javascript:", "data:", "vbscript:")), (page, tag)
        # What feed content became: no element that could carry active content.
        fed = doc.select("li.origin-feed, section.feed-status")
        if "origin-feed" in " ".join(doc.select_one("body").get("class", [])) or (
            doc.select_one("article.entry .label-origin")
        ):
            fed.append(doc.select_one("article.entry"))
        for part in fed:
            for tag in ("iframe", "object", "embed", "svg", "style", "form", "img", "script"):
                assert not part.find_all(tag), (page, tag)
    return len(pages)


def test_hostile_items_never_reach_the_built_html(fixture_site, tmp_path):
    feeds = fixture_site / "feeds"
    feeds.mkdir()
    (feeds / "hostile.xml").write_bytes((FIXTURES / "hostile.xml").read_bytes())
    output = build(fixture_site, tmp_path / "out", TIMELINE_FEEDS=HOSTILE_FEEDS,
                   TIMELINE_STRICT=True)
    _assert_no_injection(output)
    home = soup(output / "index.html")
    feed_events = home.select("li.event.origin-feed")
    titles = sorted(li.select_one(".event-title").get_text(" ", strip=True) for li in feed_events)
    # The two dated items with http(s) links survive as plain text; the item
    # with a relative link is resolved against the feed; the rest are dropped.
    assert titles == [
        'Widget in CDATA',
        'Widget item with a relative link',
        'Widget offence',
    ]
    hrefs = [a["href"] for li in feed_events for a in li.select("a.source-link")]
    assert "https://example.gov.uk/relative/page?a=1&b=%22onmouseover=alert(13)" in hrefs or any(
        h.startswith("https://example.gov.uk/relative/page") for h in hrefs)
    status = soup(output / "feed-status" / "index.html").get_text(" ", strip=True)
    assert "no usable http(s) link" in status
    assert "no usable date" in status


def test_the_sanitizer_corpus_never_reaches_the_built_html(fixture_site, tmp_path,
                                                          feedparser_corpus):
    feeds = fixture_site / "feeds"
    feeds.mkdir()
    body = sanitize_corpus_feed(feedparser_corpus)
    (feeds / "sanitize.xml").write_bytes(body)
    # Only the HTML is checked: the 600 events' share images (most of the
    # build's time) are not made.
    output = build(fixture_site, tmp_path / "out", TIMELINE_FEEDS=[{
        "name": "sanitize", "url": "https://example.gov.uk/sanitize.rss",
        "stage": "announcement", "chamber": "government"}], TIMELINE_SHARE_IMAGES=False)
    # Over TIMELINE_PAGE_SIZE events, the timeline is paged: each event is
    # listed once on its year's pages.
    listed = sum(len(soup(page).select("li.event.origin-feed"))
                 for page in (output / "years").rglob("index.html"))
    assert listed > 600
    # Entry pages of feed events exist too; check a sample of them with the home page.
    _assert_no_injection(output)


def test_a_broken_feed_warns_and_the_strict_build_goes_on(fixture_site, tmp_path, caplog):
    feeds = fixture_site / "feeds"
    feeds.mkdir()
    (feeds / "broken.xml").write_bytes(b"<html><body>502 Bad Gateway</body></html>")
    (feeds / "good.xml").write_bytes(bill_feed(
        sitting("Report stage", "Tuesday, 21 January 2025", "House of Lords")))
    (feeds / "good.json").write_text(json.dumps({
        "url": "https://bills.parliament.uk/rss/bills/3825.rss", "status": 200,
        "fetched_at": "2026-01-01T00:00:00+00:00", "last_outcome": "failed",
        "last_error": "timed out", "last_attempt_at": "2026-01-02T00:00:00+00:00"}))
    settings = [
        {"name": "broken", "url": "https://example.gov.uk/broken.rss", "stage": "debate"},
        {"name": "good", "url": "https://bills.parliament.uk/rss/bills/3825.rss",
         "kind": "parliament-bills-rss", "bill": "consumer-widgets-bill-hl",
         "stages": BILL_STAGE_RULES, "stage": "publication"},
        {"name": "absent", "url": "https://example.gov.uk/absent.rss", "stage": "debate"},
    ]
    with caplog.at_level(logging.WARNING):
        output = build(fixture_site, tmp_path / "out", TIMELINE_FEEDS=settings,
                       TIMELINE_STRICT=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(w.startswith("feed broken: does not parse") for w in warnings)
    home = soup(output / "index.html")
    [event] = home.select("li.event.origin-feed")
    assert event["id"].startswith("event-2025-01-21-good-")
    assert event.find("time")["datetime"] == "2025-01-21"
    page = soup(output / "feed-status" / "index.html")
    states = {s["id"]: s.select_one(".feed-state").get_text(strip=True)
              for s in page.select("section.feed-status")}
    assert states["feed-broken"].startswith("UNREADABLE")
    assert states["feed-good"].startswith("FAILING")
    assert states["feed-absent"].startswith("NOT FETCHED")
    good = page.select_one("#feed-good").get_text(" ", strip=True)
    assert "timed out" in good
    assert "2026-01-01T00:00:00+00:00" in good
    assert "3 need attention" in page.select_one(".feeds-summary").get_text(" ", strip=True)
    event_page = output / "events" / event["id"].removeprefix("event-") / "index.html"
    assert event_page.exists()


def test_a_feed_item_with_a_spoofed_official_link_is_skipped_not_official():
    spoof = "https://evil.example\\@www.parliament.uk/x"
    body = atom_feed(
        atom_entry("Spoofed", spoof, "2024-04-16T10:00:00Z"),
        atom_entry("Userinfo", "https://www.gov.uk@evil.example/y", "2024-04-16T10:00:00Z"),
        atom_entry("Fine", "https://www.gov.uk/fine", "2024-04-16T10:00:00Z"),
    )
    feed = parse_feed(config(name="govuk-moj", stage="announcement"), body)
    assert [i.entry.title for i in feed.items] == ["Fine"]
    assert feed.items[0].entry.sources[0].official
    assert feed.problems == [
        "feed govuk-moj: skipped 'Spoofed': no usable http(s) link",
        "feed govuk-moj: skipped 'Userinfo': no usable http(s) link",
    ]


@pytest.mark.parametrize("written", [
    "Mon, 01 Jan 0001 00:00:00 GMT", "0001-01-01T00:00:00Z", "3200-01-01T00:00:00Z",
])
def test_an_item_dated_in_an_implausible_year_is_skipped_naming_feed_item_and_date(written):
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>Ancient</title><link>https://www.gov.uk/a</link><pubDate>{written}"
        "</pubDate></item></channel></rss>"
    ).encode()
    feed = parse_feed(config(name="govuk-moj", stage="announcement"), body)
    assert feed.items == []
    assert feed.problems == [
        f"feed govuk-moj: skipped 'Ancient': no usable date: '{written}' is not a plausible "
        "date (years 1800 to 2999, written in full)"]


# --- only the first max_items items are parsed (sources/feeddocument.py) ---------------------


def test_only_the_first_max_items_are_parsed_and_the_rest_counted():
    from pelican.plugins.parliament_timeline.sources.feeddocument import (
        limit_items,
        read_feed_document,
    )

    body = many_items(10)
    cut, count = limit_items(body, 3)
    assert count == 10
    assert cut.endswith(b"</feed>") and len(cut) < len(body)
    document = read_feed_document(body, max_items=3)
    assert document.error is None
    assert [e.title for e in document.entries] == [f"Widget notice {i}" for i in range(3)]
    assert (document.total, document.item_count) == (10, 10)
    # No more items than the limit: the bytes are read as they are.
    assert limit_items(body, 10) == (body, 10)
    assert read_feed_document(body, max_items=10).total is None


@pytest.mark.parametrize(
    ("body", "closing"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
         + b"".join(b"<item><title>%d</title><link>https://a.uk/%d</link></item>" % (i, i)
                    for i in range(4)) + b"</channel></rss>", b"</channel></rss>"),
        (b'<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>t</a:title>'
         + b"".join(b"<a:entry><a:title>%d</a:title></a:entry>" % i for i in range(4))
         + b"</a:feed>", b"</a:feed>"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
         b'xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel>'
         + b"".join(b"<item><title>%d</title></item>" % i for i in range(4))
         + b"</rdf:RDF>", b"</rdf:RDF>"),
    ],
    ids=["rss-2.0", "prefixed-atom", "rss-1.0"],
)
def test_the_cut_feed_is_well_formed_in_every_format(body, closing):
    from pelican.plugins.parliament_timeline.sources.feeddocument import (
        limit_items,
        read_feed_document,
    )

    cut, count = limit_items(body, 2)
    assert count == 4
    assert cut.endswith(closing)
    document = read_feed_document(body, max_items=2)
    assert document.error is None
    assert [e.title for e in document.entries] == ["0", "1"]


def test_a_broken_feed_is_read_whole_so_it_is_still_refused():
    """A cut-off download must not pass for a good feed because its end was never read."""
    from pelican.plugins.parliament_timeline.sources.feeddocument import read_feed_document

    body = many_items(20)[:-200]
    document = read_feed_document(body, max_items=2)
    assert document.total is None
    assert document.error.startswith("not well-formed XML")
