"""Pages (content/pages/) are checked like records, and never replace a generated page."""

from __future__ import annotations

import pytest

from conftest import build, fixture_settings, publish, soup
from pelican.plugins.parliament_timeline.commands.check import check_site

# Each hostile page: its file, its text, and the (line, start of message) check gives.
PAGES = {
    "home.md": ("Title: Home\nSave_as: index.html\n\nMine now.\n",
                (2, "the page's Save_as 'index.html' is a page the timeline generates")),
    "search-me.md": ("Title: Search me\nSlug: search\n\nMine now.\n",
                     (2, "the page's Save_as 'search/index.html' is a page the timeline "
                      "generates")),
    "bills.md": ("Title: Bills\n\nMine now.\n",
                 (1, "the page's Save_as 'bills/index.html' is a page the timeline generates")),
    "a-bill.md": ("Title: A bill\nSave_as: bills/widget-safety-bill-2023-24/index.html\n\nx\n",
                  (2, "the page's Save_as 'bills/widget-safety-bill-2023-24/index.html' is a "
                   "page the timeline generates")),
    "glossary-link.md": ("Title: G\nURL: glossary/\n\nx\n",
                         (2, "the page's URL 'glossary/index.html' is a page the timeline "
                          "generates")),
    "no-template.md": ("Title: T\nTemplate: nothing\n\nx\n",
                       (2, "no page template 'nothing'")),
    "bill-template.md": ("Title: T2\nTemplate: bill\n\nx\n", (2, "no page template 'bill'")),
    "zz-about-again.md": ("Title: About\n\nAnother About page.\n",
                          (1, "the page is written to 'about/index.html', as "
                           "content/pages/about.md is")),
    "outside.md": ("Title: Outside\nSlug: ../../outside\n\nx\n",
                   (2, "the page's Save_as '../../outside/index.html' is outside the output "
                    "folder")),
    "markup.md": ("Title: Markup\n\nHello <script>alert(1)</script>\n\n"
                  "<img src=x.png onerror=alert(1)> [out]({static}../../secret.txt)\n",
                  (3, "HTML tag <script> is not allowed")),
}


@pytest.fixture
def hostile_pages(fixture_site):
    for name, (text, _) in PAGES.items():
        (fixture_site / "pages" / name).write_text(text, encoding="utf-8")
    return fixture_site


def test_check_reports_every_hostile_page_at_its_line(hostile_pages, tmp_path):
    problems = check_site(fixture_settings(hostile_pages, tmp_path / "out"), root=str(tmp_path))
    shown = [str(p) for p in problems if p.path.startswith("content/pages/")]
    for name, (_, (line, message)) in PAGES.items():
        assert any(s.startswith(f"content/pages/{name}:{line}: {message}") for s in shown), (
            name, shown)
    assert "content/pages/markup.md:5: event-handler attribute 'onerror' on <img> is not " \
           "allowed" in shown
    assert ("content/pages/markup.md:5: the {static} link '../../secret.txt' leads outside "
            "the content folder: link only to files in it") in shown
    # The About page itself is fine.
    assert not any(s.startswith("content/pages/about.md") for s in shown)


def test_a_development_build_leaves_them_out_and_keeps_the_generated_pages(
        hostile_pages, tmp_path, caplog):
    output = build(hostile_pages, tmp_path / "output")
    assert "Mine now" not in (output / "index.html").read_text("utf-8")
    assert soup(output / "search" / "index.html").select_one("main") is not None
    assert "Mine now" not in (output / "search" / "index.html").read_text("utf-8")
    assert "Mine now" not in (output / "bills" / "index.html").read_text("utf-8")
    assert "Another About page" not in (output / "about" / "index.html").read_text("utf-8")
    assert not (output / "t2").exists() and not (output / "t").exists()
    # A page whose only problems are markup is published, sanitized.
    assert (output / "markup" / "index.html").exists()
    assert "<script>alert" not in (output / "markup" / "index.html").read_text("utf-8")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "pages/home.md: left out of the build for the problems above" in logged


def test_a_strict_build_stops_at_a_page_that_replaces_the_home_page(fixture_site, tmp_path):
    (fixture_site / "pages" / "home.md").write_text(PAGES["home.md"][0], encoding="utf-8")
    result = publish(fixture_site, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "home.md:2: the page's Save_as 'index.html' is a page the timeline generates" in output
