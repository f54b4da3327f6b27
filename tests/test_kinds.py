"""The record kinds' declarations (records/kinds.py) and the builders that read them."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import ROOT
from debate_records import checked
from pelican.plugins.parliament_timeline.exports.schema import (
    MADE,
    update_schema,
    update_schema_text,
)
from pelican.plugins.parliament_timeline.records import (
    amendments,
    bills,
    divisions,
    kinds,
    people,
    questions,
    validate,
    versions,
)
from pelican.plugins.parliament_timeline.settings import TimelineSettings

BUILDERS = {"entry": validate, "bill": bills, "person": people, "amendment": amendments,
            "division": divisions, "version": versions, "question": questions}


def test_every_kind_is_declared_once():
    assert [k.name for k in kinds.KINDS] == list(BUILDERS)
    assert len({k.plural for k in kinds.KINDS}) == len(kinds.KINDS)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_a_kinds_fields_are_each_required_or_optional_once(kind):
    """The builders read them from the declaration when they run (tests/test_declared_fields.py
    adds one at run time)."""
    assert set(kind.required).isdisjoint(kind.optional)
    assert set(kind.required) | set(kind.optional) == {f.key for f in kind.fields}
    assert len({f.key for f in kind.fields}) == len(kind.fields)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_each_field_says_what_it_holds_with_help_and_example(kind):
    names = {k.name for k in kinds.KINDS}
    for f in kind.fields:
        assert f.holds in kinds.HOLDS, f
        assert f.name.lower() == f.key, f
        assert f.help and "\n" not in f.help, f
        assert f.example and "\n" not in f.example, f
        if f.holds == kinds.CHOICE:
            assert f.choices, f
        if f.holds == kinds.KEY:
            assert f.refers_to in names, f
        if f.refers_to is not None:
            assert f.refers_to in names, f
        if f.holds == kinds.DATE:
            dt.date.fromisoformat(f.example)
        if f.holds == kinds.NUMBER:
            assert f.example.isdigit(), f
        if f.holds == kinds.YES_NO:
            assert f.example in ("yes", "no"), f
        if f.holds in (kinds.LINES, kinds.LIST):
            assert not f.one_line, f


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_each_kind_has_a_folder_setting(kind):
    assert kind.folder_setting in TimelineSettings.__dataclass_fields__


def test_field_names_in_messages_come_from_the_declaration():
    assert bills.field_name("act-url") == "Act-URL"
    assert people.field_name("member-url") == "Member-URL"
    assert divisions.field_name("not-contents") == "Not-contents"
    assert kinds.DIVISION.ready_required == ("event", "vote-for", "vote-against")
    assert kinds.PERSON.display("member-id") == "Member-id"


BUILD = {"entry": validate.build_entry, "bill": lambda raw, vocabulary: bills.build_bill(raw),
         "person": people.build_person, "amendment": amendments.build_amendment,
         "division": divisions.build_division, "version": versions.build_version,
         "question": questions.build_question}


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_a_record_is_checked_against_its_declared_fields(kind):
    """An unknown field lists the declared names; each declared required field is missing."""
    path = "2024-01-01-x.md" if kind.name == "entry" else "x.md"
    record, problems = checked(BUILD[kind.name], "Nonsense: 1\n\nText.\n", path)
    assert record is None
    known = ", ".join(kind.display(k) for k in kind.required + kind.optional)
    assert f"{path}:1: unknown field 'Nonsense' (fields are: {known})" in problems
    for f in kind.fields:
        missing = f"{path}:1: missing required field '{f.name}'"
        assert (missing in problems) == f.required, (f.key, problems)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_a_one_line_field_takes_one_line(kind):
    path = "2024-01-01-x.md" if kind.name == "entry" else "x.md"
    # A Lords division (the example House) is not read for Commons counts.
    fields = [f for f in kind.fields if not (kind.name == "division" and f.key in ("ayes", "noes"))]
    for f in fields:
        text = "".join(f"{g.name}: {g.example}\n" + ("    more\n" if g is f else "")
                       for g in fields)
        _, problems = checked(BUILD[kind.name], text + "\nText.\n", path)
        said = f"'{f.name}' takes a single line"
        assert any(said in p for p in problems) == f.one_line, (f.key, problems)


DOCS = {"plugins/pelican/plugins/parliament_timeline/docs/entry-format.md": ("entry", "bill"),
        "plugins/pelican/plugins/parliament_timeline/docs/debate-records.md":
            ("person", "amendment", "division", "version", "question")}


@pytest.mark.parametrize("name", sorted(DOCS))
def test_the_docs_field_tables_are_made_from_the_declarations(name):
    """Run `invoke field-reference` after changing a declaration."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert re.findall(r"<!-- fields: ([a-z-]+) -->", text) == list(DOCS[name])
    assert text == kinds.update_field_tables(text), "run `invoke field-reference`"


