"""``timeline.ics``: the timeline as an iCalendar file (RFC 5545).

One VEVENT per event: all-day on its London date, or at its moment (in UTC)
when the entry has a time. The UID is the event's permanent UUID; DTSTAMP is
when the record last changed (the event or its latest correction), never the
build time, and SEQUENCE counts the corrections, so calendars pick them up.

The due items still to come (``Due: yes``, site/nextsteps.py) follow the
events as future VEVENTs: "Due: " before the title, a UID of their own, and
the "What's next" box as their page. Their DTSTAMP is the day they are
judged against (TIMELINE_AS_OF or the latest event's), never the build time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator

from icalendar import Calendar, Event

from ..model import Entry
from .common import ExportSite, plain_text, updated


def uid(entry: Entry, site: ExportSite) -> str:
    """The VEVENT's UID: the UUID of the event's permanent id."""
    return site.event_id(entry).removeprefix("urn:uuid:")


def description(entry: Entry, site: ExportSite) -> str:
    """The event's text in a calendar: summary, source and page."""
    lines = [entry.summary, "", f"Source: {entry.primary_source.url}"]
    if entry.unverified:
        lines.append(f"Not verified: {entry.unverified}")
    lines.append(f"Event page: {site.permalink(entry)}")
    return "\n".join(lines)


def vevent(entry: Entry, site: ExportSite) -> Event:
    """One VEVENT for an event."""
    event = Event()
    event.add("uid", uid(entry, site))
    event.add("dtstamp", updated(entry).astimezone(dt.UTC))
    event.add("sequence", len(entry.corrections))
    if entry.has_time:
        event.add("dtstart", entry.date.astimezone(dt.UTC))
    else:
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
    # iCalendar's TEXT holds no control character (RFC 5545, 3.3.11).
    event.add("summary", plain_text(entry.title))
    event.add("description", plain_text(description(entry, site)))
    event.add("url", plain_text(entry.primary_source.url))
    event.add("categories", [entry.stage.label, entry.chamber.label])
    # Reading about a debate should not mark the reader as busy.
    event.add("transp", "TRANSPARENT")
    return event


def vevent_text(entry: Entry, site: ExportSite) -> str:
    """The event's VEVENT as it appears in the calendar (CRLF line ends, folded)."""
    return vevent(entry, site).to_ical().decode("utf-8")


def due_vevent(entry: Entry, site: ExportSite, stamp: dt.date) -> Event:
    """One future VEVENT for a due item, all-day on its date."""
    event = Event()
    event.add("uid", str(uuid.uuid5(site.namespace, "due:" + entry.slug)))
    event.add("dtstamp", dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.UTC))
    event.add("sequence", len(entry.corrections))
    event.add("dtstart", entry.day)
    event.add("dtend", entry.day + dt.timedelta(days=1))
    event.add("summary", f"Due: {entry.title}")
    lines = [entry.summary, "", f"Source: {entry.primary_source.url}"]
    if entry.unverified:
        lines.append(f"Not verified: {entry.unverified}")
    lines.append(f"What's next: {site.page('home')}#due-{entry.slug}")
    event.add("description", "\n".join(lines))
    event.add("url", entry.primary_source.url)
    event.add("categories", ["Due", entry.stage.label, entry.chamber.label])
    event.add("transp", "TRANSPARENT")
    return event


def due_vevent_text(entry: Entry, site: ExportSite, stamp: dt.date) -> str:
    """A due item's VEVENT as it appears in the calendar."""
    return due_vevent(entry, site, stamp).to_ical().decode("utf-8")


def timeline_ics(pieces: Iterable[str], site: ExportSite) -> Iterator[str]:
    """``timeline.ics`` in parts: the calendar, with ``pieces`` as its VEVENTs.

    ``pieces`` are the events' :func:`vevent_text`, in timeline order: the
    icalendar package writes a calendar as its own lines followed by each
    component's, so the calendar is written without events and they go
    before its last line.
    """
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", f"-//{site.title}//Timeline//EN")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", site.title)
    cal.add("x-wr-calname", site.title)
    cal.add("description", site.subtitle)
    cal.add("url", site.page("home"))
    frame = cal.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    if not frame.endswith(end):
        raise ValueError(f"unexpected calendar frame from icalendar: {frame[-40:]!r}")
    yield frame[: -len(end)]
    yield from pieces
    yield end
