"""Helpers that read a built site: parse pages and resolve internal links."""

from __future__ import annotations

import datetime as dt
import re
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


def broken_links(output: Path) -> list[str]:
    """Every internal link in the built site that does not resolve.

    Covers href, src, srcset and url() in inline styles of every HTML page,
    url() and @import in every stylesheet, and #fragments into HTML pages.
    """
    broken = []
    cache: dict[Path, set[str]] = {}
    sources = [(p, page_links(parse(p))) for p in sorted(output.rglob("*.html"))]
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
                if target not in cache:
                    cache[target] = {t["id"] for t in parse(target).find_all(id=True)}
                if fragment not in cache[target]:
                    broken.append(f"{page.relative_to(output)}: {link} (no such id)")
    return broken


def time_value(tag) -> dt.datetime:
    """The moment a <time datetime> stands for (a date alone: its midnight UTC)."""
    text = tag["datetime"]
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value
