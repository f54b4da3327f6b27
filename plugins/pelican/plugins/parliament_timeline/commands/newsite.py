"""``new-site``: write a minimal timeline site that uses the installed plugin.

The site holds no copy of the plugin's code or templates: its
pelicanconf.py names the plugin (``PLUGINS``) and its theme
(``THEME = parliament_timeline.THEME_PATH``), its tasks.py is the plugin's
tasks. The files are written from the templates in ``sitetemplate/``.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from importlib import metadata, resources
from typing import TextIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..records import scaffold
from .project import CommandError

__all__ = ["SITE_FILES", "NewSiteError", "new_site", "new_site_command"]

# Template in sitetemplate/ -> the file it becomes in the new site.
SITE_FILES = {
    "pelicanconf.py.tmpl": "pelicanconf.py",
    "publishconf.py.tmpl": "publishconf.py",
    "tasks.py.tmpl": "tasks.py",
    "README.md.tmpl": "README.md",
    "gitignore.tmpl": ".gitignore",
    "about.md.tmpl": os.path.join("content", "pages", "about.md"),
}
# Empty folders, kept in version control by a .gitkeep.
EMPTY_FOLDERS = (os.path.join("content", "entries"), os.path.join("content", "bills"))


class NewSiteError(CommandError):
    """The new site cannot be written where it was asked."""


# The plugin's distribution, and the extras a site wants (fetch-feeds and the
# importers; the search index).
PACKAGE = "pelican-parliament-timeline"
EXTRAS = "[fetch,search]"


def install_requirement() -> str:
    """What a new site's README tells pip to install: the plugin from where it
    was installed here (its repository by git URL and commit, or its folder),
    with the extras; the package name alone only when it came from an index."""
    try:
        recorded = metadata.distribution(PACKAGE).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    if not recorded:
        return PACKAGE + EXTRAS
    origin = json.loads(recorded)
    url = origin.get("url", "")
    vcs = origin.get("vcs_info")
    if vcs:
        pinned = f"{url}@{vcs['commit_id']}" if vcs.get("commit_id") else url
        return f"{PACKAGE}{EXTRAS} @ {vcs.get('vcs', 'git')}+{pinned}"
    if url.startswith("file:"):
        return url2pathname(urlsplit(url).path) + EXTRAS
    return f"{PACKAGE}{EXTRAS} @ {url}"


def _template(name: str) -> str:
    return resources.files(__package__).joinpath("sitetemplate", name).read_text("utf-8")


def site_files(title: str, id_namespace: str | None = None) -> dict[str, str]:
    """Every file of a new site (path relative to the site -> text)."""
    values = {
        "{{SITENAME}}": repr(title),
        "{{ID_NAMESPACE}}": repr(id_namespace or str(uuid.uuid4())),
        "{{TITLE_MD}}": title,
        "{{PAGE_PLACEHOLDER}}": scaffold.PAGE_BODY,
        "{{INSTALL}}": install_requirement(),
    }
    files = {}
    for template, target in SITE_FILES.items():
        text = _template(template)
        for marker, value in values.items():
            text = text.replace(marker, value)
        files[target] = text
    for folder in EMPTY_FOLDERS:
        files[os.path.join(folder, ".gitkeep")] = ""
    return files


def new_site(path: str | os.PathLike, title: str) -> str:
    """Write a new site into ``path`` (missing or empty) and return its path.

    Raises NewSiteError when ``path`` is a file or a folder with anything
    in it (nothing is overwritten), or when the title is not one line.
    """
    title = title.strip() if title else ""
    if not title or "\n" in title or "\r" in title:
        raise NewSiteError("the title must be one non-empty line")
    path = os.fspath(path)
    if os.path.exists(path):
        if not os.path.isdir(path):
            raise NewSiteError(f"{path} is a file, not a folder")
        if os.listdir(path):
            raise NewSiteError(f"{path} is not empty: give a new or empty folder")
    files = site_files(title)
    os.makedirs(path, exist_ok=True)
    for name, text in files.items():
        target = os.path.join(path, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "x", encoding="utf-8") as f:
            f.write(text)
    return path


def new_site_command(path: str | os.PathLike, title: str, *, prog: str = "parliament-timeline",
                     out: TextIO | None = None) -> int:
    """``new-site`` as the command line and invoke run it: write the site, say what next."""
    out = out if out is not None else sys.stdout
    written = new_site(path, title)
    print(f"Wrote a new timeline site in {written}", file=out)
    print(f"Next: cd {written}; set TIMELINE_SUBJECT in pelicanconf.py; add a bill with "
          f"'{prog} new-bill', an event with '{prog} new-entry'; run '{prog} check'; "
          "build with 'invoke build' (or 'pelican -s pelicanconf.py') and preview with "
          f"'invoke serve'. README.md there says more; '{prog} docs' lists the plugin's "
          "documentation.", file=out)
    return 0
