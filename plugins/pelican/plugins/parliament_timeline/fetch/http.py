"""A careful HTTP GET for feeds: timeouts, redirects, size cap, retries, politeness.

:func:`get` fetches one URL with an ``httpx.Client`` and returns a
:class:`HttpResponse` holding the whole body, or raises :class:`FetchError`
with a short reason fit for a one-line report. It

- sets explicit connect/read/write/pool timeouts, plus a deadline for the
  whole response so a server that trickles bytes cannot hold us forever;
- follows redirects itself (at most ``max_redirects``, refusing loops and
  non-http(s) targets), so each hop is counted against its own host;
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
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

__all__ = [
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


def _utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class HttpOptions:
    """How politely and how patiently to fetch. Times are in seconds."""

    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # Deadline for one whole response, headers and body, per attempt.
    total_timeout: float = 120.0
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
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s slots for the duration of the block."""
        with self._lock:
            semaphore = self._slots.get(host)
            if semaphore is None:
                semaphore = threading.BoundedSemaphore(self.per_host)
                self._slots[host] = semaphore
        with semaphore:
            yield


def make_client(options: HttpOptions) -> httpx.Client:
    """An ``httpx.Client`` with our timeouts and User-Agent, redirects off.

    Redirects are followed by :func:`get` itself. The client is safe to share
    between threads.
    """
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.total_timeout,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
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
    made the request conditional). Raises :class:`FetchError` otherwise.
    """
    headers = dict(headers or {})
    attempts = options.retries + 1
    for attempt in range(attempts):
        try:
            return _get_following(client, url, name, options, limiter, headers)
        except RetryableError as exc:
            if attempt + 1 >= attempts:
                msg = f"{exc} (gave up after {attempts} attempts)"
                raise FetchError(msg, exc.status) from exc
            delay = _retry_delay(exc, attempt, options)
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
) -> HttpResponse:
    """One attempt: GET ``url`` and follow its redirects within the limit."""
    chain = [url]
    while True:
        hop = _get_one(client, chain[-1], name, options, limiter, headers)
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
) -> HttpResponse | str:
    """One request: a final response, or the URL a redirect points to."""
    try:
        request = client.build_request("GET", url, headers=headers)
    except httpx.HTTPError as exc:  # InvalidURL and the like
        msg = f"cannot request {url}: {exc}"
        raise FetchError(msg) from exc
    if request.url.scheme not in ("http", "https"):
        msg = f"refusing to fetch a non-http(s) URL: {url}"
        raise FetchError(msg)
    host = request.url.host
    logger.debug("%s: GET %s", name, url)
    with limiter.slot(host):
        started = options.monotonic()
        try:
            response = client.send(request, stream=True)
            try:
                return _handle(response, url, headers, options, started)
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            msg = f"timed out ({type(exc).__name__}) fetching {url}"
            raise RetryableError(msg) from exc
        except httpx.RemoteProtocolError as exc:
            msg = f"the server broke off the response: {exc}"
            raise RetryableError(msg) from exc
        except httpx.NetworkError as exc:
            msg = f"connection error ({type(exc).__name__}): {exc}"
            raise RetryableError(msg) from exc
        except httpx.HTTPError as exc:
            msg = f"HTTP error ({type(exc).__name__}): {exc}"
            raise FetchError(msg) from exc


def _handle(
    response: httpx.Response,
    url: str,
    headers: Mapping[str, str],
    options: HttpOptions,
    started: float,
) -> HttpResponse | str:
    """Turn a streamed response into a result, a redirect target or an error."""
    status = response.status_code
    if response.has_redirect_location:
        location = response.headers.get("location", "")
        target = str(response.url.join(location))
        if not target.startswith(("http://", "https://")):
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
    body = _read_capped(response, url, options, started)
    return HttpResponse(str(response.url), status, dict(response.headers), body)


def _read_capped(response: httpx.Response, url: str, options: HttpOptions, started: float) -> bytes:
    """Read the body, aborting past ``max_bytes`` or the whole-response deadline."""
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
        if options.monotonic() - started > options.total_timeout:
            msg = f"the response took longer than {options.total_timeout:.0f} s fetching {url}"
            raise RetryableError(msg, response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)
