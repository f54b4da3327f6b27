"""Source kinds (sources/registry.py, sources/feedkinds.py): a publisher's rules come
from the source's configuration, never from its URL's host; the fetch step and the
build read snapshots through the kind's one parser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_support import (
    FeedServer,
    Reply,
    fixture_bytes,
    make_options,
    refuse_non_loopback,
    running_server,
)

from conftest import fixture_vocabulary
from pelican.plugins.parliament_timeline.feeds import config as feed_config
from pelican.plugins.parliament_timeline.feeds.items import merge_feeds, read_feed
from pelican.plugins.parliament_timeline.fetch.run import FetchResult, fetch_feeds
from pelican.plugins.parliament_timeline.sources import registry
from pelican.plugins.parliament_timeline.sources.feeddocument import read_feed_document
from pelican.plugins.parliament_timeline.sources.feedkinds import FeedRules

RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
# A real bills.parliament.uk bill feed whose two sittings share one guid (the
# bill's page); tests/fixtures/feeds/SOURCES.md says how it was cut.
TWO_SITTINGS = fixture_bytes("bills-42-closed.xml")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test in this module may open a socket to anything but 127.0.0.1."""
    refuse_non_loopback(monkeypatch)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with running_server() as feed_server:
        yield feed_server


@pytest.fixture
def kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kinds registered by a test are forgotten after it."""
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))


def configs(*feeds: dict) -> list:
    found, problems = feed_config.read_feed_configs(list(feeds), fixture_vocabulary())
    assert problems == []
    return found


# --- the bills feed on 127.0.0.1 -------------------------------------------------


def test_a_bills_feed_served_from_loopback_keeps_one_event_per_sitting(
        server: FeedServer, tmp_path: Path) -> None:
    """Issue 18: the kind, not the host, gives a bill feed its per-sitting identity."""
    server.route("/rss/bills/42.rss", Reply(200, TWO_SITTINGS, RSS_TYPE))
    [config] = configs({"name": "lords-bill", "url": server.url("/rss/bills/42.rss"),
                        "kind": "parliament-bills-rss", "chamber": "lords",
                        "stage": "publication"})
    [result] = fetch_feeds([config], tmp_path, make_options())
    assert result == FetchResult("lords-bill", "updated", new_items=2, status=200)

    feed = read_feed(config, tmp_path)
    assert feed.problems == []
    merged = merge_feeds([], [feed])
    assert [(e.day, e.stage.key, e.chamber.key) for e in merged.entries] == [
        (dt.date(2007, 3, 14), "first-reading", "lords"),
        (dt.date(2007, 7, 20), "second-reading", "lords"),
    ]
    slugs = [e.slug for e in merged.entries]
    assert len(set(slugs)) == 2
    assert all(e.slug.startswith(f"{e.day.isoformat()}-lords-bill-") for e in merged.entries)


def test_the_same_feed_as_a_plain_feed_collapses_its_sittings(
        server: FeedServer, tmp_path: Path) -> None:
    """What the host-based rules did on 127.0.0.1: one guid, one event."""
    server.route("/rss/bills/42.rss", Reply(200, TWO_SITTINGS, RSS_TYPE))
    [config] = configs({"name": "lords-bill", "url": server.url("/rss/bills/42.rss"),
                        "stage": "publication"})
    [result] = fetch_feeds([config], tmp_path, make_options())
    assert result.new_items == 1
    assert len(merge_feeds([], [read_feed(config, tmp_path)]).entries) == 1


def test_the_real_elections_bill_feed_dates_its_sitting_from_the_title(
        server: FeedServer, tmp_path: Path) -> None:
    server.route("/3437.rss", Reply(200, fixture_bytes("bills-3437.xml"), RSS_TYPE))
    [config] = configs({"name": "elections", "url": server.url("/3437.rss"),
                        "kind": "parliament-bills-rss", "chamber": "commons"})
    fetch_feeds([config], tmp_path, make_options())
    entries = merge_feeds([], [read_feed(config, tmp_path)]).entries
    by_stage = {e.stage.key: e for e in entries}
    # Its pubDate says 22 March; the sitting was on 21 March 2023.
    assert by_stage["first-reading"].day == dt.date(2023, 3, 21)
    assert not by_stage["first-reading"].has_time
    assert by_stage["first-reading"].title == "Elections Bill: House of Commons 1st reading"
    assert by_stage["publication"].day == dt.date(2023, 3, 22)


# --- one parser for the fetch step and the build ------------------------------


def test_the_fetch_step_and_the_build_read_through_the_kinds_one_parser(
        kinds: None, server: FeedServer, tmp_path: Path) -> None:
    calls: list[int] = []

    def read(body: bytes, content_type: str | None = None, *, max_items: int | None = None):
        calls.append(len(body))
        return read_feed_document(body, content_type, max_items=max_items)

    registry.register_kind(registry.SourceKind(
        name="widget-rss", title="Widget Office RSS", read=read,
        rules=FeedRules(identity="bill-sitting", house_in_summary=True)))
    server.route("/w.rss", Reply(200, TWO_SITTINGS, RSS_TYPE))
    [config] = configs({"name": "w", "url": server.url("/w.rss"), "kind": "widget-rss",
                        "stage": "debate"})
    fetch_feeds([config], tmp_path, make_options())
    assert calls == [len(TWO_SITTINGS)]
    assert len(read_feed(config, tmp_path).items) == 2
    assert calls == [len(TWO_SITTINGS)] * 2


def test_a_kind_may_bring_its_own_fetcher(kinds: None, tmp_path: Path) -> None:
    """How a data-service kind plugs in: the run calls its fetch, not HTTP GET."""
    seen = []

    def fetch(client, config, folder, options, limiter) -> FetchResult:
        seen.append((config.name, Path(folder)))
        return FetchResult(config.name, "unchanged")

    registry.register_kind(registry.SourceKind(
        name="widget-api", title="Widget API", read=read_feed_document, fetch=fetch,
        rules=FeedRules()))
    [config] = configs({"name": "api", "url": "https://api.widgets.invalid/v1",
                        "kind": "widget-api", "stage": "debate"})
    assert fetch_feeds([config], tmp_path, make_options()) == [
        FetchResult("api", "unchanged")]
    assert seen == [("api", tmp_path)]


def test_a_kind_is_registered_once(kinds: None) -> None:
    kind = registry.SourceKind(name="feed", title="again", read=read_feed_document)
    with pytest.raises(ValueError, match="already registered"):
        registry.register_kind(kind)
    assert registry.register_kind(kind, replace=True) is registry.source_kind("feed")


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(registry.UnknownKindError) as caught:
        registry.source_kind("nope")
    assert str(caught.value).startswith("unknown source kind 'nope'; known kinds are ")
    assert "parliament-bills-rss" in str(caught.value)
