"""The timeline's event filters, declared once.

Each filter's key names an event's ``data-<key>`` attribute (written by the
``event_item`` macro) and a field of the home page's filter form
(``timeline.html``, ``data-filter="<key>"``); ``js/site.js`` reads the keys
from that form, so the three agree by construction. An event's values are
worked out once per build, not on every page that lists it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Entry


@dataclass(frozen=True)
class EventFilter:
    """One way to filter the events: its key, the form's words and the event's value."""

    key: str
    label: str
    any_label: str  # the option that keeps every event
    # The event's value: one key, or several separated by spaces (an event
    # may bear on several questions and name several people).
    value: Callable[[Entry, object], str]
    # The options offered for the events shown: (value, text) pairs.
    options: Callable[[list[Entry], object, object], list[tuple[str, str]]]
    # The form asks what the events are (stage, who, bill, year, question,
    # person) before where they come from.
    last_in_form: bool = False


def _present(records, keys: set) -> list[tuple[str, str]]:
    return [(r.key, r.label) for r in records if r.key in keys]


def _bill_options(entries, vocabulary, debate) -> list[tuple[str, str]]:
    keys = {e.bill.key for e in entries if e.bill}
    options = [(b.key, f"{b.title} ({b.session})") for b in vocabulary.bills.values()
               if b.key in keys]
    if any(not e.bill for e in entries):
        options.append(("none", "Outside any bill"))
    return options


def _years(entries) -> list[tuple[str, str]]:
    years = dict.fromkeys(str(e.day.year) for e in entries)
    return [(y, y) for y in years]


# In the order of the events' data attributes and of the URL's query.
FILTERS: tuple[EventFilter, ...] = (
    EventFilter("stage", "Stage", "Any stage", lambda e, debate: e.stage.key,
                lambda es, v, d: _present(v.stages.values(), {e.stage.key for e in es})),
    EventFilter("chamber", "Who", "Anyone", lambda e, debate: e.chamber.key,
                lambda es, v, d: _present(v.chambers.values(), {e.chamber.key for e in es})),
    EventFilter("bill", "Bill", "Any bill, or none",
                lambda e, debate: e.bill.key if e.bill else "none", _bill_options),
    EventFilter("year", "Year", "Any year", lambda e, debate: str(e.day.year),
                lambda es, v, d: _years(es)),
    EventFilter("origin", "Kind of source", "Any", lambda e, debate: e.origin,
                lambda es, v, d: [("editor", "Written by our editors"),
                                  ("feed", "From official feeds")],
                last_in_form=True),
    EventFilter("question", "Question in dispute", "Any question, or none",
                lambda e, debate: " ".join(q.key for q, _ in debate.event_questions(e)),
                lambda es, v, d: [(q.key, q.title) for q in d.questions_in(es)]),
    EventFilter("person", "Person", "Anyone, or no one",
                lambda e, debate: " ".join(debate.event_people(e)),
                lambda es, v, d: [(p.key, p.name) for p in d.people_in(es)]),
)


@dataclass(frozen=True)
class OfferedFilter:
    """A field of the filter form: its key, words and options."""

    key: str
    label: str
    any_label: str
    options: list[tuple[str, str]]


class EventFilters:
    """Every event's filter values, worked out once for the build."""

    def __init__(self, entries: Iterable[Entry], vocabulary, debate,
                 filters: tuple[EventFilter, ...] = FILTERS):
        self.filters = filters
        self.vocabulary = vocabulary
        self.debate = debate
        self._attributes = {e.slug: self._written(e) for e in entries}

    def _written(self, entry: Entry) -> Markup:
        return Markup("").join(
            Markup(' data-{}="{}"').format(f.key, f.value(entry, self.debate))
            for f in self.filters)

    def attributes(self, entry: Entry) -> Markup:
        """An event's data attributes, ready for its tag: ' data-stage="..." ...'.

        Written once per event for the build: the home, year, stage and
        bill pages all list the same events.
        """
        written = self._attributes.get(entry.slug)
        return written if written is not None else self._written(entry)

    def offered(self, entries: list[Entry]) -> list[OfferedFilter]:
        """The form's fields for ``entries``: those with something to choose."""
        fields = []
        for f in sorted(self.filters, key=lambda f: f.last_in_form):
            options = f.options(entries, self.vocabulary, self.debate)
            if options:
                fields.append(OfferedFilter(f.key, f.label, f.any_label, options))
        return fields
