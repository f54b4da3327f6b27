"""Problems in record files, and the checker that collects them.

Every kind of record (entries, bills, ...) is validated through a
:class:`RecordChecker`, so every problem prints the same way,
``path:line: message``, and all the problems of a file are found at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..characters import CONTROLS, INVISIBLE, SEPARATORS
from . import scaffold
from .parse import Field, RawEntry

# What would act rather than show when a message is printed in a terminal
# or a CI log: control characters (a newline starts a log line, and a line
# starting "::error" is a GitHub Actions command; ESC starts a terminal
# escape sequence), line and paragraph separators, and the bidirectional
# and zero-width characters that reorder or hide text.
_ACTIVE_RE = re.compile(rf"[\t{CONTROLS}{SEPARATORS}{INVISIBLE}]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def inert(text: str) -> str:
    r"""``text`` made safe to print on one line: every active character escaped.

    ``"a\nb\x1b[31m"`` becomes ``a\nb\x1b[31m``, as Python writes it in a
    string; everything else (accented letters, quotes...) is kept as it is.
    """
    return _ACTIVE_RE.sub(lambda m: _escape(m.group(0)), text)


# Every kind of problem, by its code: what code that must tell problems apart
# reads (never the message), and what the docs list (docs/entry-format.md,
# "Problems", made by :func:`codes_table`).
CODES = {
    # Reading a file.
    "file-too-large": "the file is larger than a record may be",
    "invalid-utf8": "the file is not UTF-8 text (one problem, at the first bad byte)",
    "bad-line": "a line too long, nested too deep, holding an invisible or control "
                "character, or too much markup",
    "no-metadata": "the file does not start with metadata lines",
    "duplicate-field": "a field given twice",
    "symlink": "a symbolic link in the content folder",
    # One record's fields.
    "bad-file-name": "the file's name is not a key (or, for an entry, a dated id)",
    "unknown-field": "a field the kind does not have (a misspelt name)",
    "missing-field": "a required field left out, or one another field calls for",
    "empty-field": "a field with no value",
    "single-line": "a one-line field continued on another line",
    "unknown-choice": "a value not among the field's choices (stages, Houses, yes or no...)",
    "bad-date": "a date not written `YYYY-MM-DD` (or not a real day)",
    "bad-url": "an address that is not a usable http(s) URL",
    "bad-number": "a number or an official identifier not in digits",
    "bad-key": "a key or an event id not in lower-case letters, digits and hyphens",
    "bad-value": "a value not in its field's form (`a | b` lines, a session, a number as "
                 "printed...)",
    "missing-body": "the text below the fields is required and missing",
    "narrative-markup": "HTML, a link or an id in a narrative that the page would not show "
                        "as written",
    "not-official": "the first source is not on an official site (and nothing says why)",
    "scaffold": "placeholder text a scaffolding command wrote, still there (the "
                "publishing build refuses it)",
    # Between records.
    "unknown-record": "a key that names no record of that kind",
    "plain-name": "a person given by name, not by key (not linked to a page)",
    "duplicate-key": "two files of a kind with one key",
    "duplicate-id": "two entry files with one id",
    "duplicate-value": "something listed twice in one record",
    "duplicate-event": "two events on one day with the same stage or primary source",
    "contradiction": "what a record says disagrees with itself or with another record",
    "wrong-house": "a record of one House given another House's field or record",
    "loop": "records that name one another round in a circle",
    "tie": "a division whose counts are equal",
    "quote-not-found": "a quote not in its narrative word for word",
    "stage-order": "a bill's stages out of order",
    "future-date": "an event dated after today at a stage that cannot be scheduled",
    "past-due": "a due item whose day has passed",
    "reference": "a `{kind}key` link naming nothing, or a path on the site",
    # Against the committed official data.
    "official-mismatch": "a record disagrees with its official data snapshot",
    "bad-snapshot": "an official data snapshot that cannot be read",
    # The site's settings and pages.
    "setting": "a TIMELINE_* setting (feeds, the export ids) that cannot be used",
    "page": "a Pelican page the build cannot place",
}


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with a record, at a line of its file.

    ``code`` says what kind of problem it is (one of :data:`CODES`), for code
    that must tell problems apart: never their message.
    """

    path: str
    line: int
    message: str
    code: str
    severity: str = field(default="error", kw_only=True)

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r} (codes: {', '.join(CODES)})")

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        # File names and values in messages come from the files checked.
        return inert(f"{self.path}:{self.line}: {prefix}{self.message}")


def reading_problems(raw: RawEntry) -> list[Problem]:
    """The problems found reading a file, as Problems (all of them, for one that is not text)."""
    return [Problem(raw.path, line, message, code) for line, code, message in raw.problems]


