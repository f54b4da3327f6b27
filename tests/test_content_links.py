"""Nothing outside the content folder is read or published: symbolic links and {static} links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build, fixture_settings, publish
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.records.files import find_links, find_record_files

SECRET = "TOP SECRET of the build machine"
PERSON = """Name: Eve Impostor
Sources: https://members.parliament.uk/member/1/contact | Her page

An impostor.
"""


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file of the build machine, outside the content folder."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def hostile_links(site: Path, secret: Path) -> None:
    """Every kind of link the red team committed, in the fixture site."""
    # A page's {static} link to a linked file outside, and one climbing out with "..".
    os.symlink(secret, site / "pages" / "leak.png")
    (site / "pages" / "leaker.md").write_text(
        "Title: Leaker\n\nSee [this]({static}leak.png), [that]({static}../../secret.txt) "
        "and [those]({attach}../../secret.txt).\n", encoding="utf-8")
    # A Markdown page and a record that are links to a file outside.
    os.symlink(secret, site / "pages" / "environ.md")
    impostor = secret.parent / "impostor.md"
    impostor.write_text(PERSON, encoding="utf-8")
    os.symlink(impostor, site / "people" / "eve-impostor.md")
    # A link to /proc (walking it never ends), and a loop.
    os.symlink("/proc", site / "people" / "proc")
    os.symlink(".", site / "entries" / "loop")
    os.symlink("self", site / "bills" / "self")
    # A link to a file inside the content folder.
    os.symlink("about.md", site / "pages" / "about-again.txt")


def published_secrets(output: Path) -> list[str]:
    return [str(p.relative_to(output)) for p in output.rglob("*")
            if p.is_file() and SECRET in p.read_text("utf-8", errors="replace")]


def test_check_reports_every_link_in_the_content_folder(fixture_site, tmp_path, secret):
    hostile_links(fixture_site, secret)
    problems = check_site(fixture_settings(fixture_site, tmp_path / "out"),
                          root=str(tmp_path))
    links = {p.path: p.message for p in problems if "symbolic link" in p.message}
    assert set(links) == {f"content/{p}" for p in (
        "pages/leak.png", "pages/environ.md", "people/eve-impostor.md", "people/proc",
        "entries/loop", "bills/self", "pages/about-again.txt")}
    assert all(p.severity == "error" for p in problems if "symbolic link" in p.message)
    assert "outside the content folder" in links["content/people/eve-impostor.md"]
    assert "to a folder" in links["content/people/proc"]
    assert "leads nowhere" in links["content/bills/self"]
    assert "inside the content folder" in links["content/pages/about-again.txt"]
    # The linked file is never read: neither its lines nor its person appear.
    assert not any(SECRET in str(p) or ("eve-impostor.md:" in str(p) and "symbolic" not in str(p))
                   for p in problems)


def test_check_of_a_link_to_proc_and_a_loop_ends_quickly(fixture_site, tmp_path, secret):
    hostile_links(fixture_site, secret)
    result = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.parliament_timeline", "check",
         "--root", str(tmp_path), "--settings", str(ROOT / "pelicanconf.py")],
        capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "content/people/proc:1: a symbolic link to a folder" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_records_are_read_through_no_link_leading_outside(fixture_site, secret):
    hostile_links(fixture_site, secret)
    people = find_record_files(str(fixture_site / "people"), within=str(fixture_site))
    assert [Path(p).name for p in people] == ["jane-widget.md", "lord-sprocket.md",
                                              "sam-cog.md"]
    entries = find_record_files(str(fixture_site / "entries"), within=str(fixture_site))
    assert not any("loop" in p for p in entries)


def test_a_development_build_publishes_no_file_from_outside(fixture_site, tmp_path, secret,
                                                           caplog):
    hostile_links(fixture_site, secret)
    output = build(fixture_site, tmp_path / "output")
    assert published_secrets(output) == []
    assert not (output / "people" / "eve-impostor").exists()
    assert not (output / "environ").exists()
    assert not list(output.rglob("leak.png"))
    # The page is published; its links lead nowhere.
    assert (output / "leaker" / "index.html").exists()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "people/eve-impostor.md: a symbolic link to a file outside" in logged
    assert "left out of the output: it is outside the content folder" in logged
    # The link inside the content folder is followed, and said so.
    assert "pages/about-again.txt: a symbolic link to a file inside the content folder" in logged


def test_a_strict_build_stops_at_a_link(fixture_site, tmp_path, secret):
    os.symlink(secret, fixture_site / "pages" / "environ.md")
    result = publish(fixture_site, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "environ.md: a symbolic link to a file outside the content folder" in output
    assert not (tmp_path / "out" / "environ").exists()


def test_find_links_follows_none(tmp_path):
    content = tmp_path / "content"
    (content / "a").mkdir(parents=True)
    os.symlink("/", content / "a" / "root")
    os.symlink("..", content / "a" / "up")
    assert [(link.rel, link.followed) for link in find_links(str(content))] == [
        ("a/root", False), ("a/up", False)]


def test_a_feed_snapshot_that_is_a_link_is_not_read(tmp_path, secret):
    from test_feeds import config

    from pelican.plugins.parliament_timeline.feeds.items import read_feed

    feeds = tmp_path / "content" / "feeds"
    feeds.mkdir(parents=True)
    os.symlink("/dev/zero", feeds / "test-feed.xml")  # reading it would never end
    parsed = read_feed(config(), feeds)
    assert parsed.state == "unreadable"
    assert not parsed.items
    assert any("is a symbolic link, not read" in str(p) for p in parsed.problems)
    (feeds / "test-feed.xml").unlink()
    os.symlink(secret, feeds / "test-feed.json")
    assert read_feed(config(), feeds).state == "unreadable"