def test_every_kind_has_its_field_table_in_the_docs():
    assert sorted(k for names in DOCS.values() for k in names) == sorted(kinds.BY_NAME)


def test_a_field_table_says_each_field_once_with_its_example():
    table = kinds.field_table(kinds.DIVISION)
    rows = table.splitlines()[2:]
    assert [r.split(" | ")[0] for r in rows] == [f"| `{f.name}`" for f in kinds.DIVISION.fields]
    assert "| `Event` | unless a draft | the id of the event at which it was held | " \
        "`2024-05-15-report-stage` |" in rows
    assert "| `Sources` | yes | one or more lines `URL` or `URL \\| title`" in table
    stale = "<!-- fields: person -->\n| old |\n<!-- /fields -->"
    assert kinds.update_field_tables(stale) == (
        f"<!-- fields: person -->\n{kinds.field_table(kinds.PERSON)}\n<!-- /fields -->")


SCHEMA = ROOT / "plugins/pelican/plugins/parliament_timeline/exports/timeline.schema.json"
def _schema_property(schema: dict, part: dict, path: str) -> dict | None:
    """The schema of a dotted property path inside ``part``, following $refs."""
    for name in path.split("."):
        while "$ref" in part:
            part = schema["$defs"][part["$ref"].rpartition("/")[2]]
        part = part.get("properties", {}).get(name)
        if part is None:
            return None
    return part


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_the_json_schema_covers_each_declared_field_the_export_carries(kind):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    part = schema["$defs"][kind.schema_part]
    missing = [f.key for f in kind.fields if f.export_path
               and _schema_property(schema, part, f.export_path) is None]
    assert missing == [], f"declared {kind.name} fields with no property in the schema"
    # A field timeline.json does not carry says why (the docs' field tables show it).
    assert all(f.why for f in kind.fields if not f.export_path)
    assert not [f.key for f in kind.fields if f.why and f.export_path]


def test_the_committed_schema_is_in_step_with_the_declarations():
    """Run `invoke field-reference` after declaring a field the export carries."""
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert update_schema(committed) == committed


def test_a_declared_field_with_no_property_gets_one_made_by_what_it_holds(monkeypatch):
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    website = kinds.field("website", kinds.URL, "their own `site`", "https://x.example")
    monkeypatch.setitem(vars(kinds.PERSON), "fields", (*kinds.PERSON.fields, website))
    made = update_schema(committed)
    assert made["$defs"]["person"]["properties"]["website"] == {
        "$ref": "#/$defs/url", "description": "their own site", "$comment": MADE}
    assert "website" not in made["$defs"]["person"]["required"]
    # The file gains that one line; the lines written by hand stay as written.
    text = SCHEMA.read_text(encoding="utf-8")
    rewritten = update_schema_text(text)
    added = [line for line in rewritten.splitlines() if line not in text.splitlines()]
    assert len(added) == 1 and added[0].startswith('        "website": {')
    assert json.loads(rewritten) == made
    monkeypatch.undo()
    # Once the field is no longer declared, its made property goes.
    assert update_schema(made) == committed
    assert update_schema_text(rewritten) == text
