"""Tests for timeline.fetch, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_support import (
    CONTACT_URL,
    FETCH_PRODUCT,
    FIXED_NOW,
    FeedServer,
    RecordedRequest,
    Reply,
    fixture_bytes,
    make_options,
    refuse_non_loopback,
    running_server,
)

from conftest import fixture_vocabulary
from pelican.plugins.parliament_timeline.feeds import config as feed_config
from pelican.plugins.parliament_timeline.fetch.run import (
    FeedRejectedError,
    check_feed,
    fetch_feeds,
    format_result,
    run,
)

BILL = fixture_bytes("bills-3437.xml")
OTHER_BILL = fixture_bytes("bills-1285.xml")
TRUNCATED = fixture_bytes("bills-42-TRUNCATED.xml")
LEG_OLD = fixture_bytes("legislation-2015-12-10.xml")
LEG_NEW = fixture_bytes("legislation-2015-12-16.xml")
HTML_PAGE = fixture_bytes("html-error-page.html")
ETAG = '"v1-3437"'
LAST_MODIFIED = "Wed, 22 Mar 2023 12:35:54 GMT"
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test in this module may open a socket to anything but 127.0.0.1."""
    refuse_non_loopback(monkeypatch)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A scriptable feed server on 127.0.0.1, port 0."""
    with running_server() as feed_server:
        yield feed_server


@pytest.fixture
def feeds_dir(tmp_path: Path) -> Path:
    """An empty content/feeds folder."""
    folder = tmp_path / "content" / "feeds"
    folder.mkdir(parents=True)
    return folder


def read_feed_configs(raw: list) -> tuple[list, list]:
    """feeds.config.read_feed_configs with the fixture subject's vocabulary."""
    return feed_config.read_feed_configs(raw, fixture_vocabulary())


def configs_for(server: FeedServer, **paths: str) -> list:
    """FeedConfigs named by keyword (underscores become hyphens) for server paths."""
    raw = [
        {"name": name.replace("_", "-"), "url": server.url(path)} for name, path in paths.items()
    ]
    configs, problems = read_feed_configs(raw)
    assert problems == []
    return configs


def read_json(feeds_dir: Path, name: str) -> dict:
    """A feed's .json metadata."""
    return json.loads((feeds_dir / f"{name}.json").read_text(encoding="utf-8"))


def seed(server: FeedServer, feeds_dir: Path, name: str, path: str) -> bytes:
    """Make a good first snapshot of ``path`` (with validators); return its bytes."""
    server.route(
        path,
        Reply(200, BILL, {**RSS_TYPE, "ETag": ETAG, "Last-Modified": LAST_MODIFIED}),
    )
    [result] = fetch_feeds(configs_for(server, **{name: path}), feeds_dir, make_options())
    assert result.outcome == "updated"
    return (feeds_dir / f"{name.replace('_', '-')}.xml").read_bytes()


def assert_no_temp_files(feeds_dir: Path) -> None:
    """Atomic writes leave no temporary files behind."""
    assert [p.name for p in feeds_dir.iterdir() if p.name.startswith(".")] == []


# --- success paths ---------------------------------------------------------


def test_first_fetch_stores_raw_bytes_and_metadata(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/bill.rss", Reply(200, BILL, {**RSS_TYPE, "ETag": ETAG}))
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())

    assert result.outcome == "updated"
    assert result.new_items == 2
    assert format_result(result) == "bill: updated, 2 new items"
    assert (feeds_dir / "bill.xml").read_bytes() == BILL
    meta = read_json(feeds_dir, "bill")
    assert meta["url"] == server.url("/bill.rss")
    assert meta["final_url"] == server.url("/bill.rss")
    assert meta["status"] == 200
    assert meta["etag"] == ETAG
    assert meta["last_modified"] is None
    assert meta["content_type"] == RSS_TYPE["Content-Type"]
    assert meta["fetched_at"] == FIXED_NOW.isoformat()
    assert meta["last_attempt_at"] == FIXED_NOW.isoformat()
    assert meta["last_error"] is None
    assert meta["size"] == len(BILL)
    assert meta["items"] == 2
    assert meta["sha256"] == hashlib.sha256(BILL).hexdigest()
    assert_no_temp_files(feeds_dir)


