"""The committed snapshots of official answers: read by the build and check, written atomically.

A snapshot is the answer's body as served (official/services.py says
where). It is written only after its parser accepted it, through a
temporary file renamed into place, so a failed or bad fetch never changes
the last good snapshot. Reading never touches the network.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from typing import TypeVar

from .reader import OfficialDataError
from .services import SERVICES, snapshot_file

T = TypeVar("T")


def official_folder(content: str, official_path: str = "official") -> str:
    """The folder of the snapshots (TIMELINE_OFFICIAL_PATH under PATH)."""
    return os.path.join(content, official_path)


def read_snapshot(official: str, service: str, path: str) -> bytes | None:
    """A snapshot's bytes, or None when there is none."""
    try:
        with open(snapshot_file(official, service, path), "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def load(official: str, service: str, path: str, parse: Callable[[bytes], T]
         ) -> tuple[T | None, str | None]:
    """A snapshot parsed: (value, None), (None, None) without one, (None, why) when bad.

    ``why`` is ``<snapshot file>: <what is wrong>``.
    """
    file = snapshot_file(official, service, path)
    try:
        stat = os.stat(file)
    except FileNotFoundError:
        return None, None
    # The checks and the pages read the same snapshots in one build: parse
    # each once, for as long as the file is unchanged.
    key = (file, stat.st_mtime_ns, stat.st_size, getattr(parse, "__qualname__", ""))
    if key in _parsed:
        return _parsed[key]
    body = read_snapshot(official, service, path)
    if body is None:
        return None, None
    try:
        result = parse(body), None
    except OfficialDataError as e:
        result = None, f"{file}: {e}"
    if len(_parsed) > 1000:
        _parsed.clear()
    _parsed[key] = result
    return result


_parsed: dict[tuple, tuple] = {}


def write_snapshot(official: str, service: str, path: str, body: bytes) -> tuple[str, bool]:
    """Write a snapshot atomically; returns its file and whether it changed."""
    target = snapshot_file(official, service, path)
    try:
        with open(target, "rb") as f:
            if f.read() == body:
                return target, False
    except FileNotFoundError:
        pass
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.replace(temp, target)
    except BaseException:
        with _ignored():
            os.unlink(temp)
        raise
    return target, True


class _ignored:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def snapshot_files(official: str) -> Iterator[str]:
    """Every snapshot file under ``official``, in a stable order."""
    for service in SERVICES:
        top = os.path.join(official, service)
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                if not name.startswith("."):
                    yield os.path.join(folder, name)
