"""A word-level redline of one version of the wording against another.

The wording page (docs/debate-records.md, "Versions of the wording") shows
each version with what changed since the one before: words added in
``<ins>``, words taken out in ``<del>``. Strike-through, underline and
colour are not enough (a screen reader may say nothing of them, a reader
may not see colour), so each change also starts and ends with words in
visually hidden text: "[inserted: " ... "]" and "[deleted: " ... "]".
CSS ``::before`` content is not read by every screen reader, so the words
are real text.

The texts are compared as words with :class:`difflib.SequenceMatcher`;
paragraph breaks (one paragraph per subsection) are tokens of their own, so
an added subsection shows as a paragraph of its own. Every word is
escaped: the result is safe HTML.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

from markupsafe import Markup, escape

# The token between paragraphs: words never hold whitespace, so it is never a word.
BREAK = "\n"
MARKERS = {
    "ins": ("[inserted: ", "]"),
    "del": ("[deleted: ", "]"),
}


def tokens(paragraphs: Sequence[str]) -> list[str]:
    """The words of ``paragraphs``, with :data:`BREAK` between paragraphs."""
    found: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            found.append(BREAK)
        found.extend(paragraph.split())
    return found


def changes(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """Runs of tokens, each ``("same" | "del" | "ins", tokens)``, in reading order.

    A replaced run is its deleted words, then its inserted ones.
    """
    a, b = tokens(old), tokens(new)
    # autojunk would treat frequent words ("the", "of") as junk in long texts.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield "same", b[j1:j2]
        if op in ("delete", "replace"):
            yield "del", a[i1:i2]
        if op in ("insert", "replace"):
            yield "ins", b[j1:j2]


def _run(kind: str, words: list[str]) -> str:
    text = " ".join(str(escape(w)) for w in words)
    if kind == "same":
        return text
    start, end = MARKERS[kind]
    return (f'<{kind}><span class="visually-hidden">{start}</span>{text}'
            f'<span class="visually-hidden">{end}</span></{kind}>')


def redline(old: Sequence[str], new: Sequence[str]) -> Markup:
    """The new paragraphs as HTML ``<p>`` elements, marked with what changed from the old.

    Every paragraph break, kept, added or taken out, starts a new paragraph,
    so a deleted subsection keeps a line of its own; a change that spans
    paragraphs is marked in each of them.
    """
    paragraphs: list[list[str]] = [[]]
    for kind, run in changes(old, new):
        words: list[str] = []
        for token in run:
            if token == BREAK:
                if words:
                    paragraphs[-1].append(_run(kind, words))
                    words = []
                paragraphs.append([])
            else:
                words.append(token)
        if words:
            paragraphs[-1].append(_run(kind, words))
    return Markup("\n".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p))


def plain(paragraphs: Sequence[str]) -> Markup:
    """Paragraphs as escaped HTML ``<p>`` elements, for a version with none before it."""
    return Markup("\n".join(f"<p>{escape(p)}</p>" for p in paragraphs))
