"""The one loader of every kind of record (records/load.py), as the build, `check` and
`feed-status` use it."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURE_SITE, build, fixture_settings
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.commands.feedstatus import feed_statuses
from pelican.plugins.parliament_timeline.records import kinds, load
from pelican.plugins.parliament_timeline.settings import read_settings

# A file every folder holds, broken in every way, that IGNORE_FILES leaves out.
IGNORED = "wip.draft.md"
BROKEN = b"Titel: caf\xe9\n"


@pytest.fixture
def site(tmp_path):
    """The fixture subject, with an ignored, broken file in every kind's folder."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    ts = read_settings({"TIMEZONE": "Europe/London"})
    for kind in kinds.KINDS:
        for folder in load.kind_folders(kind, ts):
            (content / folder).mkdir(parents=True, exist_ok=True)
            (content / folder / IGNORED).write_bytes(BROKEN)
    return content


def settings_of(content, tmp_path, **override):
    return fixture_settings(content, tmp_path / "out",
                            IGNORE_FILES=["**/.*", "*.draft.md"], **override)


def test_every_kind_is_read_with_ignore_files_in_every_folder(site, tmp_path):
    ts = read_settings(settings_of(site, tmp_path))
    records = load.load_records(str(site), ts, str(tmp_path))
    assert not [p for p in records.problems if IGNORED in p.path]
    v = records.vocabulary
    assert v.bills and v.people and v.questions and v.amendments and v.divisions and v.versions
    assert records.entries and {e.slug for e in records.entries} <= records.events
    # Without the pattern, each of those files is one problem: its invalid byte.
    ts = read_settings(fixture_settings(site, tmp_path / "out"))
    found = [p for p in load.load_records(str(site), ts, str(tmp_path)).problems
             if IGNORED in p.path]
    assert sorted(p.code for p in found) == ["invalid-utf8"] * len(kinds.KINDS)


def test_check_feed_status_and_the_build_read_the_same_records(site, tmp_path):
    settings = settings_of(site, tmp_path)
    assert not [p for p in check_site(settings, root=str(tmp_path)) if IGNORED in p.path]
    feed_statuses(settings, root=str(tmp_path))  # reads every kind without a traceback
    built = build(site, tmp_path / "out", IGNORE_FILES=["**/.*", "*.draft.md"])
    assert (built / "index.html").is_file()


def test_the_loader_takes_the_callers_entry_reader(site, tmp_path):
    ts = read_settings(settings_of(site, tmp_path))
    asked = []

    def reader(paths):
        asked.extend(paths)
        yield from load.entry_reader()(paths)

    records = load.load_records(str(site), ts, read_entries=reader, whole_set=False)
    assert asked == load.record_files(str(site), ts, kinds.ENTRY)
    assert not [p for p in asked if p.endswith(IGNORED)]
    assert {e.source_path for e in records.entries} == set(asked)
