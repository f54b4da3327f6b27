"""Pelican's own pages (About, Method, Contributing...): the entries' sanitizer for them too.

Pelican, not the timeline generator, reads ``content/pages/`` and renders
their Markdown. Those pages are written by the same editors as the entries,
so their bodies get the same allowlist (:mod:`..records.bodyhtml`): on a
site that configured the timeline, the Markdown reader Pelican uses is one
that sanitizes what it reads (registered through the ``readers_init``
signal).
"""

from __future__ import annotations

import glob
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pelican.contents import Page, Static
from pelican.readers import MarkdownReader

from ..errors import TimelineBuildError
from ..exports.timelinejson import SCHEMA_SAVE_AS
from ..pagekinds import SitePages
from ..records.bodyhtml import body_problems, sanitize_body
from ..records.files import find_record_files, is_inside
from ..records.parse import RawEntry, read_entry_file
from ..records.problems import Problem
from ..records.references import find_links
from ..records.scaffold import CODE as SCAFFOLD
from ..records.scaffold import placeholder_line
from ..settings import read_settings

logger = logging.getLogger(__name__)
# The TimelineSettings fields naming an export's file.
EXPORT_FIELDS = ("feed_all_atom", "feed_bill_atom", "feed_stage_atom", "json_feed", "json",
                 "csv", "people_csv", "questions_csv", "amendments_csv", "divisions_csv",
                 "versions_csv", "ics", "timelinejs")


# Set in the metadata of what :class:`SanitizedReader` read (and Pelican's
# content cache keeps with it).
SANITIZED = "timeline_sanitized"


class SanitizedReader:
    """Mixin for a Markdown reader: what it reads gets the entries' allowlist.

    The rendered body, and a Summary in the metadata (Markdown too, rendered
    by the reader: Pelican's FORMATTED_FIELDS).
    """

    def read(self, source_path):
        content, metadata = super().read(source_path)
        if content:
            content = sanitize_body(content)
        if metadata.get("summary"):
            metadata["summary"] = sanitize_body(metadata["summary"])
        metadata[SANITIZED] = True
        return content, metadata


class SanitizedMarkdownReader(SanitizedReader, MarkdownReader):
    """Pelican's Markdown reader, sanitizing what it returns."""


_SANITIZED: dict[type, type] = {MarkdownReader: SanitizedMarkdownReader}


def sanitized_reader(reader_class: type) -> type:
    """``reader_class`` with its output sanitized (one class made per reader class)."""
    if issubclass(reader_class, SanitizedReader):
        return reader_class
    if reader_class not in _SANITIZED:
        _SANITIZED[reader_class] = type(f"Sanitized{reader_class.__name__}",
                                        (SanitizedReader, reader_class), {})
    return _SANITIZED[reader_class]


def refuse_unsanitized(content) -> None:
    """``content_object_init``: refuse a Markdown page that did not come through
    :class:`SanitizedReader`.

    Pelican's content cache keeps what a reader returned: a cache written
    before the site used this plugin (or by a version that sanitized pages
    later) would give a page's HTML as it was written. A cold build reads
    every file again.
    """
    if content.metadata.get(SANITIZED):
        return
    extension = os.path.splitext(content.source_path or "")[1].lstrip(".")
    if extension in MarkdownReader.file_extensions and not isinstance(content, Static):
        raise TimelineBuildError(
            f"{content.source_path}: read from a content cache made without the timeline's "
            "sanitizer: build once with 'pelican --ignore-cache' (or 'invoke rebuild')")


def sanitize_pages(readers) -> None:
    """The ``readers_init`` signal handler: Markdown pages and articles are sanitized.

    The reader of each Markdown extension (Pelican's, or one the site set in
    READERS) is replaced by the same reader sanitizing what it returns.
    Content from other readers (reStructuredText, HTML files) is left as it
    is: the allowlist is that of Markdown, and an HTML page is written as
    HTML on purpose.
    """
    for extension in MarkdownReader.file_extensions:
        reader_class = readers.reader_classes.get(extension)
        if reader_class:
            readers.reader_classes[extension] = sanitized_reader(reader_class)


# --- Pages are records too: checked like entries, and never over a generated page ---------

