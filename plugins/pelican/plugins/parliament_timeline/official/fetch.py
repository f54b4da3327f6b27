"""Fetching official answers into snapshots: the only module here that uses the network.

Every request goes through sources/http.py (timeouts, redirects, size cap,
retries, the descriptive User-Agent). An answer becomes a snapshot only
when its parser accepts it (:func:`parser_for`), and is written atomically;
a failed or bad fetch leaves the last good snapshot as it was.
:func:`refresh_official` re-fetches every snapshot from its path alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..sources.http import FetchError, HostLimiter, HttpOptions, get, make_client
from .bills import parse_bill, parse_publications, parse_stages
from .members import parse_member
from .reader import OfficialDataError
from .services import SERVICES, request_of_snapshot, request_url, snapshot_file
from .snapshots import snapshot_files, write_snapshot
from .votes import parse_commons_division, parse_lords_division

logger = logging.getLogger(__name__)

ACCEPT = {"legislation": "application/xml"}

# (service, path pattern) -> parser of that answer, given the id in the path.
_PARSERS: list[tuple[str, re.Pattern, Callable[[bytes, int], Any]]] = [
    ("commons-votes", re.compile(r"^/data/division/(\d+)\.json$"), parse_commons_division),
    ("lords-votes", re.compile(r"^/data/Divisions/(\d+)$"), parse_lords_division),
    ("members", re.compile(r"^/api/Members/(\d+)$"), parse_member),
    ("bills", re.compile(r"^/api/v1/Bills/(\d+)$"), parse_bill),
    ("bills", re.compile(r"^/api/v1/Bills/(\d+)/Stages$"), parse_stages),
    ("bills", re.compile(r"^/api/v1/Bills/(\d+)/Publications$"), parse_publications),
]


def parser_for(service: str, path: str) -> Callable[[bytes], Any] | None:
    """The parser that checks an answer to this request, or None if none is known."""
    for known, pattern, parse in _PARSERS:
        if known == service and (m := pattern.match(path)):
            number = int(m.group(1))
            return lambda body, parse=parse, number=number: parse(body, number)
    if service == "legislation" and path.endswith("/data.xml"):
        from .legislation import parse_provision

        return lambda body: parse_provision(body, f"legislation.gov.uk {path}")
    return None


class OfficialFetchError(Exception):
    """A request whose answer could not be had or used; the message says why."""


@dataclass
class Fetcher:
    """What every request of one run shares: base URLs, options, client, host slots."""

    base_urls: dict[str, str]
    options: HttpOptions

    def __post_init__(self) -> None:
        self.client = make_client(self.options)
        self.limiter = HostLimiter(self.options.per_host)

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(self, service: str, path: str) -> tuple[bytes, Any]:
        """GET one answer and parse it; returns (body, parsed) or raises OfficialFetchError."""
        url = request_url(self.base_urls, service, path)
        name = f"{SERVICES[service].label} {path}"
        accept = ACCEPT.get(service, "application/json")
        try:
            response = get(self.client, url, name=name, options=self.options,
                           limiter=self.limiter, headers={"Accept": accept})
        except FetchError as e:
            raise OfficialFetchError(f"{url}: {e}") from None
        body = response.body or b""
        parse = parser_for(service, path)
        try:
            parsed = parse(body) if parse else None
        except OfficialDataError as e:
            raise OfficialFetchError(f"{url}: {e}") from None
        return body, parsed


@dataclass(frozen=True)
class RefreshResult:
    """What became of one snapshot in a refresh."""

    file: str
    changed: bool = False
    error: str | None = None


def refresh_official(official: str, base_urls: dict[str, str], options: HttpOptions,
                     requests: Iterable[tuple[str, str]] = ()) -> list[RefreshResult]:
    """Re-fetch every snapshot under ``official``, and fetch the ``requests`` not yet kept.

    ``requests`` are (service, path) pairs the site's records name
    (records.official.official_requests), so a record given an official id
    gets its snapshot at the next refresh. A failure leaves its snapshot alone.
    """
    results = []
    todo: dict[tuple[str, str], str] = {}
    for file in snapshot_files(official):
        request = request_of_snapshot(official, file)
        if request is None:
            results.append(RefreshResult(file, error="not the snapshot of a known request"))
        else:
            todo[request] = file
    for request in requests:
        todo.setdefault(request, snapshot_file(official, *request))
    with Fetcher(base_urls, options) as fetcher:
        for request, file in sorted(todo.items()):
            try:
                body, _ = fetcher.fetch(*request)
            except OfficialFetchError as e:
                logger.warning("%s: not changed: %s", file, e)
                results.append(RefreshResult(file, error=str(e)))
                continue
            _, changed = write_snapshot(official, *request, body)
            results.append(RefreshResult(file, changed=changed))
    return results
