"""Skip rendering a page again when nothing it shows has changed.

Pelican's content cache saves reading and Markdown, but its writers render
every page on every build. With the cache on (``CACHE_CONTENT`` and
``LOAD_CONTENT_CACHE``, as in ``invoke regenerate`` or the benchmark; the
publishing settings leave it off), the timeline generator asks an
:class:`OutputCache` before writing each page, and leaves the page alone
when both hold:

- the page's key is the one recorded by the last build. The key is a hash
  of the *site digest* (:func:`site_digest`: every entry's metadata, the
  bills and stages vocabularies, the records of the debate (people,
  questions, amendments, divisions, versions, with their texts and
  stories), Pelican's pages, the feed statuses and
  snapshot files, every plain-data setting, the bytes of the templates,
  the theme's static files and this plugin's source, and
  :data:`CACHE_VERSION`) and of the narratives the page shows: an entry
  page its own; a page whose templates read any ``body``
  (:func:`template_body_use`) every entry's;
- the file on disk is byte for byte the one that build wrote (its sha256
  is recorded), so a page deleted or edited by hand is rendered again. The
  file is read again only when its size or mtime changed (or it was hashed
  within :data:`RACY_NS` of being written): :func:`file_record`.

So a narrative edit re-renders one page; anything else (a title, a
template, a setting) changes the site digest and re-renders every page.

What the digest cannot see: the code of callables in settings (only their
names are hashed) and context values other plugins add that are not plain
data. Changing those needs a cold build (``pelican --ignore-cache``), or a
bump of :data:`CACHE_VERSION` for a change in how pages are made.

A skipped page is still reported as Pelican's writer would: its path is
marked as written (so a second write to it still fails) and the
``content_written`` signal is sent with the same context. That is done by
:class:`TimelineWriter`, the writer Pelican hands out on a site that
configured the timeline (through its public ``get_writer`` signal); with
any other writer, every page is rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Mapping
from importlib.metadata import version

import jinja2
from jinja2 import meta, nodes
from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

logger = logging.getLogger(__name__)

# Bump when a change in how pages are made is not visible in the plugin's
# own source files (for instance a changed dependency).
CACHE_VERSION = 1
CACHE_FILE = "TimelineOutputCache.json"
# The whole plugin package (code, templates, static files): any change in it
# may change any page.
PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Context values that are not plain data but go into the digest another way:
# the entries and vocabularies directly, the rest being made from them.
DERIVED = frozenset({
    "timeline", "legal_status", "trackers", "journey", "timeline_pages",
    "feed_statuses", "vocabulary", "debate",
    "due_items", "upcoming", "overview", "timeline_as_of",
})
# The records of the debate in the build's Vocabulary (records/debate.py):
# the person, question, wording and amendments pages show them, and entry
# pages their cards.
DEBATE_RECORDS = ("people", "questions", "amendments", "divisions", "versions")
# The procedure's vocabularies and the bills, in the build's Vocabulary.
VOCABULARIES = ("stages", "chambers", "bills", "outcomes", "houses")
# Set by Pelican's writer for each page it writes; never read by our pages.
VOLATILE = frozenset({"localsiteurl"})
# Pelican's own content, whose titles and addresses appear in every menu.
PELICAN_CONTENT = ("pages", "hidden_pages", "draft_pages", "articles",
                   "drafts", "hidden_articles")


def sha256(data: bytes | str) -> str:
    """The hex sha256 of bytes, or of a string's UTF-8."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _plain(value):
    """``json.dumps`` default: plain forms of sets, dates and callables."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    raise TypeError(type(value).__name__)


def plain_settings(context: Mapping) -> str:
    """Every JSON-serialisable value of the context (settings included), sorted."""
    parts = {}
    for key in sorted(context):
        if key in DERIVED or key in VOLATILE or key in PELICAN_CONTENT:
            continue
        try:
            parts[key] = json.dumps(context[key], sort_keys=True, default=_plain)
        except (TypeError, ValueError):
            continue  # not plain data: see the module docstring
    return json.dumps(parts, sort_keys=True)


def entry_metadata(entry) -> tuple:
    """An entry's fields without its narrative, vocabularies by key."""
    values = []
    for field in dataclasses.fields(entry):
        if field.name == "body":
            continue
        value = getattr(entry, field.name)
        if value is not None and type(value).__name__ in ("Stage", "Chamber", "Bill"):
            value = value.key
        values.append(value)
    return tuple(values)


