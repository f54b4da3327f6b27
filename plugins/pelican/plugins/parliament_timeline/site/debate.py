"""The records of the debate, indexed for the pages that show them.

People, questions, amendments, divisions and versions (records/debate.py)
name one another and the events by key. The pages need the links the other
way round too: what a person did, what happened at an event, what a bill's
amendments were, how a question was argued. :func:`build_debate_index`
works them out once per build from the vocabulary and the timeline; the
pages and the tests ask the :class:`DebateIndex` it returns.

Everything a lookup returns is in date order (then in timeline order, then
by key), so pages are the same from build to build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Entry, Quote, Timeline
from ..procedure import DECISIONS, Decision
from ..records.amendments import Amendment
from ..records.bills import Bill
from ..records.divisions import Division
from ..records.questions import Question
from ..records.versions import NO_VERSION, Version
from ..vocabulary import Vocabulary

# Where a record with no known day goes in a date order: last.
UNDATED = dt.date.max
# The order of things that happened on the same day: the event, then what
# was said there, then the amendments and the votes that decided them.
KIND_ORDER = {"event": 0, "quote": 1, "moved": 2, "supported": 3, "amendment": 2,
              "division": 4, "teller": 4}


@dataclass(frozen=True)
class Part:
    """One thing a person did in the story, as their page lists it.

    ``kind`` is ``event`` (named among an event's people, in ``role``),
    ``quote`` (words of theirs an event quotes), ``moved`` or ``supported``
    (an amendment) or ``teller`` (in a division, on ``side`` "for" or
    "against").
    """

    kind: str
    day: dt.date | None
    entry: Entry | None = None
    role: str | None = None
    quote: Quote | None = None
    amendment: Amendment | None = None
    division: Division | None = None
    side: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of a question's story: an event, an amendment or a division.

    ``side`` is the side of the question the record takes, if it says.
    """

    kind: str
    day: dt.date | None
    side: str | None = None
    entry: Entry | None = None
    amendment: Amendment | None = None
    division: Division | None = None


@dataclass(frozen=True)
class SideQuote:
    """A quote on a question, with the event it was said at."""

    entry: Entry
    quote: Quote
    side: str | None


@dataclass
class DebateIndex:
    """The records of the debate with the lookups pages need (see the module docstring)."""

    vocabulary: Vocabulary
    timeline: Timeline
    _parts: dict[str, list[Part]] = field(init=False, repr=False)
    _event_amendments: dict[str, list[Amendment]] = field(init=False, repr=False)
    _event_divisions: dict[str, list[Division]] = field(init=False, repr=False)
    _steps: dict[str, list[Step]] = field(init=False, repr=False)
    _quotes: dict[str, list[SideQuote]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._event_amendments = {}
        self._event_divisions = {}
        for a in self.amendments():
            for slug in a.events:
                self._event_amendments.setdefault(slug, []).append(a)
        for d in self.divisions():
            self._event_divisions.setdefault(d.event, []).append(d)
        self._parts = self._index_people()
        self._steps, self._quotes = self._index_questions()

    # Ordering.

    def _position(self, entry: Entry | None) -> int:
        return self.timeline.position(entry) if entry is not None else 0

    def amendment_day(self, amendment: Amendment) -> dt.date | None:
        """The day an amendment was decided or tabled, or else of its first event."""
        if amendment.date is not None:
            return amendment.date
        days = [e.day for e in self._events(amendment.events)]
        return min(days) if days else None

    def _events(self, slugs: Iterable[str]) -> list[Entry]:
        return [e for e in (self.timeline.get(s) for s in slugs) if e is not None]

    def _sorted(self, items: list, key_of) -> list:
        """``items`` in date order; ``key_of`` gives each its (day, kind, entry, key)."""
        def key(item):
            day, kind, entry, name = key_of(item)
            return (day or UNDATED, KIND_ORDER.get(kind, 9), self._position(entry), name)

        return sorted(items, key=key)

    # The records of each kind, in order.

    def amendments(self) -> list[Amendment]:
        """Every amendment, in date order."""
        return sorted(self.vocabulary.amendments.values(),
                      key=lambda a: (self.amendment_day(a) or UNDATED, a.key))

    def divisions(self) -> list[Division]:
        """Every division, in date order, then by number (those without last), then key."""
        def key(d):
            number = d.number or ""
            ordinal = int(number) if number.isascii() and number.isdigit() else 0
            return (d.date, not number, ordinal, number, d.key)

        return sorted(self.vocabulary.divisions.values(), key=key)

    def versions(self) -> list[Version]:
        """Every version of the wording, in date order, then key order."""
        return sorted(self.vocabulary.versions.values(), key=lambda v: (v.date, v.key))

    def compared(self) -> list[tuple[Version, Version | None]]:
        """Each version with the one it is compared with (None for the first of a provision).

        That is the version its ``Follows`` names, or else the one before it
        in date order; ``Follows: none`` starts another provision.
        """
        ordered = self.versions()
        pairs = []
        for before, version in zip([None, *ordered], ordered, strict=False):
            if version.follows == NO_VERSION:
                before = None
            elif version.follows is not None:
                before = self.vocabulary.versions.get(version.follows)
            pairs.append((version, before))
        return pairs

    def people(self) -> list:
        """Every person, in order of name."""
        return sorted(self.vocabulary.people.values(), key=lambda p: (p.name.lower(), p.key))

    def questions(self) -> list[Question]:
        """Every question, in order of the first day it came up (then by key)."""
        def first(q):
            steps = self._steps.get(q.key) or []
            return (steps[0].day or UNDATED) if steps else UNDATED

        return sorted(self.vocabulary.questions.values(), key=lambda q: (first(q), q.key))

    # Events.

    def event_amendments(self, slug: str) -> list[Amendment]:
        """The amendments debated or decided at an event (whose Events name it)."""
        return self._event_amendments.get(slug, [])

    def event_divisions(self, slug: str) -> list[Division]:
        """The divisions held at an event (whose Event is it)."""
        return self._event_divisions.get(slug, [])

    def event_questions(self, entry: Entry) -> list[tuple[Question, str | None]]:
        """The questions an event bears on, with the side it takes, in the order named.

        Those of its ``Questions`` first, then those its quotes bear on.
        """
        found: dict[str, str | None] = {}
        refs = list(entry.questions) + [r for q in entry.quotes for r in q.questions]
        for ref in refs:
            # The first side named wins; a later mention without one adds nothing.
            if ref.key in self.vocabulary.questions and found.get(ref.key) is None:
                found[ref.key] = ref.side
        return [(self.vocabulary.questions[k], side) for k, side in found.items()]

    def event_people(self, entry: Entry) -> list[str]:
        """The keys of the people with a record an event names or quotes, in order."""
        keys = [p.key for p in entry.people] + [q.person.key for q in entry.quotes]
        return list(dict.fromkeys(k for k in keys if k in self.vocabulary.people))

    def people_in(self, entries: Iterable[Entry]) -> list:
        """The people (records) named or quoted in any of ``entries``, by name."""
        keys = {k for e in entries for k in self.event_people(e)}
        return [p for p in self.people() if p.key in keys]

    def questions_in(self, entries: Iterable[Entry]) -> list[Question]:
        """The questions any of ``entries`` bears on, in the order of :meth:`questions`."""
        keys = {q.key for e in entries for q, _ in self.event_questions(e)}
        return [q for q in self.questions() if q.key in keys]

    # Bills.

    def division_bill(self, division: Division) -> Bill | None:
        """The bill a division was on: that of the amendment it decided, or of its event."""
        amendment = self.vocabulary.amendments.get(division.decides or "")
        if amendment is not None:
            return amendment.bill
        entry = self.timeline.get(division.event)
        return entry.bill if entry is not None else None

    def bill_amendments(self, key: str) -> list[Amendment]:
        """A bill's amendments, in date order."""
        return [a for a in self.amendments() if a.bill.key == key]

    def bill_divisions(self, key: str) -> list[Division]:
        """The divisions on a bill, in date order."""
        return [d for d in self.divisions()
                if (b := self.division_bill(d)) is not None and b.key == key]

    def decision_groups(self, key: str) -> list[tuple[Decision, list[Amendment]]]:
        """A bill's amendments grouped by decision, in the order of the decisions' list."""
        amendments = self.bill_amendments(key)
        groups = []
        for decision in DECISIONS.values():
            found = [a for a in amendments if a.decision.key == decision.key]
            if found:
                groups.append((decision, found))
        return groups

    # People.

    def _index_people(self) -> dict[str, list[Part]]:
        parts: dict[str, list[Part]] = {}

        def add(person, part):
            if person is not None and person.key is not None:
                parts.setdefault(person.key, []).append(part)

        for entry in self.timeline:
            for person in entry.people:
                add(person, Part("event", entry.day, entry=entry, role=person.role))
            for quote in entry.quotes:
                add(quote.person, Part("quote", entry.day, entry=entry, quote=quote))
        for a in self.amendments():
            day = self.amendment_day(a)
            add(a.mover, Part("moved", day, amendment=a))
            for person in a.supporters:
                add(person, Part("supported", day, amendment=a))
        for d in self.divisions():
            entry = self.timeline.get(d.event)
            for side, tellers in (("for", d.tellers_for), ("against", d.tellers_against)):
                for person in tellers:
                    add(person, Part("teller", d.date, entry=entry, division=d, side=side))
        return {key: self._sorted(found, lambda p: (
            p.day, p.kind, p.entry,
            (p.amendment or p.division).key if (p.amendment or p.division) else ""))
            for key, found in parts.items()}

    def person_parts(self, key: str) -> list[Part]:
        """A person's part in the story, in date order."""
        return self._parts.get(key, [])

    def person_events(self, key: str) -> list[Entry]:
        """The events a person appears in (among the people, or quoted), in order."""
        seen = []
        for part in self.person_parts(key):
            if part.entry is not None and part.kind in ("event", "quote") \
                    and part.entry not in seen:
                seen.append(part.entry)
        return seen

    def person_quotes(self, key: str) -> list[tuple[Entry, Quote]]:
        """A person's quotes, with their events, in order."""
        return [(p.entry, p.quote) for p in self.person_parts(key) if p.kind == "quote"]

    def person_amendments(self, key: str, kind: str = "moved") -> list[Amendment]:
        """The amendments a person moved (``kind`` "moved") or supported ("supported")."""
        return [p.amendment for p in self.person_parts(key) if p.kind == kind]

    def person_tellers(self, key: str) -> list[tuple[Division, str]]:
        """The divisions in which a person was a teller, with the side ("for", "against")."""
        return [(p.division, p.side) for p in self.person_parts(key) if p.kind == "teller"]

    # What a reader follows (the Atom feeds of a person, a question, a
    # bill's amendments): events, in timeline order.

    def _in_order(self, slugs: Iterable[str]) -> list[Entry]:
        return sorted(self._events(set(slugs)), key=self.timeline.position)

    def person_feed(self, key: str) -> list[Entry]:
        """Every event a person's part touches: named or quoted at, an amendment of
        theirs debated at, a division they told in held at."""
        slugs = []
        for part in self.person_parts(key):
            if part.entry is not None:
                slugs.append(part.entry.slug)
            if part.amendment is not None:
                slugs += part.amendment.events
        return self._in_order(slugs)

    def question_feed(self, key: str) -> list[Entry]:
        """Every event of a question's story: its own, and those of its amendments and
        divisions."""
        slugs = []
        for step in self.question_story(key):
            if step.entry is not None:
                slugs.append(step.entry.slug)
            if step.amendment is not None:
                slugs += step.amendment.events
        return self._in_order(slugs)

    def bill_amendments_feed(self, key: str) -> list[Entry]:
        """The events at which a bill's amendments were debated or decided, and at
        which its divisions were held."""
        slugs = [slug for a in self.bill_amendments(key) for slug in a.events]
        return self._in_order(slugs + [d.event for d in self.bill_divisions(key)])

    # Questions.

    def _index_questions(self) -> tuple[dict[str, list[Step]], dict[str, list[SideQuote]]]:
        steps: dict[str, list[Step]] = {}
        quotes: dict[str, list[SideQuote]] = {}
        for entry in self.timeline:
            for question, side in self.event_questions(entry):
                steps.setdefault(question.key, []).append(
                    Step("event", entry.day, side, entry=entry))
            for quote in entry.quotes:
                for ref in quote.questions:
                    quotes.setdefault(ref.key, []).append(SideQuote(entry, quote, ref.side))
        for a in self.amendments():
            for ref in a.questions:
                steps.setdefault(ref.key, []).append(
                    Step("amendment", self.amendment_day(a), ref.side, amendment=a))
        for d in self.divisions():
            for ref in d.questions:
                steps.setdefault(ref.key, []).append(Step(
                    "division", d.date, ref.side, entry=self.timeline.get(d.event), division=d))
        ordered = {key: self._sorted(found, lambda s: (
            s.day, s.kind, s.entry,
            (s.amendment or s.division).key if (s.amendment or s.division) else ""))
            for key, found in steps.items()}
        return ordered, quotes

    def question_story(self, key: str) -> list[Step]:
        """The events, amendments and divisions on a question, in date order."""
        return self._steps.get(key, [])

    def question_events(self, key: str) -> list[Entry]:
        """The events that bear on a question (by their Questions or their quotes)."""
        return [s.entry for s in self.question_story(key) if s.kind == "event"]

    def question_amendments(self, key: str) -> list[Amendment]:
        """The amendments that bear on a question, in date order."""
        return [s.amendment for s in self.question_story(key) if s.kind == "amendment"]

    def question_divisions(self, key: str) -> list[Division]:
        """The divisions that bear on a question, in date order."""
        return [s.division for s in self.question_story(key) if s.kind == "division"]

    def question_quotes(self, key: str) -> dict[str | None, list[SideQuote]]:
        """A question's quotes grouped by side, in the order of its sides.

        Quotes that take no side, or a side the question does not list, are
        under None, last.
        """
        question = self.vocabulary.questions[key]
        groups: dict[str | None, list[SideQuote]] = {side: [] for side in question.sides}
        groups[None] = []
        for q in self._quotes.get(key, []):
            groups[q.side if q.side in question.sides else None].append(q)
        return {side: found for side, found in groups.items() if found}


def build_debate_index(vocabulary: Vocabulary, timeline: Timeline) -> DebateIndex:
    """Index the records of the debate of a build (see :class:`DebateIndex`)."""
    return DebateIndex(vocabulary, timeline)
