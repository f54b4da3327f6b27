"""The story at a glance on built pages: the drawn overview, the key moments,
What's next (and its calendar events), compact verification notes, the 404
page (also as the preview servers serve it), the favicon and the build's
one-line summary. Fixture builds, pages parsed."""

from __future__ import annotations

import asyncio
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import FIXTURE_SITE, build, soup
from pelican.plugins.parliament_timeline.commands.serving import (
    livereload_handler,
    serve_handler,
)
from pelican.plugins.parliament_timeline.site.summary import build_summary

DUE = "2026-03-01-widget-review-due"
PAST_DUE = "2024-01-10-widget-report-due"
DUE_TEXT = """\
Title: {title}
Date: {date}
Due: yes
Summary: The Act requires a review of the widget rule.
Stage: publication
Chamber: government
Bill: consumer-widgets-bill-hl
Sources: https://www.legislation.gov.uk/ukpga/2025/9901/section/2 | The Act, section 2
    https://www.example.org/copy-of-the-act | A copy of the Act
Unverified: The section was read in a copy of the Act, not on legislation.gov.uk.
Unverified-short: rests on a copy of the Act
"""


def story_site(folder: Path) -> Path:
    """The fixture site with two key moments and two due items (one past)."""
    site = folder / "content"
    shutil.copytree(FIXTURE_SITE, site)
    for name in ("2024/2024-04-16-announcement.md", "2024/2024-05-15-report-stage.md"):
        path = site / "entries" / name
        path.write_text(path.read_text().replace("Stage:", "Key: yes\nStage:", 1))
    (site / "entries" / f"{DUE}.md").write_text(
        DUE_TEXT.format(title="The review of the widget rule is due", date=DUE[:10]))
    (site / "entries" / f"{PAST_DUE}.md").write_text(
        DUE_TEXT.format(title="An old report was due", date=PAST_DUE[:10]))
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("story")
    return build(story_site(folder), folder / "output")


def test_the_home_page_draws_the_overview_with_a_text_alternative(site):
    page = soup(site / "index.html")
    overview = page.select_one("section.overview")
    region = overview.select_one(".overview-scroll")
    # A region that may scroll sideways: named and reachable by keyboard.
    assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-label"]
    svg = region.select_one("svg")
    assert svg["aria-label"]
    links = svg.select("a")
    assert len(links) == 4  # every event, and no due item
    assert {a["href"] for a in links} == {
        f"./events/{p.stem}/" for p in (site.parent / "content" / "entries").rglob("*.md")
        if "due" not in p.stem}
    assert all(a["aria-label"] for a in links)
    # The same facts as a list: each bill's fate and its events, linked.
    listed = overview.select_one("details.overview-text")
    text = " ".join(listed.get_text(" ").split())
    assert "Widget Safety Bill (2023-24)" in text and "fell" in text
    assert len(listed.select("ol li a")) == 4
    # The first things on the page: the drawing, then where the law stands.
    sections = [s.get("class")[0] for s in page.select("main > section")]
    assert sections[:2] == ["overview", "status"]


def test_the_home_page_tells_the_story_in_its_key_moments(site):
    page = soup(site / "index.html")
    moments = page.select(".key-moments .key-moment-list > li")
    assert [li.select_one("a")["href"] for li in moments] == [
        "./events/2024-04-16-announcement/", "./events/2024-05-15-report-stage/"]
    assert moments[0].select_one("time")["datetime"] == "2024-04-16"
    assert page.select_one("#key-moments-heading").get_text() == "The story in 2 moments"
    # Numbered in the drawing as in the list.
    numbers = [t.get_text() for t in page.select("svg text.ov-number")]
    assert numbers == ["1", "2"]


def test_whats_next_shows_the_due_items_still_to_come_on_the_home_and_bill_pages(site):
    home = soup(site / "index.html")
    items = home.select(".whats-next .next-item")
    assert [li["id"] for li in items] == [f"due-{DUE}"]  # the past one has left
    item = items[0]
    assert "Due 1 March 2026" in item.select_one(".next-date").get_text()
    assert item.select_one(".next-summary a")["href"] == (
        "https://www.legislation.gov.uk/ukpga/2025/9901/section/2")
    bill = soup(site / "bills" / "consumer-widgets-bill-hl" / "index.html")
    assert [li["id"] for li in bill.select(".whats-next .next-item")] == [f"due-{DUE}"]
    other = soup(site / "bills" / "widget-safety-bill-2023-24" / "index.html")
    assert other.select_one(".whats-next") is None
    # A due item is not an event: no page, not in the data.
    assert not (site / "events" / DUE).exists()
    assert DUE not in (site / "timeline.json").read_text()


