"""Refresh the feed snapshots in ``content/feeds/`` from the network.

This is the only part of the timeline that touches the network, and it runs
outside the Pelican build (``invoke fetch-feeds``): the build reads only the
snapshots, so it stays offline and reproducible.

For each configured source, :func:`fetch_feeds` calls its kind's own fetcher
if it has one (:mod:`..sources.registry`), else :func:`fetch_one`, which

1. makes a conditional GET (``If-None-Match``/``If-Modified-Since`` from the
   feed's ``.json``, if its ``.xml`` exists and was fetched from the same
   URL) through :mod:`.http`, which handles the source's deadline,
   redirects, the size cap, retries and per-host politeness;
2. on 304, keeps the snapshot and notes the check in the ``.json``;
3. on 200, reads the body with the kind's parser, the one the build uses,
   and only if it is a complete feed replaces ``<name>.xml`` and
   ``<name>.json``, each atomically;
4. on any failure, leaves ``<name>.xml`` byte for byte as it was and records
   the error in ``<name>.json`` (atomically too).

One feed's failure never stops the others. :func:`run` prints one line per
feed and returns the process exit code.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TextIO

import httpx

from ..feeds.config import FeedConfig
from ..feeds.items import item_identities
from ..feeds.snapshot import (
    SnapshotPaths,
    atomic_write_bytes,
    read_meta,
    sha256_hex,
    write_meta,
)
from ..sources.feeddocument import FeedDocument, read_feed_document
from ..sources.http import (
    FetchError,
    HostLimiter,
    HttpOptions,
    HttpResponse,
    get,
    make_client,
)
from ..sources.registry import source_kind

__all__ = [
    "FeedRejectedError",
    "FetchResult",
    "check_feed",
    "fetch_feeds",
    "format_result",
    "run",
    "run_bound",
]

logger = logging.getLogger(__name__)

Outcome = Literal["updated", "unchanged", "failed"]


class FeedRejectedError(Exception):
    """A 200 response whose body is not a complete, well-formed feed."""


@dataclass(frozen=True)
class FetchResult:
    """What happened to one feed on this run."""

    name: str
    outcome: Outcome
    new_items: int = 0
    error: str | None = None
    status: int | None = None

    @property
    def ok(self) -> bool:
        """True unless the fetch failed."""
        return self.outcome != "failed"


def check_feed(body: bytes, content_type: str | None = None) -> FeedDocument:
    """Parse ``body`` with the one snapshot parser; refuse anything but a complete feed.

    Rejected (:class:`FeedRejectedError`) is whatever
    :func:`..sources.feeddocument.read_feed_document` finds wrong: an empty body,
    an HTML page, anything that is not RSS or Atom, XML that is not
    well-formed (a truncated download), a feed with no title and no item.
    The build reads the stored snapshot with the same parser and the same
    ``content_type`` (kept in the ``.json``).
    """
    return _checked(read_feed_document(body, content_type))


def _checked(document: FeedDocument) -> FeedDocument:
    """``document``, or :class:`FeedRejectedError` with the parser's reason."""
    if document.error is not None:
        raise FeedRejectedError(document.error)
    return document


def fetch_feeds(
    configs: Sequence[FeedConfig],
    feeds_dir: Path | str,
    options: HttpOptions,
    *,
    max_workers: int = 4,
    client: httpx.Client | None = None,
) -> list[FetchResult]:
    """Refresh every feed's snapshot in ``feeds_dir``; results in ``configs`` order.

    Feeds are fetched by up to ``max_workers`` threads, never more than
    ``options.per_host`` at once to one host. ``client`` may be passed in
    (it is not closed); by default one is made from ``options``.
    """
    folder = Path(feeds_dir)
    folder.mkdir(parents=True, exist_ok=True)
    limiter = HostLimiter(options.per_host)
    own_client = client is None
    http = make_client(options) if client is None else client
    try:
        with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
            return list(
                pool.map(
                    lambda c: _fetch_isolated(http, c, folder, options, limiter),
                    configs,
                )
            )
    finally:
        if own_client:
            http.close()


