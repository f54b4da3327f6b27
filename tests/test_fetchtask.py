"""Tests for timeline.fetchtask, the ``invoke fetch-feeds`` command."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_support import (
    CONTACT_URL,
    FeedServer,
    Reply,
    fixture_bytes,
    refuse_non_loopback,
    running_server,
)

from pelican.plugins.parliament_timeline.commands.fetchfeeds import contact_url, fetch_feeds_command

BILL = fixture_bytes("bills-3437.xml")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test in this module may open a socket to anything but 127.0.0.1."""
    refuse_non_loopback(monkeypatch)
    monkeypatch.delenv("SITEURL", raising=False)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A scriptable feed server on 127.0.0.1, port 0."""
    with running_server() as feed_server:
        yield feed_server


def settings_for(server: FeedServer, *feeds: dict) -> dict:
    """Pelican-like settings whose feeds all point at ``server``."""
    return {
        "PATH": "content",
        "TIMELINE_FETCH_CONTACT": CONTACT_URL,
        "TIMELINE_FEEDS": [{**feed, "url": server.url(feed["url"])} for feed in feeds],
    }


def test_fetches_into_path_feeds_and_reports(server: FeedServer, tmp_path: Path) -> None:
    server.route("/a.rss", Reply(200, BILL))
    out = io.StringIO()
    code = fetch_feeds_command(
        settings_for(server, {"name": "a", "url": "/a.rss"}), tmp_path, out=out
    )
    assert code == 0
    assert out.getvalue() == "a: updated, 2 new items\n"
    assert (tmp_path / "content" / "feeds" / "a.xml").read_bytes() == BILL
    assert (tmp_path / "content" / "feeds" / "a.json").is_file()


def test_the_user_agent_names_the_sites_fetch_product(server: FeedServer, tmp_path: Path) -> None:
    server.route("/a.rss", Reply(200, BILL))
    settings = {**settings_for(server, {"name": "a", "url": "/a.rss"}),
                "TIMELINE_FETCH_PRODUCT": "widget-fixture-fetch/0.2"}
    assert fetch_feeds_command(settings, tmp_path, out=io.StringIO()) == 0
    [request] = server.requests_for("/a.rss")
    assert request.headers["user-agent"].startswith(
        f"widget-fixture-fetch/0.2 (+{CONTACT_URL}; python-httpx/")


def test_config_problems_are_reported_and_good_feeds_still_fetched(
    server: FeedServer, tmp_path: Path
) -> None:
    server.route("/a.rss", Reply(200, BILL))
    settings = settings_for(server, {"name": "a", "url": "/a.rss"}, {"name": "B!", "url": "/b"})
    out, err = io.StringIO(), io.StringIO()
    code = fetch_feeds_command(settings, tmp_path, out=out, err=err)
    assert code == 1
    assert out.getvalue() == "a: updated, 2 new items\n"
    assert err.getvalue().startswith(
        "fetch-feeds: TIMELINE_FEEDS[1] ('B!'): name 'B!' is not a slug"
    )


def test_only_limits_the_run(server: FeedServer, tmp_path: Path) -> None:
    server.route("/a.rss", Reply(200, BILL))
    settings = settings_for(server, {"name": "a", "url": "/a.rss"}, {"name": "b", "url": "/b.rss"})
    out, err = io.StringIO(), io.StringIO()
    assert fetch_feeds_command(settings, tmp_path, only=["a"], out=out, err=err) == 0
    assert out.getvalue() == "a: updated, 2 new items\n"
    assert server.requests_for("/b.rss") == []
    assert fetch_feeds_command(settings, tmp_path, only=["c"], out=out, err=err) == 1
    assert "no feed is named 'c'" in err.getvalue()


def test_the_deadline_setting_bounds_each_source(server: FeedServer, tmp_path: Path) -> None:
    """TIMELINE_FETCH_DEADLINE reaches the fetcher: a trickling server is cut off."""
    import time

    server.route("/slow.rss", Reply(trickle=0.05, trickle_headers=True, trickle_for=20))
    settings = {**settings_for(server, {"name": "slow", "url": "/slow.rss"}),
                "TIMELINE_FETCH_DEADLINE": 0.5}
    out = io.StringIO()
    started = time.monotonic()
    assert fetch_feeds_command(settings, tmp_path, out=out, err=io.StringIO()) == 1
    assert time.monotonic() - started < 3
    assert out.getvalue() == (
        "slow: failed: the 0.5 s deadline for this source passed fetching "
        f"{server.url('/slow.rss')}\n")


def test_refuses_to_fetch_without_a_contact_url(server: FeedServer, tmp_path: Path) -> None:
    settings = settings_for(server, {"name": "a", "url": "/a.rss"})
    del settings["TIMELINE_FETCH_CONTACT"]
    err = io.StringIO()
    assert fetch_feeds_command(settings, tmp_path, out=io.StringIO(), err=err) == 2
    assert "no contact URL" in err.getvalue()
    assert server.requests == []


def test_contact_url_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert contact_url({}) is None
    monkeypatch.setenv("SITEURL", "https://site.example/")
    assert contact_url({}) == "https://site.example/"
    assert contact_url({"TIMELINE_FETCH_CONTACT": "https://a.example/"}) == "https://a.example/"
    assert contact_url({}, "https://b.example/") == "https://b.example/"
    monkeypatch.setenv("SITEURL", "")
    assert contact_url({"TIMELINE_FETCH_CONTACT": "mailto:x@y"}) is None


def test_the_run_refreshes_the_official_snapshots_the_records_name(tmp_path: Path) -> None:
    """Parliament's data services are sources of the same run: the snapshot a
    record names is fetched, kept when unchanged, and never lost to a failure."""
    import shutil

    from official_support import api_server, base_urls

    from conftest import FIXTURE_SITE, FIXTURES, fixture_settings

    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    made = (FIXTURES / "official" / "made-commons-division-99901.json").read_bytes()
    answers = {"/data/division/99901.json": lambda: made}
    snapshot = site / "official" / "commons-votes" / "data" / "division" / "99901.json"
    with api_server(answers) as (base, _seen):
        settings = fixture_settings(site, tmp_path / "out", TIMELINE_FETCH_CONTACT=CONTACT_URL,
                                    TIMELINE_API_BASE_URLS=base_urls(base))
        out = io.StringIO()
        # The fixture also names a bill and members that this server does not
        # know: those fail, are reported, and write nothing.
        assert fetch_feeds_command(settings, tmp_path, out=out, err=io.StringIO()) == 1
        assert snapshot.read_bytes() == made
        assert "content/official/commons-votes/data/division/99901.json: changed" in (
            out.getvalue().splitlines())
        out = io.StringIO()
        fetch_feeds_command(settings, tmp_path, out=out, err=io.StringIO())
        assert "content/official/commons-votes/data/division/99901.json: unchanged" in (
            out.getvalue().splitlines())
    with api_server({"/data/division/99901.json": (404, b"gone")}) as (base, _seen):
        settings["TIMELINE_API_BASE_URLS"] = base_urls(base)
        out = io.StringIO()
        assert fetch_feeds_command(settings, tmp_path, out=out, err=io.StringIO()) == 1
        assert snapshot.read_bytes() == made
        assert any(line.startswith("content/official/commons-votes/data/division/99901.json: "
                                   "FAILED: ") for line in out.getvalue().splitlines())