# What the timeline generator writes besides its URL patterns' folders: the
# search index and the theme's files.
GENERATED_FOLDERS = ("pagefind/",)
# The page fields that decide where a page is written, or with what.
PLACED_BY = ("save_as", "slug", "url", "template")
# Pelican's Markdown reader reads these; only they are pages of this plugin's kind.
PAGE_EXTENSIONS = tuple(f".{e}" for e in MarkdownReader.file_extensions)
_INTERNAL_LINK_RE = re.compile(r"^(?:\{(?P<what>static|attach|filename)\}|"
                               r"\|(?P<old>static|attach|filename)\|)(?P<path>[^?#]*)")


@dataclass(frozen=True)
class PageProblems:
    """What is wrong with the site's pages: every problem, and the pages to leave out.

    ``left_out`` holds the pages whose problems would crash a build or
    overwrite another page (not those whose only problems are HTML the
    sanitizer removes anyway).
    """

    problems: list[Problem]
    left_out: list[str]


def generated_paths(settings: Mapping[str, Any]) -> tuple[set[str], tuple[str, ...], list]:
    """Where the timeline generator writes: exact paths, folders, and patterns.

    From the page list's save-as patterns (pagekinds.py) and the exports' files: a pattern such
    as ``events/{slug}/index.html`` reserves its folder ``events/``; one
    that starts with a ``{field}`` is kept as a regular expression.
    """
    ts = read_settings(dict(settings))
    exact, folders, patterns = set(), set(GENERATED_FOLDERS), []
    theme_static = settings.get("THEME_STATIC_DIR", "theme")
    folders.add(theme_static.rstrip("/") + "/")
    values = SitePages(ts).save_as_patterns()
    values += [v for name in EXPORT_FIELDS if isinstance(v := getattr(ts, name), str)]
    values.append(SCHEMA_SAVE_AS)
    for value in values:
        if "{" not in value:
            exact.add(value)
        elif "/" in value[:value.index("{")]:
            folders.add(value[:value.index("{")].rsplit("/", 1)[0] + "/")
        else:
            parts = re.split(r"\{[^}]*\}", value)
            patterns.append(re.compile("[^/]+".join(re.escape(p) for p in parts) + "$"))
    return exact, tuple(sorted(folders)), patterns


def page_files(settings: Mapping[str, Any]) -> list[str]:
    """The Markdown pages Pelican reads (PAGE_PATHS under PATH), none through a link."""
    content = settings["PATH"]
    ignore = settings.get("IGNORE_FILES", ())
    excluded = [os.path.normpath(e) for e in settings.get("PAGE_EXCLUDES", ())]
    files = []
    for folder in settings.get("PAGE_PATHS", ()):
        root = os.path.join(content, folder)
        if os.path.isdir(root) and not os.path.islink(root):
            files += find_record_files(root, ignore, content, PAGE_EXTENSIONS)
    return sorted({p for p in files
                   if not any(os.path.relpath(p, content).startswith(e + os.sep)
                              for e in excluded)})


def _template_folders(settings: Mapping[str, Any]) -> list[str]:
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", ()),
            os.path.join(settings.get("THEME", ""), "templates")]


def _generator_templates() -> set[str]:
    """The plugin's own templates, which only its generator can fill (all but ``page``)."""
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "theme", "templates")
    return {os.path.splitext(n)[0] for n in os.listdir(folder)} - {"page"}


def _link_problems(raw: RawEntry, path: str, content: str) -> list[tuple[int, str]]:
    """``{static}``, ``{attach}`` and ``{filename}`` links that lead outside the content folder."""
    problems = []
    for link in find_links(raw.body, raw.body_line):
        match = _INTERNAL_LINK_RE.match(link.target)
        if match is None:
            continue
        target = match.group("path")
        base = content if target.startswith("/") else os.path.dirname(path)
        resolved = os.path.normpath(os.path.join(base, target.lstrip("/")))
        if not is_inside(resolved, content):
            what = match.group("what") or match.group("old")
            problems.append((link.line, f"the {{{what}}} link '{target}' leads outside the "
                             "content folder: link only to files in it"))
    return problems


