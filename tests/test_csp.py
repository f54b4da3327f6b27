"""Every built page carries the site's Content-Security-Policy, and nothing
in it needs the policy loosened (no inline script, style or event handler).

GitHub Pages sends no headers, so the policy is a <meta http-equiv> in each
page. test_browser.py checks in Chromium that the pages at work break none
of it; these checks read the built HTML of the real site.
"""

from __future__ import annotations

from sitecheck import parse

META = {"http-equiv": "Content-Security-Policy"}


def directives(policy: str) -> dict[str, list[str]]:
    parts = [d.split() for d in policy.split(";") if d.strip()]
    return {name: sources for name, *sources in parts}


def pages(site):
    return sorted(site.rglob("*.html"))


def test_every_page_has_the_same_policy_before_anything_it_governs(real_site):
    policies = set()
    for path in pages(real_site):
        head = parse(path).head
        metas = head.find_all("meta", attrs=META)
        assert len(metas) == 1, path
        # A meta policy covers only what comes after it: it comes first,
        # straight after the character set.
        first, second = head.find_all(True)[:2]
        assert first.name == "meta" and first.get("charset") == "utf-8", path
        assert second is metas[0], path
        policies.add(metas[0]["content"])
    assert len(policies) == 1


def test_the_policy_allows_only_the_site_itself(real_site):
    policy = parse(real_site / "index.html").find("meta", attrs=META)["content"]
    d = directives(policy)
    assert d["default-src"] == ["'none'"]
    assert d["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    for kind in ("style-src", "img-src", "font-src", "connect-src", "worker-src"):
        assert d[kind] == ["'self'"], kind
    assert d["object-src"] == ["'none'"]
    assert d["base-uri"] == ["'self'"]
    assert d["form-action"] == ["'self'"]
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
    # Ignored in a meta policy: it would only give a false sense of safety.
    assert "frame-ancestors" not in d


def test_no_page_has_inline_script_style_or_event_handlers(real_site):
    for path in pages(real_site):
        doc = parse(path)
        for script in doc.find_all("script"):
            assert script.get("src"), f"{path}: inline <script>"
        assert doc.find("style") is None, f"{path}: <style>"
        for tag in doc.find_all(True):
            assert "style" not in tag.attrs, f"{path}: style= on <{tag.name}>"
            handlers = [a for a in tag.attrs if a.startswith("on")]
            assert not handlers, f"{path}: {handlers} on <{tag.name}>"
            for attr in ("href", "src", "action"):
                assert not str(tag.get(attr, "")).strip().lower().startswith("javascript:"), path
