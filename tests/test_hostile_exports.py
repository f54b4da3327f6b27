"""Every export stays well-formed whatever text reaches it: every control character, parsed back.

``invoke check`` refuses control and invisible characters in records
(tests/test_hostile_records.py); here the check is switched off, as if it had
missed them, and a whole build writes them through every export, each then
read with the parser its readers use.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import jsonschema
import pytest

from conftest import FIXTURE_SITE, build
from pelican.plugins.parliament_timeline.exports.timelinejson import SCHEMA_PATH

# Every control character a line can hold (a line end ends it), DEL, the C1
# controls, and the other characters XML or iCalendar refuse or browsers hide.
CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\r")
HOSTILE = (CONTROLS + "\x7f" + "".join(chr(c) for c in range(0x80, 0xA0))
           + "\ufffe\uffff\ufdd0\U0001fffe\u2028\u2029\u202e\u200b\ufeff")
ENTRY = f"""Title: Controls {HOSTILE} in a title
Date: 2024-06-10
Summary: A summary with {HOSTILE} in it.
Stage: report
Chamber: commons
Bill: widget-safety-bill-2023-24
People: sam-cog | a role {HOSTILE}
Unverified: not seen {HOSTILE}
Sources: https://hansard.parliament.uk/x | Source {HOSTILE} title
    https://www.gov.uk/y | another {HOSTILE}

A narrative with {HOSTILE} in it.
"""
PERSON = f"""Name: Sam {HOSTILE} Cog
Party: Another Invented Party
House: commons
Sources: https://members.parliament.uk/member/99903 | Sam {HOSTILE} Cog
"""


def assert_exports_parse(output) -> None:
    """Every export of a built site parses with the parser its readers use."""
    feeds = sorted(output.rglob("*.atom.xml"))
    assert feeds
    for path in feeds:
        data = path.read_bytes()
        ET.fromstring(data)  # expat: raises on any malformed XML
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    for name in ("timeline.json", "feed.json", "timelinejs.json"):
        json.loads((output / name).read_text("utf-8"))  # strict: no raw control character
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        jsonschema.validate(json.loads((output / "timeline.json").read_text("utf-8")),
                            json.load(f))
    for path in sorted(output.glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
        assert len({len(r) for r in rows}) == 1, path
    calendar = (output / "timeline.ics").read_bytes()
    icalendar.Calendar.from_ical(calendar)
    assert not any(c in calendar.decode("utf-8") for c in CONTROLS.replace("\t", "") + "\x7f")


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """A fixture build with every hostile character in an entry, a bill and a person."""
    folder = tmp_path_factory.mktemp("hostile-exports")
    site = folder / "content"
    shutil.copytree(FIXTURE_SITE, site)
    (site / "entries" / "2024-06-10-controls.md").write_text(ENTRY, encoding="utf-8")
    (site / "people" / "sam-cog.md").write_text(PERSON, encoding="utf-8")
    bill = site / "bills" / "widget-safety-bill-2023-24.md"
    text = bill.read_text(encoding="utf-8")
    bill.write_text(text.replace("Title: ", f"Title: {HOSTILE} ", 1), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        # As if invoke check had missed every one of them.
        patch.setattr("pelican.plugins.parliament_timeline.records.parse.line_problems",
                      lambda lines, body_start: [])
        # And the narrative's check, which reports what the sanitizer would change.
        patch.setattr("pelican.plugins.parliament_timeline.site.generator.body_problems",
                      lambda *args, **kwargs: [])
        return build(site, folder / "output")


def test_the_hostile_entry_is_published(output):
    assert (output / "events" / "2024-06-10-controls" / "index.html").exists()


def test_every_export_parses(output):
    assert_exports_parse(output)


def test_every_atom_feed_is_well_formed(output):
    feeds = sorted(output.rglob("*.atom")) + sorted(output.rglob("*.xml"))
    assert len(feeds) > 3
    for path in feeds:
        data = path.read_bytes()
        ET.fromstring(data)  # expat: raises on any malformed XML
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    everything = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes()
                                  if (output / "feeds" / "all.atom.xml").exists()
                                  else feeds[0].read_bytes())
    titles = [e.title for e in everything.entries]
    assert any(t.startswith("Controls ") for t in titles), titles


def test_the_json_exports_parse_and_keep_the_text(output):
    for name in ("timeline.json", "feed.json", "timelinejs.json"):
        matches = list(output.rglob(name))
        assert matches, name
        json.loads(matches[0].read_text("utf-8"))  # strict: no raw control character
    data = json.loads(next(output.rglob("timeline.json")).read_text("utf-8"))
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        jsonschema.validate(data, json.load(f))
    event = next(e for e in data["events"] if e["slug"] == "2024-06-10-controls")
    assert "\x1b" in event["title"]  # JSON escapes it: the text is kept as written


def test_every_csv_file_parses(output):
    files = sorted(output.rglob("*.csv"))
    assert len(files) >= 6
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
        assert len({len(r) for r in rows}) == 1, path


def test_the_calendar_parses_and_holds_no_control_character(output):
    data = next(output.rglob("*.ics")).read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Controls ") for s in summaries)
    text = data.decode("utf-8")
    assert not any(c in text for c in CONTROLS.replace("\t", "") + "\x7f")
