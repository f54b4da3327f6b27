"""The site's menu: the plugin's pages that have something to show a reader.

A site that sets ``MENUITEMS`` chooses its menu itself; otherwise the theme
shows this one, so a new site's menu grows as its editors add records (a
People page appears with the first person) and never leads a reader to an
empty page.
"""

from __future__ import annotations

from ..settings import TimelineSettings
from ..vocabulary import Vocabulary


def site_menu(ts: TimelineSettings, vocabulary: Vocabulary,
              has_feeds: bool) -> tuple[tuple[str, str], ...]:
    """(title, URL relative to the site) of each of the plugin's pages worth a link."""
    items = [
        ("Timeline", ts.url, True),
        ("Bills", ts.bills_url, bool(vocabulary.bills)),
        ("Questions", ts.questions_url, bool(vocabulary.questions)),
        ("Wording", ts.wording_url, bool(vocabulary.versions)),
        ("People", ts.people_url, bool(vocabulary.people)),
        ("Glossary", ts.glossary_url, True),
        ("Search", ts.search_url, ts.search_index),
        ("Open data", ts.opendata_url, True),
        ("Feed status", ts.feeds_status_url, has_feeds),
    ]
    return tuple((title, url) for title, url, shown in items if shown)
