"""Connects the timeline plugin to Pelican's signals."""

from __future__ import annotations

from pelican import signals

from .site.generator import TimelineGenerator
from .site.pages import sanitize_page
from .site.search import index_site
from .site.summary import finish


def get_generators(pelican_object):
    """Add the timeline generator to Pelican's generators."""
    return TimelineGenerator


def log_summary(pelican_object):
    """Print the one line of what the build made, once the search index is written.

    Printed like Pelican's own "Done" line, which follows it (``finalized`` is
    the last signal Pelican sends): a log message at INFO would be hidden
    unless pelican runs with -v, and this is no warning.
    """
    line = finish(pelican_object.output_path)
    if line:
        print(line, flush=True)


def register():
    """Pelican's entry point for the plugin."""
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(sanitize_page)
    signals.finalized.connect(index_site)
    signals.finalized.connect(log_summary)
