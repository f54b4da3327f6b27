"""The feeds that follow one record (exports.follow_feeds), read by feedparser.

A person's feed has the events of their part in the story, a question's
the events of its story, a bill's amendments feed the events at which its
amendments and divisions were taken; each page links its feed in its head
and in its text.
"""

from __future__ import annotations

import feedparser
import pytest

from conftest import soup

PUBLIC = "http://localhost:8000"
REPORT = f"{PUBLIC}/events/2024-05-15-report-stage/"
ANNOUNCEMENT = f"{PUBLIC}/events/2024-04-16-announcement/"


def read(output, path: str):
    feed = feedparser.parse((output / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize(("path", "page", "events"), [
    # Named among the announcement's people, quoted at the report stage.
    ("feeds/people/jane-widget.atom.xml", "people/jane-widget/", [ANNOUNCEMENT, REPORT]),
    # Only through an amendment they moved, debated at the report stage.
    ("feeds/people/sam-cog.atom.xml", "people/sam-cog/", [REPORT]),
    ("feeds/questions/penalties.atom.xml", "questions/penalties/", [REPORT]),
    ("feeds/amendments/widget-safety-bill-2023-24.atom.xml",
     "bills/widget-safety-bill-2023-24/amendments/", [REPORT]),
    # A bill with no amendment: a valid feed with no entry.
    ("feeds/amendments/consumer-widgets-bill-hl.atom.xml",
     "bills/consumer-widgets-bill-hl/amendments/", []),
])
def test_each_record_feed_has_the_events_of_its_story(fixture_build, path, page, events):
    feed = read(fixture_build, path)
    assert [e.link for e in feed.entries] == events
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": f"{PUBLIC}/{page}", "self": f"{PUBLIC}/{path}"}
    assert feed.feed.id.startswith("urn:uuid:")
    # The same entry as in the feed of every event.
    every = {e.id: e for e in read(fixture_build, "feeds/all.atom.xml").entries}
    for entry in feed.entries:
        assert entry.title == every[entry.id].title


def test_record_feeds_have_ids_of_their_own(fixture_build):
    ids = [read(fixture_build, p).feed.id for p in (
        "feeds/bills/widget-safety-bill-2023-24.atom.xml",
        "feeds/amendments/widget-safety-bill-2023-24.atom.xml",
        "feeds/people/jane-widget.atom.xml", "feeds/questions/penalties.atom.xml")]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(("page", "feed"), [
    ("people/jane-widget/index.html", "feeds/people/jane-widget.atom.xml"),
    ("questions/penalties/index.html", "feeds/questions/penalties.atom.xml"),
    ("bills/widget-safety-bill-2023-24/amendments/index.html",
     "feeds/amendments/widget-safety-bill-2023-24.atom.xml"),
])
def test_each_page_links_its_feed_in_the_head_and_the_text(fixture_build, page, feed):
    doc = soup(fixture_build / page)
    alternates = [link["href"] for link in doc.select(
        'head link[rel="alternate"][type="application/atom+xml"]')]
    visible = doc.select_one("main p.follow a")
    for href in (alternates[-1], visible["href"]):
        assert (fixture_build / page).parent.joinpath(href).resolve() == (
            fixture_build / feed).resolve()
    assert visible["type"] == "application/atom+xml"
    assert visible.get_text().startswith("Follow ")
