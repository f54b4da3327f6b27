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

from ..model import Correction, Entry, Quote
from . import kinds, scaffold
from .bodyhtml import body_problems
from .common import (
    EVENT_ID_RE,
    YES,
    check_url,
    declared_extra,
    person_ref,
    question_ref,
    questions_field,
    sources_field,
    status_field,
)
from .parse import RawEntry
from .problems import Problem, RecordChecker, choices

if TYPE_CHECKING:  # the vocabulary is built from records: no import circle
    from ..vocabulary import Vocabulary

# A short form of an Unverified note is shown as one line on the page.
SHORT_NOTE_MAX = 80

DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATETIME_RE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
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


def slug_for_path(path: str) -> str:
    """The permanent id of an entry file: its name without the extension."""
    return os.path.splitext(os.path.basename(path))[0]


def build_entry(raw: RawEntry, vocabulary: Vocabulary,
                body_found: list[tuple[int, str]] | None = None
                ) -> tuple[Entry | None, list[Problem]]:
    """Validate a raw entry against the vocabulary and build its :class:`Entry`.

    ``body_found`` is what :func:`~.bodyhtml.body_problems` says of the
    narrative, when the caller has it already (the build keeps it in the
    content cache: it depends on the file alone). Returns the entry (None when
    there is any error) and every problem found.
    """
    c = RecordChecker(raw, kinds.ENTRY.single_line)
    slug = slug_for_path(raw.path)
    name = EVENT_ID_RE.match(slug)
    if not name:
        c.error("bad-file-name", 1, f"the file name '{os.path.basename(raw.path)}' must be "
                "YYYY-MM-DD-short-slug.md (lower-case letters, digits and hyphens)")

    c.check_fields(kinds.ENTRY.required, kinds.ENTRY.optional, kinds.ENTRY.display)
    draft = status_field(c)

    title = c.single("title")
    summary = c.field("summary")
    summary_text = summary.text if summary else ""
    if summary is not None and not summary_text:
        c.error("empty-field", summary.line, "'Summary' is empty")

    date = None
    if (found := c.single("date")) is not None:
        text, line = found
        date = parse_date(text, vocabulary.zone)
        if date is None:
            c.error("bad-date", line, f"bad date '{text}': use YYYY-MM-DD, or "
                    "YYYY-MM-DDTHH:MM with an optional offset such as +01:00")
        elif name and date[0].astimezone(vocabulary.zone).date().isoformat() != name.group("date"):
            c.error("contradiction", line, f"the date {text} is not the date in the file name "
                    f"({name.group('date')})")

    stage = c.choice("stage", vocabulary.stages, "stages")
    chamber = c.choice("chamber", vocabulary.chambers, "chambers")

    bill = None
    if (found := c.single("bill")) is not None:
        text, line = found
        if text.lower() != NO_BILL:
            bill = vocabulary.bills.get(text)
            if bill is None:
                c.error("unknown-record", line, f"unknown bill '{text}' (bills are: "
                        f"{choices(vocabulary.bills)}, or {NO_BILL})")

    sources = sources_field(c, vocabulary, official_first=True)
    people = tuple(person_ref(c, line, n, vocabulary, r or None)
                   for line, n, r in c.pipe_lines("people") if n)
    questions = questions_field(c, vocabulary)
    quotes = quotes_field(c, vocabulary, raw.body)

    corrections = []
    for line, day, text in c.pipe_lines("corrections"):
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            c.error("bad-value", line,
                    f"a correction must be 'YYYY-MM-DD | what changed', not '{day}'")
            continue
        if not text:
            c.error("bad-value", line, "a correction must say what changed after '|'")
            continue
        corrections.append(Correction(when, text))

    if body_found is None:
        body_found = body_problems(raw.body, raw.body_line)
    for line, message in body_found:
        c.error("narrative-markup", line, message)
    c.check_placeholder("the narrative")
    if title is not None and summary is not None and summary_text == title[0]:
        c.warn(scaffold.CODE, summary.line, "'Summary' repeats the Title (as new-entry writes "
               "it): say in one sentence what happened")

    unverified = c.field("unverified")
    short = c.single("unverified-short")
    if short is not None:
        if unverified is None:
            c.error("missing-field", short[1],
                    "'Unverified-short' is the short form of an 'Unverified' note: "
                    "add the note, or remove it")
        elif len(short[0]) > SHORT_NOTE_MAX:
            c.error("bad-value", short[1],
                    f"'Unverified-short' must fit on one line ({SHORT_NOTE_MAX} "
                    f"characters at most; this is {len(short[0])})")
    key_moment = c.choice("key", YES, "values") if c.field("key") else False
    due = c.choice("due", YES, "values") if c.field("due") else False
    extra = declared_extra(c, kinds.ENTRY)
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
        questions=questions,
        quotes=quotes,
        unverified=(unverified.text or None) if unverified else None,
        unverified_short=short[0] if short else None,
        key_moment=bool(key_moment),
        due=bool(due),
        corrections=tuple(sorted(corrections, key=lambda k: k.date)),
        body=raw.body,
        source_path=raw.path,
        zone=vocabulary.zone,
        draft=draft,
        extra=extra,
    )
    return entry, c.problems


def quoted_form(text: str) -> str:
    """Text compared as quoted: curly quotation marks made straight, blanks made one space."""
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'),
                            ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def quotes_field(c: RecordChecker, vocabulary: Vocabulary, body: str) -> tuple[Quote, ...]:
    """The ``Quotes`` lines ``person | URL | questions | text``, each found in the narrative."""
    f = c.field("quotes")
    quotes = []
    narrative = quoted_form(body)
    for v in f.values if f else ():
        if not v.text:
            continue
        parts = [p.strip() for p in v.text.split("|", 3)]
        if len(parts) < 4 or not all(parts):
            c.error("bad-value", v.number,
                    "a quote is 'person-key | URL | questions (or -) | the words "
                    "quoted'")
            continue
        who, url, tags, text = parts
        person = person_ref(c, v.number, who, vocabulary)
        if (why := check_url(url)) is not None:
            c.error("bad-url", v.number, why)
            continue
        refs = () if tags == "-" else tuple(
            r for r in (question_ref(c, v.number, t.strip(), vocabulary)
                        for t in tags.split(",") if t.strip()) if r is not None)
        words = text.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()
        if quoted_form(words) not in narrative:
            c.error("quote-not-found", v.number,
                    "the quote is not in the narrative word for word (a quote's "
                    "text must be copied from the entry's own text)")
            continue
        quotes.append(Quote(person, url, words, refs))
    if f is not None and not f.text:
        c.error("empty-field", f.line, f"'{f.key}' is empty")
    return tuple(quotes)


# The code of the problem of two entry files with one permanent id.
DUPLICATE_ID = "duplicate-id"


def check_duplicates(entries: Iterable[Entry]) -> list[Problem]:
    """Report entries that share a permanent id (same file name elsewhere)."""
    problems = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.slug in first:
            problems.append(Problem(e.source_path or e.slug, 1,
                                    f"duplicate slug '{e.slug}' (also "
                                    f"{first[e.slug].source_path})", DUPLICATE_ID))
        else:
            first[e.slug] = e
    return problems
