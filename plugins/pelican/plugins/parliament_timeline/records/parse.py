"""Reading an entry file: its metadata block, with line numbers, and its body.

The metadata syntax is the one of Python-Markdown's ``meta`` extension, which
Pelican's Markdown reader uses: ``Key: value`` lines, a value continued on
lines indented by four or more spaces, optionally between ``---`` lines, and
ended by a blank line. Unlike that extension, this parser keeps the line
number of every value, so that problems can be reported as ``path:line``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field

from ..characters import CONTROLS, INVISIBLE, NONCHARACTERS, SEPARATORS

# Limits of a record file (docs/entry-format.md, "Limits"): far above any
# real record, low enough that no file can make a build slow or crash it.
MAX_FILE_BYTES = 256 * 1024
MAX_LINE_CHARACTERS = 10_000
# Levels of indentation (four spaces or a tab each) and quote marks ('>')
# at the start of a narrative's line: a list nested a few hundred levels deep
# is a RecursionError in Python-Markdown, a few thousand never end.
MAX_NESTING = 20
# Link brackets and tag openers in a file: Python-Markdown's time grows with
# the square of those in a paragraph (three lines of 10,000 '[' take minutes),
# and the largest real record has a dozen.
MAX_MARKUP = {"[": 500, "<": 500}
# Problems of that kind reported per file before the rest are counted.
MAX_LINE_PROBLEMS = 10

# Characters no field or narrative may hold, because no reader sees them, or
# they are not text at all: control characters (the tab too, except in a
# narrative), line and paragraph separators, zero-width characters, the
# directional embeddings, overrides and isolates that make text read
# differently from how it is stored, and Unicode's non-characters.
_INVISIBLE = CONTROLS + SEPARATORS + INVISIBLE + NONCHARACTERS
FORBIDDEN_IN_BODY_RE = re.compile(f"[{_INVISIBLE}]")
FORBIDDEN_RE = re.compile(rf"[\t{_INVISIBLE}]")
_NESTING_RE = re.compile(r"^(?:[ ]{4}|[ ]{0,3}\t|[ ]{0,3}>)+")

# The code of a line's problem (records/problems.py: CODES).
BAD_LINE = "bad-line"

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


@dataclass(frozen=True)
class Line:
    """One value line of a metadata field."""

    number: int
    text: str


@dataclass
class Field:
    """A metadata field as written: its key as spelt and its value lines."""

    key: str
    line: int
    values: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The value lines joined by spaces (for one-line fields)."""
        return " ".join(v.text for v in self.values if v.text)


@dataclass
class RawEntry:
    """An entry file as read, before any validation."""

    path: str
    fields: dict[str, Field]
    body: str
    body_line: int
    # Problems of form found while reading: (line, code, message), the code one
    # of records/problems.py's CODES.
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    # False when the file could not be read as text at all: its one problem
    # says why, and no field of it can be checked.
    readable: bool = True


