"""Versions of the wording: one file per printed text in ``content/versions/<key>.md``.

    Title: New clause 1, as tabled for report stage
    Date: 2024-05-10
    Bill: widget-safety-bill-2023-24
    Stage: report
    Provision: New clause 1
    Sources: https://bills.parliament.uk/... | Notices of amendments

    The text as printed, word for word, one paragraph per subsection.

Versions are shown in date order; the wording page compares each with the
one before, word by word (site/redline.py), or with the version named in
``Follows`` (``none`` for the first text of another provision). The body is text, not Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Version
from .common import (
    YES,
    date_field,
    declared_extra,
    has_errors,
    record_key,
    sources_field,
    text_field,
    url_field,
)
from .kinds import VERSION
from .parse import RawEntry
from .problems import Problem, RecordChecker

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

# Follows: none, for the first version of a provision recorded.
NO_VERSION = "none"




def paragraphs_of(body: str) -> tuple[str, ...]:
    """The body's paragraphs, each with its runs of blanks and line breaks made one space."""
    return tuple(" ".join(p.split()) for p in body.split("\n\n") if p.strip())


def build_version(raw: RawEntry, vocabulary: Vocabulary
                  ) -> tuple[Version | None, list[Problem]]:
    """Validate a raw version record; returns it (None on any error) and its problems."""
    c = RecordChecker(raw, VERSION.single_line)
    key = record_key(c)
    c.check_fields(VERSION.required, VERSION.optional, VERSION.display)
    title = c.single("title")
    date = date_field(c, "date")
    provision = c.single("provision")
    bill = c.choice("bill", vocabulary.bills, "bills") if c.field("bill") else None
    stage = c.choice("stage", vocabulary.stages, "stages") if c.field("stage") else None
    amendment = c.single("amendment")
    follows = c.single("follows")
    enacted = c.choice("enacted", YES, "values") if c.field("enacted") else False
    partial = c.choice("partial", YES, "values") if c.field("partial") else False
    if partial and c.field("unverified") is None:
        c.error("missing-field", c.field("partial").line,
                "a partial text needs an 'Unverified' note saying "
                "where the text seen stops")
    in_force = date_field(c, "in-force")
    up_to_date = date_field(c, "up-to-date")
    legislation = url_field(c, "legislation")
    for name in ("in-force", "up-to-date"):
        if (f := c.field(name)) is not None and not enacted:
            c.error("contradiction", f.line,
                    f"'{f.key}' is only for the law as enacted ('Enacted: yes')")
    paragraphs = paragraphs_of(raw.body)
    if not paragraphs:
        c.error("missing-body", raw.body_line,
                "the body must hold the text as printed (a version whose "
                "text was not seen has no place on the wording page)")
    c.check_placeholder("the text")
    sources = sources_field(c, vocabulary, official_first=False)
    unverified = text_field(c, "unverified")
    extra = declared_extra(c, VERSION)
    if has_errors(c):
        return None, c.problems
    return Version(
        key=key, title=title[0], date=date, provision=provision[0], paragraphs=paragraphs,
        sources=sources, bill=bill, stage=stage, amendment=amendment[0] if amendment else None,
        follows=follows[0] if follows else None,
        partial=bool(partial), enacted=bool(enacted), in_force=in_force, up_to_date=up_to_date,
        legislation=legislation,
        unverified=unverified, source_path=raw.path,
        lines={k: f.line for k, f in raw.fields.items()}, extra=extra,
    ), c.problems
