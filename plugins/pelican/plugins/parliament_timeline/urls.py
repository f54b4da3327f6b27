"""One rule for web URLs: read as a browser reads them, or refused.

Every URL that leads a reader off the site (a record's sources and URL
fields, a quote's source, a feed item's link, a feed's own address, the
exports' public URL) and every decision made on a URL (is this source
official? which links are the same page?) goes through this module, so
that what is checked is what a browser will visit.

``urllib.parse`` follows RFC 3986, browsers the WHATWG URL Standard, and
the two disagree on hostile input: ``https://evil.example\\@www.parliament.uk/``
has the host ``www.parliament.uk`` for ``urlsplit`` but ``evil.example``
for a browser, which reads the backslash as a slash. URLs are therefore
parsed with ada (``ada-url``), an implementation of the WHATWG standard,
and on top of it this module refuses what has no business in a cited
source even where a browser would accept it: backslashes, a user name or
password (``user@host``), control characters and blanks, bidirectional
overrides and zero-width characters (which make a URL read differently
from what it is), and a port outside 0-65535.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ada_url import URL, join_url

from .characters import CONTROLS, INVISIBLE
from .linkschemes import WEB_SCHEMES

__all__ = ["URLProblem", "WebURL", "is_on_domains", "parse_web_url", "url_host", "url_problem",
           "web_url"]

# Characters a cited URL never holds, with what to call them in a message.
_CONTROL_RE = re.compile(rf"[\t{CONTROLS}]")
_BLANK_RE = re.compile(r"\s")
# Bidirectional marks, embeddings, overrides and isolates; zero-width
# spaces and joiners, the word joiner and invisible operators, the BOM.
_INVISIBLE_RE = re.compile(rf"[{INVISIBLE}]")
_SCHEME_RE = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class WebURL:
    """An http(s) URL as a browser reads it.

    ``href`` is the URL as the WHATWG standard serializes it (host in
    lower case and punycode, default port dropped); ``host`` the host a
    browser connects to, in lower case without a final dot.
    """

    href: str
    scheme: str
    host: str
    port: str
    path: str
    query: str
    fragment: str


class URLProblem(ValueError):
    """Why a text is not a usable web URL (its message says so)."""


def _character_problem(value: str) -> str | None:
    if "\\" in value:
        return "holds a backslash (browsers read it as '/'): write '/' or '%5C'"
    if (m := _CONTROL_RE.search(value)) is not None:
        return f"holds the control character U+{ord(m.group(0)):04X}"
    if _BLANK_RE.search(value):
        return "holds a space or other blank: write it as %20"
    if (m := _INVISIBLE_RE.search(value)) is not None:
        char = m.group(0)
        name = unicodedata.name(char, "invisible character")
        return f"holds an invisible character U+{ord(char):04X} ({name})"
    return None


def _authority(value: str) -> str:
    """What stands between ``scheme://`` and the path: [user@]host[:port]."""
    rest = value[value.index(":") + 1:].lstrip("/")
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


def parse_web_url(value: str, base: str | None = None) -> WebURL:
    """``value`` read as a browser would, or :class:`URLProblem` saying why not.

    With ``base``, a relative ``value`` is resolved against it (as in a
    feed whose links are relative to the feed).
    """
    if not isinstance(value, str) or not value:
        raise URLProblem("is empty")
    if (why := _character_problem(value)) is not None:
        raise URLProblem(why)
    if base is not None and not _SCHEME_RE.match(value):
        try:
            value = join_url(base, value)
        except ValueError:
            raise URLProblem("is not a valid URL") from None
    scheme = _SCHEME_RE.match(value)
    if scheme is None or scheme.group("scheme").lower() not in WEB_SCHEMES:
        raise URLProblem("is not an http(s) URL")
    # Browsers read "https:host", "https:/host" and "https:///host" as
    # "https://host/": a cited URL is written the one plain way.
    if not re.match(r"^[A-Za-z]+://[^/]", value):
        raise URLProblem(f"has no host after '{scheme.group('scheme')}://'")
    if "@" in _authority(value):
        raise URLProblem("names a user or password before '@': give the site's own address")
    try:
        parsed = URL(value)
    except ValueError:
        raise URLProblem("is not a valid URL (its host or port cannot be read)") from None
    host = parsed.hostname.lower().rstrip(".")
    if not host:
        raise URLProblem("has no host")
    return WebURL(
        href=parsed.href, scheme=parsed.protocol.rstrip(":"), host=host, port=parsed.port,
        path=parsed.pathname, query=parsed.search, fragment=parsed.hash,
    )


def url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a cited http(s) URL (a message), or None."""
    try:
        parse_web_url(value)
    except URLProblem as exc:
        return f"'{value}' {exc}"
    return None


def web_url(value: object, base: str | None = None) -> WebURL | None:
    """``value`` as a :class:`WebURL`, or None when it is not a usable http(s) URL."""
    if not isinstance(value, str):
        return None
    try:
        return parse_web_url(value, base)
    except URLProblem:
        return None


def url_host(value: str) -> str:
    """The host a browser would visit for ``value`` ('' when it is not a usable URL)."""
    parsed = web_url(value)
    return parsed.host if parsed is not None else ""


def is_on_domains(url: str, domains: Iterable[str]) -> bool:
    """Whether ``url`` leads to one of ``domains`` or a sub-domain of one.

    Decided on the host a browser would visit; a URL this module refuses is
    on no domain.
    """
    host = url_host(url)
    if not host:
        return False
    for domain in domains:
        domain = domain.lower().rstrip(".")
        if host == domain or host.endswith("." + domain):
            return True
    return False
