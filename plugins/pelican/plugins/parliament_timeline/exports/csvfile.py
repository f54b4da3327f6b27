"""``timeline.csv``: one row per event, for spreadsheets (RFC 4180).

Written by the csv module: a header row, CRLF line ends, fields quoted when
they hold a comma, a quote or a line break. Lists (sources, people,
corrections) are joined into one cell each.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula, which may fetch a URL or run a command when the file is opened
(CSV injection). As OWASP's guidance says, such a cell (and one that starts
with a tab, a carriage return or NUL, or with the full-width forms of those
four signs, which some spreadsheets read the same way) is written with a
single quote before it: :func:`spreadsheet_text`, used by every CSV file
the site publishes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ..model import Entry
from .common import ExportSite, event_record

# What a spreadsheet may take for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")

COLUMNS = (
    "id", "slug", "permalink", "date", "time", "title", "summary",
    "stage", "stage_label", "chamber", "chamber_label",
    "bill", "bill_title", "bill_session",
    "primary_source", "primary_source_title", "sources",
    "people", "unverified", "corrections", "origin", "updated",
)


def csv_row(entry: Entry, site: ExportSite) -> dict[str, str]:
    """The event's cells, by column name."""
    r = event_record(entry, site)
    bill = r["bill"] or {}
    return {
        "id": r["id"],
        "slug": r["slug"],
        "permalink": r["permalink"],
        "date": r["day"],
        "time": r["time"] or "",
        "title": r["title"],
        "summary": r["summary"],
        "stage": r["stage"]["key"],
        "stage_label": r["stage"]["label"],
        "chamber": r["chamber"]["key"],
        "chamber_label": r["chamber"]["label"],
        "bill": bill.get("key", ""),
        "bill_title": bill.get("title", ""),
        "bill_session": bill.get("session", ""),
        "primary_source": r["sources"][0]["url"],
        "primary_source_title": r["sources"][0]["title"] or "",
        # URLs hold no spaces, so a space separates them.
        "sources": " ".join(s["url"] for s in r["sources"]),
        "people": "; ".join(
            f"{p['name']} ({p['role']})" if p["role"] else p["name"] for p in r["people"]
        ),
        "unverified": r["unverified"] or "",
        "corrections": "; ".join(f"{c['date']}: {c['text']}" for c in r["corrections"]),
        "origin": r["origin"],
        "updated": r["updated"],
    }


def spreadsheet_text(value: str | None) -> str | None:
    """A cell's text that no spreadsheet runs as a formula (OWASP: a leading ``'``).

    None (an empty cell to the csv module) stays None.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(row: dict[str, str | None]) -> dict[str, str | None]:
    """Every cell of ``row`` through :func:`spreadsheet_text`."""
    return {name: spreadsheet_text(value) for name, value in row.items()}


def _csv_text(rows: list[dict]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    for row in rows:
        writer.writerow(spreadsheet_row(row))
    return out.getvalue()


def csv_header() -> str:
    """The header row, with its line end."""
    return _csv_text([dict(zip(COLUMNS, COLUMNS, strict=True))])


def csv_record(entry: Entry, site: ExportSite) -> str:
    """The event's record as the file has it (quoted, CRLF line end)."""
    return _csv_text([csv_row(entry, site)])


def timeline_csv(pieces: Iterable[str]) -> Iterator[str]:
    """``timeline.csv`` in parts; ``pieces`` are the events' :func:`csv_record`."""
    yield csv_header()
    yield from pieces