def source_digest(path: str | None) -> str | None:
    """The sha256 of a content file (None: it has none, or it cannot be read)."""
    if not path:
        return None
    try:
        with open(path, "rb") as f:
            return sha256(f.read())
    except OSError:
        return None


def content_summary(item) -> str:
    """A Pelican page's or article's address, title, metadata and source file.

    Its text is what its source file and the settings make (both hashed).
    """
    return json.dumps(
        [getattr(item, "save_as", None), getattr(item, "url", None),
         str(getattr(item, "title", "")), getattr(item, "metadata", {}),
         source_digest(getattr(item, "source_path", None))],
        sort_keys=True, default=str,
    )


def tree_files(roots: Iterable[str], suffixes: tuple[str, ...] = ()) -> Iterable[str]:
    """Every file under ``roots`` (sorted, caches left out)."""
    for root in roots:
        if not os.path.isdir(root):
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if not suffixes or name.endswith(suffixes):
                    yield os.path.join(folder, name)


def hash_files(hasher, roots: Iterable[str], suffixes: tuple[str, ...] = ()) -> None:
    """Feed the names (relative to their root) and bytes of files to ``hasher``."""
    for root in roots:
        for path in tree_files([root], suffixes):
            hasher.update(os.path.relpath(path, root).encode("utf-8") + b"\0")
            with open(path, "rb") as f:
                hasher.update(sha256(f.read()).encode("ascii"))


def loader_paths(loader) -> list[str]:
    """The folders a Jinja loader reads templates from."""
    if loader is None:
        return []
    if isinstance(loader, jinja2.ChoiceLoader):
        return [p for sub in loader.loaders for p in loader_paths(sub)]
    if isinstance(loader, jinja2.PrefixLoader):
        return [p for sub in loader.mapping.values() for p in loader_paths(sub)]
    paths = getattr(loader, "searchpath", None)
    if paths is None:
        # An unknown loader: its templates cannot be hashed, so a changed
        # template would go unseen. Refuse to cache rather than go stale.
        raise UncacheableError(f"template loader {type(loader).__name__} has no searchpath")
    return [os.path.abspath(p) for p in paths]


class UncacheableError(Exception):
    """Something the pages depend on cannot be hashed; render everything."""


def site_digest(context: Mapping, settings: Mapping, env: jinja2.Environment,
                feeds_dir: str, official_dir: str | None = None) -> str:
    """The hash of everything the pages show except the entries' narratives."""
    h = hashlib.sha256()

    def part(label: str, text: str) -> None:
        h.update(label.encode("ascii") + b"\0" + text.encode("utf-8") + b"\0")

    part("version", f"{CACHE_VERSION} {sys.version} " + " ".join(
        f"{name} {version(name)}" for name in ("pelican", "jinja2", "markupsafe")))
    part("settings", plain_settings(context))
    vocabulary = context.get("vocabulary")
    part("vocabularies", repr([getattr(vocabulary, name, None) for name in VOCABULARIES]))
    part("debate", repr([dict(getattr(vocabulary, name, {})) for name in DEBATE_RECORDS]))
    timeline = context.get("timeline") or ()
    part("entries", repr([entry_metadata(e) for e in timeline]))
    # Due items are entries too, though not events of the timeline.
    part("due", repr([entry_metadata(e) for e in context.get("due_items") or ()]))
    part("as-of", repr(context.get("timeline_as_of")))
    part("feeds", repr(context.get("feed_statuses")))
    for name in PELICAN_CONTENT:
        part(name, "\n".join(content_summary(c) for c in context.get(name) or ()))
    h.update(b"templates\0")
    hash_files(h, loader_paths(env.loader))
    theme = settings["THEME"]
    h.update(b"static\0")
    hash_files(h, [os.path.join(theme, p) for p in settings.get("THEME_STATIC_PATHS", [])])
    h.update(b"plugin\0")
    hash_files(h, [PLUGIN_DIR])
    h.update(b"snapshots\0")
    hash_files(h, [feeds_dir])
    if official_dir is not None:
        h.update(b"official\0")
        hash_files(h, [official_dir])
    return h.hexdigest()


def _reads_body(node: nodes.Node, own: str | None) -> str | None:
    """``"all"``, ``"own"`` or None: which narratives a template's AST reads.

    ``own`` names the variable holding the page's own entry (``entry`` on an
    entry page); ``entry.body`` there is the page's own narrative, any other
    ``body`` (a neighbour's, through a macro, ``["body"]``) counts as all.
    """
    found = None
    for n in node.find_all((nodes.Getattr, nodes.Getitem, nodes.Const)):
        if isinstance(n, nodes.Getattr) and n.attr == "body":
            if own and isinstance(n.node, nodes.Name) and n.node.name == own:
                found = "own"
                continue
            return "all"
        if isinstance(n, nodes.Const) and n.value == "body":
            return "all"
    return found


