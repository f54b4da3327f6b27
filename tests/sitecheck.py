"""Helpers that read a built site: parse pages and resolve internal links."""

from __future__ import annotations

import datetime as dt
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


def broken_links(output: Path) -> list[str]:
    """Every internal href/src in the built site that does not resolve."""
    broken = []
    cache: dict[Path, set[str]] = {}
    for page in sorted(output.rglob("*.html")):
        doc = parse(page)
        for tag in doc.find_all(href=True) + doc.find_all(src=True):
            link = tag.get("href") or tag.get("src")
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
