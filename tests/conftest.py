"""Shared test fixtures: a Pelican build helper, isolation from the network."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The generator's tests run on a subject of their own, obviously invented
# (widget safety), so that none depends on this site's law: the fixture site
# (fixtures/site/: entries, bills/, pages) and these settings over pelicanconf.py.
FIXTURE_SITE = FIXTURES / "site"
FIXTURE_NAMESPACE = "ee1582e0-73e2-4f63-888d-2075dc1f1029"
FIXTURE_SETTINGS = {
    "SITENAME": "Widget safety: a fixture timeline",
    "SITESUBTITLE": "How an invented widget safety rule became law, step by step",
    "AUTHOR": "The fixture editors",
    "TIMELINE_SUBJECT": "the widget rule",
    "TIMELINE_SUBJECT_LONG": "the invented rule on the safety of widgets",
    "TIMELINE_ID_NAMESPACE": FIXTURE_NAMESPACE,
    "TIMELINE_EXPORT_FORMAT": "widget-safety-fixture-timeline",
    "TIMELINE_FETCH_PRODUCT": "widget-fixture-fetch/0.1",
    # No feeds unless a test gives its own (this site's name its bills).
    "TIMELINE_FEEDS": [],
}
LONDON = ZoneInfo("Europe/London")
# The installed plugin's own theme (templates, CSS, scripts).
THEME = Path(__import__("pelican.plugins.parliament_timeline", fromlist=["THEME_PATH"]).THEME_PATH)
# feedparser's own test feeds: the tests/ folder of its repository at the tag
# of the version requirements.txt pins. FEED_CORPUS_DIR names the folder that
# holds tests/ (the pull-request workflow checks feedparser out there); by
# default, the shared corpus beside this clone.
FEED_CORPUS_DIR = Path(os.environ.get("FEED_CORPUS_DIR")
                       or ROOT.parent / "shared" / "corpus" / "feedparser")


def _is_loopback(address) -> bool:
    if isinstance(address, tuple):
        host = address[0]
    else:
        return True  # a Unix socket path
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse any connection that is not to this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(real):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
                raise ConnectionRefusedError(f"tests may not reach {address!r}")
            return real(self, address)
        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))


@pytest.fixture(autouse=True)
def reset_pelican_log_limits():
    """Pelican swallows a repeated warning process-wide; tests need each one."""
    from pelican.log import LimitFilter

    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._threshold = 5
    LimitFilter._group_count.clear()
    yield


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory for the test process's builds.

    Compiling the theme's templates was most of a small cold build's time
    (each build, and each of Pelican's generators in it, makes a new Jinja
    environment that compiles every template it renders). Jinja compiles a
    template again when its source changed (the bucket's checksum); the key
    also holds the template's file and the options it is compiled with, as
    the plugin's own TemplateBytecodeCache (site/outputcache.py) does.
    """

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        options = repr((
            environment.block_start_string, environment.block_end_string,
            environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix,
            environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
            environment.keep_trailing_newline, environment.autoescape, environment.optimized,
            environment.finalize, environment.is_async, sorted(environment.extensions)))
        return super().get_bucket(environment, f"{options}\0{name}", filename, source)

    def load_bytecode(self, bucket):
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def pelican_settings(content: Path, output: Path, **override):
    """This site's settings (pelicanconf.py), aimed at other folders.

    For this site's own content (tests/test_content.py and the real-site
    builds); the generator's tests use :func:`fixture_settings`.

    A build without Pelican's content cache (the tests' cold builds) reuses
    the templates compiled by the test process's earlier builds
    (:class:`CompiledTemplates`); a build with it keeps the plugin's own
    cache of compiled templates, which its tests check, and so does a test
    that sets JINJA_ENVIRONMENT.
    """
    from pelican.settings import read_settings

    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"),
    }
    values.update(override)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=values)
    if not (settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"]
            or "JINJA_ENVIRONMENT" in override):
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"],
                                         "bytecode_cache": COMPILED_TEMPLATES}
    return settings


def fixture_settings(content: Path, output: Path, **override):
    """The fixture subject's settings: pelicanconf.py with FIXTURE_SETTINGS over it."""
    return pelican_settings(content, output, **{**FIXTURE_SETTINGS, **override})


def site_settings() -> dict:
    """This site's own settings, as pelicanconf.py sets them."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def without_index(override: dict, index: bool) -> dict:
    """The overrides of a test build: without the search index unless ``index``,
    and rendered in the test's own process unless ``TIMELINE_JOBS`` is given.

    Pagefind's run is a good part of a small build, and only the tests of
    search (and the browser tests that search) read its bundle; with
    ``index``, the setting is left as the settings have it (on by default).
    Forking the test process for a small site's pages costs more CPU than it
    saves (tests/test_outputcache.py: 41 s of CPU with two workers, 29 s
    without), and the suite already runs in two processes; the tests of the
    workers (tests/test_parallel.py) and the builds run as commands
    (tests/test_determinism.py...) use them.
    """
    override = {"TIMELINE_JOBS": 1, **override}
    return override if index else {"TIMELINE_SEARCH_INDEX": False, **override}


def build(content: Path, output: Path, *, index: bool = False, **override) -> Path:
    """Run a whole Pelican build of a fixture-subject site ``content`` into ``output``
    (without the search index unless ``index``: see :func:`without_index`)."""
    from pelican import Pelican

    Pelican(fixture_settings(content, output, **without_index(override, index))).run()
    return output


def build_real(content: Path, output: Path, *, index: bool = False, **override) -> Path:
    """Run a whole Pelican build of this site's ``content`` with its own settings
    (without the search index unless ``index``: see :func:`without_index`)."""
    from pelican import Pelican

    Pelican(pelican_settings(content, output, **without_index(override, index))).run()
    return output


@functools.cache
def fixture_vocabulary():
    """The fixture subject's vocabulary: its bills (read_bills), zone Europe/London."""
    from pelican.plugins.parliament_timeline.records.bills import read_bills
    from pelican.plugins.parliament_timeline.vocabulary import Vocabulary

    bills, problems = read_bills(str(FIXTURE_SITE / "bills"))
    assert problems == [], problems
    return Vocabulary(bills=bills, zone=LONDON)


