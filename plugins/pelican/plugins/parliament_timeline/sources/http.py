"""A careful HTTP GET for feeds: a deadline, redirects, size cap, retries, politeness.

:func:`get` fetches one URL with an ``httpx.Client`` and returns a
:class:`HttpResponse` holding the whole body, or raises :class:`FetchError`
with a short reason fit for a one-line report. It

- gives each source one deadline (``deadline``, seconds) covering connect,
  headers and body across every attempt and the waits between them. The
  connect/read timeouts never outlast it, and a watchdog shuts the
  connection down when it passes, so a server that trickles its headers or
  its body one byte at a time cannot hold a run (read timeouts alone never
  fire on a trickle);
- follows redirects itself (at most ``max_redirects``, refusing loops,
  non-http(s) targets and malformed ``Location`` headers), never to a
  private, loopback or link-local address that the configured URL did not
  itself name (:class:`AddressGuard`: checked before connecting, and again
  on the address actually connected to);
- streams the body and aborts once it passes ``max_bytes``;
- retries timeouts, broken connections (including bodies cut short of their
  ``Content-Length``), HTTP 429 and 5xx, with exponential backoff or the
  server's ``Retry-After`` when it gives one, and gives up rather than wait
  longer than ``retry_after_cap``;
- holds a per-host slot (:class:`HostLimiter`) for each request, so no host
  ever sees more than ``per_host`` requests from us at once.

The module knows nothing of feeds or snapshots. Sleeping and the clock are
injectable (:class:`HttpOptions`), so tests of retries need not wait.
"""

from __future__ import annotations

import contextlib
import email.utils
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

__all__ = [
    "AddressGuard",
    "DeadlineError",
    "FetchError",
    "HostLimiter",
    "HttpOptions",
    "HttpResponse",
    "RetryableError",
    "build_user_agent",
    "get",
    "make_client",
]

logger = logging.getLogger(__name__)

def build_user_agent(contact_url: str, product: str) -> str:
    """An identifying User-Agent: the site's product token and a contact URL.

    Raises ValueError unless ``contact_url`` is an http(s) URL: publishers
    should always be able to find out who is polling them.
    """
    if not contact_url.startswith(("https://", "http://")):
        msg = f"the fetcher's contact URL must be an http(s) URL, not {contact_url!r}"
        raise ValueError(msg)
    return f"{product} (+{contact_url}; python-httpx/{httpx.__version__})"


class FetchError(Exception):
    """A fetch failed for good; ``str()`` is a short reason for the report."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        """Keep the reason and, if there was a response, its HTTP status."""
        super().__init__(reason)
        self.status = status


class RetryableError(FetchError):
    """A failure worth retrying: a timeout, a dropped connection, a 429 or 5xx.

    ``retry_after`` is the delay in seconds the server asked for, if any.
    """

    def __init__(
        self, reason: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        """Keep the reason, status and the server's Retry-After delay."""
        super().__init__(reason, status)
        self.retry_after = retry_after


class DeadlineError(FetchError):
    """The source's deadline passed: not retried, there is no time left."""


class RefusedAddressError(FetchError):
    """A redirect led to an address the configured URL did not name."""


def _utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def resolve_host(host: str, port: int) -> list[str]:
    """The IP addresses ``host`` resolves to (as ``socket.getaddrinfo`` finds them)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class HttpOptions:
    """How politely and how patiently to fetch. Times are in seconds."""

    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # One deadline per source: connect, headers and body, across every
    # attempt and the waits between them (TIMELINE_FETCH_DEADLINE).
    deadline: float = 120.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    # Retries after the first attempt.
    retries: int = 3
    backoff_base: float = 2.0
    backoff_cap: float = 60.0
    retry_after_cap: float = 120.0
    per_host: int = 2
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], datetime] = field(default=_utcnow, repr=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False)
    # How a host name becomes addresses, for the redirect rule.
    resolve: Callable[[str, int], list[str]] = field(default=resolve_host, repr=False)

    def backoff(self, attempt: int) -> float:
        """The delay before retry number ``attempt + 1`` (attempt counts from 0)."""
        return min(self.backoff_cap, self.backoff_base * (2**attempt))


@dataclass(frozen=True)
class HttpResponse:
    """A complete response: final URL, status, headers and (for 200) the body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes | None
    redirects: tuple[str, ...] = ()


