"""The built site in real headless Chromium: accessibility, filters, search, keyboard.

The real content is built once per session and served on 127.0.0.1. These
tests skip only where Chromium (or axe-core, from ``npm ci``) is missing, and
fail instead when the CI environment variable is set.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import PAGES, WIDTHS, page_paths, serve
from conftest import ROOT, unavailable
from sitecheck import parse

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def site(real_site):
    with serve(real_site) as base:
        yield base, real_site, page_paths(real_site)


@pytest.fixture
def tab(browser):
    """A fresh page that records console errors and every request's host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.foreign = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            page.foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    yield page
    context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violations_in_dark_mode(tab, site, kind):
    """The dark colour scheme keeps every contrast and rule axe checks."""
    tab.emulate_media(color_scheme="dark")
    open_page(tab, site, kind)
    assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert axe_violations(tab) == []


def test_print_shows_every_event_with_its_source_address(tab, site):
    """Printing gives the whole timeline, filtered-out events too, with URLs."""
    base, _, paths = site
    tab.goto(base + paths["home"] + "?stage=report", wait_until="networkidle")
    total = tab.locator(".timeline-years li.event").count()
    assert 0 < shown_events(tab).count() < total
    tab.emulate_media(media="print")
    assert shown_events(tab).count() == total
    link = tab.locator(".timeline-years a.source-link").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after


def open_page(tab, site, kind):
    """Load one page type; the search page with a query and its results shown."""
    base, _, paths = site
    suffix = "?q=bill" if kind == "search" else ""
    tab.goto(base + paths[kind] + suffix, wait_until="networkidle")
    if kind == "search":
        tab.locator("#search-results li").first.wait_for()


def axe_violations(tab):
    """axe-core's violations on the loaded page, one readable line each."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE} (run npm ci)")
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(
            v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target).join(", ")})`);
    }""")


def query(page):
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def shown_events(page):
    return page.locator(".timeline-years li.event:visible")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violations(tab, site, kind, width):
    tab.set_viewport_size({"width": WIDTHS[width], "height": 900})
    open_page(tab, site, kind)
    assert axe_violations(tab) == []
    # No horizontal scrolling, down to a phone's width.
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert tab.errors == [] and tab.foreign == []


def test_narrowest_phones_do_not_scroll_sideways(tab, site):
    base, _, paths = site
    tab.set_viewport_size({"width": 320, "height": 700})
    for path in paths.values():
        tab.goto(base + path, wait_until="networkidle")
        assert tab.evaluate("document.documentElement.scrollWidth <= 320"), path


def test_pages_make_no_console_errors_and_no_third_party_requests(tab, site):
    base, _, paths = site
    for kind, path in paths.items():
        tab.goto(base + path + ("?q=deepfake" if kind == "search" else ""),
                 wait_until="networkidle")
    assert tab.errors == []
    assert tab.foreign == []


def test_without_javascript_every_event_is_shown(browser, site):
    base, output, _ = site
    total = len(parse(output / "index.html").select("li.event"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base, wait_until="load")
    assert shown_events(page).count() == total > 0
    assert page.locator("form#filters").is_hidden()
    assert page.locator("section.status").is_visible()
    context.close()


def test_filters_change_what_is_shown_and_the_url(tab, site):
    base, output, _ = site
    events = parse(output / "index.html").select("li.event")
    stage = events[-1]["data-stage"]
    year = events[-1]["data-year"]
    tab.goto(base, wait_until="networkidle")
    assert tab.locator("form#filters").is_visible()
    assert shown_events(tab).count() == len(events)

    tab.select_option("#filter-stage", stage)
    expected = [li["id"] for li in events if li["data-stage"] == stage]
    assert [e.get_attribute("id") for e in shown_events(tab).all()] == expected
    assert query(tab) == {"stage": stage}
    assert tab.locator("#filter-count").text_content() == (
        f"Showing {len(expected)} of {len(events)} events.")

    tab.select_option("#filter-year", year)
    both = [li["id"] for li in events if li["data-stage"] == stage and li["data-year"] == year]
    assert [e.get_attribute("id") for e in shown_events(tab).all()] == both
    assert query(tab) == {"stage": stage, "year": year}
    # Months and years left empty are hidden with their events.
    for section in tab.locator(".timeline-years section:visible").all():
        assert section.locator("li.event:visible").count() > 0

    tab.go_back()
    assert query(tab) == {"stage": stage}
    assert tab.locator("#filter-year").input_value() == ""
    assert shown_events(tab).count() == len(expected)

    # A shared link restores the view.
    tab.goto(f"{base}?year={year}&origin=editor", wait_until="networkidle")
    assert tab.locator("#filter-year").input_value() == year
    assert shown_events(tab).count() == sum(
        li["data-year"] == year and li["data-origin"] == "editor" for li in events)

    tab.click("button[type=reset]")
    tab.wait_for_function("!location.search")
    assert shown_events(tab).count() == len(events)
    assert tab.errors == []


def test_keyboard_reaches_and_operates_the_filters_with_visible_focus(tab, site):
    base, output, _ = site
    total = len(parse(output / "index.html").select("li.event"))
    tab.goto(base, wait_until="networkidle")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip-link"
    assert tab.locator(".skip-link").is_visible()
    tab.keyboard.press("Enter")
    assert tab.evaluate("location.hash") == "#main"
    for _ in range(200):
        tab.keyboard.press("Tab")
        focused = tab.evaluate("""() => {
            const el = document.activeElement, s = getComputedStyle(el);
            return {id: el.id, outline: s.outlineStyle, shadow: s.boxShadow};
        }""")
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if focused["id"] == "filter-stage":
            break
    else:
        pytest.fail("Tab never reached the stage filter")
    tab.keyboard.press("ArrowDown")
    tab.wait_for_function("location.search.startsWith('?stage=')")
    assert shown_events(tab).count() < total
    assert re.match(r"Showing \d+ of \d+ events\.", tab.locator("#filter-count").text_content())


def test_search_finds_a_known_event(tab, site):
    base, output, paths = site
    entry = paths["entry"]
    title = parse(output / entry / "index.html").find("h1").get_text()
    tab.goto(base + "search/", wait_until="networkidle")
    tab.fill("#search-q", title)
    tab.keyboard.press("Enter")
    tab.locator("#search-results li").first.wait_for()
    hrefs = [a.get_attribute("href") for a in tab.locator("#search-results h2 a").all()]
    assert "/" + entry in hrefs
    assert query(tab) == {"q": title}
    assert re.match(r"\d+ results? for", tab.locator("#search-status").text_content())
    assert tab.errors == [] and tab.foreign == []


def test_entry_page_citation_shows_the_full_permalink(tab, site):
    base, _, paths = site
    tab.goto(base + paths["entry"], wait_until="networkidle")
    assert tab.locator("a.cite-url").text_content() == base + paths["entry"]
    assert tab.locator(".copy-row button").is_visible()
