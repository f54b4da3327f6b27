"""Helpers that read a built site: parse pages and resolve internal links."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def parse(path: Path) -> BeautifulSoup:
    """Parse a built HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(output: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None if external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "//")):
        return None
    if not parts.path:
        target = page
    elif parts.path.startswith("/"):
        target = output / unquote(parts.path).lstrip("/")
    else:
        target = (page.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


# url(...) in CSS, quoted or not, and @import "x".
CSS_URL_RE = re.compile(
    r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]+?)(?P=q)\s*\)"""
    r"""|@import\s+(?P<q2>["'])(?P<imp>[^"']+)(?P=q2)"""
)


def css_urls(text: str) -> list[str]:
    """Every URL a stylesheet (or a style attribute) refers to."""
    return [m.group("url") or m.group("imp") for m in CSS_URL_RE.finditer(text)
            if not (m.group("url") or "").startswith("data:")]


def page_links(doc: BeautifulSoup) -> list[str]:
    """Every link of a page: href, src, srcset candidates, url() in styles."""
    links = [t["href"] for t in doc.find_all(href=True)]
    links += [t["src"] for t in doc.find_all(src=True)]
    for tag in doc.find_all(srcset=True):
        links += [c.strip().split()[0] for c in tag["srcset"].split(",") if c.strip()]
    for tag in doc.find_all(style=True):
        links += css_urls(tag["style"])
    for tag in doc.find_all("style"):
        links += css_urls(tag.get_text())
    return [link for link in links if not link.startswith("data:")]


class _LinksAndIds(HTMLParser):
    """One pass over a page: its links as :func:`page_links` finds them (in the
    same order) and its ids. The checker reads every page of a site, and a
    BeautifulSoup tree of each (twice for a page linked with a fragment) cost
    more than the build that made them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.href, self.src, self.srcset, self.style = [], [], [], []
        self.style_text: list[str] = []
        self.ids: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)  # a repeated attribute: the last one, as BeautifulSoup keeps
        for name, found in (("href", self.href), ("src", self.src)):
            if values.get(name) is not None:
                found.append(values[name])
        if values.get("srcset") is not None:
            self.srcset += [c.strip().split()[0] for c in values["srcset"].split(",")
                            if c.strip()]
        if values.get("style") is not None:
            self.style += css_urls(values["style"])
        if values.get("id") is not None:
            self.ids.add(values["id"])
        self._in_style = tag == "style"
        if self._in_style:
            self.style_text.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style_text[-1] += data

    def links(self) -> list[str]:
        links = self.href + self.src + self.srcset + self.style
        for text in self.style_text:
            links += css_urls(text)
        return [link for link in links if not link.startswith("data:")]


def _scan(path: Path) -> _LinksAndIds:
    scanner = _LinksAndIds()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner


def broken_links(output: Path) -> list[str]:
    """Every internal link in the built site that does not resolve.

    Covers href, src, srcset and url() in inline styles of every HTML page,
    url() and @import in every stylesheet, and #fragments into HTML pages.
    """
    broken = []
    ids: dict[Path, set[str]] = {}
    sources = []
    for p in sorted(output.rglob("*.html")):
        scanned = _scan(p)
        ids[p.resolve()] = scanned.ids
        sources.append((p, scanned.links()))
    sources += [(p, css_urls(p.read_text(encoding="utf-8")))
                for p in sorted(output.rglob("*.css"))]
    for page, links in sources:
        for link in links:
            found = resolve(output, page, link)
            if found is None:
                continue
            target, fragment = found
            if not target.is_file():
                broken.append(f"{page.relative_to(output)}: {link}")
                continue
            if fragment and target.suffix == ".html":
                key = target.resolve()
                if key not in ids:
                    ids[key] = _scan(target).ids
                if fragment not in ids[key]:
                    broken.append(f"{page.relative_to(output)}: {link} (no such id)")
    return broken


def time_value(tag) -> dt.datetime:
    """The moment a <time datetime> stands for (a date alone: its midnight UTC)."""
    text = tag["datetime"]
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value
