"""timeline.sqlite (exports/sqlitedb.py), read back by the sqlite3 module.

Its row counts are those of timeline.json's arrays, its foreign keys hold,
its full-text index finds the right event, and two builds of the same
content give the same bytes.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from conftest import FIXTURE_NAMESPACE, FIXTURE_SITE, build, soup

RECORD_TABLES = {"people": "people", "questions": "questions", "amendments": "amendments",
                 "divisions": "divisions", "versions": "versions"}


def connect(output: Path) -> sqlite3.Connection:
    """The built database, opened read-only."""
    return sqlite3.connect(f"file:{output / 'timeline.sqlite'}?mode=ro", uri=True)


@pytest.fixture(scope="module")
def data(fixture_build):
    return json.loads((fixture_build / "timeline.json").read_bytes())


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_each_record_kind_has_a_table_with_a_row_per_record(fixture_build, data):
    db = connect(fixture_build)
    assert count(db, "events") == len(data["events"]) > 0
    assert count(db, "bills") == len(data["vocabularies"]["bills"]) > 0
    assert count(db, "stages") == len(data["vocabularies"]["stages"])
    for kind, table in RECORD_TABLES.items():
        assert count(db, table) == len(data[kind]) > 0, kind
    # Link tables: one row per link the JSON gives.
    assert count(db, "event_people") == sum(len(e["people"]) for e in data["events"])
    assert count(db, "amendment_events") == sum(len(a["events"]) for a in data["amendments"])
    assert count(db, "sources") == (
        sum(len(e["sources"]) for e in data["events"])
        + sum(len(r["sources"]) for kind in RECORD_TABLES for r in data[kind]))


def test_rows_carry_the_values_of_timeline_json(fixture_build, data):
    db = connect(fixture_build)
    db.row_factory = sqlite3.Row
    first = data["events"][0]
    row = db.execute("SELECT * FROM events WHERE id = ?", (first["id"],)).fetchone()
    assert (row["slug"], row["title"], row["date"], row["stage"], row["permalink"]) == (
        first["slug"], first["title"], first["date"], first["stage"]["key"], first["permalink"])
    # The events keep the timeline's order.
    slugs = [r[0] for r in db.execute("SELECT slug FROM events ORDER BY position")]
    assert slugs == [e["slug"] for e in data["events"]]
    division = data["divisions"][0]
    row = db.execute("SELECT * FROM divisions WHERE key = ?", (division["id"],)).fetchone()
    assert row["for_count"] == division["lobbies"]["for"]["count"]
    assert row["event"] == division["event"]


def test_foreign_keys_hold_and_join_records(fixture_build):
    db = connect(fixture_build)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = {(t, r[2]) for (t,) in db.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'search%'")
        for r in db.execute(f"PRAGMA foreign_key_list({t})")}
    assert {("events", "bills"), ("amendments", "divisions"), ("divisions", "events"),
            ("event_people", "people"), ("versions", "amendments")} <= declared
    # The fixture's report stage event and the amendments moved at it.
    report = uuid.uuid5(uuid.UUID(FIXTURE_NAMESPACE), "event:2024-05-15-report-stage").urn
    moved = db.execute(
        "SELECT a.key FROM amendments a JOIN amendment_events ae ON ae.amendment = a.key "
        "WHERE ae.event = ? ORDER BY a.key", (report,)).fetchall()
    assert moved == [("wsb-amendment-7",), ("wsb-nc1",)]


def test_full_text_search_finds_the_event_by_words_of_its_narrative(fixture_build):
    db = connect(fixture_build)
    # Words of a narrative only: the report stage's "buyer", the
    # announcement's "narrative" (inside an <em>, so the HTML is gone).
    def events(words):
        return [title for _, title in db.execute(
            "SELECT kind, title FROM search WHERE search MATCH ? AND kind = 'event'", (words,))]
    assert events("buyer") == ["New clause added at report stage"]
    assert events("narrative") == ["The government announces a widget safety rule"]
    assert events("em") == []
    # Stemmed: "labels" finds "label" (the porter tokenizer).
    kinds = {k for k, _, _ in db.execute(
        "SELECT kind, record, title FROM search WHERE search MATCH 'labels'")}
    assert "amendment" in kinds


def test_two_builds_give_the_same_bytes(fixture_build, tmp_path):
    shutil.copytree(FIXTURE_SITE, tmp_path / "content")
    again = build(tmp_path / "content", tmp_path / "output")
    assert (again / "timeline.sqlite").read_bytes() == (
        fixture_build / "timeline.sqlite").read_bytes()


def test_the_open_data_page_documents_the_database_with_queries_that_run(fixture_build):
    from pelican.plugins.parliament_timeline.exports.sqlitedb import EXAMPLE_QUERIES

    page = soup(fixture_build / "data" / "index.html")
    section = page.find(id="sqlite")
    assert section.find_next("a")["href"].endswith("timeline.sqlite")
    shown = [code.get_text() for code in page.select("details.example code")]
    db = connect(fixture_build)
    for about, sql in EXAMPLE_QUERIES:
        assert sql in shown, about
        assert db.execute(sql).fetchall(), about


def test_a_development_build_with_unknown_keys_still_writes_a_sound_database(
        fixture_site, tmp_path):
    # An amendment naming a person and a question with no record: `invoke
    # check` reports it, a development build warns and leaves it out.
    path = fixture_site / "amendments" / "wsb-amendment-7.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Mover: sam-cog", "Mover: nobody-known").replace(
        "Questions: licence-or-label:licence", "Questions: no-such-question"),
        encoding="utf-8")
    out = build(fixture_site, tmp_path / "out")
    db = connect(out)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    data = json.loads((out / "timeline.json").read_bytes())
    assert count(db, "amendments") == len(data["amendments"]) == 1
    assert db.execute("SELECT count(*) FROM amendments WHERE key = 'wsb-amendment-7'"
                      ).fetchone() == (0,)
