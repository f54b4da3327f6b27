"""The search index in shards: Pagefind bundles of consecutive years of events.

Pagefind has no incremental mode, and one run over the whole site holds the
whole index in memory (1.7 GiB at 10,000 events). So the pages are split
into *shards*: the entry pages of consecutive years, grouped until a shard
has ``TIMELINE_SEARCH_SHARD_SIZE`` of them, the last shard also holding
every other indexed page (bills, glossary, Pelican's pages); a site smaller
than that has one shard, the whole index. Each shard is a complete
Pagefind bundle in ``pagefind/<shard>/``; ``pagefind/shards.json`` lists
them, and the search page loads the first and merges the others with
Pagefind's own ``mergeIndex`` (theme/static/js/pagefind-shards.js), so one
search runs over all of them.

- **Only changed shards are indexed again.** A shard's key is a hash of the
  Pagefind version, its options and the name and sha256 of every page in
  it. With Pelican's content cache on (``CACHE_CONTENT`` and
  ``LOAD_CONTENT_CACHE``, as in ``invoke build``), the keys and the sha256 of
  every file of each bundle are kept in ``CACHE_PATH``; a shard whose key is
  unchanged and whose bundle is on disk exactly as written is left alone.
  Without the cache (publishing, ``invoke rebuild``) every shard is indexed.
- **Memory** is that of one Pagefind process per shard, times the number
  run at once (``TIMELINE_SEARCH_JOBS``, default the CPUs this process may
  use).
- **In parallel, and early.** The timeline generator tells the indexer the
  year of every entry page it will write (:meth:`ShardIndexer.expect`) and
  hands it each entry page as it is queued (:meth:`ShardIndexer.entry_page`);
  the indexer groups the years into shards and submits each shard as soon
  as its pages are written, so Pagefind indexes on the other core while
  Pelican writes the rest. It *holds* the last one, which the ``finalized``
  handler submits with the other pages, then waits for all.
  A cold build releases the last shard once its own pages are all written
  (``release``), so that Pagefind indexes it while the share images are
  drawn.

Pagefind is given each shard as a folder of hard links to the shard's pages
(same relative paths, so the same result URLs), made inside the output
folder and removed once indexed: its ``--glob`` option cannot list
thousands of files, and walking the whole site once per shard would cost
more than the links.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import PackageNotFoundError, version

logger = logging.getLogger(__name__)


class SearchIndexError(SystemExit):
    """Pagefind is missing or failed; the build cannot have a search index.

    A SystemExit so that Pelican prints the message, not a traceback.
    """


# Where the bundles go, relative to the output folder.
BUNDLE_DIR = "pagefind"
# The list of shards the search page reads, inside BUNDLE_DIR.
MANIFEST = "shards.json"
# The shard of the pages that are not entry pages, on a site without entries.
PAGES_SHARD = "pages"
STATE_FILE = "TimelineSearchShards.json"
# Bump when the way shards are made changes in a way their key cannot see.
STATE_VERSION = 1
# Pagefind indexes only the part of a page marked with this attribute, and
# only the pages that have it once any page does: pages without it are left
# out of every shard (each shard has at least one page with it, so Pagefind
# applies the same rule in a shard as in one run over the whole site).
BODY_MARK = b"data-pagefind-body"
# A file's recorded hash is trusted from its size and mtime only when it was
# last modified this long before it was hashed: a file rewritten within the
# file system's timestamp granularity could otherwise keep size and mtime
# (git's "racy" files).
RACY_NS = 100_000_000
# Folders of hard links are made under this prefix in the output folder.
STAGE_PREFIX = ".pagefind-stage-"
SHARD_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def shard_name(years: list[int]) -> str:
    """A search shard's name: its year, or its first and last years."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def read_file(path: str) -> tuple[str, bool]:
    """A file's hex sha256, and whether it holds Pagefind's body mark."""
    with open(path, "rb") as f:
        data = f.read()
    return hashlib.sha256(data).hexdigest(), BODY_MARK in data


