"""Atom feeds (RFC 4287) of the timeline: every event, and per bill and stage.

Written with feedgenerator, Pelican's own feed library, from the entry model.
Each event is one entry: its page is the ``alternate`` link, its sources are
``related`` links (the primary source first), its id is the event's permanent
urn:uuid, and its stage, chamber and bill are categories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from io import StringIO

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import escape

from ..model import Entry
from .common import ExportSite, newest, plain_text, updated


class PlainXMLGenerator(SimplerXMLGenerator):
    """feedgenerator's XML writer, writing any text XML may not hold as U+FFFD.

    Its own raises on a control character in text (a crashed build) and
    writes one in an attribute as it is (a malformed feed).
    """

    def characters(self, content):
        super().characters(plain_text(content) if content else content)

    def startElement(self, name, attrs):
        super().startElement(name, {k: plain_text(v) if isinstance(v, str) else v
                                    for k, v in (attrs or {}).items()})


class TimelineAtomFeed(Atom1Feed):
    """An Atom feed whose dates come from the entries, never from the clock."""

    def write(self, outfile, encoding):
        # feedgenerator's Atom1Feed.write, with the writer above.
        handler = PlainXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def latest_post_date(self) -> dt.datetime:
        # feedgenerator falls back to now() for a feed with no items.
        return self.feed["updated"]

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for term, label, scheme in item["terms"]:
            handler.addQuickElement(
                "category", "", {"term": term, "label": label, "scheme": scheme}
            )
        for url, title in item["related"]:
            attrs = {"rel": "related", "href": url}
            if title:
                attrs["title"] = title
            handler.addQuickElement("link", "", attrs)


def atom_entry(entry: Entry, site: ExportSite) -> str:
    """The event's ``<entry>`` element, as every feed that lists it has it.

    It depends on the event and the site only, not on the feed, so it is
    made once and spliced into the all-events feed, its bill's and its
    stage's (and cached across builds: see :mod:`.pieces`).
    """
    terms = [
        (entry.stage.key, entry.stage.label, site.page("glossary")),
        (entry.chamber.key, entry.chamber.label, site.page("glossary")),
    ]
    if entry.bill is not None:
        terms.append((entry.bill.key, entry.bill.title, site.page("bills")))
    # A feed holding just this item, written by feedgenerator's own code.
    feed = TimelineAtomFeed(title="", link="", description="")
    feed.add_item(
        title=entry.title,
        link=site.permalink(entry),
        # type="html": the plain-text summary is escaped once for HTML.
        description=str(escape(entry.summary)),
        content=entry.body or None,
        pubdate=entry.date,
        updateddate=updated(entry),
        unique_id=site.event_id(entry),
        terms=terms,
        related=[(s.url, s.title) for s in entry.sources],
    )
    out = StringIO()
    feed.write_items(PlainXMLGenerator(out, "utf-8", short_empty_elements=True))
    return out.getvalue()


def atom_feed(
    entries: Sequence[Entry],
    pieces: Mapping[int, str],
    site: ExportSite,
    *,
    name: str,
    title: str,
    page_url: str,
    feed_path: str,
    fallback_updated: dt.datetime,
) -> Iterator[str]:
    """One Atom feed of ``entries``, in timeline order, as parts of its text.

    ``pieces`` maps each event (by ``id``) to its :func:`atom_entry`. ``name``
    makes the feed's permanent id ("all", "bills/<key>", ...);
    ``fallback_updated`` dates a feed with no entries (the whole timeline's
    newest date, so an empty feed is as deterministic as a full one).
    """
    feed = TimelineAtomFeed(
        title=title,
        link=page_url,
        description=site.subtitle,
        language=site.language,
        author_name=site.author,
        feed_url=site.url(feed_path),
        feed_guid=site.feed_id(name),
        updated=newest(entries, fallback_updated),
    )
    # The feed without items, then the items where feedgenerator writes
    # them: after the feed's own elements, before its end tag.
    out = StringIO()
    feed.write(out, "utf-8")
    frame = out.getvalue()
    end = "</feed>"
    if not frame.endswith(end):
        raise ValueError(f"unexpected Atom frame from feedgenerator: {frame[-40:]!r}")
    yield frame[: -len(end)]
    for entry in entries:
        yield pieces[id(entry)]
    yield end
