"""``timeline.json``: every event with all its fields, and the vocabularies.

The format is described by the JSON Schema in ``docs/timeline.schema.json``
(published beside it as ``timeline.schema.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Entry
from .common import ExportSite, dump_json, event_record, newest, vocabularies

# The committed schema, at the top of the repository (plugins/timeline/exports/
# is three folders down).
SCHEMA_PATH = Path(__file__).resolve().parents[3] / "docs" / "timeline.schema.json"
SCHEMA_SAVE_AS = "timeline.schema.json"
FORMAT_VERSION = 1


def timeline_data(entries: Sequence[Entry], site: ExportSite) -> dict:
    """The whole timeline as plain JSON values."""
    return {
        "format": "deepfake-law-timeline",
        "version": FORMAT_VERSION,
        "schema": site.url(SCHEMA_SAVE_AS),
        "site": {
            "title": site.title,
            "description": site.subtitle,
            "url": site.url(site.settings.url),
            "language": site.language,
        },
        "updated": newest(entries).isoformat(),
        "vocabularies": vocabularies(site),
        "events": [event_record(e, site) for e in entries],
    }


def timeline_json(entries: Sequence[Entry], site: ExportSite) -> bytes:
    """``timeline.json`` as UTF-8 bytes."""
    return dump_json(timeline_data(entries, site))
