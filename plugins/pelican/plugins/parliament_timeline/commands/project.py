"""A site as the commands see it: its settings, content folder and vocabulary."""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..records.kinds import ENTRY
from ..records.load import Records, entry_reader, load_records, load_vocabulary, record_files
from ..records.problems import Problem
from ..settings import TimelineSettings, read_settings
from ..vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt

    from markdown import Markdown

# The settings file a site's commands read unless told otherwise.
SETTINGS_FILE = "pelicanconf.py"


class CommandError(Exception):
    """A command cannot do what it was asked; the message says why in one line."""


# The optional modules of the package's extras (pyproject.toml), by extra.
EXTRAS = {"httpx": "fetch", "pagefind_bin": "search"}


def missing_extra(error: ModuleNotFoundError) -> CommandError | None:
    """The one-line error for a module of an extra that is not installed, if it is one."""
    top = (error.name or "").partition(".")[0]
    extra = EXTRAS.get(top)
    if extra is None:
        return None
    return CommandError(
        f"this command needs the plugin's {extra!r} extra ({top} is not installed): "
        f"pip install 'pelican-parliament-timeline[{extra}]'")


@contextlib.contextmanager
def in_folder(folder: str | os.PathLike) -> Iterator[None]:
    """Run the body with ``folder`` as the working folder, then go back."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def read_site_settings(root: str | os.PathLike = os.curdir,
                       settings_file: str = SETTINGS_FILE) -> dict[str, Any]:
    """A site's Pelican settings: Pelican's DEFAULT_CONFIG updated by its settings file.

    The file is read with Pelican's ``get_settings_from_file`` from inside
    ``root`` (publishconf.py imports pelicanconf.py from the working folder),
    ``settings_file`` being relative to ``root``. Raises :class:`CommandError`
    when the file is missing or cannot be run.
    """
    from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

    path = os.path.join(root, settings_file)
    if not os.path.isfile(path):
        raise CommandError(f"no settings file {path}: run this in the site's folder, "
                           "or give --root and --settings")
    settings = copy.deepcopy(DEFAULT_CONFIG)
    try:
        with in_folder(root):
            settings.update(get_settings_from_file(os.path.abspath(settings_file)))
    except Exception as e:  # the file is the site's Python code: any error is its own
        raise CommandError(f"cannot read {path}: {type(e).__name__}: {e}") from None
    return settings


@dataclass(frozen=True)
class Project:
    """One site on disk, read once by a command."""

    settings: Mapping[str, Any]
    # The folder the site's paths are relative to, and messages shown from.
    root: str
    ts: TimelineSettings
    vocabulary: Vocabulary
    # Problems in the records read: all but the entries (open_project), or
    # every kind (load_project).
    problems: tuple[Problem, ...]
    # Every record, entries included, when read (load_project).
    records: Records | None = None

    @property
    def content(self) -> str:
        """The content folder (PATH)."""
        return os.path.join(self.root, self.settings.get("PATH", "content"))

    def entry_files(self) -> list[str]:
        """Every entry file, as the build finds them (TIMELINE_PATHS, IGNORE_FILES)."""
        return record_files(self.content, self.ts, ENTRY)

    def show(self, path: str) -> str:
        """A path as messages show it: relative to the root."""
        return os.path.relpath(path, self.root)


def open_project(settings: Mapping[str, Any], root: str = os.curdir) -> Project:
    """Read a site's TIMELINE_* settings and its records but the entries."""
    ts = read_settings(dict(settings))
    content = os.path.join(root, settings.get("PATH", "content"))
    vocabulary, problems = load_vocabulary(content, ts, display_root=root)
    return Project(settings, root, ts, vocabulary, tuple(problems))


def load_project(settings: Mapping[str, Any], root: str = os.curdir, *,
                 markdown: Markdown | None = None, whole_set: bool = True,
                 today: dt.date | None = None) -> Project:
    """Read a site's TIMELINE_* settings and every record, as the build reads them
    (records/load.py: ``load_records``, whose arguments these are)."""
    ts = read_settings(dict(settings))
    content = os.path.join(root, settings.get("PATH", "content"))
    records = load_records(
        content, ts, root, whole_set=whole_set, today=today,
        read_entries=entry_reader(lambda path: os.path.relpath(path, root), markdown))
    return Project(settings, root, ts, records.vocabulary, tuple(records.problems), records)


def write_new_record(path: str, text: str, error: type[Exception]) -> str:
    """Write a new record file (never over an existing one) and return its path."""
    if os.path.exists(path):
        raise error(f"{path} exists already; it was left as it is")
    os.makedirs(os.path.dirname(path) or os.curdir, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    return path
