"""What every export shares: absolute URLs, permanent ids and record fields.

Each export module turns the one entry model (:class:`~timeline.model.Timeline`)
into bytes through these helpers, so the permalinks, ids and field values are
the same in every format. Nothing here reads the clock: the dates come from
the entries, so the same entries give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..model import Entry, Person, QuestionRef, Quote
from ..pagekinds import SitePages
from ..procedure import Stage
from ..records.bills import Bill
from ..records.kinds import BILL, ENTRY, RecordKind
from ..records.official import bill_official_id
from ..settings import TimelineSettings
from ..urls import web_url
from ..vocabulary import Vocabulary

# What XML 1.0 and iCalendar's TEXT may not hold: control characters but tab,
# line feed and carriage return, DEL and the C1 controls, surrogates and the
# non-characters U+FFFE and U+FFFF.
_NOT_TEXT_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain_text(value: str) -> str:
    """``value`` with every character that XML and iCalendar may not hold made U+FFFD.

    ``invoke check`` refuses them in records; this keeps every export
    well-formed whatever reaches it (a feed item, a record the check missed).
    """
    return _NOT_TEXT_RE.sub("\ufffd", value)


# Used as a feed's date when there is no event at all, instead of the clock.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ExportSettingsError(ValueError):
    """The settings do not give what the exports need (an absolute URL)."""


@dataclass(frozen=True)
class ExportSite:
    """The site as the exports describe it: name, address and URL patterns."""

    public_url: str
    title: str
    subtitle: str
    author: str
    language: str
    settings: TimelineSettings
    namespace: uuid.UUID
    vocabulary: Vocabulary

    def url(self, path: str) -> str:
        """The absolute URL of a path relative to the site's root."""
        return f"{self.public_url}/{path}"

    @cached_property
    def pages(self) -> SitePages:
        """Where each page of the site is (pagekinds.py)."""
        return SitePages(self.settings)

    def page(self, kind: str, record=None) -> str:
        """The absolute URL of the page of ``kind`` (of ``record``)."""
        return self.url(self.pages.url(kind, record))

    def permalink(self, entry: Entry) -> str:
        """The absolute URL of the event's own page."""
        return self.page("entry", entry)

    def bill_page(self, bill: Bill) -> str:
        """The absolute URL of the bill's page."""
        return self.page("bill", bill)

    def stage_page(self, stage: Stage) -> str:
        """The absolute URL of the stage's page."""
        return self.page("stage", stage)

    def event_id(self, entry: Entry) -> str:
        """The event's permanent id: it depends on its slug only, not on the host."""
        return self.event_id_of(entry.slug)

    def event_id_of(self, slug: str) -> str:
        """The permanent id of the event whose slug (file name) is ``slug``."""
        return uuid.uuid5(self.namespace, "event:" + slug).urn

    def feed_id(self, name: str) -> str:
        """The permanent id of one feed ("all", "bills/<key>", "stages/<key>")."""
        return uuid.uuid5(self.namespace, "feed:" + name).urn


def export_site(pelican_settings: dict, ts: TimelineSettings,
                vocabulary: Vocabulary) -> ExportSite:
    """Read what the exports need from Pelican's settings.

    The public URL is TIMELINE_PUBLIC_URL, or SITEURL when that is empty; it
    must be absolute, since an export is read away from the site.
    """
    public_url = (ts.public_url or pelican_settings.get("SITEURL") or "").rstrip("/")
    if web_url(public_url) is None:
        raise ExportSettingsError(
            "TIMELINE_PUBLIC_URL (or SITEURL) must be an absolute http(s) URL "
            f"for the exports' permalinks, not {public_url!r}"
        )
    namespace = id_namespace(ts)
    return ExportSite(
        public_url=public_url,
        title=pelican_settings.get("SITENAME", ""),
        subtitle=pelican_settings.get("SITESUBTITLE") or "",
        author=pelican_settings.get("AUTHOR") or pelican_settings.get("SITENAME", ""),
        language=pelican_settings.get("DEFAULT_LANG", "en"),
        settings=ts,
        namespace=namespace,
        vocabulary=vocabulary,
    )


def id_namespace(ts: TimelineSettings) -> uuid.UUID:
    """The site's TIMELINE_ID_NAMESPACE, which every site must set to its own UUID."""
    if not ts.id_namespace:
        raise ExportSettingsError(
            "TIMELINE_ID_NAMESPACE is not set: give the site its own UUID (make one with "
            "python -c 'import uuid; print(uuid.uuid4())'), so its events' permanent ids "
            "are its own")
    try:
        return uuid.UUID(ts.id_namespace)
    except ValueError:
        raise ExportSettingsError(
            f"TIMELINE_ID_NAMESPACE must be a UUID, not {ts.id_namespace!r}"
        ) from None


def day_start(day: dt.date, zone: dt.tzinfo | None) -> dt.datetime:
    """Midnight at the start of a day in ``zone`` (the site's time zone)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


def updated(entry: Entry) -> dt.datetime:
    """When the record last changed: the event, or its latest correction."""
    zone = entry.local.tzinfo
    return max([entry.date, *(day_start(c.date, zone) for c in entry.corrections)])


def newest(entries: Iterable[Entry], default: dt.datetime = EPOCH) -> dt.datetime:
    """The latest :func:`updated` of some entries (``default`` if none)."""
    return max((updated(e) for e in entries), default=default)


def local_time(entry: Entry) -> str | None:
    """'14:30' in the site's time zone when the time of day is known, else None."""
    if not entry.has_time:
        return None
    return entry.local.strftime("%H:%M")


def stage_term(stage: Stage) -> dict:
    """A stage as the exports give it: its key and its label."""
    return {"key": stage.key, "label": stage.label}


