"""``timeline.json``: every event with all its fields, the vocabularies, and the
records of the debate (people, questions, amendments, divisions, versions).

The format is described by the JSON Schema ``timeline.schema.json`` beside
this module (published beside the file). Its ``version`` changes only when a
field is removed or changes meaning: adding fields or arrays keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..model import Entry
from .common import (
    ExportSite,
    event_record,
    json_document,
    json_piece,
    newest,
    vocabularies,
)

# The committed schema, at the top of the repository (plugins/timeline/exports/
# is three folders down).
SCHEMA_PATH = Path(__file__).resolve().parent / "timeline.schema.json"
SCHEMA_SAVE_AS = "timeline.schema.json"
FORMAT_VERSION = 1


def timeline_event(entry: Entry, site: ExportSite) -> str:
    """The event's record as the file's text has it (a :func:`json_piece`)."""
    return json_piece(event_record(entry, site))


def timeline_json(
    entries: Sequence[Entry], pieces: Iterable[str], site: ExportSite, records: dict
) -> Iterator[str]:
    """``timeline.json`` in parts; ``pieces`` are the events' :func:`timeline_event`.

    ``records`` are the records of the debate by kind (:func:`.records.debate_records`).
    """
    document = {
        "format": site.settings.export_format,
        "version": FORMAT_VERSION,
        "schema": site.url(SCHEMA_SAVE_AS),
        "site": {
            "title": site.title,
            "description": site.subtitle,
            "url": site.page("home"),
            "language": site.language,
        },
        "updated": newest(entries).isoformat(),
        "vocabularies": vocabularies(site),
        "events": [],
        **records,
    }
    return json_document(document, "events", pieces)
