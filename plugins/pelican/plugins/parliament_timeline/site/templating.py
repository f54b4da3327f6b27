"""Jinja helpers for the timeline templates: URLs and date formats.

Templates build every link through these, so the URL settings are the one
place that decides where pages live.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from markupsafe import Markup

from ..procedure import HOUSES
from ..records.versions import paragraphs_of
from ..settings import TimelineSettings
from .overview import KIND_LABELS, Fate, Overview, overview_svg
from .verification import short_note

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


def long_date(value: dt.date | dt.datetime, zone: dt.tzinfo) -> str:
    """'16 April 2024' (a moment's day in ``zone``), whatever the machine's locale."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(value: dt.date) -> str:
    """'April 2024'."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def partial_date(value: str) -> str:
    """A date of a person's role, as precise as it is given: '2023', 'November 2023',
    '5 July 2024'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return month_name(dt.date(parts[0], parts[1], 1))
    return long_date(dt.date(*parts), dt.UTC)


def time_of_day(value: dt.datetime, zone: dt.tzinfo) -> str:
    """'14:30' as clock time in ``zone``."""
    return value.astimezone(zone).strftime("%H:%M")


def sentence_start(text: str) -> str:
    """``text`` with its first letter upper-case, to begin a sentence."""
    return text[:1].upper() + text[1:]


def draw_overview(overview: Overview, siteurl: str, label: str, ts: TimelineSettings) -> Markup:
    """The home page's drawn overview as inline SVG, its links under ``siteurl``."""
    return Markup(overview_svg(
        overview, lambda e: f"{siteurl}/{ts.entry_url.format(slug=e.slug)}",
        partial(long_date, zone=ts.zone), label))


def verification_line(record) -> str:
    """The short line of a record's verification note (site/verification.py)."""
    return short_note(getattr(record, "unverified", None), getattr(record, "sources", ()),
                      getattr(record, "unverified_short", None))


def register_template_helpers(env, ts: TimelineSettings) -> None:
    """Add the timeline's filters and globals to a Jinja environment."""
    env.filters.update(
        {
            "entry_url": lambda entry: ts.entry_url.format(slug=entry.slug),
            "bill_url": lambda bill: ts.bill_url.format(key=bill.key),
            "stage_url": lambda stage: ts.stage_url.format(key=stage.key),
            # People and questions by record or by key; an amendment's card
            # lives on its bill's amendments page.
            "person_url": lambda p: ts.person_url.format(key=getattr(p, "key", p)),
            "division_page_url": lambda d: ts.division_url.format(key=getattr(d, "key", d)),
            "question_url": lambda q: ts.question_url.format(key=getattr(q, "key", q)),
            "bill_amendments_url": lambda b: ts.bill_amendments_url.format(
                key=getattr(b, "key", b)),
            "amendment_url": lambda a: (ts.bill_amendments_url.format(key=a.bill.key)
                                        + f"#amendment-{a.key}"),
            "long_date": partial(long_date, zone=ts.zone),
            "month_name": month_name,
            "partial_date": partial_date,
            "time_of_day": partial(time_of_day, zone=ts.zone),
            # A House's name ("House of Commons") from its key: procedure,
            # the same on every site.
            "house_name": HOUSES.__getitem__,
            # The family of a stage, which decides its marker's shape.
            "stage_kind": lambda stage: stage.kind,
            "sentence_start": sentence_start,
            # A record's plain text (an amendment as printed, notes) as paragraphs.
            "paragraphs": paragraphs_of,
            # The short line of a record's (or a bare note's) verification note.
            "verification_line": lambda r: (short_note(r) if isinstance(r, str)
                                            else verification_line(r)),
        }
    )
    env.globals.update(
        {
            "TIMELINE_URL": ts.url,
            "TIMELINE_BILLS_URL": ts.bills_url,
            "TIMELINE_GLOSSARY_URL": ts.glossary_url,
            "TIMELINE_PEOPLE_URL": ts.people_url,
            "TIMELINE_QUESTIONS_URL": ts.questions_url,
            "TIMELINE_WORDING_URL": ts.wording_url,
            "TIMELINE_FEEDS_STATUS_URL": ts.feeds_status_url,
            "TIMELINE_SEARCH_URL": ts.search_url,
            "TIMELINE_SUBJECT": ts.subject,
            "TIMELINE_SUBJECT_LONG": ts.subject_long or ts.subject,
            "draw_overview": partial(draw_overview, ts=ts),
            "fate_sentence": lambda fate: Fate.sentence(fate, partial(long_date, zone=ts.zone)),
            "OVERVIEW_KINDS": KIND_LABELS,
        }
    )
