"""Validated entries kept in Pelican's content cache: an unchanged entry is
not validated again.

Validating an entry (:func:`~..records.validate.build_entry`: its fields,
its sources' URLs, its bill, stage, people, questions and quotes) took 4.2 s
of a profiled cached rebuild at 1,000 entries, every entry every build,
though one had changed. What it returns depends only on the entry file as
read and on the vocabulary it is checked against, so it is kept by both:

- by the file, as Pelican keeps what its readers read
  (``FileStampDataCacher``: the file's mtime, or a hash of its bytes under
  ``CHECK_MODIFIED_METHOD``);
- by the vocabulary's digest (:func:`vocabulary_digest`: every record an
  entry may name, the time zone, the primary sites, and this plugin's code),
  kept beside each result: a changed bill, person or question validates
  every entry again.

Any loader of entry files can use it: make a :class:`ValidatedEntries` for
the build's vocabulary, call :meth:`~ValidatedEntries.build` for each file
where it would call ``build_entry``, and :meth:`~ValidatedEntries.save_cache`
once done. With the content cache off it is ``build_entry``, nothing kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping

from pelican.cache import FileStampDataCacher

from ..model import Entry
from ..records.parse import RawEntry
from ..records.problems import Problem
from ..records.validate import build_entry
from ..vocabulary import Vocabulary
from .outputcache import PLUGIN_DIR, hash_files

CACHE_NAME = "TimelineValidatedEntries"
# Bump when what validation returns changes in a way the plugin's source
# cannot show (a dependency's behaviour, say).
VERSION = 1


def _canonical(value, out: list[str]) -> None:
    """Append a text form of ``value`` to ``out``, the same in every process.

    Like ``repr``, but sets are sorted (a set's order changes with Python's
    string hashing, from one process to the next) and dataclasses are walked
    field by field.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__name__ + "(")
        for field in dataclasses.fields(value):
            out.append(field.name + "=")
            _canonical(getattr(value, field.name), out)
            out.append(",")
        out.append(")")
    elif isinstance(value, Mapping):
        out.append("{")
        for key, item in value.items():
            _canonical(key, out)
            out.append(":")
            _canonical(item, out)
            out.append(",")
        out.append("}")
    elif isinstance(value, (set, frozenset)):
        parts = []
        for item in value:
            one: list[str] = []
            _canonical(item, one)
            parts.append("".join(one))
        out.append("{" + ",".join(sorted(parts)) + "}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for item in value:
            _canonical(item, out)
            out.append(",")
        out.append("]")
    else:
        out.append(repr(value))


def vocabulary_digest(vocabulary: Vocabulary) -> str:
    """The hash of everything an entry is validated against, and of the code validating it."""
    h = hashlib.sha256(f"{VERSION}\0".encode())
    # The plugin's Python files, names and bytes, as the output cache hashes them.
    hash_files(h, [PLUGIN_DIR], (".py",))
    out: list[str] = []
    _canonical(vocabulary, out)
    h.update("".join(out).encode("utf-8"))
    return h.hexdigest()


def relink(entry: Entry, vocabulary: Vocabulary) -> Entry:
    """A kept entry pointing at this build's stage, chamber and bill objects.

    Kept entries hold copies of them (as unpickled); equal, since the
    vocabulary's digest is the same, but the build shares one of each.
    """
    bill = entry.bill
    return dataclasses.replace(
        entry,
        stage=vocabulary.stages.get(entry.stage.key, entry.stage),
        chamber=vocabulary.chambers.get(entry.chamber.key, entry.chamber),
        bill=None if bill is None else vocabulary.bills.get(bill.key, bill),
    )


class ValidatedEntries(FileStampDataCacher):
    """``build_entry``'s results for one build's vocabulary, kept between builds."""

    def __init__(self, settings: Mapping, vocabulary: Vocabulary):
        caching = bool(settings["CACHE_CONTENT"])
        super().__init__(settings, CACHE_NAME, caching,
                         caching and bool(settings["LOAD_CONTENT_CACHE"]))
        self.vocabulary = vocabulary
        self.digest = vocabulary_digest(vocabulary) if caching else None
        self.reused = 0

    def build(self, path: str, raw: RawEntry,
              body_found: list[tuple[int, str]] | None = None
              ) -> tuple[Entry | None, list[Problem]]:
        """What ``build_entry(raw, vocabulary, body_found)`` returns, for the
        file at ``path`` (as read now: ``raw``)."""
        if self.digest is None:
            return build_entry(raw, self.vocabulary, body_found)
        kept = self.get_cached_data(path, None)
        if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == self.digest:
            _, entry, problems = kept
            self.reused += 1
            return (None if entry is None else relink(entry, self.vocabulary)), list(problems)
        entry, problems = build_entry(raw, self.vocabulary, body_found)
        self.cache_data(path, (self.digest, entry, tuple(problems)))
        return entry, problems
