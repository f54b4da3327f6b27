"""Which link schemes a page may carry, read as a browser reads a URL."""

from __future__ import annotations

import pytest

from pelican.plugins.parliament_timeline.feeds.items import safe_url
from pelican.plugins.parliament_timeline.linkschemes import browser_url, is_body_link, link_scheme


@pytest.mark.parametrize("url, scheme", [
    ("https://www.gov.uk/x", "https"),
    ("MAILTO:editors@example.org", "mailto"),
    (" JaVaScRiPt:alert(1)", "javascript"),
    ("java\tscript:alert(1)", "javascript"),
    ("java&#x09;script:alert(1)", "javascript"),
    ("&#106;avascript:alert(1)", "javascript"),
    ("\x01data:text/html,x", "data"),
    ("vbscript:msgbox(1)", "vbscript"),
    ("/bills/", None),
    ("#sources", None),
    ("{entry}2024-04-16-announcement#x", None),
    ("../events/x/", None),
])
def test_link_scheme_is_the_one_a_browser_follows(url, scheme):
    assert link_scheme(url) == scheme
    assert is_body_link(url) == (scheme in (None, "http", "https", "mailto"))


def test_feed_links_use_the_same_reading_but_only_web_schemes():
    assert browser_url(" java&#x09;script:x") == "javascript:x"
    assert safe_url("java&#x09;script:alert(1)") is None
    assert safe_url("mailto:a@example.org") is None
    assert safe_url(" https://www.gov.uk/\tx") == "https://www.gov.uk/x"
