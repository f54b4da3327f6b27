"""The one-line summary of what a build made, logged at its end.

Pelican's own line counts articles and pages, which a timeline site has
few or none of; this one counts what the timeline plugin made. The
generator remembers its counts (:func:`remember`) when it has written its
pages; the ``finalized`` signal handler (plugin.py) then calls
:func:`finish`, which counts the files written and returns the line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

RECORD_KINDS = ("people", "questions", "amendments", "divisions", "versions")
# The data files the Open data page documents (feeds, JSON, CSV, calendar...).
EXPORT_SUFFIXES = (".atom.xml", ".json", ".csv", ".ics", ".sqlite")
# Folders of the output that hold neither pages nor exports of ours.
SKIPPED = ("pagefind",)

# The counts of each build by its output folder, until the build finishes.
_COUNTS: dict[str, dict[str, int]] = {}


def record_counts(context: Mapping) -> dict[str, int]:
    """Events, due items, bills and records of the debate of a build's context."""
    vocabulary = context.get("vocabulary")
    return {
        "events": len(context.get("timeline") or ()),
        "due": len(context.get("upcoming") or ()),
        "bills": len(getattr(vocabulary, "bills", None) or {}),
        "records": sum(len(getattr(vocabulary, kind, None) or {}) for kind in RECORD_KINDS),
    }


def count_files(folder: str) -> tuple[int, int]:
    """How many HTML pages and export files are under ``folder``."""
    pages = exports = 0
    theme = {"theme"}
    for root, dirs, files in os.walk(folder):
        if root == folder:
            dirs[:] = [d for d in dirs if d not in SKIPPED and d not in theme]
        pages += sum(1 for name in files if name.endswith(".html"))
        exports += sum(1 for name in files if name.endswith(EXPORT_SUFFIXES))
    return pages, exports


def build_summary(counts: Mapping[str, int], pages: int, exports: int, index: bool) -> str:
    """'Timeline: 43 events (2 due), 5 bills, 84 records, 150 pages, 40 exports, search index.'"""
    return (f"Timeline: {counts['events']} events ({counts['due']} due), {counts['bills']} "
            f"bills, {counts['records']} records, {pages} pages, {exports} exports, "
            + ("search index." if index else "no search index."))


def remember(output_path: str, context: Mapping) -> None:
    """Keep a build's counts until it finishes (the generator calls this)."""
    _COUNTS[os.path.abspath(output_path)] = record_counts(context)


def finish(output_path: str) -> str | None:
    """The summary line of the build into ``output_path``; None if the
    timeline generator did not run there."""
    counts = _COUNTS.pop(os.path.abspath(output_path), None)
    if counts is None:
        return None
    pages, exports = count_files(output_path)
    # The sharded search index lists its shards there (site/searchshards.py).
    index = os.path.isfile(os.path.join(output_path, "pagefind", "shards.json"))
    return build_summary(counts, pages, exports, index)
