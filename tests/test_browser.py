"""The built site in real headless Chromium: accessibility, filters, search,
keyboard, Content-Security-Policy.

The real content is built once per session and served on 127.0.0.1. These
tests skip only where Chromium (or axe-core, from ``npm ci``) is missing, and
fail instead when the CI environment variable is set.

A test that drives the page's own scripts waits for the load event: they are
modules, which run before it (the search page's Pagefind is waited for by its
results). Only the checks of every request and console message wait for the
network to idle, half a second without a request, and those load their pages
side by side (load_all) so that the waits overlap.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from browser import DEBATE_PAGES, OFFICIAL_PAGES, PAGED_PAGES, PAGES, WIDTHS, page_paths, serve
from conftest import FIXTURE_SITE, FIXTURES, ROOT, build, unavailable
from sitecheck import parse

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The axe rules run on every page: every WCAG 2.0, 2.1 and 2.2 rule of
# levels A and AA, axe's best practices and its experimental rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice",
            "experimental"]
SCHEMES = ["light", "dark"]
# What a Content-Security-Policy violation looks like in Chromium's console.
CSP_MESSAGE = "Content Security Policy"


@pytest.fixture(scope="session")
def site(real_site, fixture_build, tmp_path_factory):
    """The real site served on 127.0.0.1: its base URL, its folder and the
    path of each page type (relative to the base URL, or a full URL)."""
    paths = page_paths(real_site)
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(real_site))
        if "year" not in paths or not set(PAGED_PAGES) <= set(paths):
            # The real timeline fits on one page, so it has no year pages (nor
            # second pages of people and questions): build it again in pages
            # of ten events, and serve that, for them.
            folder = tmp_path_factory.mktemp("paged-real-site")
            paged = build(ROOT / "content", folder / "output", TIMELINE_PAGE_SIZE=10,
                          TIMELINE_SEARCH_INDEX=False)
            paged_base = stack.enter_context(serve(paged))
            paths.update({kind: paged_base + path for kind, path in page_paths(paged).items()
                          if kind not in paths and (kind == "year" or kind in PAGED_PAGES)})
        if not set(DEBATE_PAGES) <= set(paths):
            # The real content has no records of the debate yet: check the
            # pages that show them on the fixture subject's, served apart.
            fixture = fixture_build
            fixture_base = stack.enter_context(serve(fixture))
            paths.update({kind: fixture_base + path
                          for kind, path in page_paths(fixture).items()
                          if kind in DEBATE_PAGES})
        # A division's page with its party split and every member's vote:
        # the fixture subject's, with its made snapshot (no snapshot of this
        # site's divisions is committed yet).
        folder = tmp_path_factory.mktemp("official-fixture-site")
        content = folder / "content"
        shutil.copytree(FIXTURE_SITE, content)
        snapshot = content / "official/commons-votes/data/division/99901.json"
        snapshot.parent.mkdir(parents=True)
        shutil.copy(FIXTURES / "official/made-commons-division-99901.json", snapshot)
        clml = content / "official/legislation/ukpga/2025/9901/section/1/data.xml"
        clml.parent.mkdir(parents=True)
        shutil.copy(FIXTURES / "official/made-clml-ukpga-2025-9901-section-1.xml", clml)
        official = build(content, folder / "output", TIMELINE_SEARCH_INDEX=False)
        official_base = stack.enter_context(serve(official))
        paths.update({kind: official_base + path for kind, path in OFFICIAL_PAGES.items()})
        yield base, real_site, paths


@pytest.fixture
def new_tab(browser):
    """Opens fresh pages that record console errors, Content-Security-Policy
    violations and every request's host.

    A page narrower than a tablet is a touch phone, as on a real one: there,
    the controls a mouse reveals on hover are always shown (and checked).
    """
    contexts = []

    def open_tab(width=1280, scheme="light"):
        context = new_context(browser, width, scheme)
        contexts.append(context)
        return watched(context.new_page())

    yield open_tab
    for context in contexts:
        context.close()


def new_context(browser, width, scheme):
    """A browser context (a fresh profile) with a window ``width`` wide and
    ``scheme`` as the colour scheme the system prefers."""
    phone = width < 600
    return browser.new_context(viewport={"width": width, "height": 900},
                               color_scheme=scheme, is_mobile=phone, has_touch=phone)


@pytest.fixture(scope="module")
def shared_tab(browser):
    """Gives the page (see watched) kept for a width and scheme, its records
    cleared, in a context of its own: this module's axe checks load each of
    their pages anew in it. A new page would start a new renderer, which
    takes longer than the check, and would compile axe-core again; the site
    keeps nothing in a context or a page between loads (no cookie, no storage)."""
    contexts = []
    pages = {}

    def open_tab(width, scheme):
        if (width, scheme) not in pages:
            contexts.append(new_context(browser, width, scheme))
            pages[width, scheme] = watched(contexts[-1].new_page())
        page = pages[width, scheme]
        page.errors.clear()
        page.foreign.clear()
        page.csp.clear()
        return page

    yield open_tab
    for context in contexts:
        context.close()


def watched(page):
    """``page``, recording its console errors (``page.errors``), its
    Content-Security-Policy violations (``page.csp``) and the requests it
    makes off this machine (``page.foreign``, refused)."""
    page.errors = []
    page.foreign = []
    page.csp = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # The browser fires securitypolicyviolation at the document for every
    # load or inline code the policy refuses; report each one to Python.
    page.expose_function("reportCspViolation", lambda line: page.csp.append(line))
    page.add_init_script("""document.addEventListener("securitypolicyviolation",
        (e) => reportCspViolation(`${e.effectiveDirective}: ${e.blockedURI || "inline"}`
            + ` at ${e.sourceFile || document.URL}:${e.lineNumber}`), true);""")

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            page.foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page


def load_all(tab, urls):
    """Load each of ``urls`` in a page of its own beside ``tab`` (its context:
    its viewport and permissions), recorded as ``tab`` is (see watched), and
    wait until each page's network is idle; return the pages, in order.

    The network counts as idle after half a second without a request, so
    loading pages side by side, not one after the other, overlaps those waits.
    """
    pages = [watched(tab.context.new_page()) for _ in urls]
    for page, url in zip(pages, urls, strict=True):
        page.goto(url, wait_until="commit")
    for page in pages:
        page.wait_for_load_state("networkidle")
    return pages


@pytest.fixture
def tab(new_tab):
    """A fresh desktop page (see new_tab)."""
    return new_tab()


def test_print_shows_every_event_with_its_source_address(tab, site):
    """Printing gives the whole timeline, filtered-out events too, with URLs."""
    base, _, paths = site
    tab.goto(base + paths["home"] + "?stage=report", wait_until="load")
    total = tab.locator(".timeline-years li.event").count()
    assert 0 < shown_events(tab).count() < total
    tab.emulate_media(media="print")
    assert shown_events(tab).count() == total
    link = tab.locator(".timeline-years a.source-link").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after


def page_url(site, kind):
    base, _, paths = site
    return urljoin(base, paths[kind])


def open_page(tab, site, kind):
    """Load one page type; the search page with a query and its results shown.

    The page's scripts are modules, which run before the load event: no need
    to wait for the network to idle (half a second a page).
    """
    suffix = "?q=bill" if kind == "search" else ""
    tab.goto(page_url(site, kind) + suffix, wait_until="load")
    if kind == "search":
        tab.locator("#search-results li").first.wait_for()


def axe_violations(tab):
    """axe-core's violations of the AXE_TAGS rules on the loaded page, one
    readable line each."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE} (run npm ci)")
    # Evaluated through DevTools, not added as an inline <script>: the page's
    # Content-Security-Policy refuses inline scripts, as it should.
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return tab.evaluate("""async (tags) => {
        const r = await axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
        // Every rule with one of the tags ran (none was left out by default),
        // but for the deprecated ones axe replaced with others.
        const ran = new Set([r.passes, r.violations, r.incomplete, r.inapplicable]
            .flat().map((rule) => rule.id));
        const missed = axe.getRules(tags)
            .filter((rule) => !rule.tags.includes("deprecated") && !ran.has(rule.ruleId))
            .map((rule) => rule.ruleId);
        if (missed.length) throw new Error(`axe left out: ${missed}`);
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (`
            + `${v.nodes.map((n) => n.target).join(", ")})`);
    }""", AXE_TAGS)


