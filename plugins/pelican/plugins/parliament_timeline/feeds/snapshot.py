"""Feed snapshots on disk: ``<name>.xml`` (raw bytes) and ``<name>.json`` (metadata).

A snapshot is the body of a feed exactly as the server sent it (after
undoing any ``Content-Encoding``), kept in ``content/feeds/<name>.xml`` so
the site builds offline and reproducibly. Beside it, ``<name>.json`` records
where the bytes came from and how the last attempt to refresh them went; its
keys are listed in ``docs/feeds.md``.

Every write here is atomic: the data goes to a temporary file in the same
folder, is flushed and fsync'd, and then replaces the target with
:func:`os.replace`, so a reader (or a crash) sees either the old file or the
new one, never a mixture. This module knows nothing of HTTP.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SnapshotPaths",
    "atomic_write_bytes",
    "read_meta",
    "sha256_hex",
    "write_meta",
]

logger = logging.getLogger(__name__)

# Snapshots are committed to git and read by everyone: rw-r--r--.
FILE_MODE = 0o644


@dataclass(frozen=True)
class SnapshotPaths:
    """Where one feed's snapshot and metadata live."""

    name: str
    xml: Path
    meta: Path

    @classmethod
    def for_feed(cls, feeds_dir: Path | str, name: str) -> SnapshotPaths:
        """The paths of feed ``name`` inside ``feeds_dir``."""
        folder = Path(feeds_dir)
        return cls(name=name, xml=folder / f"{name}.xml", meta=folder / f"{name}.json")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data``, as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    The bytes are written to a temporary file in the same folder (so that
    :func:`os.replace` is a rename within one file system), fsync'd, renamed
    over ``path``, and the folder is fsync'd so the rename itself survives a
    crash. On any error the temporary file is removed and ``path`` is left
    as it was.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, FILE_MODE)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries to disk (a no-op where folders can't be opened)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows: folders cannot be opened this way
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def read_meta(paths: SnapshotPaths) -> dict[str, Any]:
    """The feed's ``.json`` metadata, or ``{}`` if it is missing or unreadable.

    An unreadable file is logged (naming the feed) and treated as missing:
    the next successful fetch rewrites it.
    """
    try:
        text = paths.meta.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        logger.warning("%s: cannot read %s: %s", paths.name, paths.meta, exc)
        return {}
    try:
        meta = json.loads(text)
    except ValueError as exc:
        logger.warning("%s: %s is not valid JSON (%s); ignoring it", paths.name, paths.meta, exc)
        return {}
    if not isinstance(meta, dict):
        logger.warning("%s: %s does not hold a JSON object; ignoring it", paths.name, paths.meta)
        return {}
    return meta


def write_meta(paths: SnapshotPaths, meta: dict[str, Any]) -> None:
    """Write the feed's ``.json`` metadata atomically.

    Keys are sorted and the file ends with a newline, so that diffs in git
    show only what changed.
    """
    text = json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write_bytes(paths.meta, text.encode("utf-8"))
