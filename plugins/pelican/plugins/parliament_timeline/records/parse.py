"""Reading an entry file: its metadata block, with line numbers, and its body.

The metadata syntax is the one of Python-Markdown's ``meta`` extension, which
Pelican's Markdown reader uses: ``Key: value`` lines, a value continued on
lines indented by four or more spaces, optionally between ``---`` lines, and
ended by a blank line. Unlike that extension, this parser keeps the line
number of every value, so that problems can be reported as ``path:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    # Problems of form found while reading: (line, message).
    problems: list[tuple[int, str]] = field(default_factory=list)
    # False when the file could not be read as text at all: its one problem
    # says why, and no field of it can be checked.
    readable: bool = True


def parse_text(text: str, path: str) -> RawEntry:
    """Split an entry's text into metadata fields and a Markdown body."""
    lines = text.splitlines()
    fields: dict[str, Field] = {}
    problems: list[tuple[int, str]] = []
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
                    (number, f"'{match.group('key')}' is given twice "
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
                    (number, "the file must start with metadata lines "
                     "such as 'Title: ...'")
                )
            # Like the meta extension, the first line that is not metadata
            # starts the body.
            break
        i += 1
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
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = byte_position(data, err.start)
        return RawEntry(shown, {}, "", 1, [(line, (
            f"not valid UTF-8 text: byte 0x{data[err.start]:02x} at column {column} "
            f"({err.reason}); save the file as UTF-8"))], readable=False)
    # Universal newlines, as reading in text mode gives.
    return parse_text(text.replace("\r\n", "\n").replace("\r", "\n"), shown)


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in bytes) of ``data[offset]``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1
