"""``invoke feed-status``: the per-feed summary CI prints."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, fixture_settings
from pelican.plugins.parliament_timeline.commands.feedstatus import feed_statuses, format_statuses

FEED = {"name": "bill-data", "url": "https://bills.parliament.uk/rss/bills/3825.rss",
        "bill": "consumer-widgets-bill-hl", "stage": "publication"}


def test_a_failing_feed_is_never_reported_as_merely_unchanged(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    (content / "feeds").mkdir()
    shutil.copy(FIXTURES / "feeds" / "bills-3437.xml", content / "feeds" / "bill-data.xml")
    (content / "feeds" / "bill-data.json").write_text(json.dumps({
        "url": FEED["url"], "status": 200, "fetched_at": "2026-01-01T00:00:00+00:00",
        "last_outcome": "failed", "last_status": 503, "last_error": "HTTP 503",
        "last_attempt_at": "2026-01-05T00:00:00+00:00"}))
    settings = fixture_settings(content, tmp_path / "out", TIMELINE_FEEDS=[
        FEED, {"name": "other", "url": "https://example.gov.uk/x.rss", "stage": "debate"}])
    statuses, problems = feed_statuses(settings, root=str(tmp_path))
    report = format_statuses(statuses, problems)
    assert problems == []
    assert ("bill-data: FAILING: last fetch failed; showing the last good copy\n"
            "  kind: feed\n") in report
    assert "last successful fetch: 2026-01-01T00:00:00+00:00 (HTTP 200)" in report
    assert "last attempt: 2026-01-05T00:00:00+00:00: failed (HTTP 503)" in report
    assert "last error: HTTP 503" in report
    assert "items: 2 in snapshot, 2 kept, 0 dropped by filters" in report
    assert "other: NOT FETCHED" in report
    assert report.endswith("2 feed(s), 0 OK, 2 need attention: bill-data, other")


def test_server_text_in_the_report_is_printed_inert():
    """A feed server's error or item title cannot start a CI command line or a
    terminal escape: each is printed escaped, on its own line."""
    from pelican.plugins.parliament_timeline.feeds.items import FeedStatus

    status = FeedStatus(
        name="hostile", url="https://www.gov.uk/x.atom", publisher=None, kind="govuk-atom",
        state="failing",
        fetched_at=None, checked_at=None, last_attempt_at=None, http_status=None,
        last_status=None, last_outcome=None, last_error="bad\n::error::pwned\x1b[2J",
        handmade=None, total=1, kept=0, dropped_filter=0, dropped_cap=0, skipped=1,
        superseded=0, duplicates=0, problems=("skipped 'x\r\n::warning::y\u202e'",),
    )
    report = format_statuses([status], ["conf\n::error::z"])
    lines = report.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert "\x1b" not in report and "\u202e" not in report
    assert "  last error: bad\\n::error::pwned\\x1b[2J" in lines
    assert "  problem: skipped 'x\\r\\n::warning::y\\u202e'" in lines
