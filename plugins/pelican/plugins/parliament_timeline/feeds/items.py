"""Turn feed snapshots into timeline entries, at build time, without the network.

For each configured feed, :func:`read_feed` reads ``<feeds_dir>/<name>.xml``
(and its ``.json``), parses it with feedparser and turns each item into an
:class:`~.model.Entry` with ``origin="feed"`` (:func:`parse_feed` does the
work on bytes, so tests and the benchmark can call it directly). Then
:func:`merge_feeds` de-duplicates the items across feeds and against the
hand-written entries, and reports per feed what became of its items
(:class:`FeedStatus`, for the status page and ``invoke feed-status``).

Feed content is untrusted. Titles and summaries become plain text (every
tag stripped, entities decoded, whitespace collapsed) that templates
autoescape; an item's ``body`` stays empty, so nothing from a feed is ever
marked safe. Only absolute http(s) links survive (relative ones are first
resolved against the feed's URL). Nothing here raises on bad input: every
problem becomes a message naming the feed and the item.

Identity (what makes two items the same event) follows the rules of the
feed's kind (its ``kind`` setting, :mod:`..sources.feedkinds`), never the
URL's host:

- ``parliament-bills-rss``: bills.parliament.uk bill feeds reuse the bill's
  URL as the guid of every sitting and date items by when the record was
  last touched; the sitting date is only in the title. A sitting is the
  event *bill + House + stage + sitting date*, and its date is the one in
  the title;
- ``govuk-atom``: GOV.UK changes an entry's id whenever the page is edited:
  the link is the key;
- ``legislation-atom``: legislation.gov.uk ids are stable URIs (compared
  after normalising the scheme and the old legislation.data.gov.uk host);
- ``theyworkforyou-rss``: the link, and the date only;
- ``feed`` (anything else): the guid, else the link.

:func:`identify_item` applies these rules for the build and the fetch step.

This module does not import Pelican.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

from dateutil import parser as date_parser
from dateutil import tz

from ..linkschemes import browser_url
from ..model import Entry, Source
from ..records.files import is_followed
from ..sources.feeddocument import FeedDocument
from ..sources.feedkinds import FeedRules
from ..sources.registry import source_kind
from ..urls import web_url
from .config import FeedConfig
from .snapshot import SnapshotPaths, read_meta

__all__ = [
    "FeedItem",
    "FeedStatus",
    "MergeResult",
    "ParsedFeed",
    "canonical_url",
    "load_feeds",
    "merge_feeds",
    "parse_feed",
    "plain_text",
    "read_feed",
    "safe_url",
]

logger = logging.getLogger(__name__)

UTC = tz.UTC

# Longest title and summary kept from a feed; longer text is cut at a word.
MAX_TITLE = 300
MAX_SUMMARY = 600

# A tag, or an unclosed "<tag..." to the end. As in HTML, "<" starts markup
# only before a letter, "/", "!" or "?": a bare "<" (as in "x < 5") is text,
# kept, and escaped by the templates like any other character.
_TAG_RE = re.compile(r"<[A-Za-z/!?][^>]*>?")
# Script and style elements lose their content too, not just their tags.
_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
# C0 controls and DEL, which have no place in text or links.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Already absolute: kept as written (resolving would re-serialize it).
_ABSOLUTE_RE = re.compile(r"^https?://", re.IGNORECASE)

# "Sitting: 1st reading - Tuesday, 21 March 2023"
_SITTING_RE = re.compile(
    r"^\s*Sitting:\s*(?P<stage>.+?)\s+-\s+(?:[A-Za-z]+,?\s+)?"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\s*$"
)
# "Consumer Widgets Bill [HL]: House of Lords 3rd reading"
_HOUSE_RE = re.compile(r"\bHouse of (Commons|Lords)\b")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})


# --- text and links --------------------------------------------------------


def plain_text(value: Any, limit: int | None = None) -> str:
    """``value`` as safe plain text: no tags, entities decoded, one-line.

    Tags are stripped before and after decoding entities, so text that
    was escaped twice does not turn back into markup. Templates still
    escape the result; this keeps readers from seeing markup as text.
    """
    if not isinstance(value, str) or not value:
        return ""
    if "<" in value:
        value = _TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", value))
    if "&" in value:
        value = html.unescape(value)
        if "<" in value:
            value = _TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", value))
    value = " ".join(_CONTROL_RE.sub(" ", value).split())
    if limit is not None and len(value) > limit:
        cut = value[: limit - 1].rsplit(" ", 1)[0]
        value = cut + "\u2026"
    return value


def safe_url(value: Any, base: str | None = None) -> str | None:
    """An absolute http(s) URL from ``value``, or None.

    Whitespace and control characters (which browsers ignore inside a URL)
    are removed first; a relative URL is resolved against ``base``; anything
    that is then not http(s) with a host (``javascript:``, ``data:``,
    ``vbscript:``, ``mailto:``...) or that the project's URL rule refuses
    (:mod:`..urls`: a backslash, ``user@``, invisible characters, a bad
    port) is refused.
    """
    if not isinstance(value, str):
        return None
    url = browser_url(value)
    if not url:
        return None
    relative = bool(base) and not _ABSOLUTE_RE.match(url)
    parsed = web_url(url, base if relative else None)
    if parsed is None:
        return None
    return parsed.href if relative else url


def canonical_url(url: str) -> str:
    """The form of a URL used to compare links: https, lowercase host, no ``www.``.

    legislation.gov.uk's old ``legislation.data.gov.uk`` host counts as the
    same site; a trailing slash on the path is ignored. The fragment is kept
    (Hansard anchors tell debates apart).
    """
    parsed = web_url(url)
    if parsed is None:
        return url
    host = parsed.host.removeprefix("www.")
    if host == "legislation.data.gov.uk":
        host = "legislation.gov.uk"
    if parsed.port:
        host = f"{host}:{parsed.port}"
    path = parsed.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, parsed.query[1:], parsed.fragment[1:]))


# --- dates -----------------------------------------------------------------


# The years a feed item may be dated in.
_FIRST_YEAR, _LAST_YEAR = 1800, 2999


def _from_struct(value: Any) -> dt.datetime | None:
    """An aware UTC datetime from feedparser's ``*_parsed`` struct_time."""
    if value is None:
        return None
    try:
        moment = dt.datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return moment if _plausible(moment) else None


