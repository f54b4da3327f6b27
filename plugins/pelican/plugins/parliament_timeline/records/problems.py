"""Problems in record files, and the checker that collects them.

Every kind of record (entries, bills, ...) is validated through a
:class:`RecordChecker`, so every problem prints the same way,
``path:line: message``, and all the problems of a file are found at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with an entry, at a line of its file."""

    path: str
    line: int
    message: str
    severity: str = "error"
    # What kind of problem it is, for code that must tell (never the message):
    # e.g. "scaffold" (records/scaffold.py), "duplicate-id".
    code: str = ""

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        # File names and values in messages come from the files checked.
        return inert(f"{self.path}:{self.line}: {prefix}{self.message}")


def reading_problems(raw: RawEntry) -> list[Problem]:
    """The problems found reading a file, as Problems (all of them, for one that is not text)."""
    return [Problem(raw.path, line, message) for line, message in raw.problems]


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

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.raw.path, line, message))

    def warn(self, line: int, message: str, code: str = "") -> None:
        self.problems.append(Problem(self.raw.path, line, message, "warning", code))

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
                self.error(f.line, f"unknown field '{f.key}' (fields are: "
                           f"{choices(name(k) for k in known)})")
        first_line = min((f.line for f in self.raw.fields.values()), default=1)
        for key in required:
            if key not in self.raw.fields:
                self.error(first_line, f"missing required field '{name(key)}'")

    def check_placeholder(self, what: str) -> None:
        """Warn of placeholder text a scaffolding command wrote and an editor left.

        A warning for ``check`` and previews; the strict build refuses it
        (its code is :data:`.scaffold.CODE`).
        """
        line = scaffold.placeholder_line(self.raw.body, self.raw.body_line)
        if line is not None:
            self.warn(line, f"{what} is still the placeholder text the scaffolding command "
                      "wrote: replace it before publishing", scaffold.CODE)

    def field(self, key: str) -> Field | None:
        return self.raw.fields.get(key)

    def single(self, key: str) -> tuple[str, int] | None:
        """The text of a one-line field, reporting it when empty."""
        f = self.field(key)
        if f is None:
            return None
        if len(f.values) > 1 and key in self.single_line:
            self.error(f.values[1].number, f"'{f.key}' takes a single line")
        if not f.text:
            self.error(f.line, f"'{f.key}' is empty")
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
            self.error(line, f"unknown {key} '{text}' ({plural} are: {choices(vocabulary)})")
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
            self.error(f.line, f"'{f.key}' is empty")
        return out
