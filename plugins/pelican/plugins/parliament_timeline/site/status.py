"""Where things stand now: the offence's legal status, computed from entries.

The status is never typed by hand. The bills that carried the offence are
the chains of ``Bill.carried_into`` in the bills registry; among their
events, the latest decisive step (a bill's formal stages, Royal Assent,
commencement, a bill falling) decides the status. This module does not
import Pelican.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import Entry
from ..records.bills import Bill

# Stages that change where the offence stands. Debates, statements and
# amendments are part of the story but leave the legal position as it was.
PASSAGE_STAGES = (
    "first-reading",
    "second-reading",
    "committee",
    "report",
    "third-reading",
    "consideration-of-amendments",
)
DECISIVE_STAGES = (*PASSAGE_STAGES, "royal-assent", "commencement", "bill-fell")

# The states a reader sees, with their headline.
STATES: dict[str, str] = {
    "in-force": "In force",
    "enacted": "Law, not yet in force",
    "before-parliament": "Before Parliament",
    "bill-fell": "Not law: the bill fell",
    "not-law": "Not yet before Parliament",
}


@dataclass(frozen=True)
class Status:
    """The offence's current legal position and the event that decided it."""

    state: str
    # The entry that decided the state; None when no bill has a decisive event.
    decided_by: Entry | None
    # The most recent event of the whole timeline, whatever its stage.
    latest: Entry | None
    # The bill the offence moved into when the deciding bill fell, if any.
    carried_into: Bill | None = None

    @property
    def label(self) -> str:
        """The headline of the state, e.g. 'In force'."""
        return STATES[self.state]


def offence_bills(bills: Mapping[str, Bill]) -> list[Bill]:
    """The bills that carried the offence: every bill in a carried_into chain.

    A bill belongs when it was carried into another, or another was carried
    into it. When the registry has no chain at all, every bill counts.
    Registry order is kept.
    """
    keys = {b.key for b in bills.values() if b.carried_into}
    keys |= {b.carried_into for b in bills.values() if b.carried_into}
    if not keys:
        return list(bills.values())
    return [b for b in bills.values() if b.key in keys]


def _decisive(entries: Iterable[Entry], bill_keys: set[str]) -> list[Entry]:
    return [
        e for e in entries
        if e.bill is not None and e.bill.key in bill_keys and e.stage.key in DECISIVE_STAGES
    ]


def offence_status(entries: Iterable[Entry], bills: Mapping[str, Bill]) -> Status:
    """Work out the offence's status from the events of its bills.

    ``entries`` must be in timeline order (as :class:`~.model.Timeline`
    keeps them); the last decisive event of an offence bill decides.
    """
    entries = list(entries)
    keys = {b.key for b in offence_bills(bills)}
    decisive = _decisive(entries, keys)
    latest = entries[-1] if entries else None
    if not decisive:
        return Status("not-law", None, latest)
    last = decisive[-1]
    stage = last.stage.key
    if stage == "commencement":
        state = "in-force"
    elif stage == "royal-assent":
        state = "enacted"
    elif stage == "bill-fell":
        state = "bill-fell"
    else:
        state = "before-parliament"
    carried = None
    if state == "bill-fell" and last.bill.carried_into:
        carried = bills.get(last.bill.carried_into)
    return Status(state, last, latest, carried)
