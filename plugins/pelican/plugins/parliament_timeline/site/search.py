"""Full-text search: index the built site with Pagefind, in shards.

Pagefind (the ``pagefind[bin]`` package ships its binary) reads the HTML in
the output folder and writes search bundles under ``pagefind/`` there. Pages
mark what to index with ``data-pagefind-body``; the search page loads the
bundles in the browser. The index is split into shards (one bundle per year
of events and one for the other pages, :mod:`.searchshards`) that Pagefind's
``mergeIndex`` searches as one. The index is a build product like any page,
so it must be deterministic too (tests build twice and compare bytes).

This module finds Pagefind, starts a build's :class:`ShardIndexer` (the
timeline generator hands it each year's entry pages as soon as they are
written; the indexer groups them into shards) and finishes it when Pelican
has written everything.
:func:`build_index` makes one bundle of a whole site, as the index was made
before it was sharded: the tests compare the two.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

from .searchshards import BUNDLE_DIR, STATE_FILE, SearchIndexError, ShardIndexer

logger = logging.getLogger(__name__)

# The indexer of each build under way, by output folder: the timeline
# generator starts it, the finalized handler finishes it. None: this build
# has no index (switched off, or Pagefind missing, which was reported once).
_INDEXERS: dict[str, ShardIndexer | None] = {}


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the ``pagefind_bin`` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "search: Pagefind is not installed: install the plugin with its search extra "
            "(pip install 'pelican-parliament-timeline[search]'; this repository's "
            "requirements.txt pins it), or set TIMELINE_SEARCH_INDEX = False"
        ) from None
    return get_executable()


def pagefind_installed() -> bool:
    """Whether the ``pagefind_bin`` package (the search extra) is installed."""
    try:
        import pagefind_bin  # noqa: F401
    except ImportError:
        return False
    return True


def build_index(output_path: str | os.PathLike, bundle_dir: str = BUNDLE_DIR) -> Path:
    """Index the whole site in ``output_path`` as one bundle; return its folder.

    The index as it was before shards (and what the tests compare them
    with). An old bundle is removed first, so the index never keeps pages
    that are gone. Raises :class:`SearchIndexError` when Pagefind fails.
    """
    site = Path(output_path)
    bundle = site / bundle_dir
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [
        str(pagefind_executable()), "--site", str(site),
        "--output-subdir", bundle_dir, "--silent",
    ]
    done = subprocess.run(command, capture_output=True, check=False,
                          encoding="utf-8", errors="replace")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        raise SearchIndexError(f"search: Pagefind failed on {site}: {detail}")
    logger.info("search: indexed %s into %s", site, bundle)
    return bundle


def start_indexer(settings: dict, output_path: str) -> ShardIndexer | None:
    """The shard indexer of a build into ``output_path``; None without an index.

    With Pelican's content cache on (``CACHE_CONTENT`` and
    ``LOAD_CONTENT_CACHE``) unchanged shards are kept from the last build;
    otherwise every shard is indexed.
    """
    from ..settings import read_settings

    ts = read_settings(settings)
    key = os.path.abspath(output_path)
    old = _INDEXERS.pop(key, None)
    if old is not None:  # a build that stopped half-way in this process
        old.abort()
    _INDEXERS[key] = None
    if not ts.search_index:
        return None
    try:
        executable = str(pagefind_executable())
    except SearchIndexError as e:
        # A development build of a new site without the search extra still
        # builds; a strict (publishing) build never ships without its index.
        if ts.strict or pagefind_installed():
            raise
        logger.warning("%s; the site was built without a search index", e)
        return None
    cached = settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")
    state = os.path.join(settings["CACHE_PATH"], STATE_FILE) if cached else None
    indexer = _INDEXERS[key] = ShardIndexer(key, executable, state, ts.search_jobs,
                                                ts.search_shard_size)
    return indexer


def index_site(pelican) -> None:
    """The ``finalized`` signal handler: index what is left and finish."""
    key = os.path.abspath(pelican.output_path)
    if key not in _INDEXERS:  # the timeline generator did not run
        start_indexer(pelican.settings, pelican.output_path)
    indexer = _INDEXERS.pop(key)
    if indexer is not None:
        indexer.finish()
