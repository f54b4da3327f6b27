"""The plugin's documentation, which ships inside the package (``docs/``).

An editor of another law has the installed package, not this repository:
``parliament-timeline docs`` lists these files with their paths and
``parliament-timeline docs NAME`` prints one; messages that send an editor
to the documentation say so with :func:`see`.
"""

from __future__ import annotations

import os

__all__ = ["DOCS", "DOCS_PATH", "doc_path", "see"]

# The folder of the documentation, in the installed package.
DOCS_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "docs")

# Each file of docs/ (NAME.md) and what it covers.
DOCS = {
    "entry-format": "the entry and bill records: their fields, the narrative, links, "
                    "the checks",
    "debate-records": "people, amendments, divisions, versions of the wording and "
                      "questions in dispute",
    "feeds": "the official feeds (TIMELINE_FEEDS), fetch-feeds and the snapshots",
    "official-data": "Parliament's data services: the importers and their snapshots",
    "settings": "every TIMELINE_* setting, with its default",
}


def doc_path(name: str) -> str:
    """The installed file of the document ``name`` (a key of DOCS)."""
    return os.path.join(DOCS_PATH, f"{name}.md")


def see(name: str, part: str | None = None) -> str:
    """Where a message sends an editor: the document, and the command that shows it."""
    where = f"'{part}' in {name}.md" if part else f"{name}.md"
    return f"see {where}: parliament-timeline docs {name}"