def event_record(entry: Entry, site: ExportSite) -> dict:
    """Every field of an event, as plain JSON values (timeline.json, CSV)."""
    bill = entry.bill
    return {
        "id": site.event_id(entry),
        "slug": entry.slug,
        "permalink": site.permalink(entry),
        "title": entry.title,
        "date": entry.iso_date,
        "day": entry.day.isoformat(),
        "time": local_time(entry),
        "has_time": entry.has_time,
        "stage": stage_term(entry.stage),
        "chamber": {"key": entry.chamber.key, "label": entry.chamber.label},
        "bill": None if bill is None else {
            "key": bill.key,
            "title": bill.title,
            "session": bill.session,
            "permalink": site.bill_page(bill),
        },
        "summary": entry.summary,
        "body_html": entry.body,
        "sources": [
            {"url": s.url, "title": s.title, "official": s.official}
            for s in entry.sources
        ],
        "people": [{**person_ref(p), "role": p.role} for p in entry.people],
        "questions": question_refs(entry.questions),
        "quotes": [quote_record(q) for q in entry.quotes],
        "unverified": entry.unverified,
        "corrections": [
            {"date": c.date.isoformat(), "text": c.text} for c in entry.corrections
        ],
        "origin": entry.origin,
        "from_feed": entry.origin == "feed",
        "publisher": entry.publisher,
        "record_date": entry.record_date.isoformat() if entry.record_date else None,
        "first_seen": entry.first_seen.isoformat() if entry.first_seen else None,
        "updated": updated(entry).isoformat(),
        **declared_values(ENTRY, entry),
    }


def plain(value):
    """A field's value as a JSON value: a date as ``YYYY-MM-DD``, a tuple as a list."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def declared_values(kind: RecordKind, record) -> dict:
    """The declared fields a record carries in its ``extra`` (no attribute of their own:
    records/common.py, declared_extra), by their names in timeline.json
    (``FieldSpec.export_path``); a field declared NOT_EXPORTED is left out."""
    return {kind.field(key).export_path: plain(value) for key, value in record.extra.items()
            if kind.field(key).export_path}


def person_ref(person: Person) -> dict:
    """A person as records name them: the id of their record (None for a plain name)."""
    return {"id": person.key, "name": person.name}


def question_refs(refs: Iterable[QuestionRef]) -> list[dict]:
    """Questions in dispute a record bears on: each question's id and the side taken."""
    return [{"id": r.key, "side": r.side} for r in refs]


def quote_record(quote: Quote) -> dict:
    """A quote in an event's narrative: who said it, where, the words, the questions."""
    return {
        "person": person_ref(quote.person),
        "url": quote.url,
        "text": quote.text,
        "questions": question_refs(quote.questions),
    }


def vocabularies(site: ExportSite) -> dict:
    """The stages, chambers, bills, outcomes and Houses, from their one source."""
    ts = site.settings
    vocabulary = site.vocabulary
    return {
        "stages": [
            {
                "key": s.key,
                "label": s.label,
                "explanation": s.explanation,
                "order": s.order,
                "schedulable": s.schedulable,
                "permalink": site.stage_page(s),
                "feed": site.url(ts.feed_stage_atom.format(key=s.key)),
            }
            for s in vocabulary.stages.values()
        ],
        "chambers": [
            {"key": c.key, "label": c.label, "explanation": c.explanation}
            for c in vocabulary.chambers.values()
        ],
        "bills": [
            {
                "key": b.key,
                "title": b.title,
                "session": b.session,
                "house": b.house,
                "house_label": vocabulary.houses[b.house],
                "status": b.status,
                "status_label": b.status_label,
                "outcome": b.outcome,
                "url": b.url,
                "act_title": b.act_title,
                "act_url": b.act_url,
                "carried_into": b.carried_into,
                "bill_id": bill_official_id(b)[0],
                "permalink": site.bill_page(b),
                "feed": site.url(ts.feed_bill_atom.format(key=b.key)),
                **declared_values(BILL, b),
            }
            for b in vocabulary.bills.values()
        ],
        "outcomes": [{"key": k, "label": v} for k, v in vocabulary.outcomes.items()],
        "houses": [{"key": k, "label": v} for k, v in vocabulary.houses.items()],
    }


def dump_json(value) -> bytes:
    """JSON as the exports write it: UTF-8, indented, keys in the code's order."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_piece(value) -> str:
    """One list item as :func:`dump_json` writes it, at the top level.

    ``dump_json(value)`` is this text and a line break; nested in a list one
    level down (:func:`json_document`), each of its lines is indented further.
    """
    return json.dumps(value, ensure_ascii=False, indent=2)


# Stands for the list of items in a document while its frame is written.
# The NUL makes a clash with real text all but impossible; json_document
# checks that it is found exactly once.
_ITEMS = "\x00timeline-items\x00"


def json_document(document: dict, key: str, items: Iterable[str]) -> Iterator[str]:
    """The text of ``dump_json(document)`` whose list ``document[key]`` is ``items``.

    ``items`` are the list's elements as :func:`json_piece` texts, so each one
    is serialised once (and can be cached) instead of with the whole file.
    Yields the text in parts, so the file is never whole in memory.
    """
    marker = json.dumps(_ITEMS)
    frame = dump_json({**document, key: _ITEMS}).decode("utf-8")
    if frame.count(marker) != 1:
        raise ValueError(f"cannot place the {key!r} list in its JSON document")
    head, tail = frame.split(marker)
    yield head
    # json escapes every line break inside a string, so each "\n" in a piece
    # is between two of its lines and the indent can follow it.
    separator = "[\n    "
    for item in items:
        yield separator + item.replace("\n", "\n    ")
        separator = ",\n    "
    yield "[]" if separator == "[\n    " else "\n  ]"
    yield tail
