"""A site as the commands see it: its settings, content folder and vocabulary."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..records.files import find_record_files
from ..records.problems import Problem
from ..settings import TimelineSettings, read_settings
from ..vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class Project:
    """One site on disk, read once by a command."""

    settings: Mapping[str, Any]
    # The folder the site's paths are relative to, and messages shown from.
    root: str
    ts: TimelineSettings
    vocabulary: Vocabulary
    # Problems in the bill records.
    problems: tuple[Problem, ...]

    @property
    def content(self) -> str:
        """The content folder (PATH)."""
        return os.path.join(self.root, self.settings.get("PATH", "content"))

    def entry_files(self) -> list[str]:
        """Every entry file, as the build finds them (TIMELINE_PATHS, IGNORE_FILES)."""
        ignore = self.settings.get("IGNORE_FILES", (".#*",))
        files = []
        for folder in self.ts.paths:
            files.extend(find_record_files(os.path.join(self.content, folder), ignore))
        return files

    def show(self, path: str) -> str:
        """A path as messages show it: relative to the root."""
        return os.path.relpath(path, self.root)


def open_project(settings: Mapping[str, Any], root: str = os.curdir) -> Project:
    """Read a site's TIMELINE_* settings and bill records."""
    ts = read_settings(dict(settings))
    content = os.path.join(root, settings.get("PATH", "content"))
    vocabulary, problems = load_vocabulary(content, ts, display_root=root)
    return Project(settings, root, ts, vocabulary, tuple(problems))
