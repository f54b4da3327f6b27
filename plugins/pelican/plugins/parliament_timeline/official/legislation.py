"""legislation.gov.uk: one provision in CLML (Crown Legislation Markup Language).

    GET https://www.legislation.gov.uk/{type}/{year}/{number}/section/{n}/data.xml

The answer is a ``<Legislation>`` document (namespace
``http://www.legislation.gov.uk/namespaces/legislation``): ``ukm:Metadata``
holds the title (``dc:title``), the date the text was last revised
(``dc:modified``) and the effects not yet applied to it
(``ukm:UnappliedEffects``); the provision itself (``P1``, inside a
``P1group`` with its ``Title``) carries its extent (``RestrictExtent``, e.g.
``E+W``), the dates its version is valid from and to (``RestrictStartDate``,
``RestrictEndDate``) and, when it is not in force, its ``Status``
(``Prospective``, ``Repealed``). Its text is in ``Text`` elements under
numbered ``P2``, ``P3``... (``Pnumber``).

As for LawMaker's XML, a document type or entity declaration is refused
before parsing; text is kept as plain words, one paragraph per numbered
paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .reader import MAX_BYTES, OfficialDataError, plain_text

LEG = "{http://www.legislation.gov.uk/namespaces/legislation}"
UKM = "{http://www.legislation.gov.uk/namespaces/metadata}"
DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class Provision:
    """A provision of an Act as legislation.gov.uk holds it."""

    title: str | None  # the Act's title
    heading: str | None  # the provision's own heading (its P1group's Title)
    number: str | None
    extent: str | None  # e.g. "E+W"
    in_force_from: dt.date | None  # RestrictStartDate
    in_force_to: dt.date | None  # RestrictEndDate
    status: str | None  # "Prospective", "Repealed"... None when in force
    revised: dt.date | None  # dc:modified: the text is up to date as of this day
    unapplied_effects: int
    paragraphs: tuple[str, ...]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _date(value: str | None, source: str, item: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise OfficialDataError(source, item, f"not a date: {value[:20]!r}") from None


def _paragraphs(p1: ET.Element) -> list[str]:
    """One paragraph per Text, after the numbers of the paragraphs that open on it."""
    out: list[str] = []
    numbers: list[str] = []

    def walk(e: ET.Element) -> None:
        for child in e:
            name = _local(child.tag)
            if name == "Pnumber":
                # The provision's own number is its heading's, not a paragraph's.
                number = plain_text("".join(child.itertext()))
                if number and e is not p1:
                    numbers.append(f"({number})")
            elif name == "Text":
                words = plain_text("".join(child.itertext()))
                if words:
                    out.append(" ".join([*numbers, words]))
                    numbers.clear()
            elif name not in ("CommentaryRef", "Commentary"):
                walk(child)

    walk(p1)
    return out


def parse_provision(body: bytes, source: str = "legislation.gov.uk") -> Provision:
    """A provision's CLML; raises :class:`OfficialDataError` naming the source and item."""
    if len(body) > MAX_BYTES:
        raise OfficialDataError(source, "", f"the answer is {len(body)} bytes, more than the "
                                f"{MAX_BYTES}-byte limit")
    if re.search(rb"<!(DOCTYPE|ENTITY)", body, re.IGNORECASE):
        raise OfficialDataError(source, "", "a document type or entity declaration is refused")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise OfficialDataError(source, "", f"not well-formed XML ({e})") from None
    if root.tag != f"{LEG}Legislation":
        raise OfficialDataError(source, "", f"not CLML: the root is <{_local(root.tag)}>")
    metadata = root.find(f"{UKM}Metadata")
    if metadata is None:
        raise OfficialDataError(source, "ukm:Metadata", "missing")
    title = metadata.find(f"{DC}title")
    modified = metadata.find(f"{DC}modified")
    effects = metadata.find(f".//{UKM}UnappliedEffects")
    p1 = next(root.iter(f"{LEG}P1"), None)
    if p1 is None:
        raise OfficialDataError(source, "P1", "no provision in the answer")
    group = next((g for g in root.iter(f"{LEG}P1group") if p1 in list(g)), None)
    heading = group.find(f"{LEG}Title") if group is not None else None
    number = p1.find(f"{LEG}Pnumber")
    # The provision's attributes, else its group's (CLML puts them on either).
    holder = p1 if p1.get("RestrictExtent") or group is None else group
    paragraphs = _paragraphs(p1)
    if not paragraphs and p1.get("Status") is None:
        raise OfficialDataError(source, "P1", "the provision has no text")
    return Provision(
        title=plain_text("".join(title.itertext())) if title is not None else None,
        heading=plain_text("".join(heading.itertext())) if heading is not None else None,
        number=plain_text("".join(number.itertext())) if number is not None else None,
        extent=plain_text(holder.get("RestrictExtent") or "") or None,
        in_force_from=_date(holder.get("RestrictStartDate"), source, "RestrictStartDate"),
        in_force_to=_date(holder.get("RestrictEndDate"), source, "RestrictEndDate"),
        status=plain_text(p1.get("Status") or holder.get("Status") or "") or None,
        revised=_date(modified.text if modified is not None else None, source, "dc:modified"),
        unapplied_effects=len(list(effects)) if effects is not None else 0,
        paragraphs=tuple(paragraphs),
    )
