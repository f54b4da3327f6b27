"""Connects the timeline plugin to Pelican's signals.

Every handler first asks whether the site configured the plugin
(:func:`.settings.is_configured`): installed beside a site that did not ask
for it, the plugin does nothing but say so once.
"""

from __future__ import annotations

import logging

from pelican import signals

from .settings import is_configured
from .site.generator import TimelineGenerator
from .site.pages import sanitize_page
from .site.search import index_site

logger = logging.getLogger(__name__)


def get_generators(pelican_object):
    """Add the timeline generator to Pelican's generators, if the site asked for it."""
    if not is_configured(pelican_object.settings):
        logger.info("parliament_timeline: installed but not configured for this site "
                    "(no TIMELINE_* setting and not its theme): doing nothing")
        return None
    return TimelineGenerator


def sanitize_configured_page(content) -> None:
    """Sanitize a page's HTML (:func:`.site.pages.sanitize_page`) on a site that asked."""
    if is_configured(content.settings):
        sanitize_page(content)


def index_configured_site(pelican_object) -> None:
    """Index the built site for search (:func:`.site.search.index_site`) on a site that asked."""
    if is_configured(pelican_object.settings):
        index_site(pelican_object)


def register():
    """Pelican's entry point for the plugin."""
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(sanitize_configured_page)
    signals.finalized.connect(index_configured_site)
