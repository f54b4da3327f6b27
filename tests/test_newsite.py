"""A new timeline site, made with new-site outside this repository, checked and built.

Everything runs as a user runs it: the installed ``parliament-timeline``
command, ``invoke`` in the new site's folder and ``pelican -s pelicanconf.py``,
each a subprocess, with the plugin as installed (no path to this repository).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

BIN = Path(sys.executable).parent
TITLE = "The Example Act: a test timeline"
BILL = "example-bill-2024-26"
ABOUT_PLACEHOLDER = ("content/pages/about.md:9: warning: the page is still the placeholder text "
                     "the scaffolding command wrote: replace it before publishing")


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "PYTHONPATH")}
    # UTF-8, not the locale's encoding: Pelican sets the C locale in the
    # process of any test that built in-process before this one.
    return subprocess.run(list(args), cwd=site, capture_output=True, encoding="utf-8",
                          check=False, env=env)


def build(site: Path) -> Path:
    result = run(site, str(BIN / "pelican"), "-s", "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr
    return site / "output"


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


@pytest.fixture(scope="module")
def made_site(tmp_path_factory) -> Path:
    """A new site, made once per module by ``parliament-timeline new-site``
    (the tests that change it each get a copy: see :func:`site`)."""
    folder = tmp_path_factory.mktemp("new-site")
    path = folder / "example-timeline"
    assert not path.resolve().is_relative_to(ROOT)
    result = run(folder, str(BIN / "parliament-timeline"), "new-site", path.name,
                 "--title", TITLE)
    assert result.returncode == 0, result.stderr
    assert "Wrote a new timeline site" in result.stdout
    return path


@pytest.fixture
def site(made_site, tmp_path) -> Path:
    """A new site in a temporary folder outside the repository (a copy of
    the module's, as new-site wrote it)."""
    path = tmp_path / made_site.name
    shutil.copytree(made_site, path)
    return path


def test_new_site_holds_no_copy_of_the_plugin(site):
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert files == [".gitignore", "README.md", "content/bills/.gitkeep",
                     "content/entries/.gitkeep", "content/pages/about.md", "pelicanconf.py",
                     "publishconf.py", "tasks.py"]
    conf = (site / "pelicanconf.py").read_text()
    assert 'PLUGINS = ["parliament_timeline"]' in conf
    assert "THEME = parliament_timeline.THEME_PATH" in conf
    assert "TIMELINE_FEEDS" not in conf.replace("# Official feeds (TIMELINE_FEEDS)", "")
    assert f"SITENAME = {TITLE!r}" in conf
    # Each site gets its own id namespace.
    other = run(site.parent, str(BIN / "parliament-timeline"), "new-site", "other",
                "--title", "Other")
    assert other.returncode == 0, other.stderr

    def namespace(p):
        return next(line for line in p.read_text().splitlines()
                    if line.startswith("TIMELINE_ID_NAMESPACE"))

    assert namespace(site / "pelicanconf.py") != namespace(site.parent / "other/pelicanconf.py")
    tasks = run(site, str(BIN / "invoke"), "--list")
    assert tasks.returncode == 0, tasks.stderr
    for name in ("build", "serve", "livereload", "publish", "check", "new-entry", "new-bill",
                 "fetch-feeds", "feed-status", "new-site"):
        assert f"  {name} " in tasks.stdout


def test_new_site_with_a_bill_and_two_entries_checks_and_builds(site):
    cmd = str(BIN / "parliament-timeline")
    result = run(site, cmd, "new-bill", "--key", BILL, "--title", "Example Bill",
                 "--session", "2024-26", "--house", "commons",
                 "--url", "https://bills.parliament.uk/bills/1234")
    assert result.returncode == 0, result.stderr
    result = run(site, cmd, "new-entry", "--title", "Example Bill introduced",
                 "--date", "2024-11-05", "--stage", "first-reading", "--chamber", "commons",
                 "--bill", BILL, "--sources", "https://bills.parliament.uk/bills/1234")
    assert result.returncode == 0, result.stderr
    # The second through the site's own invoke tasks.
    result = run(site, str(BIN / "invoke"), "new-entry", "--title", "Second reading debate",
                 "--date", "2024-12-02", "--stage", "second-reading", "--chamber", "commons",
                 "--bill", BILL, "--sources", "https://hansard.parliament.uk/Commons/2024-12-02")
    assert result.returncode == 0, result.stderr
    assert "invoke check" in result.stdout
    # Valid; the placeholder prose the commands wrote (the bill's body, each
    # entry's Summary and narrative, the About page) is a warning until the
    # editor replaces it.
    for check in ([cmd, "check"], [str(BIN / "invoke"), "check"]):
        result = run(site, *check)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().splitlines()[-1] == "0 error(s), 6 warning(s)"
        assert result.stdout.count("placeholder text") == 4

    output = build(site)
    home = page(output, "index.html")
    titles = [a.get_text(strip=True) for a in home.select("li.event .event-title a")]
    assert titles == ["Example Bill introduced", "Second reading debate"]
    assert home.select_one("h1").get_text(strip=True) == TITLE
    assert not home.select(".empty-state")
    assert "Example Bill is before Parliament" in text(home)

    bill = page(output, f"bills/{BILL}/index.html")
    assert "Example Bill" in bill.select_one("h1").get_text()
    assert len(bill.select("ol.bill-stages > li")) == 2
    bills = page(output, "bills/index.html")
    assert [a.get_text(strip=True) for a in bills.select(".bill-list a")] == ["Example Bill"]
    for slug in ("2024-11-05-example-bill-introduced", "2024-12-02-second-reading-debate"):
        assert (output / "events" / slug / "index.html").is_file()
    about = page(output, "about/index.html")
    assert about.select_one("h1").get_text(strip=True) == "About"
    assert TITLE in text(about)
    data = json.loads((output / "timeline.json").read_text())
    assert [e["title"] for e in data["events"]] == titles
    assert all(e["permalink"].startswith("http://localhost:8000/") for e in data["events"])


def test_an_empty_new_site_checks_and_builds_with_an_empty_state(site):
    result = run(site, str(BIN / "parliament-timeline"), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines() == [ABOUT_PLACEHOLDER, "0 error(s), 1 warning(s)"]
    output = build(site)

    home = page(output, "index.html")
    empty = home.select_one(".empty-state")
    assert empty is not None
    assert "no events on this timeline yet" in text(empty)
    # Readers are not told how to edit the site.
    assert "new-entry" not in text(home) and "invoke" not in text(home)
    # The menu leads only to pages with something to show.
    menu = [a.get_text(strip=True) for a in home.select(".site-nav a")]
    assert menu == ["Timeline", "Glossary", "Search", "Open data", "About"]
    assert "No bill carrying the law has been before Parliament yet" in text(home)
    assert not home.select("li.event") and not home.select("#filters")
    bills = page(output, "bills/index.html")
    assert "No bill is on this timeline yet" in text(bills.select_one(".empty-state"))
    assert not bills.select(".bill-list")
    assert page(output, "about/index.html").select_one("h1").get_text(strip=True) == "About"
    for path in ("glossary/index.html", "data/index.html", "search/index.html",
                 "stages/report/index.html"):
        assert page(output, path).select_one("h1"), path

    # The exports are empty but well-formed.
    import jsonschema

    data = json.loads((output / "timeline.json").read_text())
    assert data["events"] == [] and data["vocabularies"]["bills"] == []
    schema = json.loads((output / "timeline.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert json.loads((output / "feed.json").read_text())["items"] == []
    assert json.loads((output / "timelinejs.json").read_text())["events"] == []
    rows = list(csv.reader((output / "timeline.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 1 and rows[0][0] == "id"
    ics = (output / "timeline.ics").read_text()
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" not in ics
    from xml.etree import ElementTree

    atom = ElementTree.parse(output / "feeds/all.atom.xml").getroot()
    assert atom.find("{http://www.w3.org/2005/Atom}entry") is None


def test_publishing_refuses_the_about_page_until_its_placeholder_is_rewritten(site):
    """Readers never see the editor's instruction that new-site writes into About."""
    publish = [str(BIN / "pelican"), "-s", "publishconf.py"]
    refused = run(site, *publish)
    assert refused.returncode != 0
    assert "ERROR    content/pages/about.md:9: the page is still the" in refused.stdout
    assert refused.stderr.startswith("1 problem(s) in the pages")
    assert "Traceback" not in refused.stdout + refused.stderr

    about = site / "content/pages/about.md"
    text_written = about.read_text("utf-8").split("Rewrite this page")[0]
    about.write_text(text_written + "Kept by the Example Act's editors.\n", "utf-8")
    assert run(site, str(BIN / "parliament-timeline"), "check").stdout.strip() == \
        "0 error(s), 0 warning(s)"
    published = run(site, *publish)
    assert published.returncode == 0, published.stdout + published.stderr
    shown = text(page(site / "output", "about/index.html"))
    assert "Kept by the Example Act's editors." in shown and "Rewrite this page" not in shown


def test_invoke_new_site_from_this_repository(tmp_path):
    target = tmp_path / "from-invoke"
    result = run(ROOT, str(BIN / "invoke"), "new-site", str(target), "--title", "From invoke")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "pelicanconf.py").is_file() and (target / "content/bills/.gitkeep").exists()
    again = run(ROOT, str(BIN / "invoke"), "new-site", str(target), "--title", "Again")
    assert again.returncode == 1
    assert again.stderr.strip().startswith("new-site: ") and "is not empty" in again.stderr
    assert "Traceback" not in again.stderr


def test_the_menu_grows_with_the_records_and_the_readme_installs_from_here(site):
    cmd = str(BIN / "parliament-timeline")
    assert run(site, cmd, "new-bill", "--key", BILL, "--title", "Example Bill", "--session",
               "2024-26", "--house", "commons").returncode == 0
    (site / "content" / "people").mkdir()
    (site / "content" / "people" / "jane-widget.md").write_text(
        "Name: Jane Widget\nSources: https://members.parliament.uk/member/1\n\n", "utf-8")
    home = page(build(site), "index.html")
    menu = [a.get_text(strip=True) for a in home.select(".site-nav a")]
    assert menu == ["Timeline", "Bills", "People", "Glossary", "Search", "Open data", "About"]
    # The README installs the plugin from where it was installed (this
    # repository, editable, in the tests' environment), with its extras.
    readme = (site / "README.md").read_text("utf-8")
    assert f'pip install "{ROOT}[fetch,search]" livereload' in readme


def test_the_readme_sends_an_editor_to_the_documentation_installed_with_the_plugin(site):
    """An editor of another law has the installed package, not this repository."""
    from pelican.plugins.parliament_timeline.manual import DOCS

    readme = (site / "README.md").read_text("utf-8")
    named = set(re.findall(r"parliament-timeline docs ([a-z-]+)", readme))
    assert named and named <= set(DOCS)
    assert all(f"`{name}`" in readme for name in DOCS)
    listed = run(site, str(BIN / "parliament-timeline"), "docs")
    assert listed.returncode == 0, listed.stderr
    for name in named:
        shown = run(site, str(BIN / "parliament-timeline"), "docs", name)
        assert shown.returncode == 0 and shown.stdout.startswith("# "), shown.stderr
    conf = (site / "pelicanconf.py").read_text("utf-8")
    assert "parliament-timeline docs settings" in conf


def test_the_readme_installs_a_git_install_from_its_commit_and_an_index_one_by_name(monkeypatch):
    from pelican.plugins.parliament_timeline.commands import newsite

    class Installed:
        def __init__(self, record):
            self.record = record

        def read_text(self, name):
            return self.record

    record = json.dumps({"url": "https://example.org/timeline.git",
                         "vcs_info": {"vcs": "git", "commit_id": "0123abcd"}})
    monkeypatch.setattr(newsite.metadata, "distribution", lambda name: Installed(record))
    assert newsite.install_requirement() == (
        "pelican-parliament-timeline[fetch,search] @ git+https://example.org/timeline.git@0123abcd")
    monkeypatch.setattr(newsite.metadata, "distribution", lambda name: Installed(None))
    assert newsite.install_requirement() == "pelican-parliament-timeline[fetch,search]"
