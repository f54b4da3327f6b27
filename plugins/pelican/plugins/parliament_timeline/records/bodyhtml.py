"""The HTML an entry's narrative may hold: the allowlist, its check and its sanitizer.

An entry's body is Markdown, and Markdown lets an editor write raw HTML and
link to any URL. Only what :data:`ALLOWED` lists may reach a page: the tags
and attributes that Markdown (with Pelican's default extensions: ``extra``
and ``codehilite``) produces, plus a few an editor may want to write by
hand. Links may be http(s), mailto, site-relative, ``#fragment`` or
``{entry}``/``{bill}``/``{stage}`` references (:mod:`..linkschemes`).

Three things decide what a narrative may hold, and must never disagree:
this allowlist, the sanitizer below, and the pages' Content-Security-Policy
(``img-src 'self'``: an image from another site would not show). So the
check also refuses images from other sites, ids that the theme's own pages
use (:data:`THEME_IDS`: a heading ``{#citation}`` would take over the page's
"Copy the citation" button), and, when it is given the rendered HTML, any
markup the sanitizer would change.

Two things use the allowlist:

- :func:`body_problems` reads the Markdown source and reports, at its line,
  every tag, attribute and link outside it (``invoke check`` and the build
  run it for every entry, through :func:`.validate.build_entry`);
- :func:`sanitize_body` removes the same things from rendered HTML with
  ``nh3`` (the Rust sanitizer ammonia), so that even an entry that was not
  checked, or that the check misreads, never puts a script, an
  event-handler attribute or a ``javascript:`` link on a page.

The check works on the source, not on rendered HTML, so that it can give
the line of the offending text; it skips code (fenced and indented blocks,
``code spans``), where Markdown shows markup as text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3
from markdown import Markdown

from ..linkschemes import BODY_SCHEMES, WEB_SCHEMES, browser_url, is_body_link, link_scheme
from ..manual import see
from ..urls import url_problem
from .references import bare_references, find_links

__all__ = ["ALLOWED", "REMOVED_WITH_CONTENT", "THEME_IDS", "THEME_ID_PREFIXES", "body_problems",
           "is_theme_id", "markdown_renderer", "sanitize_body"]

# Every tag allowed in a narrative, with the attributes allowed on it.
ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset(attributes)
    for tag, attributes in {
        # Text. Markdown writes p, em, strong, code, pre, blockquote, br, hr;
        # `extra` writes abbr (abbreviations).
        "p": (), "br": (), "hr": (), "em": (), "strong": (), "code": ("class",),
        "pre": (), "blockquote": (), "q": (), "cite": (), "abbr": ("title",),
        "sup": ("id",), "sub": (), "ins": (), "del": (),
        # Headings: an `extra` attribute list ({#id}) may give them an id.
        # h1 is kept because Markdown makes one of a line starting "#word".
        "h1": ("id",), "h2": ("id",), "h3": ("id",), "h4": ("id",), "h5": ("id",),
        "h6": ("id",),
        # Lists and definition lists (`extra`); footnotes give li an id.
        "ul": (), "ol": ("start",), "li": ("id",), "dl": (), "dt": (), "dd": (),
        # Links and images; footnote links have a class.
        "a": ("href", "title", "class"), "img": ("src", "alt", "title"),
        # Tables (`extra`); column alignment: see ALIGNMENT.
        "table": (), "caption": (), "thead": (), "tbody": (), "tfoot": (), "tr": (),
        "th": ("colspan", "rowspan", "scope"), "td": ("colspan", "rowspan"),
        # Code highlighting (codehilite) and footnotes (`extra`) wrap in div
        # and span with classes.
        "div": ("class",), "span": ("class",),
    }.items()
}
# The one style attribute allowed: the column alignment Markdown's tables
# write on th and td (":--:" in the separator row), with these values only.
# The pages' Content-Security-Policy (style-src 'self') blocks every inline
# style, so the sanitizer writes it as a class of the theme's stylesheet.
ALIGNMENT = frozenset(f"text-align: {side};" for side in ("left", "center", "right"))
ALIGNED = ("th", "td")
ALIGNMENT_CLASSES = frozenset(f"align-{side}" for side in ("left", "center", "right"))
_ALIGNMENT_RE = re.compile(
    r"""<(?P<tag>t[hd])\b(?P<before>[^>]*?)\sstyle=(?P<q>["'])text-align: ?"""
    r"""(?P<side>left|center|right);?(?P=q)""", re.IGNORECASE)
# Attributes whose value is a link, checked against the allowed schemes.
LINK_ATTRIBUTES = frozenset({"href", "src"})
# Tags removed with everything inside them (not just the tags): their
# content is code, or markup that is not text.
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "noscript", "template",
})