def _fetch_isolated(
    client: httpx.Client,
    config: FeedConfig,
    folder: Path,
    options: HttpOptions,
    limiter: HostLimiter,
) -> FetchResult:
    """Fetch one source with its kind's fetcher; an unexpected error fails it alone.

    A kind without a fetcher of its own (every feed kind) is fetched by
    :func:`fetch_one`. Even an unexpected error is recorded in the source's
    ``.json``, so ``feed-status`` never shows a source that failed as OK.
    """
    fetch = source_kind(config.kind).fetch or fetch_one
    try:
        return fetch(client, config, folder, options, limiter)
    except Exception as exc:  # isolate one source's bug from the others
        logger.exception("%s: unexpected error while fetching %s", config.name, config.url)
        paths = SnapshotPaths.for_feed(folder, config.name)
        error = FetchError(f"unexpected error: {exc!r}")
        return _failed(config, paths, read_meta(paths), _read_snapshot(paths),
                       _iso(options.clock()), error)


def fetch_one(
    client: httpx.Client,
    config: FeedConfig,
    folder: Path,
    options: HttpOptions,
    limiter: HostLimiter,
) -> FetchResult:
    """Refresh one feed's snapshot; see the module docstring for the rules."""
    paths = SnapshotPaths.for_feed(folder, config.name)
    meta = read_meta(paths)
    old_body = _read_snapshot(paths)
    attempt_at = _iso(options.clock())
    headers = _conditional_headers(config, meta, old_body)

    try:
        response = get(
            client,
            config.url,
            name=config.name,
            options=options,
            limiter=limiter,
            headers=headers,
        )
        if response.status == httpx.codes.NOT_MODIFIED:
            return _not_modified(config, paths, meta, response, attempt_at)
        try:
            read = source_kind(config.kind).read
            parsed = _checked(read(response.body or b"", response.headers.get("content-type"),
                                   max_items=config.max_items))
        except FeedRejectedError as exc:
            raise FetchError(f"not a usable feed: {exc}", response.status) from exc
    except FetchError as exc:
        return _failed(config, paths, meta, old_body, attempt_at, exc)

    return _store(config, paths, meta, old_body, response, parsed, attempt_at)


def _read_snapshot(paths: SnapshotPaths) -> bytes | None:
    """The current snapshot's bytes, or None if there is none."""
    try:
        return paths.xml.read_bytes()
    except FileNotFoundError:
        return None


def _conditional_headers(
    config: FeedConfig, meta: dict[str, Any], old_body: bytes | None
) -> dict[str, str]:
    """If-None-Match / If-Modified-Since, only if a 304 would leave us a snapshot.

    They are sent only when the snapshot exists, was fetched from this very
    URL, and still has the bytes the validators were given for (its sha256
    matches): otherwise a 304 would confirm something we do not have.
    """
    if old_body is None or meta.get("url") != config.url:
        return {}
    if meta.get("sha256") != sha256_hex(old_body):
        return {}
    headers = {}
    if isinstance(meta.get("etag"), str) and meta["etag"]:
        headers["If-None-Match"] = meta["etag"]
    if isinstance(meta.get("last_modified"), str) and meta["last_modified"]:
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


def _not_modified(
    config: FeedConfig,
    paths: SnapshotPaths,
    meta: dict[str, Any],
    response: HttpResponse,
    attempt_at: str,
) -> FetchResult:
    """304: keep the snapshot; record the check only if the record needs it.

    Nothing is written when the ``.json`` already says the feed is healthy
    and the 304 brings no new validators (see :func:`_record_is_current`).
    """
    new_meta = dict(meta)
    # A 304 may carry updated validators (RFC 9110, 15.4.5).
    for header, key in (("etag", "etag"), ("last-modified", "last_modified")):
        if response.headers.get(header):
            new_meta[key] = response.headers[header]
    if new_meta == meta and _record_is_current(config, meta):
        logger.info("%s: not modified (HTTP 304)", config.name)
        return FetchResult(config.name, "unchanged", status=response.status)
    new_meta.update(
        checked_at=attempt_at,
        last_attempt_at=attempt_at,
        last_status=response.status,
        last_outcome="unchanged",
        last_error=None,
    )
    write_meta(paths, new_meta)
    logger.info("%s: not modified (HTTP 304)", config.name)
    return FetchResult(config.name, "unchanged", status=response.status)