def template_body_use(env: jinja2.Environment, name: str, own: str | None = None) -> str | None:
    """Which entry narratives the template ``name`` shows, following its includes.

    Returns ``"own"`` (only ``<own>.body`` in the template itself), ``"all"``
    (any other read of a ``body``, in it or in a template it extends,
    imports or includes, or a template named at run time), or None.
    """
    seen: set[str] = set()
    todo = [(name, own)]
    result = None
    while todo:
        current, own_name = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)
        ast = env.parse(source)
        use = _reads_body(ast, own_name)
        if use == "all":
            return "all"
        result = result or use
        for ref in meta.find_referenced_templates(ast):
            if ref is None:
                return "all"
            todo.append((ref, None))
    return result


# A file's recorded hash is trusted from its size and mtime only when it was
# hashed this long after it was last modified: a file rewritten within the
# file system's timestamp granularity could otherwise keep both (git's
# "racy" files). As the search shards do (searchshards.py).
RACY_NS = 100_000_000


def file_record(path: str, previous: list | None = None) -> list | None:
    """``[sha256, size, mtime_ns, hashed_at_ns]`` of a file; None if it cannot be read.

    ``previous`` is such a record from an earlier build: its sha256 is
    reused, without reading the file, when the size and mtime are the same
    and it was taken more than :data:`RACY_NS` after that mtime.
    """
    try:
        st = os.stat(path)
        if (previous is not None and len(previous) == 4 and previous[1] == st.st_size
                and previous[2] == st.st_mtime_ns and st.st_mtime_ns + RACY_NS < previous[3]):
            return list(previous)
        with open(path, "rb") as f:
            digest = sha256(f.read())
    except OSError:
        return None
    return [digest, st.st_size, st.st_mtime_ns, time.time_ns()]