# The ids the theme's pages give their own elements (the templates, and the
# scripts that find elements by id), and the beginnings of those they make
# from a key ("event-<slug>", "amendment-<key>"...). A narrative's id must
# not be one of them: the page's links, buttons and scripts would reach the
# narrative's element instead. tests/test_bodyhtml.py checks this list
# against the templates.
THEME_IDS = frozenset({
    "amendments", "atom", "citation", "cite-heading", "corrections", "csv", "debate-heading",
    "decision-count", "decision-filter", "decision-filter-heading", "decisions-heading",
    "divisions", "divisions-heading", "events-heading", "filter-count", "filter-decision",
    "filters", "filters-heading", "ical", "journey-heading",
    "json", "json-feed", "main", "no-results", "other-quotes", "outcome", "people",
    "questions", "records", "search-q", "search-results", "search-status", "sides", "sources",
    "status-heading", "story", "story-heading", "timelinejs", "versions-heading",
    "against-party", "documents", "key-moments-heading", "members", "overview-heading",
    "parliament-data", "party-split", "votes", "citations", "sqlite",
})
THEME_ID_PREFIXES = (
    "amendment-", "chamber-", "cite-", "decision-", "division-", "due-", "event-", "feed-",
    # The event filters' fields: "filter-<key>" for each key site/filters.py declares.
    "filter-", "month-",
    "records-", "side-", "stage-", "version-", "voters-", "year-",
)

_ANY_TAG_ATTRIBUTES = frozenset().union(*ALLOWED.values())
_LINK_RULE = ("only http(s), mailto, site-relative and #fragment links and "
              "{entry}/{bill}/{stage} references are allowed")
_DOCS = see("entry-format", "HTML in the narrative")

# Python-Markdown's fenced code: a fence at the start of a line, closed by
# the same fence on a line of its own.
_FENCE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
_LIST_ITEM_RE = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+[.)])[ \t]+")
# A code span: a run of backticks, then text (not across a blank line), then
# the same run. An escaped backtick starts none (Python-Markdown does not
# escape "<": "\<b>" is a backslash and a tag).
_CODE_SPAN_RE = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE_RE = re.compile(r"\\.", re.DOTALL)
# An `extra` attribute list's "#id" ({#id}, {: #id .class}).
_ATTR_LIST_ID_RE = re.compile(r"\{:?[ ]*(?P<inside>#[^}\n]*|[^}\n]*[ ]#[^}\n]*)\}")
_ID_TOKEN_RE = re.compile(r"(?:^|[ ])#(?P<id>[^\s}#.]+)")
# Markdown images: inline "![alt](target", and "![alt][id]" with "[id]: target".
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)")
_IMAGE_REF_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<id>[^\]]*)\]")
_DEFINITION_RE = re.compile(r"^[ ]{0,3}\[(?P<id>[^\]]+)\]:\s*<?(?P<target>[^\s>]+)", re.M)
# An `extra` attribute list with attributes: {: name="value" ...}.
_ATTR_LIST_RE = re.compile(r"\{:?[ ]*(?P<inside>[^}\n]*=[^}\n]*)\}")
_ATTR_LIST_ITEM_RE = re.compile(
    r"""(?P<name>[^\s=}"']+)=(?P<value>"[^"]*"|'[^']*'|[^\s}]*)"""
)


