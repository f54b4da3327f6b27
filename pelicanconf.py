"""Pelican settings for development builds (``invoke build``, ``invoke serve``).

publishconf.py imports these and changes what publishing needs.
"""

import os
import sys

# The plugin's modules (the feed list) are needed here, before Pelican loads
# the plugin from PLUGIN_PATHS; make plugins/ importable however Pelican is run.
_plugins_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if _plugins_dir not in sys.path:
    sys.path.insert(0, _plugins_dir)

from timeline.feedlist import TIMELINE_FEEDS  # noqa: E402, F401

AUTHOR = "The deepfake offence timeline editors"
SITENAME = "Deepfakes and the law: a UK timeline"
SITESUBTITLE = (
    "How creating a sexually explicit deepfake without consent became a "
    "criminal offence in England and Wales, step by step, from the primary sources"
)
SITEURL = ""

PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
LOCALE = ("C",)

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["timeline"]

# The timeline plugin reads the entries; Pelican itself only builds the
# static pages (About, Method, ...). There are no blog articles.
TIMELINE_PATHS = ["entries"]
TIMELINE_STRICT = False
# The official feeds (TIMELINE_FEEDS, imported above; docs/feeds.md) are read
# from the snapshots in content/feeds/, never from the network, by the build.
# `invoke fetch-feeds` names this contact URL in its User-Agent: set it (or
# the environment variable) to the published site's About page or to the
# repository, e.g. https://example.org/about/. Unset, the fetch falls back to
# $SITEURL and refuses to run without either.
TIMELINE_FETCH_CONTACT = os.environ.get("TIMELINE_FETCH_CONTACT") or None
# The address the exports (feeds, JSON, CSV, calendar, TimelineJS) give for
# every permalink, which must be absolute even when pages link relatively.
# In development, the local server of `invoke serve`; publishconf.py uses
# SITEURL. See TIMELINE_PUBLIC_URL in plugins/timeline/settings.py.
TIMELINE_PUBLIC_URL = "http://localhost:8000"
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# No feeds in development builds.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = False
RELATIVE_URLS = True

# Pages in the site's menu, in order: (title, URL relative to the site).
MENUITEMS = (
    ("Timeline", ""),
    ("Bills", "bills/"),
    ("Glossary", "glossary/"),
    ("Search", "search/"),
    ("Open data", "data/"),
    ("Feed status", "feed-status/"),
)
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Escape every value in templates by default: entries and feed items are
# text; only rendered Markdown bodies are marked safe, in the templates.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}
