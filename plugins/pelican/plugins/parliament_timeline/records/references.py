"""Links from an entry's narrative to other pages of the site.

An entry links to another event, a bill or a stage with a reference instead
of a path, so that the link survives any URL scheme and any address the site
is published at (a path like ``/events/x/`` breaks under a sub-folder)::

    See [the announcement]({entry}2024-04-16-announcement).
    The [Widget Safety Bill]({bill}widget-safety-bill)
    reached [report stage]({stage}report).
    [Jane Widget]({person}jane-widget) moved it, on
    [licence or label]({question}licence-or-label).

``{entry}`` takes an entry's permanent id (its file name without ``.md``),
``{bill}`` a bill key (a record in content/bills/), ``{stage}`` a stage key,
``{person}`` a person's key (content/people/) and ``{question}`` a question's
key (content/questions/). A
``#fragment`` may follow. ``invoke check`` reports a reference to something
that does not exist; the build turns references into URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("entry", "bill", "stage", "person", "question")

REFERENCE_RE = re.compile(
    r"^\{(?P<kind>[a-z]+)\}(?P<key>[^#\s]*)(?P<fragment>#\S*)?$"
)
# Link targets in Markdown: inline links and images "](target", reference
# definitions "[id]: target", and raw HTML href/src attributes.
_INLINE_RE = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
_DEFINITION_RE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)")
_ATTRIBUTE_RE = re.compile(r"""\b(?:href|src)\s*=\s*["'](?P<target>[^"']+)["']""")
# The same attributes in rendered HTML, where references are replaced.
_HTML_REFERENCE_RE = re.compile(
    r"""(?P<attr>\b(?:href|src)=)(?P<quote>["'])(?P<target>\{[a-z]+\}[^"']*)(?P=quote)"""
)


@dataclass(frozen=True)
class Link:
    """A link target written in an entry's narrative, at a line of its file."""

    line: int
    target: str


@dataclass(frozen=True)
class Reference:
    """A parsed ``{kind}key#fragment`` reference."""

    kind: str
    key: str
    fragment: str = ""


def find_links(body: str, first_line: int) -> list[Link]:
    """Every link target in a Markdown body whose first line is ``first_line``."""
    links = []
    for number, text in enumerate(body.splitlines(), start=first_line):
        for regex in (_INLINE_RE, _DEFINITION_RE, _ATTRIBUTE_RE):
            links.extend(Link(number, m.group("target")) for m in regex.finditer(text))
    return sorted(links, key=lambda link: link.line)


# A reference written as text: outside a link target it is printed as it is.
_BARE_RE = re.compile(r"\{(?P<kind>" + "|".join(KINDS) + r")\}(?P<key>[\w-]*)")


def bare_references(body: str, first_line: int) -> list[Link]:
    """The references in a Markdown body that are not the target of a link.

    ``{person}jane-widget`` alone is printed literally; it must be written
    as a link, ``[Jane Widget]({person}jane-widget)``.
    """
    found = []
    for number, text in enumerate(body.splitlines(), start=first_line):
        if "{" not in text:
            continue
        for regex in (_INLINE_RE, _DEFINITION_RE, _ATTRIBUTE_RE):
            text = regex.sub(lambda m: " " * len(m.group(0)), text)
        found.extend(Link(number, m.group(0)) for m in _BARE_RE.finditer(text))
    return found


def parse_reference(target: str) -> Reference | None:
    """The reference a link target stands for, or None if it is not one.

    A target of the form ``{word}...`` whose word is not one of :data:`KINDS`
    is still returned, so that a misspelt kind can be reported.
    """
    m = REFERENCE_RE.match(target)
    if not m:
        return None
    return Reference(m.group("kind"), m.group("key"), m.group("fragment") or "")


def resolve_references(html: str, url_for: Callable[[Reference], str | None]) -> str:
    """Replace the references in rendered HTML by the URLs ``url_for`` gives.

    A reference ``url_for`` cannot resolve (it returns None) is left as
    written; ``invoke check`` reports it.
    """

    def replace(m: re.Match) -> str:
        ref = parse_reference(m.group("target"))
        url = url_for(ref) if ref is not None else None
        if url is None:
            return m.group(0)
        return f"{m.group('attr')}{m.group('quote')}{url}{ref.fragment}{m.group('quote')}"

    return _HTML_REFERENCE_RE.sub(replace, html)
