"""Timeline: a Pelican plugin that builds a dated timeline of a law's history.

Hand-written entries (one Markdown file per event) become one ordered
timeline with a page per event, per bill and per stage.
"""

from .plugin import register

__all__ = ["register"]