def query(page):
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def shown_events(page):
    return page.locator(".timeline-years li.event:visible")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violations(shared_tab, site, kind, width, scheme):
    """Every page type, light and dark, on a desktop and a phone."""
    tab = shared_tab(WIDTHS[width], scheme)
    open_page(tab, site, kind)
    assert tab.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    assert axe_violations(tab) == []
    # No horizontal scrolling, down to a phone's width.
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert tab.errors == [] and tab.foreign == [] and tab.csp == []


def test_narrowest_phones_do_not_scroll_sideways(tab, site):
    _, _, paths = site
    tab.set_viewport_size({"width": 320, "height": 700})
    for kind in paths:
        tab.goto(page_url(site, kind), wait_until="load")
        assert tab.evaluate("document.documentElement.scrollWidth <= 320"), kind


def test_pages_make_no_console_errors_and_no_third_party_requests(tab, site):
    """Every page type until its network is idle, the search page searching."""
    _, _, paths = site
    pages = load_all(tab, [page_url(site, kind) + ("?q=deepfake" if kind == "search" else "")
                           for kind in paths])
    assert [e for page in pages for e in page.errors] == []
    assert [url for page in pages for url in page.foreign] == []


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
    tab.goto(base, wait_until="load")
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
    tab.goto(f"{base}?year={year}&origin=editor", wait_until="load")
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
    tab.goto(base, wait_until="load")
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
    tab.goto(base + "search/", wait_until="load")
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
    tab.goto(base + paths["entry"], wait_until="load")
    assert tab.locator("section.cite a.cite-url").first.text_content() == base + paths["entry"]
    assert tab.locator("section.cite .copy-row button").first.is_visible()
    # The reader's access date, as OSCOLA ends a website's reference.
    accessed = tab.locator("section.cite .cite-accessed").first.text_content()
    assert re.fullmatch(r" accessed \d{1,2} [A-Z][a-z]+ \d{4}", accessed), accessed