class FileHashes:
    """Files' sha256 and body mark, reused from the last build when size and
    mtime are unchanged (so an unchanged site is not read again)."""

    def __init__(self, previous: dict | None = None):
        self.previous = previous or {}
        self.current: dict[str, list] = {}

    def info(self, path: str) -> tuple[str, bool]:
        """The sha256 of ``path`` (an absolute path) and whether it has the mark."""
        st = os.stat(path)
        old = self.previous.get(path)
        if (isinstance(old, list) and len(old) == 5 and old[0] == st.st_size
                and old[1] == st.st_mtime_ns and st.st_mtime_ns + RACY_NS < old[3]):
            digest, marked = old[2], old[4]
        else:
            digest, marked = read_file(path)
        self.current[path] = [st.st_size, st.st_mtime_ns, digest, time.time_ns(), marked]
        return digest, marked

    def get(self, path: str) -> str:
        """The sha256 of ``path``."""
        return self.info(path)[0]


def pagefind_key() -> str:
    """What, besides the pages, makes a bundle: Pagefind's version and our options."""
    try:
        pagefind = version("pagefind_bin")
    except PackageNotFoundError:
        pagefind = "unknown"
    return f"{STATE_VERSION} pagefind {pagefind} {' '.join(PAGEFIND_OPTIONS)}"


# Pagefind's options for every shard (besides --site and --output-path).
PAGEFIND_OPTIONS = ("--silent",)


@dataclass
class Shard:
    """One shard: its pages (paths relative to the output folder) and its run."""

    name: str
    pages: list[str]
    key: str = ""
    process: subprocess.Popen | None = None
    stage: str | None = None
    indexed: bool = False
    started: float = 0.0
    seconds: float = 0.0


