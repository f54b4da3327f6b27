"""The plugin's settings: each declared once, read once with its default.

Every ``TIMELINE_*`` setting is a field of :class:`TimelineSettings`
declared with :func:`setting`: its default, what its value must be (a
:class:`ValueKind`, which reads and checks it), the section of the reference
it belongs to and one line of documentation. ``TIMELINE_PAGE_SIZE`` is the
field ``page_size``. From these declarations come :data:`DEFAULTS`,
:func:`read_settings` and the settings reference ``docs/settings.md``
(:func:`settings_reference`; ``invoke settings-reference`` rewrites it, and
a test fails when the committed file differs). ``pelicanconf.py`` only sets
the settings it changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DEFAULTS", "SETTINGS", "Setting", "TimelineSettings", "TimelineSettingsError",
           "available_cpus", "is_configured", "read_settings", "settings_reference"]

# Pelican's default IGNORE_FILES, for settings read without Pelican's
# defaults: its current default ("**/.*", hidden files) and its older one
# (".#*", editors' lock files).
DEFAULT_IGNORE = ("**/.*", ".#*", "__pycache__")


class TimelineSettingsError(ValueError):
    """A TIMELINE_* setting has a value of the wrong kind."""


def available_cpus() -> int:
    """The CPUs this process may run on (all of them where the OS cannot say)."""
    # os.process_cpu_count (3.13) and sched_getaffinity (Linux) know of CPU
    # affinity; neither exists everywhere the plugin runs (macOS, Windows).
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def is_configured(settings: dict) -> bool:
    """Whether a site asked for the timeline.

    With ``PLUGINS`` unset, Pelican loads every installed namespace plugin,
    and once plugins are loaded it lists them all in ``PLUGINS``, so being
    loaded or listed says nothing. A site asks for the timeline by setting
    any ``TIMELINE_*`` setting or by using the plugin's theme
    (``THEME = parliament_timeline.THEME_PATH``); a site that does neither
    builds exactly as if the plugin were not installed.
    """
    theme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme")
    uses_theme = os.path.abspath(str(settings.get("THEME") or "")) == theme
    return uses_theme or any(key.startswith("TIMELINE_") for key in settings)


# --- what a value must be ----------------------------------------------------------


@dataclass(frozen=True)
class ValueKind:
    """What a setting's value must be: in words (for the reference), and
    ``read(name, value)``, the value checked and typed or TimelineSettingsError."""

    words: str
    read: Callable[[str, Any], Any]


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TimelineSettingsError(f"{name} must be a string")
    return value


def _folders(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(p, str) for p in value):
        raise TimelineSettingsError(f"{name} must be a list of folder names")
    return tuple(value)


def _domains(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(d, str) and d for d in value):
        raise TimelineSettingsError(f"{name} must be a list of domain names")
    return tuple(d.lower() for d in value)


def _at_least_one(name: str, value: Any) -> int:
    if not _is_whole(value) or value < 1:
        raise TimelineSettingsError(f"{name} must be a whole number of at least 1")
    return value


def _processes(name: str, value: Any) -> int:
    if not _is_whole(value) or value < 0:
        raise TimelineSettingsError(f"{name} must be a whole number, 0 or more")
    return value or available_cpus()


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
        raise TimelineSettingsError(
            f"{name} must be a number of seconds, more than 0 and at most 3600")
    return float(value)


def _day(name: str, value: Any) -> dt.date | None:
    if not _text(name, value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TimelineSettingsError(
            f"{name} {value!r} is not a date: use YYYY-MM-DD, or leave it empty") from None


def _day_text(name: str, value: Any) -> str:
    if _text(name, value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise TimelineSettingsError(f"{name} must be a date, YYYY-MM-DD, or empty") from None
    return value


def _service_urls(name: str, value: Any) -> dict[str, str]:
    defaults = SERVICE_URLS
    if not isinstance(value, dict):
        raise TimelineSettingsError(f"{name} must be a dict of service: URL")
    urls = dict(defaults)
    for key, url in value.items():
        if key not in defaults:
            raise TimelineSettingsError(
                f"{name}: unknown service {key!r} (services are: {', '.join(defaults)})")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise TimelineSettingsError(f"{name}[{key!r}] must be an http(s) URL, not {url!r}")
        urls[key] = url.rstrip("/")
    return urls


TEXT = ValueKind("string", _text)
PATH = ValueKind("path", _text)
FOLDERS = ValueKind("list of folder names", _folders)
DOMAINS = ValueKind("list of domain names", _domains)
SWITCH = ValueKind("`True` or `False`", lambda name, value: bool(value))
AT_LEAST_ONE = ValueKind("whole number, at least 1", _at_least_one)
PROCESSES = ValueKind("whole number, 0 or more (0: one per CPU)", _processes)
SECONDS = ValueKind("seconds, more than 0 and at most 3600", _seconds)
DAY = ValueKind("`YYYY-MM-DD`, or empty", _day)
DAY_TEXT = ValueKind("`YYYY-MM-DD`, or empty", _day_text)
SERVICE_URLS_KIND = ValueKind("dict of service: http(s) URL, over the defaults", _service_urls)

# The official data services and their base URLs (TIMELINE_API_BASE_URLS).
SERVICE_URLS = {
    "bills": "https://bills-api.parliament.uk",
    "commons-votes": "https://commonsvotes-api.parliament.uk",
    "lords-votes": "https://lordsvotes-api.parliament.uk",
    "members": "https://members-api.parliament.uk",
    "legislation": "https://www.legislation.gov.uk",
}


# --- the declarations --------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A part of the settings reference: its heading and what its settings are for."""

    title: str
    intro: str = ""


