"""The Pagefind search index: built with the site in shards, deterministic,
re-indexed only where pages changed, honest on failure."""

from __future__ import annotations

import filecmp
import gzip
import json
import shutil

import pytest

from conftest import build as build_site
from pelican.plugins.parliament_timeline.site import search
from pelican.plugins.parliament_timeline.site.search import SearchIndexError, build_index
from pelican.plugins.parliament_timeline.site.searchshards import STAGE_PREFIX, ShardIndexer
from sitecheck import parse

# A 2024 entry of the fixture site; its year has one other entry.
ENTRY = "2024/2024-05-15-report-stage"
# A shard per year (the default groups years until a shard has 500 entry
# pages: the fixture site would have one).
PER_YEAR = {"TIMELINE_SEARCH_SHARD_SIZE": 1}



def build(content, output, **override):
    """A fixture build with the search index: these are the tests of the search."""
    override.setdefault("index", True)
    return build_site(content, output, **override)

def tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def manifest(out):
    return json.loads((out / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]


def shard_urls(bundle):
    """The result URLs a bundle holds, read from its fragments (gzip, Pagefind's
    signature, then JSON)."""
    urls = set()
    for fragment in (bundle / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


def page_count(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(lang["page_count"] for lang in entry["languages"].values())


def stamps(out):
    """Each shard's pagefind-entry.json mtime: it changes when the shard is indexed."""
    return {name: (out / "pagefind" / name / "pagefind-entry.json").stat().st_mtime_ns
            for name in manifest(out)}


def test_a_small_site_has_one_shard(fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "output")
    assert manifest(out) == ["2023-2024"]


def test_the_build_writes_a_shard_per_year_the_last_with_the_other_pages(
        fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "output", **PER_YEAR)
    assert manifest(out) == ["2023", "2024"]
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == [
        "2023", "2024", "shards.json"]
    # Entries, bills, the glossary and pages are indexed, and the pages of
    # the debate: people, questions, divisions, the wording and the amendments pages of
    # the bills that have any; the timeline, stage and search pages repeat
    # what those say and are left out.
    entries = {f"/events/{p.name}/" for p in (out / "events").iterdir() if p.is_dir()}
    bills = {f"/bills/{p.name}/" for p in (out / "bills").iterdir() if p.is_dir()}
    debate = {f"/{kind}/{p.name}/" for kind in ("people", "questions", "divisions")
              for p in (out / kind).iterdir() if p.is_dir()}
    debate |= {"/people/", "/questions/", "/wording/",
               "/bills/widget-safety-bill-2023-24/amendments/"}
    urls = {name: shard_urls(out / "pagefind" / name) for name in manifest(out)}
    assert urls["2023"] == {url for url in entries if url.startswith("/events/2023")}
    assert urls["2024"] == ({url for url in entries if url.startswith("/events/2024")}
                            | bills | debate | {"/glossary/", "/about/"})
    assert all(page_count(out / "pagefind" / n) == len(urls[n]) for n in manifest(out))
    # No folder of links is left behind.
    assert not [p for p in out.iterdir() if p.name.startswith(STAGE_PREFIX)]
    form = parse(out / "search/index.html").select_one("form[role=search]")
    assert form["data-index"] == "../pagefind/shards.json"
    assert form.select_one("input[type=search]")["name"] == "q"


def test_a_marked_page_written_after_the_last_shard_started_is_indexed_with_it(
        fixture_site, tmp_path):
    # A cold build starts the last shard once the timeline's pages are
    # written; a static file Pelican copies after that is indexed all the same.
    (fixture_site / "extra").mkdir()
    (fixture_site / "extra" / "notice.html").write_text(
        "<!doctype html><html lang=\"en\"><head><title>Notice</title></head>"
        "<body><main data-pagefind-body><h1>Notice</h1><p>Sprocket notice.</p></main>"
        "</body></html>\n", encoding="utf-8")
    out = build(fixture_site, tmp_path / "output", STATIC_PATHS=["extra"], **PER_YEAR)
    assert manifest(out) == ["2023", "2024"]
    assert "/extra/notice.html" in shard_urls(out / "pagefind" / "2024")
    assert "/extra/notice.html" not in shard_urls(out / "pagefind" / "2023")


def test_a_queued_shard_starts_when_a_running_one_is_done_not_at_the_end(tmp_path):
    # A stand-in for Pagefind that makes the bundle folder and ends at once.
    fake = tmp_path / "fake-pagefind"
    fake.write_text('#!/bin/sh\nmkdir -p "$4"\n', encoding="utf-8")
    fake.chmod(0o755)
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f"<html><body data-pagefind-body>{name}</body></html>", encoding="utf-8")
    indexer = ShardIndexer(str(site), str(fake), jobs=1)
    indexer.submit("one", ["a/index.html"])
    indexer.submit("two", ["b/index.html"])
    assert [s.name for s in indexer.running] == ["one"]
    assert [s.name for s in indexer.queued] == ["two"]
    indexer.running[0].process.wait()
    indexer.poll()
    assert [s.name for s in indexer.running] == ["two"]
    assert indexer.queued == []
    assert indexer.finish() == ["one", "two"]
    assert indexer.shards["one"].indexed and indexer.shards["two"].indexed


def test_two_builds_give_a_byte_identical_tree_with_the_index(fixture_site, tmp_path):
    first = build(fixture_site, tmp_path / "one", **PER_YEAR)
    second = build(fixture_site, tmp_path / "two", TIMELINE_SEARCH_JOBS=1, **PER_YEAR)
    assert tree(first) == tree(second)
    assert any(name.startswith("pagefind/2024/fragment/") for name in tree(first))
    _, mismatch, errors = filecmp.cmpfiles(first, second, tree(first), shallow=False)
    assert (mismatch, errors) == ([], [])


class CachedSite:
    """The fixture site built with the cache into one output folder."""

    def __init__(self, tmp_path, content):
        self.tmp, self.content = tmp_path, content
        self.output = tmp_path / "output"

    def build(self):
        return build(self.content, self.output, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
                     CACHE_PATH=str(self.tmp / "cache"), **PER_YEAR)

    def assert_same_as_cold(self):
        cold = build(self.content, self.tmp / "cold" / "output", **PER_YEAR)
        assert tree(cold) == tree(self.output)
        _, mismatch, errors = filecmp.cmpfiles(cold, self.output, tree(cold), shallow=False)
        assert (mismatch, errors) == ([], [])


def test_a_cached_rebuild_indexes_only_the_shards_whose_pages_changed(fixture_site, tmp_path):
    site = CachedSite(tmp_path, fixture_site)
    out = site.build()
    first = stamps(out)
    site.build()
    assert stamps(out) == first  # nothing changed: no shard indexed
    with (fixture_site / "entries" / f"{ENTRY}.md").open("a", encoding="utf-8") as f:
        f.write("\nA zanzibarite sentence added by the test.\n")
    site.build()
    now = stamps(out)
    assert [n for n in now if now[n] != first[n]] == ["2024"]
    site.assert_same_as_cold()


def test_a_bundle_changed_on_disk_is_indexed_again(fixture_site, tmp_path):
    site = CachedSite(tmp_path, fixture_site)
    out = site.build()
    first = stamps(out)
    fragment = sorted((out / "pagefind/2023/fragment").iterdir())[0]
    fragment.write_bytes(b"edited by hand")
    site.build()
    now = stamps(out)
    assert [n for n in now if now[n] != first[n]] == ["2023"]
    site.assert_same_as_cold()


def test_a_year_with_no_events_left_loses_its_shard(fixture_site, tmp_path):
    site = CachedSite(tmp_path, fixture_site)
    out = site.build()
    (fixture_site / "entries" / "2023-10-26-royal-assent.md").unlink()
    site.build()
    assert manifest(out) == ["2024"]
    assert not (out / "pagefind" / "2023").exists()


def test_an_old_single_bundle_is_replaced_by_shards(fixture_site, tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    shutil.copytree(fixture_site / "pages", out / "about")  # any file
    (out / "pagefind").mkdir()
    (out / "pagefind" / "pagefind.js").write_text("old")
    build(fixture_site, out, **PER_YEAR)
    assert not (out / "pagefind" / "pagefind.js").exists()
    assert manifest(out) == ["2023", "2024"]


def test_one_bundle_of_the_whole_site_can_still_be_built(fixture_site, tmp_path):
    """The index as it was before shards: what the browser test compares them with."""
    out = build(fixture_site, tmp_path / "output")
    single = build_index(out, "pagefind-single")
    sharded = sum(page_count(out / "pagefind" / n) for n in manifest(out))
    assert page_count(single) == sharded
    stale = single / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    build_index(out, "pagefind-single")
    assert not stale.exists()


def test_indexing_can_be_switched_off(fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "output", index=True, TIMELINE_SEARCH_INDEX=False)
    assert (out / "search/index.html").is_file()
    assert not (out / "pagefind").exists()


def test_a_failing_pagefind_stops_the_build_with_a_message(fixture_site, tmp_path, monkeypatch):
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: no pages' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: fake)
    out = tmp_path / "output"
    with pytest.raises(SearchIndexError, match=r"Pagefind failed on shard [\w-]+ of .*: "
                                               r"Error: no pages"):
        build(fixture_site, out)
    assert not [p for p in out.iterdir() if p.name.startswith(STAGE_PREFIX)]
    with pytest.raises(SearchIndexError, match=r"Pagefind failed on .*: Error: no pages"):
        build_index(tmp_path / "site")


def test_the_number_of_jobs_is_checked():
    from pelican.plugins.parliament_timeline.settings import (
        TimelineSettingsError,
        read_settings,
    )

    assert read_settings({"TIMELINE_SEARCH_JOBS": 3}).search_jobs == 3
    assert read_settings({}).search_jobs >= 1
    assert read_settings({}).search_shard_size == 500
    for bad in (-1, "2", True):
        with pytest.raises(TimelineSettingsError, match="TIMELINE_SEARCH_JOBS"):
            read_settings({"TIMELINE_SEARCH_JOBS": bad})
    for bad in (0, "2", True):
        with pytest.raises(TimelineSettingsError, match="TIMELINE_SEARCH_SHARD_SIZE"):
            read_settings({"TIMELINE_SEARCH_SHARD_SIZE": bad})


def test_without_pagefind_a_development_build_warns_once_and_a_strict_one_fails(
        fixture_site, tmp_path, monkeypatch, caplog):
    def missing():
        raise SearchIndexError("search: Pagefind is not installed")

    monkeypatch.setattr(search, "pagefind_executable", missing)
    monkeypatch.setattr(search, "pagefind_installed", lambda: False)
    out = build(fixture_site, tmp_path / "output")
    assert (out / "search/index.html").is_file() and not (out / "pagefind").exists()
    warnings = [r for r in caplog.records if "without a search index" in r.getMessage()]
    assert len(warnings) == 1
    with pytest.raises(SearchIndexError, match="not installed"):
        build(fixture_site, tmp_path / "strict", TIMELINE_STRICT=True)


def test_the_indexer_groups_entry_pages_into_shards_of_whole_years(tmp_path):
    """The generator only hands the indexer its entry pages; whole years fill a
    shard up to TIMELINE_SEARCH_SHARD_SIZE pages, and the last is held for the
    other pages."""
    indexer = ShardIndexer(str(tmp_path), "pagefind", shard_size=3)
    pages = [(2020, "a"), (2020, "b"), (2021, "c"), (2022, "d"), (2022, "e"), (2022, "f"),
             (2023, "g")]
    indexer.expect(year for year, _ in pages)
    asked = []
    for year, save_as in pages:
        indexer.entry_page(year, save_as, lambda call, page=save_as: asked.append((page, call)))
    assert [(page, call.func.__name__, *call.args) for page, call in asked] == [
        ("c", "submit", "2020-2021", ["a", "b", "c"]),
        ("f", "submit", "2022", ["d", "e", "f"]),
        ("g", "hold", "2023", ["g"]),
    ]
    asked[-1][1]()
    assert indexer.held == ("2023", ["g"])
