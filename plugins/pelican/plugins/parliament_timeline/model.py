"""The entry model: typed, immutable records of timeline events.

Hand-written entries and feed items both become :class:`Entry` objects, so
everything downstream (pages, exports, validation of the whole set) deals
with one shape. This module does not import Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING

from .procedure import Chamber, Stage
from .urls import is_on_domains, url_host

if TYPE_CHECKING:  # bills are records, which use this model: no import circle
    from .records.bills import Bill


def is_primary_source(url: str, domains: Iterable[str]) -> bool:
    """Tell whether ``url`` is on one of ``domains`` or their sub-domains.

    The host is the one a browser would visit (:mod:`.urls`): a URL that
    only looks official to another parser is not.

    ``domains`` are the official sites whose pages count as primary sources
    (TIMELINE_PRIMARY_SOURCE_DOMAINS).
    """
    return is_on_domains(url, domains)


@dataclass(frozen=True)
class Source:
    """A document that records the event."""

    url: str
    title: str | None = None
    # Whether the source is on an official site (see is_primary_source).
    official: bool = False

    @property
    def label(self) -> str:
        """The title, or the site's host name when there is none."""
        return self.title or url_host(self.url) or self.url


@dataclass(frozen=True)
class Person:
    """Someone named in a record: who spoke or acted in an event, moved an amendment...

    ``key`` is the key of their record in content/people/, when they have
    one (None for a plain name); ``role`` the capacity they acted in.
    """

    name: str
    role: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class QuestionRef:
    """A question in dispute that a record bears on, and the side it takes, if any."""

    key: str
    side: str | None = None


@dataclass(frozen=True)
class Quote:
    """Words someone said at an event, word for word, as the narrative quotes them."""

    person: Person
    url: str
    text: str
    questions: tuple[QuestionRef, ...] = ()


@dataclass(frozen=True)
class Correction:
    """A change made to an entry after it was published."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class Entry:
    """One event on the timeline.

    ``slug`` is the permanent id: for a hand-written entry, its file name
    without ``.md``; for a feed item, one derived from the item's identity.
    ``date`` is always timezone-aware; ``has_time`` tells whether the time
    of day is known (a date alone means that day in ``zone``, the site's
    TIMEZONE, in which days are counted).
    """

    slug: str
    title: str
    date: dt.datetime
    summary: str
    stage: Stage
    chamber: Chamber
    sources: tuple[Source, ...]
    bill: Bill | None = None
    has_time: bool = False
    people: tuple[Person, ...] = ()
    # The questions in dispute the event bears on, and the quotes it holds.
    questions: tuple[QuestionRef, ...] = ()
    quotes: tuple[Quote, ...] = ()
    unverified: str | None = None
    # A short form of the note ("rests on a copy of Hansard"), when the
    # editor gives one; otherwise the page derives it (site/verification.py).
    unverified_short: str | None = None
    corrections: tuple[Correction, ...] = ()
    body: str = ""
    # A turning point of the story (``Key: yes``): told on the home page.
    key_moment: bool = False
    # A step the law sets or that is announced for a future date (``Due:
    # yes``): shown under "What's next" until its day has passed, never as an
    # event of the timeline (it has not happened).
    due: bool = False
    # Where the entry came from: "editor" for a file in content/, "feed".
    origin: str = "editor"
    source_path: str | None = None
    # For feed items: who published the feed, when the record itself was
    # dated, and when we first saw it.
    publisher: str | None = None
    record_date: dt.datetime | None = None
    first_seen: dt.datetime | None = None
    # The zone in which the event's day is counted; None: the date's own.
    zone: dt.tzinfo | None = None
    # An imported event not yet reviewed (``Status: draft``): shown in
    # previews, left out of the publishing (strict) build.
    draft: bool = False

    @property
    def local(self) -> dt.datetime:
        """The event's moment as clock time in the site's time zone."""
        return self.date.astimezone(self.zone) if self.zone else self.date

    @property
    def day(self) -> dt.date:
        """The calendar day of the event in the site's time zone."""
        return self.local.date()

    @property
    def anchor(self) -> str:
        """The HTML id of the event on timeline pages."""
        return "event-" + self.slug

    @property
    def primary_source(self) -> Source:
        """The first source, the one the event rests on."""
        return self.sources[0]

    @property
    def sort_key(self) -> tuple[dt.datetime, int, str]:
        """Chronological order; same-moment events by stage, then by slug."""
        return (self.date, self.stage.order or 0, self.slug)

    @property
    def iso_date(self) -> str:
        """The value for a ``<time datetime>`` attribute."""
        if self.has_time:
            return self.date.isoformat()
        return self.day.isoformat()


@dataclass(frozen=True)
class Month:
    """The events of one calendar month, for grouped display."""

    year: int
    month: int
    entries: tuple[Entry, ...]

    @property
    def first_day(self) -> dt.date:
        """The first day of the month, for formatting its name."""
        return dt.date(self.year, self.month, 1)


@dataclass(frozen=True)
class Year:
    """The events of one year, grouped by month."""

    year: int
    months: tuple[Month, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """All the year's events in order."""
        return tuple(e for m in self.months for e in m.entries)


@dataclass
class Timeline:
    """All events in chronological order, with the lookups pages need."""

    entries: list[Entry]
    _index: dict[str, int] = field(init=False, repr=False)
    _by_bill: dict[str, list[Entry]] = field(init=False, repr=False)
    _by_stage: dict[str, list[Entry]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.entries = sorted(self.entries, key=lambda e: e.sort_key)
        self._index = {e.slug: i for i, e in enumerate(self.entries)}
        self._by_bill = {}
        self._by_stage = {}
        for e in self.entries:
            if e.bill is not None:
                self._by_bill.setdefault(e.bill.key, []).append(e)
            self._by_stage.setdefault(e.stage.key, []).append(e)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, slug: str) -> Entry | None:
        """The entry with this slug, or None."""
        i = self._index.get(slug)
        return None if i is None else self.entries[i]

    def position(self, entry: Entry) -> int:
        """The entry's 0-based place in the timeline."""
        return self._index[entry.slug]

    def previous(self, entry: Entry) -> Entry | None:
        """The event just before ``entry``."""
        i = self._index[entry.slug]
        return self.entries[i - 1] if i > 0 else None

    def next(self, entry: Entry) -> Entry | None:
        """The event just after ``entry``."""
        i = self._index[entry.slug]
        return self.entries[i + 1] if i + 1 < len(self.entries) else None

    @property
    def latest(self) -> Entry | None:
        """The most recent event."""
        return self.entries[-1] if self.entries else None

    def years(self) -> list[Year]:
        """The events grouped by year, then month, in order."""
        return group_by_month(self.entries)

    def for_bill(self, key: str) -> list[Entry]:
        """The events of one bill, in order."""
        return self._by_bill.get(key, [])

    def for_stage(self, key: str) -> list[Entry]:
        """The events at one stage, in order."""
        return self._by_stage.get(key, [])


def group_by_month(entries: Iterable[Entry]) -> list[Year]:
    """Group ordered entries by year and month of their London day."""
    years = []
    for year, in_year in groupby(entries, key=lambda e: e.day.year):
        months = tuple(
            Month(year, month, tuple(in_month))
            for month, in_month in groupby(in_year, key=lambda e: e.day.month)
        )
        years.append(Year(year, months))
    return years
