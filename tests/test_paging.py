"""Paging a long timeline: year pages, a bounded home page, paged stage and bill pages.

Full builds of the fixture site with a small TIMELINE_PAGE_SIZE, read back
as parsed HTML.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, build
from pelican.plugins.parliament_timeline.model import Timeline
from pelican.plugins.parliament_timeline.pagekinds import SitePages
from pelican.plugins.parliament_timeline.settings import TimelineSettingsError, read_settings
from pelican.plugins.parliament_timeline.site.paging import numbered, paginate, timeline_pages
from sitecheck import broken_links, parse, resolve

ALL = [
    "event-2023-10-26-royal-assent",
    "event-2024-04-16-announcement",
    "event-2024-05-15-same-day-debate",
    "event-2024-05-15-report-stage",
]


def add_debates(site: Path, days: list[str]) -> list[str]:
    """Write one debate entry per day; return their anchors."""
    anchors = []
    for day in days:
        slug = f"{day}-extra-debate"
        (site / "entries" / f"{slug}.md").write_text(
            f"Title: Extra debate on {day}\nDate: {day}\nSummary: A debate.\n"
            "Stage: debate\nChamber: commons\n"
            f"Sources: https://hansard.parliament.uk/Commons/{day}/debates/x | Hansard\n\n"
            "Members debated.\n", encoding="utf-8")
        anchors.append(f"event-{slug}")
    return anchors


def ids_on(page: Path) -> list[str]:
    return [li["id"] for li in parse(page).select("li.event")]


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """The fixture site in pages of two events, built once for this module's
    tests, which only read it."""
    folder = tmp_path_factory.mktemp("paged")
    shutil.copytree(FIXTURE_SITE, folder / "content")
    return build(folder / "content", folder / "output", TIMELINE_PAGE_SIZE=2)


def test_numbered_puts_later_pages_in_numbered_folders():
    assert numbered("stages/report/", 1) == "stages/report/"
    assert numbered("stages/report/", 2) == "stages/report/2/"
    assert numbered("stages/report/index.html", 3) == "stages/report/3/index.html"
    assert numbered("", 2) == "2/"
    with pytest.raises(ValueError):
        numbered("stages/report.html", 2)


def test_paginate_keeps_order_and_always_has_a_page():
    assert [p.entries for p in paginate([], 3, "x/", "x/index.html").pages] == [()]
    paged = paginate(list(range(7)), 3, "x/", "x/index.html")
    assert [p.entries for p in paged.pages] == [(0, 1, 2), (3, 4, 5), (6,)]
    assert [p.url for p in paged.pages] == ["x/", "x/2/", "x/3/"]
    assert paged.total == 7


def test_a_timeline_within_the_page_size_is_not_paged(fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "output", TIMELINE_PAGE_SIZE=4)
    assert ids_on(out / "index.html") == ALL
    assert not (out / "years").exists()
    links = [a["href"] for a in parse(out / "index.html").select("a.permalink")]
    assert links == [f"./#{anchor}" for anchor in ALL]


def test_paged_home_page_shows_the_latest_events_and_links_every_year(paged_site):
    home = parse(paged_site / "index.html")
    assert ids_on(paged_site / "index.html") == ALL[-2:]
    assert home.select_one("#events-heading").get_text() == "Latest events"
    years = home.select("nav.year-pages a")
    assert [a.get_text() for a in years] == ["2023", "2024"]
    assert [resolve(paged_site, paged_site / "index.html", a["href"])[0] for a in years] == [
        (paged_site / "years/2023/index.html").resolve(),
        (paged_site / "years/2024/index.html").resolve(),
    ]
    # The filters offer only what the page holds.
    assert [o["value"] for o in home.select("#filter-year option")] == ["", "2024"]


def test_every_event_is_on_exactly_one_year_page_in_order(paged_site):
    pages = ["years/2023/index.html", "years/2024/index.html", "years/2024/2/index.html"]
    found = [ids_on(paged_site / p) for p in pages]
    assert found == [ALL[:1], ALL[1:3], ALL[3:]]
    part = parse(paged_site / "years/2024/2/index.html")
    assert part.find("h1").get_text() == "2024, part 2 of 2"
    assert [a.get_text() for a in part.select("nav.pager")[0].select("a")] == ["1", "2"]
    assert part.select_one("nav.pager a[aria-current=page]").get_text() == "2"


def test_permalinks_resolve_to_the_page_that_holds_the_anchor(paged_site):
    pages = [paged_site / "index.html", *sorted((paged_site / "years").rglob("index.html")),
             *sorted((paged_site / "events").rglob("index.html"))]
    checked = set()
    for page in pages:
        doc = parse(page)
        links = doc.select("a.permalink") + doc.select("p.position a")
        assert links, page
        for a in links:
            target, fragment = resolve(paged_site, page, a["href"])
            assert target.parent.parent.name == "years" or target.parent.parent.parent.name \
                == "years", a["href"]
            assert parse(target).find(id=fragment) is not None, (page, a["href"])
            checked.add(fragment)
    assert checked == set(ALL)
    assert broken_links(paged_site) == []


def test_long_stage_and_bill_pages_are_split(fixture_site, tmp_path):
    extra = add_debates(fixture_site, ["2024-06-03", "2024-06-10", "2024-06-17"])
    out = build(fixture_site, tmp_path / "output", TIMELINE_PAGE_SIZE=2)
    debates = ["event-2024-05-15-same-day-debate", *extra]
    assert ids_on(out / "stages/debate/index.html") == debates[:2]
    assert ids_on(out / "stages/debate/2/index.html") == debates[2:]
    first = parse(out / "stages/debate/index.html")
    assert "4 events at this stage" in first.get_text()
    assert [a.get_text() for a in first.select("nav.pager a")][:2] == ["1", "2"]
    bill = "bills/widget-safety-bill-2023-24"
    assert [li["id"] for li in parse(out / bill / "index.html").select("ol.bill-stages li")] \
        == ["event-2024-04-16-announcement", "event-2024-05-15-report-stage"]
    assert not (out / bill / "2").exists()
    assert broken_links(out) == []


def test_page_size_must_be_a_whole_number_of_at_least_one():
    for bad in (0, -1, 2.5, "10", True):
        with pytest.raises(TimelineSettingsError):
            read_settings({"TIMELINE_PAGE_SIZE": bad})
    assert read_settings({}).page_size == 200


def test_timeline_pages_url_points_at_the_year_page():
    from pelican.plugins.parliament_timeline.model import Entry, Source
    from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES

    def entry(day: str) -> Entry:
        return Entry(slug=f"{day}-x", title="x", summary="x",
                     date=dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC),
                     stage=STAGES["debate"], chamber=CHAMBERS["commons"],
                     sources=(Source("https://www.gov.uk/x"),))

    timeline = Timeline([entry("2020-01-01"), entry("2021-01-01"), entry("2021-02-01")])
    places = SitePages(read_settings({"TIMEZONE": "UTC"}))
    pages = timeline_pages(timeline, 2, places)
    assert pages.paged
    assert [e.slug for e in pages.home] == ["2021-01-01-x", "2021-02-01-x"]
    assert pages.url(timeline.entries[0]) == "years/2020/#event-2020-01-01-x"
    assert pages.url(timeline.entries[2]) == "years/2021/#event-2021-02-01-x"
    assert not timeline_pages(timeline, 3, places).paged


def test_chunks_are_cut_by_count_and_by_weight():
    from pelican.plugins.parliament_timeline.site.paging import chunks

    assert chunks(list(range(7)), 3) == [(0, 1, 2), (3, 4, 5), (6,)]
    # Weight: a run stops before it would pass the budget; one heavy item
    # alone still gets a page.
    assert chunks([1, 2, 3, 9, 1], 10, weight=lambda n: n, budget=5) == [
        (1, 2), (3,), (9,), (1,)]
    assert chunks([], 3, weight=len) == []


def test_lists_side_by_side_share_numbered_pages():
    from pelican.plugins.parliament_timeline.site.paging import paginate_side_by_side

    paged = paginate_side_by_side([["q1", "q2", "q3"], ["s1"]], 2, "questions/x/",
                                  "questions/x/index.html")
    assert [(p.number, p.url, p.save_as, p.entries) for p in paged.pages] == [
        (1, "questions/x/", "questions/x/index.html", (("q1", "q2"), ("s1",))),
        (2, "questions/x/2/", "questions/x/2/index.html", (("q3",), ())),
    ]
    assert [p.entries for p in paginate_side_by_side([[], []], 2, "q/", "q/index.html").pages
            ] == [((), ())]
