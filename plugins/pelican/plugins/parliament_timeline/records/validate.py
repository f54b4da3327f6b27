"""Validation of entries: from a :class:`RawEntry` to an :class:`Entry`.

Every problem is reported as a :class:`Problem` that prints as
``path:line: message``; all problems of a file are found at once, never just
the first. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..model import Correction, Entry, Person
from .bodyhtml import body_problems
from .parse import RawEntry, read_entry_file
from .problems import Problem, RecordChecker, choices

if TYPE_CHECKING:  # the vocabulary is built from records: no import circle
    from ..vocabulary import Vocabulary

REQUIRED = ("title", "date", "summary", "stage", "chamber", "sources")
OPTIONAL = ("bill", "people", "unverified", "corrections")
# One-line fields: a continuation line is a mistake there.
SINGLE_LINE = ("title", "date", "stage", "chamber", "bill")

FILENAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$"
)
NO_BILL = "none"


def parse_date(text: str, zone: dt.tzinfo) -> tuple[dt.datetime, bool] | None:
    """Parse an entry date: ``YYYY-MM-DD`` or an ISO date and time.

    Returns an aware datetime and whether a time was given, or None. A date
    alone is midnight in ``zone`` (the site's TIMEZONE); a time with no
    offset is clock time there.
    """
    text = text.strip()
    try:
        if DATE_RE.match(text):
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=zone), False
        if DATETIME_RE.match(text):
            value = dt.datetime.fromisoformat(text)
            if value.tzinfo is None:
                value = value.replace(tzinfo=zone)
            return value, True
    except ValueError:
        return None
    return None


def check_url(url: str) -> str | None:
    """Return what is wrong with a source URL, or None when it is usable."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"'{url}' is not an http(s) URL"
    if not parts.hostname or " " in url:
        return f"'{url}' is not a valid URL"
    return None


def slug_for_path(path: str) -> str:
    """The permanent id of an entry file: its name without the extension."""
    return os.path.splitext(os.path.basename(path))[0]


def build_entry(raw: RawEntry, vocabulary: Vocabulary) -> tuple[Entry | None, list[Problem]]:
    """Validate a raw entry against the vocabulary and build its :class:`Entry`.

    Returns the entry (None when there is any error) and every problem found.
    """
    c = RecordChecker(raw, SINGLE_LINE)
    slug = slug_for_path(raw.path)
    name = FILENAME_RE.match(slug)
    if not name:
        c.error(1, f"the file name '{os.path.basename(raw.path)}' must be "
                "YYYY-MM-DD-short-slug.md (lower-case letters, digits and hyphens)")

    c.check_fields(REQUIRED, OPTIONAL)

    title = c.single("title")
    summary = c.field("summary")
    summary_text = summary.text if summary else ""
    if summary is not None and not summary_text:
        c.error(summary.line, "'Summary' is empty")

    date = None
    if (found := c.single("date")) is not None:
        text, line = found
        date = parse_date(text, vocabulary.zone)
        if date is None:
            c.error(line, f"bad date '{text}': use YYYY-MM-DD, or "
                    "YYYY-MM-DDTHH:MM with an optional offset such as +01:00")
        elif name and date[0].astimezone(vocabulary.zone).date().isoformat() != name.group("date"):
            c.error(line, f"the date {text} is not the date in the file name "
                    f"({name.group('date')})")

    stage = c.choice("stage", vocabulary.stages, "stages")
    chamber = c.choice("chamber", vocabulary.chambers, "chambers")

    bill = None
    if (found := c.single("bill")) is not None:
        text, line = found
        if text.lower() != NO_BILL:
            bill = vocabulary.bills.get(text)
            if bill is None:
                c.error(line, f"unknown bill '{text}' (bills are: "
                        f"{choices(vocabulary.bills)}, or {NO_BILL})")

    sources = []
    for line, url, label in c.pipe_lines("sources"):
        if (why := check_url(url)) is not None:
            c.error(line, why)
        else:
            sources.append(vocabulary.source(url, label or None))
    if sources and not sources[0].official:
        c.error(c.field("sources").line, f"the first source must be official "
                f"({', '.join(vocabulary.primary_domains)} and their sub-sites): "
                f"'{sources[0].url}'")
    seen = set()
    for line, url, _ in c.pipe_lines("sources"):
        if url in seen:
            c.warn(line, f"source '{url}' is listed twice")
        seen.add(url)

    people = tuple(Person(n, r or None) for _, n, r in c.pipe_lines("people") if n)

    corrections = []
    for line, day, text in c.pipe_lines("corrections"):
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            c.error(line, f"a correction must be 'YYYY-MM-DD | what changed', not '{day}'")
            continue
        if not text:
            c.error(line, "a correction must say what changed after '|'")
            continue
        corrections.append(Correction(when, text))

    for line, message in body_problems(raw.body, raw.body_line):
        c.error(line, message)

    unverified = c.field("unverified")
    errors = [p for p in c.problems if p.severity == "error"]
    if errors:
        return None, c.problems
    entry = Entry(
        slug=slug,
        title=title[0],
        date=date[0],
        has_time=date[1],
        summary=summary_text,
        stage=stage,
        chamber=chamber,
        bill=bill,
        sources=tuple(sources),
        people=people,
        unverified=(unverified.text or None) if unverified else None,
        corrections=tuple(sorted(corrections, key=lambda k: k.date)),
        body=raw.body,
        source_path=raw.path,
        zone=vocabulary.zone,
    )
    return entry, c.problems


def check_duplicates(entries: Iterable[Entry]) -> list[Problem]:
    """Report entries that share a permanent id (same file name elsewhere)."""
    problems = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.slug in first:
            problems.append(Problem(e.source_path or e.slug, 1,
                                    f"duplicate slug '{e.slug}' (also "
                                    f"{first[e.slug].source_path})"))
        else:
            first[e.slug] = e
    return problems


def check_files(
    paths: Iterable[str], vocabulary: Vocabulary, display_root: str | None = None
) -> tuple[list[Entry], list[Problem]]:
    """Validate entry files without building; return good entries and problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in paths:
        shown = os.path.relpath(path, display_root) if display_root else path
        entry, found = build_entry(read_entry_file(path, shown), vocabulary)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    problems.extend(check_duplicates(sorted(entries, key=lambda e: e.source_path or "")))
    return entries, problems
