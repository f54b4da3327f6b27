"""Real examples for the Open data page, cut from the exports themselves.

Each example is the latest event as it appears in the file the build has
just written, so the page cannot drift from the code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.dom import minidom

from ..model import Timeline
from .common import ExportSite, dump_json


def atom_example(feed: bytes) -> str:
    """The last ``<entry>`` of an Atom feed, indented for reading."""
    text = feed.decode("utf-8")
    start = text.rindex("<entry>")
    end = text.index("</entry>", start) + len("</entry>")
    # The entry alone has no namespace declaration; minidom does not need one.
    pretty = minidom.parseString(text[start:end].encode("utf-8")).toprettyxml(indent="  ")
    return pretty.split("\n", 1)[1].rstrip() + "\n"


def json_example(data: bytes, key: str) -> str:
    """The last element of a JSON file's top-level list ``key``."""
    items = json.loads(data)[key]
    return dump_json(items[-1]).decode("utf-8")


def csv_example(data: bytes) -> str:
    """The header row and the last record, exactly as in the file.

    A record may span lines (a quoted line break), so the file is cut where
    the csv module's own reader ends each record, not at line breaks.
    """
    text = data.decode("utf-8")
    stream = io.StringIO(text, newline="")
    ends = [stream.tell() for _ in csv.reader(iter(stream.readline, ""))]
    return text[: ends[0]] + text[ends[-2] : ends[-1]]


def ics_example(data: bytes) -> str:
    """The calendar's last VEVENT, as in the file."""
    text = data.decode("utf-8")
    found = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, flags=re.S)
    return found[-1].replace("\r\n", "\n")


def examples(files: dict[str, bytes], timeline: Timeline, site: ExportSite) -> dict[str, str]:
    """Example text per export, keyed like ``files`` (empty if no events)."""
    if not len(timeline):
        return {}
    ts = site.settings
    return {
        "atom": atom_example(files[ts.feed_all_atom]),
        "json_feed": json_example(files[ts.json_feed], "items"),
        "json": json_example(files[ts.json], "events"),
        "csv": csv_example(files[ts.csv]),
        "ics": ics_example(files[ts.ics]),
        "timelinejs": json_example(files[ts.timelinejs], "events"),
    }
