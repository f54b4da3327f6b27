"""Where things stand now: the subject's legal status, computed from entries.

The status is never typed by hand. The bills that carried the subject are
the chains of ``Bill.carried_into`` among the bill records; among their
events, the latest decisive step (a stage whose definition has a
``status``: a bill's formal stages, Royal Assent, commencement, a bill
falling) decides the status. This module does not import Pelican.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import Entry
from ..procedure import STATUS_STATES
from ..records.bills import Bill


@dataclass(frozen=True)
class Status:
    """The subject's current legal position and the event that decided it."""

    state: str
    # The entry that decided the state; None when no bill has a decisive event.
    decided_by: Entry | None
    # The most recent event of the whole timeline, whatever its stage.
    latest: Entry | None
    # The bill the subject moved into when the deciding bill fell, if any.
    carried_into: Bill | None = None

    @property
    def label(self) -> str:
        """The headline of the state, e.g. 'In force'."""
        return STATUS_STATES[self.state]


def carrying_bills(bills: Mapping[str, Bill]) -> list[Bill]:
    """The bills that carried the subject: every bill in a carried_into chain.

    A bill belongs when it was carried into another, or another was carried
    into it. When no bill is carried into another, every bill counts. The
    order of ``bills`` is kept.
    """
    keys = {b.key for b in bills.values() if b.carried_into}
    keys |= {b.carried_into for b in bills.values() if b.carried_into}
    if not keys:
        return list(bills.values())
    return [b for b in bills.values() if b.key in keys]


def _decisive(entries: Iterable[Entry], bill_keys: set[str]) -> list[Entry]:
    return [
        e for e in entries
        if e.bill is not None and e.bill.key in bill_keys and e.stage.status is not None
    ]


def legal_status(entries: Iterable[Entry], bills: Mapping[str, Bill]) -> Status:
    """Work out the subject's status from the events of its bills.

    ``entries`` must be in timeline order (as :class:`~.model.Timeline`
    keeps them); the last decisive event of a carrying bill decides.
    """
    entries = list(entries)
    keys = {b.key for b in carrying_bills(bills)}
    decisive = _decisive(entries, keys)
    latest = entries[-1] if entries else None
    if not decisive:
        return Status("not-law", None, latest)
    last = decisive[-1]
    state = last.stage.status
    carried = None
    if state == "bill-fell" and last.bill.carried_into:
        carried = bills.get(last.bill.carried_into)
    return Status(state, last, latest, carried)
