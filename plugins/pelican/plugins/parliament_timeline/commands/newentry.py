"""``new-entry``: write a new, valid entry file from an option per field (records/kinds.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from pelican.utils import slugify

from ..records.kinds import ENTRY
from ..records.parse import parse_text
from ..records.validate import NO_BILL, build_entry, parse_date
from ..vocabulary import Vocabulary
from .newrecord import NewRecordError, Value, record_text
from .project import CommandError, open_project, write_new_record


class NewEntryError(CommandError, ValueError):
    """The options given to new-entry cannot make a valid entry."""


def entry_text(vocabulary: Vocabulary, values: Mapping[str, Value]) -> str:
    """The text of a new entry file with these values of its declared fields.

    ``chamber`` may be left out for a stage with a usual actor (its
    ``default_chamber``: the government for an announcement, the Crown for
    Royal Assent...); ``summary`` is the title until an editor writes it,
    ``bill`` is ``none`` unless given.
    """
    values = dict(values)
    stage = values["stage"]
    values["chamber"] = values.get("chamber") or vocabulary.stages[stage].default_chamber
    if values["chamber"] is None:
        raise NewEntryError(f"give --chamber for stage '{stage}' "
                            f"(one of: {', '.join(vocabulary.chambers)})")
    values["summary"] = values.get("summary") or values["title"]
    values["bill"] = values.get("bill") or NO_BILL
    return record_text(ENTRY, values)


def new_entry(vocabulary: Vocabulary, folder: str, values: Mapping[str, Value]) -> str:
    """Write a new entry file into ``folder`` and return its path.

    ``values`` are its fields' (records/kinds.py: ENTRY), by key: ``key``
    ``yes`` marks a key moment, ``due`` ``yes`` a step still to come
    (docs/entry-format.md). Its name is made from its date and title.

    Raises NewEntryError, with every problem, when the values are not valid
    or when the file exists already (it is never overwritten).
    """
    title, date, stage = (values.get(k) or "" for k in ("title", "date", "stage"))
    bill = values.get("bill")
    if not title.strip() or "\n" in title:
        raise NewEntryError("the title must be one non-empty line")
    parsed = parse_date(date, vocabulary.zone)
    if parsed is None:
        raise NewEntryError(f"bad date '{date}': use YYYY-MM-DD")
    if stage not in vocabulary.stages:
        raise NewEntryError(f"unknown stage '{stage}' (one of: {', '.join(vocabulary.stages)})")
    if bill and bill != NO_BILL and bill not in vocabulary.bills:
        known = ", ".join(vocabulary.bills) or "none yet: add one with new-bill"
        raise NewEntryError(f"unknown bill '{bill}' (one of: {known})")
    slug = shorten_slug(slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""),
                                                   (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]))
    day = parsed[0].astimezone(vocabulary.zone).date().isoformat()
    name = f"{day}-{slug}.md"
    path = os.path.join(folder, name)
    try:
        text = entry_text(vocabulary, values)
    except NewRecordError as e:
        raise NewEntryError(str(e)) from None
    entry, problems = build_entry(parse_text(text, path), vocabulary)
    errors = [p.message for p in problems if p.severity == "error"]
    if entry is None:
        raise NewEntryError("; ".join(errors))
    return write_new_record(path, text, NewEntryError)


# The longest slug new-entry makes from a title (the file name after the date).
SLUG_LENGTH = 60


def shorten_slug(slug: str, length: int = SLUG_LENGTH) -> str:
    """``slug`` cut to at most ``length`` characters at a word boundary.

    An entry's id is permanent (its page's URL and its feed ids), so it must
    not end in half a word. A first word longer than ``length`` is cut.
    """
    slug = slug.strip("-")
    if len(slug) <= length:
        return slug
    cut = slug[: length + 1].rpartition("-")[0].strip("-")
    return cut or slug[:length]


def entries_folder(settings: Mapping[str, Any], root: str) -> str:
    """The folder new entries go to: the first of TIMELINE_PATHS under PATH."""
    project = open_project(settings, root)
    return os.path.join(project.content, project.ts.paths[0])


def new_entry_command(settings: Mapping[str, Any], root: str, values: Mapping[str, Value], *,
                      prog: str = "parliament-timeline", out: TextIO | None = None) -> int:
    """``new-entry`` as the command line and invoke run it: write the file, say what next.

    Raises NewEntryError when the entry cannot be written.
    """
    out = out if out is not None else sys.stdout
    project = open_project(settings, root)
    folder = os.path.normpath(os.path.join(project.content, project.ts.paths[0]))
    path = new_entry(project.vocabulary, folder, values)
    print(f"Wrote {project.show(path)}", file=out)
    print("Next: write a one-sentence Summary, the narrative below the metadata, "
          f"any People and further Sources; then run '{prog} check' and build the site "
          "to preview it.", file=out)
    return 0
