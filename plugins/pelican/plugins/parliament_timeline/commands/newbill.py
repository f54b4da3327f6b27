"""``new-bill``: write a new, valid bill record ``content/<TIMELINE_BILLS_PATH>/<key>.md``
from an option per field (records/kinds.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from ..procedure import HOUSES, OUTCOMES
from ..records import scaffold
from ..records.bills import build_bill
from ..records.common import KEY_RE
from ..records.kinds import BILL
from ..records.parse import parse_text
from .newrecord import NewRecordError, Value, record_text
from .project import CommandError, open_project, write_new_record

__all__ = ["NewBillError", "bill_text", "new_bill", "new_bill_command"]


class NewBillError(CommandError, ValueError):
    """The options given to new-bill cannot make a valid bill record."""


def bill_text(values: Mapping[str, Value]) -> str:
    """The text of a new bill record with these values of its declared fields.

    The body (what became of the bill, shown on its page) starts as one
    plain sentence and the placeholder, for the editor to rewrite.
    """
    house, session, status = values["house"], values["session"], values["status"]
    introduced = HOUSES.get(house, house)
    outcome = OUTCOMES.get(status, status)
    return record_text(BILL, values, body=f"Introduced in the {introduced} in session "
                       f"{session}. {outcome}.\n{scaffold.BILL_BODY}")


def new_bill(folder: str, key: str, values: Mapping[str, Value]) -> str:
    """Write ``<folder>/<key>.md`` and return its path.

    ``values`` are its fields' (records/kinds.py: BILL), by key; ``status``
    is ``in-progress`` unless given. The record is checked as the build
    checks it (records/bills.build_bill) before anything is written. Raises
    NewBillError, with every problem, when the values are not valid or the
    record exists already (it is never overwritten).
    """
    values = {**values, "status": values.get("status") or "in-progress"}
    title, house, status = (values.get(k) or "" for k in ("title", "house", "status"))
    if not KEY_RE.match(key or ""):
        raise NewBillError(f"bad key '{key}': use lower-case letters, digits and hyphens, "
                           "e.g. widget-safety-bill-2024-26")
    if not title.strip() or "\n" in title:
        raise NewBillError("the title must be one non-empty line")
    if house not in HOUSES:
        raise NewBillError(f"unknown house '{house}' (one of: {', '.join(HOUSES)})")
    if status not in OUTCOMES:
        raise NewBillError(f"unknown status '{status}' (one of: {', '.join(OUTCOMES)})")
    for name in ("session", "url"):
        if isinstance(values.get(name), str) and "\n" in values[name]:
            raise NewBillError(f"the {name} must be one line")
    path = os.path.join(folder, f"{key}.md")
    try:
        text = bill_text(values)
    except NewRecordError as e:
        raise NewBillError(str(e)) from None
    bill, problems = build_bill(parse_text(text, path))
    if bill is None:
        raise NewBillError("; ".join(p.message for p in problems if p.severity == "error"))
    return write_new_record(path, text, NewBillError)


def new_bill_command(settings: Mapping[str, Any], root: str, key: str,
                     values: Mapping[str, Value], *, prog: str = "parliament-timeline",
                     out: TextIO | None = None) -> int:
    """``new-bill`` as the command line and invoke run it: write the record, say what next."""
    out = out if out is not None else sys.stdout
    project = open_project(settings, root)
    folder = os.path.normpath(os.path.join(project.content, project.ts.bills_path))
    path = new_bill(folder, key, values)
    print(f"Wrote {project.show(path)}", file=out)
    print(f"Next: rewrite its paragraph (what became of the bill), add URL, Act, Act-URL or "
          f"Carried-into when they are known; name it in entries with 'Bill: {key}' "
          f"(e.g. '{prog} new-entry ... --bill {key}'); then run '{prog} check'.", file=out)
    return 0
