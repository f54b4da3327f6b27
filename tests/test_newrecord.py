"""``new-<kind>``: every record kind written from its declaration, then checked.

The commands run as an editor runs them: the installed ``parliament-timeline``
script and ``invoke`` in a site made by ``parliament-timeline new-site``.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pelican.plugins.parliament_timeline.commands import table
from pelican.plugins.parliament_timeline.commands.cli import build_parser
from pelican.plugins.parliament_timeline.commands.newrecord import (
    NewRecordError,
    record_text,
)
from pelican.plugins.parliament_timeline.records import kinds, scaffold

BIN = Path(sys.executable).parent
BILL = "widget-bill-2024-26"
EVENT = "2024-05-15-report-stage-of-the-widget-bill"

# One command per kind, with what the fixture subject gives it (invented values).
RECORDS = [
    ("new-bill", "content/bills/widget-bill-2024-26.md",
     ["--key", BILL, "--title", "Widget Bill", "--session", "2024-26", "--house", "commons"]),
    ("new-entry", f"content/entries/{EVENT}.md",
     ["--title", "Report stage of the Widget Bill", "--date", "2024-05-15", "--stage", "report",
      "--chamber", "commons", "--bill", BILL,
      "--sources", "https://hansard.parliament.uk/commons/2024-05-15/debates/1/WidgetBill"]),
    ("new-person", "content/people/jane-widget.md",
     ["--key", "jane-widget", "--name", "Jane Widget", "--house", "commons", "--party",
      "Invented Party", "--member-id", "4001",
      "--sources", "https://members.parliament.uk/member/4001 | Jane Widget (UK Parliament)",
      "--roles", "Minister for Widgets | 2023-11 | 2024-07-05",
      "--roles", "Member of Parliament for Widgetford | 2019 |"]),
    ("new-question", "content/questions/licence-or-label.md",
     ["--key", "licence-or-label", "--title", "Licence or label?", "--summary",
      "Whether sellers need a licence or a label.", "--sides", "licence | A licence",
      "--sides", "label | A label", "--sources", "https://www.legislation.gov.uk/ukpga/2025/1"]),
    ("new-amendment", "content/amendments/widget-label-amendment.md",
     ["--key", "widget-label-amendment", "--title", "Safety label", "--bill", BILL, "--house",
      "commons", "--stage", "report", "--number", "NC1", "--mover", "jane-widget",
      "--decision", "agreed-on-division", "--tabled", "2024-05-10", "--decided", "2024-05-15",
      "--division", "2024-05-15-commons-division-3", "--events", EVENT, "--questions",
      "licence-or-label:label",
      "--sources", "https://bills.parliament.uk/bills/1/publications | Amendment paper"]),
    ("new-division", "content/divisions/2024-05-15-commons-division-3.md",
     ["--key", "2024-05-15-commons-division-3", "--house", "commons", "--date", "2024-05-15",
      "--number", "3", "--question", "That new clause 1 be added to the Bill", "--ayes", "301",
      "--noes", "250", "--result", "agreed", "--decides", "widget-label-amendment", "--event",
      EVENT, "--vote-for", "to require a label", "--vote-against", "to require none",
      "--tellers-for", "jane-widget",
      "--sources", "https://votes.parliament.uk/votes/commons/division/1"]),
    ("new-version", "content/versions/nc1-tabled.md",
     ["--key", "nc1-tabled", "--title", "New clause 1, as tabled", "--date", "2024-05-10",
      "--provision", "New clause 1", "--bill", BILL, "--stage", "report", "--amendment",
      "widget-label-amendment", "--sources", "https://bills.parliament.uk/bills/1/publications"]),
]


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=site, capture_output=True, text=True, check=False)


@pytest.fixture
def site(tmp_path) -> Path:
    """A new site made by ``parliament-timeline new-site``."""
    result = run(tmp_path, str(BIN / "parliament-timeline"), "new-site", "site", "--title",
                 "The Widget Act: a test timeline")
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def test_every_kind_has_a_new_command():
    parser_commands = set(build_parser()._subparsers._group_actions[0].choices)
    for kind in kinds.KINDS:
        assert f"new-{kind.name}" in parser_commands


def test_every_kind_is_created_through_its_command_and_check_has_no_error(site):
    cli = str(BIN / "parliament-timeline")
    for command, path, args in RECORDS:
        result = run(site, cli, command, *args)
        assert result.returncode == 0, (command, result.stderr)
        assert result.stdout.startswith(f"Wrote {path}\n"), result.stdout
        assert (site / path).is_file()
    assert {f"new-{k.name}" for k in kinds.KINDS} == {c for c, _, _ in RECORDS}
    result = run(site, cli, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "0 error(s), 5 warning(s)", result.stdout  # with the About page
    # The warnings are the scaffold's placeholders, the version's among them.
    assert "content/versions/nc1-tabled.md:9: warning: the text is still the placeholder " \
        "text the scaffolding command wrote: replace it before publishing" in lines
    person = (site / "content/people/jane-widget.md").read_text(encoding="utf-8")
    assert person == (
        "Name: Jane Widget\nParty: Invented Party\nHouse: commons\nMember-id: 4001\n"
        "Roles: Minister for Widgets | 2023-11 | 2024-07-05\n"
        "    Member of Parliament for Widgetford | 2019 |\n"
        "Sources: https://members.parliament.uk/member/4001 | Jane Widget (UK Parliament)\n")


def test_invoke_runs_the_same_declared_commands(site):
    invoke = [sys.executable, "-m", "invoke"]
    listed = run(site, *invoke, "--list").stdout
    for c in table.COMMANDS:
        assert c.name in listed
    result = run(site, *invoke, "new-question", "--key", "q", "--title", "Why?", "--summary",
                 "One sentence.", "--sources", "https://www.gov.uk/a | A", "--sources",
                 "https://www.gov.uk/b")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("then run 'invoke check'.\n")
    assert (site / "content/questions/q.md").read_text(encoding="utf-8") == (
        "Title: Why?\nSummary: One sentence.\nSources: https://www.gov.uk/a | A\n"
        "    https://www.gov.uk/b\n")
    missing = run(site, *invoke, "new-question", "--key", "r", "--title", "Why?", "--summary",
                  "S.")
    assert missing.returncode == 1
    assert "new-question: give --sources" in missing.stderr
    again = run(site, *invoke, "new-question", "--key", "q", "--title", "Why?", "--summary",
                "S.", "--sources", "https://www.gov.uk/a")
    assert again.returncode == 1
    assert "exists already; it was left as it is" in again.stderr


def test_a_required_field_is_a_required_option():
    parser = build_parser()
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["new-person", "--key", "x", "--name", "X"])
    assert exit_.value.code == 2
    args = parser.parse_args(["new-person", "--key", "x", "--name", "X", "--sources", "a",
                              "--sources", "b", "--member-url", "u"])
    command = table.BY_NAME["new-person"]
    assert table.arguments(command, args)["sources"] == ["a", "b"]
    assert table.arguments(command, args)["member_url"] == "u"


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_each_command_has_an_option_per_declared_field(kind):
    """new-entry and new-bill too: their options are the declaration's, no list of their own
    (an entry's file name is made from its date and title: it has no --key of its own)."""
    command = table.BY_NAME[f"new-{kind.name}"]
    options = {o.name: o for o in command.options}
    fields = {f.key.replace("-", "_") for f in kind.fields}
    assert set(options) == fields | ({"key"} if kind.name != "entry" else set())
    filled = table.FILLED.get(kind.name, {})
    for f in kind.fields:
        o = options[f.key.replace("-", "_")]
        assert o.required == (f.required and f.key not in filled)
        assert o.repeatable == (not f.one_line and f.holds in (kinds.LINES, kinds.LIST))
        assert o.flag == (f.holds == kinds.YES_NO)


def test_a_field_added_to_the_entry_declaration_is_an_option_of_new_entry(monkeypatch):
    extra = kinds.field("website", kinds.URL, "its page", "https://www.gov.uk/x")
    monkeypatch.setattr(kinds, "ENTRY", replace(kinds.ENTRY,
                                                fields=(*kinds.ENTRY.fields, extra)))
    command = table.record_command(kinds.ENTRY)
    assert "website" in {o.name for o in command.options}


@pytest.mark.parametrize(("args", "message"), [
    (["--house", "senate"], "unknown house 'senate'"),
    (["--member-url", "javascript:alert(1)"], "javascript"),
    (["--roles", "Minister | 2024-13 |"], "bad date '2024-13'"),
    (["--key", "Jane Widget"], "bad key 'Jane Widget'"),
])
def test_bad_values_are_one_line_and_nothing_is_written(site, args, message):
    base = {"--key": "jane-widget", "--name": "Jane Widget",
            "--sources": "https://members.parliament.uk/member/4001"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    flat = [x for k, v in {**base, **given}.items() for x in (k, v)]
    result = run(site, str(BIN / "parliament-timeline"), "new-person", *flat)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parliament-timeline new-person: ")
    assert message in lines[0], lines
    assert not (site / "content/people").exists() or not any((site / "content/people").iterdir())


def test_a_value_cannot_add_a_line_or_a_field():
    with pytest.raises(NewRecordError, match="--name must be one line"):
        record_text(kinds.PERSON, {"name": "Jane\nHouse: lords"})
    with pytest.raises(NewRecordError, match="--sources must be one line"):
        record_text(kinds.PERSON, {"sources": ["https://www.gov.uk/\nParty: x"]})
    with pytest.raises(NewRecordError, match="no field nonsense"):
        record_text(kinds.PERSON, {"nonsense": "x"})


def test_a_version_starts_with_the_scaffold_placeholder():
    text = record_text(kinds.VERSION, {"title": "T"})
    assert text.endswith("\n" + scaffold.VERSION_BODY + "\n")
    assert scaffold.VERSION_BODY in scaffold.TEXTS


def test_a_new_version_is_refused_by_the_publishing_build_until_its_text_is_written():
    """The placeholder is a warning with the scaffold code, which the strict build refuses."""
    from debate_records import fixture_records
    from pelican.plugins.parliament_timeline.records.parse import parse_text
    from pelican.plugins.parliament_timeline.records.versions import build_version

    text = record_text(kinds.VERSION, {"title": "New clause 1", "date": "2024-05-10",
                                       "provision": "New clause 1",
                                       "sources": ["https://bills.parliament.uk/bills/1"]})
    version, problems = build_version(parse_text(text, "v.md"), fixture_records())
    assert version is not None
    assert [(p.severity, p.code, p.line) for p in problems] == [("warning", scaffold.CODE, 6)]
    written = text.replace(scaffold.VERSION_BODY, "(1) A person commits an offence.")
    assert build_version(parse_text(written, "v.md"), fixture_records())[1] == []
