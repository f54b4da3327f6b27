"""One CSV file per kind of record of the debate: people.csv, amendments.csv...

Each row is cut from the record's value in ``timeline.json``
(:mod:`.records`), so the two never disagree. Written like ``timeline.csv``
(:mod:`.csvfile`): RFC 4180 by the csv module, a header row, CRLF line
ends, one row per record in key order. Lists share one cell: URLs and ids,
which hold no spaces, are separated by spaces; names and texts by "; ".
A value that was not seen (a count, a date, a text) is an empty cell; a
cell a spreadsheet would take for a formula starts with ``'``
(:func:`.csvfile.spreadsheet_text`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from .csvfile import spreadsheet_row

# The columns of each file, by kind of record.
COLUMNS: dict[str, tuple[str, ...]] = {
    "people": (
        "id", "name", "party", "house", "house_label", "member_url", "member_id", "seat",
        "roles",
        "primary_source", "primary_source_title", "sources", "unverified",
    ),
    "questions": (
        "id", "title", "summary", "sides", "outcome",
        "primary_source", "primary_source_title", "sources", "unverified",
    ),
    "amendments": (
        "id", "label", "number", "title", "bill", "house", "stage", "stage_label",
        "mover_id", "mover", "supporter_ids", "supporters", "tabled", "decided",
        "decision", "decision_label", "division", "replaced_by_type", "replaced_by",
        "events", "questions", "statement", "text",
        "primary_source", "primary_source_title", "sources", "unverified",
    ),
    "divisions": (
        "id", "house", "date", "number", "division_id", "question", "result", "result_label",
        "for_lobby", "for_count", "against_lobby", "against_count",
        "for_teller_ids", "for_tellers", "against_teller_ids", "against_tellers",
        "vote_for", "vote_against", "amendment", "event", "questions",
        "primary_source", "primary_source_title", "sources", "unverified",
    ),
    "versions": (
        "id", "date", "title", "bill", "stage", "stage_label", "provision", "amendment",
        "partial", "enacted",
        "in_force", "up_to_date", "text",
        "primary_source", "primary_source_title", "sources", "unverified",
    ),
}


def cell(value) -> str:
    """A value as a cell: None (not seen) is empty, a yes/no is 'yes' or 'no'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def ids(people: Iterable[dict]) -> str:
    """The ids of the people who have a record, separated by spaces."""
    return " ".join(p["id"] for p in people if p["id"] is not None)


def names(people: Iterable[dict]) -> str:
    """Every person's name, separated by semicolons."""
    return "; ".join(p["name"] for p in people)


def questions(refs: Iterable[dict]) -> str:
    """Questions as records write them, ``key`` or ``key:side``, separated by spaces."""
    return " ".join(r["id"] if r["side"] is None else f"{r['id']}:{r['side']}" for r in refs)


def source_cells(r: dict) -> dict[str, str]:
    """The primary source (first) in its own columns, and every source's URL."""
    first = r["sources"][0]
    return {
        "primary_source": first["url"],
        "primary_source_title": cell(first["title"]),
        "sources": " ".join(s["url"] for s in r["sources"]),
        "unverified": cell(r["unverified"]),
    }


def held(start: str | None, end: str | None) -> str:
    """When a role was held, as far as known: ' (2019 to 2024-07)', ' (from 2019)'."""
    if start and end:
        return f" ({start} to {end})"
    if start:
        return f" (from {start})"
    if end:
        return f" (until {end})"
    return ""


def person_row(r: dict) -> dict[str, str]:
    """A person's cells; roles as 'title (2023-11 to 2024-07-05)'."""
    roles = "; ".join(f"{role['title']}{held(role['from'], role['to'])}" for role in r["roles"])
    house = r["house"] or {}
    return {
        "id": r["id"], "name": r["name"], "party": cell(r["party"]),
        "house": house.get("key", ""), "house_label": house.get("label", ""),
        "member_url": cell(r["member_url"]), "member_id": cell(r["member_id"]),
        "seat": cell(r["seat"]), "roles": roles,
        **source_cells(r),
    }


def question_row(r: dict) -> dict[str, str]:
    """A question's cells; sides as 'side: what it argued'."""
    return {
        "id": r["id"], "title": r["title"], "summary": r["summary"],
        "sides": "; ".join(f"{s['id']}: {s['text']}" for s in r["sides"]),
        "outcome": cell(r["outcome"]), **source_cells(r),
    }


def amendment_row(r: dict) -> dict[str, str]:
    """An amendment's cells."""
    mover = [r["mover"]] if r["mover"] else []
    replaced = r["replaced_by"] or {}
    return {
        "id": r["id"], "label": r["label"], "number": r["number"], "title": r["title"],
        "bill": r["bill"], "house": r["house"]["key"],
        "stage": r["stage"]["key"], "stage_label": r["stage"]["label"],
        "mover_id": ids(mover), "mover": names(mover),
        "supporter_ids": ids(r["supporters"]), "supporters": names(r["supporters"]),
        "tabled": cell(r["tabled"]), "decided": cell(r["decided"]),
        "decision": r["decision"]["key"], "decision_label": r["decision"]["label"],
        "division": cell(r["division"]),
        "replaced_by_type": replaced.get("type", ""), "replaced_by": replaced.get("id", ""),
        "events": " ".join(r["events"]), "questions": questions(r["questions"]),
        "statement": cell(r["statement"]), "text": cell(r["text"]),
        **source_cells(r),
    }


def division_row(r: dict) -> dict[str, str]:
    """A division's cells; a count that was not seen is empty."""
    yes, no = r["lobbies"]["for"], r["lobbies"]["against"]
    return {
        "id": r["id"], "house": r["house"]["key"], "date": r["date"],
        "number": cell(r["number"]), "division_id": cell(r["division_id"]),
        "question": r["question"],
        "result": r["result"]["key"], "result_label": r["result"]["label"],
        "for_lobby": yes["name"], "for_count": cell(yes["count"]),
        "against_lobby": no["name"], "against_count": cell(no["count"]),
        "for_teller_ids": ids(yes["tellers"]), "for_tellers": names(yes["tellers"]),
        "against_teller_ids": ids(no["tellers"]), "against_tellers": names(no["tellers"]),
        "vote_for": yes["meaning"], "vote_against": no["meaning"],
        "amendment": cell(r["amendment"]), "event": cell(r["event"]),
        "questions": questions(r["questions"]), **source_cells(r),
    }


def version_row(r: dict) -> dict[str, str]:
    """A version's cells; the text's paragraphs separated by a blank line."""
    return {
        "id": r["id"], "date": r["date"], "title": r["title"], "bill": cell(r["bill"]),
        "stage": (r["stage"] or {}).get("key", ""),
        "stage_label": (r["stage"] or {}).get("label", ""), "provision": r["provision"],
        "amendment": cell(r["amendment"]), "partial": cell(r["partial"]),
        "enacted": cell(r["enacted"]),
        "in_force": cell(r["in_force"]), "up_to_date": cell(r["up_to_date"]),
        "text": "\n\n".join(r["paragraphs"]), **source_cells(r),
    }


ROWS: dict[str, Callable[[dict], dict[str, str]]] = {
    "people": person_row,
    "questions": question_row,
    "amendments": amendment_row,
    "divisions": division_row,
    "versions": version_row,
}


def records_csv(kind: str, records: Iterable[dict]) -> str:
    """The CSV file of one kind of record, from its ``timeline.json`` values."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS[kind], lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(spreadsheet_row(ROWS[kind](record)))
    return out.getvalue()
