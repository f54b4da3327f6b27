"""Pelican's own pages (About, Method, Contributing...): the entries' sanitizer for them too.

Pelican, not the timeline generator, reads ``content/pages/`` and renders
their Markdown. Those pages are written by the same editors as the entries,
so their bodies get the same allowlist (:mod:`..records.bodyhtml`) as soon
as Pelican has made each one (the ``content_object_init`` signal).
"""

from __future__ import annotations

import os

from pelican.contents import Static
from pelican.readers import MarkdownReader

from ..records.bodyhtml import sanitize_body


def sanitize_page(content) -> None:
    """Sanitize the rendered body and summary of a page or article read from Markdown.

    Content from other readers (reStructuredText, HTML files) is left as it
    is: the allowlist is that of Markdown, and an HTML page is written as
    HTML on purpose.
    """
    if isinstance(content, Static):
        return
    extension = os.path.splitext(content.source_path or "")[1].lstrip(".")
    if extension not in MarkdownReader.file_extensions:
        return
    if content._content:
        content._content = sanitize_body(content._content)
    # A Summary in the metadata is Markdown too, rendered by Pelican's reader.
    if getattr(content, "_summary", None):
        content._summary = sanitize_body(content._summary)
        content.metadata["summary"] = content._summary
