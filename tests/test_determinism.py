"""The real site, built twice for publishing, is the same byte for byte.

The two builds differ in everything that must not matter: the project's
absolute path and folder depth, the order in which its files were created
(and so the order the file system lists them in), the hash seed, the
machine's time zone and locale, and the wall clock (the second build runs
with the clock moved years ahead). Each build runs ``pelican`` in its own
process from its own working folder, with publishconf.py, as CI does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sitecheck import broken_links

PROJECT_FILES = ("pelicanconf.py", "publishconf.py")
# The plugin (with its theme and the JSON Schema) is installed from plugins/.
PROJECT_DIRS = ("content", "theme")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")
# The second build's clock: far from any real build day.
FROZEN = "2031-07-04 03:21:09"
RUN_FROZEN = (
    "import sys, freezegun\n"
    f"freezegun.freeze_time({FROZEN!r}, tick=True).start()\n"
    "from pelican import main\n"
    "sys.argv[0] = 'pelican'\n"
    "main()\n"
)


def copy_tree_reversed(src: Path, dst: Path) -> None:
    """Copy a tree creating entries in reverse order, so listings differ."""
    dst.mkdir(parents=True)
    for child in sorted(src.iterdir(), reverse=True):
        if IGNORE(str(src), [child.name]):
            continue
        if child.is_dir():
            copy_tree_reversed(child, dst / child.name)
        else:
            shutil.copy2(child, dst / child.name)


def make_project(where: Path, reverse: bool) -> Path:
    for name in PROJECT_FILES:
        where.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, where / name)
    for name in PROJECT_DIRS:
        if reverse:
            copy_tree_reversed(ROOT / name, where / name)
        else:
            shutil.copytree(ROOT / name, where / name, ignore=IGNORE)
    return where


def publish(project: Path, env: dict, frozen: bool) -> Path:
    args = ["content", "-s", "publishconf.py", "-o", "output", "--log-handler", "plain"]
    command = [sys.executable, "-c", RUN_FROZEN, *args] if frozen else [
        sys.executable, "-m", "pelican", *args]
    base = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "TZ", "LC_ALL", "LANG")}
    result = subprocess.run(command, cwd=project, env={**base, **env},
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("determinism")
    first = make_project(base / "a", reverse=False)
    second = make_project(base / "somewhere" / "else" / "entirely", reverse=True)
    out1 = publish(first, {"PYTHONHASHSEED": "1", "TZ": "UTC", "LANG": "C.UTF-8"},
                   frozen=False)
    out2 = publish(second, {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati",
                            "LANG": "C", "LC_ALL": "C"}, frozen=True)
    return (first, out1), (second, out2)


def test_the_real_site_has_entries_to_build():
    assert list((ROOT / "content" / "entries").rglob("*.md"))


def test_two_builds_are_byte_identical(two_builds):
    (_, out1), (_, out2) = two_builds
    a, b = tree(out1), tree(out2)
    assert len(a) > 10
    only_first = sorted(set(a) - set(b))
    only_second = sorted(set(b) - set(a))
    differ = sorted(name for name in set(a) & set(b) if a[name] != b[name])
    assert (only_first, only_second, differ) == ([], [], [])


def test_no_machine_path_or_build_time_leaks_into_the_output(two_builds):
    leaks = []
    for project, output in two_builds:
        needles = {str(project), str(ROOT), str(Path.home()), str(project.parent),
                   FROZEN[:10], "2031"}
        for name, data in tree(output).items():
            text = data.decode("utf-8", errors="replace")
            leaks += [f"{name}: {n}" for n in sorted(needles) if n and n in text]
    assert leaks == []


def test_no_internal_link_of_the_published_site_is_broken(two_builds):
    (_, output), _ = two_builds
    assert broken_links(output) == []
