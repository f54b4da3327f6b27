"""``timelinejs.json``: the timeline in Knight Lab's TimelineJS 3 format.

One slide per event, dated in Europe/London (with the hour and minute when
the entry has a time), and one era per bill, from its first event to its
last. Slide text is HTML escaped here: TimelineJS shows it as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from markupsafe import Markup, escape

from ..model import Entry
from .common import ExportSite, json_document, json_piece


def slide_date(entry: Entry) -> dict:
    """A TimelineJS date object for the event."""
    date = day_date(entry.day)
    if entry.has_time:
        local = entry.local
        date.update(hour=local.hour, minute=local.minute)
    return date


def slide_text(entry: Entry, site: ExportSite) -> str:
    """The slide's body: summary, primary source and the event's own page."""
    source = entry.primary_source
    parts = [
        Markup("<p>{}</p>").format(entry.summary),
        Markup('<p>Source: <a href="{}">{}</a></p>').format(source.url, source.label),
        Markup('<p><a href="{}">The event page</a></p>').format(site.permalink(entry)),
    ]
    if entry.unverified:
        parts.insert(1, Markup("<p>Not verified: {}</p>").format(entry.unverified))
    return str(Markup("").join(parts))


def slide(entry: Entry, site: ExportSite) -> dict:
    """One TimelineJS slide for an event."""
    return {
        "unique_id": entry.anchor,
        "start_date": slide_date(entry),
        "text": {"headline": str(escape(entry.title)), "text": slide_text(entry, site)},
        "group": entry.chamber.label,
    }


def day_date(day: dt.date) -> dict:
    """A TimelineJS date object for a whole day."""
    return {"year": day.year, "month": day.month, "day": day.day}


def eras(entries: Sequence[Entry], site: ExportSite) -> list[dict]:
    """One era per bill that has events, in the vocabulary's order.

    An era runs from the day of the bill's first event to the end of the day
    of its last (the next day's start): TimelineJS drops an end date equal
    to the start, and then rejects the era, so a one-day bill needs this.
    """
    out = []
    for bill in site.vocabulary.bills.values():
        events = [e for e in entries if e.bill is not None and e.bill.key == bill.key]
        if events:
            out.append(
                {
                    "start_date": day_date(events[0].day),
                    "end_date": day_date(events[-1].day + dt.timedelta(days=1)),
                    "text": {"headline": str(escape(f"{bill.title} ({bill.session})"))},
                }
            )
    return out


def slide_text_json(entry: Entry, site: ExportSite) -> str:
    """The event's slide as the file's text has it (a :func:`json_piece`)."""
    return json_piece(slide(entry, site))


def timelinejs_json(
    entries: Sequence[Entry], pieces: Iterable[str], site: ExportSite
) -> Iterator[str]:
    """``timelinejs.json`` in parts; ``pieces`` are the slides' :func:`slide_text_json`."""
    document = {
        "title": {
            "text": {
                "headline": str(escape(site.title)),
                "text": str(Markup("<p>{}</p>").format(site.subtitle)),
            }
        },
        "events": [],
        "eras": eras(entries, site),
    }
    return json_document(document, "events", pieces)
