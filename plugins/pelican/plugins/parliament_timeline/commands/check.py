"""``invoke check``: validate the whole site's records without building it."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TextIO

from ..exports.common import id_namespace
from ..feeds.config import feed_setting_problems
from ..records.bodyhtml import body_problems, markdown_renderer
from ..records.files import link_problems
from ..records.official import official_problems
from ..records.problems import Problem
from ..site.pages import check_pages
from .project import CommandError, load_project


def check_site(
    settings: dict,
    root: str = os.curdir,
    today: dt.date | None = None,
    settings_file: str | None = None,
) -> list[Problem]:
    """Every problem in the site's records and feed settings, sorted by file and line.

    ``settings`` are Pelican settings (PATH and the TIMELINE_* settings);
    paths in messages are shown relative to ``root``. ``today`` is the day
    against which future dates are judged (default: today in the site's
    TIMEZONE). ``settings_file`` is the file that sets ``TIMELINE_FEEDS``,
    where its problems are reported.
    """
    # Every kind of record, as the build reads them (records/load.py); the
    # narratives rendered as the build renders them, so that check reports
    # what the sanitizer would change.
    markdown = markdown_renderer(settings.get("MARKDOWN") or {})
    project = load_project(settings, root, markdown=markdown, today=today)
    problems = list(project.problems)
    problems.extend(link_problems(project.content, project.show))
    problems.extend(check_pages({**settings, "PATH": project.content}, project.show).problems)
    try:
        id_namespace(project.ts)
    except ValueError as e:
        problems.append(Problem(project.show(settings_file) if settings_file else "settings",
                                1, str(e), "setting"))
    # A question's story is shown like a narrative: what the sanitizer would
    # change in it too (the rest of its HTML was checked when it was read).
    for q in project.vocabulary.questions.values():
        if q.body:
            problems.extend(Problem(q.source_path or q.key, line, message, "narrative-markup")
                            for line, message in body_problems(q.body, q.body_line, markdown))
    # Hand-typed facts against the committed snapshots of official data.
    problems.extend(official_problems(project.vocabulary, project.content,
                                      project.ts.official_path, project.root))
    # No TIMELINE_FEEDS means no feeds, here as in the build and fetch-feeds.
    if "TIMELINE_FEEDS" in settings and settings_file is not None:
        problems.extend(feed_setting_problems(settings["TIMELINE_FEEDS"], project.vocabulary,
                                              settings_file, project.show(settings_file)))
    return sorted(problems)


def format_report(problems: list[Problem]) -> tuple[str, int]:
    """The report printed by ``invoke check`` and the exit code it implies."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines), 1 if errors else 0


def check_command(settings: dict, root: str = os.curdir, today: str | None = None,
                  settings_file: str | None = None, *, out: TextIO | None = None) -> int:
    """``check`` as the command line and invoke run it: print the report, return the code.

    ``today`` is a YYYY-MM-DD text (None: today); a bad one raises
    :class:`CommandError`.
    """
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        raise CommandError(f"bad --today '{today}': use YYYY-MM-DD") from None
    problems = check_site(settings, root=root, today=day, settings_file=settings_file)
    report, code = format_report(problems)
    print(report, file=out if out is not None else sys.stdout)
    return code