def csp_problems(tab):
    """The policy violations seen on the page so far, from both the
    securitypolicyviolation events and Chromium's console."""
    tab.evaluate("0")  # a round trip: every violation reported so far has arrived
    return tab.csp + [e for e in tab.errors if CSP_MESSAGE in e]


def test_every_page_type_keeps_to_its_content_security_policy(tab, site):
    """Each page type at work (filters, copy buttons, a search typed in) loads
    and runs nothing its policy refuses."""
    _, output, paths = site
    policy = parse(output / "index.html").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    pages = load_all(tab, [page_url(site, kind) for kind in paths])
    for kind, page in zip(paths, pages, strict=True):
        # The tab a user works in is in front (Chromium slows the timers and
        # frames of tabs behind it, and Playwright waits on those).
        page.bring_to_front()
        meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert meta.get_attribute("content") == policy, kind
        if kind == "home":
            page.select_option("#filter-stage", index=1)
            page.select_option("#filter-year", index=1)
            page.click("button[type=reset]")
            page.locator("button.copy-link").first.click()
            page.locator(".copy-status", has_text="Copied.").first.wait_for()
        elif kind == "entry":
            page.click(".copy-row button")
            page.locator(".copy-row .copy-status", has_text="Copied.").wait_for()
        elif kind == "search":
            page.fill("#search-q", "royal assent")
            page.keyboard.press("Enter")
            page.locator("#search-results li").first.wait_for()
            assert re.match(r"\d+ results? for", page.locator("#search-status").text_content())
        assert csp_problems(page) == [], kind
        assert page.errors == [] and page.foreign == [], kind


def test_pagefind_without_its_worker_needs_wasm_unsafe_eval(tab, site):
    """Why the policy allows 'wasm-unsafe-eval': Pagefind runs its WebAssembly in
    a worker (a worker script served without headers has no policy), but falls
    back to the page itself when a worker cannot start, and compiling
    WebAssembly there needs it. That fallback must find results too."""
    tab.goto(page_url(site, "search"), wait_until="load")
    found = tab.evaluate("""async () => {
        // A query string makes a second module instance, with its own options.
        const form = document.querySelector("form.search-form");
        const { openIndex } = await import(new URL("../theme/js/pagefind-shards.js",
                                                   location.href).href);
        const pagefind = await openIndex(form.dataset.index,
                                         new URL(form.dataset.base, location.href).pathname,
                                         { importSuffix: "?main-thread", noWorker: true });
        return (await pagefind.search("deepfake")).results.length;
    }""")
    assert found > 0
    assert csp_problems(tab) == [] and tab.errors == []


def test_a_violation_of_the_policy_would_be_seen(tab, site):
    """The checks above can fail: inline script and style are refused, and seen."""
    tab.goto(page_url(site, "home"), wait_until="load")
    ran = tab.evaluate("""() => {
        window.ran = false;
        const script = document.createElement("script");
        script.textContent = "window.ran = true;";
        document.head.append(script);
        document.body.setAttribute("style", "color: red");
        return window.ran;
    }""")
    assert ran is False
    problems = csp_problems(tab)
    assert any(p.startswith("script-src-elem: inline") for p in problems), problems
    assert any(p.startswith("style-src-attr: inline") for p in problems), problems
    assert any(CSP_MESSAGE in e for e in tab.errors)


