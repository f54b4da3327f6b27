"""The plugin's entry point: it stays out of sites that did not ask for it."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from pelican.plugins.parliament_timeline import THEME_PATH, settings
from pelican.plugins.parliament_timeline.settings import available_cpus, is_configured

PLAIN_CONF = """\
AUTHOR = "Someone else"
SITENAME = "A plain Pelican site"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
FEED_DOMAIN = "https://plain.example"
{extra}
"""


def plain_site(root: Path, extra: str = "") -> Path:
    """A Pelican site of another kind: one article, Pelican's default theme."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "hello.md").write_text(
        "Title: Hello\nDate: 2024-01-01 10:00\n\nA plain article.\n", encoding="utf-8")
    (root / "pelicanconf.py").write_text(PLAIN_CONF.format(extra=extra), encoding="utf-8")
    return root


def pelican(site: Path, output: str) -> subprocess.CompletedProcess:
    """Build ``site`` with the pelican command, as its owner would."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", output],
        cwd=site, capture_output=True, text=True, check=False, timeout=120)


def same_tree(one: Path, other: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    compared = filecmp.dircmp(one, other)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, other, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(one / sub, other / sub) for sub in compared.common_dirs)


def test_a_plain_site_with_plugins_unset_builds_as_without_the_plugin(tmp_path):
    # PLUGINS unset: Pelican loads every installed namespace plugin, ours too.
    site = plain_site(tmp_path / "unset")
    loaded = pelican(site, "out")
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "timeline" not in loaded.stdout + loaded.stderr
    # PLUGINS = []: Pelican loads none; the reference output.
    bare = plain_site(tmp_path / "bare", extra="PLUGINS = []")
    reference = pelican(bare, "out")
    assert reference.returncode == 0, reference.stdout + reference.stderr
    assert same_tree(site / "out", bare / "out")
    assert not (site / "out" / "timeline.json").exists()


def test_a_plain_site_gets_pelicans_own_writer(tmp_path):
    site = plain_site(tmp_path / "unset")
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "out",
         "--debug"], cwd=site, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Found writer" not in done.stdout + done.stderr


def test_a_site_asks_for_the_timeline_by_a_setting_or_the_theme():
    assert not is_configured({"PLUGINS": ["pelican.plugins.parliament_timeline"],
                              "THEME": "notmyidea"})
    assert is_configured({"TIMELINE_SUBJECT": "the widget rule"})
    assert is_configured({"THEME": THEME_PATH})
    assert is_configured({"THEME": THEME_PATH + os.sep})


def test_cpus_are_counted_where_affinity_calls_do_not_exist(monkeypatch):
    # macOS and Windows have neither call: the plugin must still read its settings.
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert available_cpus() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert available_cpus() == 1
    assert settings.read_settings({"TIMEZONE": "UTC"}).search_jobs == 1
