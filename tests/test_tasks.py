"""``invoke check`` and ``invoke new-entry``, run as an editor runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_SETTINGS, FIXTURES, ROOT
from pelican.plugins.parliament_timeline.commands.project import open_project, read_site_settings
from pelican.plugins.parliament_timeline.records.parse import read_entry_file
from pelican.plugins.parliament_timeline.records.validate import build_entry


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with the fixture site as its content."""
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "theme", tmp_path / "theme",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(FIXTURES / "site", tmp_path / "content")
    # The fixture subject's own settings (its bills are not this site's, so
    # neither are its feeds).
    with open(tmp_path / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write("".join(f"{key} = {value!r}\n" for key, value in FIXTURE_SETTINGS.items()))
    return tmp_path


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project, capture_output=True, text=True, check=False,
    )


def test_check_passes_on_good_entries(project):
    result = invoke(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_check_lists_every_problem_as_path_line_message(project):
    entries = project / "content" / "entries"
    (entries / "2024-06-01-bad.md").write_text(
        "Title: Bad\nDate: 2024-06-31\nSummary: s\nStage: reading\n"
        "Chamber: commons\nBill: nope\nSources: ftp://x.gov.uk/a\n")
    (entries / "no-date.md").write_text("Title: x\n")
    result = invoke(project, "check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("10 error(s)")
    assert "content/entries/2024-06-01-bad.md:2: bad date '2024-06-31': use YYYY-MM-DD, " \
        "or YYYY-MM-DDTHH:MM with an optional offset such as +01:00" in lines
    assert any(line.startswith("content/entries/2024-06-01-bad.md:4: unknown stage 'reading'")
               for line in lines)
    assert any(line.startswith("content/entries/2024-06-01-bad.md:6: unknown bill 'nope'")
               for line in lines)
    assert "content/entries/2024-06-01-bad.md:7: 'ftp://x.gov.uk/a' is not an http(s) URL" in lines
    assert any(line.startswith("content/entries/no-date.md:1: the file name 'no-date.md'")
               for line in lines)
    assert "content/entries/no-date.md:1: missing required field 'Date'" in lines
    assert "Traceback" not in result.stdout + result.stderr


def test_new_entry_writes_a_valid_file_and_says_what_next(project):
    result = invoke(project, "new-entry", "--title", "Lords debate the Bill",
                    "--date", "2025-01-28", "--stage", "report", "--chamber", "lords",
                    "--bill", "consumer-widgets-bill-hl",
                    "--sources", "https://hansard.parliament.uk/Lords/2025-01-28/debates/x")
    assert result.returncode == 0, result.stderr
    path = project / "content/entries/2025-01-28-lords-debate-the-bill.md"
    assert f"Wrote {path.relative_to(project)}" in result.stdout
    assert "invoke check" in result.stdout
    vocabulary = open_project(read_site_settings(project), str(project)).vocabulary
    entry, problems = build_entry(read_entry_file(str(path)), vocabulary)
    # Valid, with the placeholder text for the editor to replace (Summary, narrative).
    assert sorted((p.line, p.severity, p.code) for p in problems) == [
        (3, "warning", "scaffold"), (9, "warning", "scaffold")]
    assert entry.stage.key == "report" and entry.bill.key == "consumer-widgets-bill-hl"
    assert invoke(project, "check").returncode == 0


def test_new_entry_marks_a_key_moment_or_a_due_item(project):
    result = invoke(project, "new-entry", "--title", "Review due", "--date", "2031-02-05",
                    "--stage", "publication", "--bill", "consumer-widgets-bill-hl", "--due",
                    "--key", "--sources", "https://www.legislation.gov.uk/ukpga/2025/9901")
    assert result.returncode == 0, result.stderr
    path = project / "content/entries/2031-02-05-review-due.md"
    vocabulary = open_project(read_site_settings(project), str(project)).vocabulary
    entry, problems = build_entry(read_entry_file(str(path)), vocabulary)
    # Valid; only the placeholder text is left for the editor to replace.
    assert {p.code for p in problems} == {"scaffold"} and entry.due and entry.key_moment
    # A due item may be dated ahead, whatever its stage.
    assert invoke(project, "check", "--today", "2030-01-01").returncode == 0


def test_new_entry_refuses_to_overwrite(project):
    args = ("new-entry", "--title", "Same", "--date", "2025-01-01", "--stage",
            "announcement", "--sources", "https://www.gov.uk/x")
    assert invoke(project, *args).returncode == 0
    path = project / "content/entries/2025-01-01-same.md"
    path.write_text(path.read_text() + "\nEdited by hand.\n")
    before = path.read_bytes()
    result = invoke(project, *args)
    assert result.returncode == 1
    assert "exists already" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--stage", "nonsense"), "unknown stage 'nonsense'"),
        (("--stage", "report"), "give --chamber for stage 'report'"),
        (("--stage", "announcement", "--bill", "nope"), "unknown bill 'nope'"),
        (("--stage", "announcement", "--date", "yesterday"), "bad date 'yesterday'"),
        (("--stage", "announcement", "--sources", "javascript:x"), "is not an http(s) URL"),
        (("--stage", "announcement", "--sources", "https://example.org/"),
         "the first source must be official"),
    ],
)
def test_new_entry_rejects_bad_values_without_writing(project, args, message):
    options = {"--title": "T", "--date": "2025-01-01", "--sources": "https://www.gov.uk/x"}
    flat = list(args)
    for key, value in options.items():
        if key not in flat:
            flat += [key, value]
    result = invoke(project, "new-entry", *flat)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "content/entries").rglob("*.md")) == sorted(
        p.name for p in (FIXTURES / "site/entries").rglob("*.md"))