def markdown_renderer(markdown_settings: dict) -> Markdown:
    """A Markdown converter for entry bodies, from Pelican's MARKDOWN setting.

    The metadata block is already cut off, so the ``meta`` extension is left
    out: it would otherwise eat a first body line that looks like ``Key: v``.
    """
    configs = dict(markdown_settings.get("extension_configs", {}))
    extensions = list(markdown_settings.get("extensions", []))
    extensions += [name for name in configs if name not in extensions]
    meta = "markdown.extensions.meta"
    return Markdown(
        extensions=[e for e in extensions if e not in (meta, "meta")],
        extension_configs={k: v for k, v in configs.items() if k != meta},
        output_format=markdown_settings.get("output_format", "html5"),
    )


def _blank(text: str) -> str:
    """``text`` with every character but newlines turned into a space (lines and columns kept)."""
    return re.sub(r"[^\n]", " ", text)


def _hide_code(body: str) -> str:
    """The body with code blocks, code spans and escaped backticks blanked out.

    Markdown shows what is in them as text, so they hold no HTML. Blocks
    follow Python-Markdown: a fence opens a block until the same fence; a
    block of lines indented by four spaces is code unless it continues a list.
    """
    lines = body.split("\n")
    fence = None
    in_list = False
    previous_blank = True
    in_indented = False
    for i, line in enumerate(lines):
        if fence is not None:
            if line.rstrip() == fence:
                fence = None
            lines[i] = _blank(line)
            continue
        if not line.strip():
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if (match := _FENCE_RE.match(line)) is not None:
            fence = match.group("fence")
            lines[i] = _blank(line)
        elif indented and (in_indented or (previous_blank and not in_list)):
            in_indented = True
            lines[i] = _blank(line)
        elif not indented:
            in_indented = False
            if _LIST_ITEM_RE.match(line):
                in_list = True
            elif previous_blank:
                in_list = False
        previous_blank = False
    text = "\n".join(lines)
    text = _ESCAPE_RE.sub(lambda m: "  " if m.group(0) == "\\`" else m.group(0), text)
    return _CODE_SPAN_RE.sub(lambda m: _blank(m.group(0)), text)


def _link_problem(target: str) -> str | None:
    """What is wrong with a link in a narrative, or None.

    A scheme outside the allowed ones is named alone (the rest of such a
    link is often long, data:, or cut short by Markdown's link syntax); an
    http(s) link must pass the project's URL rule (:mod:`..urls`), so that
    ``[Hansard](https://evil.example\\@hansard.parliament.uk/)`` cannot lead
    a reader elsewhere than it shows.
    """
    if not is_body_link(target):
        return f"a {link_scheme(target)}: link is not allowed ({_LINK_RULE})"
    if link_scheme(target) in WEB_SCHEMES and (why := url_problem(html.unescape(target))):
        return f"link {why}"
    return None


def is_theme_id(value: str) -> bool:
    """Whether ``value`` is an id the theme's pages use (:data:`THEME_IDS`)."""
    value = value.strip().lower()
    return value in THEME_IDS or value.startswith(THEME_ID_PREFIXES)


def _id_problem(value: str) -> str:
    return (f"the id '{value}' is one the page itself uses (its links, buttons or scripts "
            "would reach this element instead): choose another")


def _is_remote(target: str) -> bool:
    """Whether a link leads off the site (a scheme, or "//host", which browsers also read
    in "\\\\host")."""
    url = browser_url(target)
    return link_scheme(url) is not None or url.startswith(("//", "\\", "/\\", "\\/"))


_REMOTE_IMAGE = ("an image from another site is blocked by the pages' Content-Security-Policy "
                 "(images from the site only): save it under content/ and link it from there, "
                 "or link to it instead of showing it")


