"""Weight of the built home page: its HTML, CSS and JS, compressed, and our own JS."""

from __future__ import annotations

import gzip

from conftest import THEME
from sitecheck import parse, resolve

HOME_BUDGET = 60 * 1024  # gzip bytes: home page with its CSS and JS, search index excluded
OWN_JS_BUDGET = 15 * 1024  # bytes, uncompressed: every script we write


def gzipped(data: bytes) -> int:
    # mtime=0 so the figure does not depend on the clock.
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def home_assets(site):
    """The home page and every stylesheet and script it loads (and they import)."""
    home = site / "index.html"
    doc = parse(home)
    links = [t["href"] for t in doc.select("link[rel=stylesheet]")]
    links += [t["src"] for t in doc.select("script[src]")]
    assets = [home]
    for link in links:
        found = resolve(site, home, link)
        assert found is not None, f"the home page loads {link} from another host"
        assets.append(found[0])
    return assets


def test_home_page_with_its_css_and_js_is_within_budget(real_site):
    assets = home_assets(real_site)
    assert any(a.suffix == ".css" for a in assets) and any(a.suffix == ".js" for a in assets)
    total = sum(gzipped(a.read_bytes()) for a in assets)
    print(f"home page + CSS + JS: {total} bytes gzip ({len(assets)} files)")
    assert total <= HOME_BUDGET


def test_our_own_javascript_is_within_budget():
    scripts = sorted((THEME / "static/js").glob("*.js"))
    total = sum(p.stat().st_size for p in scripts)
    print(f"own JS: {total} bytes in {len(scripts)} files")
    assert scripts and total <= OWN_JS_BUDGET


def test_pages_load_nothing_from_other_hosts(real_site):
    for page in real_site.rglob("*.html"):
        doc = parse(page)
        for tag in doc.select("script[src], link[href], img[src], iframe[src], source[src]"):
            if tag.name == "link" and "stylesheet" not in tag.get("rel", []) and (
                    "icon" not in tag.get("rel", [])):
                continue  # e.g. rel=alternate links to feeds are not loaded
            url = tag.get("src") or tag.get("href")
            assert resolve(real_site, page, url) is not None, f"{page}: loads {url}"