def _failed(
    config: FeedConfig,
    paths: SnapshotPaths,
    meta: dict[str, Any],
    old_body: bytes | None,
    attempt_at: str,
    exc: FetchError,
) -> FetchResult:
    """Record a failure in the ``.json``; the ``.xml`` is not touched."""
    new_meta = dict(meta)
    new_meta.setdefault("url", config.url)
    new_meta.update(
        last_attempt_at=attempt_at,
        last_status=exc.status,
        last_outcome="failed",
        last_error=str(exc),
    )
    try:
        write_meta(paths, new_meta)
    except OSError as write_exc:
        logger.error(
            "%s: could not record the failure in %s: %s",
            config.name,
            paths.meta,
            write_exc,
        )
    kept = "the last good snapshot is kept" if old_body is not None else "there is no snapshot yet"
    logger.warning("%s: fetch of %s failed: %s; %s", config.name, config.url, exc, kept)
    return FetchResult(config.name, "failed", error=str(exc), status=exc.status)


def _store(
    config: FeedConfig,
    paths: SnapshotPaths,
    meta: dict[str, Any],
    old_body: bytes | None,
    response: HttpResponse,
    parsed: FeedDocument,
    attempt_at: str,
) -> FetchResult:
    """200 with a good feed: replace the snapshot (if it changed) and the ``.json``."""
    body = response.body or b""
    digest = sha256_hex(body)
    changed = old_body is None or sha256_hex(old_body) != digest
    old = _read_old(config, old_body, meta)
    same_url = meta.get("url") == config.url
    if changed and same_url and old is not None and old.items_digest() == parsed.items_digest():
        # Same items, other bytes: bills.parliament.uk rewrites lastBuildDate
        # on every request. Keep the old bytes, so the snapshot (and git)
        # only changes when the feed's content does.
        return _same_content(config, paths, meta, old_body, response, attempt_at)
    if not changed and _record_is_current(config, meta):
        logger.info("%s: unchanged (same bytes, HTTP %d)", config.name, response.status)
        return FetchResult(config.name, "unchanged", status=response.status)
    new_ids = item_identities(config, parsed)
    old_ids = set(item_identities(config, old)) if old is not None else set()
    new_items = len([i for i in new_ids if i not in old_ids]) if changed else 0

    new_meta = dict(meta)
    if changed:
        # These bytes came from the server: a "handmade" note no longer applies.
        new_meta.pop("handmade", None)
        new_meta["fetched_at"] = attempt_at
        new_meta["first_seen"] = _first_seen(meta, new_ids, attempt_at)
    new_meta.update(
        url=config.url,
        final_url=response.url,
        status=response.status,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        content_type=response.headers.get("content-type"),
        sha256=digest,
        size=len(body),
        items=parsed.item_count,
        checked_at=attempt_at,
        last_attempt_at=attempt_at,
        last_status=response.status,
        last_outcome="updated" if changed else "unchanged",
        last_error=None,
    )
    new_meta.setdefault("fetched_at", attempt_at)
    try:
        if changed:
            atomic_write_bytes(paths.xml, body)
        write_meta(paths, new_meta)
    except OSError as exc:
        error = f"could not write the snapshot: {exc}"
        logger.error("%s: %s", config.name, error)
        return FetchResult(config.name, "failed", error=error, status=response.status)

    if not changed:
        logger.info("%s: unchanged (same bytes, HTTP %d)", config.name, response.status)
        return FetchResult(config.name, "unchanged", status=response.status)
    logger.info(
        "%s: updated, %d new item(s), %d in the feed (%d bytes from %s)",
        config.name,
        new_items,
        parsed.item_count,
        len(body),
        response.url,
    )
    return FetchResult(config.name, "updated", new_items=new_items, status=response.status)


