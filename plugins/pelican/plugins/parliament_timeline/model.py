"""The entry model: typed, immutable records of timeline events.

Hand-written entries and feed items both become :class:`Entry` objects, so
everything downstream (pages, exports, validation of the whole set) deals
with one shape. This module does not import Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby

from .procedure import DIVISION_LOBBIES, DIVISION_RESULTS, OUTCOMES, Chamber, Decision, Stage
from .urls import is_on_domains, url_host


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
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

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


# --- the records of the subject (records/: one module per kind reads them) ---


@dataclass(frozen=True)
class Document:
    """A document of a bill an editor lists: at which stage, where, what."""

    stage: str
    url: str
    title: str


@dataclass(frozen=True)
class Bill:
    """A bill of the UK Parliament that carried (or bore on) the subject."""

    key: str
    title: str
    session: str
    # The House in which the bill was introduced.
    house: str
    status: str
    # What became of it, in plain words (the record's body).
    outcome: str
    url: str | None = None
    act_title: str | None = None
    act_url: str | None = None
    # Key of the bill the subject moved into when this one fell or was dropped.
    carried_into: str | None = None
    # The bill's id in the Bills API, when known.
    bill_id: int | None = None
    documents: tuple[Document, ...] = ()
    source_path: str | None = None
    # The line of each field in its file, for messages of later checks.
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """The line of a field in the record's file (1 when it has none)."""
        return dict(self.lines).get(key, 1)

    @property
    def status_label(self) -> str:
        """The reader-facing label of the bill's status."""
        return OUTCOMES[self.status]


@dataclass(frozen=True)
class Role:
    """A post a person held; dates are ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or None."""

    title: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    """A person in the story: a member of either House, a minister, or someone outside."""

    key: str
    name: str
    sources: tuple[Source, ...]
    party: str | None = None
    house: str | None = None
    member_url: str | None = None
    # Constituency (Commons) or kind of peerage (Lords), as the House gives it.
    seat: str | None = None
    # Their id in the Members API, when known.
    member_id: int | None = None
    roles: tuple[Role, ...] = ()
    unverified: str | None = None
    about: str = ""
    source_path: str | None = None
    # The line of each field in its file, for messages of later checks.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Amendment:
    """An amendment (or new clause) to a bill, and what the House made of it."""

    key: str
    title: str
    bill: Bill
    house: str
    stage: Stage
    decision: Decision
    events: tuple[str, ...]
    sources: tuple[Source, ...]
    # As printed; None when the number was not seen.
    number: str | None = None
    mover: Person | None = None
    supporters: tuple[Person, ...] = ()
    tabled: dt.date | None = None
    decided: dt.date | None = None
    # Key of the division that decided it.
    division: str | None = None
    # Key of the amendment, or of the version of the wording, that took its place.
    replaced_by: str | None = None
    questions: tuple[QuestionRef, ...] = ()
    statement: str | None = None
    # The text as printed; empty when it was not seen.
    text: str = ""
    unverified: str | None = None
    source_path: str | None = None
    # The line of each field in its file, for messages of later checks.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        """How readers name it: 'Amendment 7A', 'New clause 1'."""
        if self.number is None:
            return "Amendment (number not seen)"
        if self.number.upper().startswith("NC"):
            return f"New clause {self.number[2:]}"
        return f"Amendment {self.number}"

    @property
    def date(self) -> dt.date | None:
        """The day it was decided, or else tabled, for ordering."""
        return self.decided or self.tabled


@dataclass(frozen=True)
class Division:
    """A recorded vote of either House: the question put, the counts, what it meant."""

    key: str
    house: str
    date: dt.date
    question: str
    result: str
    event: str | None
    vote_for: str | None
    vote_against: str | None
    sources: tuple[Source, ...]
    number: str | None = None
    # The division's id in its House's Votes API, when known.
    division_id: int | None = None
    # An imported record not yet reviewed (shown in previews, not published).
    draft: bool = False
    # None when the counts were not seen.
    votes_for: int | None = None
    votes_against: int | None = None
    # Key of the amendment it decided.
    decides: str | None = None
    tellers_for: tuple[Person, ...] = ()
    tellers_against: tuple[Person, ...] = ()
    questions: tuple[QuestionRef, ...] = ()
    unverified: str | None = None
    notes: str = ""
    source_path: str | None = None
    # The line of each field in its file, for messages of later checks.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def has_counts(self) -> bool:
        """Whether the counts were seen (and so may be shown and drawn)."""
        return self.votes_for is not None and self.votes_against is not None

    @property
    def lobbies(self) -> tuple[str, str]:
        """The House's names for the two sides: ('Ayes', 'Noes') or ('Contents', ...)."""
        return DIVISION_LOBBIES[self.house]

    @property
    def result_label(self) -> str:
        """The result in words."""
        return DIVISION_RESULTS[self.result]

    @property
    def total(self) -> int | None:
        """How many voted (tellers aside)."""
        return self.votes_for + self.votes_against if self.has_counts else None

    @property
    def majority(self) -> int | None:
        """The winning side's lead."""
        return abs(self.votes_for - self.votes_against) if self.has_counts else None


@dataclass(frozen=True)
class Question:
    """A question the debate turned on, its sides, and how the law settled it."""

    key: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    # Side key -> what that side argued, in the order written.
    sides: dict[str, str]
    outcome: str | None = None
    unverified: str | None = None
    body: str = ""
    source_path: str | None = None
    # The line of the file on which the body starts, for messages.
    body_line: int = field(default=1, compare=False)
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Version:
    """The subject's wording as printed at one point of its passage."""

    key: str
    title: str
    date: dt.date
    provision: str
    # Paragraphs of the text as printed.
    paragraphs: tuple[str, ...]
    sources: tuple[Source, ...]
    bill: Bill | None = None
    stage: Stage | None = None
    # Key of the amendment this text was moved as.
    amendment: str | None = None
    # The version this one is compared with: a key, NO_VERSION (the first of
    # its provision) or None (the one before it in date order).
    follows: str | None = None
    # Whether only part of the text was seen (the Unverified note says where
    # it stops): a comparison with it shows words past that point as changed.
    partial: bool = False
    enacted: bool = False
    in_force: dt.date | None = None
    up_to_date: dt.date | None = None
    # The provision's address on legislation.gov.uk, when the record names it
    # (an enacted version's legislation.gov.uk source also does).
    legislation: str | None = None
    unverified: str | None = None
    source_path: str | None = None
    # The line of each field in its file, for messages of later checks.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The declared fields (records/kinds.py) the type has no attribute of its own
    # for, by key, read by what they hold (records/common.py: declared_extra):
    # a template shows one as ``record.extra.website``.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def text(self) -> str:
        """The whole text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)