def test_the_bill_amendments_page_filters_by_decision_and_shows_all_without_js(
        tab, browser, site):
    url = page_url(site, "bill-amendments")
    tab.goto(url, wait_until="load")
    groups = tab.locator("section.decision-group")
    total = groups.count()
    assert total > 1 and tab.locator("#decision-filter").is_visible()
    value = tab.locator("#filter-decision option").nth(1).get_attribute("value")
    tab.select_option("#filter-decision", value)
    assert tab.locator("section.decision-group:visible").count() == 1
    assert query(tab) == {"decision": value}
    assert re.match(r"Showing \d+ amendments?\.", tab.locator("#decision-count").text_content())
    tab.emulate_media(media="print")
    assert tab.locator("section.decision-group:visible").count() == total
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url, wait_until="load")
    assert page.locator("section.decision-group:visible").count() == total
    assert page.locator("#decision-filter").is_hidden()
    context.close()
    assert tab.errors == []


def test_the_timeline_filters_by_question_and_by_person(tab, site):
    """On the site whose people and questions pages are checked (see the site fixture)."""
    home = page_url(site, "people").removesuffix("people/")
    tab.goto(home, wait_until="load")
    question = tab.locator("#filter-question option").nth(1).get_attribute("value")
    tab.select_option("#filter-question", question)
    assert query(tab) == {"question": question}
    shown = shown_events(tab).all()
    assert 0 < len(shown) < tab.locator(".timeline-years li.event").count()
    assert all(question in e.get_attribute("data-question").split() for e in shown)
    tab.click("button[type=reset]")
    person = tab.locator("#filter-person option").nth(1).get_attribute("value")
    tab.goto(f"{home}?person={person}", wait_until="load")
    assert tab.locator("#filter-person").input_value() == person
    assert all(person in e.get_attribute("data-person").split()
               for e in shown_events(tab).all())
    assert tab.errors == []


def test_the_overview_marks_are_links_reached_by_keyboard_with_their_names(tab, site):
    """The drawn overview: focus moves from the drawing's region to its marks,
    each announced by its name; at a phone's width the region scrolls sideways."""
    tab.goto(page_url(site, "home"), wait_until="load")
    region = tab.locator(".overview-scroll")
    region.focus()
    tab.keyboard.press("Tab")
    focused = tab.evaluate("""() => {
        const a = document.activeElement;
        return [a.tagName.toLowerCase(), a.closest('svg') !== null, a.getAttribute('aria-label')];
    }""")
    assert focused[0] == "a" and focused[1] and focused[2]
    first = tab.locator(".overview-svg a").first
    assert tab.evaluate("(a) => a.getAttribute('aria-label')", first.element_handle()) == (
        focused[2])
    # The browser's accessibility tree names the link as the page does.
    assert tab.get_by_role("link", name=focused[2]).count() >= 1
    tab.set_viewport_size({"width": 375, "height": 700})
    assert tab.evaluate("""() => {
        const r = document.querySelector('.overview-scroll');
        return r.scrollWidth > r.clientWidth;
    }""")
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_verification_notes_open_with_the_keyboard_and_for_printing(tab, site):
    tab.goto(page_url(site, "entry"), wait_until="load")
    notes = tab.locator("details.verification-details")
    if notes.count() == 0:
        pytest.skip("the entry page checked has no verification note")
    summary = notes.first.locator("summary")
    summary.focus()
    tab.keyboard.press("Enter")
    assert notes.first.evaluate("(d) => d.open")
    tab.keyboard.press("Enter")
    assert not notes.first.evaluate("(d) => d.open")
    # js/print.js opens every closed note before printing and closes it after.
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert tab.evaluate(
        "[...document.querySelectorAll('details.verification-details')].every(d => d.open)")
    tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not notes.first.evaluate("(d) => d.open")


def test_an_aligned_table_column_in_a_narrative_is_aligned_within_the_csp(tab, tmp_path):
    """Markdown's aligned columns (style="text-align: ...") would be blocked by the
    pages' CSP (style-src 'self'): the page carries classes the stylesheet applies."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    entry = content / "entries" / "2024" / "2024-04-16-announcement.md"
    entry.write_text(entry.read_text("utf-8") + "\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n", "utf-8")
    output = build(content, tmp_path / "output", TIMELINE_SEARCH_INDEX=False)
    with serve(output) as base:
        tab.goto(base + "events/2024-04-16-announcement/", wait_until="load")
        assert tab.evaluate("[...document.querySelectorAll('.entry-body td')]"
                            ".map(td => getComputedStyle(td).textAlign)") == ["center", "right"]
        assert csp_problems(tab) == []
