"""``docs``: the plugin's documentation, as installed with it (manual.py).

An editor who has only the installed package finds the record formats,
the feeds and the settings here: ``parliament-timeline docs`` lists each
document with its file, ``parliament-timeline docs NAME`` prints one.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ..manual import DOCS, doc_path
from .project import CommandError

__all__ = ["docs_command"]


def docs_command(name: str | None = None, *, out: TextIO | None = None) -> int:
    """List the documents (no ``name``) or print one; CommandError for an unknown name."""
    out = out if out is not None else sys.stdout
    if name is None:
        print("The plugin's documentation (parliament-timeline docs NAME prints one):", file=out)
        for doc, about in DOCS.items():
            print(f"  {doc:<15} {about}\n  {'':<15} {doc_path(doc)}", file=out)
        return 0
    name = name.removesuffix(".md")
    if name not in DOCS:
        raise CommandError(f"no document {name!r}: give one of {', '.join(DOCS)}")
    with open(doc_path(name), "rb") as f:
        data = f.read()
    # The file's own bytes (UTF-8), whatever the terminal's encoding.
    if hasattr(out, "buffer"):
        out.flush()
        out.buffer.write(data)
        out.buffer.flush()
    else:
        out.write(data.decode("utf-8"))
    return 0
