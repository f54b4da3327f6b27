"""Which files are records: the one rule the build and ``invoke check`` share."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..settings import DEFAULT_IGNORE
from .problems import Problem


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


def find_record_files(folder: str, ignore: Iterable[str] = DEFAULT_IGNORE,
                      within: str | None = None,
                      extensions: tuple[str, ...] = (".md",)) -> list[str]:
    """Every ``.md`` file (or one of ``extensions``) below ``folder``, sorted, as paths under it.

    Files and folders that Pelican's IGNORE_FILES (``ignore``) leaves out are
    left out here too (:func:`is_ignored`). Symbolic links are not followed
    (:func:`is_followed`): a linked folder is never entered, and a linked
    file is read only when it is a file inside ``within`` (the content
    folder; by default ``folder``), so that no record is read from outside.
    """
    patterns = tuple(ignore)
    inside = within if within is not None else folder
    found = []
    for dirpath, dirs, files in os.walk(folder):
        here = os.path.relpath(dirpath, folder)
        under = "" if here == os.curdir else here + os.sep
        dirs[:] = sorted(d for d in dirs if not is_ignored(under + d, patterns))
        for f in files:
            path = os.path.join(dirpath, f)
            if (f.endswith(extensions) and not is_ignored(under + f, patterns)
                    and (not os.path.islink(path) or is_followed(path, inside))):
                found.append(path)
    return sorted(found)


@dataclass(frozen=True)
class Link:
    """A symbolic link found under the content folder."""

    # Its path (under the content folder as given) and its path relative to it.
    path: str
    rel: str
    # Whether the build follows it (:func:`is_followed`), and what it is, in
    # words for messages.
    followed: bool
    what: str


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path``, with every link resolved, is ``folder`` or under it."""
    target, root = os.path.realpath(path), os.path.realpath(folder)
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def is_followed(path: str, content: str) -> bool:
    """Whether the build follows the link ``path``: only to a regular file inside ``content``.

    A link to a folder is never followed (it may lead round in a loop, or
    to the whole file system); nor one that leads outside the content
    folder, nowhere, or to anything but a plain file (a device, ``/proc``).
    """
    import stat

    if not is_inside(path, content):
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):  # a loop, a broken link
        return False


def find_links(content: str) -> list[Link]:
    """Every symbolic link under ``content``, in path order, none of them followed."""
    found = []
    if not os.path.isdir(content):
        return found
    for dirpath, dirs, files in os.walk(content):
        for name in sorted(dirs + files):
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                continue
            followed = is_followed(path, content)
            if followed:
                what = "to a file inside the content folder (followed)"
            elif not os.path.exists(path):
                what = "that leads nowhere (broken, or a loop)"
            elif os.path.isdir(path):
                what = "to a folder (not followed)"
            elif not is_inside(path, content):
                what = "to a file outside the content folder (not followed)"
            else:
                what = "to something that is not a plain file (not followed)"
            found.append(Link(path, os.path.relpath(path, content), followed, what))
        dirs.sort()
    return found



def link_problems(content: str, show: Callable[[str], str] = str) -> list[Problem]:
    """Every symbolic link under ``content``, an error for ``invoke check``.

    A pull request may commit a link to any file of the machine that builds
    the site (``/etc/passwd``, ``/proc/self/environ``); even one inside the
    content folder is refused, so that what is reviewed is what is published.
    ``show`` gives a path as messages show it.
    """
    return [Problem(show(link.path), 1, f"a symbolic link {link.what}: content files must "
                    "be plain files and folders (commit the file itself)", "symlink")
            for link in find_links(content)]
