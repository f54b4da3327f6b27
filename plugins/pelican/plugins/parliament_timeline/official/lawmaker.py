"""Amendment papers in LawMaker's XML (Akoma Ntoso 3.0 with the ``ukl:`` namespace).

An amendment paper lists amendments, each a ``<component class="amendment">``:
its number (``amendmentContent//num``), its proposer and supporters
(``docIntroducer``, ``docProponent``), the text to be moved (the
``instruction`` block, with any new clause as a ``quotedStructure``) and the
member's explanatory statement (``blockContainer class="explanatoryStatement"``).
The paper's own metadata gives the bill's title, the House, the stage and
the date it was published.

The XML is untrusted: a document type declaration (and so any entity, internal
or external) is refused before parsing, and the standard library's parser
never fetches anything. Text is kept as plain words, a paragraph per
subsection or paragraph of the amendment.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .reader import MAX_BYTES, OfficialDataError, plain_text
from .types import AmendmentText

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
QUOTES = {"\u201c", "\u2018", '"', "'"}
# Elements that make a paragraph of their own.
BLOCKS = {"p", "heading", "section", "subsection", "level", "intro", "content", "wrapUp",
          "paragraph", "subparagraph", "block", "tblock", "quotedStructure", "blockContainer",
          "hcontainer", "list", "item", "tr", "td", "th"}


@dataclass(frozen=True)
class AmendmentPaper:
    """An amendment paper: what it amends, where, when, and its amendments."""

    bill_title: str | None
    house: str | None  # "commons" or "lords"
    stage: str | None  # as the paper names it, e.g. "Report Stage"
    published: dt.date | None
    url: str | None  # its address on lawmaker.legislation.gov.uk, if it gives one
    amendments: tuple[AmendmentText, ...]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(e: ET.Element) -> str:
    return plain_text("".join(e.itertext()))


def paragraphs(root: ET.Element, skip: ET.Element | None = None) -> list[str]:
    """The text under ``root`` as paragraphs: one per block, numbers kept before their text."""
    out: list[str] = []
    buf: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        words = plain_text("".join(buf))
        if words:
            # A quotation mark opens on its text; a number is followed by a space.
            prefix = "".join(p if p in QUOTES else p + " " for p in pending)
            out.append(prefix + words)
            pending.clear()
        buf.clear()

    def walk(e: ET.Element) -> None:
        buf.append(e.text or "")
        for child in e:
            name = _local(child.tag)
            if child is skip:
                pass
            elif name == "num":
                flush()
                if number := _text(child):
                    pending.append(number)
            elif name in BLOCKS:
                flush()
                opening = child.get("startQuote") if name == "quotedStructure" else None
                if opening:
                    pending.append(opening)
                walk(child)
                flush()
                closing = child.get("endQuote") if name == "quotedStructure" else None
                if closing and out:
                    out[-1] += closing
            else:  # inline (mod, ref, docIntroducer...): its words stay in the paragraph
                walk(child)
            buf.append(child.tail or "")

    walk(root)
    flush()
    return out


def _find(e: ET.Element, name: str) -> ET.Element | None:
    return next((x for x in e.iter() if _local(x.tag) == name), None)


def _all(e: ET.Element, name: str) -> list[ET.Element]:
    return [x for x in e.iter() if _local(x.tag) == name]


def parse_amendment_paper(body: bytes, source: str) -> AmendmentPaper:
    """An amendment paper; raises :class:`OfficialDataError` naming ``source`` and the item."""
    if len(body) > MAX_BYTES:
        raise OfficialDataError(source, "", f"the paper is {len(body)} bytes, more than the "
                                f"{MAX_BYTES}-byte limit")
    if re.search(rb"<!(DOCTYPE|ENTITY)", body[:MAX_BYTES], re.IGNORECASE):
        raise OfficialDataError(source, "", "a document type or entity declaration is refused "
                                "(LawMaker's XML has none)")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise OfficialDataError(source, "", f"not well-formed XML ({e})") from None
    if _local(root.tag) != "akomaNtoso":
        raise OfficialDataError(source, "", f"not Akoma Ntoso: the root is <{_local(root.tag)}>")
    concepts = {x.get("eId"): x.get("showAs") for x in root.iter()
                if _local(x.tag) in ("TLCConcept", "TLCProcess")}
    house = {"House of Commons": "commons", "House of Lords": "lords"}.get(
        concepts.get("varHouse") or "")
    published = None
    for d in _all(root, "FRBRdate"):
        if d.get("name") == "published":
            try:
                published = dt.date.fromisoformat(d.get("date", ""))
            except ValueError:
                raise OfficialDataError(source, "FRBRdate", "a published date that is not "
                                        f"YYYY-MM-DD: {d.get('date', '')[:20]!r}") from None
            break
    # The last alternateUri is the expression's: the paper of that date.
    url = next((a.get("value") for a in reversed(_all(root, "FRBRalias"))
                if a.get("name") == "alternateUri"
                and (a.get("value") or "").startswith("https://")), None)
    amendments = []
    for i, component in enumerate(x for x in root.iter() if _local(x.tag) == "component"
                                  and x.get("class") == "amendment"):
        amendments.append(_amendment(component, source, i))
    if not amendments:
        raise OfficialDataError(source, "", "no amendment in the paper")
    return AmendmentPaper(
        bill_title=plain_text(concepts.get("varBillTitle") or "") or None, house=house,
        stage=plain_text(concepts.get("varStageVersion") or "") or None,
        published=published, url=url, amendments=tuple(amendments))


def _amendment(component: ET.Element, source: str, i: int) -> AmendmentText:
    where = f"amendment {i + 1}"
    content = _find(component, "amendmentContent")
    if content is None:
        raise OfficialDataError(source, where, "no amendmentContent")
    num = _find(content, "num")
    number = _text(num) if num is not None else ""
    if not number:
        raise OfficialDataError(source, where, "no number")
    where = f"amendment {number}"
    heading = _find(component, "amendmentHeading")
    sponsors = tuple(_text(x) for x in (_all(heading, "docIntroducer")
                                        + _all(heading, "docProponent"))
                     if _text(x)) if heading is not None else ()
    instruction = next((b for b in content.iter() if _local(b.tag) == "block"
                        and b.get("name") == "instruction"), None)
    if instruction is None:
        raise OfficialDataError(source, where, "no instruction (the text to be moved)")
    text = paragraphs(instruction)
    if not text:
        raise OfficialDataError(source, where, "the text is empty")
    statement = None
    for box in _all(component, "blockContainer"):
        if box.get("class") == "explanatoryStatement":
            title = _find(box, "heading")
            statement = " ".join(paragraphs(box, skip=title)) or None
    body = _find(component, "amendmentBody")
    clause = None
    if body is not None and body.get("{https://www.legislation.gov.uk/namespaces/UK-AKN}type") \
            == "newClause":
        title = _find(instruction, "heading")
        clause = _text(title) if title is not None else None
    return AmendmentText(number=number, sponsors=sponsors, statement=statement,
                         text="\n\n".join(text), heading=clause or text[0])