def _attribute_problem(tag: str | None, name: str, value: str | None) -> str | None:
    """What is wrong with attribute ``name`` on ``tag`` (None: any tag), or None."""
    where = f" on <{tag}>" if tag else ""
    if name == "id" and value is not None and is_theme_id(value):
        return _id_problem(value)
    if name == "src" and tag in ("img", None) and value is not None and _is_remote(value):
        return _REMOTE_IMAGE
    if name.startswith("on"):
        return f"event-handler attribute '{name}'{where} is not allowed"
    if name == "style":
        if tag in ALIGNED and value in ALIGNMENT:
            return None
        return f"style attribute{where} is not allowed"
    allowed = ALLOWED[tag] if tag else _ANY_TAG_ATTRIBUTES
    if name not in allowed:
        return f"attribute '{name}'{where} is not allowed ({_DOCS})"
    return None


def _attribute_or_link_problem(tag: str | None, name: str, value: str | None) -> str | None:
    """What is wrong with an attribute, or with the link it holds (href, src), or None."""
    if (problem := _attribute_problem(tag, name, value)) is not None:
        return problem
    if name in LINK_ATTRIBUTES and value is not None:
        return _link_problem(value)
    return None


class _RawHtml(HTMLParser):
    """Collects the tags and attributes outside :data:`ALLOWED` in Markdown text."""

    # Read what follows <script> or <style> as markup too: an unclosed one
    # would otherwise hide the rest of the body from the check.
    CDATA_CONTENT_ELEMENTS = ()

    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.first_line + self.getpos()[0] - 1
        if tag not in ALLOWED:
            self.problems.append((line, f"HTML tag <{tag}> is not allowed ({_DOCS})"))
            return
        raw = self.get_starttag_text() or ""
        for name, value in attrs:
            # The attribute's own line, when the tag runs over several.
            at = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", raw[len(tag) + 1:], re.I)
            at_line = line + (raw[: at.start() + len(tag) + 1].count("\n") if at else 0)
            if (problem := _attribute_or_link_problem(tag, name, value)) is not None:
                self.problems.append((at_line, problem))


def _image_problems(text: str, first_line: int) -> list[tuple[int, str]]:
    """Markdown images (inline and by reference) that come from another site."""
    def line_of(offset: int) -> int:
        return first_line + text.count("\n", 0, offset)

    problems = [(line_of(m.start()), _REMOTE_IMAGE) for m in _IMAGE_RE.finditer(text)
                if _is_remote(m.group("target"))]
    definitions = {m.group("id").strip().lower(): m.group("target")
                   for m in _DEFINITION_RE.finditer(text)}
    for m in _IMAGE_REF_RE.finditer(text):
        key = (m.group("id") or m.group("alt")).strip().lower()
        if key in definitions and _is_remote(definitions[key]):
            problems.append((line_of(m.start()), _REMOTE_IMAGE))
    return problems


def body_problems(body: str, first_line: int, markdown: Markdown | None = None,
                  rendered: str | None = None) -> list[tuple[int, str]]:
    """Every tag, attribute and link outside the allowlist in a Markdown body.

    ``first_line`` is the line of the file on which the body starts. Returns
    (line, message) pairs in line order, one per offending tag, attribute or
    link: raw HTML, ``extra`` attribute lists (``{: onclick=...}``) and
    Markdown links and images (``[x](javascript:...)``, ``[id]: data:...``);
    ids the theme uses; images from other sites. With ``markdown`` (the
    site's renderer, :func:`markdown_renderer`), a body that passes those
    checks is also rendered, and reported if the sanitizer would still change
    it, so that nothing is silently removed from a page. ``rendered``, when
    given, is ``body`` as ``markdown`` renders it (a build has it already).
    """
    text = _hide_code(body)
    problems = []
    # Most narratives hold no markup at all: skip the (slower) HTML parser.
    if "<" in text:
        parser = _RawHtml(first_line)
        parser.feed(text)
        parser.close()
        problems = parser.problems
    for link in find_links(text, first_line):
        if (problem := _link_problem(link.target)) is not None:
            problems.append((link.line, problem))
    for match in _ATTR_LIST_RE.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        for item in _ATTR_LIST_ITEM_RE.finditer(match.group("inside")):
            name, value = item.group("name").lower(), item.group("value").strip("\"'")
            if (problem := _attribute_or_link_problem(None, name, value)) is not None:
                problems.append((line, problem))
    for bare in bare_references(text, first_line):
        problems.append((bare.line, f"'{bare.target}' is not a link and would be printed as "
                         f"it is: write it as a link, [the words]({bare.target})"))
    for match in _ATTR_LIST_ID_RE.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        for token in _ID_TOKEN_RE.finditer(match.group("inside")):
            if is_theme_id(token.group("id")):
                problems.append((line, _id_problem(token.group("id"))))
    problems.extend(_image_problems(text, first_line))
    if not problems and markdown is not None:
        raw = rendered if rendered is not None else markdown.reset().convert(body)
        html = _alignment_classes(raw)
        if sanitize_body(html) != html:
            problems.append((first_line, "the narrative holds markup that would be removed "
                             "from the page (an HTML comment, or a tag left open or "
                             f"unclosed): {_DOCS}"))
    # A quoted href is found both as raw HTML and as a link: report it once.
    return sorted(set(problems))


