"""The bill tracker: a bill's stages in both Houses as a progress line.

For each bill, the formal stages in the House where it started, then in the
other House, then ping-pong, Royal Assent and commencement, each marked as
recorded (with the events that record it), passed (a later step is recorded,
so this one happened, but no event of ours records it) or not recorded.
Then the end states other trackers leave out: the bill fell, the subject
was carried into another bill. Stages and Houses come from the vocabulary
(procedure.py and the bill records); this module does not import Pelican.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Entry
from ..procedure import Stage
from ..records.bills import Bill

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

# What a step's state means, for readers (the tracker shows these words, so
# the state never rests on colour alone).
STEP_STATES: dict[str, str] = {
    "recorded": "Reached",
    "passed": "Passed (no event recorded here)",
    "pending": "Not reached",
}


@dataclass(frozen=True)
class Step:
    """One step of a bill's passage."""

    stage: Stage
    # The House the step takes place in ("commons", "lords"), or None.
    house: str | None
    state: str
    entries: tuple[Entry, ...] = ()
    # The House's name, e.g. "House of Commons", or None.
    house_label: str | None = None

    @property
    def label(self) -> str:
        """'Second reading', or 'Royal Assent'."""
        return self.stage.label

    @property
    def short_label(self) -> str:
        """An abbreviation for the compact tracker."""
        return self.stage.short_label

    @property
    def state_label(self) -> str:
        """What the state means, in words."""
        return STEP_STATES[self.state]

    @property
    def first(self) -> Entry | None:
        """The first event recording the step (its date is the step's date)."""
        return self.entries[0] if self.entries else None

    @property
    def key(self) -> str:
        """A unique id for the step within its bill."""
        return f"{self.house}-{self.stage.key}" if self.house else self.stage.key


@dataclass(frozen=True)
class Tracker:
    """A bill's progress, for display."""

    bill: Bill
    houses: tuple[str, ...]
    steps: tuple[Step, ...]
    # The event recording that the bill fell, if one does.
    fell: Entry | None
    # The bill the subject moved into, if it moved.
    carried_into: Bill | None

    @property
    def has_fallen(self) -> bool:
        """Whether the bill fell (by an event, or by its record's status)."""
        return self.fell is not None or self.bill.status == "fell"

    @property
    def last_recorded(self) -> Step | None:
        """The furthest step an event records."""
        recorded = [s for s in self.steps if s.state == "recorded"]
        return recorded[-1] if recorded else None

    def for_house(self, house: str | None) -> tuple[Step, ...]:
        """The steps in one House (None: the steps after both Houses)."""
        return tuple(s for s in self.steps if s.house == house)

    def step_of(self, entry: Entry) -> Step | None:
        """The step an entry records, if it records one."""
        for step in self.steps:
            if entry in step.entries:
                return step
        return None


def house_order(bill: Bill, houses: Iterable[str]) -> tuple[str, ...]:
    """The Houses in the order the bill goes through them."""
    other = [h for h in houses if h != bill.house]
    return (bill.house, *other)


def bill_tracker(bill: Bill, entries: Iterable[Entry], vocabulary: Vocabulary) -> Tracker:
    """Work out a bill's progress from its events (in timeline order).

    An event counts for a House step when its stage and chamber match; for
    ping-pong, Royal Assent and commencement, its stage alone. A step with no
    event before the furthest recorded step is 'passed' (unless a later step
    does not prove it, as for ping-pong): it must have happened, but the
    timeline does not date it, and no date is invented. The steps are the
    stages with a ``short_label``, in their order: those of each House in
    turn, then those after both Houses.
    """
    entries = [e for e in entries if e.bill is not None and e.bill.key == bill.key]
    houses = house_order(bill, vocabulary.houses)
    steps_of = sorted((s for s in vocabulary.stages.values() if s.short_label),
                      key=lambda s: s.order or 0)
    slots: list[tuple[Stage, str | None]] = [
        (stage, house) for house in houses for stage in steps_of if stage.each_house
    ]
    slots += [(stage, None) for stage in steps_of if not stage.each_house]
    found = []
    for stage, house in slots:
        found.append(tuple(
            e for e in entries
            if e.stage.key == stage.key and (house is None or e.chamber.key == house)
        ))
    furthest = max((i for i, f in enumerate(found) if f), default=-1)
    steps = []
    for i, ((stage, house), recorded) in enumerate(zip(slots, found, strict=True)):
        if recorded:
            state = "recorded"
        elif i < furthest and stage.implied_by_later:
            state = "passed"
        else:
            state = "pending"
        steps.append(Step(stage, house, state, recorded,
                          vocabulary.houses[house] if house else None))
    fell = next((e for e in entries if e.stage.status == "bill-fell"), None)
    carried = vocabulary.bills.get(bill.carried_into) if bill.carried_into else None
    return Tracker(bill, houses, tuple(steps), fell, carried)


def journey_order(bills: Iterable[Bill], entries: Iterable[Entry]) -> list[Bill]:
    """Bills in the order their first events happened (timeline order).

    Bills without any event go last, in the order given.
    """
    first: dict[str, int] = {}
    for i, e in enumerate(entries):
        if e.bill is not None:
            first.setdefault(e.bill.key, i)
    bills = list(bills)
    order = {b.key: i for i, b in enumerate(bills)}
    return sorted(bills, key=lambda b: (b.key not in first, first.get(b.key, order[b.key])))
