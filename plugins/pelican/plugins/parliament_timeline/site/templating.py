"""Jinja helpers for the timeline templates: URLs and date formats.

Templates build every link through these, so the URL settings are the one
place that decides where pages live.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from markupsafe import Markup

from ..pagekinds import PAGE_KINDS, SitePages
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
    places = SitePages(ts)
    return Markup(overview_svg(
        overview, lambda e: f"{siteurl}/{places.url('entry', e)}",
        partial(long_date, zone=ts.zone), label))


def verification_line(record) -> str:
    """The short line of a record's verification note (site/verification.py)."""
    return short_note(getattr(record, "unverified", None), getattr(record, "sources", ()),
                      getattr(record, "unverified_short", None))


def register_template_helpers(env, ts: TimelineSettings) -> None:
    """Add the timeline's filters and globals to a Jinja environment.

    Every page's URL comes from the page list (pagekinds.py): a filter per
    kind of page with one page per record (by record or by key), and a
    ``TIMELINE_<NAME>_URL`` global per single page.
    """
    places = SitePages(ts)
    env.filters.update(
        {
            "entry_url": partial(places.url, "entry"),
            "bill_url": partial(places.url, "bill"),
            "stage_url": partial(places.url, "stage"),
            "person_url": partial(places.url, "person"),
            "division_page_url": partial(places.url, "division"),
            "question_url": partial(places.url, "question"),
            "bill_amendments_url": partial(places.url, "bill_amendments"),
            # An amendment's card lives on its bill's amendments page.
            "amendment_url": places.amendment_url,
            "version_url": places.version_url,
            "glossary_stage_url": places.glossary_stage_url,
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
            **{f"{kind.setting}_URL": places.url(kind.name) for kind in PAGE_KINDS
               if kind.placeholder is None and kind.has_url},
            "TIMELINE_SUBJECT": ts.subject,
            "TIMELINE_SUBJECT_LONG": ts.subject_long or ts.subject,
            "draw_overview": partial(draw_overview, ts=ts),
            "fate_sentence": lambda fate: Fate.sentence(fate, partial(long_date, zone=ts.zone)),
            "OVERVIEW_KINDS": KIND_LABELS,
        }
    )
