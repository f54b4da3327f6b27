"""The one parser of feed snapshots, shared by the fetch step and the build.

:func:`read_feed_document` parses a snapshot's bytes with feedparser, once,
and says what they are: a complete feed, a feed that parses only with
errors (the items feedparser recovered are kept), or no feed at all. The
fetch step stores a response only when :attr:`FeedDocument.error` is None;
the build uses whatever is :attr:`~FeedDocument.usable` and reports the
error as a warning. Both thus agree on validity and on bozo handling, and
both identify items with the same rules (:mod:`.items`).

This module imports nothing of the plugin's.
"""

from __future__ import annotations

import hashlib
import io
import json
import xml.parsers.expat
import xml.sax
from dataclasses import dataclass
from typing import Any

import feedparser

__all__ = ["FeedDocument", "describe_exception", "read_feed_document"]

# feedparser's bozo exceptions that mean "this is not a whole, well-formed
# document": truncated downloads, HTML error pages, garbage.
_MALFORMED = (xml.sax.SAXException, feedparser.CharacterEncodingUnknown)

# Channel-level fields that change without the feed's content changing:
# bills.parliament.uk regenerates lastBuildDate (feed.updated) on every
# request, and legislation.gov.uk stamps its feed-level <updated> likewise.
_VOLATILE_FEED_KEYS = frozenset({"updated", "updated_parsed", "published", "published_parsed"})


@dataclass(frozen=True)
class FeedDocument:
    """What a snapshot's bytes are, as feedparser reads them.

    ``error`` is None for a complete, well-formed RSS or Atom feed, else a
    short reason (``"an HTML page, not a feed"``, ``"not well-formed XML
    (...)"``...). ``usable`` says whether the build can still take items
    from it (a truncated download: yes; an HTML page: no).
    """

    parsed: Any
    error: str | None
    usable: bool
    # Items in the whole snapshot, when more than ``max_items`` were left
    # unread (see :func:`limit_items`); else None and ``entries`` are all.
    total: int | None = None

    @property
    def item_count(self) -> int:
        """How many items the snapshot holds, read or not."""
        return self.total if self.total is not None else len(self.entries)

    @property
    def entries(self) -> list[Any]:
        """feedparser's entries (none when the bytes did not parse at all)."""
        if self.parsed is None:
            return []
        return list(self.parsed.get("entries") or [])

    @property
    def malformed(self) -> bool:
        """Whether the bytes parse only with errors, or not at all."""
        return self.error is not None

    def items_digest(self) -> str:
        """A digest of the content, leaving out the channel's own build dates.

        Every item field counts (titles, links, dates, summaries...); of the
        channel, everything but its volatile dates. Two fetches with the
        same digest carry the same items.
        """
        parsed = self.parsed if self.parsed is not None else {}
        feed = {k: v for k, v in parsed.get("feed", {}).items() if k not in _VOLATILE_FEED_KEYS}
        text = json.dumps([feed, parsed.get("entries", [])], sort_keys=True, default=repr)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe_exception(exc: BaseException | None) -> str:
    """One line about a parser exception."""
    if exc is None:
        return "unknown error"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# Item elements (RSS <item>, Atom <entry>) as children of a channel, an
# RSS 1.0 rdf:RDF or an Atom feed, by local name.
_ITEM_NAMES = frozenset({"item", "entry"})
_ITEM_PARENTS = frozenset({"channel", "rdf", "feed"})
# Byte-order marks and NUL bytes of UTF-16/32: closing tags could not be
# appended in ASCII; such a snapshot is read whole.
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00", b"<\x00", b"\x00<")


def _local(name: str) -> str:
    return name.rpartition(":")[2].lower()


def limit_items(body: bytes, max_items: int) -> tuple[bytes, int | None]:
    """``body`` cut after its first ``max_items`` items, and how many it had.

    feedparser reads every item of a document, so a feed of 100,000 items
    would cost a build most of a minute even if only ``max_items`` are used.
    One pass of expat (C, no tree) counts the items and finds where item
    ``max_items + 1`` starts; the bytes before it, with the elements still
    open there closed, are a well-formed feed of the first ``max_items``
    items. Returns ``(body, count)`` unchanged when there are no more items
    than that, and ``(body, None)`` when expat cannot read the whole
    document (not well-formed, an encoding it does not know, UTF-16...):
    then feedparser reads all of it and reports what is wrong, as before.
    """
    if body.startswith(_WIDE_STARTS):
        return body, None
    parser = xml.parsers.expat.ParserCreate()
    stack: list[str] = []
    count = 0
    cut: tuple[int, list[str]] | None = None

    def start(name: str, attributes: Any) -> None:
        nonlocal count, cut
        if stack and _local(name) in _ITEM_NAMES and _local(stack[-1]) in _ITEM_PARENTS:
            count += 1
            if count == max_items + 1:
                cut = (parser.CurrentByteIndex, list(stack))
        stack.append(name)

    def end(name: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(body, True)
    except Exception:  # not well-formed, an unknown encoding...: feedparser will say
        return body, None
    if cut is None:
        return body, count
    offset, open_elements = cut
    if offset < 0 or not all(name.isascii() for name in open_elements):
        return body, None
    closing = "".join(f"</{name}>" for name in reversed(open_elements))
    return body[:offset] + closing.encode("ascii"), count


def read_feed_document(
    body: bytes, content_type: str | None = None, *, max_items: int | None = None
) -> FeedDocument:
    """Parse a snapshot (or a response body) and classify it. Never raises.

    With ``max_items``, only the feed's first ``max_items`` items are
    parsed (:func:`limit_items`); ``total`` then says how many it has.

    ``content_type`` is the response's, as the fetch step keeps it in the
    snapshot's ``.json``: the build parses with the same one, so it sees
    what the fetch step checked.

    Refused (``error`` set): an empty body; a document feedparser does not
    recognise as RSS or Atom (e.g. an HTML error page served with 200);
    XML that is not well-formed (a truncated download: feedparser's
    forgiving parser still recovers the first items, so ``bozo`` alone is
    not enough and the error type is checked); a feed with neither a title
    nor any item. Harmless oddities, such as a declared encoding that had
    to be overridden, pass.
    """
    if not body.strip():
        return FeedDocument(None, "empty body", usable=False)
    total = None
    if max_items is not None:
        body, count = limit_items(body, max_items)
        total = count if count is not None and count > max_items else None
    headers = {"content-type": content_type} if content_type else None
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except Exception as exc:  # feedparser should not raise; a snapshot must never stop a build
        return FeedDocument(None, f"does not parse ({describe_exception(exc)})", usable=False)
    entries = parsed.get("entries") or []
    exc = parsed.get("bozo_exception")
    if not parsed.get("version"):
        head = body[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            reason = "an HTML page, not a feed"
        else:
            reason = "not an RSS or Atom feed"
            if exc is not None:
                reason += f" ({describe_exception(exc)})"
        return FeedDocument(parsed, reason, usable=bool(entries))
    if parsed.get("bozo") and isinstance(exc, _MALFORMED):
        return FeedDocument(parsed, f"not well-formed XML ({describe_exception(exc)})",
                            usable=True, total=total)
    if not entries and not parsed.feed.get("title"):
        return FeedDocument(parsed, "a feed with no title and no items", usable=True)
    return FeedDocument(parsed, None, usable=True, total=total)
