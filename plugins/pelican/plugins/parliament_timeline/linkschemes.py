"""Which link targets may appear on a page: the one place that decides.

Entry bodies (:mod:`.records.bodyhtml`) and feed items (:mod:`.feeds.items`)
both put links written by someone else on the site's pages. A link is only
dangerous through its scheme (``javascript:``, ``vbscript:``, ``data:``...),
and browsers are lenient about how a scheme is spelt: they decode character
references, drop tabs and newlines anywhere in a URL and ignore case, so
``" JaVa&#x09;script:"`` is ``javascript:``. :func:`browser_url` undoes those
tricks first, so that every check here sees the URL the browser would follow.
"""

from __future__ import annotations

import html
import re

__all__ = ["BODY_SCHEMES", "WEB_SCHEMES", "browser_url", "is_body_link", "is_site_path",
           "link_scheme"]

# Schemes of the pages a link may lead to: a feed item's link and an entry's
# sources must be one of these.
WEB_SCHEMES = ("http", "https")
# What an entry's narrative may link to with a scheme; a link without one
# (site-relative, "#fragment", "{entry}..." references) is always allowed.
BODY_SCHEMES = (*WEB_SCHEMES, "mailto")

# Browsers drop these anywhere in a URL, so "java\tscript:" is javascript:.
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f]")
# What a browser reads as the start of another host ("//host", "\\host"...),
# or a link within the page ("#x", "?q").
_NOT_A_PATH_RE = re.compile(r"^(?:[/\\]{2}|[#?])")
# RFC 3986 scheme, followed by its colon.
_SCHEME_RE = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")


def browser_url(value: str) -> str:
    """``value`` as a browser reads a link: references decoded, blanks and controls dropped."""
    return _URL_JUNK_RE.sub("", html.unescape(value) if "&" in value else value)


def link_scheme(value: str) -> str | None:
    """The lower-case scheme of a link as a browser reads it, or None if it has none."""
    match = _SCHEME_RE.match(browser_url(value))
    return match.group("scheme").lower() if match else None


def is_body_link(value: str) -> bool:
    """Whether an entry's narrative may link to ``value``.

    Allowed: http(s) and mailto URLs, and links with no scheme at all
    (``/path``, ``../x/``, ``#fragment``, ``{entry}id`` references).
    """
    scheme = link_scheme(value)
    return scheme is None or scheme in BODY_SCHEMES


def is_site_path(value: str) -> bool:
    """Whether ``value`` is a path on this site (``/events/x/``, ``../x/``).

    Not: a link with a scheme, one to another host (``//host/``, and
    ``\\\\host`` which browsers read the same way), or one within the page
    (``#x``, ``?q``).
    """
    url = browser_url(value)
    return bool(url) and link_scheme(url) is None and not _NOT_A_PATH_RE.match(url)