def _kept_value(name: str, value: str) -> str | None:
    """An attribute's value as the sanitizer keeps it, or None to drop the attribute.

    Even in a narrative that was not checked: an id the theme uses, and an
    http(s) link the URL rule refuses, are dropped.
    """
    if name == "id" and is_theme_id(value):
        return None
    if name in LINK_ATTRIBUTES and link_scheme(value) in WEB_SCHEMES and url_problem(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED.items()},
    tag_attribute_values={tag: {"class": set(ALIGNMENT_CLASSES)} for tag in ALIGNED},
    url_schemes=set(BODY_SCHEMES),
    attribute_filter=lambda tag, name, value: _kept_value(name, value),
    # Keep links as written (nh3 would add rel="noopener noreferrer").
    link_rel=None,
    strip_comments=True,
)


class _Markup(HTMLParser):
    """The tags, attributes and text of an HTML fragment, as a list of events."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        # A comment, a declaration or a processing instruction: browsers and
        # parsers disagree most about these, so such HTML is never "the same".
        self.unusual = False

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, sorted(attrs, key=lambda a: (a[0], a[1] or ""))))

    def handle_startendtag(self, tag, attrs):
        # <br /> and <br> are the same tag.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data):
        self.unusual = True

    handle_decl = handle_pi = unknown_decl = handle_comment


def _same_markup(first: str, second: str) -> bool:
    """Whether two fragments hold the same tags, attributes and text (and nothing unusual)."""
    events = []
    for fragment in (first, second):
        parser = _Markup()
        parser.feed(fragment)
        parser.close()
        if parser.unusual:
            return False
        events.append(parser.events)
    return events[0] == events[1]


def sanitize_body(html: str) -> str:
    """Rendered HTML with everything outside :data:`ALLOWED` removed.

    Disallowed tags are dropped but their text kept, except those of
    :data:`REMOVED_WITH_CONTENT`; disallowed attributes and links with a
    scheme other than http(s) or mailto are dropped; comments too. A table
    cell's alignment is written as a class (``align-center``), which the
    Content-Security-Policy lets the stylesheet apply, not as a style.

    HTML that was already clean comes back byte for byte: nh3 writes HTML
    its own way (``"`` where Pygments wrote ``&quot;``, ``<br>`` for
    ``<br />``...), so when its output holds the same tags, attributes and
    text as the input, read by a second, independent parser, the input is
    returned rather than nh3's rewriting of it.
    """
    html = _alignment_classes(html)
    clean = _CLEANER.clean(html)
    if clean != html and _same_markup(html, clean):
        return html
    return clean


def _alignment_classes(html: str) -> str:
    """Table cells' ``style="text-align: x;"`` as ``class="align-x"`` (the CSP blocks styles)."""
    if "text-align" not in html:
        return html
    return _ALIGNMENT_RE.sub(
        lambda m: f'<{m["tag"]}{m["before"]} class="align-{m["side"].lower()}"', html)