@dataclass
class ShardIndexer:
    """Indexes the shards of one build, reusing the bundles of unchanged ones.

    The entry pages are grouped here: :meth:`expect` the years of the entry
    pages to come, then hand each to :meth:`entry_page` as it is queued for
    writing; a shard is submitted once its pages are written (``submit``
    can also be called directly). ``finish`` submits the last shard with
    every other indexed page, waits for every Pagefind process, removes
    bundles of shards that are gone and writes the manifest.
    """

    output_path: str
    executable: str
    state_file: str | None = None
    jobs: int = 1
    # Entry pages per shard (TIMELINE_SEARCH_SHARD_SIZE), at least.
    shard_size: int = 0
    shards: dict[str, Shard] = field(default_factory=dict)
    running: list[Shard] = field(default_factory=list)
    queued: list[Shard] = field(default_factory=list)
    # The last shard's name and entry pages, indexed with the other pages.
    held: tuple[str, list[str]] = (PAGES_SHARD, [])
    # The grouping of entry pages into shards: pages still to come by year,
    # the pages of years not in a shard yet, the shard being filled.
    unwritten: dict[int, int] = field(default_factory=dict)
    year_pages: dict[int, list[str]] = field(default_factory=dict)
    group: list[int] = field(default_factory=list)
    group_pages: list[str] = field(default_factory=list)
    # Whether the last shard was submitted before ``finish`` (``release``).
    released: bool = False

    def __post_init__(self):
        self.output_path = os.path.abspath(self.output_path)
        self.bundle_root = os.path.join(self.output_path, BUNDLE_DIR)
        state = self._load_state() if self.state_file else {}
        self.previous_shards: dict = state.get("shards", {})
        self.hashes = FileHashes(state.get("files", {}))
        self.base_key = pagefind_key()
        self._remove_stages()

    # --- state -------------------------------------------------------------

    def _load_state(self) -> dict:
        try:
            with open(self.state_file, encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            logger.warning("%s: unreadable search shard state, indexing every shard (%s)",
                           self.state_file, err)
            return {}
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return {}
        if not all(isinstance(data.get(k, {}), dict) for k in ("shards", "files")):
            return {}
        return data

    def _save_state(self) -> None:
        if not self.state_file:
            return
        shards = {}
        for shard in self.shards.values():
            shards[shard.name] = {"key": shard.key,
                                  "bundle": self._bundle_files(shard.name, record=True)}
        os.makedirs(os.path.dirname(self.state_file) or ".", exist_ok=True)
        temporary = self.state_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump({"version": STATE_VERSION, "shards": shards,
                       "files": self.hashes.current}, f, sort_keys=True, indent=0)
        os.replace(temporary, self.state_file)

    def _bundle_files(self, name: str, record: bool = False) -> dict[str, str] | None:
        """Every file of a shard's bundle with its sha256; None when it has none."""
        folder = os.path.join(self.bundle_root, name)
        if not os.path.isdir(folder):
            return None
        files = {}
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for n in sorted(names):
                path = os.path.join(root, n)
                files[os.path.relpath(path, folder)] = self.hashes.get(path)
        return files

    # --- shards ------------------------------------------------------------

    def shard_key(self, pages: Iterable[str]) -> str:
        """A shard's key: Pagefind's version and options, its pages' names and bytes."""
        h = hashlib.sha256(self.base_key.encode("utf-8") + b"\0")
        for rel in sorted(pages):
            h.update(rel.encode("utf-8") + b"\0")
            h.update(self.hashes.get(os.path.join(self.output_path, rel)).encode("ascii"))
        return h.hexdigest()

    def submit(self, name: str, pages: Iterable[str]) -> None:
        """Index the shard ``name`` of ``pages`` (written already), unless unchanged.

        Pages without Pagefind's body mark are left out; a shard left empty
        is not made.
        """
        if not SHARD_NAME.match(name) or name in self.shards:
            raise ValueError(f"search: bad or repeated shard name {name!r}")
        pages = sorted(rel for rel in pages
                       if self.hashes.info(os.path.join(self.output_path, rel))[1])
        if not pages:
            return
        shard = self.shards[name] = Shard(name, pages, self.shard_key(pages))
        previous = self.previous_shards.get(name) or {}
        if previous.get("key") == shard.key and previous.get("bundle") and (
                self._bundle_files(name) == previous["bundle"]):
            logger.debug("search: shard %s unchanged, not indexed", name)
            return
        self.queued.append(shard)
        self._start()

    def expect(self, years: Iterable[int]) -> None:
        """The year of every entry page the build will hand to :meth:`entry_page`."""
        for year in years:
            self.unwritten[year] = self.unwritten.get(year, 0) + 1

    def entry_page(self, year: int, save_as: str,
                   when_written: Callable[[Callable[[], None]], None]) -> None:
        """Group an entry page of ``year`` into a shard.

        Once every page of its year is handed over, the year joins the shard
        being filled; a full shard is submitted through ``when_written``
        (which calls its argument once the pages queued so far are written).
        The last shard is held for :meth:`finish`: it also takes the other
        pages.
        """
        self.year_pages.setdefault(year, []).append(save_as)
        self.unwritten[year] -= 1
        if self.unwritten[year]:
            return
        self.group.append(year)
        self.group_pages += self.year_pages.pop(year)
        if len(self.group_pages) >= self.shard_size and any(self.unwritten.values()):
            when_written(partial(self.submit, shard_name(self.group), self.group_pages))
            self.group, self.group_pages = [], []
        elif not any(self.unwritten.values()):
            when_written(partial(self.hold, shard_name(self.group), self.group_pages))

    def hold(self, name: str, pages: Iterable[str]) -> None:
        """Keep the last shard's pages: ``finish`` indexes them with the other pages."""
        self.held = (name, list(pages))

    def release(self) -> None:
        """Index the last shard now, with every other page written so far.

        For a build whose pages are all written before it has other work to
        do (the share images): Pagefind indexes the last shard meanwhile
        instead of after. ``finish`` indexes it again, with them, should
        pages be written after this (a static file with Pagefind's mark).
        """
        name, pages = self.held
        self.submit(name, pages + self.other_pages())
        self.released = True

    def poll(self) -> None:
        """Start queued shards if Pagefind processes have finished.

        Called as pages are written: a shard queued behind ``jobs`` running
        ones starts as soon as one of them is done, not when the next shard
        is submitted or at ``finish``.
        """
        if self.queued:
            self._start()

    def _start(self) -> None:
        """Start queued shards while fewer than ``jobs`` run."""
        self._reap(block=False)
        while self.queued and len(self.running) < self.jobs:
            shard = self.queued.pop(0)
            bundle = os.path.join(self.bundle_root, shard.name)
            shutil.rmtree(bundle, ignore_errors=True)
            shard.stage = tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=self.output_path)
            for rel in shard.pages:
                link = os.path.join(shard.stage, rel)
                os.makedirs(os.path.dirname(link), exist_ok=True)
                try:
                    os.link(os.path.join(self.output_path, rel), link)
                except OSError:  # a file system without hard links
                    shutil.copyfile(os.path.join(self.output_path, rel), link)
            command = [self.executable, "--site", shard.stage, "--output-path", bundle,
                       *PAGEFIND_OPTIONS]
            shard.started = time.perf_counter()
            shard.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL)
            self.running.append(shard)

    def _reap(self, block: bool) -> None:
        """Collect finished Pagefind processes (all of them when ``block``)."""
        for shard in list(self.running):
            if not block and shard.process.poll() is None:
                continue
            output, _ = shard.process.communicate()
            self.running.remove(shard)
            shard.seconds = time.perf_counter() - shard.started
            shutil.rmtree(shard.stage, ignore_errors=True)
            if shard.process.returncode != 0:
                self.abort()
                detail = output.decode("utf-8", "replace").strip()
                raise SearchIndexError(
                    f"search: Pagefind failed on shard {shard.name} of "
                    f"{self.output_path}: {detail}")
            shard.indexed = True

    def wait(self) -> None:
        """Wait until every submitted shard is indexed."""
        while self.running or self.queued:
            self._reap(block=True)
            self._start()

    def abort(self) -> None:
        """Stop every Pagefind process and remove their folders of links."""
        for shard in self.running + self.queued:
            if shard.process and shard.process.poll() is None:
                shard.process.kill()
                shard.process.wait()
            if shard.stage:
                shutil.rmtree(shard.stage, ignore_errors=True)
        self.running, self.queued = [], []

    def _remove_stages(self) -> None:
        """Remove folders of links a build that stopped half-way left."""
        try:
            names = os.listdir(self.output_path)
        except OSError:
            return
        for name in names:
            if name.startswith(STAGE_PREFIX):
                shutil.rmtree(os.path.join(self.output_path, name), ignore_errors=True)

    def other_pages(self) -> list[str]:
        """Every HTML page not in a shard yet (the bundles left out)."""
        claimed = {rel for shard in self.shards.values() for rel in shard.pages}
        claimed.update(self.held[1])
        found = []
        for root, dirs, names in os.walk(self.output_path):
            rel_root = os.path.relpath(root, self.output_path)
            if rel_root == ".":
                dirs[:] = [d for d in dirs if d != BUNDLE_DIR and not d.startswith(STAGE_PREFIX)]
            dirs.sort()
            for n in sorted(names):
                if n.endswith(".html"):
                    rel = os.path.normpath(os.path.join(rel_root, n)).replace(os.sep, "/")
                    if rel not in claimed:
                        found.append(rel)
        return found

    def finish(self) -> list[str]:
        """Index the last shard, wait for all, tidy and write the manifest.

        The last shard is the one held, with every other page. Returns the
        names of the shards, in the manifest's order.
        """
        try:
            name, pages = self.held
            if not self.released:
                self.submit(name, pages + self.other_pages())
            else:
                late = [rel for rel in self.other_pages()
                        if self.hashes.info(os.path.join(self.output_path, rel))[1]]
                if late:
                    # Written after the last shard was released: index it again.
                    self.wait()
                    shard = self.shards.pop(name, None)
                    self.submit(name, (shard.pages if shard else []) + late)
            self.wait()
        except BaseException:
            self.abort()
            raise
        names = sorted(self.shards)
        if os.path.isdir(self.bundle_root):
            for entry in sorted(os.listdir(self.bundle_root)):
                path = os.path.join(self.bundle_root, entry)
                if entry not in self.shards:
                    # A shard that is gone, an old one-bundle index's files.
                    (shutil.rmtree if os.path.isdir(path) else os.remove)(path)
        os.makedirs(self.bundle_root, exist_ok=True)
        with open(os.path.join(self.bundle_root, MANIFEST), "w", encoding="utf-8") as f:
            json.dump({"shards": names}, f, indent=1)
            f.write("\n")
        self._save_state()
        done = [s for s in self.shards.values() if s.indexed]
        logger.info("search: %d shard(s), %d indexed (%s), %d unchanged", len(names),
                    len(done), ", ".join(f"{s.name} {s.seconds:.1f}s" for s in done),
                    len(names) - len(done))
        return names
