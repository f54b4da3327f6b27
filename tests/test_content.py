"""This site's own content: its entries, bills and feed list, with pelicanconf.py.

The generator's tests run on the fixture subject (tests/fixtures/site/,
conftest.FIXTURE_SETTINGS); the tests here are the only ones that read
content/ and this site's settings, and the only ones that name its law.
"""

from __future__ import annotations

import json
import subprocess
import sys

from test_stages import assert_bills_consistent

from conftest import ROOT, build_real, real_vocabulary, site_settings
from pelican.plugins.parliament_timeline.feeds import config as feed_config
from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES
from sitecheck import broken_links, parse

# This site's own feed list (pelicanconf.py).
TIMELINE_FEEDS = site_settings()["TIMELINE_FEEDS"]


def read_feed_configs(value):
    return feed_config.read_feed_configs(value, real_vocabulary())


# --- the content checks clean ---------------------------------------------------


def test_the_real_content_checks_clean():
    from pelican.plugins.parliament_timeline.commands.check import check_site

    problems = check_site(site_settings() | {"PATH": "content"}, str(ROOT),
                          settings_file=str(ROOT / "pelicanconf.py"))
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_the_real_bills_read_without_problems_and_are_consistent():
    from pelican.plugins.parliament_timeline.records.bills import read_bills

    bills, problems = read_bills(str(ROOT / "content" / "bills"), str(ROOT))
    assert problems == []
    assert set(bills) == {p.stem for p in (ROOT / "content" / "bills").glob("*.md")}
    assert_bills_consistent(bills)
    assert real_vocabulary().bills == bills


def test_this_sites_settings():
    import uuid
    from zoneinfo import ZoneInfo

    from pelican.plugins.parliament_timeline.settings import read_settings

    ts = read_settings(site_settings())
    assert ts.zone == ZoneInfo("Europe/London")
    assert uuid.UUID(ts.id_namespace)
    assert ts.subject == "the offence"
    assert ts.primary_source_domains == ("gov.uk", "parliament.uk")
    assert real_vocabulary().zone == ts.zone


# --- the real feed list -------------------------------------------------------


def test_the_default_feed_list_is_valid() -> None:
    configs, problems = read_feed_configs(TIMELINE_FEEDS)
    assert problems == []
    assert len(configs) == len(TIMELINE_FEEDS) >= 7
    assert all(c.url.startswith("https://") for c in configs)


def test_the_default_feed_list_covers_the_four_bills() -> None:
    configs, _ = read_feed_configs(TIMELINE_FEEDS)
    bills = {c.bill for c in configs if "bills.parliament.uk" in c.url}
    assert bills == {
        "criminal-justice-bill-2023-24",
        "non-consensual-sexually-explicit-images-bill-hl",
        "data-use-and-access-bill-hl",
        "crime-and-policing-bill-2024-26",
    }
    assert bills <= set(real_vocabulary().bills)
    by_name = {c.name: c for c in configs}
    assert by_name["bill-data-use-and-access"].url.endswith("/rss/bills/3825.rss")
    assert by_name["bill-crime-and-policing"].url.endswith("/rss/bills/3938.rss")


def test_the_default_vocabularies_come_from_the_registries() -> None:
    configs, _ = read_feed_configs(TIMELINE_FEEDS)
    for config in configs:
        assert config.stage is None or config.stage in STAGES
        assert config.chamber is None or config.chamber in CHAMBERS
        assert all(rule.stage in STAGES for rule in config.stages)


def test_bill_include_filter_drops_another_bills_items() -> None:
    configs, _ = read_feed_configs(TIMELINE_FEEDS)
    config = next(c for c in configs if c.name == "bill-criminal-justice-2023-24")
    assert not config.text_matches(
        "Sitting: 1st reading\nElections Bill: House of Commons 1st reading"
    )
    assert config.text_matches(
        "Sitting: 1st reading\nCriminal Justice Bill: House of Commons 1st reading"
    )




def test_good_feed_settings_have_no_problems(tmp_path):
    from pelican.plugins.parliament_timeline.feeds.config import feed_setting_problems

    assert feed_setting_problems(TIMELINE_FEEDS, real_vocabulary(), str(tmp_path / "conf.py")) == []


