"""Pages rendered by worker processes (site/parallel.py, TIMELINE_JOBS)."""

from __future__ import annotations

import filecmp
import multiprocessing
import os
import shutil
from pathlib import Path

import jinja2
import pytest
from pelican.writers import Writer

from conftest import FIXTURE_SITE, build
from pelican.plugins.parliament_timeline.settings import TimelineSettingsError, read_settings
from pelican.plugins.parliament_timeline.site import parallel
from pelican.plugins.parliament_timeline.site.outputcache import OutputCache
from pelican.plugins.parliament_timeline.site.parallel import FEWEST, PageWriter, forked_map

fork_only = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                               reason="workers are forked")


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def assert_same_tree(one: Path, two: Path) -> None:
    """Every file of the two trees, byte for byte."""
    assert files(one) == files(two)
    _, mismatch, errors = filecmp.cmpfiles(one, two, files(one), shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.fixture
def render_pids(monkeypatch, tmp_path) -> Path:
    """A file each process that renders a timeline page appends its pid to."""
    log = tmp_path / "pids.txt"
    real = PageWriter._render

    def render(self, page):
        with open(log, "a", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        return real(self, page)

    monkeypatch.setattr(PageWriter, "_render", render)
    return log


@fork_only
def test_the_output_is_the_same_bytes_with_one_and_two_workers(tmp_path, render_pids):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    # With the search index: its shards are started as pages are written.
    one = build(content, tmp_path / "one", index=True, TIMELINE_JOBS=1,
                TIMELINE_SEARCH_SHARD_SIZE=1)
    render_pids.write_text("")
    two = build(content, tmp_path / "two", index=True, TIMELINE_JOBS=2,
                TIMELINE_SEARCH_SHARD_SIZE=1)
    assert_same_tree(one, two)
    assert len(list((two / "pagefind").iterdir())) > 2  # several shards
    pids = set(render_pids.read_text().split())
    # Rendered by the workers (how runs fall between them depends on timing).
    assert pids and str(os.getpid()) not in pids
    assert len(pids) <= 2


def test_one_job_renders_every_page_in_the_build_process(tmp_path, render_pids):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    build(content, tmp_path / "out", TIMELINE_JOBS=1)
    # With one job the pages go straight to Pelican's writer, as before.
    assert not render_pids.exists()


def test_without_fork_the_pages_are_rendered_in_the_build_process(
        tmp_path, render_pids, monkeypatch, fixture_build):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    out = build(content, tmp_path / "out", TIMELINE_JOBS=2)
    assert not render_pids.exists()
    assert_same_tree(fixture_build, out)


def writer_for(tmp_path: Path) -> Writer:
    return Writer(str(tmp_path), settings={"RELATIVE_URLS": False, "PAGINATED_TEMPLATES": {}})


@fork_only
def test_callbacks_run_once_the_pages_before_them_are_written(tmp_path):
    template = jinja2.Environment().from_string("page {{ n }} of {{ SITENAME }}")
    queue = PageWriter(writer_for(tmp_path), {"SITENAME": "Widgets"}, False,
                       OutputCache(str(tmp_path), None, False, None), jobs=2)
    seen = []

    def check(upto):
        # Every page asked for before the callback is on disk, and no later one.
        seen.append(sorted(int(p.stem) for p in tmp_path.glob("*.html")))
        assert seen[-1][-1] == upto - 1

    for n in range(3 * FEWEST):
        queue.write(f"{n}.html", template, f"{n}.html", n=n)
        if n in (0, FEWEST, 2 * FEWEST + 5):
            queue.then(lambda upto=n + 1: check(upto))
    assert seen == []  # nothing is written before the flush
    assert queue.flush(beside=lambda: os.getpid()) != os.getpid()
    assert len(seen) == 3
    assert (tmp_path / "7.html").read_text() == "page 7 of Widgets"
    assert len(list(tmp_path.glob("*.html"))) == 3 * FEWEST


@fork_only
def test_a_page_that_fails_in_a_worker_fails_the_build(tmp_path):
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    good, bad = env.from_string("{{ n }}"), env.from_string("{{ n }} {{ missing }}")
    queue = PageWriter(writer_for(tmp_path), {}, False,
                       OutputCache(str(tmp_path), None, False, None), jobs=2)
    for n in range(2 * FEWEST):
        queue.write(f"{n}.html", bad if n == FEWEST else good, f"{n}.html", n=n)
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        queue.flush()
    assert parallel._QUEUE is None


@fork_only
def test_a_page_written_twice_is_refused_as_by_pelican(tmp_path):
    template = jinja2.Environment().from_string("{{ n }}")
    queue = PageWriter(writer_for(tmp_path), {}, False,
                       OutputCache(str(tmp_path), None, False, None), jobs=2)
    for n in range(2 * FEWEST):
        queue.write("same.html" if n in (3, 40) else f"{n}.html", template, "", n=n)
    with pytest.raises(RuntimeError, match="already"):
        queue.flush()


def test_the_number_of_workers_is_a_setting():
    assert read_settings({"TIMELINE_JOBS": 3}).jobs == 3
    assert read_settings({}).jobs >= 1
    for bad in (-1, "2", True, 1.5):
        with pytest.raises(TimelineSettingsError, match="TIMELINE_JOBS"):
            read_settings({"TIMELINE_JOBS": bad})


@fork_only
def test_forked_map_keeps_the_order_and_runs_in_workers():
    items = list(range(5 * FEWEST))
    results = list(forked_map(lambda n: (n * n, os.getpid()), items, 2))
    assert [square for square, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}
    # A handful of items, or one job: here.
    assert {pid for _, pid in forked_map(lambda n: (n, os.getpid()), items[:3], 2)} == {
        os.getpid()}
    assert {pid for _, pid in forked_map(lambda n: (n, os.getpid()), items, 1)} == {
        os.getpid()}


@fork_only
def test_entries_read_by_workers_report_the_same_problems(tmp_path, caplog):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    # Enough entries for the reading to be shared out, two of them broken.
    first = sorted((content / "entries").rglob("*.md"))[0]
    sample = first.read_text(encoding="utf-8")
    for n in range(FEWEST):
        text = sample.replace("Title: ", f"Title: Copy {n} of ", 1)
        if n in (3, FEWEST - 2):
            text = text.replace("\nDate: ", "\nDate: not-a-date-", 1)
        (first.parent / f"{first.name[:10]}-copy-{n}.md").write_text(text, encoding="utf-8")
    messages = {}
    for jobs in (1, 2):
        # A folder each: Pelican logs a message repeated word for word once.
        folder = shutil.copytree(content, tmp_path / f"content{jobs}")
        caplog.clear()
        out = build(folder, tmp_path / f"out{jobs}", TIMELINE_JOBS=jobs)
        messages[jobs] = [r.getMessage().replace(str(folder), "CONTENT")
                          for r in caplog.records if r.levelname == "WARNING"]
    assert messages[1] == messages[2]
    broken = [m for m in messages[2] if "copy-3.md" in m]
    assert len(broken) == 1 and "copy-3.md:3: bad date" in broken[0], broken
    assert_same_tree(tmp_path / "out1", out)


@fork_only
def test_the_output_cache_holds_across_workers(tmp_path, render_pids):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache"), "TIMELINE_JOBS": 2}
    out = build(content, tmp_path / "out", **cached)
    assert render_pids.read_text()  # rendered by the workers
    # Unchanged: no page is rendered again, by anyone.
    render_pids.write_text("")
    build(content, out, **cached)
    assert render_pids.read_text() == ""
    # Files the exports' worker left as they were (the citations) are still there.
    assert_same_tree(build(content, tmp_path / "cold-unchanged", TIMELINE_JOBS=1), out)
    # A title changed: every page again, in the workers, as a cold build has them.
    entry = sorted((content / "entries").rglob("*.md"))[1]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("Title: ", "Title: Retitled: ", 1), encoding="utf-8")
    build(content, out, **cached)
    pids = set(render_pids.read_text().split())
    assert pids and str(os.getpid()) not in pids
    assert_same_tree(build(content, tmp_path / "cold", TIMELINE_JOBS=1), out)


def test_bounded_imap_keeps_the_order_and_never_hands_out_more_than_its_window():
    from multiprocessing.pool import ThreadPool

    handed_out, taken, most_ahead = [0], [0], [0]

    class Counting:
        """A pool that counts the calls handed out and not yet taken."""

        def __init__(self, pool):
            self.pool = pool

        def apply_async(self, func, args):
            handed_out[0] += 1
            most_ahead[0] = max(most_ahead[0], handed_out[0] - taken[0])
            return self.pool.apply_async(func, args)

    with ThreadPool(2) as pool:
        results = []
        for result in parallel.bounded_imap(Counting(pool), lambda n: n * n, range(50), 4):
            taken[0] += 1
            results.append(result)
    assert results == [n * n for n in range(50)]
    assert handed_out[0] == 50
    # The one being taken and the window's others: never all fifty at once.
    assert most_ahead[0] <= 4 + 1
