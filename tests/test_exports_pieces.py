"""The exports' per-event pieces cached across builds (exports/pieces.py).

Real Pelican builds with the content cache on, as ``invoke`` and the
benchmark run them: a cached rebuild must write byte for byte the exports a
cold build of the same content writes, and serialise again only the events
that changed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import pelican.plugins.parliament_timeline.exports as exports
from conftest import FIXTURE_SITE, LONDON, ROOT, build, build_real
from pelican.plugins.parliament_timeline.exports import export_links
from pelican.plugins.parliament_timeline.records.bills import read_bills
from pelican.plugins.parliament_timeline.settings import read_settings
from pelican.plugins.parliament_timeline.vocabulary import Vocabulary

# The fixture subject with its settings, and this site's content with its own.
SITES = {"fixture": (FIXTURE_SITE, build), "content": (ROOT / "content", build_real)}
# Their cold builds, shared by the session (conftest).
COLD = {"fixture": "fixture_build", "content": "real_site"}


def export_paths(content: Path) -> list[str]:
    """Every file the exports write for the site ``content``, and the Open data page."""
    bills, _ = read_bills(str(content / "bills"))
    links = export_links(read_settings({}), Vocabulary(bills=bills, zone=LONDON))
    return [links["feed_all_atom"], links["json_feed"], links["json"], links["csv"],
            links["ics"], links["timelinejs"], links["schema"],
            *links["bill_feeds"].values(), *links["stage_feeds"].values(),
            "data/index.html"]


def exported(output: Path, content: Path = FIXTURE_SITE) -> dict[str, bytes]:
    return {rel: (output / rel).read_bytes() for rel in export_paths(content)}


def cached_build(content: Path, output: Path, cache: Path, build_site=build, **override) -> Path:
    return build_site(content, output, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
                      CACHE_PATH=str(cache), **override)


def edit_body(content: Path) -> None:
    """Append a paragraph to one entry's narrative (and move its mtime on)."""
    entry = sorted((content / "entries").rglob("*.md"))[1]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.rstrip("\n") + "\n\nA sentence added to the narrative.\n",
                     encoding="utf-8")
    stat = entry.stat()
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**10))


class Made:
    """A list of slugs kept in a file: the exports are written by a worker
    process (site/parallel.py), whose appends a list here would not see."""

    def __init__(self, path: Path):
        self.path = path
        self.clear()

    def append(self, slug: str) -> None:
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(slug + "\n")

    def clear(self) -> None:
        self.path.write_text("", encoding="utf-8")

    def slugs(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").split()

    def __len__(self) -> int:
        return len(self.slugs())

    def __getitem__(self, index):
        return self.slugs()[index]

    def __eq__(self, other) -> bool:
        return self.slugs() == list(other)

    def __repr__(self) -> str:
        return repr(self.slugs())


@pytest.fixture
def counting(monkeypatch, tmp_path) -> Made:
    """The slugs of the events whose Atom entry is made (not taken from the cache)."""
    made = Made(tmp_path / "made.txt")
    real = exports.atom_entry

    def atom_entry(entry, site):
        made.append(entry.slug)
        return real(entry, site)

    monkeypatch.setattr(exports, "atom_entry", atom_entry)
    return made


@pytest.mark.parametrize("name", sorted(SITES))
def test_a_cached_rebuild_writes_the_exports_of_a_cold_build(name, tmp_path, counting, request):
    content = tmp_path / "content"
    source, build_site = SITES[name]
    shutil.copytree(source, content)
    # The session's cold build of the same content (conftest's fixture_build, real_site).
    cold = exported(request.getfixturevalue(COLD[name]), content)
    out, cache = tmp_path / "out", tmp_path / "cache"

    assert exported(cached_build(content, out, cache, build_site), content) == cold
    events = len(counting)
    assert events > 0
    counting.clear()
    # Unchanged: every piece from the cache, the same bytes.
    assert exported(cached_build(content, out, cache, build_site), content) == cold
    assert counting == []

    edit_body(content)
    rebuilt = exported(cached_build(content, out, cache, build_site), content)
    # Only the edited event was serialised again.
    before = {e["slug"]: e for e in json.loads(cold["timeline.json"])["events"]}
    after = {e["slug"]: e for e in json.loads(rebuilt["timeline.json"])["events"]}
    assert [slug for slug in after if after[slug] != before[slug]] == counting
    assert len(counting) == 1
    assert "A sentence added to the narrative." in after[counting[0]]["body_html"]
    assert rebuilt == exported(build_site(content, tmp_path / "cold-edited"), content)


def test_a_change_of_address_or_settings_is_not_served_from_the_cache(
    fixture_site, tmp_path, counting
):
    out, cache = tmp_path / "out", tmp_path / "cache"
    cached_build(fixture_site, out, cache)
    counting.clear()
    moved = {"TIMELINE_PUBLIC_URL": "https://example.org/x",
             "TIMELINE_ENTRY_URL": "event/{slug}.html",
             "TIMELINE_ENTRY_SAVE_AS": "event/{slug}.html"}
    rebuilt = exported(cached_build(fixture_site, out, cache, **moved))
    assert counting, "every event is serialised again for the new address"
    assert rebuilt == exported(build(fixture_site, tmp_path / "cold", **moved))
    assert b"https://example.org/x/event/" in rebuilt["feeds/all.atom.xml"]


def test_the_cache_is_not_written_when_content_caching_is_off(fixture_site, tmp_path):
    build(fixture_site, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"))
    assert not list((tmp_path / "cache").glob("TimelineExports-*"))