class Deadline:
    """A point in time (on ``monotonic``'s clock) by which a source must be done."""

    def __init__(self, seconds: float, monotonic: Callable[[], float]) -> None:
        """Start the clock: the deadline is ``seconds`` from now."""
        self.seconds = seconds
        self._monotonic = monotonic
        self._at = monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (0 once passed)."""
        return max(0.0, self._at - self._monotonic())

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.remaining() <= 0.0

    def error(self, doing: str, status: int | None = None) -> DeadlineError:
        """The failure to report when the deadline passed while ``doing``."""
        return DeadlineError(
            f"the {self.seconds:g} s deadline for this source passed {doing}", status)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``text`` as an IP address (an IPv4-mapped IPv6 one as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_public(address: str) -> bool:
    """Whether ``address`` is a public (globally routable) IP address.

    Private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local
    (169.254/16, where cloud metadata services answer; fe80::/10), shared,
    reserved, multicast and unspecified addresses are not.
    """
    parsed = _address(address)
    return parsed is not None and parsed.is_global and not parsed.is_multicast


class AddressGuard:
    """Where a source's redirects may lead: no non-public address it did not name.

    The configured URL is the editor's choice, so its host may be anything,
    127.0.0.1 included (a test server, a local mirror). Any other host a
    redirect names must resolve only to public addresses, or to the
    configured host's own. The rule is checked before connecting
    (:meth:`check_host`) and again on the address actually connected to
    (:meth:`check_peer`), so a name that resolves differently the second
    time gains nothing.
    """

    def __init__(self, url: str, resolve: Callable[[str, int], list[str]]) -> None:
        """Guard the redirects of a fetch of ``url``."""
        parsed = httpx.URL(url)
        self.host = parsed.host.lower()
        self._port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self._resolve = resolve
        self._named: set[str] | None = None

    def _named_addresses(self) -> set[str]:
        """The configured host's own addresses (resolved once, when first needed)."""
        if self._named is None:
            literal = _address(self.host)
            if literal is not None:
                self._named = {str(literal)}
            else:
                try:
                    found = self._resolve(self.host, self._port)
                except OSError:
                    found = []
                self._named = {str(a) for a in map(_address, found) if a is not None}
        return self._named

    def allows(self, host: str, address: str) -> bool:
        """Whether a connection to ``address``, reached through ``host``, is allowed."""
        if host.lower() == self.host:
            return True
        parsed = _address(address)
        if parsed is None:
            return False
        return is_public(address) or str(parsed) in self._named_addresses()

    def check_host(self, url: httpx.URL) -> None:
        """Refuse, before connecting, a host that resolves to a refused address."""
        host = url.host.lower()
        if host == self.host:
            return
        port = url.port or (443 if url.scheme == "https" else 80)
        literal = _address(host)
        try:
            addresses = [str(literal)] if literal is not None else self._resolve(host, port)
        except OSError as exc:
            msg = f"cannot resolve {host} ({exc})"
            raise RetryableError(msg) from exc
        refused = [a for a in addresses if not self.allows(host, a)]
        if refused:
            raise self.refusal(str(url), refused[0])

    def check_peer(self, host: str, peer: Any, url: str) -> None:
        """Refuse a connection that reached a refused address after all."""
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if address and not self.allows(host, address):
            raise self.refusal(url, address)

    def refusal(self, url: str, address: str) -> RefusedAddressError:
        """The failure for a redirect to a refused ``address``."""
        return RefusedAddressError(
            f"refusing to follow a redirect to {url}: it leads to {address}, a private, "
            "loopback or link-local address that the configured URL does not name"
        )


