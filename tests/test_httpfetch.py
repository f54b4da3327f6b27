"""Tests for timeline.httpfetch's pure parts (the HTTP paths are in test_fetch.py)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from fetch_support import refuse_non_loopback

from pelican.plugins.parliament_timeline.sources.http import (
    HostLimiter,
    HttpOptions,
    build_user_agent,
    parse_retry_after,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test in this module may open a socket to anything but 127.0.0.1."""
    refuse_non_loopback(monkeypatch)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Fri, 02 Jan 2026 03:05:05 GMT", 60.0),
        ("Fri, 02 Jan 2026 03:00:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-5", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_backoff_doubles_up_to_the_cap() -> None:
    options = HttpOptions(user_agent="x", backoff_base=2.0, backoff_cap=10.0)
    assert [options.backoff(n) for n in range(5)] == [2.0, 4.0, 8.0, 10.0, 10.0]


def test_user_agent_names_the_project_and_a_contact() -> None:
    agent = build_user_agent("https://timeline.invalid/about/", "widget-fixture-fetch/0.1")
    assert agent.startswith("widget-fixture-fetch/0.1 (+https://timeline.invalid/about/;")
    with pytest.raises(ValueError, match="contact URL"):
        build_user_agent("me@example.org", "widget-fixture-fetch/0.1")


def test_host_limiter_holds_each_host_to_its_limit() -> None:
    limiter = HostLimiter(2)
    lock = threading.Lock()
    in_flight = {"a": 0, "b": 0}
    peak = {"a": 0, "b": 0}

    def work(host: str) -> None:
        with limiter.slot(host):
            with lock:
                in_flight[host] += 1
                peak[host] = max(peak[host], in_flight[host])
            time.sleep(0.05)
            with lock:
                in_flight[host] -= 1

    threads = [threading.Thread(target=work, args=(h,)) for h in "aaaaabbbbb"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == {"a": 2, "b": 2}


def test_host_limiter_gives_up_waiting_after_the_timeout() -> None:
    from pelican.plugins.parliament_timeline.sources.http import NoSlotError

    limiter = HostLimiter(1)
    with (limiter.slot("a"), pytest.raises(NoSlotError, match="no free slot for a within"),
          limiter.slot("a", timeout=0.05)):
        pass
    with limiter.slot("a", timeout=0.05):
        pass  # free again


def test_is_public_refuses_every_kind_of_internal_address() -> None:
    from pelican.plugins.parliament_timeline.sources.http import is_public

    for address in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                    "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1",
                    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "not an address"):
        assert not is_public(address), address
    assert is_public("93.184.215.14")
    assert is_public("2a00:1450:4009:81f::200e")


def test_host_limiter_needs_at_least_one_slot() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        HostLimiter(0)
