"""Timeline: a Pelican plugin that builds a dated timeline of a law's history.

Hand-written entries (one Markdown file per event) become one ordered
timeline with a page per event, per bill and per stage.
"""

import os

from .plugin import register

# The plugin's own theme: complete, so a site needs no theme of its own. A
# site uses it with THEME = parliament_timeline.THEME_PATH and overrides any
# template by name with THEME_TEMPLATES_OVERRIDES.
THEME_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme")

__all__ = ["THEME_PATH", "register"]