SUBJECT = Section("The subject")
RECORDS = Section("Records", "Every folder is under `PATH` (Pelican's `content/`).")
FEEDS = Section("Feeds", "The official feeds a site follows and how `fetch-feeds` fetches "
                "them ([feeds.md](feeds.md)).")
OFFICIAL = Section("Parliament's data", "The official data services the importers read "
                   "([official-data.md](official-data.md)).")
PAGES = Section("Pages and their addresses", "`{slug}` is an event's permanent id, `{key}` a "
                "record's key (a bill's, a stage's, a person's, a question's, a division's), "
                "`{year}` a year. Each page has a `..._SAVE_AS` (the file written, under the "
                "output folder) and a `..._URL` (its address, relative to `SITEURL`).")
BUILD = Section("Building")
EXPORTS = Section("Exports", "Each export's file, relative to the output folder (which is "
                  "also its URL); `{key}` is the record's key.")
SECTIONS = (SUBJECT, RECORDS, FEEDS, OFFICIAL, PAGES, BUILD, EXPORTS)


@dataclass(frozen=True)
class Setting:
    """One ``TIMELINE_*`` setting: its name, the field that holds it read,
    its default, what its value must be, its section and its documentation."""

    name: str
    field: str | None   # None: read where it is used (see ``doc``)
    default: Any
    kind: ValueKind | None
    section: Section
    doc: str            # Markdown, one line
    shown: str | None = None  # the default as the reference gives it, when not its value

    @property
    def default_words(self) -> str:
        return self.shown if self.shown is not None else f"`{literal(self.default)}`"


_DECLARED = "timeline_setting"


def setting(default: Any, kind: ValueKind, section: Section, doc: str, *,
            shown: str | None = None) -> Any:
    """Declare a TIMELINE_* setting as a field of TimelineSettings."""
    return field(metadata={_DECLARED: (default, kind, section, doc, shown)})


