"""The timeline as an SQLite database (``timeline.sqlite``), for SQLite and Datasette.

A table per kind of record (stages, bills, events, people, questions,
amendments, divisions, versions), link tables between them with foreign
keys, every source in ``sources``, and a full-text index (FTS5) of the
narratives in ``search``. The values are those of ``timeline.json``
(:func:`.common.event_record`, :func:`.records.debate_records`), so the two
files never disagree.

Written with the standard library's :mod:`sqlite3`: the schema is a few
``CREATE TABLE`` statements, and writing them ourselves keeps every byte
under our control. The database is made in a temporary file with a fixed
page size, rows inserted in the timeline's order, then ``VACUUM``-ed, so
the same entries give the same bytes (SQLite stores no time of its own;
its version number is in the header, so the bytes are the same for the
same SQLite library).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable
from html.parser import HTMLParser

from ..model import Entry
from .common import ExportSite, event_record, vocabularies

SCHEMA = """
CREATE TABLE stages (
  key TEXT PRIMARY KEY, label TEXT NOT NULL, explanation TEXT,
  sort_order INTEGER, schedulable INTEGER NOT NULL, permalink TEXT NOT NULL,
  feed TEXT NOT NULL
);
CREATE TABLE chambers (key TEXT PRIMARY KEY, label TEXT NOT NULL, explanation TEXT);
CREATE TABLE bills (
  key TEXT PRIMARY KEY, title TEXT NOT NULL, session TEXT NOT NULL, house TEXT NOT NULL,
  status TEXT NOT NULL, status_label TEXT NOT NULL, outcome TEXT, url TEXT,
  act_title TEXT, act_url TEXT,
  carried_into TEXT REFERENCES bills(key),
  permalink TEXT NOT NULL, feed TEXT NOT NULL
);
CREATE TABLE events (
  id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, position INTEGER NOT NULL,
  title TEXT NOT NULL, date TEXT NOT NULL, day TEXT NOT NULL, time TEXT,
  stage TEXT NOT NULL REFERENCES stages(key),
  chamber TEXT NOT NULL REFERENCES chambers(key),
  bill TEXT REFERENCES bills(key),
  summary TEXT NOT NULL, body_html TEXT NOT NULL, body_text TEXT NOT NULL,
  unverified TEXT, origin TEXT NOT NULL, publisher TEXT,
  record_date TEXT, first_seen TEXT, updated TEXT NOT NULL, permalink TEXT NOT NULL
);
CREATE TABLE corrections (
  event TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
  date TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (event, position)
);
CREATE TABLE people (
  key TEXT PRIMARY KEY, name TEXT NOT NULL, party TEXT, house TEXT, member_url TEXT,
  about_markdown TEXT, unverified TEXT
);
CREATE TABLE person_roles (
  person TEXT NOT NULL REFERENCES people(key), position INTEGER NOT NULL,
  title TEXT NOT NULL, "from" TEXT, "to" TEXT, PRIMARY KEY (person, position)
);
CREATE TABLE questions (
  key TEXT PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL, outcome TEXT,
  body_markdown TEXT, unverified TEXT
);
CREATE TABLE question_sides (
  question TEXT NOT NULL REFERENCES questions(key), side TEXT NOT NULL,
  position INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (question, side)
);
CREATE TABLE amendments (
  key TEXT PRIMARY KEY, label TEXT NOT NULL, number TEXT, title TEXT,
  bill TEXT NOT NULL REFERENCES bills(key), house TEXT,
  stage TEXT NOT NULL REFERENCES stages(key),
  mover TEXT REFERENCES people(key), mover_name TEXT,
  tabled TEXT, decided TEXT, decision TEXT, decision_label TEXT,
  division TEXT REFERENCES divisions(key),
  replaced_by_amendment TEXT REFERENCES amendments(key),
  replaced_by_version TEXT REFERENCES versions(key),
  statement TEXT, text TEXT, unverified TEXT
);
CREATE TABLE divisions (
  key TEXT PRIMARY KEY, house TEXT NOT NULL, date TEXT, number INTEGER,
  question TEXT NOT NULL,
  for_name TEXT NOT NULL, for_count INTEGER, for_meaning TEXT,
  against_name TEXT NOT NULL, against_count INTEGER, against_meaning TEXT,
  result TEXT, result_label TEXT,
  amendment TEXT REFERENCES amendments(key),
  event TEXT REFERENCES events(id), notes_markdown TEXT, unverified TEXT
);
CREATE TABLE versions (
  key TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT,
  bill TEXT REFERENCES bills(key), stage TEXT REFERENCES stages(key), provision TEXT,
  amendment TEXT REFERENCES amendments(key),
  partial INTEGER NOT NULL, enacted INTEGER NOT NULL, in_force TEXT, up_to_date TEXT,
  text TEXT NOT NULL, unverified TEXT
);
CREATE TABLE event_people (
  event TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
  person TEXT REFERENCES people(key), name TEXT NOT NULL, role TEXT,
  PRIMARY KEY (event, position)
);
CREATE TABLE event_quotes (
  event TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
  person TEXT REFERENCES people(key), name TEXT NOT NULL, url TEXT NOT NULL,
  text TEXT NOT NULL, PRIMARY KEY (event, position)
);
CREATE TABLE event_questions (
  event TEXT NOT NULL REFERENCES events(id), question TEXT NOT NULL REFERENCES questions(key),
  side TEXT, PRIMARY KEY (event, question)
);
CREATE TABLE amendment_supporters (
  amendment TEXT NOT NULL REFERENCES amendments(key), position INTEGER NOT NULL,
  person TEXT REFERENCES people(key), name TEXT NOT NULL, PRIMARY KEY (amendment, position)
);
CREATE TABLE amendment_events (
  amendment TEXT NOT NULL REFERENCES amendments(key), event TEXT NOT NULL REFERENCES events(id),
  PRIMARY KEY (amendment, event)
);
CREATE TABLE amendment_questions (
  amendment TEXT NOT NULL REFERENCES amendments(key),
  question TEXT NOT NULL REFERENCES questions(key), side TEXT,
  PRIMARY KEY (amendment, question)
);
CREATE TABLE division_tellers (
  division TEXT NOT NULL REFERENCES divisions(key), lobby TEXT NOT NULL,
  position INTEGER NOT NULL, person TEXT REFERENCES people(key), name TEXT NOT NULL,
  PRIMARY KEY (division, lobby, position)
);
CREATE TABLE division_questions (
  division TEXT NOT NULL REFERENCES divisions(key),
  question TEXT NOT NULL REFERENCES questions(key), side TEXT,
  PRIMARY KEY (division, question)
);
CREATE TABLE sources (
  kind TEXT NOT NULL, record TEXT NOT NULL, position INTEGER NOT NULL,
  url TEXT NOT NULL, title TEXT, official INTEGER NOT NULL,
  PRIMARY KEY (kind, record, position)
);
CREATE VIRTUAL TABLE search USING fts5(
  kind UNINDEXED, record UNINDEXED, title, text, tokenize = 'porter unicode61'
);
"""

# The Open data page's example queries (what each shows, its SQL); the
# tests run each one on a built database.
EXAMPLE_QUERIES = (
    ("Each bill with the number of its events, in the order their stories begin",
     "SELECT b.title, b.session, b.status_label, count(e.id) AS events\n"
     "FROM bills b LEFT JOIN events e ON e.bill = b.key\n"
     "GROUP BY b.key ORDER BY min(e.day);"),
    ("Search every narrative, summary, statement and text; best matches first",
     "SELECT kind, record, title, snippet(search, 3, '[', ']', '…', 12) AS words\n"
     "FROM search WHERE search MATCH 'amendment'\n"
     "ORDER BY rank LIMIT 10;"),
    ("The divisions, with their counts and the amendment each decided",
     "SELECT d.date, d.house, d.question, d.for_count, d.against_count,\n"
     "       d.result_label, a.label AS amendment\n"
     "FROM divisions d LEFT JOIN amendments a ON a.key = d.amendment\n"
     "ORDER BY d.date, d.number;"),
    ("Who moved amendments, and how many",
     "SELECT p.name, p.party, count(*) AS moved\n"
     "FROM amendments a JOIN people p ON p.key = a.mover\n"
     "GROUP BY p.key ORDER BY moved DESC, p.name;"),
    ("Each event with its primary source",
     "SELECT e.day, e.title, s.url\n"
     "FROM events e JOIN sources s\n"
     "  ON s.kind = 'event' AND s.record = e.id AND s.position = 0\n"
     "ORDER BY e.position;"),
)

# Every table but the full-text index, in the order they are filled.
TABLES = (
    "stages", "chambers", "bills", "events", "corrections", "people", "person_roles",
    "questions", "question_sides", "amendments", "divisions", "versions", "event_people",
    "event_quotes", "event_questions", "amendment_supporters", "amendment_events",
    "amendment_questions", "division_tellers", "division_questions", "sources",
)


class _Text(HTMLParser):
    """The text of an HTML fragment, for the full-text index."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """An event's narrative as plain text, its words separated by single spaces."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[dict]) -> None:
    for row in rows:
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


