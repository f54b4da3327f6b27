"""The short line of a verification note: "Not fully verified: rests on a copy of Hansard".

Records with an ``Unverified`` note (entries and the records of the debate)
say at length what could not be checked. Pages show one short line and keep
the full note in a disclosure (``<details>``). The line is the record's own
``Unverified-short`` when the editor gives one (entries); otherwise it is
derived here from the note and the kinds of the record's sources, by the
first rule that matches:

1. the note says the fact was read in a copy of Hansard: "rests on a copy of Hansard";
2. another copy of a record: "rests on a copy of the record";
3. a news report or news service: "rests on a news report";
4. someone's description or account: "rests on a description of it";
5. sources that are not official: "rests in part on unofficial sources";
6. otherwise: "not every detail was seen in an official record".

This module does not import Pelican.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Source

RULES = (
    (re.compile(r"\bcop(y|ies)\b.*\bhansard\b|\bhansard\b.*\bcop(y|ies)\b", re.I | re.S),
     "rests on a copy of Hansard"),
    (re.compile(r"\bcop(y|ies)\b", re.I), "rests on a copy of the record"),
    (re.compile(r"\bnews\b", re.I), "rests on a news report"),
    (re.compile(r"\b(description|described|account)\b", re.I), "rests on a description of it"),
)
UNOFFICIAL = "rests in part on unofficial sources"
FALLBACK = "not every detail was seen in an official record"


def short_note(note: str | None, sources: Iterable[Source] = (),
               short: str | None = None) -> str:
    """The short line of a verification ``note`` (without "Not fully verified:").

    ``short`` is the record's own short form, which wins; ``sources`` are the
    record's sources, whose kinds (official or not) decide when the note's
    words do not. Empty when there is no note.
    """
    if not note:
        return ""
    if short:
        return short.strip()
    for pattern, line in RULES:
        if pattern.search(note):
            return line
    if any(not s.official for s in sources):
        return UNOFFICIAL
    return FALLBACK
