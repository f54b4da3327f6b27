"""Tests for timeline.fetch, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fetch_support import (
    CONTACT_URL,
    FETCH_PRODUCT,
    FIXED_NOW,
    FeedServer,
    RecordedRequest,
    Reply,
    fake_dns,
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
    run_bound,
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
        make_options(sleeps, backoff_base=1.0, deadline=60.0),
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


# --- a fetch always ends (issue 20, finding 6) --------------------------------


def bounded(call: Callable[[], object], limit: float) -> tuple[object, float]:
    """Run ``call`` in a thread; fail the test (not hang) if it outlasts ``limit`` s."""
    box: dict[str, object] = {}

    def target() -> None:
        box["result"] = call()

    started = time.monotonic()
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(limit)
    elapsed = time.monotonic() - started
    assert not worker.is_alive(), f"the fetch was still running after {limit} s"
    return box["result"], elapsed


def assert_failure_recorded(feeds_dir: Path, name: str, before: bytes, words: str) -> None:
    """The snapshot is byte-identical and the failure is in the .json."""
    assert (feeds_dir / f"{name}.xml").read_bytes() == before
    meta = read_json(feeds_dir, name)
    assert meta["last_outcome"] == "failed"
    assert words in meta["last_error"]
    assert_no_temp_files(feeds_dir)


def test_a_server_that_trickles_its_headers_is_cut_off_at_the_deadline(
    server: FeedServer, feeds_dir: Path
) -> None:
    """Each header byte comes within the read timeout, so only a deadline ends it."""
    before = seed(server, feeds_dir, "bill", "/bill.rss")
    server.route("/bill.rss", Reply(trickle=0.05, trickle_headers=True, trickle_for=20))
    options = make_options(read_timeout=2.0, deadline=1.0, retries=3)
    [result], elapsed = bounded(
        lambda: fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, options), 10)
    assert result.outcome == "failed"
    assert "the 1 s deadline for this source passed" in result.error
    assert elapsed < 3
    # The deadline covers every attempt: there was no time for a second one.
    assert len(server.requests_for("/bill.rss")) == 2  # the seed, then one try
    assert_failure_recorded(feeds_dir, "bill", before, "deadline")


def test_a_trickled_body_is_cut_off_at_one_deadline_across_all_attempts(
    server: FeedServer, feeds_dir: Path
) -> None:
    before = seed(server, feeds_dir, "bill", "/bill.rss")
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE, trickle=0.05, trickle_for=20))
    options = make_options(read_timeout=2.0, deadline=1.0, retries=3)
    [result], elapsed = bounded(
        lambda: fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, options), 10)
    assert result.outcome == "failed"
    assert "deadline" in result.error
    assert elapsed < 3
    assert_failure_recorded(feeds_dir, "bill", before, "deadline")


def test_retries_stop_when_the_wait_would_pass_the_deadline(
    server: FeedServer, feeds_dir: Path
) -> None:
    server.route("/bill.rss", Reply(503, b"busy", {"Retry-After": "30"}))
    sleeps: list[float] = []
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir,
                           make_options(sleeps, deadline=5.0, retries=3))
    assert result.outcome == "failed"
    assert "no time for another within the 5 s deadline" in result.error
    assert sleeps == []
    assert read_json(feeds_dir, "bill")["last_error"] == result.error


def test_a_run_of_slow_sources_is_bounded_by_the_deadline(
    server: FeedServer, feeds_dir: Path
) -> None:
    """Four trickling sources, two workers: two rounds of one deadline each."""
    names = {f"slow_{i}": f"/slow{i}.rss" for i in range(4)}
    for path in names.values():
        server.route(path, Reply(trickle=0.05, trickle_headers=True, trickle_for=20))
    options = make_options(deadline=0.5, per_host=4)
    out = io.StringIO()
    code, elapsed = bounded(
        lambda: run(configs_for(server, **names), feeds_dir, options, out=out,
                    max_workers=2), 10)
    assert code == 1
    assert run_bound(4, options, 2) == 2 * 0.5
    assert elapsed < run_bound(4, options, 2) + 1.5
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert all("deadline" in line for line in lines)
    for name in names:
        assert read_json(feeds_dir, name.replace("_", "-"))["last_outcome"] == "failed"


# --- redirects stay where the configuration said (issue 20, finding 6) --------


# A public address, never contacted: what the redirect rule is told that the
# configured host name resolves to.
PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture
def public_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host names that connect to the test server on 127.0.0.1 (fake DNS)."""
    fake_dns(monkeypatch, {"feeds.widgets.example": "127.0.0.1",
                           "internal.widgets.example": "127.0.0.1"})


def resolver(**names: str) -> Callable[[str, int], list[str]]:
    """An injected resolver for the redirect rule: host (dots as underscores) -> address."""
    table = {host.replace("_", "."): address for host, address in names.items()}
    return lambda host, port: [table[host]]


# feeds.widgets.example looks public to the redirect rule (as a real
# publisher's host would), internal.widgets.example resolves to loopback.
PUBLIC_LOOKING = resolver(feeds_widgets_example=PUBLIC_ADDRESS,
                          internal_widgets_example="127.0.0.1")


