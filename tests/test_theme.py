"""The theme's pages, built from the fixture site and read back as parsed HTML."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from conftest import build
from pelican.plugins.parliament_timeline import THEME_PATH
from pelican.plugins.parliament_timeline.procedure import STAGES
from pelican.plugins.parliament_timeline.settings import read_settings
from pelican.plugins.parliament_timeline.site.filters import FILTERS
from pelican.plugins.parliament_timeline.site.templating import register_template_helpers
from sitecheck import parse, resolve


@pytest.fixture
def built(fixture_build):
    """The fixture site built once per session (read only)."""
    return fixture_build


def test_stage_kinds_cover_every_stage():
    kinds = {key: stage.kind for key, stage in STAGES.items()}
    assert kinds["second-reading"] == "passage"
    assert kinds["royal-assent"] == kinds["commencement"] == "law"
    assert kinds["bill-fell"] == "fell"
    assert kinds["amendment-tabled"] == "amendment"
    assert kinds["statement"] == "parliament"
    assert kinds["announcement"] == "outside"
    assert set(kinds.values()) == {"passage", "law", "fell", "amendment", "parliament", "outside"}


def test_home_page_says_where_things_stand_with_date_and_source(built):
    home = built / "index.html"
    status = parse(home).select_one("section.status")
    assert status.select_one(".status-state").get_text(strip=True) == "Before Parliament"
    detail = status.select_one(".status-detail").get_text(" ", strip=True)
    assert "Widget Safety Bill is before Parliament: report stage in the House of Commons" in (
        detail)
    assert status.select_one(".status-detail time")["datetime"] == "2024-05-15T14:30:00+01:00"
    decided = status.select_one(".status-source a")
    target, _ = resolve(built, home, decided["href"])
    assert target.parent.name == "2024-05-15-report-stage"
    sources = [a["href"] for a in status.select(".status-source a")]
    assert "https://hansard.parliament.uk/Commons/2024-05-15/debates/x/Example" in sources
    assert status.select_one(".verification") is None


def test_the_status_says_when_the_deciding_event_is_not_fully_verified(fixture_site, tmp_path):
    entry = fixture_site / "entries" / "2024" / "2024-05-15-report-stage.md"
    entry.write_text(entry.read_text().replace(
        "Corrections:", "Unverified: The division figures.\nCorrections:"))
    status = parse(build(fixture_site, tmp_path / "output") / "index.html").select_one(
        "section.status")
    # A short line, the note itself in a disclosure (site/verification.py).
    note = status.select_one(".verification details")
    assert note.select_one("summary").get_text(" ", strip=True) == (
        "Not fully verified: not every detail was seen in an official record. Why?")
    assert note.select_one("p").get_text() == "The division figures."


def test_events_carry_the_data_the_filters_read(built):
    doc = parse(built / "index.html")
    li = doc.select_one("#event-2024-04-16-announcement")
    assert (li["data-stage"], li["data-chamber"], li["data-bill"], li["data-year"],
            li["data-origin"]) == (
        "announcement", "government", "widget-safety-bill-2023-24", "2024", "editor")
    assert doc.select_one("#event-2024-05-15-same-day-debate")["data-bill"] == "none"
    assert "kind-outside" in li["class"]
    assert li.select_one(".label-stage .mark-outside")["aria-hidden"] == "true"


def test_filter_controls_offer_only_values_on_the_timeline(built):
    form = parse(built / "index.html").select_one("form#filters")
    assert form.has_attr("hidden")  # shown by site.js only
    values = {s["name"]: [o["value"] for o in s.select("option")] for s in form.select("select")}
    # In the vocabulary's order, not the timeline's.
    assert values["stage"] == ["", "announcement", "report", "royal-assent", "debate"]
    assert values["year"] == ["", "2023", "2024"]
    assert values["bill"] == ["", "widget-labelling-bill-2022-23", "widget-safety-bill-2023-24",
                              "none"]
    assert values["chamber"] == ["", "commons", "lords", "government", "crown"]
    assert values["origin"] == ["", "editor", "feed"]
    for select in form.select("select"):
        assert form.select_one(f"label[for={select['id']}]")
    assert form.select_one("[role=status]#filter-count")


def test_bill_page_tracks_stages_of_both_houses(built):
    page = built / "bills/widget-safety-bill-2023-24/index.html"
    doc = parse(page)
    tracker = doc.select_one(".tracker")
    assert [p.get_text() for p in tracker.select(".tracker-house")] == [
        "House of Commons", "House of Lords", "Both Houses, Crown and commencement"]
    steps = tracker.select("li.step")
    assert len(steps) == 13
    report = steps[3]
    assert "step-recorded" in report["class"]
    assert report.select_one(".step-state").get_text() == "Reached"
    assert report.select_one("time")["datetime"] == "2024-05-15T14:30:00+01:00"
    target, _ = resolve(built, page, report.select_one(".step-event a")["href"])
    assert target.parent.name == "2024-05-15-report-stage"
    assert "step-passed" in steps[0]["class"]
    assert all("step-pending" in s["class"] for s in steps[4:])
    assert all(s.select_one(".step-state").get_text() == "Not reached" for s in steps[4:])
    end = tracker.select_one(".end-carried a")
    assert "consumer-widgets-bill-hl" in end["href"]


def test_entry_page_offers_a_citation_and_its_place_in_the_story(built):
    page = built / "events/2024-05-15-report-stage/index.html"
    doc = parse(page)
    # OSCOLA (tests/test_cite.py has the rest), dated by its latest correction.
    citation = doc.select_one("#cite-event-2024-05-15-report-stage")
    text = citation.get_text(" ", strip=True)
    assert "\u2018New clause added at report stage (15 May 2024)\u2019" in text
    assert "(Widget safety: a fixture timeline, 1 June 2024)" in text
    assert "/events/2024-05-15-report-stage/" in citation.select_one("a.cite-url").get_text()
    assert doc.select_one("section.cite .cite-primary a")["href"] == (
        "https://hansard.parliament.uk/Commons/2024-05-15/debates/x/Example")
    assert "Corrected on 1 June 2024: Fixed the time." in doc.select_one(".corrections").get_text()
    story = doc.select_one("section.story")
    assert story.select_one(".position").get_text(" ", strip=True).startswith("Event 4 of 4")
    current = story.select_one(".mini-timeline [aria-current=step]")
    assert "this event" in current.get_text()
    assert len(story.select(".mini-timeline li")) == 3  # two before, none after
    here = story.select_one(".tracker [aria-current=step]")
    assert "Report stage, House of Commons: Reached" in here.get_text(" ", strip=True)
    assert doc.select_one("article.entry").has_attr("data-pagefind-body")


def test_scripts_are_modules_from_our_own_static_folder(built):
    for page in ("index.html", "events/2024-05-15-report-stage/index.html",
                 "search/index.html"):
        for script in parse(built / page).select("script"):
            assert script["type"] == "module"
            target, _ = resolve(built, built / page, script["src"])
            assert target.is_file() and "/theme/js/" in target.as_posix()


def test_every_filter_field_has_its_value_on_every_event(built):
    doc = parse(built / "index.html")
    form = doc.select_one("form#filters")
    fields = [s["data-filter"] for s in form.select("select")]
    for select in form.select("select"):
        assert select["name"] == select["data-filter"]
    # The fixture offers every filter the plugin declares, in the form's order.
    assert sorted(fields) == sorted(f.key for f in FILTERS)
    assert fields[-1] == "origin"  # what the events are first, their source last
    for li in doc.select(".timeline-years li.event"):
        assert [a[5:] for a in li.attrs if a.startswith("data-")] == [f.key for f in FILTERS]


def test_the_script_reads_the_filter_keys_from_the_form():
    script = Path(THEME_PATH, "static", "js", "site.js").read_text(encoding="utf-8")
    assert 'querySelectorAll("select[data-filter]")' in script
    for f in FILTERS:
        assert f'"{f.key}"' not in script


def test_macros_read_only_their_parameters_and_the_environments_globals():
    """Macros are imported without context: what they show comes in as
    parameters; only the plugin's environment globals (functions and
    settings, the same on every page) are read besides."""
    env = jinja2.Environment()
    register_template_helpers(env, read_settings({}))
    allowed = set(env.globals) | {"cite"}  # cite: set by the generator, once per build
    folder = Path(THEME_PATH, "templates")
    for path in sorted(folder.glob("*.html")):
        ast = env.parse(path.read_text(encoding="utf-8"))
        for imp in ast.find_all(nodes.Import):
            assert not imp.with_context, f"{path.name} imports {imp.template.value} with context"
        file_names = ({m.name for m in ast.find_all(nodes.Macro)}
                      | {i.target for i in ast.find_all(nodes.Import)})
        for macro in ast.find_all(nodes.Macro):
            local = {a.name for a in macro.args} | {"caller", "loop", "none", "true", "false"}
            for n in macro.find_all((nodes.Assign, nodes.For)):
                local |= {t.name for t in n.target.find_all(nodes.Name)}
                if isinstance(n.target, nodes.Name):
                    local.add(n.target.name)
            read = {n.name for n in macro.find_all(nodes.Name) if n.ctx == "load"}
            outside = read - local - file_names - allowed
            assert not outside, f"{path.name}: {macro.name} reads {sorted(outside)}"