def test_200_with_validators_then_304_sends_conditional_headers(
    server: FeedServer, feeds_dir: Path
) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")

    def conditional(request: RecordedRequest) -> Reply:
        if request.headers.get("if-none-match") == ETAG:
            return Reply(304, b"", {"ETag": ETAG})
        return Reply(200, BILL, RSS_TYPE)

    server.route("/bill.rss", conditional)
    meta_before = (feeds_dir / "bill.json").read_bytes()
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())

    second = server.requests_for("/bill.rss")[-1]
    assert second.headers["if-none-match"] == ETAG
    assert second.headers["if-modified-since"] == LAST_MODIFIED
    assert result.outcome == "unchanged"
    assert format_result(result) == "bill: unchanged"
    assert (feeds_dir / "bill.xml").read_bytes() == before
    # The record already said the feed was healthy: nothing is written.
    assert (feeds_dir / "bill.json").read_bytes() == meta_before


def test_304_after_a_failure_records_the_recovery(server: FeedServer, feeds_dir: Path) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")

    def conditional(request: RecordedRequest) -> Reply:
        if request.headers.get("if-none-match") == ETAG:
            return Reply(304, b"", {"ETag": ETAG})
        return Reply(200, BILL, RSS_TYPE)

    server.route("/bill.rss", Reply(404, b"gone"), conditional)
    configs = configs_for(server, bill="/bill.rss")
    fetch_feeds(configs, feeds_dir, make_options(retries=0))
    assert read_json(feeds_dir, "bill")["last_outcome"] == "failed"
    [result] = fetch_feeds(configs, feeds_dir, make_options(retries=0))
    assert result.outcome == "unchanged"
    meta = read_json(feeds_dir, "bill")
    assert meta["last_status"] == 304
    assert meta["last_outcome"] == "unchanged"
    assert meta["last_error"] is None
    assert meta["etag"] == ETAG
    assert (feeds_dir / "bill.xml").read_bytes() == before


def _rebuilt(body: bytes, build_date: bytes) -> bytes:
    """The same bill feed as bills.parliament.uk serves it a moment later."""
    start = body.index(b"<lastBuildDate>") + len(b"<lastBuildDate>")
    end = body.index(b"</lastBuildDate>")
    return body[:start] + build_date + body[end:]


def test_a_new_build_date_alone_leaves_snapshot_and_record_untouched(
    server: FeedServer, feeds_dir: Path
) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")
    meta_before = (feeds_dir / "bill.json").read_bytes()
    later = _rebuilt(BILL, b"Mon, 29 Jun 2026 09:00:00 +0100")
    assert later != BILL
    server.route("/bill.rss", Reply(200, later, RSS_TYPE))
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())
    assert result.outcome == "unchanged"
    assert format_result(result) == "bill: unchanged"
    assert (feeds_dir / "bill.xml").read_bytes() == before
    assert (feeds_dir / "bill.json").read_bytes() == meta_before


def test_a_changed_item_with_a_new_build_date_is_an_update(
    server: FeedServer, feeds_dir: Path
) -> None:
    seed(server, feeds_dir, "bill", "/bill.rss")
    later = _rebuilt(BILL, b"Mon, 29 Jun 2026 09:00:00 +0100").replace(
        b"House of Commons 1st reading", b"House of Commons 1st reading (corrected)"
    )
    assert b"(corrected)" in later
    server.route("/bill.rss", Reply(200, later, RSS_TYPE))
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())
    assert result.outcome == "updated"
    assert (feeds_dir / "bill.xml").read_bytes() == later


def test_first_fetch_is_unconditional(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))
    fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())
    [request] = server.requests_for("/bill.rss")
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers


def test_no_conditional_headers_when_the_url_changed(server: FeedServer, feeds_dir: Path) -> None:
    seed(server, feeds_dir, "bill", "/old.rss")
    server.route("/new.rss", Reply(200, OTHER_BILL, RSS_TYPE))
    [result] = fetch_feeds(configs_for(server, bill="/new.rss"), feeds_dir, make_options())
    [request] = server.requests_for("/new.rss")
    assert "if-none-match" not in request.headers
    assert result.outcome == "updated"
    assert (feeds_dir / "bill.xml").read_bytes() == OTHER_BILL


def test_same_bytes_again_is_unchanged(server: FeedServer, feeds_dir: Path) -> None:
    seed(server, feeds_dir, "bill", "/bill.rss")
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))  # no validators honoured
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())
    assert result.outcome == "unchanged"
    assert read_json(feeds_dir, "bill")["last_status"] == 200


