"""Each event's serialised text per export, kept across builds.

Every export is a frame (the file's own header and footer) around one piece
of text per event. A piece depends only on the event, the site (address,
names, URL patterns, id namespace) and the code that writes it, so when
Pelican's content cache is on (``CACHE_CONTENT`` and ``LOAD_CONTENT_CACHE``,
in ``CACHE_PATH``) the pieces are cached, one cache file per format, keyed
by a digest of all of these: a rebuild after one entry changed serialises
only that entry again. With the cache off (publishing) every piece is made
afresh; the bytes are the same either way.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path

from pelican.cache import FileDataCacher

from ..model import Entry
from .common import ExportSite

# Bump to drop every cached piece (the code's own text is in the key too).
CACHE_VERSION = 1
# The libraries whose output is in the pieces.
LIBRARIES = ("feedgenerator", "icalendar", "markupsafe")
# The code that makes the pieces: this package and the entry model.
CODE = (*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parents[1] / "model.py")


@cache
def code_digest() -> bytes:
    """A digest of the code and library versions that write the pieces."""
    digest = hashlib.sha256(f"{CACHE_VERSION}".encode())
    for name in LIBRARIES:
        digest.update(f"\0{name}={version(name)}".encode())
    for path in CODE:
        digest.update(b"\0" + path.read_bytes())
    return digest.digest()


class PieceCacher(FileDataCacher):
    """Pelican's file cache, compressing fast when ``GZIP_CACHE`` is on.

    The pieces are megabytes of text, rewritten on every cached build;
    gzip's default level 9 would cost more time than the pieces save.
    """

    def __init__(self, settings, cache_name, caching_policy, load_policy):
        super().__init__(settings, cache_name, caching_policy, load_policy)
        if settings["GZIP_CACHE"]:
            self._cache_open = partial(gzip.open, compresslevel=1)

    def __len__(self) -> int:
        return len(self._cache)


class PieceCache:
    """The pieces of every export, from Pelican's cache when it is on."""

    def __init__(self, settings: dict, site: ExportSite):
        self.settings = settings
        self.enabled = bool(settings.get("CACHE_CONTENT"))
        self.load = self.enabled and bool(settings.get("LOAD_CONTENT_CACHE"))
        # The site's repr holds every field of it, the timeline settings included.
        self._salt = hashlib.sha256(code_digest() + repr(site).encode("utf-8")).digest()
        self._keys: dict[int, str] = {}

    def key(self, entry: Entry) -> str:
        """The digest of everything a piece of ``entry`` is made from.

        An entry's repr holds all its fields, nested ones (sources, stage,
        bill, corrections) included, and its rendered body.
        """
        # By identity: the timeline holds its entries for the whole build,
        # and two entries never share a digest by sharing a slug.
        found = self._keys.get(id(entry))
        if found is None:
            digest = hashlib.sha256(self._salt)
            digest.update(repr(entry).encode("utf-8"))
            found = self._keys[id(entry)] = digest.hexdigest()
        return found

    def pieces(
        self, fmt: str, entries: Iterable[Entry], make: Callable[[Entry, ExportSite], str],
        site: ExportSite,
    ) -> Iterator[str]:
        """``make(entry, site)`` for each entry, in order, cached under ``fmt``.

        A generator: consume it whole, since the cache is saved at its end.
        The saved cache holds only this build's pieces, so it never grows
        with events that are gone.
        """
        if not self.enabled:
            for entry in entries:
                yield make(entry, site)
            return
        name = f"TimelineExports-{fmt}"
        old = PieceCacher(self.settings, name, False, self.load)
        new = PieceCacher(self.settings, name, True, False)
        missed = 0
        for entry in entries:
            key = self.key(entry)
            text = old.get_cached_data(key)
            if text is None:
                missed += 1
                text = make(entry, site)
            new.cache_data(key, text)
            yield text
        # Unchanged (every piece found, none gone): no need to write it again.
        if missed or len(old) != len(new):
            new.save_cache()
