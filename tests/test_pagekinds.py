"""The page list: every page the build writes is of a declared kind, at the
place its settings give, and every link to a page comes from that place."""

from __future__ import annotations

import re

from pelican import signals
from pelican.contents import Content

from conftest import build
from pelican.plugins.parliament_timeline.pagekinds import PAGE_KINDS, SitePages
from pelican.plugins.parliament_timeline.settings import read_settings
from sitecheck import broken_links, page_links, parse

# Split past two events, so that the paged kinds have more than one page.
SMALL_PAGES = {"TIMELINE_PAGE_SIZE": 2}


def kind_pattern(places: SitePages, name: str) -> re.Pattern:
    """A save-as pattern of a kind as a regular expression (a paged kind's
    later pages under ``<n>/``)."""
    kind = places.kind(name)
    pattern = re.escape(places.save_as_pattern(name))
    if kind.placeholder is not None:
        pattern = pattern.replace(re.escape("{" + kind.placeholder + "}"), "[^/]+")
    if kind.paged:
        pattern = pattern.replace("index\\.html", "(?:[0-9]+/)?index\\.html")
    return re.compile(f"^{pattern}$")


def written_pages(content, output, **override) -> list[str]:
    """What the build writes through Pelican's writer, but Pelican's own pages."""
    written = []

    def receiver(path, context):
        if not isinstance(context.get("page"), Content) and "article" not in context:
            written.append(context["output_file"])

    signals.content_written.connect(receiver)
    try:
        build(content, output, **override)
    finally:
        signals.content_written.disconnect(receiver)
    return written


def test_every_page_written_is_of_a_declared_kind(fixture_site, tmp_path):
    written = written_pages(fixture_site, tmp_path / "output", **SMALL_PAGES)
    places = SitePages(read_settings(SMALL_PAGES))
    patterns = {kind.name: kind_pattern(places, kind.name) for kind in PAGE_KINDS}
    kinds_of = {path: [name for name, p in patterns.items() if p.match(path)]
                for path in written}
    assert [path for path, kinds in kinds_of.items() if not kinds] == []
    # And every declared kind is written (the fixture has records of each kind).
    seen = {name for kinds in kinds_of.values() for name in kinds}
    assert seen == {kind.name for kind in PAGE_KINDS}
    assert any(re.search(r"/2/index\.html$", path) for path in written)


def test_a_kind_moved_by_its_settings_moves_its_pages_and_every_link(fixture_site, tmp_path):
    moved = {"TIMELINE_PERSON_URL": "who/{key}/", "TIMELINE_PERSON_SAVE_AS": "who/{key}/index.html",
             "TIMELINE_BILL_AMENDMENTS_URL": "changes/{key}/",
             "TIMELINE_BILL_AMENDMENTS_SAVE_AS": "changes/{key}/index.html"}
    output = build(fixture_site, tmp_path / "output", **moved)
    assert (output / "who" / "jane-widget" / "index.html").is_file()
    assert not (output / "people" / "jane-widget").exists()
    assert (output / "changes" / "widget-safety-bill-2023-24" / "index.html").is_file()
    assert not (output / "bills" / "widget-safety-bill-2023-24" / "amendments").exists()
    assert broken_links(output) == []
    links = [link for page in output.rglob("*.html") for link in page_links(parse(page))]
    assert any("who/jane-widget/" in link for link in links)
    assert any("changes/widget-safety-bill-2023-24/#amendment-" in link for link in links)
    # The exports give the same places.
    exported = (output / "timeline.json").read_text(encoding="utf-8")
    assert "/people/jane-widget/" not in exported
    assert "/bills/widget-safety-bill-2023-24/amendments/" not in exported


def test_a_record_or_its_key_gives_the_same_place():
    places = SitePages(read_settings({"TIMEZONE": "UTC"}))

    class Person:
        key = "jane-widget"

    assert places.url("person", Person()) == places.url("person", "jane-widget") == (
        "people/jane-widget/")
    assert places.save_as("person", "jane-widget") == "people/jane-widget/index.html"
    assert places.url("not_found") == places.save_as("not_found") == "404.html"