def check_pages(settings: Mapping[str, Any], show: Callable[[str], str] = str) -> PageProblems:
    """Every problem of the site's pages (``content/pages/``), as ``invoke check`` reports them.

    The same rules as an entry's narrative (records/parse.py's limits and
    characters; the HTML allowlist and link rules, records/bodyhtml.py),
    links that stay in the content folder, and no ``Save_as``, ``Slug``,
    ``URL`` or ``Template`` that writes over a page the timeline generates,
    over another page, or names a template that does not exist (or one of
    the generator's own). The placeholder text ``new-site`` writes into its
    About page is a warning (the strict build refuses it, as for a record).
    """
    content = settings["PATH"]
    exact, folders, patterns = generated_paths(settings)
    generator_templates = _generator_templates()
    template_folders = _template_folders(settings)
    problems: list[Problem] = []
    left_out: list[str] = []
    written: dict[str, str] = {}  # save_as -> the page that has it

    def collides(path: str) -> bool:
        return (path in exact or path.startswith(folders)
                or any(p.match(path) for p in patterns))

    for path in page_files(settings):
        raw = read_entry_file(path, show(path))
        shown = raw.path
        fatal = [Problem(shown, line, message, code) for line, code, message in raw.problems]
        html = [Problem(shown, line, message, "narrative-markup") for line, message in
                sorted(set(body_problems(raw.body, raw.body_line)
                           + _link_problems(raw, path, content)))]
        placeholder = None if fatal else placeholder_line(raw.body, raw.body_line)
        if placeholder is not None:
            html.append(Problem(shown, placeholder, "the page is still the placeholder text the "
                                "scaffolding command wrote: replace it before publishing",
                                severity="warning", code=SCAFFOLD))
        meta = {key: f.text for key, f in raw.fields.items()}

        def line(key: str, raw=raw) -> int:
            return raw.fields[key].line if key in raw.fields else 1

        page = None
        if not fatal:
            try:
                # Only where Pelican would place it: no body, nothing to sanitize.
                page = Page("", metadata={SANITIZED: True, **{
                    k: v for k, v in meta.items()
                    if k in ("title", *PLACED_BY, "status", "lang")}},
                            settings=settings, source_path=path)
            except Exception as e:  # Pelican's own complaint about the metadata
                fatal.append(Problem(shown, 1, f"Pelican cannot read the page: {e}", "page"))
        if page is not None and page.status != "skip":
            save_as = page.save_as
            url = page.url
            url_path = url + "index.html" if url.endswith("/") or not url else url
            for key, value in (("save_as", save_as), ("url", url_path)):
                where = line(key if key in raw.fields else "slug")
                name = key.replace("save_as", "Save_as").replace("url", "URL")
                if key == "save_as" and (os.path.isabs(value) or os.path.normpath(
                        value).startswith(os.pardir)):
                    fatal.append(Problem(shown, where, f"the page's {name} '{value}' is outside "
                                         "the output folder", "page"))
                    break
                if value and collides(value.lstrip("/")):
                    fatal.append(Problem(shown, where, f"the page's {name} '{value}' is a page "
                                         "the timeline generates: give it another Slug", "page"))
                    break  # its URL follows from the same Slug: said once
            if save_as and save_as in written:
                fatal.append(Problem(shown, line("save_as" if "save_as" in raw.fields
                                                 else "slug"),
                                     f"the page is written to '{save_as}', as "
                                     f"{written[save_as]} is: give it another Slug", "page"))
            elif save_as:
                written[save_as] = shown
            template = meta.get("template")
            if template is not None:
                found = any(os.path.isfile(os.path.join(f, f"{template}.html"))
                            for f in template_folders)
                if not found or template in generator_templates:
                    fatal.append(Problem(shown, line("template"), f"no page template "
                                         f"'{template}' (a page's Template names a template "
                                         "file of the theme, such as 'page')", "page"))
        problems += fatal + html
        if fatal:
            left_out.append(path)
    return PageProblems(sorted(problems), left_out)


def guard_pages(pelican) -> None:
    """``initialized``: check the pages; leave out those that would crash or overwrite.

    A development build warns and leaves them out of Pelican's walk (their
    names in IGNORE_FILES); under TIMELINE_STRICT any problem of a page is
    an error that stops the build, as one of an entry is.
    """
    settings = pelican.settings
    strict = read_settings(settings).strict
    found = check_pages(settings, lambda p: os.path.relpath(p))
    problems = found.problems
    if strict:  # placeholder text is a warning for check, an error when publishing
        problems = [replace(p, severity="error") if p.code == SCAFFOLD else p for p in problems]
    for problem in problems:
        (logger.error if strict else logger.warning)("%s", problem)
    if strict and problems:
        raise TimelineBuildError(f"{len(problems)} problem(s) in the pages "
                                 "(listed above); run 'invoke check' for the full list")
    for path in found.left_out:
        logger.warning("%s: left out of the build for the problems above", os.path.relpath(path))
        settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", ()),
                                    glob.escape(os.path.basename(path))]
