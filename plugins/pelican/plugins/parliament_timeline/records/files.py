"""Which files are records: the one rule the build and ``invoke check`` share."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

# Pelican's default IGNORE_FILES, for callers without Pelican settings.
DEFAULT_IGNORE = (".#*", "__pycache__")


def find_record_files(folder: str, ignore: Iterable[str] = DEFAULT_IGNORE) -> list[str]:
    """Every ``.md`` file below ``folder``, sorted, as paths under it.

    Files and folders whose name matches a pattern of ``ignore`` (Pelican's
    IGNORE_FILES) are left out, as Pelican's own readers leave them out.
    """
    patterns = tuple(ignore)

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, p) for p in patterns)

    found = []
    for dirpath, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not ignored(d))
        found.extend(os.path.join(dirpath, f) for f in files
                     if f.endswith(".md") and not ignored(f))
    return sorted(found)
