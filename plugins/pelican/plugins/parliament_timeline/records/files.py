"""Which files are records: the one rule the build and ``invoke check`` share."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

from ..settings import DEFAULT_IGNORE

__all__ = ["DEFAULT_IGNORE", "find_record_files", "is_ignored"]



def is_ignored(rel: str, patterns: Iterable[str]) -> bool:
    """Whether a file or folder at ``rel`` (relative to the folder searched) is ignored.

    Pelican's IGNORE_FILES holds both name patterns (``.#*``, matched against
    the name, as Pelican's readers match them) and path patterns (its
    default ``**/.*``, matched against the path, as its file watcher does);
    a name matching either way is left out. Paths are matched as
    ``/<rel>``, never absolute, so a site under a hidden folder is still read.
    """
    rel = rel.replace(os.sep, "/")
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch("/" + rel, p) for p in patterns)


def find_record_files(folder: str, ignore: Iterable[str] = DEFAULT_IGNORE) -> list[str]:
    """Every ``.md`` file below ``folder``, sorted, as paths under it.

    Files and folders that Pelican's IGNORE_FILES (``ignore``) leaves out are
    left out here too (:func:`is_ignored`).
    """
    patterns = tuple(ignore)
    found = []
    for dirpath, dirs, files in os.walk(folder, followlinks=True):
        here = os.path.relpath(dirpath, folder)
        under = "" if here == os.curdir else here + os.sep
        dirs[:] = sorted(d for d in dirs if not is_ignored(under + d, patterns))
        found.extend(os.path.join(dirpath, f) for f in files
                     if f.endswith(".md") and not is_ignored(under + f, patterns))
    return sorted(found)
