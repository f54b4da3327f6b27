"""The Pagefind search index: built with the site, deterministic, honest on failure."""

from __future__ import annotations

import filecmp
import json

import pytest

from conftest import build
from pelican.plugins.parliament_timeline.site import search
from pelican.plugins.parliament_timeline.site.search import SearchIndexError, build_index
from sitecheck import parse


def tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_build_writes_a_pagefind_bundle_and_a_search_page(fixture_site, tmp_path):
    # index=True leaves TIMELINE_SEARCH_INDEX unset: a build indexes by default.
    out = build(fixture_site, tmp_path / "output", index=True)
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    # Entries, bills, the glossary and pages are indexed; the timeline,
    # stage and search pages repeat what those say and are left out.
    pages = len([p for p in (out / "events").iterdir() if p.is_dir()])
    pages += len([p for p in (out / "bills").iterdir() if p.is_dir()])
    assert language["page_count"] == pages + 1 + 1  # + glossary + about
    form = parse(out / "search/index.html").select_one("form[role=search]")
    assert form["data-bundle"] == "../pagefind/pagefind.js"
    assert form.select_one("input[type=search]")["name"] == "q"


def test_two_builds_give_a_byte_identical_tree_with_the_index(fixture_site, tmp_path):
    first = build(fixture_site, tmp_path / "one", index=True)
    second = build(fixture_site, tmp_path / "two", index=True)
    assert tree(first) == tree(second)
    assert any(name.startswith("pagefind/fragment/") for name in tree(first))
    _, mismatch, errors = filecmp.cmpfiles(first, second, tree(first), shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_stale_bundle_is_replaced(fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "output", index=True)
    stale = out / "pagefind" / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    build_index(out)
    assert not stale.exists()


def test_indexing_can_be_switched_off(fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "output", index=True, TIMELINE_SEARCH_INDEX=False)
    assert (out / "search/index.html").is_file()
    assert not (out / "pagefind").exists()


def test_a_failing_pagefind_stops_the_build_with_a_message(tmp_path, monkeypatch):
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: no pages' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: fake)
    with pytest.raises(SearchIndexError, match=r"Pagefind failed on .*: Error: no pages"):
        build_index(tmp_path / "site")