def named_config(server: FeedServer, path: str) -> list:
    url = f"http://feeds.widgets.example:{server.port}{path}"
    configs, problems = read_feed_configs([{"name": "bill", "url": url}])
    assert problems == []
    return configs


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/internal",
        "http://internal.widgets.example:{port}/internal",
        "http://[::ffff:127.0.0.1]:{port}/internal",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[fe80::1]/",
    ],
    ids=["loopback", "name-of-loopback", "mapped-loopback", "metadata", "private",
         "link-local-v6"],
)
def test_a_public_host_redirecting_to_a_private_address_is_refused(
    location: str, public_names: None, server: FeedServer, feeds_dir: Path
) -> None:
    server.route("/seed", Reply(200, BILL, RSS_TYPE))
    configs = named_config(server, "/seed")
    fetch_feeds(configs, feeds_dir, make_options(resolve=PUBLIC_LOOKING))
    before = (feeds_dir / "bill.xml").read_bytes()
    server.route("/seed", Reply(302, b"", {"Location": location.format(port=server.port)}))
    server.route("/internal", Reply(200, OTHER_BILL, RSS_TYPE))

    [result] = fetch_feeds(configs, feeds_dir, make_options(resolve=PUBLIC_LOOKING))

    assert result.outcome == "failed"
    assert "private, loopback or link-local" in result.error
    assert server.requests_for("/internal") == []
    assert_failure_recorded(feeds_dir, "bill", before, "refusing to follow a redirect")


def test_a_public_host_may_redirect_to_its_own_name(
    public_names: None, server: FeedServer, feeds_dir: Path
) -> None:
    server.route("/old", Reply(301, b"", {"Location": "/bill.rss"}))
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))
    [result] = fetch_feeds(named_config(server, "/old"), feeds_dir,
                           make_options(resolve=PUBLIC_LOOKING))
    assert result.outcome == "updated"


def test_a_loopback_server_configured_directly_may_redirect_to_its_own_name(
    public_names: None, server: FeedServer, feeds_dir: Path
) -> None:
    """The configured URL named this address: its other names lead to it too."""
    server.route("/old", Reply(302, b"", {
        "Location": f"http://internal.widgets.example:{server.port}/bill.rss"}))
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))
    [result] = fetch_feeds(configs_for(server, bill="/old"), feeds_dir,
                           make_options(resolve=PUBLIC_LOOKING))
    assert result.outcome == "updated"


def test_the_address_actually_connected_to_is_checked_too(
    server: FeedServer, feeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that looks public when checked and is loopback when connected to."""
    fake_dns(monkeypatch, {"feeds.widgets.example": "127.0.0.1",
                           "rebind.widgets.example": "127.0.0.1"})
    server.route("/old", Reply(302, b"", {
        "Location": f"http://rebind.widgets.example:{server.port}/bill.rss"}))
    server.route("/bill.rss", Reply(200, BILL, RSS_TYPE))
    # Checked before connecting, the name looks public; connected, it is loopback.
    public = make_options(resolve=resolver(feeds_widgets_example=PUBLIC_ADDRESS,
                                           rebind_widgets_example=PUBLIC_ADDRESS))
    [result] = fetch_feeds(named_config(server, "/old"), feeds_dir, public)
    assert result.outcome == "failed"
    assert "leads to 127.0.0.1" in result.error
    assert server.requests_for("/bill.rss") == []


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://[::1", "a redirect with a malformed Location header"),
        ("http://bad host:x/", "a redirect with a malformed Location header"),
        ("http://a.example/\x00", "the server broke off the response: illegal header"),
    ],
    ids=["bracket", "port", "nul"],
)
def test_a_malformed_location_is_a_recorded_failure(
    location: str, reason: str, server: FeedServer, feeds_dir: Path
) -> None:
    from pelican.plugins.parliament_timeline.feeds.items import load_feeds

    before = seed(server, feeds_dir, "bill", "/bill.rss")
    server.route("/bill.rss", Reply(302, b"", {"Location": location}))
    out = io.StringIO()
    configs = configs_for(server, bill="/bill.rss")
    assert run(configs, feeds_dir, make_options(), out=out) == 1
    assert out.getvalue().startswith(f"bill: failed: {reason}")
    assert_failure_recorded(feeds_dir, "bill", before, reason)
    [status] = load_feeds(configs, feeds_dir, []).statuses
    assert status.state == "failing"


def test_an_unexpected_error_is_recorded_as_a_failure(
    server: FeedServer, feeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pelican.plugins.parliament_timeline.fetch import run as fetch_run

    before = seed(server, feeds_dir, "bill", "/bill.rss")

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(fetch_run, "get", broken)
    [result] = fetch_feeds(configs_for(server, bill="/bill.rss"), feeds_dir, make_options())
    assert result.outcome == "failed"
    assert_failure_recorded(feeds_dir, "bill", before, "unexpected error: ZeroDivisionError")


def test_a_feed_over_max_items_is_stored_whole_and_counted_whole(
    server: FeedServer, feeds_dir: Path
) -> None:
    """Issue 20, finding 7: the snapshot stays the feed as served; only reading is capped."""
    server.route("/leg.feed", Reply(200, LEG_NEW, {"Content-Type": "application/atom+xml"}))
    configs, _ = read_feed_configs([{"name": "leg", "url": server.url("/leg.feed"),
                                     "kind": "legislation-atom", "max_items": 5}])
    [result] = fetch_feeds(configs, feeds_dir, make_options())
    assert format_result(result) == "leg: updated, 5 new items"
    assert (feeds_dir / "leg.xml").read_bytes() == LEG_NEW
    meta = read_json(feeds_dir, "leg")
    assert meta["items"] == 20
    assert len(meta["first_seen"]) == 5