def test_the_calendar_has_the_due_items_as_future_events(site):
    calendar = Calendar.from_ical((site / "timeline.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 5
    due = [e for e in events if str(e["summary"]).startswith("Due: ")]
    assert len(due) == 1
    assert str(due[0]["summary"]) == "Due: The review of the widget rule is due"
    assert due[0].decoded("dtstart").isoformat() == "2026-03-01"
    assert f"#due-{DUE}" in str(due[0]["description"])
    assert len({str(e["uid"]) for e in events}) == 5
    # Stamped with the day it is judged against (the latest event's), not the clock.
    assert due[0].decoded("dtstamp").date().isoformat() == "2024-05-15"


def test_a_later_day_takes_past_due_items_out_of_the_box_and_the_calendar(tmp_path):
    out = build(story_site(tmp_path), tmp_path / "output", TIMELINE_AS_OF="2026-03-02")
    assert soup(out / "index.html").select_one(".whats-next") is None
    assert "Due: " not in (out / "timeline.ics").read_text()


def test_a_verification_note_is_a_short_line_with_the_note_in_a_disclosure(site):
    page = soup(site / "events" / "2024-05-15-same-day-debate" / "index.html")
    note = page.select_one(".verification details.verification-details")
    assert note is not None and not note.has_attr("open")
    summary = " ".join(note.select_one("summary").get_text(" ").split())
    assert summary == "Not fully verified: not every detail was seen in an official record. Why?"
    assert note.select_one("p").get_text() == "The exact speaker."
    assert page.select_one("aside.unverified") is None
    home = soup(site / "index.html")
    due = home.select_one(f"#due-{DUE} .verification summary").get_text(" ")
    assert "rests on a copy of the Act" in due
    # Opened for printing by a script of the site's own (no inline script).
    assert page.select_one('script[src$="/js/print.js"]') is not None
    assert (site / "theme" / "js" / "print.js").is_file()


def test_every_page_has_the_svg_favicon(site):
    for name in ("index.html", "404.html", "glossary/index.html", "about/index.html"):
        icon = soup(site / name).select_one('link[rel="icon"]')
        assert icon["type"] == "image/svg+xml", name
    assert (site / "theme" / "img" / "favicon.svg").read_text().startswith("<svg")


def test_the_404_page_links_from_the_site_root_whatever_the_missing_path(site):
    page = soup(site / "404.html")
    assert page.select_one("h1").get_text() == "Page not found"
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/theme/css/site.css"
    hrefs = [a["href"] for a in page.select("main a")]
    assert hrefs == ["/", "/bills/", "/glossary/", "/search/"]


def test_the_build_prints_its_one_line_summary(tmp_path, capsys):
    build(story_site(tmp_path), tmp_path / "output")
    lines = [line for line in capsys.readouterr().out.splitlines()
             if line.startswith("Timeline:")]
    assert lines == ["Timeline: 4 events (1 due), 4 bills, 11 records, 47 pages, "
                     "63 exports, no search index."]


def test_the_summary_line_counts_what_it_is_given():
    counts = {"events": 43, "due": 1, "bills": 5, "records": 72}
    assert build_summary(counts, 133, 34, True) == (
        "Timeline: 43 events (1 due), 5 bills, 72 records, 133 pages, 34 exports, "
        "search index.")


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_invoke_serve_answers_a_missing_path_with_the_404_page(site):
    from pelican.server import RootedHTTPServer

    class Quiet(serve_handler("404.html")):
        def log_message(self, *args):
            pass

    server = RootedHTTPServer(str(site), ("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert get(base + "/")[0] == 200
        status, body = get(base + "/no/such/page/")
        assert status == 404 and body == (site / "404.html").read_bytes()
    finally:
        server.shutdown()
        server.server_close()


def test_invoke_livereload_answers_a_missing_path_with_the_404_page(site):
    from tornado import httpserver, netutil, web

    app = web.Application([(r"/(.*)", livereload_handler("404.html"),
                            {"path": str(site), "default_filename": "index.html"})])
    ready = threading.Event()
    state = {}

    def run():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        sockets = netutil.bind_sockets(0, "127.0.0.1")
        server = httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        state.update(loop=loop, port=sockets[0].getsockname()[1])
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    base = f"http://127.0.0.1:{state['port']}"
    try:
        status, body = get(base + "/no/such/page/")
        assert status == 404 and body == (site / "404.html").read_bytes()
    finally:
        state["loop"].call_soon_threadsafe(state["loop"].stop)
        thread.join(10)
