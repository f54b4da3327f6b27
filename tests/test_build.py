"""Whole Pelican builds with the real settings, read back as parsed HTML."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from conftest import build, fixture_vocabulary, publish
from pelican.plugins.parliament_timeline.errors import TimelineBuildError
from pelican.plugins.parliament_timeline.procedure import STAGES
from sitecheck import broken_links, parse, resolve

BILLS = fixture_vocabulary().bills


@pytest.fixture
def built_fixture(fixture_build):
    """The fixture site built once per session (read only)."""
    return fixture_build


def events_on(page: Path):
    return parse(page).select("li.event")


def test_home_page_lists_every_event_in_order_with_ids_and_times(built_fixture):
    events = events_on(built_fixture / "index.html")
    assert [li["id"] for li in events] == [
        "event-2023-10-26-royal-assent",
        "event-2024-04-16-announcement",
        "event-2024-05-15-same-day-debate",
        "event-2024-05-15-report-stage",
    ]
    assert [li.find("time")["datetime"] for li in events] == [
        "2023-10-26", "2024-04-16", "2024-05-15", "2024-05-15T14:30:00+01:00",
    ]
    first = events[1]
    assert first.select_one(".label-stage").get_text(" ", strip=True) == "Stage: Announcement"
    assert first.select_one(".label-chamber").get_text(" ", strip=True) == "Who: Government"
    assert "Widget Safety Bill" in first.select_one(".label-bill").get_text()
    assert first.select_one(".event-summary").get_text() == "A fixture entry for the announcement."
    assert first.select_one("a.source-link")["href"] == "https://www.gov.uk/government/news/example"


def test_home_page_groups_events_by_year_and_month(built_fixture):
    doc = parse(built_fixture / "index.html")
    assert [h.get_text() for h in doc.select("section.year > h2")] == ["2023", "2024"]
    assert [h.get_text() for h in doc.select("section.month > h3")] == [
        "October 2023", "April 2024", "May 2024"]
    may = doc.select("section.month")[2]
    assert len(may.select("ol.timeline > li.event")) == 2


def test_every_event_links_to_its_own_page(built_fixture):
    home = built_fixture / "index.html"
    for li in events_on(home):
        slug = li["id"].removeprefix("event-")
        link = li.select_one(".event-title a")["href"]
        target, _ = resolve(built_fixture, home, link)
        assert target == (built_fixture / "events" / slug / "index.html").resolve()
        page = parse(target)
        assert page.find("h1").get_text() == li.select_one(".event-title").get_text(strip=True)


def test_entry_pages_have_previous_next_sources_people_and_corrections(built_fixture):
    page = parse(built_fixture / "events/2024-05-15-same-day-debate/index.html")
    assert "2024-04-16-announcement" in page.select_one("a[rel=prev]")["href"]
    assert "2024-05-15-report-stage" in page.select_one("a[rel=next]")["href"]
    note = page.select_one(".verification details")
    assert note.select_one("summary strong").get_text() == "Not fully verified:"
    assert note.select_one("p").get_text() == "The exact speaker."
    first = parse(built_fixture / "events/2023-10-26-royal-assent/index.html")
    assert first.select_one("a[rel=prev]") is None
    ann = parse(built_fixture / "events/2024-04-16-announcement/index.html")
    assert [a["href"] for a in ann.select("ol.sources a")] == [
        "https://www.gov.uk/government/news/example", "https://www.example.org/report"]
    assert "Minister for Things" in ann.select_one("ul.people").get_text()
    assert ann.select_one(".entry-body em").get_text() == "narrative"
    report = parse(built_fixture / "events/2024-05-15-report-stage/index.html")
    assert report.select_one(".corrections time")["datetime"] == "2024-06-01"


def test_bill_pages_list_their_stages_in_order_with_the_outcome(built_fixture):
    bill = BILLS["widget-safety-bill-2023-24"]
    page_path = built_fixture / "bills" / bill.key / "index.html"
    page = parse(page_path)
    items = page.select("ol.bill-stages > li")
    assert [li["id"] for li in items] == [
        "event-2024-04-16-announcement", "event-2024-05-15-report-stage"]
    assert bill.status_label in page.select_one(".bill-status").get_text()
    for li in items:
        target, _ = resolve(built_fixture, page_path, li.find("a")["href"])
        assert target.is_file()
    assert bill.outcome in page.get_text(" ", strip=True)
    for key in BILLS:
        assert (built_fixture / "bills" / key / "index.html").is_file()
    listed = parse(built_fixture / "bills/index.html").get_text(" ", strip=True)
    assert all(b.title in listed for b in BILLS.values())


def test_stage_pages_and_glossary_come_from_the_vocabulary(built_fixture):
    for key, stage in STAGES.items():
        page = parse(built_fixture / "stages" / key / "index.html")
        assert page.find("h1").get_text() == stage.label
    report = parse(built_fixture / "stages/report/index.html")
    assert [li["id"] for li in report.select("li.event")] == ["event-2024-05-15-report-stage"]
    glossary = parse(built_fixture / "glossary/index.html")
    assert [dt["id"] for dt in glossary.select("dl.glossary dt[id^=stage-]")] == [
        f"stage-{k}" for k in STAGES]
    assert glossary.select_one("dl.glossary dd").get_text().startswith(
        STAGES["announcement"].explanation)


def test_no_internal_link_is_broken(built_fixture):
    assert broken_links(built_fixture) == []


def test_an_invalid_entry_is_left_out_with_a_warning_in_development(fixture_site, tmp_path, caplog):
    bad = fixture_site / "entries" / "2024-06-01-bad.md"
    bad.write_text("Title: Bad\nDate: 2024-06-01\nSummary: s\nStage: nonsense\n"
                   "Chamber: commons\nSources: https://www.gov.uk/x\n")
    with caplog.at_level(logging.WARNING):
        output = build(fixture_site, tmp_path / "output")
    assert not (output / "events/2024-06-01-bad").exists()
    assert len(events_on(output / "index.html")) == 4
    assert any(r.getMessage().endswith("2024-06-01-bad.md:4: unknown stage 'nonsense' "
                                       "(stages are: " + ", ".join(STAGES) + ")")
               for r in caplog.records)


def test_an_invalid_entry_fails_a_strict_build(fixture_site, tmp_path):
    (fixture_site / "entries" / "2024-06-01-bad.md").write_text("Title: Bad\n\n")
    with pytest.raises(TimelineBuildError, match="error"):
        build(fixture_site, tmp_path / "output", TIMELINE_STRICT=True)


def test_publishconf_build_fails_with_path_line_messages_and_no_traceback(fixture_site, tmp_path):
    (fixture_site / "entries" / "2024-06-01-bad.md").write_text(
        "Title: Bad\nDate: 2024-06-01\nSummary: s\nStage: report\nChamber: commons\n"
        "Sources: javascript:alert(1)\n")
    result = publish(fixture_site, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    bad = fixture_site / "entries" / "2024-06-01-bad.md"
    assert f"{bad}:6: 'javascript:alert(1)' is not an http(s) URL" in output.splitlines()


def test_a_cached_rebuild_reads_only_the_entries_that_changed(fixture_site, tmp_path, monkeypatch):
    import os

    import pelican.plugins.parliament_timeline.site.generator as generator

    calls = []
    real = generator.read_entry_file

    def counting(path, shown=None):
        calls.append(Path(path).name)
        return real(path, shown)

    monkeypatch.setattr(generator, "read_entry_file", counting)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
             "CACHE_PATH": str(tmp_path / "cache")}
    first = build(fixture_site, tmp_path / "one", **cache)
    assert len(calls) == 4
    calls.clear()
    second = build(fixture_site, tmp_path / "two", **cache)
    assert calls == []
    changed = fixture_site / "entries" / "2023-10-26-royal-assent.md"
    changed.write_text(changed.read_text().replace("Body.", "Changed body."))
    os.utime(changed, (1, 1))
    build(fixture_site, tmp_path / "three", **cache)
    assert calls == ["2023-10-26-royal-assent.md"]
    page = "events/2023-10-26-royal-assent/index.html"
    assert (first / page).read_bytes() == (second / page).read_bytes()
    assert "Changed body." in parse(tmp_path / "three" / page).select_one(".entry-body").get_text()


def test_placeholder_text_is_a_warning_in_development_and_refused_by_a_strict_build(
        fixture_site, tmp_path, caplog):
    from pelican.plugins.parliament_timeline.records import scaffold

    entry = fixture_site / "entries" / "2024-06-01-scaffolded.md"
    entry.write_text("Title: Scaffolded\nDate: 2024-06-01\nSummary: Scaffolded\nStage: debate\n"
                     "Chamber: lords\nSources: https://hansard.parliament.uk/Lords/2024-06-01/x\n"
                     f"\n{scaffold.ENTRY_BODY}\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        output = build(fixture_site, tmp_path / "dev")
    assert (output / "events/2024-06-01-scaffolded/index.html").exists()
    warned = [r.getMessage() for r in caplog.records if "scaffolded" in r.getMessage()]
    assert any(m.endswith(":3: warning: 'Summary' repeats the Title (as new-entry writes it): "
                          "say in one sentence what happened") for m in warned), warned
    assert any(m.endswith(":8: warning: the narrative is still the placeholder text the "
                          "scaffolding command wrote: replace it before publishing")
               for m in warned), warned
    with pytest.raises(TimelineBuildError, match="2 error"):
        build(fixture_site, tmp_path / "strict", TIMELINE_STRICT=True)


def test_a_strict_build_refuses_what_only_check_reported(fixture_site, tmp_path):
    # A future date is a whole-set problem: `invoke check` found it, and the
    # development build did not look; publishing must not publish it.
    (fixture_site / "entries" / "2099-06-01-far-future.md").write_text(
        "Title: A far future debate\nDate: 2099-06-01\nSummary: It has not happened.\n"
        "Stage: debate\nChamber: lords\nSources: https://hansard.parliament.uk/Lords/x\n\n"
        "Not yet.\n", "utf-8")
    build(fixture_site, tmp_path / "dev")
    with pytest.raises(TimelineBuildError, match="1 error"):
        build(fixture_site, tmp_path / "strict", TIMELINE_STRICT=True)
