"""The timeline as data: feeds, JSON, CSV, iCalendar and TimelineJS.

The records of the debate (people, questions, amendments, divisions,
versions) go into ``timeline.json`` and a CSV file per kind (:mod:`.records`,
:mod:`.recordcsv`); they are few, so they are made afresh on every build.

Every export is made from the one entry model (``context["timeline"]``),
one module per format: each event's piece of text (:mod:`.pieces`, cached
across builds when Pelican's content cache is on) inside the file's frame.
This module writes them under Pelican's output path, one file at a time,
and renders the Open data page that documents them. Same entries, same
bytes: nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from pelican.utils import sanitised_join

from ..errors import TimelineBuildError
from ..model import Entry, Timeline
from ..pagekinds import SitePages
from ..settings import TimelineSettings
from ..vocabulary import Vocabulary
from .atom import atom_entry, atom_feed
from .cite import Citer, edition
from .common import ExportSite, export_site, newest
from .csvfile import csv_record, timeline_csv
from .ical import due_vevent_text, timeline_ics, vevent_text
from .jsonfeed import json_feed, json_item
from .opendata import examples, record_examples
from .pieces import PieceCache
from .recordcsv import records_csv
from .records import KINDS, debate_records
from .sqlitedb import EXAMPLE_QUERIES, TABLES, write_sqlite
from .timelinejs import slide_text_json, timelinejs_json
from .timelinejson import SCHEMA_PATH, SCHEMA_SAVE_AS, timeline_event, timeline_json

logger = logging.getLogger(__name__)


def export_links(ts: TimelineSettings, vocabulary: Vocabulary) -> dict:
    """The exports' paths, for templates (``TIMELINE_EXPORTS`` in the context)."""
    return {
        "feed_all_atom": ts.feed_all_atom,
        "json_feed": ts.json_feed,
        "json": ts.json,
        "csv": ts.csv,
        # One CSV file per kind of record of the debate, by kind.
        "record_csvs": record_csv_paths(ts),
        "ics": ts.ics,
        "timelinejs": ts.timelinejs,
        "sqlite": ts.sqlite,
        "schema": SCHEMA_SAVE_AS,
        "opendata_url": SitePages(ts).url("opendata"),
        "bill_feeds": {key: ts.feed_bill_atom.format(key=key) for key in vocabulary.bills},
        "stage_feeds": {key: ts.feed_stage_atom.format(key=key) for key in vocabulary.stages},
        # The feeds that follow one record: a person, a question, a bill's amendments.
        "person_feeds": {key: ts.feed_person_atom.format(key=key) for key in vocabulary.people},
        "question_feeds": {key: ts.feed_question_atom.format(key=key)
                           for key in vocabulary.questions},
        "amendment_feeds": {key: ts.feed_amendments_atom.format(key=key)
                            for key in vocabulary.bills},
    }


@dataclass(frozen=True)
class FollowFeed:
    """An Atom feed that follows one record: its name (for its id), file, title,
    page and events."""

    name: str
    path: str
    title: str
    page_url: str
    entries: Sequence[Entry]


def follow_feeds(site: ExportSite, debate) -> list[FollowFeed]:
    """The feeds of each person, question and bill's amendments.

    ``debate`` is the build's index of the debate's records
    (:class:`~..site.debate.DebateIndex`), which knows which events each
    record's story touches.
    """
    ts = site.settings
    feeds = []
    for key, person in sorted(site.vocabulary.people.items()):
        feeds.append(FollowFeed(
            f"people/{key}", ts.feed_person_atom.format(key=key),
            f"{site.title}: {person.name}", site.page("person", key),
            debate.person_feed(key)))
    for key, question in sorted(site.vocabulary.questions.items()):
        feeds.append(FollowFeed(
            f"questions/{key}", ts.feed_question_atom.format(key=key),
            f"{site.title}: {question.title}", site.page("question", key),
            debate.question_feed(key)))
    for key, bill in site.vocabulary.bills.items():
        feeds.append(FollowFeed(
            f"amendments/{key}", ts.feed_amendments_atom.format(key=key),
            f"{site.title}: amendments and votes, {bill.title} ({bill.session})",
            site.page("bill_amendments", key),
            debate.bill_amendments_feed(key)))
    return feeds


