"""The timeline as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

Each event is one item: its page is ``url``, its primary source
``external_url``; the stage, chamber and bill keys are in the ``_timeline``
extension object (JSON Feed's convention for extensions).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Entry
from .common import ExportSite, json_document, json_piece, updated

VERSION = "https://jsonfeed.org/version/1.1"


def feed_item(entry: Entry, site: ExportSite) -> dict:
    """One JSON Feed item for an event."""
    item = {
        "id": site.event_id(entry),
        "url": site.permalink(entry),
        "external_url": entry.primary_source.url,
        "title": entry.title,
        "summary": entry.summary,
    }
    if entry.body:
        item["content_html"] = entry.body
    else:
        item["content_text"] = entry.summary
    item["date_published"] = entry.date.isoformat()
    item["date_modified"] = updated(entry).isoformat()
    item["tags"] = [entry.stage.label, entry.chamber.label] + (
        [entry.bill.title] if entry.bill else []
    )
    item["_timeline"] = {
        "about": site.page("opendata"),
        "stage": entry.stage.key,
        "chamber": entry.chamber.key,
        "bill": entry.bill.key if entry.bill else None,
        "sources": [s.url for s in entry.sources],
        "from_feed": entry.origin == "feed",
    }
    return item


def json_item(entry: Entry, site: ExportSite) -> str:
    """The event's item as the feed's text has it (a :func:`json_piece`)."""
    return json_piece(feed_item(entry, site))


def json_feed(pieces: Iterable[str], site: ExportSite) -> Iterator[str]:
    """The JSON Feed of every event in parts; ``pieces`` are their :func:`json_item`."""
    ts = site.settings
    document = {
        "version": VERSION,
        "title": site.title,
        "home_page_url": site.page("home"),
        "feed_url": site.url(ts.json_feed),
        "description": site.subtitle,
        "language": site.language,
        "authors": [{"name": site.author}],
        "items": [],
    }
    return json_document(document, "items", pieces)
