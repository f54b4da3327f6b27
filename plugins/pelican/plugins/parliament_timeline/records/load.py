"""Reading a site's records, every kind, once: the one loader of the build, ``check`` and
``feed-status``.

What is read from where is decided here and nowhere else: each kind's
folders are its setting in :mod:`.kinds` (``RecordKind.folder_setting``),
searched with the site's IGNORE_FILES (:func:`record_files`); the bills
first, then the records of the debate (records/debate.py), then the entries,
checked against them all. How an entry file is read is the caller's: the
build reads through its content cache and renders the narratives in forked
workers (site/generator.py), the commands read each file here
(:func:`entry_reader`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..settings import TimelineSettings
from ..vocabulary import Vocabulary
from .bills import read_bills
from .bodyhtml import body_problems
from .consistency import set_problems
from .debate import check_event_links, read_debate_records
from .files import find_record_files
from .kinds import BILL, ENTRY, RecordKind
from .parse import RawEntry, read_entry_file
from .problems import Problem, reading_problems
from .validate import build_entry, check_duplicates, slug_for_path

if TYPE_CHECKING:
    import datetime as dt

    from markdown import Markdown

    from ..model import Entry


@dataclass(frozen=True)
class ReadEntry:
    """An entry file as a reader gives it to :func:`load_records`."""

    raw: RawEntry
    # What the narrative's HTML is checked for (records/bodyhtml.py: body_problems).
    body_found: list[tuple[int, str]]
    # The narrative rendered, when the reader rendered it (the build), else None:
    # the entry keeps its Markdown.
    html: str | None = None


# Reads entry files (full paths, in order) into ReadEntry values, in the same order.
EntryReader = Callable[[Sequence[str]], Iterable[ReadEntry]]
# Validates one entry file (its full path, as read, what its narrative was
# checked for) into an entry, or None, and its problems: build_entry's result.
Validate = Callable[[str, RawEntry, list], "tuple[Entry | None, list[Problem]]"]


@dataclass
class Records:
    """Every record of a site as read, and every problem found reading them."""

    vocabulary: Vocabulary
    # The entries that read well, in file order.
    entries: list[Entry]
    # Those entries' files as read, by their path as shown.
    raws: dict[str, RawEntry]
    # The id of every entry file, even one with errors (what records may name).
    events: set[str]
    problems: list[Problem] = field(default_factory=list)


def kind_folders(kind: RecordKind, ts: TimelineSettings) -> tuple[str, ...]:
    """The folders (under the content folder) a kind's records are in: its setting."""
    value = getattr(ts, kind.folder_setting)
    return (value,) if isinstance(value, str) else tuple(value)


def record_files(content: str, ts: TimelineSettings, kind: RecordKind) -> list[str]:
    """Every file of a kind, as the build and ``check`` find them (IGNORE_FILES, links)."""
    return [path for folder in kind_folders(kind, ts)
            for path in find_record_files(os.path.join(content, folder), ts.ignore_files,
                                          content)]


def entry_reader(show: Callable[[str], str] = str, markdown: Markdown | None = None
                 ) -> EntryReader:
    """Read entry files here, one by one; ``show`` gives a path as messages show it.

    With ``markdown`` (the site's renderer) the narratives are also checked
    for what the sanitizer would change, as the build renders them.
    """
    def read(paths: Sequence[str]) -> Iterable[ReadEntry]:
        for path in paths:
            raw = read_entry_file(path, show(path))
            # A file with problems of form (a list nested too deep...) is not rendered.
            found = [] if raw.problems else body_problems(raw.body, raw.body_line, markdown)
            yield ReadEntry(raw, found)
    return read


def load_vocabulary(content: str, ts: TimelineSettings,
                    display_root: str | None = None) -> tuple[Vocabulary, list[Problem]]:
    """Read the subject's records but the entries under ``content`` into a vocabulary.

    The bills, then the records of the debate: people, questions, amendments,
    divisions and versions (records/debate.py). Returns the vocabulary (with
    every good record) and the problems found.
    """
    bills, problems = read_bills(os.path.join(content, *kind_folders(BILL, ts)), display_root,
                                 ts.ignore_files, content)
    vocabulary = Vocabulary(bills=bills, zone=ts.zone,
                            primary_domains=ts.primary_source_domains)
    vocabulary, more = read_debate_records(content, ts, vocabulary, display_root,
                                           ts.ignore_files)
    return vocabulary, problems + more


def load_records(content: str, ts: TimelineSettings, display_root: str | None = None, *,
                 read_entries: EntryReader | None = None,
                 validator: Callable[[Vocabulary], Validate] | None = None,
                 whole_set: bool = True, today: dt.date | None = None) -> Records:
    """Read every record of the site under ``content``, and check them together.

    Paths in problems are shown relative to ``display_root`` when given.
    ``read_entries`` reads the entry files (default: :func:`entry_reader`,
    here, without rendering). ``validator``, given the vocabulary, gives what
    validates each entry file (default: :func:`~.validate.build_entry`; the
    build keeps its results between builds). ``whole_set`` adds the checks of the whole set
    (records/consistency.py: slow, for ``check`` and the strict build),
    future dates judged against ``today`` (default: today in the site's zone).
    """
    vocabulary, problems = load_vocabulary(content, ts, display_root)
    if read_entries is None:
        read_entries = entry_reader(
            (lambda p: os.path.relpath(p, display_root)) if display_root else str)
    files = record_files(content, ts, ENTRY)
    entries: list[Entry] = []
    raws: dict[str, RawEntry] = {}
    validate: Validate = (validator(vocabulary) if validator is not None else
                          lambda path, raw, found: build_entry(raw, vocabulary, found))
    for path, read in zip(files, read_entries(files), strict=True):
        # A file that is not text is not built: its reading problem is its only
        # one (as for every other kind: records/common.py, read_records).
        entry, found = (validate(path, read.raw, read.body_found) if read.raw.readable
                        else (None, reading_problems(read.raw)))
        problems.extend(found)
        if entry is not None:
            entries.append(entry if read.html is None else replace(entry, body=read.html))
            raws[read.raw.path] = read.raw
    problems.extend(check_duplicates(entries))
    # Every entry file is an event that may be named, even one with errors of
    # its own (reported once, not again by what names it).
    events = {slug_for_path(p) for p in files}
    problems.extend(check_event_links(vocabulary, events, entries))
    if whole_set:
        problems.extend(set_problems(entries, raws, vocabulary, events, today))
    return Records(vocabulary, entries, raws, events, problems)
