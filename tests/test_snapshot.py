"""Tests for timeline.snapshot: atomic writes and the .json metadata."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from pelican.plugins.parliament_timeline.feeds.snapshot import (
    SnapshotPaths,
    atomic_write_bytes,
    read_meta,
    sha256_hex,
    write_meta,
)


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xml"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.xml"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


def test_meta_round_trip_is_sorted_and_ends_with_a_newline(tmp_path: Path) -> None:
    paths = SnapshotPaths.for_feed(tmp_path, "bill")
    write_meta(paths, {"url": "https://x/", "etag": '"1"', "last_error": None})
    text = paths.meta.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert list(json.loads(text)) == ["etag", "last_error", "url"]
    assert read_meta(paths) == {"url": "https://x/", "etag": '"1"', "last_error": None}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_unreadable_meta_is_treated_as_missing(
    tmp_path: Path, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    paths = SnapshotPaths.for_feed(tmp_path, "bill")
    paths.meta.write_text(content)
    assert read_meta(paths) == {}
    assert caplog.records[0].getMessage().startswith("bill: ")


def test_missing_meta_is_empty(tmp_path: Path) -> None:
    assert read_meta(SnapshotPaths.for_feed(tmp_path, "bill")) == {}


def test_sha256_hex() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
