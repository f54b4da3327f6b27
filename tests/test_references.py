"""References from narratives to other pages: found, parsed and resolved."""

from __future__ import annotations

from conftest import build
from pelican.plugins.parliament_timeline.records.references import (
    Link,
    Reference,
    find_links,
    parse_reference,
    resolve_references,
)
from sitecheck import broken_links, parse, resolve


def test_find_links_gives_every_target_with_its_line():
    body = ("Intro [a]({entry}x) and ![img](/i.png \"t\")\n\n"
            "[ref]: {bill}y\n<a href='../z/'>z</a> [b]( <{stage}report> )\n")
    assert find_links(body, 10) == [
        Link(10, "{entry}x"), Link(10, "/i.png"), Link(12, "{bill}y"),
        Link(13, "{stage}report"), Link(13, "../z/")]


def test_parse_reference_splits_kind_key_and_fragment():
    assert parse_reference("{entry}2024-01-01-x#top") == Reference("entry", "2024-01-01-x", "#top")
    assert parse_reference("{stage}report") == Reference("stage", "report", "")
    assert parse_reference("https://www.gov.uk/") is None
    assert parse_reference("/events/x/") is None


def test_resolve_references_replaces_known_and_keeps_unknown():
    html = ('<p><a href="{entry}a#s">A</a> <a href="{bill}nope">B</a> '
            '<a href="https://x.gov.uk/{entry}a">C</a></p>')
    urls = {("entry", "a"): "../../events/a/"}
    out = resolve_references(html, lambda r: urls.get((r.kind, r.key)))
    assert out == ('<p><a href="../../events/a/#s">A</a> <a href="{bill}nope">B</a> '
                   '<a href="https://x.gov.uk/{entry}a">C</a></p>')


def test_references_in_a_built_site_point_at_the_pages(fixture_site, tmp_path):
    path = fixture_site / "entries" / "2024-05-15-same-day-debate.md"
    path.write_text(path.read_text() + (
        "\nSee [the announcement]({entry}2024-04-16-announcement#top), the "
        "[bill]({bill}widget-safety-bill-2023-24) and [report stage]({stage}report).\n"))
    output = build(fixture_site, tmp_path / "output")
    page = output / "events/2024-05-15-same-day-debate/index.html"
    links = parse(page).select(".entry-body a")
    targets = [resolve(output, page, a["href"])[0] for a in links[-3:]]
    assert targets == [
        (output / "events/2024-04-16-announcement/index.html").resolve(),
        (output / "bills/widget-safety-bill-2023-24/index.html").resolve(),
        (output / "stages/report/index.html").resolve(),
    ]
    assert links[-3]["href"].endswith("#top")
    # #top is no id on the page, so the checker reports that, and only that.
    assert broken_links(output) == [
        "events/2024-05-15-same-day-debate/index.html: "
        "../../events/2024-04-16-announcement/#top (no such id)"]


def test_references_use_siteurl_when_urls_are_absolute(fixture_site, tmp_path):
    path = fixture_site / "entries" / "2024-05-15-same-day-debate.md"
    path.write_text(path.read_text() + "\n[x]({stage}report)\n")
    output = build(fixture_site, tmp_path / "output", RELATIVE_URLS=False,
                   SITEURL="https://example.github.io/timeline")
    page = parse(output / "events/2024-05-15-same-day-debate/index.html")
    assert page.select(".entry-body a")[-1]["href"] == (
        "https://example.github.io/timeline/stages/report/")


def test_a_reference_outside_a_link_is_reported_at_its_line():
    from pelican.plugins.parliament_timeline.records.bodyhtml import body_problems

    body = ("[Jane Widget]({person}jane-widget) moved it.\n"
            "Then {person}sam-cog spoke, on {question}penalties.\n"
            "[id]: {bill}widget-safety-bill\n"
            '<a href="{entry}2024-04-16-announcement">x</a> and `{stage}report` as code.\n')
    assert body_problems(body, 10) == [
        (11, "'{person}sam-cog' is not a link and would be printed as it is: write it as a "
             "link, [the words]({person}sam-cog)"),
        (11, "'{question}penalties' is not a link and would be printed as it is: write it as a "
             "link, [the words]({question}penalties)"),
    ]