def test_new_items_are_counted_against_the_previous_snapshot(
    server: FeedServer, feeds_dir: Path
) -> None:
    server.route(
        "/leg.feed",
        Reply(200, LEG_OLD, {"Content-Type": "application/atom+xml"}),
        Reply(200, LEG_NEW, {"Content-Type": "application/atom+xml"}),
    )
    configs = configs_for(server, leg="/leg.feed")
    fetch_feeds(configs, feeds_dir, make_options())
    [result] = fetch_feeds(configs, feeds_dir, make_options())
    # The same legislation.gov.uk feed six days later: 20 entries, all new.
    assert format_result(result) == "leg: updated, 20 new items"
    assert (feeds_dir / "leg.xml").read_bytes() == LEG_NEW


def test_handmade_note_is_kept_until_the_server_replaces_the_snapshot(
    server: FeedServer, feeds_dir: Path
) -> None:
    (feeds_dir / "bill.xml").write_bytes(OTHER_BILL)
    (feeds_dir / "bill.json").write_text(json.dumps({"handmade": "typed from the bill page"}))
    server.route("/bill.rss", Reply(500, b"oops"), Reply(200, BILL, RSS_TYPE))
    configs = configs_for(server, bill="/bill.rss")

    fetch_feeds(configs, feeds_dir, make_options(retries=0))
    assert read_json(feeds_dir, "bill")["handmade"] == "typed from the bill page"
    fetch_feeds(configs, feeds_dir, make_options(retries=0))
    assert "handmade" not in read_json(feeds_dir, "bill")
    assert (feeds_dir / "bill.xml").read_bytes() == BILL


def test_redirect_is_followed_within_the_limit(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/old", Reply(301, b"", {"Location": "/middle"}))
    server.route("/middle", Reply(302, b"", {"Location": server.url("/bill.rss")}))
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))
    [result] = fetch_feeds(configs_for(server, bill="/old"), feeds_dir, make_options())
    assert result.outcome == "updated"
    assert read_json(feeds_dir, "bill")["final_url"] == server.url("/bill.rss")


def test_user_agent_identifies_us_with_a_contact_url(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))
    fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())
    [request] = server.requests_for("/bill.rss")
    agent = request.headers["user-agent"]
    assert agent.startswith(f"{FETCH_PRODUCT} (+")
    assert f"+{CONTACT_URL}" in agent


# --- failures: the last good snapshot stays byte-identical -------------------


FAILING_REPLIES = {
    "404": ([Reply(404, b"<html>Not found</html>")], "HTTP 404"),
    "html-error-page-with-200": (
        [Reply(200, HTML_PAGE, {"Content-Type": "text/html"})],
        "an HTML page, not a feed",
    ),
    "invalid-xml-with-200": (
        [
            Reply(
                200,
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>',
                RSS_TYPE,
            )
        ],
        "not well-formed XML",
    ),
    "cut-xml-with-200": ([Reply(200, TRUNCATED, RSS_TYPE)], "not well-formed XML"),
    "not-a-feed": (
        [Reply(200, b'{"error": "rate limited"}', RSS_TYPE)],
        "not an RSS or Atom",
    ),
    "empty-body": ([Reply(200, b"", RSS_TYPE)], "empty body"),
    "body-shorter-than-content-length": (
        [Reply(200, BILL[:300], RSS_TYPE, declared_length=len(BILL))],
        "broke off",
    ),
    "oversized-declared": ([Reply(200, BILL, RSS_TYPE)], "limit"),
    "oversized-streamed": (
        [Reply(200, BILL, RSS_TYPE, send_length=False)],
        "limit; download aborted",
    ),
    "redirect-loop": (
        [Reply(302, b"", {"Location": "/b"})],  # /b redirects back, see below
        "redirect loop",
    ),
    "500-every-time": ([Reply(500, b"boom")], "HTTP 500"),
    "304-to-unconditional-request": ([Reply(304, b"")], "not conditional"),
}


@pytest.mark.parametrize("case", sorted(FAILING_REPLIES))
def test_failure_keeps_snapshot_byte_identical(
    case: str, server: FeedServer, feeds_dir: Path
) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")
    replies, reason = FAILING_REPLIES[case]
    server.route("/bill.rss", *replies)
    server.route("/b", Reply(302, b"", {"Location": "/bill.rss"}))
    options = make_options(max_bytes=1000 if case.startswith("oversized") else 10**6)
    if case == "304-to-unconditional-request":
        # The .json lost its validators: the request is unconditional.
        (feeds_dir / "bill.json").write_text("{}")
    out = io.StringIO()

    code = run(configs_for(server, bill="/bill.rss"), feeds_dir, options, out=out)

    assert code == 1
    line = out.getvalue()
    assert line.startswith("bill: failed: ")
    assert reason in line
    assert (feeds_dir / "bill.xml").read_bytes() == before
    meta = read_json(feeds_dir, "bill")
    assert reason in meta["last_error"]
    assert meta["last_outcome"] == "failed"
    assert meta["last_attempt_at"] == FIXED_NOW.isoformat()
    assert_no_temp_files(feeds_dir)


