"""The ``parliament-timeline`` command: its commands, options and one-line failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.parliament_timeline.commands.cli import build_parser, main
from pelican.plugins.parliament_timeline.records.bills import build_bill
from pelican.plugins.parliament_timeline.records.parse import read_entry_file

COMMAND = str(Path(sys.executable).with_name("parliament-timeline"))
COMMANDS = ("check", "new-entry", "new-bill", "fetch-feeds", "feed-status", "new-site",
            "import-division", "import-member", "import-bill", "import-amendments",
            "new-person", "new-amendment", "new-division", "new-version", "new-question",
            "docs")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script, as a user does."""
    return subprocess.run([COMMAND, *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


@pytest.fixture
def site(tmp_path) -> Path:
    """A fresh site made by new-site (called as a function)."""
    path = tmp_path / "site"
    assert main(["new-site", str(path), "--title", "A test timeline"]) == 0
    return path


def assert_one_line_failure(result: subprocess.CompletedProcess, command: str, message: str):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"parliament-timeline {command}: ")
    assert message in lines[0]


def test_the_console_script_and_python_m_list_every_command():
    for command in ([COMMAND], [sys.executable, "-m", "pelican.plugins.parliament_timeline"]):
        result = subprocess.run([*command, "--help"], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stderr
        for name in COMMANDS:
            assert name in result.stdout
    assert set(build_parser()._subparsers._group_actions[0].choices) == set(COMMANDS)


def test_new_bill_writes_a_valid_record_and_says_what_next(site):
    result = cli("new-bill", "--key", "example-bill-2024-26", "--title", "Example Bill [HL]",
                 "--session", "2024-26", "--house", "lords",
                 "--url", "https://bills.parliament.uk/bills/1234", cwd=site)
    assert result.returncode == 0, result.stderr
    path = site / "content/bills/example-bill-2024-26.md"
    assert "Wrote content/bills/example-bill-2024-26.md" in result.stdout
    assert "parliament-timeline check" in result.stdout
    bill, problems = build_bill(read_entry_file(str(path)))
    # Valid, with the placeholder prose for the editor to replace.
    assert [(p.line, p.severity, p.code) for p in problems] == [(8, "warning", "scaffold")]
    assert (bill.key, bill.title, bill.session, bill.house, bill.status, bill.url) == (
        "example-bill-2024-26", "Example Bill [HL]", "2024-26", "lords", "in-progress",
        "https://bills.parliament.uk/bills/1234")
    result = cli("check", cwd=site)
    assert result.returncode == 0, result.stdout
    # The bill's placeholder, and the new site's About page.
    assert result.stdout.strip().splitlines()[-1] == "0 error(s), 2 warning(s)"


def test_new_bill_refuses_an_existing_key(site):
    args = ("new-bill", "--key", "same-bill", "--title", "Same Bill", "--session", "2024-26",
            "--house", "commons")
    assert cli(*args, cwd=site).returncode == 0
    path = site / "content/bills/same-bill.md"
    path.write_text(path.read_text() + "\nEdited by hand.\n")
    before = path.read_bytes()
    assert_one_line_failure(cli(*args, "--status", "fell", cwd=site), "new-bill",
                            "exists already")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--house", "cmns"), "unknown house 'cmns' (one of: commons, lords)"),
        (("--house", "commons", "--key", "Bad Key"), "bad key 'Bad Key'"),
        (("--house", "commons", "--session", "2024"), "bad session '2024': use YYYY-YY"),
        (("--house", "commons", "--status", "passed"), "unknown status 'passed'"),
        (("--house", "commons", "--url", "ftp://x.org/"), "is not an http(s) URL"),
    ],
)
def test_new_bill_rejects_bad_values_without_writing(site, args, message):
    options = {"--key": "a-bill", "--title": "A Bill", "--session": "2024-26"}
    flat = list(args)
    for key, value in options.items():
        if key not in flat:
            flat += [key, value]
    assert_one_line_failure(cli("new-bill", *flat, cwd=site), "new-bill", message)
    assert [p.name for p in (site / "content/bills").iterdir()] == [".gitkeep"]


def test_new_site_refuses_a_non_empty_folder_and_a_file(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    assert_one_line_failure(cli("new-site", str(folder), "--title", "T"), "new-site",
                            "is not empty")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert_one_line_failure(cli("new-site", str(folder / "notes.txt"), "--title", "T"),
                            "new-site", "is a file")
    assert_one_line_failure(cli("new-site", str(tmp_path / "new"), "--title", " "),
                            "new-site", "the title must be one non-empty line")
    assert not (tmp_path / "new").exists()


def test_new_site_accepts_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("new-site", "empty", "--title", "Empty", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "empty/pelicanconf.py").is_file()


def test_a_site_command_outside_a_site_says_where_to_run_it(tmp_path):
    assert_one_line_failure(cli("check", cwd=tmp_path), "check", "no settings file")
    assert_one_line_failure(cli("check", "--root", str(tmp_path / "nowhere")), "check",
                            "no site folder")


def test_root_and_settings_options(site, tmp_path):
    # From elsewhere, with --root; and with another settings file.
    result = cli("check", "--root", str(site), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = cli("check", "--root", str(site), "--settings", "publishconf.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_one_line_failure(cli("check", "--settings", "other.py", cwd=site), "check",
                            "no settings file")
    (site / "broken.py").write_text("TIMELINE_PATHS = 'entries'\n")
    assert_one_line_failure(cli("check", "--settings", "broken.py", cwd=site), "check",
                            "TIMELINE_PATHS must be a list")
    (site / "broken.py").write_text("this is not Python\n")
    assert_one_line_failure(cli("check", "--settings", "broken.py", cwd=site), "check",
                            "cannot read")


def test_new_entry_and_check_failures_are_one_line(site):
    assert_one_line_failure(
        cli("new-entry", "--title", "T", "--date", "2025-01-01", "--stage", "report",
            "--chamber", "lords", "--bill", "nope", "--sources", "https://www.gov.uk/x",
            cwd=site),
        "new-entry", "unknown bill 'nope' (one of: none yet: add one with new-bill)")
    assert_one_line_failure(cli("check", "--today", "tomorrow", cwd=site), "check",
                            "bad --today 'tomorrow'")


def test_feed_status_without_feeds(site):
    result = cli("feed-status", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 feed(s), 0 OK"


def test_fetch_feeds_without_feeds_or_contact_refuses_to_fetch(site):
    result = cli("fetch-feeds", cwd=site)
    assert result.returncode == 2
    assert "no contact URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"parliament-timeline {version('pelican-parliament-timeline')}"


def test_fetch_feeds_without_the_fetch_extra_is_one_line_naming_it(site, tmp_path):
    # httpx hidden as if the plugin were installed without its fetch extra.
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "httpx.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'httpx'\", name='httpx')\n")
    result = subprocess.run([COMMAND, "fetch-feeds", "--contact", "https://example.org/"],
                            cwd=site, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(hidden)})
    assert_one_line_failure(result, "fetch-feeds",
                            "pip install 'pelican-parliament-timeline[fetch]'")
