"""``invoke fetch-feeds``: refresh the feed snapshots from the Pelican settings.

Reads ``TIMELINE_FEEDS`` (the defaults in :mod:`.feedlist` if the settings
have none), reports every configuration problem, fetches the good feeds into
``<PATH>/feeds/`` and prints one line per feed. The exit code is 0 only if
the configuration had no problem and no feed failed.

Publishers must be able to tell who is polling them, so the User-Agent
carries a contact URL: ``--contact``, else the ``TIMELINE_FETCH_CONTACT``
setting, else the ``SITEURL`` environment variable (as publishconf.py
reads it). Without one the task refuses to fetch.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..feeds.config import read_feed_configs
from ..fetch.run import run, run_bound
from ..official.fetch import refresh_official
from ..official.snapshots import official_folder
from ..records.official import official_requests
from ..records.problems import inert
from ..sources.http import HttpOptions, build_user_agent
from .project import Project, open_project

__all__ = ["contact_url", "fetch_feeds_command"]

logger = logging.getLogger(__name__)

# Sources fetched at once (each host still sees at most HttpOptions.per_host).
MAX_WORKERS = 4

def contact_url(settings: Mapping[str, Any], explicit: str | None = None) -> str | None:
    """The contact URL for the User-Agent, or None if none is configured."""
    for candidate in (
        explicit,
        settings.get("TIMELINE_FETCH_CONTACT"),
        os.environ.get("SITEURL"),
    ):
        if isinstance(candidate, str) and candidate.startswith(("https://", "http://")):
            return candidate
    return None


def fetch_feeds_command(
    settings: Mapping[str, Any],
    root: Path | str,
    *,
    only: Sequence[str] = (),
    contact: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the fetch as ``invoke fetch-feeds`` does; return the exit code.

    ``root`` is the project folder (``PATH`` is relative to it). ``only``
    limits the run to the feeds of those names.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    project = open_project(settings, root)
    configs, problems = read_feed_configs(settings.get("TIMELINE_FEEDS"), project.vocabulary,
                                          max_items=project.ts.feed_max_items)
    for problem in problems:
        print(f"fetch-feeds: {problem}", file=err)
    if only:
        unknown = sorted(set(only) - {c.name for c in configs})
        for name in unknown:
            print(f"fetch-feeds: no feed is named {name!r}", file=err)
            problems.append(name)
        configs = [c for c in configs if c.name in only]

    contact_at = contact_url(settings, contact)
    if contact_at is None:
        print(
            "fetch-feeds: no contact URL for the User-Agent: pass --contact, or set "
            "TIMELINE_FETCH_CONTACT in pelicanconf.py or SITEURL in the environment",
            file=err,
        )
        return 2

    options = HttpOptions(user_agent=build_user_agent(contact_at, project.ts.fetch_product),
                          deadline=project.ts.fetch_deadline)
    feeds_dir = Path(project.content) / project.ts.feeds_path
    logger.info("fetching %d feed(s) into %s, each within %g s (the run within %g s)",
                len(configs), feeds_dir, options.deadline,
                run_bound(len(configs), options, MAX_WORKERS))
    code = run(configs, feeds_dir, options, out=out, max_workers=MAX_WORKERS)
    if not only:
        # Parliament's data services are sources too: the same run refreshes
        # every official snapshot, and fetches those the records name but the
        # site does not have yet (a record just given an official id).
        code = max(code, refresh_official_snapshots(project, options, out))
    return 1 if problems else code


def refresh_official_snapshots(project: Project, options: HttpOptions, out: TextIO) -> int:
    """Refresh ``content/official/`` (docs/official-data.md); print a line per
    snapshot; return 1 when any fetch failed (its snapshot is kept as it was)."""
    official = official_folder(project.content, project.ts.official_path)
    results = refresh_official(official, project.ts.api_base_urls, options,
                               official_requests(project.vocabulary))
    for result in results:
        shown = os.path.relpath(result.file, project.root)
        state = ("FAILED: " + result.error if result.error is not None
                 else "changed" if result.changed else "unchanged")
        print(inert(f"{shown}: {state}"), file=out)
    return 1 if any(r.error is not None for r in results) else 0
