"""The placeholder text that the scaffolding commands write, and finding it again.

``new-entry``, ``new-bill``, ``new-version`` and ``new-site`` write records whose prose an
editor must replace. The texts are declared here, once, so that the commands
write them and the checks find them: ``check`` warns of any left in a record,
and the strict (publishing) build refuses to publish it.
"""

from __future__ import annotations

import re

# Problem code of every placeholder left in a record (records/problems.py).
CODE = "scaffold"

ENTRY_BODY = ("Write here what happened, in plain words, with any quotes verbatim,\n"
              "attributed and linked to where they were said.")
BILL_BODY = ("Rewrite this paragraph to say, in plain words, what became of the bill and how it\n"
             "carries the subject of this timeline.")
VERSION_BODY = ("Copy here the text as printed, word for word, one paragraph per subsection,\n"
                "with a blank line between paragraphs.")
PAGE_BODY = ("Rewrite this page to say what the timeline follows, who keeps it and how to get\n"
             "in touch.")
TEXTS = (ENTRY_BODY, BILL_BODY, VERSION_BODY, PAGE_BODY)
# The body a new-<kind> command writes, by kind, where the kind needs one
# (records/kinds.py: ``body_required``); the others start with no body.
BODIES = {"entry": ENTRY_BODY, "bill": BILL_BODY, "version": VERSION_BODY}


def _words(text: str) -> str:
    return " ".join(text.split())


def placeholder_line(body: str, body_line: int) -> int | None:
    """The line of ``body`` (which starts at ``body_line``) where a placeholder
    text begins, however it was re-wrapped; None when it holds none."""
    flat = _words(body)
    for text in TEXTS:
        opening = " ".join(_words(text).split()[:6])
        if opening in flat:
            pattern = r"\s+".join(re.escape(w) for w in opening.split())
            found = re.search(pattern, body)
            if found:
                return body_line + body.count("\n", 0, found.start())
    return None
