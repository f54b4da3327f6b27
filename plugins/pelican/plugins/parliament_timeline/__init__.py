"""Timeline: a Pelican plugin that builds a dated timeline of a law's history.

Hand-written entries (one Markdown file per event) become one ordered
timeline with a page per event, per bill and per stage.
"""

import os

# The plugin's own theme: complete, so a site needs no theme of its own. A
# site uses it with THEME = parliament_timeline.THEME_PATH and overrides any
# template by name with THEME_TEMPLATES_OVERRIDES.
THEME_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme")

__all__ = ["THEME_PATH", "register"]


def __getattr__(name: str):
    # Pelican's register, imported when Pelican asks for it: a command that
    # does not build (``parliament-timeline check``, ``new-entry``...) then
    # starts without importing the build's generator, templates and exports.
    if name == "register":
        from .plugin import register

        return register
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
