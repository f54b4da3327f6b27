"""The site's menu: the plugin's pages that have something to show a reader.

A site that sets ``MENUITEMS`` chooses its menu itself; otherwise the theme
shows this one, so a new site's menu grows as its editors add records (a
People page appears with the first person) and never leads a reader to an
empty page.
"""

from __future__ import annotations

from ..pagekinds import SitePages
from ..settings import TimelineSettings
from ..vocabulary import Vocabulary


def site_menu(ts: TimelineSettings, vocabulary: Vocabulary,
              has_feeds: bool) -> tuple[tuple[str, str], ...]:
    """(title, URL relative to the site) of each of the plugin's pages worth a link."""
    items = [
        ("Timeline", "home", True),
        ("Bills", "bills", bool(vocabulary.bills)),
        ("Questions", "questions", bool(vocabulary.questions)),
        ("Wording", "wording", bool(vocabulary.versions)),
        ("People", "people", bool(vocabulary.people)),
        ("Glossary", "glossary", True),
        ("Search", "search", ts.search_index),
        ("Open data", "opendata", True),
        ("Feed status", "feeds", has_feeds),
    ]
    places = SitePages(ts)
    return tuple((title, places.url(kind)) for title, kind, shown in items if shown)
