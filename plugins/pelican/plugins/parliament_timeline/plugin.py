"""Connects the timeline plugin to Pelican's signals.

Every handler first asks whether the site configured the plugin
(:func:`.settings.is_configured`): installed beside a site that did not ask
for it, the plugin does nothing but say so once.
"""

from __future__ import annotations

import functools
import logging

from pelican import signals

from .settings import is_configured
from .site.contentlinks import drop_outside_static_files, guard_content_links
from .site.generator import TimelineGenerator
from .site.outputcache import TimelineWriter
from .site.pages import guard_pages, refuse_unsanitized, sanitize_pages
from .site.search import index_site
from .site.summary import finish

logger = logging.getLogger(__name__)


def get_generators(pelican_object):
    """Add the timeline generator to Pelican's generators, if the site asked for it."""
    if not is_configured(pelican_object.settings):
        logger.info("parliament_timeline: installed but not configured for this site "
                    "(no TIMELINE_* setting and not its theme): doing nothing")
        return None
    return TimelineGenerator


def get_writer(pelican_object):
    """Pelican's writer that can leave unchanged pages alone (site/outputcache.py),
    if the site asked for the timeline."""
    if not is_configured(pelican_object.settings):
        return None
    return TimelineWriter


def when_configured(handler):
    """``handler`` for a signal whose sender has the site's settings, run only
    on a site that asked for the timeline."""

    @functools.wraps(handler)
    def handle(sender, *args, **kwargs):
        if is_configured(sender.settings):
            return handler(sender, *args, **kwargs)
        return None

    return handle


# Module-level, so that the signals (which hold receivers weakly) keep them,
# and connecting them again in another build in the same process adds none.
guard_content_links_here = when_configured(guard_content_links)
guard_pages_here = when_configured(guard_pages)
drop_outside_static_files_here = when_configured(drop_outside_static_files)
sanitize_pages_here = when_configured(sanitize_pages)
refuse_unsanitized_here = when_configured(refuse_unsanitized)
index_site_here = when_configured(index_site)


def log_summary(pelican_object):
    """Print the one line of what the build made, once the search index is written.

    Printed like Pelican's own "Done" line, which follows it (``finalized`` is
    the last signal Pelican sends): a log message at INFO would be hidden
    unless pelican runs with -v, and this is no warning.
    """
    line = finish(pelican_object.output_path)
    if line:
        print(line, flush=True)


log_summary_here = when_configured(log_summary)


def register():
    """Pelican's entry point for the plugin."""
    signals.initialized.connect(guard_content_links_here)
    signals.initialized.connect(guard_pages_here)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.static_generator_finalized.connect(drop_outside_static_files_here)
    signals.readers_init.connect(sanitize_pages_here)
    signals.content_object_init.connect(refuse_unsanitized_here)
    signals.finalized.connect(index_site_here)
    signals.finalized.connect(log_summary_here)
