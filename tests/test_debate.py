"""The index of the records of the debate (site/debate.py), on the fixture subject."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURE_SITE, fixture_settings
from pelican.plugins.parliament_timeline.model import Timeline
from pelican.plugins.parliament_timeline.records.files import find_record_files
from pelican.plugins.parliament_timeline.records.load import load_vocabulary
from pelican.plugins.parliament_timeline.records.parse import read_entry_file
from pelican.plugins.parliament_timeline.records.validate import build_entry
from pelican.plugins.parliament_timeline.settings import read_settings
from pelican.plugins.parliament_timeline.site.debate import build_debate_index

REPORT = "2024-05-15-report-stage"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """The fixture site's vocabulary and timeline, indexed."""
    ts = read_settings(fixture_settings(FIXTURE_SITE, tmp_path_factory.mktemp("out")))
    vocabulary, problems = load_vocabulary(str(FIXTURE_SITE), ts)
    assert [p for p in problems if p.severity == "error"] == []
    entries = []
    for path in find_record_files(str(FIXTURE_SITE / "entries")):
        entry, _ = build_entry(read_entry_file(path), vocabulary)
        entries.append(entry)
    return build_debate_index(vocabulary, Timeline(entries))


def test_a_persons_part_is_every_role_they_had_in_date_order(index):
    first, *parts = index.person_parts("jane-widget")
    assert (first.kind, first.day, first.role) == ("event", dt.date(2024, 4, 16),
                                                   "Minister for Things")
    assert [p.kind for p in parts] == ["event", "quote", "moved", "teller"]
    assert all(p.day == dt.date(2024, 5, 15) for p in parts)
    assert parts[0].entry.slug == REPORT and parts[0].role == "Minister for Widgets"
    assert parts[1].quote.text == "a label tells every buyer what they need to know"
    assert parts[3].division.key == "2024-05-15-commons-nc1" and parts[3].side == "for"
    assert [e.slug for e in index.person_events("jane-widget")] == [
        "2024-04-16-announcement", REPORT]
    assert [(e.slug, q.url) for e, q in index.person_quotes("jane-widget")] == [
        (REPORT, "https://hansard.parliament.uk/Commons/2024-05-15/debates/x/Example")]
    assert [a.key for a in index.person_amendments("jane-widget")] == ["wsb-nc1"]
    assert [(d.key, side) for d, side in index.person_tellers("jane-widget")] == [
        ("2024-05-15-commons-nc1", "for")]


def test_supporters_and_movers_are_indexed(index):
    assert [a.key for a in index.person_amendments("lord-sprocket", "supported")] == ["wsb-nc1"]
    assert index.person_amendments("lord-sprocket") == []
    assert [a.key for a in index.person_amendments("sam-cog")] == ["wsb-amendment-7"]
    assert [p.key for p in index.people()] == ["jane-widget", "lord-sprocket", "sam-cog"]


def test_an_events_amendments_divisions_questions_and_people(index):
    assert [a.key for a in index.event_amendments(REPORT)] == ["wsb-amendment-7", "wsb-nc1"]
    assert [d.key for d in index.event_divisions(REPORT)] == [
        "2024-05-15-commons-nc1", "2024-05-15-commons-penalties"]
    entry = index.timeline.get(REPORT)
    assert [(q.key, side) for q, side in index.event_questions(entry)] == [
        ("licence-or-label", "label"), ("penalties", None)]
    assert index.event_people(entry) == ["jane-widget"]
    assert index.event_amendments("2024-04-16-announcement") == []
    assert index.event_divisions("2024-04-16-announcement") == []


def test_a_bills_amendments_and_divisions_by_amendment_or_event(index):
    bill = "widget-safety-bill-2023-24"
    assert [a.key for a in index.bill_amendments(bill)] == ["wsb-amendment-7", "wsb-nc1"]
    # The penalties division decides no amendment: its event's bill counts.
    assert [d.key for d in index.bill_divisions(bill)] == [
        "2024-05-15-commons-nc1", "2024-05-15-commons-penalties"]
    groups = index.decision_groups(bill)
    assert [(d.key, [a.key for a in found]) for d, found in groups] == [
        ("agreed-on-division", ["wsb-nc1"]), ("withdrawn", ["wsb-amendment-7"])]
    assert index.bill_amendments("consumer-widgets-bill-hl") == []
    assert index.bill_divisions("consumer-widgets-bill-hl") == []


def test_a_questions_story_quotes_by_side_and_records(index):
    story = index.question_story("licence-or-label")
    assert [(s.kind, s.side) for s in story] == [
        ("event", "label"), ("amendment", "licence"), ("amendment", "label"),
        ("division", "label")]
    assert [e.slug for e in index.question_events("licence-or-label")] == [REPORT]
    assert [a.key for a in index.question_amendments("licence-or-label")] == [
        "wsb-amendment-7", "wsb-nc1"]
    assert [d.key for d in index.question_divisions("penalties")] == [
        "2024-05-15-commons-penalties"]
    quotes = index.question_quotes("licence-or-label")
    assert list(quotes) == ["label"]
    assert quotes["label"][0].entry.slug == REPORT
    assert index.question_quotes("penalties") == {}


def test_records_come_in_date_order(index):
    assert [v.key for v in index.versions()] == ["wsb-nc1-report", "cwa-section-1-as-enacted"]
    assert [q.key for q in index.questions()] == ["licence-or-label", "penalties"]
    entries = list(index.timeline)
    assert [q.key for q in index.questions_in(entries)] == ["licence-or-label", "penalties"]
    assert [p.key for p in index.people_in(entries)] == ["jane-widget"]
    assert index.questions_in(entries[:1]) == []


def test_each_version_is_compared_with_the_one_before_or_the_one_it_follows(index):
    from dataclasses import replace

    from pelican.plugins.parliament_timeline.site.debate import build_debate_index

    assert [(v.key, b.key if b else None) for v, b in index.compared()] == [
        ("wsb-nc1-report", None), ("cwa-section-1-as-enacted", "wsb-nc1-report")]
    v = index.vocabulary
    enacted = v.versions["cwa-section-1-as-enacted"]
    for follows, expected in (("none", None), ("wsb-nc1-report", "wsb-nc1-report")):
        changed = replace(v, versions={**v.versions, enacted.key: replace(enacted,
                                                                          follows=follows)})
        pairs = build_debate_index(changed, index.timeline).compared()
        assert [(x.key, b.key if b else None) for x, b in pairs][1] == (enacted.key, expected)


def test_a_plain_name_is_shown_but_is_not_a_person(index):
    from dataclasses import replace

    from pelican.plugins.parliament_timeline.model import Person
    from pelican.plugins.parliament_timeline.site.debate import build_debate_index

    v = index.vocabulary
    seven = replace(v.amendments["wsb-amendment-7"], mover=Person("Another Member", "mover"))
    plain = build_debate_index(replace(v, amendments={**v.amendments, seven.key: seven}),
                               index.timeline)
    assert [p.key for p in plain.people()] == ["jane-widget", "lord-sprocket", "sam-cog"]
    assert plain.person_amendments("sam-cog") == []