def _first_seen(meta: dict[str, Any], identities: list[str], attempt_at: str) -> dict[str, str]:
    """When each item (by its identity digest, as the build computes it) was first seen.

    Items already recorded keep their date; new ones get this fetch's time.
    The build shows it as the entry's ``first_seen``.
    """
    old = meta.get("first_seen")
    seen = {k: v for k, v in old.items() if isinstance(v, str)} if isinstance(old, dict) else {}
    for digest in identities:
        seen.setdefault(digest, attempt_at)
    return dict(sorted(seen.items()))


def _record_is_current(config: FeedConfig, meta: dict[str, Any]) -> bool:
    """Whether the ``.json`` already tells the truth after a check that found nothing new.

    True when it records this URL, a snapshot with a sha256, and a last
    attempt that succeeded. Then a check that finds the items unchanged
    writes nothing at all, so the scheduled fetch commits only real changes.
    """
    return (
        meta.get("url") == config.url
        and bool(meta.get("sha256"))
        and meta.get("last_outcome") in ("updated", "unchanged")
        and meta.get("last_error") is None
    )


def _read_old(
    config: FeedConfig, old_body: bytes | None, meta: dict[str, Any]
) -> FeedDocument | None:
    """The kept snapshot, read by the same parser (None if there is none usable)."""
    if old_body is None:
        return None
    content_type = meta.get("content_type")
    document = source_kind(config.kind).read(
        old_body, content_type if isinstance(content_type, str) else None,
        max_items=config.max_items)
    return document if document.usable else None


def _same_content(
    config: FeedConfig,
    paths: SnapshotPaths,
    meta: dict[str, Any],
    old_body: bytes,
    response: HttpResponse,
    attempt_at: str,
) -> FetchResult:
    """200 with the snapshot's items in other bytes: keep the snapshot.

    The ``.xml`` is left byte for byte. The ``.json`` is rewritten only if it
    does not already record a healthy feed (e.g. the previous attempt
    failed); its sha256 stays that of the kept bytes.
    """
    if not _record_is_current(config, meta):
        new_meta = dict(meta)
        new_meta.update(
            checked_at=attempt_at,
            last_attempt_at=attempt_at,
            last_status=response.status,
            last_outcome="unchanged",
            last_error=None,
            sha256=sha256_hex(old_body),
            size=len(old_body),
        )
        try:
            write_meta(paths, new_meta)
        except OSError as exc:
            error = f"could not write the metadata: {exc}"
            logger.error("%s: %s", config.name, error)
            return FetchResult(config.name, "failed", error=error, status=response.status)
    logger.info(
        "%s: unchanged (same items; only channel dates differ, HTTP %d)",
        config.name,
        response.status,
    )
    return FetchResult(config.name, "unchanged", status=response.status)


def _iso(moment: datetime) -> str:
    """A timestamp as ISO 8601 in UTC, to the second."""
    return moment.isoformat(timespec="seconds")


def format_result(result: FetchResult) -> str:
    """The report line for one feed: ``name: unchanged`` and so on."""
    if result.outcome == "failed":
        return f"{result.name}: failed: {result.error}"
    if result.outcome == "updated":
        noun = "item" if result.new_items == 1 else "items"
        return f"{result.name}: updated, {result.new_items} new {noun}"
    return f"{result.name}: unchanged"


def run_bound(sources: int, options: HttpOptions, max_workers: int) -> float:
    """The longest a run of ``sources`` sources can take, in seconds (file writes aside).

    Each source ends within ``options.deadline`` from the moment a worker
    takes it up, and ``max_workers`` sources are fetched at once.
    """
    rounds = -(-sources // max(1, max_workers))
    return rounds * options.deadline


def run(
    configs: Iterable[FeedConfig],
    feeds_dir: Path | str,
    options: HttpOptions,
    *,
    out: TextIO | None = None,
    max_workers: int = 4,
) -> int:
    """Fetch every feed, print one line per feed, return the exit code.

    The exit code is 0 when every feed is unchanged or updated, 1 if any
    failed.
    """
    stream = out if out is not None else sys.stdout
    results = fetch_feeds(list(configs), feeds_dir, options, max_workers=max_workers)
    for result in results:
        print(format_result(result), file=stream)
    return 0 if all(result.ok for result in results) else 1
