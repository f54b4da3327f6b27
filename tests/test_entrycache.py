"""Validated entries kept with the content cache (site/entrycache.py).

A cached rebuild validates again only the entry files that changed, every
entry when anything they are validated against changes (a person's record,
say), and gives the bytes of a cold build either way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, ROOT, build, fixture_settings
from pelican.plugins.parliament_timeline.site import entrycache

ENTRY = "entries/2024/2024-05-15-report-stage.md"
ENTRY_PAGE = "events/2024-05-15-report-stage/index.html"
# A person the entry above names (People: jane-widget).
PERSON = "people/jane-widget.md"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """The entry files validated (build_entry called), by their path's name."""
    names: list[str] = []
    real = entrycache.build_entry

    def counting(raw, *args, **kwargs):
        names.append(os.path.basename(raw.path))
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(entrycache, "build_entry", counting)
    return names


def cached_build(content: Path, tmp_path: Path) -> Path:
    return build(content, tmp_path / "output", CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
                 CACHE_PATH=str(tmp_path / "cache"))


def assert_same_as_cold(content: Path, output: Path, tmp_path: Path) -> None:
    cold = tree(build(content, tmp_path / "cold"))
    cached = tree(output)
    assert len(cold) > 50
    assert sorted(n for n in cold if cached.get(n) != cold[n]) == []


def test_a_rebuild_validates_again_only_the_edited_entry(tmp_path, validations):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    cached_build(content, tmp_path)
    assert len(validations) == 4  # every entry file, the first time
    validations.clear()
    with (content / ENTRY).open("a", encoding="utf-8") as f:
        f.write("\nA sentence added by the test.\n")
    output = cached_build(content, tmp_path)
    assert validations == [os.path.basename(ENTRY)]
    assert "added by the test" in (output / ENTRY_PAGE).read_text(encoding="utf-8")
    assert_same_as_cold(content, output, tmp_path)


def test_a_changed_record_the_entries_name_validates_every_entry_again(tmp_path, validations):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    cached_build(content, tmp_path)
    person = content / PERSON
    text = person.read_text(encoding="utf-8")
    assert text.startswith("Name: Jane Widget\n")
    person.write_text(text.replace("Name: Jane Widget", "Name: Janet Widgetson", 1),
                      encoding="utf-8")
    validations.clear()
    output = cached_build(content, tmp_path)
    assert len(validations) == 4
    # The entry names the person by key: its page shows the new name.
    assert "Janet Widgetson" in (output / ENTRY_PAGE).read_text(encoding="utf-8")
    assert_same_as_cold(content, output, tmp_path)


def test_without_the_content_cache_every_entry_is_validated_every_build(
        tmp_path, validations):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    build(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"))
    build(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"))
    assert len(validations) == 8
    assert not (tmp_path / "cache" / entrycache.CACHE_NAME).exists()


def fixture_records():
    """The fixture subject's vocabulary as a build reads it: bills and the debate's records."""
    from pelican.plugins.parliament_timeline.records.load import load_vocabulary
    from pelican.plugins.parliament_timeline.settings import read_settings

    settings = fixture_settings(FIXTURE_SITE, FIXTURE_SITE.parent / "unused-output")
    vocabulary, problems = load_vocabulary(str(FIXTURE_SITE), read_settings(settings))
    assert problems == [] and vocabulary.people, problems
    return vocabulary


DIGEST = """
import sys
sys.path.insert(0, {tests!r})
from test_entrycache import fixture_records
from pelican.plugins.parliament_timeline.site.entrycache import vocabulary_digest
print(vocabulary_digest(fixture_records()))
"""


def test_the_vocabulary_digest_is_the_same_in_every_process():
    # Sets (the records with errors, say) come in another order in each
    # process, with Python's string hashing: the digest must not.
    digests = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", DIGEST.format(tests=str(ROOT / "tests"))],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed})
        digests.add(done.stdout.strip())
    assert len(digests) == 1 and len(digests.pop()) == 64


def test_the_vocabulary_digest_changes_with_a_record_or_a_broken_one():
    vocabulary = fixture_records()
    digest = entrycache.vocabulary_digest(vocabulary)
    person = vocabulary.people["jane-widget"]
    renamed = {**vocabulary.people, person.key: replace(person, name="Janet Widgetson")}
    assert entrycache.vocabulary_digest(replace(vocabulary, people=renamed)) != digest
    broken = vocabulary.broken | {("people", "a-broken-record")}
    assert entrycache.vocabulary_digest(replace(vocabulary, broken=broken)) != digest
    assert entrycache.vocabulary_digest(fixture_records()) == digest
