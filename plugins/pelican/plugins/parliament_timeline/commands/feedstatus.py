"""``invoke feed-status``: what each feed's snapshot gives, for CI logs.

Reads the snapshots exactly as the build does (never the network), merges
them with the hand-written entries, and prints one block per feed: its
state, last successful fetch, HTTP status, items kept and dropped, and the
last error. A failing feed is printed as FAILING, so "no new items" never
hides a feed that cannot be fetched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from ..feeds.config import read_feed_configs
from ..feeds.items import FeedStatus, load_feeds
from ..records.problems import inert
from .project import load_project

__all__ = ["feed_status_command", "feed_statuses", "format_statuses"]


def feed_statuses(settings: Mapping[str, Any], root: str = os.curdir) -> tuple[
    list[FeedStatus], list[str]
]:
    """Every configured feed's status, and the configuration problems."""
    # Every record, as the build reads them (records/load.py), but not the
    # slow checks of the whole set: only the entries are wanted.
    project = load_project(settings, root, whole_set=False)
    entries = project.records.entries
    configs, problems = read_feed_configs(settings.get("TIMELINE_FEEDS"), project.vocabulary,
                                          max_items=project.ts.feed_max_items)
    merged = load_feeds(configs, os.path.join(project.content, project.ts.feeds_path), entries)
    return merged.statuses, problems


def format_statuses(statuses: Sequence[FeedStatus], problems: Sequence[str] = ()) -> str:
    """The report: one block per feed, then a one-line total."""
    lines = [f"configuration: {p}" for p in problems]
    for s in statuses:
        lines.append(f"{s.name}: {s.state_label}")
        lines.append(f"  kind: {s.kind}")
        fetched = s.fetched_at or "never"
        status = f" (HTTP {s.http_status})" if s.http_status else ""
        lines.append(f"  last successful fetch: {fetched}{status}")
        if s.last_attempt_at:
            last = f" (HTTP {s.last_status})" if s.last_status else ""
            lines.append(f"  last attempt: {s.last_attempt_at}: {s.last_outcome}{last}")
        lines.append(f"  last error: {s.last_error or 'none'}")
        lines.append(
            f"  items: {s.total} in snapshot, {s.kept} kept, {s.dropped_filter} dropped by "
            f"filters, {s.dropped_cap} over the cap, {s.skipped} unusable; "
            f"{s.superseded} told by an editor's entry, {s.duplicates} duplicates, "
            f"{s.shown} shown"
        )
        lines.extend(f"  problem: {p}" for p in s.problems)
    bad = [s.name for s in statuses if s.state != "ok"]
    lines.append(
        f"{len(statuses)} feed(s), {len(statuses) - len(bad)} OK"
        + (f", {len(bad)} need attention: {', '.join(bad)}" if bad else "")
    )
    # Errors and item titles come from the servers: printed inert, one per line.
    return "\n".join(inert(line) for line in lines)


def feed_status_command(settings: Mapping[str, Any], root: str = os.curdir, *,
                        out: TextIO | None = None) -> int:
    """``feed-status`` as the command line and invoke run it; always 0 (it only reports)."""
    statuses, problems = feed_statuses(settings, root=root)
    print(format_statuses(statuses, problems), file=out if out is not None else sys.stdout)
    return 0
