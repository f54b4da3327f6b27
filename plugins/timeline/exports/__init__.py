"""The timeline as data: feeds, JSON, CSV, iCalendar and TimelineJS.

Every export is made here from the one entry model (``context["timeline"]``)
by a plain function returning bytes, one module per format; this module
writes them under Pelican's output path and renders the Open data page that
documents them. Same entries, same bytes: nothing reads the clock.
"""

from __future__ import annotations

import logging
import os

from pelican.utils import sanitised_join

from ..bills import BILLS
from ..model import Timeline
from ..settings import TimelineSettings
from ..stages import STAGES
from .atom import atom_feed
from .common import ExportSite, export_site, newest
from .csvfile import timeline_csv
from .ical import timeline_ics
from .jsonfeed import json_feed
from .opendata import examples
from .timelinejs import timelinejs_json
from .timelinejson import SCHEMA_PATH, SCHEMA_SAVE_AS, timeline_json

logger = logging.getLogger(__name__)


def export_links(ts: TimelineSettings) -> dict:
    """The exports' paths, for templates (``TIMELINE_EXPORTS`` in the context)."""
    return {
        "feed_all_atom": ts.feed_all_atom,
        "json_feed": ts.json_feed,
        "json": ts.json,
        "csv": ts.csv,
        "ics": ts.ics,
        "timelinejs": ts.timelinejs,
        "schema": SCHEMA_SAVE_AS,
        "opendata_url": ts.opendata_url,
        "bill_feeds": {key: ts.feed_bill_atom.format(key=key) for key in BILLS},
        "stage_feeds": {key: ts.feed_stage_atom.format(key=key) for key in STAGES},
    }


def build_exports(timeline: Timeline, site: ExportSite) -> dict[str, bytes]:
    """Every export file, by path relative to the output folder."""
    ts = site.settings
    entries = timeline.entries
    last = newest(entries)
    files = {
        ts.feed_all_atom: atom_feed(
            entries, site, name="all", title=site.title,
            page_url=site.url(ts.url), feed_path=ts.feed_all_atom, fallback_updated=last,
        ),
    }
    for bill in BILLS.values():
        path = ts.feed_bill_atom.format(key=bill.key)
        files[path] = atom_feed(
            timeline.for_bill(bill.key), site, name=f"bills/{bill.key}",
            title=f"{site.title}: {bill.title} ({bill.session})",
            page_url=site.bill_page(bill), feed_path=path, fallback_updated=last,
        )
    for stage in STAGES.values():
        path = ts.feed_stage_atom.format(key=stage.key)
        files[path] = atom_feed(
            timeline.for_stage(stage.key), site, name=f"stages/{stage.key}",
            title=f"{site.title}: {stage.label}",
            page_url=site.stage_page(stage), feed_path=path, fallback_updated=last,
        )
    files[ts.json_feed] = json_feed(entries, site)
    files[ts.json] = timeline_json(entries, site)
    files[SCHEMA_SAVE_AS] = SCHEMA_PATH.read_bytes()
    files[ts.csv] = timeline_csv(entries, site)
    files[ts.ics] = timeline_ics(entries, site)
    files[ts.timelinejs] = timelinejs_json(entries, site)
    return files


def write_files(output_path: str, files: dict[str, bytes]) -> None:
    """Write each file under the output folder, creating folders as needed."""
    for rel, data in files.items():
        path = sanitised_join(output_path, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        logger.info("Writing %s", path)


def write_exports(generator, writer) -> None:
    """Write every export and the Open data page (from ``generate_output``)."""
    from ..generator import TimelineBuildError

    ts: TimelineSettings = generator.timeline_settings
    timeline: Timeline = generator.context["timeline"]
    try:
        site = export_site(generator.settings, ts)
    except ValueError as e:
        raise TimelineBuildError(f"Cannot write the timeline's exports: {e}") from None
    files = build_exports(timeline, site)
    write_files(generator.output_path, files)
    writer.write_file(
        ts.opendata_save_as,
        generator.get_template("opendata"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=ts.opendata_url,
        public_url=site.public_url,
        examples=examples(files, timeline, site),
        example_entry=timeline.latest,
    )