def test_failure_without_a_snapshot_creates_no_xml(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/gone.rss", Reply(410, b"gone"))
    [result] = fetch_feeds(configs_for(server, gone="/gone.rss"), feeds_dir, make_options())
    assert result.outcome == "failed"
    assert result.status == 410
    assert not (feeds_dir / "gone.xml").exists()
    assert read_json(feeds_dir, "gone")["last_error"] == "HTTP 410 Gone"


def test_500_is_retried_with_backoff_then_succeeds(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/bill.rss", Reply(500, b"boom"), Reply(502, b"bad"), Reply(200, BILL, RSS_TYPE))
    sleeps: list[float] = []
    [result] = fetch_feeds(
        configs_for(server, bill="/bill.rss"),
        feeds_dir,
        make_options(sleeps, retries=3, backoff_base=1.5),
    )
    assert result.outcome == "updated"
    assert len(server.requests_for("/bill.rss")) == 3
    assert sleeps == [1.5, 3.0]


def test_retries_are_bounded(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/bill.rss", Reply(503, b"busy"))
    sleeps: list[float] = []
    [result] = fetch_feeds(
        configs_for(server, bill="/bill.rss"),
        feeds_dir,
        make_options(sleeps, retries=2),
    )
    assert result.outcome == "failed"
    assert "gave up after 3 attempts" in result.error
    assert len(server.requests_for("/bill.rss")) == 3
    assert len(sleeps) == 2


def test_4xx_is_not_retried(server: FeedServer, feeds_dir: Path) -> None:
    server.route("/bill.rss", Reply(403, b"no"))
    sleeps: list[float] = []
    fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options(sleeps))
    assert len(server.requests_for("/bill.rss")) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), ("Fri, 02 Jan 2026 03:04:35 GMT", 30.0)],
    ids=["seconds", "http-date"],
)
def test_retry_after_is_honoured(
    header: str, expected: float, server: FeedServer, feeds_dir: Path
) -> None:
    server.route(
        "/bill.rss",
        Reply(503, b"later", {"Retry-After": header}),
        Reply(200, BILL, RSS_TYPE),
    )
    sleeps: list[float] = []
    [result] = fetch_feeds(
        configs_for(server, bill="/bill.rss"),
        feeds_dir,
        make_options(sleeps, backoff_base=1.0),
    )
    assert result.outcome == "updated"
    assert sleeps == [expected]


def test_retry_after_beyond_the_cap_gives_up(server: FeedServer, feeds_dir: Path) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")
    server.route("/bill.rss", Reply(429, b"slow down", {"Retry-After": "3600"}))
    sleeps: list[float] = []
    [result] = fetch_feeds(
        configs_for(server, bill="/bill.rss"),
        feeds_dir,
        make_options(sleeps, retry_after_cap=60.0),
    )
    assert result.outcome == "failed"
    assert "Retry-After" in result.error
    assert sleeps == []
    assert len(server.requests_for("/bill.rss")) == 2  # the seed, then one try
    assert (feeds_dir / "bill.xml").read_bytes() == before


def test_timeout_is_retried_then_fails(server: FeedServer, feeds_dir: Path) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE, delay=1.0))
    sleeps: list[float] = []
    started = time.monotonic()
    [result] = fetch_feeds(
        configs_for(server, bill="/bill.rss"),
        feeds_dir,
        make_options(sleeps, read_timeout=0.2, retries=1),
    )
    assert time.monotonic() - started < 1.5
    assert result.outcome == "failed"
    assert "timed out" in result.error
    assert len(sleeps) == 1
    assert (feeds_dir / "bill.xml").read_bytes() == before


def test_too_many_redirects(server: FeedServer, feeds_dir: Path) -> None:
    for hop in range(5):
        server.route(f"/r{hop}", Reply(302, b"", {"Location": f"/r{hop + 1}"}))
    server.route("/r5", Reply(200, BILL, RSS_TYPE))
    configs = configs_for(server, bill="/r0")
    [result] = fetch_feeds(configs, feeds_dir, make_options(max_redirects=4))
    assert result.outcome == "failed"
    assert "more than 4 redirects" in result.error
    [result] = fetch_feeds(configs, feeds_dir, make_options(max_redirects=5))
    assert result.outcome == "updated"


