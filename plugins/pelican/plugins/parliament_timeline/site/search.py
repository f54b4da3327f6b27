"""Full-text search: index the built site with Pagefind after each build.

Pagefind (the ``pagefind[bin]`` package ships its binary) reads the HTML in
the output folder and writes its search bundle to ``pagefind/`` there. Pages
mark what to index with ``data-pagefind-body``; the search page loads the
bundle in the browser. The index is a build product like any page, so it
must be deterministic too (tests build twice and compare bytes).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

# Where the bundle goes, relative to the output folder; the search page's
# script loads it from there.
BUNDLE_DIR = "pagefind"


class SearchIndexError(SystemExit):
    """Pagefind is missing or failed; the build cannot have a search index.

    A SystemExit so that Pelican prints the message, not a traceback.
    """


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


def build_index(output_path: str | os.PathLike) -> Path:
    """Index the site in ``output_path`` with Pagefind; return the bundle folder.

    An old bundle is removed first, so the index never keeps pages that are
    gone. Raises :class:`SearchIndexError` when Pagefind fails.
    """
    site = Path(output_path)
    bundle = site / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [
        str(pagefind_executable()), "--site", str(site),
        "--output-subdir", BUNDLE_DIR, "--silent",
    ]
    done = subprocess.run(command, capture_output=True, check=False,
                          encoding="utf-8", errors="replace")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        raise SearchIndexError(f"search: Pagefind failed on {site}: {detail}")
    logger.info("search: indexed %s into %s", site, bundle)
    return bundle


def index_site(pelican) -> None:
    """The ``finalized`` signal handler: index the freshly built site."""
    from ..settings import read_settings

    ts = read_settings(pelican.settings)
    if not ts.search_index:
        return
    try:
        build_index(pelican.output_path)
    except SearchIndexError as e:
        # A development build of a new site without the search extra still
        # builds; a strict (publishing) build never ships without its index.
        if ts.strict or pagefind_installed():
            raise
        logger.warning("%s; the site was built without a search index", e)