def codes_table() -> str:
    """The Markdown table of the problem codes, for the docs (no trailing newline)."""
    rows = ["| code | what it means |", "| --- | --- |"]
    rows += [f"| `{code}` | {meaning} |" for code, meaning in CODES.items()]
    return "\n".join(rows)


_CODES_RE = re.compile(r"(<!-- problem-codes -->\n).*?(<!-- /problem-codes -->)", re.S)


def update_codes_table(text: str) -> str:
    """``text`` (a docs page) with the table between ``<!-- problem-codes -->`` and
    ``<!-- /problem-codes -->`` made anew from :data:`CODES`."""
    return _CODES_RE.sub(lambda m: m.group(1) + codes_table() + "\n" + m.group(2), text)


def _choices(vocabulary: Iterable[str]) -> str:
    return ", ".join(vocabulary)


def choices(vocabulary: Iterable[str]) -> str:
    """A vocabulary's keys, for messages."""
    return ", ".join(vocabulary)


class RecordChecker:
    """Collects the problems of one record file while building its record.

    ``single_line`` names the fields where a continuation line is a mistake.
    """

    def __init__(self, raw: RawEntry, single_line: Iterable[str] = ()):
        self.raw = raw
        self.single_line = tuple(single_line)
        self.problems = reading_problems(raw)
        # The fields the builder has read (:meth:`field`): the declared fields
        # it leaves are read by what they hold (records/common.py: declared_extra).
        self.seen: set[str] = set()

    def error(self, code: str, line: int, message: str) -> None:
        """An error of ``code`` (:data:`CODES`) at ``line``."""
        self.problems.append(Problem(self.raw.path, line, message, code))

    def warn(self, code: str, line: int, message: str) -> None:
        """A warning of ``code`` (:data:`CODES`) at ``line``."""
        self.problems.append(Problem(self.raw.path, line, message, code, severity="warning"))

    def check_fields(self, required: Sequence[str], optional: Sequence[str],
                     name: Callable[[str], str] = str.capitalize) -> None:
        """Report unknown fields (a misspelt key never goes unnoticed) and missing ones.

        ``name`` gives a field's name as editors write it, for messages. A
        file that could not be read has no fields to report: its reading
        problem is the only one.
        """
        if not self.raw.readable:
            return
        known = (*required, *optional)
        for key, f in self.raw.fields.items():
            if key not in known:
                self.error("unknown-field", f.line, f"unknown field '{f.key}' (fields are: "
                           f"{choices(name(k) for k in known)})")
        first_line = min((f.line for f in self.raw.fields.values()), default=1)
        for key in required:
            if key not in self.raw.fields:
                self.error("missing-field", first_line, f"missing required field '{name(key)}'")

    def check_placeholder(self, what: str) -> None:
        """Warn of placeholder text a scaffolding command wrote and an editor left.

        A warning for ``check`` and previews; the strict build refuses it
        (its code is :data:`.scaffold.CODE`).
        """
        line = scaffold.placeholder_line(self.raw.body, self.raw.body_line)
        if line is not None:
            self.warn(scaffold.CODE, line, f"{what} is still the placeholder text the "
                      "scaffolding command wrote: replace it before publishing")

    def field(self, key: str) -> Field | None:
        """The field of this key as written (None when absent), now read."""
        self.seen.add(key)
        return self.raw.fields.get(key)

    def single(self, key: str) -> tuple[str, int] | None:
        """The text of a one-line field, reporting it when empty."""
        f = self.field(key)
        if f is None:
            return None
        if len(f.values) > 1 and key in self.single_line:
            self.error("single-line", f.values[1].number, f"'{f.key}' takes a single line")
        if not f.text:
            self.error("empty-field", f.line, f"'{f.key}' is empty")
            return None
        return f.text, f.line

    def choice(self, key: str, vocabulary: dict, plural: str):
        """The vocabulary item a one-line field names, reporting an unknown one."""
        name = self.choice_key(key, vocabulary, plural)
        return None if name is None else vocabulary[name]

    def choice_key(self, key: str, vocabulary: dict, plural: str) -> str | None:
        """The vocabulary key a one-line field names, reporting an unknown one."""
        found = self.single(key)
        if found is None:
            return None
        text, line = found
        if text.lower() not in vocabulary:
            self.error("unknown-choice", line,
                       f"unknown {key} '{text}' ({plural} are: {choices(vocabulary)})")
            return None
        return text.lower()

    def pipe_lines(self, key: str) -> list[tuple[int, str, str | None]]:
        """Lines ``a | b`` of a multi-line field, as (line, a, b)."""
        f = self.field(key)
        if f is None:
            return []
        out = []
        for v in f.values:
            if not v.text:
                continue
            first, sep, second = v.text.partition("|")
            out.append((v.number, first.strip(), second.strip() if sep else None))
        if not out:
            self.error("empty-field", f.line, f"'{f.key}' is empty")
        return out