@dataclass(frozen=True)
class TimelineSettings:
    """The TIMELINE_* settings, typed: each field is one setting, declared once."""

    # The subject.
    subject: str = setting(
        "the law", TEXT, SUBJECT,
        "what the timeline follows, as a noun phrase that reads in a sentence: the pages say "
        "\"No bill carrying *the offence* has been before Parliament yet\", \"*The offence*'s "
        "path through Parliament\"")
    subject_long: str = setting(
        "", TEXT, SUBJECT, "the subject at more length, for page descriptions; empty means "
        "`TIMELINE_SUBJECT`")
    id_namespace: str = setting(
        "", TEXT, SUBJECT,
        "a UUID of the site's own; each event's permanent id (Atom and JSON Feed ids, "
        "iCalendar UIDs) is a UUID 5 of it and the event's id, so two sites never mint the "
        "same ids, and they survive a move to another address. `invoke check` and the "
        "exports stop without one. Make one with `python -c \"import uuid; "
        "print(uuid.uuid4())\"` and never change it: feed readers and calendars would see "
        "every event as new", shown="none: **required**")
    export_format: str = setting(
        "parliament-timeline", TEXT, SUBJECT,
        "the `format` field of `timeline.json`, naming the data set")
    primary_source_domains: tuple[str, ...] = setting(
        ["gov.uk", "parliament.uk"], DOMAINS, SUBJECT,
        "the sites (with their sub-domains) whose pages count as primary sources; an event's "
        "first source must be on one of them")

    # Records.
    paths: tuple[str, ...] = setting(
        ["entries"], FOLDERS, RECORDS,
        "the folders holding the events, one Markdown file each ([entry-format.md]"
        "(entry-format.md))")
    bills_path: str = setting(
        "bills", TEXT, RECORDS, "the folder of the bill records, one `<key>.md` each "
        "([entry-format.md](entry-format.md#bill-records))")
    people_path: str = setting(
        "people", TEXT, RECORDS, "the folder of the person records, one `<key>.md` each; a "
        "missing folder means none ([debate-records.md](debate-records.md))")
    amendments_path: str = setting(
        "amendments", TEXT, RECORDS, "the folder of the amendment records; a missing folder "
        "means none")
    divisions_path: str = setting(
        "divisions", TEXT, RECORDS, "the folder of the division records; a missing folder "
        "means none")
    versions_path: str = setting(
        "versions", TEXT, RECORDS, "the folder of the versions of the wording; a missing "
        "folder means none")
    questions_path: str = setting(
        "questions", TEXT, RECORDS, "the folder of the questions in dispute; a missing folder "
        "means none")
    strict: bool = setting(
        False, SWITCH, RECORDS, "`True` (publishing: `publishconf.py`) makes an invalid "
        "record fail the build; otherwise it is a warning and left out")

    # Feeds.
    feeds_path: str = setting(
        "feeds", TEXT, FEEDS, "the folder (under `PATH`) of the feed snapshots `<name>.xml` "
        "and `<name>.json`, written by `fetch-feeds` and read by every build")
    fetch_product: str = setting(
        "pelican-parliament-timeline-fetch/1.0", TEXT, FEEDS,
        "the product token of `fetch-feeds`' User-Agent (the contact URL follows)")
    fetch_deadline: float = setting(
        120, SECONDS, FEEDS,
        "seconds `fetch-feeds` gives each source, all in: connecting, headers, body, every "
        "retry and the waits between them. A source still unfinished then fails; the failure "
        "is recorded in its `.json` and its last good snapshot is kept. A run of N sources "
        "ends within ⌈N / 4⌉ times this ([feeds.md](feeds.md#what-invoke-fetch-feeds-does))")
    feed_max_items: int = setting(
        1000, AT_LEAST_ONE, FEEDS,
        "items used from a feed whose `TIMELINE_FEEDS` entry sets no `max_items`; later items "
        "are dropped with a warning naming the feed, so a huge feed never becomes as many "
        "pages")

    # Parliament's data.
    api_base_urls: dict[str, str] = setting(  # noqa: RUF009 (a field(), with no default)
        SERVICE_URLS, SERVICE_URLS_KIND, OFFICIAL,
        "the base URL of each official data service the importers and the refresh read; "
        "requests add the paths of each service's OpenAPI document (`/api/v1/Bills/{id}`, "
        "`/data/division/{id}.json`, `/data/Divisions/{id}`, `/api/Members/{id}`). Give only "
        "the keys you change (a mirror, or a test server on 127.0.0.1); an unknown key or a "
        "URL that is not http(s) is an error")
    official_path: str = setting(
        "official", TEXT, OFFICIAL,
        "the folder (under `PATH`) of the snapshots of official answers, `<service>/<request "
        "path>`; read by the build and `check`, never fetched by them")

    # Pages and their addresses.
    save_as: str = setting("index.html", PATH, PAGES, "the timeline (the home page)")
    url: str = setting("", PATH, PAGES, "its address")
    entry_save_as: str = setting("events/{slug}/index.html", PATH, PAGES, "an event's page")
    entry_url: str = setting("events/{slug}/", PATH, PAGES, "its address")
    bills_save_as: str = setting("bills/index.html", PATH, PAGES, "the Bills page")
    bills_url: str = setting("bills/", PATH, PAGES, "its address")
    bill_save_as: str = setting("bills/{key}/index.html", PATH, PAGES, "a bill's page")
    bill_url: str = setting("bills/{key}/", PATH, PAGES, "its address")
    stage_save_as: str = setting("stages/{key}/index.html", PATH, PAGES, "a stage's page")
    stage_url: str = setting("stages/{key}/", PATH, PAGES, "its address")
    glossary_save_as: str = setting("glossary/index.html", PATH, PAGES, "the Glossary")
    glossary_url: str = setting("glossary/", PATH, PAGES, "its address")
    people_save_as: str = setting("people/index.html", PATH, PAGES, "the People index")
    people_url: str = setting("people/", PATH, PAGES, "its address")
    person_save_as: str = setting("people/{key}/index.html", PATH, PAGES, "a person's page")
    person_url: str = setting("people/{key}/", PATH, PAGES, "its address")
    questions_save_as: str = setting(
        "questions/index.html", PATH, PAGES, "the questions in dispute")
    questions_url: str = setting("questions/", PATH, PAGES, "its address")
    question_save_as: str = setting(
        "questions/{key}/index.html", PATH, PAGES, "a question's page")
    question_url: str = setting("questions/{key}/", PATH, PAGES, "its address")
    wording_save_as: str = setting(
        "wording/index.html", PATH, PAGES,
        "every version of the wording, each with its redline against the one before")
    wording_url: str = setting("wording/", PATH, PAGES, "its address")
    bill_amendments_save_as: str = setting(
        "bills/{key}/amendments/index.html", PATH, PAGES,
        "a bill's amendments and votes (`{key}`: the bill's key)")
    bill_amendments_url: str = setting("bills/{key}/amendments/", PATH, PAGES, "its address")
    division_save_as: str = setting(
        "divisions/{key}/index.html", PATH, PAGES,
        "a division's page: its party split and how each member voted, from its snapshot")
    division_url: str = setting("divisions/{key}/", PATH, PAGES, "its address")
    feeds_status_save_as: str = setting(
        "feed-status/index.html", PATH, PAGES, "the feed status page")
    feeds_status_url: str = setting("feed-status/", PATH, PAGES, "its address")
    search_save_as: str = setting("search/index.html", PATH, PAGES, "the Search page")
    search_url: str = setting("search/", PATH, PAGES, "its address")
    opendata_save_as: str = setting(
        "data/index.html", PATH, PAGES,
        "the Open data page, which documents every export with real examples")
    opendata_url: str = setting("data/", PATH, PAGES, "its address")
    year_save_as: str = setting(
        "years/{year}/index.html", PATH, PAGES,
        "a year's events, when the timeline has more than `TIMELINE_PAGE_SIZE` (page n at "
        "`years/<year>/<n>/`)")
    year_url: str = setting("years/{year}/", PATH, PAGES, "its address")
    not_found_save_as: str = setting(
        "404.html", PATH, PAGES, "the page for a missing address (GitHub Pages, `invoke "
        "serve` and `invoke livereload` serve it)")
    page_size: int = setting(
        200, AT_LEAST_ONE, PAGES,
        "the most events on one page; a longer timeline gets year pages (the home page shows "
        "the latest events, an event's permalink is on its year's page), and stage and bill "
        "pages are split (page n at `stages/<key>/<n>/`); so are a person's and a question's "
        "pages (their parts, quotes and story), also before one passes about 400 kB of text, "
        "so that no page passes 1 MB")

    # Building.
    as_of: dt.date | None = setting(  # noqa: RUF009 (a field(), with no default)
        "", DAY, BUILD,
        "the day against which due items (`Due: yes`, [entry-format.md](entry-format.md)) are "
        "upcoming or past; empty means the day of the latest event, so the same content "
        "always builds the same site (the build never reads the clock). A due item dated on "
        "or after it is in \"What's next\"; set it (in `publishconf.py`, say) to publish a "
        "later day's view")
    jobs: int = setting(
        0, PROCESSES, BUILD,
        "how many worker processes render the pages once the timeline is built, each a share "
        "of the pages to write (forked, so only where the OS can fork; elsewhere, and with "
        "`1`, the build's own process renders them). The output is the same bytes whatever "
        "the number")
    search_index: bool = setting(
        True, SWITCH, BUILD,
        "index the built site with Pagefind after every build (`pagefind[bin]`, the plugin's "
        "`search` extra), in shards: a bundle per group of years of events and one for the "
        "other pages, in `pagefind/<shard>/` of the output folder")
    search_jobs: int = setting(
        0, PROCESSES, BUILD,
        "how many Pagefind processes index shards at once; peak memory grows with it")
    search_shard_size: int = setting(
        500, AT_LEAST_ONE, BUILD,
        "the fewest event pages in a shard of the search index: consecutive years are grouped "
        "until a shard has this many, and the last shard also holds every other page. A site "
        "this small has one index, with exactly the results of an unsharded one; smaller "
        "shards re-index faster after an edit but rank and match a little differently; `1`: "
        "a shard per year")

    # Exports.
    public_url: str = setting(
        "", TEXT, EXPORTS,
        "the site's public address, for the absolute permalinks the exports (feeds, JSON, "
        "CSV, calendar, TimelineJS) carry even when the pages use relative URLs; empty means "
        "`SITEURL`. One of the two must be an absolute http(s) URL, or the build stops with "
        "an error")
    feed_all_atom: str = setting(
        "feeds/all.atom.xml", PATH, EXPORTS, "the Atom feed of every event")
    feed_bill_atom: str = setting(
        "feeds/bills/{key}.atom.xml", PATH, EXPORTS, "a bill's Atom feed")
    feed_stage_atom: str = setting(
        "feeds/stages/{key}.atom.xml", PATH, EXPORTS, "a stage's Atom feed")
    feed_person_atom: str = setting(
        "feeds/people/{key}.atom.xml", PATH, EXPORTS,
        "a person's feed: the events of their part")
    feed_question_atom: str = setting(
        "feeds/questions/{key}.atom.xml", PATH, EXPORTS,
        "a question's feed: the events of its story")
    feed_amendments_atom: str = setting(
        "feeds/amendments/{key}.atom.xml", PATH, EXPORTS,
        "a bill's amendments feed (`{key}`: the bill's): the events of its amendments and "
        "divisions")
    json_feed: str = setting("feed.json", PATH, EXPORTS, "the JSON Feed of every event")
    json: str = setting("timeline.json", PATH, EXPORTS, "the whole timeline as JSON")
    csv: str = setting("timeline.csv", PATH, EXPORTS, "the events as CSV")
    people_csv: str = setting(
        "people.csv", PATH, EXPORTS,
        "a row per person, from the same values as `timeline.json`'s arrays (as the four "
        "below)")
    questions_csv: str = setting("questions.csv", PATH, EXPORTS, "a row per question")
    amendments_csv: str = setting("amendments.csv", PATH, EXPORTS, "a row per amendment")
    divisions_csv: str = setting("divisions.csv", PATH, EXPORTS, "a row per division")
    versions_csv: str = setting("versions.csv", PATH, EXPORTS, "a row per version of the wording")
    ics: str = setting("timeline.ics", PATH, EXPORTS, "the events as an iCalendar calendar")
    timelinejs: str = setting("timelinejs.json", PATH, EXPORTS, "the events for TimelineJS")
    sqlite: str = setting(
        "timeline.sqlite", PATH, EXPORTS,
        "the timeline as an SQLite database: a table per kind of record, foreign keys between "
        "them, full-text search on the narratives (documented on the Open data page)")
    citation: str = setting(
        "cite/{kind}/{key}.{ext}", PATH, EXPORTS,
        "each work's citation as BibTeX (`{ext}` `bib`) and CSL-JSON (`json`); `{kind}` is "
        "`event`, `bill`, `person`, `question`, `amendment`, `division` or `version`, `{key}` "
        "its slug or key")
    citation_timeline: str = setting(
        "cite/timeline.{ext}", PATH, EXPORTS, "the timeline's own citation")
    citation_version: str = setting(
        "", TEXT, EXPORTS,
        "the timeline's edition as citations give it, a version name; empty means the day of "
        "the latest event or correction, so the same content is always the same edition")
    citation_date: str = setting(
        "", DAY_TEXT, EXPORTS,
        "the edition's date; empty means the day of the latest event or correction")
    share_images: bool = setting(
        True, SWITCH, EXPORTS,
        "a 1200 x 630 PNG share image per event and per bill, named in the pages' Open Graph "
        "and Twitter card metadata; `False` writes none (the metadata stays, without an "
        "image)")
    share_event_image: str = setting(
        "share/events/{slug}.png", PATH, EXPORTS, "an event's share image")
    share_bill_image: str = setting("share/bills/{key}.png", PATH, EXPORTS, "a bill's share image")

    # Pelican's own settings, as the plugin reads them.
    # TIMEZONE: dates with no offset are read in it, days shown in it.
    zone: dt.tzinfo
    # IGNORE_FILES: the files and folders no record folder reads.
    ignore_files: tuple[str, ...] = DEFAULT_IGNORE


