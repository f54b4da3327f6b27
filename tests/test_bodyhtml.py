"""The HTML an entry's narrative may hold: invoke check reports, builds never publish the rest."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import signals

from conftest import FIXTURES, ROOT, build, pelican_settings, publish, site_settings
from pelican.plugins.parliament_timeline import plugin
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.records.bodyhtml import body_problems, sanitize_body
from pelican.plugins.parliament_timeline.records.parse import read_entry_file
from pelican.plugins.parliament_timeline.site.generator import markdown_renderer

HOSTILE = FIXTURES / "hostile"
ENTRY = "2024-06-03-hostile-narrative.md"
PAGE = "hostile-page.md"

TAG = ("HTML tag <{}> is not allowed (see 'HTML in the narrative' in entry-format.md: "
       "parliament-timeline docs entry-format)")
LINK = ("a {}: link is not allowed (only http(s), mailto, site-relative and #fragment links "
        "and {{entry}}/{{bill}}/{{stage}} references are allowed)")
# Every payload of the hostile fixture entry, at its line of the file.
EXPECTED = [
    (9, TAG.format("script")),
    (11, "event-handler attribute 'onerror' on <img> is not allowed"),
    (13, LINK.format("javascript")),
    (15, LINK.format("data")),
    (17, TAG.format("iframe")),
    (19, TAG.format("svg")),
    (21, LINK.format("javascript")),  # " JaVaScRiPt:"
    (23, LINK.format("javascript")),  # "java&#x09;script:"
    (25, LINK.format("javascript")),  # "&#106;avascript:"
    (29, "event-handler attribute 'onclick' on <a> is not allowed"),  # tag opened on line 27
    (32, "event-handler attribute 'onmouseover' is not allowed"),  # {: ...} attribute list
    (34, "style attribute on <span> is not allowed"),
    (38, LINK.format("vbscript")),
]
THEME_SCRIPTS = ("theme/js/site.js", "theme/js/search.js", "theme/js/print.js")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite")


def hostile_site(fixture_site: Path, page: bool = False) -> Path:
    """The fixture site with the hostile entry (and, if asked, the hostile page) added."""
    shutil.copy(HOSTILE / ENTRY, fixture_site / "entries" / ENTRY)
    if page:
        shutil.copy(HOSTILE / PAGE, fixture_site / "pages" / PAGE)
    return fixture_site


def active_content(soup: BeautifulSoup) -> list[str]:
    """Everything in a parsed page that could run a script, described."""
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and not str(tag.get("src", "")).endswith(THEME_SCRIPTS):
            found.append(f"script {tag}")
        # The home page's drawing is the theme's own SVG (site/overview.py).
        ours = tag.name == "svg" and "overview-scroll" in (tag.parent.get("class") or [])
        if tag.name in ("iframe", "object", "embed", "svg", "frame", "base") and not ours:
            found.append(f"element {tag}")
        for name, value in tag.attrs.items():
            if name.startswith("on"):
                found.append(f"{name} on <{tag.name}>")
            if name in URL_ATTRIBUTES:
                # As a browser reads it: no blanks or controls, any case.
                url = re.sub(r"[\x00-\x20\x7f]", "", str(value)).lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{name}={value!r} on <{tag.name}>")
    return found


def active_content_in_site(output: Path) -> dict[str, list[str]]:
    """:func:`active_content` of every HTML file of a built site, and of the narratives of
    its timeline.json, by file."""
    pages = {str(p.relative_to(output)): BeautifulSoup(p.read_text("utf-8"), "html.parser")
             for p in sorted(output.rglob("*.html"))}
    data = json.loads((output / "timeline.json").read_text("utf-8"))
    for event in data["events"]:
        pages[f"timeline.json {event['id']}"] = BeautifulSoup(event["body_html"] or "",
                                                              "html.parser")
    return {name: found for name, soup in pages.items() if (found := active_content(soup))}


def render(path: Path) -> str:
    """A Markdown file's body as the build renders it, before sanitizing."""
    return markdown_renderer(site_settings()["MARKDOWN"]).convert(read_entry_file(str(path)).body)


# --- invoke check ----------------------------------------------------------


def test_check_reports_each_payload_at_its_line(fixture_site, tmp_path):
    hostile_site(fixture_site)
    settings = pelican_settings(fixture_site, tmp_path / "output")
    problems = check_site(settings, root=str(tmp_path))
    shown = f"content/entries/{ENTRY}"
    # The hostile entry's problems (the fixture's other files warn of plain names).
    assert [str(p) for p in problems if p.path == shown] == [f"{shown}:{line}: {message}"
                                          for line, message in EXPECTED]