def _key(term: dict | None) -> str | None:
    return None if term is None else term["key"]


def _label(term: dict | None) -> str | None:
    return None if term is None else term["label"]


def _sources(kind: str, record: str, found: list[dict]) -> list[dict]:
    return [{"kind": kind, "record": record, "position": i, "url": s["url"],
             "title": s["title"], "official": s["official"]} for i, s in enumerate(found)]


def _search(kind: str, record: str, title: str | None, *texts: str | None) -> dict:
    return {"kind": kind, "record": record, "title": title or "",
            "text": "\n\n".join(t for t in texts if t)}


def fill(db: sqlite3.Connection, entries: Iterable[Entry], site: ExportSite,
         records: dict[str, list[dict]]) -> None:
    """Insert every record into a database made with :data:`SCHEMA`.

    A development build lets through a key naming no record (``invoke
    check`` reports it): such a person is kept by name only, such a
    question link left out, so every foreign key holds.
    """
    vocab = vocabularies(site)
    people = {p["id"] for p in records["people"]}
    questions = {q["id"] for q in records["questions"]}

    def who(ref: dict | None) -> str | None:
        return ref["id"] if ref and ref["id"] in people else None

    def bears_on(refs: list[dict]) -> list[dict]:
        return [q for q in refs if q["id"] in questions]

    _insert(db, "stages", ({"key": s["key"], "label": s["label"],
                            "explanation": s["explanation"], "sort_order": s["order"],
                            "schedulable": s["schedulable"],
                            "permalink": s["permalink"], "feed": s["feed"]}
                           for s in vocab["stages"]))
    _insert(db, "chambers", vocab["chambers"])
    _insert(db, "bills", ({k: b[k] for k in (
        "key", "title", "session", "house", "status", "status_label", "outcome", "url",
        "act_title", "act_url", "carried_into", "permalink", "feed")} for b in vocab["bills"]))
    sources, search = [], []
    for position, entry in enumerate(entries):
        e = event_record(entry, site)
        text = html_text(e["body_html"] or "")
        _insert(db, "events", [{
            "id": e["id"], "slug": e["slug"], "position": position, "title": e["title"],
            "date": e["date"], "day": e["day"], "time": e["time"],
            "stage": e["stage"]["key"], "chamber": e["chamber"]["key"],
            "bill": _key(e["bill"]), "summary": e["summary"], "body_html": e["body_html"] or "",
            "body_text": text, "unverified": e["unverified"], "origin": e["origin"],
            "publisher": e["publisher"], "record_date": e["record_date"],
            "first_seen": e["first_seen"], "updated": e["updated"],
            "permalink": e["permalink"],
        }])
        _insert(db, "corrections", ({"event": e["id"], "position": i, **c}
                                    for i, c in enumerate(e["corrections"])))
        _insert(db, "event_people", ({"event": e["id"], "position": i, "person": who(p),
                                      "name": p["name"], "role": p["role"]}
                                     for i, p in enumerate(e["people"])))
        _insert(db, "event_quotes", ({"event": e["id"], "position": i,
                                      "person": who(q["person"]), "name": q["person"]["name"],
                                      "url": q["url"], "text": q["text"]}
                                     for i, q in enumerate(e["quotes"])))
        _insert(db, "event_questions", ({"event": e["id"], "question": q["id"],
                                         "side": q["side"]} for q in bears_on(e["questions"])))
        sources += _sources("event", e["id"], e["sources"])
        search.append(_search("event", e["id"], e["title"], e["summary"], text,
                              *(q["text"] for q in e["quotes"])))
    for p in records["people"]:
        _insert(db, "people", [{k: p[k] for k in (
            "name", "party", "member_url", "about_markdown", "unverified")}
            | {"key": p["id"], "house": _key(p["house"])}])
        _insert(db, "person_roles", ({"person": p["id"], "position": i, **r}
                                     for i, r in enumerate(p["roles"])))
        sources += _sources("person", p["id"], p["sources"])
        search.append(_search("person", p["id"], p["name"], p["about_markdown"]))
    for q in records["questions"]:
        _insert(db, "questions", [{"key": q["id"]} | {k: q[k] for k in (
            "title", "summary", "outcome", "body_markdown", "unverified")}])
        _insert(db, "question_sides", ({"question": q["id"], "side": s["id"], "position": i,
                                        "text": s["text"]} for i, s in enumerate(q["sides"])))
        sources += _sources("question", q["id"], q["sources"])
        search.append(_search("question", q["id"], q["title"], q["summary"],
                              q["body_markdown"], q["outcome"]))
    for a in records["amendments"]:
        replaced = a["replaced_by"] or {}
        _insert(db, "amendments", [{
            "key": a["id"], "label": a["label"], "number": a["number"], "title": a["title"],
            "bill": a["bill"], "house": _key(a["house"]), "stage": a["stage"]["key"],
            "mover": who(a["mover"]),
            "mover_name": a["mover"] and a["mover"]["name"],
            "tabled": a["tabled"], "decided": a["decided"],
            "decision": _key(a["decision"]), "decision_label": _label(a["decision"]),
            "division": a["division"],
            "replaced_by_amendment": replaced.get("id") if replaced.get("type") == "amendment"
            else None,
            "replaced_by_version": replaced.get("id") if replaced.get("type") == "version"
            else None,
            "statement": a["statement"], "text": a["text"], "unverified": a["unverified"],
        }])
        _insert(db, "amendment_supporters", ({"amendment": a["id"], "position": i,
                                              "person": who(p), "name": p["name"]}
                                             for i, p in enumerate(a["supporters"])))
        _insert(db, "amendment_events", ({"amendment": a["id"], "event": e}
                                         for e in a["events"]))
        _insert(db, "amendment_questions", ({"amendment": a["id"], "question": q["id"],
                                             "side": q["side"]} for q in bears_on(a["questions"])))
        sources += _sources("amendment", a["id"], a["sources"])
        search.append(_search("amendment", a["id"], a["title"] or a["label"],
                              a["statement"], a["text"]))
    for d in records["divisions"]:
        lobbies = d["lobbies"]
        _insert(db, "divisions", [{
            "key": d["id"], "house": _key(d["house"]), "date": d["date"],
            "number": d["number"], "question": d["question"],
            "for_name": lobbies["for"]["name"], "for_count": lobbies["for"]["count"],
            "for_meaning": lobbies["for"]["meaning"],
            "against_name": lobbies["against"]["name"],
            "against_count": lobbies["against"]["count"],
            "against_meaning": lobbies["against"]["meaning"],
            "result": _key(d["result"]), "result_label": _label(d["result"]),
            "amendment": d["amendment"], "event": d["event"],
            "notes_markdown": d["notes_markdown"], "unverified": d["unverified"],
        }])
        for lobby in ("for", "against"):
            _insert(db, "division_tellers", ({"division": d["id"], "lobby": lobby,
                                              "position": i, "person": who(p),
                                              "name": p["name"]}
                                             for i, p in enumerate(lobbies[lobby]["tellers"])))
        _insert(db, "division_questions", ({"division": d["id"], "question": q["id"],
                                            "side": q["side"]} for q in bears_on(d["questions"])))
        sources += _sources("division", d["id"], d["sources"])
        search.append(_search("division", d["id"], d["question"], d["notes_markdown"]))
    for v in records["versions"]:
        text = "\n\n".join(v["paragraphs"])
        _insert(db, "versions", [{
            "key": v["id"], "title": v["title"], "date": v["date"], "bill": v["bill"],
            "stage": _key(v["stage"]), "provision": v["provision"],
            "amendment": v["amendment"], "partial": v["partial"], "enacted": v["enacted"],
            "in_force": v["in_force"], "up_to_date": v["up_to_date"], "text": text,
            "unverified": v["unverified"],
        }])
        sources += _sources("version", v["id"], v["sources"])
        search.append(_search("version", v["id"], v["title"], text))
    _insert(db, "sources", sources)
    _insert(db, "search", search)


def write_sqlite(path: str, entries: Iterable[Entry], site: ExportSite,
                 records: dict[str, list[dict]]) -> None:
    """Write the database to ``path``, replacing it whole (never a half-written file)."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(suffix=".sqlite", dir=folder)
    os.close(fd)
    try:
        db = sqlite3.connect(temp, isolation_level=None)
        try:
            # A fixed layout: the page size, no journal file (the file is
            # thrown away on any error), UTF-8.
            db.executescript("PRAGMA page_size = 4096; PRAGMA journal_mode = OFF;"
                             "PRAGMA encoding = 'UTF-8'; PRAGMA foreign_keys = ON;")
            db.executescript(SCHEMA)
            db.execute("BEGIN")
            # Records name one another both ways (an amendment its division,
            # the division its amendment): the keys are checked at COMMIT.
            db.execute("PRAGMA defer_foreign_keys = ON")
            fill(db, entries, site, records)
            db.execute("COMMIT")
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ValueError(f"timeline.sqlite: foreign keys not found: {problems[:5]}")
            db.execute("INSERT INTO search(search) VALUES ('optimize')")
            db.execute("VACUUM")
        finally:
            db.close()
        # Readable by all, like the files Pelican writes (mkstemp makes it private).
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