class _Watchdog:
    """Shuts a request's connection down when the source's deadline passes.

    httpx's read timeout applies to each read, so a server that sends one
    byte at a time never trips it. The watchdog learns the request's socket
    through httpcore's ``trace`` extension and, at the deadline, shuts it
    down from a timer thread: the blocked read returns at once and the
    request fails. The same hook checks the address connected to against
    the :class:`AddressGuard`.
    """

    def __init__(self, deadline: Deadline, guard: AddressGuard, url: httpx.URL) -> None:
        """Watch one request to ``url``."""
        self.deadline = deadline
        self.guard = guard
        self.url = url
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[Any] = []
        self._timer: threading.Timer | None = None

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace hook: keep each new connection's socket, check its peer."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        if stream is None:
            return
        sock = stream.get_extra_info("socket")
        with self._lock:
            if sock is not None:
                self._sockets.append(sock)
            fired = self.fired
        if fired:
            self._shut(sock)
        if event == "connection.connect_tcp.complete":
            try:
                self.guard.check_peer(self.url.host, stream.get_extra_info("server_addr"),
                                      str(self.url))
            except RefusedAddressError:
                # Not a byte is sent; the connection is not httpcore's yet, so close it here.
                stream.close()
                raise

    def fire(self) -> None:
        """The deadline passed: shut every socket of the request down."""
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: Any) -> None:
        # socket.socket.shutdown, not SSLSocket's, which would drop its TLS
        # state under the reading thread's feet.
        if sock is None:
            return
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        """Start the timer."""
        self._timer = threading.Timer(self.deadline.remaining(), self.fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the timer."""
        if self._timer is not None:
            self._timer.cancel()


class NoSlotError(TimeoutError):
    """No slot for a host became free within the time allowed."""


class HostLimiter:
    """At most ``per_host`` requests at once to any one host (thread-safe)."""

    def __init__(self, per_host: int) -> None:
        """Allow ``per_host`` concurrent requests per host."""
        if per_host < 1:
            msg = f"per_host must be at least 1, not {per_host}"
            raise ValueError(msg)
        self.per_host = per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextlib.contextmanager
    def slot(self, host: str, timeout: float | None = None) -> Iterator[None]:
        """Hold one of ``host``'s slots for the duration of the block.

        With a ``timeout``, waiting longer for a free slot is a :class:`NoSlotError`.
        """
        with self._lock:
            semaphore = self._slots.get(host)
            if semaphore is None:
                semaphore = threading.BoundedSemaphore(self.per_host)
                self._slots[host] = semaphore
        if not semaphore.acquire(timeout=timeout):
            msg = f"no free slot for {host} within {timeout:g} s"
            raise NoSlotError(msg)
        try:
            yield
        finally:
            semaphore.release()


def make_client(options: HttpOptions) -> httpx.Client:
    """An ``httpx.Client`` with our timeouts and User-Agent, redirects off.

    Redirects are followed by :func:`get` itself. Connections are not kept
    alive between requests, so that each request's socket is its own (the
    deadline's watchdog and the address check see every connection). The
    client is safe to share between threads.
    """
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.deadline,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"User-Agent": options.user_agent, "Accept": FEED_ACCEPT},
    )


FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


def get(
    client: httpx.Client,
    url: str,
    *,
    name: str,
    options: HttpOptions,
    limiter: HostLimiter,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """GET ``url``, retrying transient failures; ``name`` labels the log lines.

    Returns a 200 response with its body, or a 304 (only when ``headers``
    made the request conditional). Raises :class:`FetchError` otherwise,
    at the latest when ``options.deadline`` seconds have passed.
    """
    headers = dict(headers or {})
    deadline = Deadline(options.deadline, options.monotonic)
    try:
        guard = AddressGuard(url, options.resolve)
    except httpx.InvalidURL as exc:
        msg = f"cannot request {url}: {exc}"
        raise FetchError(msg) from exc
    attempts = options.retries + 1
    for attempt in range(attempts):
        try:
            return _get_following(client, url, name, options, limiter, headers, deadline, guard)
        except RetryableError as exc:
            if attempt + 1 >= attempts:
                msg = f"{exc} (gave up after {attempts} attempts)"
                raise FetchError(msg, exc.status) from exc
            delay = _retry_delay(exc, attempt, options)
            if delay >= deadline.remaining():
                msg = (f"{exc} (gave up after {attempt + 1} of {attempts} attempts: no time "
                       f"for another within the {options.deadline:g} s deadline)")
                raise DeadlineError(msg, exc.status) from exc
            logger.warning(
                "%s: %s; retrying in %.1f s (attempt %d of %d)",
                name,
                exc,
                delay,
                attempt + 2,
                attempts,
            )
            options.sleep(delay)
    msg = "no attempt was made (retries < 0)"
    raise FetchError(msg)


def _retry_delay(exc: RetryableError, attempt: int, options: HttpOptions) -> float:
    """How long to wait before the next attempt, honouring Retry-After."""
    if exc.retry_after is None:
        return options.backoff(attempt)
    if exc.retry_after > options.retry_after_cap:
        msg = (
            f"{exc}; the server asked us to wait {exc.retry_after:.0f} s "
            f"(Retry-After), more than the {options.retry_after_cap:.0f} s limit"
        )
        raise FetchError(msg, exc.status) from exc
    return max(0.0, exc.retry_after)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _get_following(
    client: httpx.Client,
    url: str,
    name: str,
    options: HttpOptions,
    limiter: HostLimiter,
    headers: dict[str, str],
    deadline: Deadline,
    guard: AddressGuard,
) -> HttpResponse:
    """One attempt: GET ``url`` and follow its redirects within the limit."""
    chain = [url]
    while True:
        hop = _get_one(client, chain[-1], name, options, limiter, headers, deadline, guard)
        if isinstance(hop, HttpResponse):
            return HttpResponse(hop.url, hop.status, hop.headers, hop.body, tuple(chain[1:]))
        target = hop
        if target in chain:
            loop = " -> ".join([*chain[chain.index(target) :], target])
            msg = f"redirect loop: {loop}"
            raise FetchError(msg)
        if len(chain) > options.max_redirects:
            msg = f"more than {options.max_redirects} redirects (last to {target})"
            raise FetchError(msg)
        logger.debug("%s: redirected from %s to %s", name, chain[-1], target)
        chain.append(target)


def _get_one(
    client: httpx.Client,
    url: str,
    name: str,
    options: HttpOptions,
    limiter: HostLimiter,
    headers: dict[str, str],
    deadline: Deadline,
    guard: AddressGuard,
) -> HttpResponse | str:
    """One request: a final response, or the URL a redirect points to."""
    remaining = deadline.remaining()
    if remaining <= 0:
        raise deadline.error(f"before requesting {url}")
    timeout = httpx.Timeout(
        connect=min(options.connect_timeout, remaining),
        read=min(options.read_timeout, remaining),
        write=min(options.read_timeout, remaining),
        pool=remaining,
    )
    try:
        request = client.build_request("GET", url, headers=headers, timeout=timeout)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        msg = f"cannot request {url}: {exc}"
        raise FetchError(msg) from exc
    if request.url.scheme not in ("http", "https") or not request.url.host:
        msg = f"refusing to fetch a non-http(s) URL: {url}"
        raise FetchError(msg)
    guard.check_host(request.url)
    watchdog = _Watchdog(deadline, guard, request.url)
    request.extensions["trace"] = watchdog.trace
    host = request.url.host
    logger.debug("%s: GET %s", name, url)
    try:
        slot = limiter.slot(host, timeout=remaining)
        with slot, watchdog:
            response = client.send(request, stream=True)
            try:
                return _handle(response, url, headers, options, deadline)
            finally:
                response.close()
    except NoSlotError as exc:
        raise deadline.error(f"waiting for a free connection to {host}") from exc
    except httpx.HTTPError as exc:
        if watchdog.fired or deadline.expired():
            raise deadline.error(f"fetching {url}") from exc
        cause = exc.__cause__ or exc.__context__
        if isinstance(exc, httpx.RemoteProtocolError) and isinstance(cause, httpx.InvalidURL):
            # httpx reads a redirect's Location as the response arrives.
            msg = f"a redirect with a malformed Location header ({cause})"
            raise FetchError(msg) from exc
        if isinstance(exc, httpx.TimeoutException):
            msg = f"timed out ({type(exc).__name__}) fetching {url}"
            raise RetryableError(msg) from exc
        if isinstance(exc, httpx.RemoteProtocolError):
            msg = f"the server broke off the response: {exc}"
            raise RetryableError(msg) from exc
        if isinstance(exc, httpx.NetworkError):
            msg = f"connection error ({type(exc).__name__}): {exc}"
            raise RetryableError(msg) from exc
        msg = f"HTTP error ({type(exc).__name__}): {exc}"
        raise FetchError(msg) from exc


def _handle(
    response: httpx.Response,
    url: str,
    headers: Mapping[str, str],
    options: HttpOptions,
    deadline: Deadline,
) -> HttpResponse | str:
    """Turn a streamed response into a result, a redirect target or an error."""
    status = response.status_code
    if response.has_redirect_location:
        location = response.headers.get("location", "")
        try:
            joined = response.url.join(location)
        except (httpx.InvalidURL, ValueError) as exc:
            msg = f"HTTP {status} redirect with a malformed Location {location!r} ({exc})"
            raise FetchError(msg, status) from exc
        target = str(joined)
        if joined.scheme not in ("http", "https") or not joined.host:
            msg = f"HTTP {status} redirect to a non-http(s) URL: {location!r}"
            raise FetchError(msg, status)
        return target
    if status == httpx.codes.NOT_MODIFIED:
        if not any(k in headers for k in ("If-None-Match", "If-Modified-Since")):
            msg = "HTTP 304 Not Modified to a request that was not conditional"
            raise FetchError(msg, status)
        return HttpResponse(str(response.url), status, dict(response.headers), None)
    if status == httpx.codes.TOO_MANY_REQUESTS or status >= 500:
        retry_after = parse_retry_after(response.headers.get("retry-after"), options.clock())
        msg = f"HTTP {status} {response.reason_phrase}".rstrip()
        raise RetryableError(msg, status, retry_after)
    if status != httpx.codes.OK:
        msg = f"HTTP {status} {response.reason_phrase}".rstrip()
        raise FetchError(msg, status)
    body = _read_capped(response, url, options, deadline)
    return HttpResponse(str(response.url), status, dict(response.headers), body)


def _read_capped(
    response: httpx.Response, url: str, options: HttpOptions, deadline: Deadline
) -> bytes:
    """Read the body, aborting past ``max_bytes`` or the source's deadline."""
    limit = options.max_bytes
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        msg = f"the body would be {int(declared)} bytes, more than the {limit}-byte limit"
        raise FetchError(msg, response.status_code)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            msg = f"the body passed the {limit}-byte limit; download aborted"
            raise FetchError(msg, response.status_code)
        if deadline.expired():
            raise deadline.error(f"reading the body of {url}", response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)
