"""The internal link checker finds every kind of broken link, and only those."""

from __future__ import annotations

from sitecheck import broken_links, css_urls


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_css_urls_finds_quoted_unquoted_and_imports_but_not_data():
    css = ('a{background:url(img/a.png)} b{background:url( "../b.svg" )}'
           " @import 'c.css'; i{background:url(data:image/png;base64,xx)}")
    assert css_urls(css) == ["img/a.png", "../b.svg", "c.css"]


def test_broken_links_reports_every_kind_of_broken_internal_link(tmp_path):
    write(tmp_path / "index.html", """<html><head>
<link rel="stylesheet" href="css/site.css"><script src="js/missing.js"></script>
</head><body id="top">
<a href="events/a/">ok</a> <a href="events/a/#here">ok</a> <a href="events/a/#nope">x</a>
<a href="#top">ok</a> <a href="/missing/">x</a> <a href="https://www.gov.uk/">ext</a>
<a href="mailto:a@b.c">mail</a>
<img src="img/a.png" srcset="img/a.png 1x, img/b.png 2x">
<div style="background:url('img/c.png')"></div>
<style>p{background:url(img/a.png)}</style>
</body></html>""")
    write(tmp_path / "events/a/index.html", '<p id="here">a</p><a href="../../">home</a>')
    write(tmp_path / "css/site.css", "@import 'other.css'; a{background:url(../img/a.png)}")
    write(tmp_path / "img/a.png", "png")
    assert sorted(broken_links(tmp_path)) == sorted([
        "index.html: js/missing.js",
        "index.html: events/a/#nope (no such id)",
        "index.html: /missing/",
        "index.html: img/b.png",
        "index.html: img/c.png",
        "css/site.css: other.css",
    ])
