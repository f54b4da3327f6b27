"""``invoke check``: validate the whole site's entries without building it."""

from __future__ import annotations

import os

from .settings import read_settings
from .validate import Problem, check_files, find_entry_files


def check_site(settings: dict, root: str = os.curdir) -> list[Problem]:
    """Every problem in the site's entries, sorted by file and line.

    ``settings`` are Pelican settings (PATH and the TIMELINE_* settings);
    paths in messages are shown relative to ``root``.
    """
    ts = read_settings(settings)
    content = os.path.join(root, settings.get("PATH", "content"))
    files = []
    for folder in ts.paths:
        files.extend(find_entry_files(os.path.join(content, folder)))
    _, problems = check_files(files, display_root=root)
    return sorted(problems)


def format_report(problems: list[Problem]) -> tuple[str, int]:
    """The report printed by ``invoke check`` and the exit code it implies."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines), 1 if errors else 0
