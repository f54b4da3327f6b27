"""The vocabulary object: procedure and the subject's bills, read once per build.

Stages, chambers, Houses and outcomes are procedure (procedure.py); the bills
are the subject's content records (records/bills.py). A build, ``invoke
check`` and every command build one :class:`Vocabulary`
(:func:`.records.load.load_vocabulary` reads it) and pass it to what needs it
(validation, feeds, tracker, status, exports), so nothing reads a module
global for the subject's words. This module holds the data type only: it
imports the record types (model.py), never the code that reads records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .model import (
    Amendment,
    Bill,
    Division,
    PersonRecord,
    Question,
    Source,
    Version,
    is_primary_source,
)
from .procedure import CHAMBERS, HOUSES, OUTCOMES, STAGES, Chamber, Stage


@dataclass(frozen=True)
class Vocabulary:
    """Every word an entry or a feed may use, and the time zone of its dates."""

    bills: Mapping[str, Bill]
    # The zone in which a date alone or a time with no offset is read, and
    # in which days and times are shown: Pelican's TIMEZONE.
    zone: dt.tzinfo
    # The official sites whose pages count as primary sources, with their
    # sub-domains (TIMELINE_PRIMARY_SOURCE_DOMAINS).
    primary_domains: tuple[str, ...] = ("gov.uk", "parliament.uk")
    stages: Mapping[str, Stage] = field(default_factory=lambda: STAGES)
    chambers: Mapping[str, Chamber] = field(default_factory=lambda: CHAMBERS)
    houses: Mapping[str, str] = field(default_factory=lambda: HOUSES)
    outcomes: Mapping[str, str] = field(default_factory=lambda: OUTCOMES)
    # The records of the debate (records/debate.py), each by key.
    people: Mapping[str, PersonRecord] = field(default_factory=dict)
    questions: Mapping[str, Question] = field(default_factory=dict)
    amendments: Mapping[str, Amendment] = field(default_factory=dict)
    divisions: Mapping[str, Division] = field(default_factory=dict)
    versions: Mapping[str, Version] = field(default_factory=dict)
    # (folder, key) of the record files that have errors: they are left out,
    # but what names them is not reported again (their own errors are).
    broken: frozenset[tuple[str, str]] = frozenset()

    def with_bill_order(self, keys: Iterable[str]) -> Vocabulary:
        """The same vocabulary with its bills in the order of ``keys``."""
        return replace(self, bills={k: self.bills[k] for k in keys})

    def source(self, url: str, title: str | None = None) -> Source:
        """A :class:`Source`, marked official when it is on a primary site."""
        return Source(url, title, is_primary_source(url, self.primary_domains))
