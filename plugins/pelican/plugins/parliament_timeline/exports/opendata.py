"""Real examples for the Open data page, cut from the exports themselves.

Each example is the latest event's piece of the file the build has just
written (the very text spliced into it), so the page cannot drift from the
code. The records of the debate are shown by the last record of each kind
(in key order), from the same values as the files.
"""

from __future__ import annotations

from xml.dom import minidom

from .common import json_piece
from .csvfile import csv_header
from .recordcsv import records_csv


def atom_example(entry_xml: str) -> str:
    """An Atom ``<entry>`` element (:func:`~.atom.atom_entry`), indented for reading."""
    # The entry alone has no namespace declaration; minidom does not need one.
    pretty = minidom.parseString(entry_xml.encode("utf-8")).toprettyxml(indent="  ")
    return pretty.split("\n", 1)[1].rstrip() + "\n"


def json_example(piece: str) -> str:
    """A JSON list item (a :func:`~.common.json_piece`) as a file of its own."""
    return piece + "\n"


def csv_example(record: str) -> str:
    """The header row and a record, exactly as in the file."""
    return csv_header() + record


def ics_example(vevent: str) -> str:
    """A VEVENT as in the file, with plain line ends."""
    return vevent.replace("\r\n", "\n")


def examples(last: dict[str, str]) -> dict[str, str]:
    """Example text per export from the latest event's pieces, by format.

    ``last`` maps "atom", "json_feed", "json", "csv", "ics" and "timelinejs"
    to the latest event's piece of that export (empty: no events).
    """
    if not last:
        return {}
    return {
        "atom": atom_example(last["atom"]),
        "json_feed": json_example(last["json_feed"]),
        "json": json_example(last["json"]),
        "csv": csv_example(last["csv"]),
        "ics": ics_example(last["ics"]),
        "timelinejs": json_example(last["timelinejs"]),
    }


def record_examples(records: dict[str, list[dict]]) -> dict[str, str]:
    """Example text of each kind of record that has any: ``<kind>_json`` and ``<kind>_csv``.

    ``records`` are the records by kind, as timeline.json has them
    (:func:`.records.debate_records`); the example is the last of each kind.
    """
    found = {}
    for kind, values in records.items():
        if values:
            found[f"{kind}_json"] = json_example(json_piece(values[-1]))
            found[f"{kind}_csv"] = records_csv(kind, values[-1:])
    return found
