"""A record's key is unique across its kind's folder and sub-folders: no impostor record."""

from __future__ import annotations

import shutil

import pytest

from conftest import build, fixture_settings, soup
from pelican.plugins.parliament_timeline.commands.check import check_site

KINDS = ("people", "bills", "questions", "amendments", "divisions", "versions")


def impostor(site, kind: str, folder: str = "zz") -> str:
    """Copy the first record of ``kind`` into a sub-folder, its name changed; return its key."""
    original = sorted((site / kind).glob("*.md"))[0]
    (site / kind / folder).mkdir()
    text = original.read_text("utf-8")
    first = text.splitlines()[0]
    field, _, value = first.partition(": ")
    (site / kind / folder / original.name).write_text(
        text.replace(first, f"{field}: Impostor {value}", 1), encoding="utf-8")
    return original.stem


@pytest.mark.parametrize("folder", ["zz", "aa"])
@pytest.mark.parametrize("kind", KINDS)
def test_check_names_both_files_of_a_duplicate_key(fixture_site, tmp_path, kind, folder):
    key = impostor(fixture_site, kind, folder)
    problems = check_site(fixture_settings(fixture_site, tmp_path / "out"), root=str(tmp_path))
    duplicates = [str(p) for p in problems if "duplicate key" in p.message]
    # The sub-folder's file is the duplicate, whatever its folder's name sorts as.
    assert duplicates == [
        f"content/{kind}/{folder}/{key}.md:1: duplicate key '{key}': content/{kind}/{key}.md "
        "has it already (a key is unique across a kind's folder and its sub-folders; rename "
        "one file)"]


def test_an_entry_id_is_unique_across_sub_folders(fixture_site, tmp_path):
    (fixture_site / "entries" / "zz").mkdir()
    shutil.copy(fixture_site / "entries" / "2023-10-26-royal-assent.md",
                fixture_site / "entries" / "zz")
    problems = check_site(fixture_settings(fixture_site, tmp_path / "out"), root=str(tmp_path))
    assert ("content/entries/zz/2023-10-26-royal-assent.md:1: duplicate slug "
            "'2023-10-26-royal-assent' (also content/entries/2023-10-26-royal-assent.md)"
            ) in [str(p) for p in problems]


def test_a_development_build_publishes_the_original_not_the_impostor(fixture_site, tmp_path,
                                                                     caplog):
    key = impostor(fixture_site, "people", "zz")
    output = build(fixture_site, tmp_path / "output")
    page = soup(output / "people" / key / "index.html")
    assert "Impostor" not in page.get_text()
    assert any("duplicate key" in r.getMessage() for r in caplog.records)
