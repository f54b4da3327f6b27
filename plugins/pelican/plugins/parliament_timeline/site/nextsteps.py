"""What happens next: the due items (``Due: yes``) still to come.

A due item is an entry for a step the law sets or that is announced for a
future date (a review's deadline, a commencement, the next stage). It is
never an event of the timeline: it is shown in the "What's next" boxes and
the calendar until its day has passed, then left out (``invoke check``
warns, so that an editor adds the event that happened).

"Passed" is judged against a fixed day, never the clock, so that the same
content always builds the same site: TIMELINE_AS_OF, or else the day of the
latest event. This module does not import Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..model import Entry


def as_of_day(setting: dt.date | None, events: Iterable[Entry]) -> dt.date | None:
    """The day against which due items are judged: the setting, or the latest event's day."""
    if setting is not None:
        return setting
    days = [e.day for e in events]
    return max(days) if days else None


def upcoming(due: Iterable[Entry], as_of: dt.date | None) -> list[Entry]:
    """The due items on or after ``as_of``, soonest first (all of them when None)."""
    return sorted((e for e in due if as_of is None or e.day >= as_of), key=lambda e: e.sort_key)