def literal(value: Any) -> str:
    """A default as it is written in pelicanconf.py."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


# The settings read where they are used, not by read_settings: they are
# documented here all the same.
ELSEWHERE = (
    Setting("TIMELINE_FEEDS", None, None, None, FEEDS,
            "the official feeds the timeline follows ([feeds.md](feeds.md)), checked with the "
            "line of `pelicanconf.py` that names them; unset means no feeds for the build, "
            "`check`, `fetch-feeds` and `feed-status` alike", shown="unset: no feeds"),
    Setting("TIMELINE_FETCH_CONTACT", None, None, None, FEEDS,
            "the contact URL in `fetch-feeds`' and the importers' User-Agent (else "
            "`$SITEURL`; without either they refuse to fetch)", shown="unset"),
)

# Every TIMELINE_* setting, in the reference's order within each section.
SETTINGS: tuple[Setting, ...] = (
    *(Setting("TIMELINE_" + f.name.upper(), f.name, *f.metadata[_DECLARED])
      for f in fields(TimelineSettings) if _DECLARED in f.metadata),
    *ELSEWHERE,
)
# The declared settings' defaults, by name.
DEFAULTS = {s.name: s.default for s in SETTINGS if s.field is not None}


def read_settings(settings: dict) -> TimelineSettings:
    """Read the TIMELINE_* settings, filling in the defaults.

    Each is checked by its declared kind (TimelineSettingsError names the
    first bad one). The given dict is not modified.
    """
    values = {s.field: s.kind.read(s.name, settings.get(s.name, s.default))
              for s in SETTINGS if s.field is not None}
    try:
        zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise TimelineSettingsError(
            f"TIMEZONE {settings.get('TIMEZONE')!r} is not a known time zone") from None
    return TimelineSettings(**values, zone=zone,
                            ignore_files=tuple(settings.get("IGNORE_FILES", DEFAULT_IGNORE)))


# --- the reference (docs/settings.md) ----------------------------------------------

_PREAMBLE = """\
# Settings reference