@functools.cache
def real_vocabulary():
    """This site's vocabulary, as a build of content/ with pelicanconf.py reads it."""
    from pelican.plugins.parliament_timeline.records.load import load_vocabulary
    from pelican.plugins.parliament_timeline.settings import read_settings

    vocabulary, problems = load_vocabulary(str(ROOT / "content"), read_settings(site_settings()),
                                           str(ROOT))
    assert problems == [], problems
    return vocabulary


@pytest.fixture
def fixture_site(tmp_path) -> Path:
    """A writable copy of the small fixture site."""
    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    return site


def soup(path: Path):
    """Parse a built HTML file."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")



# Builds shared by every test that only reads them: each is made once per
# run, from a copy of its content in FOLDER/content into FOLDER/output, and
# read by both of pytest-xdist's workers (see shared_folder). A test that
# changes content, settings or output builds a site of its own.


@contextlib.contextmanager
def shared_folder(tmp_path_factory, name: str):
    """A folder made once per run for every worker: yields (folder, made),
    ``made`` False when the caller must fill it (under a lock the other
    worker waits on, so that it reads it only once complete).

    Each xdist worker's base temporary folder is a subfolder of the run's
    (``popen-gw0``...); without xdist, the run's own is used.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".complete"
        made = done.exists()
        if not made:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        yield folder, made
        done.touch()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """This site's content built once per run with its own settings, and
    with its search index (the browser tests search it): the site as published."""
    with shared_folder(tmp_path_factory, "real-site") as (folder, made):
        if not made:
            shutil.copytree(ROOT / "content", folder / "content")
            build_real(folder / "content", folder / "output", index=True)
    return folder / "output"


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory) -> Path:
    """The fixture site built once per run, without the search index."""
    with shared_folder(tmp_path_factory, "fixture-build") as (folder, made):
        if not made:
            shutil.copytree(FIXTURE_SITE, folder / "content")
            build(folder / "content", folder / "output")
    return folder / "output"


def unavailable(reason: str, what: str = "browser tests"):
    """Skip a test that cannot run here; in CI (the CI environment variable
    set, as .ci/run and GitHub do), fail it instead: CI never skips silently."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def feedparser_corpus() -> Path:
    """The folder of feedparser's test feeds (see FEED_CORPUS_DIR)."""
    folder = FEED_CORPUS_DIR / "tests"
    if not folder.is_dir():
        unavailable(f"feedparser's test corpus is not at {folder} (set FEED_CORPUS_DIR)",
                    "the feedparser corpus tests")
    return folder


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session.

    Playwright's sync API runs an event loop of its own: a second one started
    while the first is open fails, so every browser test shares this one.
    """
    from browser import chromium, chromium_missing

    missing = chromium_missing()
    if missing:
        unavailable(missing)
    with chromium() as b:
        yield b


def publish(content: Path, output: Path) -> subprocess.CompletedProcess:
    """Build ``content`` as ``invoke publish`` does: with this site's publishconf.py
    (strict), in a pelican process of its own; its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "publishconf.py",
         "-o", str(output), "--log-handler", "plain"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)


# The modules that take longest, longest first: seconds of wall time each in
# one run of the suite with two workers on a loaded 2-core machine (load 10,
# so about twice a quiet machine's; docs/performance.md, "Test suite"). With
# ``--dist loadfile`` a worker that starts a long module late keeps the run
# going after the other has finished; handing the long ones out first lets
# the many short ones fill in at the end. The others follow in the order
# pytest collects them. A module missing from this list, or listed with a
# wrong figure, only costs time, never a test.
LONGEST_MODULES = {
    "test_outputcache.py": 470, "test_browser.py": 310, "test_official_import.py": 260,
    "test_tasks.py": 210, "test_exports_pieces.py": 190, "test_determinism.py": 175,
    "test_newsite.py": 160, "test_cli.py": 145, "test_search.py": 135,
    "test_newrecord.py": 125, "test_content.py": 115, "test_feeds.py": 110,
    "test_html_valid.py": 95, "test_official_lawmaker.py": 90, "test_exports.py": 85,
    "test_hostile_records.py": 80, "test_parallel.py": 75, "test_debate_pages.py": 72,
    "test_build.py": 65, "test_search_browser.py": 57, "test_csp.py": 54,
    "test_fetch.py": 46, "test_paging.py": 44, "test_weight.py": 38,
}


def pytest_configure(config):
    # pytest-xdist hands modules out largest first by number of tests; the
    # order of pytest_collection_modifyitems (by time) is what it should use.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    def cost(item):
        return -LONGEST_MODULES.get(item.path.name, 0)

    items.sort(key=cost)  # stable: within a module and among the rest, as collected
