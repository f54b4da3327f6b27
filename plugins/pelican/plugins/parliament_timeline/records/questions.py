"""Questions in dispute: one Markdown file per question in ``content/questions/<key>.md``.

    Title: Licence or label: how should unsafe widgets be stopped?
    Summary: Whether sellers should need a licence, or only label their widgets.
    Sides: licence | Sellers of widgets should hold a licence
        label | A safety label on each widget is enough
    Outcome: The Act requires a label, not a licence.
    Sources: https://www.legislation.gov.uk/... | The Act

    The question's story (Markdown).

Events, quotes, amendments and divisions name the questions they bear on,
with the side they take: ``licence-or-label:label``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Question
from .bodyhtml import body_problems
from .common import KEY_RE, declared_extra, has_errors, record_key, sources_field, text_field
from .kinds import QUESTION
from .parse import RawEntry
from .problems import Problem, RecordChecker

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary





def skipped_lines(body: str) -> int:
    """How many blank lines start ``body`` (the story is kept without them)."""
    stripped = body.lstrip()
    return body[:len(body) - len(stripped)].count("\n")


def build_question(raw: RawEntry, vocabulary: Vocabulary
                   ) -> tuple[Question | None, list[Problem]]:
    """Validate a raw question record; returns it (None on any error) and its problems."""
    c = RecordChecker(raw, QUESTION.single_line)
    key = record_key(c)
    c.check_fields(QUESTION.required, QUESTION.optional, QUESTION.display)
    title = c.single("title")
    summary = text_field(c, "summary")
    sides: dict[str, str] = {}
    for line, side, text in c.pipe_lines("sides"):
        if not KEY_RE.match(side):
            c.error("bad-key", line,
                    f"a side's key must be lower-case letters, digits and hyphens, "
                    f"not '{side}'")
        elif side in sides:
            c.error("duplicate-value", line, f"side '{side}' is given twice")
        elif not text:
            c.error("bad-value", line, f"side '{side}' must say what it argued after '|'")
        else:
            sides[side] = text
    outcome = text_field(c, "outcome")
    sources = sources_field(c, vocabulary, official_first=False)
    unverified = text_field(c, "unverified")
    # The story is Markdown shown on the question's page, under the same rules
    # as an event's narrative.
    for line, message in body_problems(raw.body, raw.body_line):
        c.error("narrative-markup", line, message)
    extra = declared_extra(c, QUESTION)
    if has_errors(c):
        return None, c.problems
    return Question(key=key, title=title[0], summary=summary, sources=sources, sides=sides,
                    outcome=outcome, unverified=unverified, body=raw.body.strip(),
                    source_path=raw.path,
                    body_line=raw.body_line + skipped_lines(raw.body), extra=extra), c.problems