def record_csv_paths(ts: TimelineSettings) -> dict[str, str]:
    """The path of each kind of record's CSV file (TIMELINE_PEOPLE_CSV...), by kind."""
    return {kind: getattr(ts, f"{kind}_csv") for kind in KINDS}


def write_text(output_path: str, rel: str, parts: Iterable[str]) -> None:
    """Write a file under the output folder part by part, as UTF-8 as it is.

    No line-end translation: CSV and iCalendar keep their CRLFs. The file is
    never whole in memory.
    """
    path = sanitised_join(output_path, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        for part in parts:
            f.write(part)
    logger.info("Writing %s", path)


def _keep_last(pieces: Iterable[str], last: dict[str, str], fmt: str) -> Iterator[str]:
    """Pass ``pieces`` through, keeping the last one in ``last[fmt]``."""
    for piece in pieces:
        last[fmt] = piece
        yield piece


def write_export_files(
    timeline: Timeline, site: ExportSite, output_path: str, cache: PieceCache,
    upcoming: Sequence[Entry] = (), as_of: dt.date | None = None,
    follow: Iterable[FollowFeed] = (),
) -> dict[str, str]:
    """Write every export file, one at a time; return the latest event's pieces.

    Each event is serialised once per format (its Atom entry serves the
    all-events feed, its bill's and its stage's), from ``cache`` when it is
    on, and each file is written as it is made, so only one format's pieces
    are held at a time. The returned pieces, by format, are what the Open
    data page shows (:func:`.opendata.examples`); empty if there are no events.
    ``upcoming`` are the due items still to come, which the calendar adds
    as future events (stamped ``as_of``).
    """
    ts = site.settings
    entries = timeline.entries
    last_day = newest(entries)
    last: dict[str, str] = {}

    # By identity: the bill and stage lists hold the timeline's own entries.
    atom = dict(zip(
        (id(e) for e in entries),
        _keep_last(cache.pieces("atom", entries, atom_entry, site), last, "atom"),
        strict=True,
    ))
    write_text(output_path, ts.feed_all_atom, atom_feed(
        entries, atom, site, name="all", title=site.title,
        page_url=site.page("home"), feed_path=ts.feed_all_atom, fallback_updated=last_day,
    ))
    for bill in site.vocabulary.bills.values():
        path = ts.feed_bill_atom.format(key=bill.key)
        write_text(output_path, path, atom_feed(
            timeline.for_bill(bill.key), atom, site, name=f"bills/{bill.key}",
            title=f"{site.title}: {bill.title} ({bill.session})",
            page_url=site.bill_page(bill), feed_path=path, fallback_updated=last_day,
        ))
    for stage in site.vocabulary.stages.values():
        path = ts.feed_stage_atom.format(key=stage.key)
        write_text(output_path, path, atom_feed(
            timeline.for_stage(stage.key), atom, site, name=f"stages/{stage.key}",
            title=f"{site.title}: {stage.label}",
            page_url=site.stage_page(stage), feed_path=path, fallback_updated=last_day,
        ))
    for feed in follow:
        write_text(output_path, feed.path, atom_feed(
            feed.entries, atom, site, name=feed.name, title=feed.title,
            page_url=feed.page_url, feed_path=feed.path, fallback_updated=last_day,
        ))
    del atom

    def pieces(fmt: str, make) -> Iterator[str]:
        return _keep_last(cache.pieces(fmt, entries, make, site), last, fmt)

    write_text(output_path, ts.json_feed, json_feed(pieces("json_feed", json_item), site))
    records = debate_records(site, {e.slug for e in entries})
    write_text(output_path, ts.json,
               timeline_json(entries, pieces("json", timeline_event), site, records))
    write_text(output_path, ts.csv, timeline_csv(pieces("csv", csv_record)))
    for kind, path in record_csv_paths(ts).items():
        write_text(output_path, path, [records_csv(kind, records[kind])])
    stamp = as_of or last_day.date()
    due = (due_vevent_text(e, site, stamp) for e in upcoming)
    write_text(output_path, ts.ics, timeline_ics(chain(pieces("ics", vevent_text), due), site))
    write_text(output_path, ts.timelinejs,
               timelinejs_json(entries, pieces("timelinejs", slide_text_json), site))
    database = sanitised_join(output_path, ts.sqlite)
    write_sqlite(database, entries, site, records)
    logger.info("Writing %s", database)
    schema = sanitised_join(output_path, SCHEMA_SAVE_AS)
    shutil.copyfile(SCHEMA_PATH, schema)
    logger.info("Writing %s", schema)
    return last


def make_citer(pelican_settings: dict, ts: TimelineSettings, vocabulary: Vocabulary,
               timeline: Timeline, division_page) -> Citer:
    """The build's :class:`~.cite.Citer`, for the pages' citations and the files.

    ``division_page`` gives the path (with its anchor) of a division's table.
    """
    try:
        site = export_site(pelican_settings, ts, vocabulary)
    except ValueError as e:
        raise TimelineBuildError(f"Cannot make the timeline's citations: {e}") from None
    found = edition(timeline, ts.citation_version, ts.citation_date, ts.zone)
    return Citer(site, timeline, found, division_page)


def write_citations(citer: Citer, output_path: str,
                    holds: Callable[[str, str], bool] | None = None
                    ) -> tuple[list[str], list[str]]:
    """Each work's citation as a BibTeX file and a CSL-JSON file (TIMELINE_CITATION).

    ``holds(path, text)``, when given, says whether a file holds its text
    already (a cached build's): such a file is not written again. Returns
    the paths written and the paths kept (relative to the output folder), so
    that a cached build can remove those of works that are gone.
    """
    written, kept = [], []
    for citation in citer.all():
        for path, text in ((citation.bib_path, citation.bibtex),
                           (citation.json_path, citation.csl_json)):
            if holds is not None and holds(path, text):
                kept.append(path)
            else:
                write_text(output_path, path, [text])
                written.append(path)
    return written, kept


def write_build_exports(generator, site: ExportSite) -> dict[str, str]:
    """Write every export file of a build, one at a time; return the latest
    event's pieces (:func:`write_export_files`). Runs in a worker beside the pages."""
    timeline: Timeline = generator.context["timeline"]
    return write_export_files(
        timeline, site, generator.output_path, PieceCache(generator.settings, site),
        generator.context.get("upcoming", ()), generator.context.get("timeline_as_of"),
        follow_feeds(site, generator.context["debate"]),
    )


def export_site_of(generator) -> ExportSite:
    """The site as the exports describe it; a build error if it cannot be."""
    try:
        return export_site(generator.settings, generator.timeline_settings, generator.vocabulary)
    except ValueError as e:
        raise TimelineBuildError(f"Cannot write the timeline's exports: {e}") from None


def write_opendata_page(generator, writer, site: ExportSite, last: dict[str, str]) -> None:
    """The Open data page, its examples being ``last`` (from :func:`write_build_exports`)."""
    timeline: Timeline = generator.context["timeline"]
    records = debate_records(site, {e.slug for e in timeline.entries})
    writer.write_file(
        site.pages.save_as("opendata"),
        generator.get_template(site.pages.kind("opendata").template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=site.pages.url("opendata"),
        public_url=site.public_url,
        examples={**examples(last), **record_examples(records)},
        example_entry=timeline.latest,
        records=records,
        sqlite_tables=TABLES,
        sqlite_queries=EXAMPLE_QUERIES,
        timeline_citation=generator.citer("timeline"),
    )


def write_exports(generator, writer) -> None:
    """Write every export and the Open data page, in this process."""
    site = export_site_of(generator)
    write_opendata_page(generator, writer, site, write_build_exports(generator, site))
