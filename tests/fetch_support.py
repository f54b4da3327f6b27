"""Shared test helpers for the feed-fetching tests.

- :class:`FeedServer`: a real ``ThreadingHTTPServer`` on 127.0.0.1 (port 0)
  whose replies each test scripts per path, recording every request and the
  most requests it ever had in flight at once.
- :func:`refuse_non_loopback`: patches ``socket`` so that nothing in a test
  can reach anything but the loopback interface.
- :func:`fake_dns`: names that resolve to 127.0.0.1, for the redirect rule.
- :func:`make_options`: fetch options with small timeouts and a recording,
  non-sleeping ``sleep``.

Kept out of ``tests/conftest.py`` (which the lead owns) on purpose; the test
modules import the fixtures they need from here.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pelican.plugins.parliament_timeline.sources.http import HttpOptions, build_user_agent

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"

CONTACT_URL = "https://timeline.invalid/about/"
# The fetcher's product token in the tests (a site sets TIMELINE_FETCH_PRODUCT).
FETCH_PRODUCT = "widget-fixture-fetch/0.1"
FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def fixture_bytes(name: str) -> bytes:
    """The bytes of a file in tests/fixtures/feeds/."""
    return (FIXTURES / name).read_bytes()


# --- no network but loopback ---------------------------------------------


class NetworkBlockedError(RuntimeError):
    """A test tried to reach a host other than the loopback interface."""


_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _is_loopback(host: Any) -> bool:
    """Whether ``host`` (an address or a name) is the loopback interface."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def refuse_non_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every socket connect and name lookup refuse non-loopback hosts."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return
        host = address[0] if isinstance(address, tuple) else address
        if not _is_loopback(host):
            msg = f"test tried to connect to {address!r}: only 127.0.0.1 is allowed"
            raise NetworkBlockedError(msg)

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            msg = f"test tried to look up {host!r}: only loopback is allowed"
            raise NetworkBlockedError(msg)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, str]) -> None:
    """Make ``names`` (host name -> IP address) resolve, on top of the loopback guard.

    Lets a test configure a public-looking host name that is really the test
    server on 127.0.0.1. Call it after :func:`refuse_non_loopback`.
    """
    guarded = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if isinstance(name, str) and name.lower() in names:
            return guarded(names[name.lower()], *args, **kwargs)
        return guarded(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# --- a scriptable feed server --------------------------------------------


@dataclass
class Reply:
    """One scripted response.

    ``declared_length`` overrides the Content-Length sent (a larger value
    than the body makes a truncated response); ``send_length=False`` sends
    no Content-Length, so the body ends when the connection closes.
    ``delay`` is slept before anything is sent. ``trickle`` (seconds) sends
    one byte at a time with that pause between bytes: of an endless header
    (``trickle_headers=True``, a server that never finishes its headers), or
    else of the body; either way for at most ``trickle_for`` seconds.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    declared_length: int | None = None
    send_length: bool = True
    trickle: float = 0.0
    trickle_headers: bool = False
    trickle_for: float = 30.0


@dataclass(frozen=True)
class RecordedRequest:
    """A request the server received."""

    path: str
    headers: dict[str, str]


ReplySource = Reply | Callable[[RecordedRequest], Reply]


class FeedServer:
    """A real HTTP server on 127.0.0.1 with scripted replies per path.

    ``route(path, r1, r2, ...)`` answers the first request for ``path`` with
    ``r1``, the next with ``r2``, and repeats the last for any after that. A
    reply may be a callable taking the :class:`RecordedRequest`. Unknown
    paths get 404.
    """

    def __init__(self) -> None:
        """Start the server on a free loopback port, in a daemon thread."""
        self._routes: dict[str, list[ReplySource]] = {}
        self._lock = threading.Lock()
        self.requests: list[RecordedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        handler = self._make_handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str) -> str:
        """The full URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, *replies: ReplySource) -> None:
        """Script the replies for ``path``."""
        with self._lock:
            self._routes[path] = list(replies)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        """The requests received for ``path``, in order."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        """Stop serving and release the port."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, request: RecordedRequest) -> Reply:
        """Record ``request`` and pick its scripted reply."""
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            replies = self._routes.get(request.path)
            if not replies:
                source: ReplySource = Reply(404, b"not found")
            elif len(replies) > 1:
                source = replies.pop(0)
            else:
                source = replies[0]
        return source(request) if callable(source) else source

    def _done(self) -> None:
        """Mark one request as finished."""
        with self._lock:
            self.in_flight -= 1

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        """A request handler class bound to this server's script."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.0: one request per connection, closed after the reply, so
            # a short body really ends the response.
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                request = RecordedRequest(
                    self.path, {k.lower(): v for k, v in self.headers.items()}
                )
                reply = server._next_reply(request)
                done = False
                try:
                    if reply.delay:
                        time.sleep(reply.delay)
                    if reply.trickle_headers:
                        server._done()
                        done = True
                        self._trickle(b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * 10**6, reply)
                        return
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if reply.send_length:
                        length = reply.declared_length
                        self.send_header(
                            "Content-Length",
                            str(len(reply.body) if length is None else length),
                        )
                    # The request stops counting as in flight before the body
                    # goes out: once the client has the whole body it may
                    # start its next request, which could otherwise arrive
                    # before this thread got round to counting this one done.
                    server._done()
                    done = True
                    self.end_headers()
                    if reply.trickle:
                        self._trickle(reply.body, reply)
                        return
                    self.wfile.write(reply.body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                finally:
                    if not done:
                        server._done()

            def _trickle(self, data: bytes, reply: Reply) -> None:
                """Send ``data`` a byte at a time, until done or ``trickle_for`` is up."""
                self.wfile.flush()
                stop = time.monotonic() + reply.trickle_for
                for i in range(len(data)):
                    if time.monotonic() > stop:
                        return
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        return Handler


@contextlib.contextmanager
def running_server() -> Iterator[FeedServer]:
    """A :class:`FeedServer` for the duration of the block."""
    server = FeedServer()
    try:
        yield server
    finally:
        server.close()


def make_options(sleeps: list[float] | None = None, **overrides: Any) -> HttpOptions:
    """Fetch options for tests: short timeouts, no real sleeping.

    Delays asked for are appended to ``sleeps`` instead of slept; the clock
    the deadline is measured on moves on by them all the same.
    """
    record = sleeps if sleeps is not None else []
    slept = [0.0]

    def sleep(delay: float) -> None:
        record.append(delay)
        slept[0] += delay

    values: dict[str, Any] = {
        "user_agent": build_user_agent(CONTACT_URL, FETCH_PRODUCT),
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "deadline": 10.0,
        "retries": 2,
        "backoff_base": 1.0,
        "sleep": sleep,
        "monotonic": lambda: time.monotonic() + slept[0],
        "clock": lambda: FIXED_NOW,
    }
    values.update(overrides)
    return HttpOptions(**values)