def _from_text(value: Any, zone: dt.tzinfo) -> dt.datetime | None:
    """An aware datetime parsed by dateutil from a raw date string, or None.

    Used when feedparser could not parse the item's date. A time with no
    zone is taken as clock time in ``zone`` (the site's), as in hand-written entries.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = date_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    # dateutil reads the year "0001" as 2001: the year must be written out
    # in full, as the one parsed.
    if not re.search(rf"(?<!\d){moment.year:04d}(?!\d)", value):
        return None
    return moment if _plausible(moment) else None


def _plausible(moment: dt.datetime) -> bool:
    """Rejects placeholder years (legislation.gov.uk's 3200) and epoch zeros."""
    return _FIRST_YEAR <= moment.year <= _LAST_YEAR


def _own(item: Mapping[str, Any], key: str) -> Any:
    """The item's own ``key``: feedparser's dict would give "published" for a missing "updated"."""
    return dict.get(item, key) if isinstance(item, dict) else item.get(key)


def _record_date(item: Mapping[str, Any], zone: dt.tzinfo) -> dt.datetime | None:
    """When the record itself was dated: published, else updated."""
    for key in ("published", "updated", "created"):
        written = _own(item, key)
        if written is None:
            continue
        moment = _from_struct(_own(item, key + "_parsed")) or _from_text(written, zone)
        if moment is not None:
            return moment
    return None


def _raw_date(item: Mapping[str, Any]) -> str | None:
    """The item's date as written (for messages), or None when it has none."""
    for key in ("published", "updated", "created"):
        written = _own(item, key)
        if isinstance(written, str) and written.strip():
            return written.strip()
    return None


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """A date alone: that day in ``zone`` (as for hand-written entries)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


# --- the result of reading a feed -----------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One usable item of a feed, as an entry, with how to recognise it.

    ``identity`` is the source-specific event key (see the module
    docstring); ``link_key`` the canonical link when the link identifies the
    item (None for bill sittings, whose link is the bill's page);
    ``sitting`` is ``(bill key, London day, chamber key)`` for a bill
    sitting, to find a hand-written entry of the same sitting.
    """

    entry: Entry
    identity: str
    link_key: str | None
    sitting: tuple[str, dt.date, str] | None = None


@dataclass
class ParsedFeed:
    """What one snapshot gave: its items, counts, and every problem met."""

    config: FeedConfig
    items: list[FeedItem] = field(default_factory=list)
    total: int = 0
    dropped_filter: int = 0
    dropped_cap: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    # "ok", "not-fetched" (no snapshot yet) or "unreadable".
    state: str = "ok"
    meta: dict[str, Any] = field(default_factory=dict)

    def problem(self, message: str) -> None:
        """Record a problem, prefixed with the feed's name."""
        self.problems.append(f"feed {self.config.name}: {message}")


@dataclass(frozen=True)
class FeedStatus:
    """What the status page and ``invoke feed-status`` show for one feed."""

    name: str
    url: str
    publisher: str | None
    # The source kind: whose rules its items were read with.
    kind: str
    # "ok", "failing" (the last fetch failed; the last good copy is used),
    # "unreadable" (the snapshot does not parse), "not-fetched", or
    # "handmade" (a snapshot built by hand, never fetched from the server).
    state: str
    fetched_at: str | None
    checked_at: str | None
    last_attempt_at: str | None
    http_status: int | None
    last_status: int | None
    last_outcome: str | None
    last_error: str | None
    handmade: str | None
    total: int
    kept: int
    dropped_filter: int
    dropped_cap: int
    skipped: int
    superseded: int
    duplicates: int
    problems: tuple[str, ...]

    @property
    def shown(self) -> int:
        """Items that are events of their own on the timeline."""
        return self.kept - self.superseded - self.duplicates

    @property
    def state_label(self) -> str:
        """A short, unambiguous description of the state."""
        return {
            "ok": "OK",
            "failing": "FAILING: last fetch failed; showing the last good copy",
            "unreadable": "UNREADABLE: the snapshot does not parse",
            "not-fetched": "NOT FETCHED: no snapshot yet",
            "handmade": "MADE BY HAND: not yet fetched from the server",
        }.get(self.state, self.state)


# --- one item --------------------------------------------------------------


@dataclass(frozen=True)
class ItemKey:
    """How an item is recognised: its identity, its page, and its sitting if any.

    ``identity`` follows the feed kind's rules (the module docstring);
    ``link_key`` is the canonical link when the link identifies the item
    (None for bill sittings, whose link is the bill's page); ``day`` is a
    sitting's date, from the item's title.
    """

    identity: str
    link: str
    link_key: str | None
    chamber: str
    day: dt.date | None = None


def _item_link(item: Mapping[str, Any], rules: FeedRules, base: str) -> str | None:
    """The item's human-readable page, as a safe absolute URL."""
    if rules.untitled_alternate_link:
        # feedparser picks the "HTML snippet" alternate as entry.link; the
        # human page is the alternate link without a title attribute.
        for link in item.get("links") or ():
            if link.get("rel", "alternate") == "alternate" and not link.get("title"):
                url = safe_url(link.get("href"), base)
                if url:
                    return url
        for key in ("pbl_document", "dc_identifier", "id"):
            url = safe_url(item.get(key), base)
            if url:
                return url
    return safe_url(item.get("link"), base)


def _digest(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:10]


def identify_item(
    config: FeedConfig, item: Mapping[str, Any], title: str, summary: str
) -> tuple[ItemKey | None, str | None]:
    """The :class:`ItemKey` of one feedparser entry under its feed kind's rules.

    ``title`` and ``summary`` are the item's plain text. Returns
    ``(key, None)``, or ``(None, reason)`` when the item cannot be
    identified. The fetch step (new items, ``first_seen``) and the build
    (events, de-duplication) both identify items here.
    """
    rules = config.rules
    link = _item_link(item, rules, config.url)
    if link is None:
        return None, "no usable http(s) link"
    chamber = config.chamber or "other"
    if rules.house_in_summary:
        house = _HOUSE_RE.search(summary)
        if house:
            chamber = house.group(1).lower()
    link_key = canonical_url(link)

    match = _SITTING_RE.match(title) if rules.identity == "bill-sitting" else None
    if match is not None:
        month = _MONTHS.get(match["month"].lower())
        try:
            day = dt.date(int(match["year"]), month or 0, int(match["day"]))
        except ValueError:
            return None, "the sitting date in the title is not a date"
        stage_label = plain_text(item.get("p4_stage")) or match["stage"]
        identity = "|".join(
            ("bill-sitting", link_key, chamber, " ".join(stage_label.lower().split()),
             day.isoformat())
        )
        return ItemKey(identity, link, None, chamber, day), None

    if rules.identity == "bill-sitting":
        identity = f"link|{link_key}|{title}"
    elif rules.identity == "stable-id":
        raw_id = safe_url(item.get("id"))
        identity = "legislation|" + (canonical_url(raw_id) if raw_id else link_key)
    elif rules.identity == "link":
        identity = "link|" + link_key
    else:
        guid = item.get("id")
        has_guid = isinstance(guid, str) and guid.strip()
        identity = f"id|{guid}" if has_guid else "link|" + link_key
    return ItemKey(identity, link, link_key, chamber), None


def _normalise_item(
    parsed: ParsedFeed,
    item: Mapping[str, Any],
    first_seen: Mapping[str, Any],
    title: str,
    summary: str,
) -> FeedItem | None:
    """One feedparser entry (its text already made plain) as a :class:`FeedItem`.

    Returns None, with the reason recorded, if the item is unusable.
    """
    config = parsed.config
    label = repr(title) if title else "an item with no title"

    key, reason = identify_item(config, item, title, summary)
    if key is None:
        parsed.skipped += 1
        parsed.problem(f"skipped {label}: {reason}")
        return None

    stage_key = config.stage_for(f"{title}\n{summary}")
    if stage_key is None:
        parsed.skipped += 1
        parsed.problem(f"skipped {label}: no stage rule matches and the feed has no 'stage'")
        return None

    vocabulary = config.vocabulary
    record_date = _record_date(item, vocabulary.zone)
    sitting = None
    event_title, event_summary = title, summary

    if key.day is not None:
        date, has_time = _midnight(key.day, vocabulary.zone), False
        if config.bill:
            sitting = (config.bill, key.day, key.chamber)
        # "Widgets Bill [HL]: House of Lords 3rd reading" reads better as a
        # title than "Sitting: 3rd reading - Wednesday, ...".
        if summary:
            event_title, event_summary = summary, title
    else:
        if record_date is None:
            parsed.skipped += 1
            raw = _raw_date(item)
            why = (f": '{raw}' is not a plausible date (years {_FIRST_YEAR} to {_LAST_YEAR}, "
                   "written in full)") if raw else ""
            parsed.problem(f"skipped {label}: no usable date{why}")
            return None
        if config.rules.date_only:
            date, has_time = _midnight(record_date.date(), vocabulary.zone), False
        else:
            date, has_time = record_date, True

    digest = _digest(key.identity)
    # Permanent: derived from the identity only. The day is part of it only
    # where it is part of the identity (a sitting's date never changes).
    slug = f"{config.name}-{digest}"
    if key.day is not None:
        slug = f"{key.day.isoformat()}-{slug}"
    publisher = plain_text(config.publisher) or config.name
    seen = _from_text(first_seen.get(digest), vocabulary.zone) if first_seen else None
    entry = Entry(
        slug=slug,
        title=event_title or event_summary or publisher,
        date=date,
        has_time=has_time,
        summary=event_summary,
        stage=vocabulary.stages[stage_key],
        chamber=vocabulary.chambers[key.chamber],
        sources=(
            # A sitting's link is the bill's page: name it by the publisher.
            vocabulary.source(key.link,
                              f"{event_title} ({publisher})" if key.link_key else publisher),
            vocabulary.source(config.url, f"{publisher} (feed)"),
        ),
        bill=vocabulary.bills.get(config.bill) if config.bill else None,
        origin="feed",
        source_path=f"feeds/{config.snapshot_name}",
        publisher=publisher,
        record_date=record_date,
        first_seen=seen,
        zone=vocabulary.zone,
    )
    return FeedItem(entry, key.identity, key.link_key, sitting)


# --- one feed --------------------------------------------------------------


def parse_feed(
    config: FeedConfig,
    body: bytes,
    content_type: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> ParsedFeed:
    """Parse a snapshot's bytes and normalise its items. Never raises.

    ``content_type`` is the response's, as kept in the ``.json``; ``meta``
    the whole ``.json`` (its ``first_seen`` map dates the items). The bytes
    are read by the feed kind's parser, the same one the fetch step used
    to accept them.
    """
    parsed = ParsedFeed(config, meta=dict(meta or {}))
    document = source_kind(config.kind).read(body, content_type, max_items=config.max_items)
    return normalise_document(parsed, document)


def normalise_document(parsed: ParsedFeed, document: FeedDocument) -> ParsedFeed:
    """Turn a parsed snapshot's items into :class:`FeedItem` s, in ``parsed``.

    Only the first ``max_items`` items of the feed are read (the rest are
    counted, reported once, and never parsed: a feed of 100,000 items costs
    little more than one of ``max_items``); the filters apply to those.
    """
    config = parsed.config
    if not document.usable:
        parsed.state = "unreadable"
        parsed.problem(f"does not parse: {document.error}")
        return parsed
    items = document.entries[: config.max_items]
    parsed.total = document.item_count
    if document.error is not None:
        parsed.problem(
            f"parses with errors ({document.error}); using the {len(items)} item(s) recovered"
        )
    parsed.dropped_cap = parsed.total - len(items)
    if parsed.dropped_cap:
        parsed.problem(
            f"{parsed.dropped_cap} item(s) past the limit of {config.max_items} "
            "(max_items) dropped"
        )

    first_seen = parsed.meta.get("first_seen")
    if not isinstance(first_seen, Mapping):
        first_seen = {}
    for item in items:
        title = plain_text(item.get("title"), MAX_TITLE)
        summary = plain_text(item.get("summary"), MAX_SUMMARY)
        if not config.text_matches(f"{title}\n{summary}"):
            parsed.dropped_filter += 1
            continue
        feed_item = _normalise_item(parsed, item, first_seen, title, summary)
        if feed_item is not None:
            parsed.items.append(feed_item)
    return parsed


def read_feed(config: FeedConfig, feeds_dir: Path | str) -> ParsedFeed:
    """Read and parse one feed's snapshot in ``feeds_dir``. Never raises."""
    paths = SnapshotPaths.for_feed(feeds_dir, config.name)
    # A snapshot is a file of the repository: never one a link leads to
    # (/dev/zero would never end, /proc/self/environ would be published).
    linked = [p for p in (paths.xml, paths.meta)
              if os.path.islink(p) and not is_followed(str(p), str(feeds_dir))]
    if linked:
        parsed = ParsedFeed(config, state="unreadable")
        parsed.problem(f"{linked[0]} is a symbolic link, not read: commit the file itself")
        return parsed
    meta = read_meta(paths)
    try:
        body = paths.xml.read_bytes()
    except FileNotFoundError:
        parsed = ParsedFeed(config, state="not-fetched", meta=meta)
        if meta.get("last_error"):
            parsed.problem(f"no snapshot yet; the last fetch failed: {meta['last_error']}")
        return parsed
    except OSError as exc:
        parsed = ParsedFeed(config, state="unreadable", meta=meta)
        parsed.problem(f"cannot read {paths.xml}: {exc}")
        return parsed
    content_type = meta.get("content_type")
    return parse_feed(
        config, body, content_type if isinstance(content_type, str) else None, meta
    )


# --- all feeds, merged -----------------------------------------------------


@dataclass(frozen=True)
class MergeResult:
    """The whole set of entries, and what became of each feed."""

    entries: list[Entry]
    statuses: list[FeedStatus]
    problems: list[str]


def _add_source(entry: Entry, source: Source) -> Entry:
    """``entry`` with ``source`` appended, unless a source has that URL already."""
    known = {canonical_url(s.url) for s in entry.sources}
    if canonical_url(source.url) in known:
        return entry
    return replace(entry, sources=(*entry.sources, source))


def merge_feeds(hand_written: Sequence[Entry], feeds: Sequence[ParsedFeed]) -> MergeResult:
    """De-duplicate feed items across feeds and against hand-written entries.

    Feeds are taken in configuration order, items in feed order; the first
    occurrence of an identity (or of a canonical link) wins and later ones
    only add their link to it as a further source. A hand-written entry
    whose sources contain an item's link, or (for a bill sitting) of the
    same bill on the same London day in the same House, supersedes the item
    and gains the feed as a further source.
    """
    hand = list(hand_written)
    by_link: dict[str, int] = {}
    by_sitting: dict[tuple[str, dt.date, str], int] = {}
    taken_slugs = {e.slug for e in hand}
    for i, entry in enumerate(hand):
        for source in entry.sources:
            by_link.setdefault(canonical_url(source.url), i)
        if entry.bill is not None:
            by_sitting.setdefault((entry.bill.key, entry.day, entry.chamber.key), i)

    winners: list[Entry] = []
    by_identity: dict[str, int] = {}  # identity -> index in winners, or -1 for hand-written
    by_feed_link: dict[str, int] = {}
    statuses: list[FeedStatus] = []
    problems: list[str] = []

    for feed in feeds:
        superseded = duplicates = 0
        config = feed.config
        feed_source = config.vocabulary.source(
            config.url, f"{config.publisher or config.name} (feed)")
        for item in feed.items:
            if item.identity in by_identity or (
                item.link_key is not None and item.link_key in by_feed_link
            ):
                index = by_identity.get(item.identity)
                if index is None:
                    index = by_feed_link[item.link_key]
                if index >= 0:
                    winners[index] = _add_source(winners[index], item.entry.sources[0])
                    duplicates += 1
                else:
                    superseded += 1
                continue
            target = by_link.get(item.link_key) if item.link_key is not None else None
            if target is None and item.sitting is not None:
                target = by_sitting.get(item.sitting)
            if target is not None:
                # The hand-written entry gains the item's page and the feed.
                gained = _add_source(hand[target], item.entry.sources[0])
                hand[target] = _add_source(gained, feed_source)
                by_identity[item.identity] = -1
                superseded += 1
                continue
            if item.entry.slug in taken_slugs:
                problems.append(
                    f"feed {config.name}: skipped {item.entry.title!r}: its id "
                    f"{item.entry.slug!r} is already taken"
                )
                continue
            taken_slugs.add(item.entry.slug)
            by_identity[item.identity] = len(winners)
            if item.link_key is not None:
                by_feed_link[item.link_key] = len(winners)
            winners.append(item.entry)
        problems.extend(feed.problems)
        statuses.append(_status(feed, superseded, duplicates))
    return MergeResult(hand + winners, statuses, problems)


def _status(feed: ParsedFeed, superseded: int, duplicates: int) -> FeedStatus:
    """The status of one feed after the merge."""
    meta = feed.meta
    config = feed.config

    def text(key: str) -> str | None:
        value = meta.get(key)
        return value if isinstance(value, str) and value else None

    def number(key: str) -> int | None:
        value = meta.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    state = feed.state
    if state == "ok" and meta.get("last_outcome") == "failed":
        state = "failing"
    elif state == "ok" and text("handmade") and not text("fetched_at"):
        state = "handmade"
    return FeedStatus(
        name=config.name,
        url=config.url,
        publisher=config.publisher,
        kind=config.kind,
        state=state,
        fetched_at=text("fetched_at"),
        checked_at=text("checked_at"),
        last_attempt_at=text("last_attempt_at"),
        http_status=number("status"),
        last_status=number("last_status"),
        last_outcome=text("last_outcome"),
        last_error=text("last_error"),
        handmade=text("handmade"),
        total=feed.total,
        kept=len(feed.items),
        dropped_filter=feed.dropped_filter,
        dropped_cap=feed.dropped_cap,
        skipped=feed.skipped,
        superseded=superseded,
        duplicates=duplicates,
        problems=tuple(feed.problems),
    )


def load_feeds(
    configs: Iterable[FeedConfig], feeds_dir: Path | str, hand_written: Sequence[Entry]
) -> MergeResult:
    """Read every feed's snapshot and merge the items with the hand-written entries."""
    return merge_feeds(hand_written, [read_feed(config, feeds_dir) for config in configs])


def item_identities(config: FeedConfig, document: FeedDocument) -> list[str]:
    """The identity digests of every identifiable item of a parsed snapshot.

    Filters and stage rules do not apply: this is what the fetch step counts
    as new items and dates in ``first_seen``, under the same rules the build
    uses for events.
    """
    digests: list[str] = []
    for item in document.entries[: config.max_items]:
        title = plain_text(item.get("title"), MAX_TITLE)
        summary = plain_text(item.get("summary"), MAX_SUMMARY)
        key, _ = identify_item(config, item, title, summary)
        if key is not None:
            digests.append(_digest(key.identity))
    return list(dict.fromkeys(digests))
