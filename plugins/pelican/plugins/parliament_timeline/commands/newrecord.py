"""``new-<kind>``: write a new, valid record of a declared kind (records/kinds.py).

``new-person``, ``new-amendment``, ``new-division``, ``new-version`` and
``new-question`` write ``content/<folder>/<key>.md`` from an option per
field (``new-entry`` and ``new-bill``, the same way, fill in a few
defaults: newentry.py, newbill.py). The record is checked by its kind's builder, as the build and
``check`` check it, before anything is written, and an existing file is
never overwritten. Where a kind needs a body, the placeholder of
records/scaffold.py is written, which ``check`` warns of and the
publishing build refuses.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from ..records import scaffold
from ..records.amendments import build_amendment
from ..records.bills import build_bill
from ..records.common import KEY_RE
from ..records.divisions import build_division
from ..records.kinds import RecordKind
from ..records.parse import parse_text
from ..records.people import build_person
from ..records.questions import build_question
from ..records.versions import build_version
from .project import CommandError, open_project, write_new_record

__all__ = ["NewRecordError", "new_record", "new_record_command", "record_text"]

# Each kind's builder, called as (raw, vocabulary).
BUILDERS: dict[str, Callable] = {
    "bill": lambda raw, vocabulary: build_bill(raw),
    "person": build_person,
    "amendment": build_amendment,
    "division": build_division,
    "version": build_version,
    "question": build_question,
}

Value = str | Sequence[str] | None


class NewRecordError(CommandError, ValueError):
    """The options given to new-<kind> cannot make a valid record."""


def _lines(kind: RecordKind, key: str, value: Value) -> list[str]:
    """A field's value as its lines; a one-line field takes one line, and no line breaks."""
    f = kind.field(key)
    values = [value] if isinstance(value, str) else list(value or ())
    values = [v.strip() for v in values]
    for v in values:
        if "\n" in v or "\r" in v:
            raise NewRecordError(f"--{key} must be one line (repeat the option for each line)"
                                 if not f.one_line else f"--{key} must be one line")
    if f.one_line and len(values) > 1:
        raise NewRecordError(f"--{key} takes a single line")
    return [v for v in values if v]


def record_text(kind: RecordKind, values: Mapping[str, Value], body: str | None = None) -> str:
    """The text of a new record: the given fields in their declared order, then the body.

    Fields left out (None, empty) are not written. The body is ``body``, or
    the kind's placeholder (records/scaffold.py), or none.
    """
    unknown = set(values) - {f.key for f in kind.fields}
    if unknown:
        raise NewRecordError(f"no field {', '.join(sorted(unknown))} in a {kind.name} record")
    lines = []
    # Sources last, as in the docs' examples: the rest in declared order.
    for f in sorted(kind.fields, key=lambda f: f.key == "sources"):
        found = _lines(kind, f.key, values.get(f.key))
        if found:
            lines.append(f"{f.name}: {found[0]}")
            lines.extend(f"    {v}" for v in found[1:])
    body = body if body is not None else scaffold.BODIES.get(kind.name)
    return "\n".join(lines) + "\n" + (f"\n{body}\n" if body else "")


def new_record(kind: RecordKind, folder: str, key: str, values: Mapping[str, Value],
               vocabulary) -> str:
    """Write ``<folder>/<key>.md`` and return its path.

    Raises NewRecordError, with every error the kind's builder finds, when
    the values do not make a valid record, or when the file exists already
    (it is never overwritten).
    """
    if not KEY_RE.match(key or ""):
        raise NewRecordError(f"bad key '{key}': use lower-case letters, digits and hyphens")
    path = os.path.join(folder, f"{key}.md")
    text = record_text(kind, values)
    record, problems = BUILDERS[kind.name](parse_text(text, path), vocabulary)
    if record is None:
        raise NewRecordError("; ".join(p.message for p in problems if p.severity == "error"))
    return write_new_record(path, text, NewRecordError)


def new_record_command(kind: RecordKind, settings: Mapping[str, Any], root: str, key: str,
                       values: Mapping[str, Value], *, prog: str = "parliament-timeline",
                       out: TextIO | None = None) -> int:
    """``new-<kind>`` as the command line and invoke run it: write the record, say what next."""
    out = out if out is not None else sys.stdout
    project = open_project(settings, root)
    folder = os.path.normpath(os.path.join(project.content,
                                           getattr(project.ts, kind.folder_setting)))
    path = new_record(kind, folder, key, values, project.vocabulary)
    print(f"Wrote {project.show(path)}", file=out)
    body = f" and {kind.body}" if kind.body else ""
    print(f"Next: check its fields{body}; then run '{prog} check'.", file=out)
    return 0