def test_the_real_entries_and_pages_hold_only_allowed_html():
    files = sorted((ROOT / "content" / "entries").rglob("*.md"))
    files += sorted((ROOT / "content" / "pages").glob("*.md"))
    for path in files:
        raw = read_entry_file(str(path))
        assert body_problems(raw.body, raw.body_line) == [], path


def test_code_is_text_and_not_checked():
    body = ("`<script>` in a span, ``<b onclick=x>``\n\n    <iframe>indented</iframe>\n\n"
            "~~~\n<svg onload=x>\n[x](javascript:y)\n~~~\n\n"
            "- a list\n\n    <b>continues the list: not code</b>\n")
    assert body_problems(body, 5) == [(16, TAG.format("b"))]


# --- the sanitizer ---------------------------------------------------------


def test_markdown_alone_would_publish_every_payload():
    # What the sanitizer is for: the renderer passes them all through.
    assert len(active_content(BeautifulSoup(render(HOSTILE / ENTRY), "html.parser"))) >= 12


def test_sanitize_body_removes_every_payload_and_keeps_the_rest():
    clean = BeautifulSoup(sanitize_body(render(HOSTILE / ENTRY)), "html.parser")
    assert active_content(clean) == []
    assert clean.find(style=True) is None
    assert clean.find("abbr", title="Criminal Justice Bill").text == "CJB"
    assert [a.get("href") for a in clean.find_all("a") if a.get("href")] == [
        "https://www.gov.uk/", "{entry}2024-04-16-announcement", "#sources", "/bills/",
        "mailto:editors@example.org",
    ]
    assert "link in mixed case" in clean.text
    assert 'alert("code span")' in clean.find("code").text


@pytest.mark.parametrize("folder", ["entries", "pages"])
def test_sanitize_body_keeps_the_real_html_byte_for_byte(folder):
    for path in sorted((ROOT / "content" / folder).rglob("*.md")):
        html = render(path)
        assert sanitize_body(html) == html, path


def test_sanitize_body_keeps_clean_html_written_another_way():
    html = ('<div class="highlight"><pre><span></span><code>&quot;x&quot;</code></pre></div>\n'
            '<p>a<br />b</p>\n<table>\n<tbody>\n<tr>\n<td style="text-align: center;">1</td>\n'
            "</tr>\n</tbody>\n</table>")
    # (the alignment written as a class: the CSP allows no inline style)
    assert sanitize_body(html) == html.replace('style="text-align: center;"',
                                               'class="align-center"')
    assert sanitize_body('<p>a<br />b<!-- note --></p>') == "<p>a<br>b</p>"


# --- builds ----------------------------------------------------------------


def test_a_development_build_leaves_the_hostile_entry_out_and_publishes_no_payload(
        fixture_site, tmp_path, caplog):
    output = build(hostile_site(fixture_site, page=True), tmp_path / "output")
    assert not (output / "events" / ENTRY.removesuffix(".md")).exists()
    for line, message in EXPECTED:
        assert any(r.getMessage().endswith(f"{ENTRY}:{line}: {message}")
                   for r in caplog.records), (line, message)
    assert (output / "hostile-page" / "index.html").exists()
    assert active_content_in_site(output) == {}


def test_a_build_whose_check_misses_every_payload_still_publishes_none(
        fixture_site, tmp_path, monkeypatch):
    # As if the check were wrong: the entry is published, and only the
    # sanitizer stands between its narrative and the page.
    for module in ("records.validate", "site.generator"):  # the build checks in both
        monkeypatch.setattr(f"pelican.plugins.parliament_timeline.{module}.body_problems",
                            lambda body, first_line, markdown=None, rendered=None: [])
    output = build(hostile_site(fixture_site, page=True), tmp_path / "output")
    page = output / "events" / ENTRY.removesuffix(".md") / "index.html"
    body = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(".entry-body")
    assert body.find("abbr").text == "CJB"
    hostile_page = BeautifulSoup((output / "hostile-page" / "index.html").read_text("utf-8"),
                                 "html.parser")
    assert "A page can try it too" in hostile_page.text
    assert active_content_in_site(output) == {}


