"""What every parser of an official answer shares: decoding, typed fields, plain text.

An answer is untrusted input. :func:`load_json` decodes it (bounded in
size); :class:`Fields` reads one JSON object's fields with their types
checked, and raises :class:`OfficialDataError`, naming the source (the
service and request) and the item (``Ayes[12].Name``), for anything missing
or of the wrong type. Text is always reduced to plain words on one line:
HTML the services send (``amendmentMotionNotes``) loses its tags, so no
markup, script or line break from an answer reaches a record or a page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# No recorded answer comes near this; a body past it is refused unread.
MAX_BYTES = 10 * 1024 * 1024


class OfficialDataError(ValueError):
    """An answer that cannot be used: ``str()`` names the source and the item."""

    def __init__(self, source: str, item: str, message: str) -> None:
        """Keep the source (e.g. 'Lords division 3172'), the item and what is wrong."""
        self.source = source
        self.item = item
        self.message = message
        where = f"{source}, {item}" if item else source
        super().__init__(f"{where}: {message}")


def load_json(body: bytes, source: str) -> Any:
    """Decode an answer's JSON, refusing one that is too large or not JSON."""
    if len(body) > MAX_BYTES:
        raise OfficialDataError(source, "", f"the answer is {len(body)} bytes, more than "
                                f"the {MAX_BYTES}-byte limit")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise OfficialDataError(source, "", f"not UTF-8 text ({e.reason})") from None
    except (json.JSONDecodeError, RecursionError) as e:
        raise OfficialDataError(source, "", f"not valid JSON ({e})") from None


class _Text(HTMLParser):
    """Collects the text of an HTML fragment, dropping every tag and script."""

    SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in ("p", "br", "li", "div"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_text(value: str) -> str:
    """Words only: tags and scripts removed, entities decoded, blanks made one space."""
    if "<" in value or "&" in value:
        parser = _Text()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
        value = html.unescape(value)
    # Control characters (and line breaks) would break a record's one-line fields.
    if CONTROL_RE.search(value):
        value = CONTROL_RE.sub(" ", value)
    return " ".join(value.split())


class Fields:
    """One JSON object of an answer, read field by field with types checked."""

    def __init__(self, value: Any, source: str, item: str = "") -> None:
        """Wrap ``value``, which must be a JSON object, found at ``item``."""
        if not isinstance(value, dict):
            raise OfficialDataError(source, item or "the answer",
                                    f"expected an object, found {_kind(value)}")
        self.value = value
        self.source = source
        self.item = item

    def _where(self, key: str) -> str:
        return f"{self.item}.{key}" if self.item else key

    def error(self, key: str, message: str) -> OfficialDataError:
        """An error about one field."""
        return OfficialDataError(self.source, self._where(key), message)

    def get(self, key: str, kind: type | tuple[type, ...], *, required: bool = True):
        """The field's value, of ``kind``; None when absent or null and not required."""
        value = self.value.get(key)
        if value is None:
            if required:
                raise self.error(key, "missing" if key not in self.value else "is null")
            return None
        # bool is an int in Python; a count given as true is wrong.
        if isinstance(value, bool) and bool not in _as_tuple(kind):
            raise self.error(key, f"expected {_names(kind)}, found a boolean")
        if not isinstance(value, kind):
            raise self.error(key, f"expected {_names(kind)}, found {_kind(value)}")
        return value

    def integer(self, key: str, *, required: bool = True, minimum: int = 0) -> int | None:
        """A whole number, at least ``minimum``."""
        value = self.get(key, int, required=required)
        if value is not None and value < minimum:
            raise self.error(key, f"expected a number of at least {minimum}, found {value}")
        return value

    def text(self, key: str, *, required: bool = True) -> str | None:
        """A string made plain text (see :func:`plain_text`); empty counts as missing."""
        value = self.get(key, str, required=required)
        if value is None:
            return None
        value = plain_text(value)
        if not value and required:
            raise self.error(key, "is empty")
        return value or None

    def boolean(self, key: str, *, required: bool = True) -> bool | None:
        """True or false."""
        return self.get(key, bool, required=required)

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        """An ISO date or date and time (``2024-11-20T00:00:00``), as its date."""
        value = self.get(key, str, required=required)
        if value is None:
            return None
        try:
            return dt.datetime.fromisoformat(value.strip()[:19]).date()
        except ValueError:
            raise self.error(key, f"expected an ISO date, found {value[:40]!r}") from None

    def obj(self, key: str, *, required: bool = True) -> Fields | None:
        """A nested object."""
        value = self.get(key, dict, required=required)
        return None if value is None else Fields(value, self.source, self._where(key))

    def objects(self, key: str, *, required: bool = True) -> Iterator[Fields]:
        """The objects of a list field (an absent optional list is empty)."""
        value = self.get(key, list, required=required)
        for i, item in enumerate(value or ()):
            yield Fields(item, self.source, f"{self._where(key)}[{i}]")


def _as_tuple(kind) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)


def _names(kind) -> str:
    names = {int: "a number", str: "a string", bool: "a boolean", list: "a list",
             dict: "an object", float: "a number"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return _names(type(value))
