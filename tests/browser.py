"""Real Chromium for browser tests and screenshots: serve a built site, drive it.

Debian's chromium (``/usr/bin/chromium``) is driven through Playwright's
Python package; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# The page types every browser check and screenshot covers, by path. A year
# page exists only when the timeline is longer than TIMELINE_PAGE_SIZE.
PAGES = {
    "home": "",
    "year": "years/{year}/",
    "entry": "events/{entry}/",
    "bills": "bills/",
    "bill": "bills/{bill}/",
    "stage": "stages/{stage}/",
    "glossary": "glossary/",
    "search": "search/",
    "opendata": "data/",
    "feed-status": "feed-status/",
    "about": "about/",
    "division": "divisions/{division}/",
    # The page served for a missing address (TIMELINE_NOT_FOUND_SAVE_AS).
    "not-found": "404.html",
}
# A division's page with its party split and members' votes, a person's page
# with their votes, and the wording page with the law as in force: the fixture
# subject's, with made snapshots (test_browser.py), as no snapshot of this
# site's is committed yet.
OFFICIAL_PAGES = {"division-votes": "divisions/2024-05-15-commons-nc1/",
                  "person-votes": "people/sam-cog/",
                  "wording-in-force": "wording/"}
# The pages of the records of the debate (people, questions, amendments,
# divisions, versions). A site without those records has none of them but
# its empty indexes: tests then take them from the fixture site.
DEBATE_PAGES = {
    "people": "people/",
    "person": "people/{person}/",
    "questions": "questions/",
    "question": "questions/{question}/",
    "wording": "wording/",
    "bill-amendments": "bills/{amended_bill}/amendments/",
    "entry-debate": "events/{debate_entry}/",
}
PAGES.update(DEBATE_PAGES)
# Later pages of a person's and a question's paged pages: only in a build with
# a small TIMELINE_PAGE_SIZE (tests build one).
PAGED_PAGES = {
    "person-page-2": "people/{person}/2/",
    "question-page-2": "questions/{question}/2/",
}
PAGES.update(PAGED_PAGES)
PAGES.update(OFFICIAL_PAGES)
WIDTHS = {"desktop": 1280, "mobile": 375}


def chromium_missing() -> str | None:
    """Why browser checks cannot run here, or None when they can."""
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    return None


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_paths(output: Path) -> dict[str, str]:
    """One path of each page type in a built site (the first entry, bill, stage,
    year); no year page when the site has none."""
    def first(folder: str) -> str:
        return sorted(p.name for p in (output / folder).iterdir() if p.is_dir())[0]

    entries = sorted(p.name for p in (output / "events").iterdir() if p.is_dir())
    # An entry with a bill shows the most: prefer one from the middle of the story.
    entry = entries[len(entries) // 2]
    # The bill with the most events shows the tracker best.
    bills = [p for p in sorted((output / "bills").iterdir()) if p.is_dir()]
    def events(p):
        return (p / "index.html").read_text(encoding="utf-8").count("step-event")

    bill = max(bills, key=events).name
    values = {"entry": entry, "bill": bill, "stage": first("stages")}
    if (output / "years").is_dir():
        values["year"] = first("years")
    if (output / "divisions").is_dir():
        values["division"] = first("divisions")
    paths = {kind: path.format(**values) for kind, path in PAGES.items()
             if kind not in DEBATE_PAGES and kind not in PAGED_PAGES
             and kind not in OFFICIAL_PAGES
             and (kind not in ("year", "division") or kind in values)}
    return paths | debate_paths(output) | paged_paths(output)


def paged_paths(output: Path) -> dict[str, str]:
    """The second page of the first person and question that have one (none if none does)."""
    found = {}
    for kind, path in PAGED_PAGES.items():
        folder = path.split("/")[0]
        keys = sorted(p.parent.name for p in (output / folder).glob("*/2") if p.is_dir())
        if keys:
            found[kind] = path.format(**{kind.split("-")[0]: keys[0]})
    return found


def debate_paths(output: Path) -> dict[str, str]:
    """The debate pages of a built site: a person, a question, the bill with the most
    amendments and the event with the most cards; none when it has no such records."""
    def count(page: Path, selector: str) -> int:
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        return sum(text.count(f'class="{name}') for name in selector.split())

    people = sorted(p.name for p in (output / "people").glob("*") if p.is_dir())
    questions = sorted(p.name for p in (output / "questions").glob("*") if p.is_dir())
    bills = sorted((output / "bills").glob("*/amendments/index.html"))
    events = sorted((output / "events").glob("*/index.html"))
    if not (people and questions and bills and events):
        return {}
    bill = max(bills, key=lambda p: count(p, "amendment"))
    event = max(events, key=lambda p: count(p, "amendment division"))
    if not count(bill, "amendment") or not count(event, "amendment division"):
        return {}
    values = {"person": people[0], "question": questions[0],
              "amended_bill": bill.parent.parent.name, "debate_entry": event.parent.name}
    return {kind: path.format(**values) for kind, path in DEBATE_PAGES.items()}


def screenshots(output: Path, folder: Path, kinds: tuple[str, ...] = (),
                schemes: tuple[str, ...] = ("light",), full_page: bool = True) -> list[Path]:
    """Screenshot each page type (or those of ``kinds``) at each width and in each
    colour scheme into ``folder``; return the files. ``full_page`` False takes
    the first screen only (900 px high), what a reader sees on arriving."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    paths = {kind: path for kind, path in page_paths(output).items()
             if not kinds or kind in kinds}
    with serve(output) as base, chromium() as browser:
        for scheme in schemes:
            for width_name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900},
                                        color_scheme=scheme)
                for kind, path in paths.items():
                    url = base + path + ("?q=deepfake" if kind == "search" else "")
                    page.goto(url, wait_until="networkidle")
                    suffix = "" if schemes == ("light",) else f"-{scheme}"
                    target = folder / f"{kind}-{width_name}{suffix}.png"
                    page.screenshot(path=str(target), full_page=full_page)
                    written.append(target)
                page.close()
    return written
