"""TimelineJS itself reads timelinejs.json in headless Chromium.

The npm package (package.json, installed by ``npm ci``) and a built site are
served by a real HTTP server on 127.0.0.1; a page there hands the export's
URL to TimelineJS, which must render one slide per event with the event's
title and links, and one era per bill. Any request off this machine is
refused by the browser.
"""

from __future__ import annotations

import html
import json
import shutil

import pytest

from browser import serve
from conftest import ROOT

TIMELINEJS = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS check</title>
<link rel="stylesheet" href="/timelinejs/css/timeline.css">
<script src="/timelinejs/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 700px"></div>
<script>
  window.tl = new TL.Timeline("timeline", "/timelinejs.json", {
    script_path: "/timelinejs/js/", font: null, hash_bookmark: false
  });
</script></body></html>
"""


# The session's builds (conftest) of the fixture site and of the real content.
SITES = {"fixture": "fixture_build", "content": "real_site"}


@pytest.fixture(params=sorted(SITES))
def served(request, tmp_path):
    """The exports of a built site (the fixture, the real content) with
    TimelineJS and a page that loads them beside it, served on 127.0.0.1.

    The build is shared and read only, so its export files are copied into a
    folder of this test's own."""
    if not TIMELINEJS.is_dir():
        pytest.fail(f"{TIMELINEJS} is missing: run `npm ci` (see the README)")
    built = request.getfixturevalue(SITES[request.param])
    root = tmp_path / "served"
    shutil.copytree(TIMELINEJS, root / "timelinejs")
    for name in ("timelinejs.json", "timeline.json"):
        shutil.copy(built / name, root / name)
    (root / "check.html").write_text(PAGE, encoding="utf-8")
    with serve(root) as base:
        yield root, base.rstrip("/")


def test_timelinejs_renders_one_slide_per_event_and_an_era_per_bill(served, browser):
    root, base = served
    data = json.loads((root / "timelinejs.json").read_bytes())
    errors: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(base) else route.abort())
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/check.html")
        # TimelineJS sets `ready` once it has read the data and laid out
        # the slides; on bad data it shows a message instead.
        page.wait_for_function("window.tl && window.tl.ready === true", timeout=30_000)
        slides = page.eval_on_selector_all(
            ".tl-slide:not(.tl-slide-titleslide)",
            """els => els.map(el => ({
                id: el.id,
                headline: (el.querySelector('.tl-headline') || {}).textContent,
                links: [...el.querySelectorAll('.tl-text-content a')].map(a => a.href)
            }))""",
        )
        eras = page.locator(".tl-timeera").count()
        markers = page.locator(".tl-timemarker").count()
        loaded = page.evaluate("window.tl.config.events.length")
        page.screenshot(path=str(root.parent / "timelinejs.png"))
    finally:
        context.close()
    assert errors == []
    events = data["events"]
    assert loaded == len(events)
    assert [s["id"] for s in slides] == [e["unique_id"] for e in events]
    # The headline is HTML; the slide shows it as text.
    assert [s["headline"] for s in slides] == [html.unescape(e["text"]["headline"])
                                              for e in events]
    timeline = json.loads((root / "timeline.json").read_bytes())["events"]
    assert [s["headline"] for s in slides] == [e["title"] for e in timeline]
    for slide, event in zip(slides, timeline, strict=True):
        assert event["permalink"] in slide["links"]
        assert event["sources"][0]["url"] in slide["links"]
    assert markers == len(events)
    assert eras == len(data["eras"]) > 0
