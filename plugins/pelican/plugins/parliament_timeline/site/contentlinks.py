"""The build reads and publishes nothing from outside the content folder.

A pull request may commit a symbolic link in ``content/`` to any file of the
machine that builds the site (``/etc/passwd``, ``/proc/self/environ``,
``.git/config``), and a page may link it with ``{static}``. Pelican follows
links when it walks its folders and copies whatever a ``{static}`` link
names; these handlers, connected to Pelican's signals, stop that:

- before any generator walks the content folder (``initialized``), every
  symbolic link in it is reported, and each one the build does not follow
  (:func:`~..records.files.is_followed`: all but links to a plain file
  inside the content folder) is taken out of Pelican's walks through its
  settings: a folder through ``PAGE_EXCLUDES``, ``ARTICLE_EXCLUDES`` and
  ``STATIC_EXCLUDES``, a file through ``IGNORE_FILES``;
- once the static files are known (``static_generator_finalized``), any
  whose real path is outside the content folder (a ``{static}`` or
  ``{attach}`` link climbing out with ``..``) is dropped, so it is never
  copied to the output.

``invoke check`` reports every link as an error (records/files.py).
"""

from __future__ import annotations

import glob
import logging
import os

from ..errors import TimelineBuildError
from ..records.files import find_links, is_inside
from ..settings import read_settings

logger = logging.getLogger(__name__)

# Pelican's settings that list folders to walk, and the folders to leave out of each walk.
WALKS = (("PAGE_PATHS", "PAGE_EXCLUDES"), ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
         ("STATIC_PATHS", "STATIC_EXCLUDES"))


def _under(path: str, folder: str) -> bool:
    path, folder = os.path.normpath(path), os.path.normpath(folder)
    return path == folder or path.startswith(folder + os.sep)


def exclude_links(settings: dict) -> list[str]:
    """Take every symbolic link the build does not follow out of Pelican's walks.

    Changes ``settings`` (Pelican's, before the generators are made) and
    returns the messages to log, one per link.
    """
    content = settings["PATH"]
    messages = []
    for link in find_links(content):
        shown = os.path.relpath(link.path)
        messages.append(f"{shown}: a symbolic link {link.what}")
        if link.followed:
            continue
        if os.path.isdir(link.path):
            for paths, excludes in WALKS:
                settings[excludes] = [*settings.get(excludes, ()), link.rel]
                # A folder to walk that is, or is in, the link itself.
                settings[paths] = [p for p in settings.get(paths, ())
                                   if not _under(p, link.rel)]
        else:
            # Pelican matches IGNORE_FILES against file names: the link's
            # own name, with any wildcard in it taken literally.
            name = glob.escape(os.path.basename(link.path))
            settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", ()), name]
    return messages


def guard_content_links(pelican) -> None:
    """``initialized``: report the content folder's links and leave out those not followed.

    Under TIMELINE_STRICT a link is an error that stops the build.
    """
    messages = exclude_links(pelican.settings)
    strict = read_settings(pelican.settings).strict
    for message in messages:
        (logger.error if strict else logger.warning)("%s", message)
    if messages and strict:
        raise TimelineBuildError(f"{len(messages)} symbolic link(s) in the content folder "
                                 "(listed above): commit the files themselves")


def drop_outside_static_files(generator) -> None:
    """``static_generator_finalized``: no static file from outside the content folder.

    ``generator.staticfiles`` is also the context's list of static files to
    copy, so it is changed in place.
    """
    kept = []
    for static in generator.staticfiles:
        path = os.path.join(generator.path, static.source_path)
        if is_inside(path, generator.path):
            kept.append(static)
        else:
            logger.warning("%s: left out of the output: it is outside the content folder "
                           "(a {static} or {attach} link, or a link to a file)",
                           os.path.relpath(os.path.normpath(path)))
    generator.staticfiles[:] = kept
