"""The plugin's documentation ships in the package (manual.py, commands/docs.py)."""

from __future__ import annotations

import fnmatch
import os
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
