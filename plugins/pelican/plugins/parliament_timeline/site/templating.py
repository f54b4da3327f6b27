"""Jinja helpers for the timeline templates: URLs and date formats.

Templates build every link through these, so the URL settings are the one
place that decides where pages live.
"""

from __future__ import annotations

import datetime as dt

from ..model import LONDON
from ..procedure import Stage
from ..settings import TimelineSettings

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


def long_date(value: dt.date | dt.datetime) -> str:
    """'16 April 2024', independent of the machine's locale."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(value: dt.date) -> str:
    """'April 2024'."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def time_of_day(value: dt.datetime) -> str:
    """'14:30' in Europe/London time."""
    return value.astimezone(LONDON).strftime("%H:%M")


def stage_kind(stage: Stage) -> str:
    """The family a stage belongs to, which decides its marker's shape.

    'passage' (a bill's formal stages), 'law' (Royal Assent, commencement),
    'fell', 'amendment', 'parliament' (debates and statements) or 'outside'
    (announcements, consultations, publications).
    """
    if stage.key == "bill-fell":
        return "fell"
    if stage.key in ("royal-assent", "commencement"):
        return "law"
    if stage.order is not None:
        return "passage"
    if stage.key.startswith("amendment-"):
        return "amendment"
    if stage.key in ("debate", "statement"):
        return "parliament"
    return "outside"


def register_template_helpers(env, ts: TimelineSettings) -> None:
    """Add the timeline's filters and globals to a Jinja environment."""
    env.filters.update(
        {
            "entry_url": lambda entry: ts.entry_url.format(slug=entry.slug),
            "bill_url": lambda bill: ts.bill_url.format(key=bill.key),
            "stage_url": lambda stage: ts.stage_url.format(key=stage.key),
            "long_date": long_date,
            "month_name": month_name,
            "time_of_day": time_of_day,
            "stage_kind": stage_kind,
        }
    )
    env.globals.update(
        {
            "TIMELINE_URL": ts.url,
            "TIMELINE_BILLS_URL": ts.bills_url,
            "TIMELINE_GLOSSARY_URL": ts.glossary_url,
            "TIMELINE_FEEDS_STATUS_URL": ts.feeds_status_url,
            "TIMELINE_SEARCH_URL": ts.search_url,
        }
    )
