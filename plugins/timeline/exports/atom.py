"""Atom feeds (RFC 4287) of the timeline: every event, and per bill and stage.

Written with feedgenerator, Pelican's own feed library, from the entry model.
Each event is one entry: its page is the ``alternate`` link, its sources are
``related`` links (the primary source first), its id is the event's permanent
urn:uuid, and its stage, chamber and bill are categories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from io import StringIO

from feedgenerator import Atom1Feed
from markupsafe import escape

from ..model import Entry
from .common import ExportSite, newest, updated


class TimelineAtomFeed(Atom1Feed):
    """An Atom feed whose dates come from the entries, never from the clock."""

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


def atom_feed(
    entries: Sequence[Entry],
    site: ExportSite,
    *,
    name: str,
    title: str,
    page_url: str,
    feed_path: str,
    fallback_updated: dt.datetime,
) -> bytes:
    """One Atom feed of ``entries``, in timeline order, as UTF-8 bytes.

    ``name`` makes the feed's permanent id ("all", "bills/<key>", ...);
    ``fallback_updated`` dates a feed with no entries (the whole timeline's
    newest date, so an empty feed is as deterministic as a full one).
    """
    ts = site.settings
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
    for entry in entries:
        terms = [
            (entry.stage.key, entry.stage.label, site.url(ts.glossary_url)),
            (entry.chamber.key, entry.chamber.label, site.url(ts.glossary_url)),
        ]
        if entry.bill is not None:
            terms.append((entry.bill.key, entry.bill.title, site.url(ts.bills_url)))
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
    feed.write(out, "utf-8")
    return out.getvalue().encode("utf-8")