# --- several feeds -----------------------------------------------------------


def test_one_failure_does_not_stop_the_others_and_sets_the_exit_code(
    server: FeedServer, feeds_dir: Path
) -> None:
    server.route("/good.rss", Reply(200, BILL, RSS_TYPE))
    server.route("/bad.rss", Reply(404, b"no"))
    out = io.StringIO()
    code = run(
        configs_for(server, good="/good.rss", bad="/bad.rss"),
        feeds_dir,
        make_options(),
        out=out,
    )
    assert code == 1
    assert out.getvalue().splitlines() == [
        "good: updated, 2 new items",
        "bad: failed: HTTP 404 Not Found",
    ]


def test_exit_code_is_zero_when_all_are_updated_or_unchanged(
    server: FeedServer, feeds_dir: Path
) -> None:
    seed(server, feeds_dir, "one", "/one.rss")
    server.route("/one.rss", Reply(304, b""))
    server.route("/two.rss", Reply(200, OTHER_BILL, RSS_TYPE))
    out = io.StringIO()
    code = run(
        configs_for(server, one="/one.rss", two="/two.rss"),
        feeds_dir,
        make_options(),
        out=out,
    )
    assert code == 0
    assert out.getvalue().splitlines() == [
        "one: unchanged",
        "two: updated, 2 new items",
    ]


def test_at_most_n_requests_at_once_per_host(server: FeedServer, feeds_dir: Path) -> None:
    names = {f"feed_{i}": f"/feed{i}.rss" for i in range(6)}
    for path in names.values():
        server.route(path, Reply(200, BILL, RSS_TYPE, delay=0.15))
    results = fetch_feeds(
        configs_for(server, **names), feeds_dir, make_options(per_host=2), max_workers=6
    )
    assert [r.outcome for r in results] == ["updated"] * 6
    assert server.max_in_flight == 2


# --- check_feed --------------------------------------------------------------


@pytest.mark.parametrize("name", ["bills-3437.xml", "bills-1285.xml", "legislation-2015-12-16.xml"])
def test_check_feed_accepts_real_feeds(name: str) -> None:
    assert check_feed(fixture_bytes(name)).entries


def test_check_feed_rejects_the_truncated_download_feedparser_half_accepts() -> None:
    with pytest.raises(FeedRejectedError, match="not well-formed"):
        check_feed(TRUNCATED)


def test_check_feed_never_crashes_on_the_feedparser_corpus(feedparser_corpus) -> None:
    """Every corpus file is either accepted or rejected with FeedRejectedError."""
    files = sorted(p for p in feedparser_corpus.rglob("*") if p.is_file())
    assert len(files) > 2000
    accepted = rejected = 0
    for path in files:
        try:
            check_feed(path.read_bytes())
        except FeedRejectedError:
            rejected += 1
        else:
            accepted += 1
    assert accepted > 1000
    assert rejected > 0


def test_the_loopback_guard_refuses_other_hosts() -> None:
    import socket

    from fetch_support import NetworkBlockedError

    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(NetworkBlockedError),
    ):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed anyway
    with pytest.raises(NetworkBlockedError):
        socket.getaddrinfo("bills.parliament.uk", 443)


def test_first_seen_records_each_new_item_once(server: FeedServer, feeds_dir: Path) -> None:
    server.route(
        "/leg.feed",
        Reply(200, LEG_OLD, {"Content-Type": "application/atom+xml"}),
        Reply(200, LEG_NEW, {"Content-Type": "application/atom+xml"}),
    )
    configs, _ = read_feed_configs(
        [{"name": "leg", "url": server.url("/leg.feed"), "stage": "publication"}]
    )
    fetch_feeds(configs, feeds_dir, make_options(clock=lambda: FIXED_NOW))
    first = read_json(feeds_dir, "leg")["first_seen"]
    assert len(first) == 20
    assert set(first.values()) == {FIXED_NOW.isoformat()}
    later = FIXED_NOW.replace(day=9)
    fetch_feeds(configs, feeds_dir, make_options(clock=lambda: later))
    second = read_json(feeds_dir, "leg")["first_seen"]
    assert {k: v for k, v in second.items() if k in first} == first
    assert set(second) > set(first)
    assert later.isoformat() in second.values()
