"""The one URL rule: URLs read as a browser reads them (WHATWG), hostile forms refused."""

from __future__ import annotations

import pytest

from pelican.plugins.parliament_timeline.model import is_primary_source
from pelican.plugins.parliament_timeline.urls import (
    is_on_domains,
    parse_web_url,
    url_host,
    url_problem,
    web_url,
)

OFFICIAL = ("parliament.uk", "gov.uk", "widgets.example")


@pytest.mark.parametrize("url, host", [
    ("https://www.parliament.uk/x", "www.parliament.uk"),
    ("HTTPS://WWW.Parliament.UK./x", "www.parliament.uk"),
    ("https://bills.parliament.uk:443/bills/1", "bills.parliament.uk"),
    ("http://m\u00fcnchen.example/", "xn--mnchen-3ya.example"),
    ("https://www.gov.uk/a%5Cb", "www.gov.uk"),
])
def test_a_usable_url_gives_the_host_a_browser_visits(url, host):
    assert url_problem(url) is None
    assert url_host(url) == host


@pytest.mark.parametrize("url, why", [
    # A browser reads the backslash as "/", and so goes to evil.example.
    ("https://evil.example\\@www.parliament.uk/x", "backslash"),
    ("https://www.parliament.uk\\.evil.example/", "backslash"),
    ("https://evil.example%5C@www.parliament.uk/x", "user or password"),
    ("https://user:pw@www.parliament.uk/x", "user or password"),
    ("https://@www.parliament.uk/x", "user or password"),
    ("https://www.parliament.uk:99999/x", "is not a valid URL"),
    ("https://www.parliament.uk:port/x", "is not a valid URL"),
    ("https://www.parliament.uk/\x1b[31mx", "control character U+001B"),
    ("https://www.parliament.uk/x\n::error::pwned", "control character U+000A"),
    ("https://www.parliament.uk/a b", "blank"),
    ("https://www.parliament.uk/\u202egnp.x", "U+202E"),
    ("https://www.parlia\u200bment.uk/x", "U+200B"),
    ("https://\u2066evil.example\u2069/x", "U+2066"),
    ("https:www.parliament.uk/x", "has no host"),
    ("https:/www.parliament.uk/x", "has no host"),
    ("https:///www.parliament.uk/x", "has no host"),
    ("javascript:alert(1)//https://www.parliament.uk/", "is not an http(s) URL"),
    ("ftp://www.parliament.uk/", "is not an http(s) URL"),
    ("//www.parliament.uk/x", "is not an http(s) URL"),
    ("https://[::1/", "is not a valid URL"),
])
def test_hostile_urls_are_refused_with_the_reason(url, why):
    problem = url_problem(url)
    assert problem is not None and why in problem
    assert web_url(url) is None and url_host(url) == ""


@pytest.mark.parametrize("url, official", [
    ("https://www.parliament.uk/x", True),
    ("https://hansard.parliament.uk./x", True),
    ("https://rules.widgets.example/x", True),
    ("https://evil.example\\@www.parliament.uk/x", False),
    ("https://www.parliament.uk@evil.example/x", False),
    ("https://www.parliament.uk.evil.example/x", False),
    ("https://notparliament.uk/x", False),
    ("https://evil.example/www.parliament.uk", False),
    ("https://evil.example?.parliament.uk", False),
    ("https://evil.example#.parliament.uk", False),
])
def test_official_is_decided_on_the_host_a_browser_visits(url, official):
    assert is_on_domains(url, OFFICIAL) is official
    assert is_primary_source(url, OFFICIAL) is official


def test_relative_links_are_resolved_as_a_browser_resolves_them():
    parsed = parse_web_url("../b?x#y", "https://www.gov.uk/a/feed.atom")
    assert (parsed.href, parsed.host, parsed.path, parsed.query, parsed.fragment) == (
        "https://www.gov.uk/b?x#y", "www.gov.uk", "/b", "?x", "#y")
    # Resolved against the feed, "//host" is another host: still checked.
    assert parse_web_url("//bills.parliament.uk/x", "https://www.gov.uk/").host == (
        "bills.parliament.uk")
    assert web_url("\\\\evil.example/x", "https://www.gov.uk/") is None