def describe(char: str) -> str:
    """A character as messages name it: ``U+001B (ESCAPE)``."""
    name = unicodedata.name(char, "") or {
        "\x1b": "ESCAPE", "\x00": "NULL", "\x7f": "DELETE"}.get(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = "a control character"
    elif not name:
        name = "a non-character"
    return f"U+{ord(char):04X} ({name})"


def _line_problem(line: str, in_body: bool) -> str | None:
    """What is wrong with one line: its length, a character, its nesting; or None."""
    if len(line) > MAX_LINE_CHARACTERS:
        return (f"the line is {len(line):,} characters long: at most "
                f"{MAX_LINE_CHARACTERS:,} (break it into paragraphs)")
    forbidden_re = FORBIDDEN_IN_BODY_RE if in_body else FORBIDDEN_RE
    if (forbidden := forbidden_re.search(line)) is not None:
        count = len(forbidden_re.findall(line))
        more = f" (and {count - 1} more on the line)" if count > 1 else ""
        return (f"invisible or control character {describe(forbidden[0])} at column "
                f"{forbidden.start() + 1}{more}: records hold text that readers can see "
                "(remove it)")
    if in_body and (nesting := _NESTING_RE.match(line)) is not None:
        depth = nesting[0].count("    ") + nesting[0].count("\t") + nesting[0].count(">")
        if depth > MAX_NESTING:
            return (f"the line is nested {depth} levels deep (indents and '>' quote "
                    f"marks): at most {MAX_NESTING}")
    return None


def line_problems(lines: list[str], body_start: int) -> list[tuple[int, str, str]]:
    """The limits and the characters no record may hold, line by line.

    ``body_start`` is the index of the narrative's first line: a tab is
    allowed there, and lines there are checked for their nesting. At most
    one problem per line, the first found, and :data:`MAX_LINE_PROBLEMS`
    in all, then how many more lines have one.
    """
    found = [(i + 1, BAD_LINE, problem) for i, line in enumerate(lines)
             if (problem := _line_problem(line, i >= body_start)) is not None]
    for char, limit in MAX_MARKUP.items():
        seen = 0
        for i, line in enumerate(lines):
            seen += line.count(char)
            if seen > limit:
                found.append((i + 1, BAD_LINE, f"more than {limit} '{char}' in the file from "
                              "this line: links and tags that many make Markdown too slow "
                              "(split the record, or write the text without them)"))
                break
    found.sort(key=lambda p: p[0])
    if len(found) > MAX_LINE_PROBLEMS:
        rest = len(found) - MAX_LINE_PROBLEMS
        found[MAX_LINE_PROBLEMS:] = [(found[MAX_LINE_PROBLEMS][0], BAD_LINE,
                                      f"and {rest} more line(s) "
                                      "from here with control characters, over-long lines "
                                      "or deep nesting")]
    return found


def split_lines(text: str) -> list[str]:
    """``text``'s lines, split at line ends only (``\n``; ``\r\n`` and ``\r`` read as it).

    Not ``str.splitlines``, which also splits at form feeds, U+2028 and other
    characters an editor's view does not break at: the line numbers in
    messages must be the editor's, and such characters are reported.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_text(text: str, path: str) -> RawEntry:
    """Split an entry's text into metadata fields and a Markdown body.

    Lines over the limits, or holding a character no record may hold
    (:func:`line_problems`), are problems of the file.
    """
    lines = split_lines(text)
    fields: dict[str, Field] = {}
    problems: list[tuple[int, str, str]] = []
    i = 0
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    if lines and BEGIN_RE.match(lines[0]):
        i = 1
    current: Field | None = None
    while i < len(lines):
        line = lines[i]
        number = i + 1
        if not line.strip():
            i += 1
            break
        if current is not None and i > 0 and END_RE.match(line):
            i += 1
            break
        match = META_RE.match(line)
        if match:
            key = match.group("key").lower()
            if key in fields:
                problems.append(
                    (number, "duplicate-field", f"'{match.group('key')}' is given twice "
                     f"(first on line {fields[key].line})")
                )
            current = Field(match.group("key"), number)
            fields.setdefault(key, current)
            current.values.append(Line(number, match.group("value").strip()))
        elif current is not None and (more := MORE_RE.match(line)):
            current.values.append(Line(number, more.group("value").strip()))
        else:
            if current is None:
                problems.append(
                    (number, "no-metadata", "the file must start with metadata lines "
                     "such as 'Title: ...'")
                )
            # Like the meta extension, the first line that is not metadata
            # starts the body.
            break
        i += 1
    problems.extend(line_problems(lines, i))
    problems.sort(key=lambda p: p[0])
    return RawEntry(
        path=path,
        fields=fields,
        body="\n".join(lines[i:]),
        body_line=i + 1,
        problems=problems,
    )


def read_entry_file(path: str, display_path: str | None = None) -> RawEntry:
    """Read an entry file (UTF-8) into a :class:`RawEntry`.

    A file that is not valid UTF-8 gives an unreadable RawEntry with no
    fields and one problem, at the line and column of the first bad byte, so
    that callers report it like any other problem and nothing else.
    """
    shown = display_path or path
    with open(path, "rb") as f:
        # One byte more than the limit tells a file over it from one at it.
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        size = os.path.getsize(path)
        return RawEntry(shown, {}, "", 1, [(1, "file-too-large", f"the file is {size:,} bytes: "
                                            f"a record may be at most {MAX_FILE_BYTES:,} bytes")],
                        readable=False)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = byte_position(data, err.start)
        return RawEntry(shown, {}, "", 1, [(line, "invalid-utf8", (
            f"not valid UTF-8 text: byte 0x{data[err.start]:02x} at column {column} "
            f"({err.reason}); save the file as UTF-8"))], readable=False)
    return parse_text(text, shown)


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in bytes) of ``data[offset]``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1
