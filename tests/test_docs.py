"""The plugin's documentation ships in the package (manual.py, commands/docs.py)."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT
from pelican.plugins.parliament_timeline import manual

COMMAND = str(Path(sys.executable).with_name("parliament-timeline"))
PACKAGE = ROOT / "plugins/pelican/plugins/parliament_timeline"


def docs(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, "docs", *args], capture_output=True, encoding="utf-8",
                          check=False)


def test_every_document_in_the_package_is_listed_and_is_package_data():
    files = sorted(p.stem for p in (PACKAGE / "docs").glob("*.md"))
    assert files == sorted(manual.DOCS)
    with open(ROOT / "pyproject.toml", "rb") as f:
        data = tomllib.load(f)["tool"]["setuptools"]["package-data"]
    patterns = data["pelican.plugins.parliament_timeline"]
    for name in files:
        assert any(fnmatch.fnmatch(f"docs/{name}.md", p) for p in patterns), name


def test_the_site_specific_documents_stay_in_the_repository():
    assert not set(manual.DOCS) & {p.stem for p in (ROOT / "docs").glob("*.md")}


def test_docs_lists_each_document_with_its_installed_file():
    result = docs()
    assert result.returncode == 0, result.stderr
    for name in manual.DOCS:
        assert name in result.stdout
        path = manual.doc_path(name)
        assert path in result.stdout and Path(path).is_file()


def test_docs_name_prints_the_document():
    result = docs("entry-format")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (PACKAGE / "docs/entry-format.md").read_text(encoding="utf-8")
    assert docs("settings.md").stdout.startswith("# Settings reference\n")


def test_docs_prints_the_document_whatever_the_terminals_encoding():
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    result = subprocess.run([COMMAND, "docs", "settings"], capture_output=True, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (PACKAGE / "docs/settings.md").read_bytes()
    assert "⌈".encode() in result.stdout


def test_invoke_docs_prints_a_document_in_a_site(capsys):
    """invoke once passed the option 'name' twice (the task runner's own argument)."""
    from invoke import Program

    from pelican.plugins.parliament_timeline.commands.tasks import site_tasks

    tasks = site_tasks(str(ROOT / "tasks.py"))
    Program(namespace=tasks).run(["invoke", "docs", "--name", "feeds"], exit=False)
    assert capsys.readouterr().out == (PACKAGE / "docs/feeds.md").read_text(encoding="utf-8")
    Program(namespace=tasks).run(["invoke", "docs"], exit=False)
    assert manual.doc_path("settings") in capsys.readouterr().out


def test_an_unknown_document_is_one_line_naming_the_documents():
    result = docs("nonsense")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("parliament-timeline docs: no document 'nonsense': give one of "
                             f"{', '.join(manual.DOCS)}\n")


def test_messages_send_an_editor_to_the_installed_documents():
    assert manual.see("entry-format", "Limits") == (
        "see 'Limits' in entry-format.md: parliament-timeline docs entry-format")


# The plugin knows procedure, never one law: its documentation, the field
# declarations' help and examples, the commands' help and the new site it
# writes take their examples from an invented subject (the test fixture's
# Widget Safety Bill), never from the law this repository's own site follows.
# The names are read from this site's content/ at test time, so a record
# added there is covered too.

def _fields(path: Path) -> dict[str, str]:
    """The one-line fields of a record's metadata block, as plain text."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == "---":
            continue
        if not line.strip():
            break
        name, colon, value = line.partition(":")
        if colon and not line[0].isspace():
            fields[name.strip().lower()] = value.strip()
    return fields


def this_sites_names() -> set[str]:
    """The distinctive names of this site's subject, from its records in content/:
    its bills' titles, Acts and keys, its people's names and keys, the keys of its
    questions, amendments, divisions and versions, the questions' titles, the
    amendments' numbers with a letter (NC86, 56A), the versions' provisions and the
    names of its feeds' snapshots."""
    content = ROOT / "content"
    names = set()
    for path in (content / "bills").rglob("*.md"):
        fields = _fields(path)
        names |= {path.stem, fields["title"], fields["title"].removesuffix(" [HL]")}
        names |= {fields["act"]} if "act" in fields else set()
    for path in (content / "people").rglob("*.md"):
        names |= {path.stem, _fields(path)["name"]}
    for kind in ("questions", "amendments", "divisions", "versions"):
        names |= {path.stem for path in (content / kind).rglob("*.md")}
    names |= {_fields(path)["title"] for path in (content / "questions").rglob("*.md")}
    for path in (content / "amendments").rglob("*.md"):
        number = _fields(path).get("number", "")
        if re.fullmatch(r"[A-Z]*[0-9]+[A-Z]+|[A-Z]+[0-9]+", number):
            names.add(number)
    names |= {_fields(path)["provision"] for path in (content / "versions").rglob("*.md")}
    names |= {path.stem for path in (content / "feeds").glob("*.json")}
    return names


def _shipped_texts():
    """(where, text) for every text the plugin ships to another site's editors."""
    from pelican.plugins.parliament_timeline.commands import table
    from pelican.plugins.parliament_timeline.records import kinds

    for folder in (PACKAGE / "docs", PACKAGE / "commands/sitetemplate"):
        for path in sorted(folder.iterdir()):
            yield str(path.relative_to(PACKAGE)), path.read_text(encoding="utf-8")
    for kind in kinds.KINDS:
        yield f"kinds.{kind.name}", kind.body
        for f in kind.fields:
            yield f"kinds.{kind.name}.{f.key} help", f.help
            yield f"kinds.{kind.name}.{f.key} example", f.example
    for command in table.COMMANDS:
        yield f"command {command.name}", f"{command.help}\n{command.description}"
        for option in command.options:
            yield f"command {command.name} --{option.name}", option.help


def test_this_sites_names_are_read_from_its_content():
    names = this_sites_names()
    assert len(names) > 50
    assert {"Jane Widget", "Widget Safety Bill"}.isdisjoint(names)


def test_the_shipped_documentation_and_help_name_nothing_of_this_sites_law():
    patterns = [(name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE))
                for name in sorted(this_sites_names())]
    found = []
    for where, text in _shipped_texts():
        for number, line in enumerate(text.splitlines(), 1):
            found += [f"{where}:{number}: {name}" for name, p in patterns if p.search(line)]
    assert not found, "this site's subject in the plugin's shipped text:\n" + "\n".join(found)
