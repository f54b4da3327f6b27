"""A field added to a kind's declaration is read, checked by what it holds, and shown,
with no other code (records/common.py: declared_extra; exports/common.py:
declared_values)."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from conftest import FIXTURE_SITE, build
from pelican.plugins.parliament_timeline.exports.schema import update_schema
from pelican.plugins.parliament_timeline.exports.timelinejson import SCHEMA_PATH
from pelican.plugins.parliament_timeline.records import kinds
from pelican.plugins.parliament_timeline.records.load import load_vocabulary
from pelican.plugins.parliament_timeline.settings import read_settings

WEBSITE = kinds.field("website", kinds.URL, "their own site", "https://janewidget.example",
                      name="Website")
PAGE = "https://www.gov.uk/government/people/jane-widget"


@pytest.fixture
def declared(monkeypatch):
    """The person kind with one more field, as if one line were added to its declaration."""
    monkeypatch.setitem(vars(kinds.PERSON), "fields", (*kinds.PERSON.fields, WEBSITE))


def site_with(tmp_path, value: str):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    person = content / "people" / "jane-widget.md"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("Party: ", f"Website: {value}\nParty: ", 1),
                      encoding="utf-8")
    return content


def test_a_declared_field_is_read_by_what_it_holds(declared, tmp_path):
    content = site_with(tmp_path, PAGE)
    vocabulary, problems = load_vocabulary(str(content), read_settings({}))
    assert [p for p in problems if "jane-widget" in p.path] == []
    assert vocabulary.people["jane-widget"].extra == {"website": PAGE}
    # Every field the kinds declare today is read by its builder: nothing left over.
    assert all(not p.extra for key, p in vocabulary.people.items() if key != "jane-widget")


def test_a_declared_field_is_checked_by_what_it_holds(declared, tmp_path):
    content = site_with(tmp_path, "javascript:alert(1)")
    vocabulary, problems = load_vocabulary(str(content), read_settings({}))
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.code) for p in problems
            if "jane-widget" in p.path] == [("jane-widget.md", 2, "bad-url")]
    assert "jane-widget" not in vocabulary.people


def test_without_the_declaration_the_field_is_unknown(tmp_path):
    content = site_with(tmp_path, PAGE)
    _, problems = load_vocabulary(str(content), read_settings({}))
    assert [p.code for p in problems if "jane-widget" in p.path] == ["unknown-field"]


def test_a_declared_field_reaches_the_templates_and_timeline_json(declared, tmp_path):
    content = site_with(tmp_path, PAGE)
    # A theme's person page that shows the field (the one template line a new field needs).
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "person.html").write_text(
        "{% if person.extra.website %}<a class=website href=\"{{ person.extra.website }}\">"
        "Website</a>{% endif %}\n", encoding="utf-8")
    out = build(content, tmp_path / "out", THEME_TEMPLATES_OVERRIDES=[str(templates)])
    page = (out / "people" / "jane-widget" / "index.html").read_text(encoding="utf-8")
    assert f'<a class=website href="{PAGE}">Website</a>' in page
    assert "class=website" not in (out / "people" / "sam-cog" / "index.html").read_text(
        encoding="utf-8")
    data = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    people = {p["id"]: p for p in data["people"]}
    assert people["jane-widget"]["website"] == PAGE
    assert "website" not in people["sam-cog"]
    # Valid against the schema `invoke field-reference` makes from the declarations, not
    # against the committed one, which has no such property yet.
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(update_schema(committed)).validate(data)
    assert not jsonschema.Draft202012Validator(committed).is_valid(data)
