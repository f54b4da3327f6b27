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
from pelican.plugins.parliament_timeline.exports.timelinejson import SCHEMA_PATH
from pelican.plugins.parliament_timeline.model import Timeline
from pelican.plugins.parliament_timeline.procedure import STAGES
from pelican.plugins.parliament_timeline.records.bills import read_bills
from pelican.plugins.parliament_timeline.settings import read_settings
from sitecheck import parse, resolve

PUBLIC = "http://localhost:8000"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# The fixture subject with its settings, and this site's content with its own.
SITES = {"fixture": "fixture_build", "content": "real_site"}
VOCABULARY = fixture_vocabulary()


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
    assert ann["people"] == [{"name": "A Minister", "role": "Minister for Things"}]
    assert ann["origin"] == "editor" and ann["from_feed"] is False
    assert "<em>narrative</em>" in ann["body_html"]
    report = events["2024-05-15-report-stage"]
    assert report["date"] == "2024-05-15T14:30:00+01:00" and report["time"] == "14:30"
    assert report["corrections"] == [{"date": "2024-06-01", "text": "Fixed the time."}]
    assert events["2024-05-15-same-day-debate"]["unverified"] == "The exact speaker."
    assert events["2024-05-15-same-day-debate"]["bill"] is None


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


def test_icalendar_has_one_event_per_entry_with_stable_uid_and_source(built):
    cal = icalendar.Calendar.from_ical((built / "timeline.ics").read_bytes())
    vevents = list(cal.walk("VEVENT"))
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
                for h2 in page.select("main h2[id]")}
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
                 "timeline.ics", "timelinejs.json", "timeline.schema.json"):
        assert any(h.endswith(name) for h in hrefs), name


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