class OutputCache:
    """What the last build wrote: each page's key and file hash."""

    def __init__(self, output_path: str, cache_file: str | None, load: bool,
                 site: str | None, env: jinja2.Environment | None = None,
                 entries: Iterable = ()):
        self.output_path = output_path
        self.cache_file = cache_file
        self.site = site
        self.env = env
        self.entries = entries
        # Which narratives each template shows depends only on the
        # templates, which the site digest covers: with the same digest, the
        # last build's answers hold (parsing every template costs time).
        self._body_use: dict[str, str | None] = {}
        self._all_bodies: str | None = None
        self.previous: dict[str, list] = {}
        self.current: dict[str, list] = {}
        self.rendered = 0
        self.skipped = 0
        if load and cache_file and site:
            data = self._load(cache_file)
            self.previous = data.get("pages", {})
            if data.get("site") == site:
                self._body_use = data.get("body_use", {})

    @property
    def active(self) -> bool:
        return self.site is not None

    @staticmethod
    def _load(cache_file: str) -> dict:
        try:
            with open(cache_file, encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            logger.warning("%s: unreadable output cache, rendering every page (%s)",
                           cache_file, err)
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        if not isinstance(data.get("pages"), dict) or not isinstance(
                data.get("body_use", {}), dict):
            return {}
        return data

    def key(self, save_as: str, template: jinja2.Template, own=None) -> str | None:
        """A page's key: the site digest, its template and the narratives it shows.

        ``own`` is ``(variable, entry)``: the template variable holding the
        entry a page is about and that entry (an entry page's; the page
        kind declares the variable, pagekinds.py). Which narratives the page
        shows is read from its templates (:func:`template_body_use`).
        """
        if not self.active:
            return None
        own_name, own_entry = own if own is not None else (None, None)
        use_key = f"{template.name}|{own_name or ''}"
        if use_key not in self._body_use:
            self._body_use[use_key] = template_body_use(self.env, template.name, own_name)
        use = self._body_use[use_key]
        bodies = ""
        if use == "own":
            bodies = sha256(own_entry.body)
        elif use == "all":
            if self._all_bodies is None:
                self._all_bodies = sha256("\0".join(
                    f"{e.slug}\0{e.body}" for e in self.entries))
            bodies = self._all_bodies
        return sha256(f"{self.site}\0{save_as}\0{template.name}\0{bodies}")

    # What :meth:`skip` returns for a page left as it is.
    SKIPPED = object()

    def skip(self, writer, save_as: str, template: jinja2.Template, context: dict,
             relative_urls: bool, own=None, **kwargs):
        """Leave the page alone if it is unchanged on disk (:func:`skip_write`).

        Returns :attr:`SKIPPED` then, or else the page's key, for
        :meth:`written` once the page is written.
        """
        key = self.key(save_as, template, own)
        if self.unchanged(save_as, key) and skip_write(
                writer, save_as, context, relative_urls, **kwargs):
            self.current[save_as] = self.previous[save_as]
            self.skipped += 1
            return self.SKIPPED
        return key

    def written(self, save_as: str, key: str | None) -> None:
        """Count and remember a page just rendered and written under ``key``."""
        self.rendered += 1
        self.record(save_as, key)

    def write_page(self, writer, save_as: str, template: jinja2.Template, context: dict,
                   relative_urls: bool, url: str, own=None, rendering=None, **kwargs) -> None:
        """Write a page through ``writer``, unless it is unchanged on disk.

        ``rendering``, when given, returns more template values that only
        rendering needs (an entry's narrative with its links resolved, say):
        it is not called for a page left as it is.
        """
        key = self.skip(writer, save_as, template, context, relative_urls, own, **kwargs)
        if key is self.SKIPPED:
            return
        if rendering is not None:
            kwargs.update(rendering())
        writer.write_file(save_as, template, context, relative_urls=relative_urls,
                          url=url, **kwargs)
        self.written(save_as, key)

    def unchanged(self, save_as: str, key: str | None) -> bool:
        """Whether the page is on disk exactly as written under the same key.

        The file's recorded sha256 is trusted without reading the file when
        its size and mtime are the ones recorded and it was hashed well after
        it was last modified (:func:`file_record`).
        """
        if key is None:
            return False
        recorded = self.previous.get(save_as)
        if not recorded or recorded[0] != key:
            return False
        fresh = file_record(sanitised_join(self.output_path, save_as), recorded[1:])
        if fresh is None or fresh[0] != recorded[1]:
            return False
        self.previous[save_as] = [key, *fresh]
        return True

    def holds(self, save_as: str, text: str, key: str) -> bool:
        """Whether the file ``save_as`` holds ``text`` already, as the last build
        wrote it under ``key`` (then it need not be written again: :meth:`keep`).

        For files written whole from a text (the citations, in a worker):
        rewriting an unchanged file costs more than hashing its text.
        """
        recorded = self.previous.get(save_as)
        return bool(self.active and recorded and recorded[0] == key
                    and sha256(text) == recorded[1] and self.unchanged(save_as, key))

    def keep(self, save_as: str) -> None:
        """Remember the file ``save_as`` as this build's, as the last build recorded it."""
        if save_as in self.previous:
            self.current[save_as] = self.previous[save_as]

    def record(self, save_as: str, key: str | None) -> None:
        """Remember the file just written for ``save_as`` under ``key``."""
        if key is None:
            return
        fresh = file_record(sanitised_join(self.output_path, save_as))
        if fresh is not None:  # else not written (an empty save_as, overwrite protection)
            self.current[save_as] = [key, *fresh]

    def remove_stale(self) -> list[str]:
        """Delete the pages the last build wrote and this one did not.

        A deleted entry's page would otherwise stay (Pelican leaves files a
        build no longer makes) and be indexed by the search. Only files
        still exactly as that build wrote them are deleted, with any folder
        left empty. Returns the names deleted.
        """
        removed = []
        for save_as, recorded in sorted(self.previous.items()):
            if save_as in self.current:
                continue
            path = sanitised_join(self.output_path, save_as)
            try:
                with open(path, "rb") as f:
                    if sha256(f.read()) != recorded[1]:
                        continue
                os.remove(path)
            except OSError:
                continue
            removed.append(save_as)
            logger.info('Removed "%s": no longer part of the site', path)
            folder = os.path.dirname(path)
            root = os.path.abspath(self.output_path)
            while os.path.abspath(folder).startswith(root + os.sep):
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
        return removed

    def save(self) -> None:
        """Remove stale pages and write the cache file (the pages of this build)."""
        if not (self.active and self.cache_file):
            return
        self.remove_stale()
        logger.info("timeline: %d pages rendered, %d unchanged and not rendered",
                    self.rendered, self.skipped)
        os.makedirs(os.path.dirname(self.cache_file), exist_ok=True)
        temporary = self.cache_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump({"version": CACHE_VERSION, "site": self.site,
                       "body_use": self._body_use, "pages": self.current}, f,
                      sort_keys=True, indent=0)
        os.replace(temporary, self.cache_file)


class TemplateBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, keyed also by the environment's options.

    Jinja checks a template's source before reusing its compiled code, but
    not the options it was compiled with (delimiters, whitespace control,
    autoescaping, extensions): those go into the key here.
    """

    def __init__(self, directory: str, env: jinja2.Environment):
        os.makedirs(directory, exist_ok=True)
        super().__init__(directory)
        self.salt = sha256(repr((
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            env.autoescape, env.optimized, sorted(env.extensions),
        )))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}\0{name}", filename)


def output_cache(generator) -> OutputCache:
    """The output cache for a generator's build; inactive without the content cache."""
    settings = generator.settings
    output_path = generator.output_path
    cache_file = os.path.join(settings["CACHE_PATH"], CACHE_FILE)
    if not settings.get("CACHE_CONTENT"):
        return OutputCache(output_path, None, False, None)
    feeds_dir = os.path.join(generator.path, generator.timeline_settings.feeds_path)
    try:
        site = site_digest(generator.context, settings, generator.env, feeds_dir,
                           os.path.join(generator.path, generator.timeline_settings.official_path))
    except UncacheableError as err:
        logger.warning("timeline: not caching pages: %s", err)
        return OutputCache(output_path, None, False, None)
    if settings.get("LOAD_CONTENT_CACHE") and generator.env.bytecode_cache is None:
        generator.env.bytecode_cache = TemplateBytecodeCache(
            os.path.join(settings["CACHE_PATH"], "TimelineTemplates"), generator.env)
    return OutputCache(output_path, cache_file, bool(settings.get("LOAD_CONTENT_CACHE")),
                       site, generator.env, generator.context.get("timeline") or ())


def page_context(context: dict, name: str, relative_urls: bool, values: dict) -> dict:
    """The values a page ``name`` is rendered with, as ``Writer.write_file`` makes them.

    Like Pelican's writer, sets the shared context's ``localsiteurl`` to the
    page's, for the links of Pelican's own content.
    """
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(values)
    if localcontext["localsiteurl"]:
        context["localsiteurl"] = localcontext["localsiteurl"]
    return localcontext


class TimelineWriter(Writer):
    """Pelican's writer, which can also leave an unchanged page as it is.

    Pelican hands it out on a site that configured the timeline (its
    ``get_writer`` signal, plugin.py). Every page and feed goes through its
    public ``write_file`` and ``write_feed``; it remembers their paths, so a
    page left alone (:meth:`leave_alone`) keeps Pelican's overwrite
    protection: it is refused as a second write, and a later write to it is
    refused too.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.claimed: set[str] = set()  # every path written or left alone
        self.left_alone: set[str] = set()

    def _claim(self, name, override: bool) -> None:
        if not name:
            return
        path = sanitised_join(self.output_path, name)
        if path in self.left_alone and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it '
                "previously (set `override=True` if intended)")
        self.left_alone.discard(path)
        self.claimed.add(path)

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        self._claim(name, override_output)
        return super().write_file(name, template, context, relative_urls=relative_urls,
                                  paginated=paginated, template_name=template_name,
                                  override_output=override_output, url=url, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        self._claim(path, override_output)
        return super().write_feed(elements, context, path=path, url=url, feed_type=feed_type,
                                  override_output=override_output, feed_title=feed_title)

    def leave_alone(self, name: str, context: dict, relative_urls: bool, **kwargs) -> bool:
        """Account for a page left as it is, as ``write_file`` would have.

        Marks the path as written (overwrite protection), sets the context's
        ``localsiteurl`` and sends ``content_written`` with the page's
        context. Returns False, without doing anything, when the path was
        written already: then the caller writes it through ``write_file``,
        which reports the clash.
        """
        path = sanitised_join(self.output_path, name)
        if path in self.claimed:
            return False
        localcontext = page_context(context, name, relative_urls, kwargs)
        self.claimed.add(path)
        self.left_alone.add(path)
        logger.debug('Unchanged "%s", not rendered', path)
        signals.content_written.send(path, context=localcontext)
        return True


def skip_write(writer, name: str, context: dict, relative_urls: bool, **kwargs) -> bool:
    """Leave the page ``name`` as it is, if ``writer`` can (:meth:`TimelineWriter.leave_alone`).

    Another writer (another plugin's, handed out by Pelican instead of this
    one) cannot: then every page is rendered and written.
    """
    if not isinstance(writer, TimelineWriter):
        return False
    return writer.leave_alone(name, context, relative_urls, **kwargs)