<!-- Made by `invoke settings-reference` from the declarations in settings.py:
     change them there, not here. -->

Everything a site says about its subject lives in its `content/` folder (entries,
bill records, pages) and in its `pelicanconf.py`; the plugin itself knows UK
parliamentary procedure, never one law. These are all the plugin's settings, with
their defaults; the plugin reads them once per build, and a site sets only those it
changes.

## Using the plugin

```python
from pelican.plugins import parliament_timeline

PLUGINS = ["parliament_timeline"]
THEME = parliament_timeline.THEME_PATH          # the plugin's complete theme
THEME_TEMPLATES_OVERRIDES = ["theme/templates"]  # optional: your own templates by name
TIMEZONE = "Europe/London"                       # dates are read and shown in it
```

`parliament-timeline new-site PATH --title "TITLE"` writes such a `pelicanconf.py` for you.

A site asks for the timeline by setting any `TIMELINE_*` setting or by using the
plugin's theme. With `PLUGINS` unset, Pelican loads every installed namespace plugin;
on a site that does neither, the plugin does nothing (one info line says so), so
installing it beside another Pelican site changes nothing there.

The plugin also reads two of Pelican's own settings: `TIMEZONE` (default `UTC`: a
date alone is midnight there, a time with no offset is clock time there, and days are
counted there) and `IGNORE_FILES` (the files no record folder reads).
"""

_POSTSCRIPT = """\
## Procedure (not settings)

Stages, chambers, Houses and bill outcomes are UK parliamentary procedure, defined once in
`procedure.py`, each stage with what it means for the rest of the plugin: its order in a
bill's passage, whether it may be dated ahead (`schedulable`), its marker (`kind`), the
legal status it gives when it is the latest step of a carrying bill (`status`), its tracker
abbreviation (`short_label`), whether a later step proves it (`implied_by_later`) and who
usually acts at it (`default_chamber`). The site's Glossary page lists them.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def settings_reference() -> str:
    """The settings reference (docs/settings.md), made from the declarations."""
    parts = [_PREAMBLE]
    for section in SECTIONS:
        parts.append(f"## {section.title}\n")
        if section.intro:
            parts.append(section.intro + "\n")
        rows = ["| setting | default | value | meaning |", "| --- | --- | --- | --- |"]
        for s in SETTINGS:
            if s.section is section:
                words = s.kind.words if s.kind else "see the meaning"
                rows.append(f"| `{s.name}` | {_cell(s.default_words)} | {_cell(words)} | "
                            f"{_cell(s.doc)} |")
        parts.append("\n".join(rows) + "\n")
    parts.append(_POSTSCRIPT)
    return "\n".join(parts)