def test_check_reports_whole_set_problems_and_warnings_do_not_fail(project):
    entries = project / "content" / "entries"
    announcement = (entries / "2024/2024-04-16-announcement.md").read_text()
    (entries / "2024-04-16-copy.md").write_text(
        announcement + "\nSee [the debate]({entry}2024-05-15-no-such-debate).\n")
    (entries / "2031-01-01-future.md").write_text(
        "Title: Future\nDate: 2031-01-01\nSummary: s\nStage: debate\n"
        "Chamber: lords\nSources: https://hansard.parliament.uk/x\n")
    result = invoke(project, "check", "--today", "2030-12-31")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "content/entries/2024-04-16-copy.md:13: '{entry}2024-05-15-no-such-debate': "
        "there is no entry '2024-05-15-no-such-debate'",
        # Files are compared in path order: the later one is reported.
        "content/entries/2024/2024-04-16-announcement.md:7: duplicate event: same date "
        "(2024-04-16), stage and primary source as content/entries/2024-04-16-copy.md",
        "content/entries/2031-01-01-future.md:2: the date 2031-01-01 is in the future "
        "(today is 2030-12-31); only these stages may be dated ahead: royal-assent, "
        "commencement",
        "3 error(s), 0 warning(s)",
    ]
    assert invoke(project, "check", "--today", "2031-01-02").returncode == 1
    (entries / "2024-04-16-copy.md").unlink()
    result = invoke(project, "check", "--today", "2031-01-02")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "0 error(s), 0 warning(s)"


def test_check_warnings_alone_exit_zero(project):
    path = project / "content/entries/2024-05-15-same-day-debate.md"
    path.write_text(path.read_text() + "\n[back](/events/2024-04-16-announcement/)\n")
    result = invoke(project, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines() == [
        "content/entries/2024-05-15-same-day-debate.md:9: warning: link "
        "'/events/2024-04-16-announcement/' is a path on this site: write {entry}<id>, "
        "{bill}<key> or {stage}<key> instead (see entry-format.md: parliament-timeline docs "
        "entry-format)",
        "0 error(s), 1 warning(s)"]


def test_check_rejects_a_bad_today(project):
    result = invoke(project, "check", "--today", "tomorrow")
    assert result.returncode == 1
    assert "bad --today 'tomorrow'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_timeline_feeds_problems_at_the_setting_line(project):
    conf = project / "pelicanconf.py"
    text = conf.read_text()
    conf.write_text(text + "\nTIMELINE_FEEDS = [\n    {'name': 'Bad Name', 'url': 'ftp://x'},\n]\n")
    line = len(text.splitlines()) + 2
    result = invoke(project, "check")
    assert result.returncode == 1
    problems = [p for p in result.stdout.splitlines() if p.startswith("pelicanconf.py:")]
    assert problems and all(p.startswith(f"pelicanconf.py:{line}: TIMELINE_FEEDS[0]")
                            for p in problems), result.stdout


def test_build_uses_the_caches_by_default_no_cache_builds_cold_and_clean_clears_both(project):
    """Fast previews: `invoke build` keeps Pelican's content cache, our output
    cache and the search shards' state; `--no-cache` writes none; `clean`
    removes the output and the cache."""
    cache = project / "cache"
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (cache / "TimelineOutputCache.json").is_file()
    assert (cache / "TimelineSearchShards.json").is_file()
    assert (project / "output" / "pagefind" / "shards.json").is_file()
    result = invoke(project, "clean")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not cache.exists() and list((project / "output").iterdir()) == []
    result = invoke(project, "build", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not cache.exists()
    assert (project / "output" / "index.html").is_file()


def test_check_prints_file_names_and_values_inert(project):
    """A file name with a newline cannot start a GitHub Actions command line in a CI log,
    and a terminal escape sequence in a value is shown escaped, not sent to the terminal."""
    entries = project / "content" / "entries"
    (entries / "2024-06-01-x\n::error file=pelicanconf.py::pwned.md").write_text(
        "Title: x\n")
    (entries / "2024-06-02-escape.md").write_text(
        "Title: Bad\nDate: 2024-06-02\nSummary: s\nStage: \x1b]0;owned\x07\x1b[2J\n"
        "Chamber: commons\nSources: https://www.gov.uk/a\n")
    result = invoke(project, "check")
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")], lines
    assert any(line.startswith("content/entries/2024-06-01-x\\n::error file=pelicanconf.py"
                               "::pwned.md:1: ") for line in lines), lines
    assert any(line.startswith("content/entries/2024-06-02-escape.md:4: unknown stage "
                               "'\\x1b]0;owned\\x07\\x1b[2J'") for line in lines), lines