def test_the_bill_feeds_use_the_bills_parliament_uk_preset():
    bill_feeds = [f for f in TIMELINE_FEEDS if "bills.parliament.uk" in f["url"]]
    assert bill_feeds and all(f["stages"] == "bills.parliament.uk" for f in bill_feeds)
    configs, _ = read_feed_configs(TIMELINE_FEEDS)
    config = next(c for c in configs if c.name == "bill-data-use-and-access")
    text = "Sitting: Royal Assent - Thursday, 19 June 2025\nData (Use and Access) Bill [HL]: x"
    assert config.text_matches(text) and config.stage_for(text) == "royal-assent"


def test_the_committed_snapshots_parse_cleanly():
    """Every snapshot in content/feeds/ parses with its configuration, no problems."""
    from pelican.plugins.parliament_timeline.feeds.items import read_feed

    configs, problems = read_feed_configs(TIMELINE_FEEDS)
    assert problems == []
    folder = ROOT / "content" / "feeds"
    snapshots = {p.stem for p in folder.glob("*.xml")}
    assert snapshots <= {c.name for c in configs}
    for cfg in configs:
        if cfg.name in snapshots:
            feed = read_feed(cfg, folder)
            assert feed.problems == [], feed.problems
            assert feed.items, cfg.name
            meta = json.loads((folder / cfg.meta_name).read_text())
            assert meta.get("handmade") or meta.get("fetched_at")



def test_invoke_feed_status_prints_every_configured_feed():
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "feed-status"], cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "bill-data-use-and-access: MADE BY HAND" in result.stdout
    assert "8 feed(s)" in result.stdout


# --- the real site builds -------------------------------------------------------


def event_files() -> list:
    """The entry files that are events: a due item ("Due: yes") is not one."""
    return [p for p in (ROOT / "content" / "entries").rglob("*.md")
            if "\nDue: yes\n" not in p.read_text(encoding="utf-8")]


def test_the_real_site_builds_and_tells_the_story_in_order(real_site):
    output = real_site
    events = parse(output / "index.html").select("li.event")
    assert len(events) >= 5
    entries = sorted(p.stem for p in event_files())
    by_editors = [li for li in events if "origin-feed" not in li["class"]]
    assert sorted(li["id"].removeprefix("event-") for li in by_editors) == entries
    days = [li.find("time")["datetime"][:10] for li in events]
    assert days == sorted(days)
    for li in events:
        source = li.select_one("a.source-link")["href"]
        assert source.startswith("https://")
    assert broken_links(output) == []


def test_the_real_site_has_a_page_per_bill_stage_and_event(real_site):
    for key, bill in real_vocabulary().bills.items():
        page = parse(real_site / "bills" / key / "index.html")
        assert page.find("h1").get_text(" ", strip=True).startswith(bill.title)
    for key in STAGES:
        assert (real_site / "stages" / key / "index.html").is_file()
    for path in event_files():
        assert (real_site / "events" / path.stem / "index.html").is_file()
    status = parse(real_site / "index.html").select_one("section.status")
    assert status.select_one(".status-state").get_text(strip=True)
    assert {c for c in CHAMBERS} >= {li["data-chamber"] for li in
                                     parse(real_site / "index.html").select("li.event")}


def test_the_real_site_shows_feed_events_beside_hand_written_ones(real_site):
    from test_feeds import _assert_no_injection

    output = real_site
    home = parse(output / "index.html")
    feed_ids = [li["id"] for li in home.select("li.event.origin-feed")]
    assert any(i.startswith("event-2025-01-21-bill-data-use-and-access-") for i in feed_ids)
    # The Lords third reading is told by an editor; the feed's sitting merged into it.
    third = parse(output / "events" / "2025-02-05-lords-third-reading-consent-offence"
                 / "index.html")
    urls = [a["href"] for a in third.select("ol.sources a")]
    assert "https://bills.parliament.uk/rss/bills/3825.rss" in urls
    assert not any("2025-02-05-bill-data-use-and-access" in i for i in feed_ids)
    _assert_no_injection(output)


def test_a_cached_rebuild_of_the_real_site_writes_what_a_cold_build_writes(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
             "CACHE_PATH": str(tmp_path / "cache"), "TIMELINE_SEARCH_INDEX": False}
    build_real(content, tmp_path / "out", **cache)
    cached = build_real(content, tmp_path / "out", **cache)
    cold = build_real(content, tmp_path / "cold", TIMELINE_SEARCH_INDEX=False)

    def tree(root):
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(cached) == tree(cold)
