"""``invoke check``: validate the whole site's entries without building it."""

from __future__ import annotations

import datetime as dt
import os

from ..records.consistency import check_entry_set, feed_setting_problems
from ..records.parse import read_entry_file
from ..records.validate import Problem, build_entry, check_duplicates, find_entry_files
from ..settings import read_settings


def check_site(
    settings: dict,
    root: str = os.curdir,
    today: dt.date | None = None,
    settings_file: str | None = None,
) -> list[Problem]:
    """Every problem in the site's entries and feed settings, sorted by file and line.

    ``settings`` are Pelican settings (PATH and the TIMELINE_* settings);
    paths in messages are shown relative to ``root``. ``today`` is the day
    against which future dates are judged (default: today in London).
    ``settings_file`` is the file that sets ``TIMELINE_FEEDS``, where its
    problems are reported.
    """
    ts = read_settings(settings)
    content = os.path.join(root, settings.get("PATH", "content"))
    files = []
    for folder in ts.paths:
        files.extend(find_entry_files(os.path.join(content, folder)))
    raws = {}
    entries = []
    problems = []
    for path in files:
        raw = read_entry_file(path, os.path.relpath(path, root))
        entry, found = build_entry(raw)
        problems.extend(found)
        if entry is not None:
            raws[raw.path] = raw
            entries.append(entry)
    entries.sort(key=lambda e: e.source_path or "")
    problems.extend(check_duplicates(entries))
    problems.extend(check_entry_set(entries, raws, today))
    # No TIMELINE_FEEDS means no feeds, here as in the build and fetch-feeds.
    if "TIMELINE_FEEDS" in settings and settings_file is not None:
        problems.extend(feed_setting_problems(settings["TIMELINE_FEEDS"], settings_file,
                                              os.path.relpath(settings_file, root)))
    return sorted(problems)


def format_report(problems: list[Problem]) -> tuple[str, int]:
    """The report printed by ``invoke check`` and the exit code it implies."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines), 1 if errors else 0