def test_a_strict_build_of_the_hostile_entry_fails_with_its_errors_and_no_traceback(
        fixture_site, tmp_path):
    hostile_site(fixture_site)
    result = publish(fixture_site, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    lines = output.splitlines()
    entry = fixture_site / "entries" / ENTRY
    for line, message in EXPECTED:
        assert any(text.endswith(f"{entry}:{line}: {message}") for text in lines), (line, message)


# --- check, sanitizer and Content-Security-Policy agree -------------------

THEME_TEMPLATES = ROOT / "plugins/pelican/plugins/parliament_timeline/theme"
SAMPLE = ROOT / "tests/fixtures/site/entries/2024/2024-04-16-announcement.md"


def test_the_reserved_ids_cover_every_id_the_theme_uses():
    """Every id written in a template or looked up by a script is reserved:
    literally, or (for ids made from a key, id="event-{{ ... }}") by its beginning."""
    from pelican.plugins.parliament_timeline.records.bodyhtml import THEME_ID_PREFIXES, THEME_IDS

    missing = []
    for path in THEME_TEMPLATES.rglob("*"):
        if path.suffix not in (".html", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"""\bid=["']([^"']+)["']""", text)
        found += re.findall(r"""getElementById\(["']([^"']+)["']\)""", text)
        found += re.findall(r"""data-copy-target=["']([^"']+)["']""", text)
        for value in found:
            fixed = value.split("{{")[0]
            if "{{" in value:
                ok = fixed == "" or fixed.startswith(THEME_ID_PREFIXES)
            else:
                ok = value in THEME_IDS
            if not ok:
                missing.append((path.name, value))
    assert missing == []


@pytest.mark.parametrize("body, line", [
    ("## Cite this {#citation}\n", 1),
    ("Text.\n\n## Sources {: #sources .x }\n", 3),
    ('<h2 id="main">Skip here</h2>\n', 1),
    ('<p>x</p>\n<sup id="event-2024-04-16-announcement">1</sup>\n', 2),
    ("Para\n{: id=\"filters\" }\n", 2),
])
def test_a_narrative_id_the_theme_uses_is_an_error(body, line):
    [(at, message)] = body_problems(body, 1)
    assert at == line and "is one the page itself uses" in message


def test_a_narrative_may_use_other_ids_and_footnotes():
    assert body_problems("## Background {#background}\n\nText.[^1]\n\n[^1]: A note.\n", 1) == []


def test_the_sanitizer_drops_theme_ids_even_from_an_unchecked_narrative():
    html = '<h2 id="citation">Cite</h2><h2 id="background">B</h2>'
    assert sanitize_body(html) == '<h2>Cite</h2><h2 id="background">B</h2>'


@pytest.mark.parametrize("body", [
    "![A chart](https://evil.example/track.png)\n",
    "![A chart](//evil.example/track.png)\n",
    '<img src="http://evil.example/x.png" alt="x">\n',
    "![A chart][chart]\n\n[chart]: https://evil.example/c.png\n",
    "![chart][]\n\n[chart]: https://evil.example/c.png\n",
])
def test_an_image_from_another_site_is_refused_as_the_csp_would_block_it(body):
    problems = body_problems(body, 10)
    assert [line for line, _ in problems] == [10]
    assert "Content-Security-Policy" in problems[0][1]


def test_images_from_the_site_and_links_to_remote_images_pass():
    body = ("![A chart](/images/chart.png)\n\n[the chart](https://www.gov.uk/chart.png)\n\n"
            "[chart]: https://www.gov.uk/c.png\n")
    assert body_problems(body, 1) == []


def test_check_reports_markup_the_sanitizer_would_change(fixture_site, tmp_path):
    # An HTML comment passes the allowlist but is removed from the page.
    text = SAMPLE.read_text(encoding="utf-8")
    target = fixture_site / "entries" / "2024" / SAMPLE.name
    target.write_text(text + "\n<!-- a note for editors -->\n", encoding="utf-8")
    markdown = markdown_renderer(site_settings()["MARKDOWN"])
    assert body_problems("Text <!-- x --> more.\n", 4, markdown)[0][0] == 4
    assert body_problems("Text *and* <em>more</em>.\n", 4, markdown) == []
    # A build passes the narrative as it rendered it already: the same answer.
    for body in ("Text <!-- x --> more.\n", "Text *and* <em>more</em>.\n"):
        rendered = markdown.reset().convert(body)
        assert body_problems(body, 4, markdown, rendered) == body_problems(body, 4, markdown)
    settings = pelican_settings(fixture_site, tmp_path / "output")
    problems = [str(p) for p in check_site(settings, root=str(tmp_path))
                if p.severity == "error"]
    assert len(problems) == 1 and "would be removed from the page" in problems[0]


def test_a_narrative_heading_cannot_take_over_the_citation_button(fixture_site, tmp_path,
                                                                  monkeypatch):
    """Even when the check is bypassed (as in a build whose check misses it), the
    sanitizer drops the theme's id: the page keeps one citation with that id, its own."""
    import pelican.plugins.parliament_timeline.site.generator as generator

    anchor = f"cite-event-{SAMPLE.stem}"  # the id the page's copy button targets
    text = SAMPLE.read_text(encoding="utf-8")
    target = fixture_site / "entries" / "2024" / SAMPLE.name
    target.write_text(text + f"\n## Cite this instead {{#{anchor}}}\n\nText.\n",
                      encoding="utf-8")
    monkeypatch.setattr(generator, "body_problems", lambda *args, **kwargs: [])
    output = build(fixture_site, tmp_path / "output")
    page = BeautifulSoup((output / "events" / SAMPLE.stem / "index.html").read_text("utf-8"),
                         "html.parser")
    [citation] = page.select(f"#{anchor}")
    assert "citation" in citation.get("class", []) and citation.name == "p"
    assert page.find("h2", string="Cite this instead") is not None


def test_aligned_table_columns_become_classes_the_csp_lets_the_stylesheet_apply():
    """Markdown writes style="text-align: ..." on aligned cells; the pages' CSP
    (style-src 'self') would block it, so the page gets a class instead."""
    markdown = markdown_renderer(site_settings()["MARKDOWN"])
    body = "| a | b |\n|:-:|--:|\n| 1 | 2 |\n"
    html = markdown.reset().convert(body)
    assert 'style="text-align: center;"' in html
    clean = sanitize_body(html)
    assert "style=" not in clean
    assert clean.count('class="align-center"') == 2 and clean.count('class="align-right"') == 2
    # Nothing else changes, so the check has nothing to report.
    assert body_problems(body, 1, markdown) == []
    table = "<table><tbody><tr>{}</tr></tbody></table>"
    assert sanitize_body(table.format('<td class="align-evil" style="color: red">x</td>')) == (
        table.format("<td>x</td>"))
    css = (THEME_TEMPLATES / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert "td.align-center { text-align: center; }" in css


@pytest.mark.parametrize("body", [
    "[Hansard](https://evil.example\\@hansard.parliament.uk/x)\n",
    '<a href="https://hansard.parliament.uk@evil.example/">Hansard</a>\n',
    "[Hansard][h]\n\n[h]: https://hansard.parliament.uk:99999/\n",
    "Text {: href=\"https://x.example/\u202egpj.exe\" }\n",
])
def test_narrative_web_links_follow_the_url_rule(body):
    """A link that reads as official must lead where a browser would go."""
    problems = body_problems(body, 1)
    assert problems and all(message.startswith("link '") for _, message in problems), problems


def test_plain_narrative_links_pass_the_url_rule():
    body = ("[Hansard](https://hansard.parliament.uk/Lords/2025-01-28/debates/x?a=1&b=2#c)\n"
            '<a href="https://www.gov.uk/a?x=1&amp;y=2">GOV.UK</a>\n')
    assert body_problems(body, 1) == []


def test_the_sanitizer_drops_a_web_link_the_url_rule_refuses():
    assert sanitize_body('<p><a href="https://evil.example\\@www.parliament.uk/">x</a></p>') == (
        "<p><a>x</a></p>")
    kept = '<p><a href="https://www.parliament.uk/a?b=1&amp;c=2">x</a></p>'
    assert sanitize_body(kept) == kept


def test_a_page_from_a_content_cache_made_without_the_sanitizer_is_refused(
        fixture_site, tmp_path, monkeypatch):
    # A cache of Pelican's readers written before the site used the plugin's
    # reader holds the hostile page's HTML as written: never published.
    hostile_site(fixture_site, page=True)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache")}

    def register_without_the_reader():
        plugin.register()
        signals.readers_init.disconnect(plugin.sanitize_pages_here)
        signals.content_object_init.disconnect(plugin.refuse_unsanitized_here)

    with monkeypatch.context() as patched:
        patched.setattr("pelican.plugins.parliament_timeline.register",
                        register_without_the_reader)
        try:
            build(fixture_site, tmp_path / "before", **cached)
        finally:
            plugin.register()
    assert active_content_in_site(tmp_path / "before") != {}
    # Whichever page Pelican reads first is the one named.
    with pytest.raises(SystemExit, match=r"pages/[\w-]+\.md: read from a content cache made "
                                         "without the timeline's sanitizer"):
        build(fixture_site, tmp_path / "output", **cached)
    # Built again without the old cache, the page is read and sanitized.
    output = build(fixture_site, tmp_path / "output", **{**cached, "LOAD_CONTENT_CACHE": False})
    assert active_content_in_site(output) == {}
