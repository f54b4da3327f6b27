"""Connects the timeline plugin to Pelican's signals."""

from __future__ import annotations

from pelican import signals

from .site.contentlinks import drop_outside_static_files, guard_content_links
from .site.generator import TimelineGenerator
from .site.pages import guard_pages, sanitize_page
from .site.search import index_site


def get_generators(pelican_object):
    """Add the timeline generator to Pelican's generators."""
    return TimelineGenerator


def register():
    """Pelican's entry point for the plugin."""
    signals.initialized.connect(guard_content_links)
    signals.initialized.connect(guard_pages)
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(drop_outside_static_files)
    signals.content_object_init.connect(sanitize_page)
    signals.finalized.connect(index_site)
