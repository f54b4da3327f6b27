"""The plugin's settings, read once from Pelican's settings with defaults.

Every ``TIMELINE_*`` setting is documented here (and in docs/settings.md);
``pelicanconf.py`` only sets those it changes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Pelican's default IGNORE_FILES, for settings read without Pelican's
# defaults: its current default ("**/.*", hidden files) and its older one
# (".#*", editors' lock files).
DEFAULT_IGNORE = ("**/.*", ".#*", "__pycache__")

DEFAULTS = {
    # Folders (under PATH) holding the hand-written entries.
    "TIMELINE_PATHS": ["entries"],
    # The folder (under PATH) of the bill records, one <key>.md per bill.
    "TIMELINE_BILLS_PATH": "bills",
    # The folders (under PATH) of the records of the debate, one <key>.md per
    # record (docs/debate-records.md); a missing folder means none.
    "TIMELINE_PEOPLE_PATH": "people",
    "TIMELINE_AMENDMENTS_PATH": "amendments",
    "TIMELINE_DIVISIONS_PATH": "divisions",
    "TIMELINE_VERSIONS_PATH": "versions",
    "TIMELINE_QUESTIONS_PATH": "questions",
    # What the timeline follows, as a noun phrase that reads in a sentence:
    # "the offence", "the ban", "the right to repair". Pages say e.g. "No
    # bill carrying <subject> has been before Parliament yet".
    "TIMELINE_SUBJECT": "the law",
    # The subject at more length, for page descriptions; empty means
    # TIMELINE_SUBJECT.
    "TIMELINE_SUBJECT_LONG": "",
    # The sites whose pages count as primary sources, with their
    # sub-domains; an event's first source must be on one of them.
    "TIMELINE_PRIMARY_SOURCE_DOMAINS": ["gov.uk", "parliament.uk"],
    # When true (publishconf.py), an invalid entry fails the build; when
    # false (development), it is reported as a warning and left out.
    "TIMELINE_STRICT": False,
    # Where the timeline and its pages are written, and their URLs. {slug}
    # is an entry's permanent id, {key} a bill's or a stage's key.
    "TIMELINE_SAVE_AS": "index.html",
    "TIMELINE_URL": "",
    "TIMELINE_ENTRY_SAVE_AS": "events/{slug}/index.html",
    "TIMELINE_ENTRY_URL": "events/{slug}/",
    "TIMELINE_BILLS_SAVE_AS": "bills/index.html",
    "TIMELINE_BILLS_URL": "bills/",
    "TIMELINE_BILL_SAVE_AS": "bills/{key}/index.html",
    "TIMELINE_BILL_URL": "bills/{key}/",
    "TIMELINE_STAGE_SAVE_AS": "stages/{key}/index.html",
    "TIMELINE_STAGE_URL": "stages/{key}/",
    "TIMELINE_GLOSSARY_SAVE_AS": "glossary/index.html",
    "TIMELINE_GLOSSARY_URL": "glossary/",
    # The pages of the records of the debate (docs/debate-records.md): the
    # People and Questions indexes, a page per person and per question
    # ({key}: the record's key), the versions of the wording with their
    # redlines, and each bill's amendments and votes ({key}: the bill's key).
    "TIMELINE_PEOPLE_SAVE_AS": "people/index.html",
    "TIMELINE_PEOPLE_URL": "people/",
    "TIMELINE_PERSON_SAVE_AS": "people/{key}/index.html",
    "TIMELINE_PERSON_URL": "people/{key}/",
    "TIMELINE_QUESTIONS_SAVE_AS": "questions/index.html",
    "TIMELINE_QUESTIONS_URL": "questions/",
    "TIMELINE_QUESTION_SAVE_AS": "questions/{key}/index.html",
    "TIMELINE_QUESTION_URL": "questions/{key}/",
    "TIMELINE_WORDING_SAVE_AS": "wording/index.html",
    "TIMELINE_WORDING_URL": "wording/",
    "TIMELINE_BILL_AMENDMENTS_SAVE_AS": "bills/{key}/amendments/index.html",
    "TIMELINE_BILL_AMENDMENTS_URL": "bills/{key}/amendments/",
    # The folder (under PATH) of the feed snapshots <name>.xml and <name>.json
    # (docs/feeds.md). The feeds themselves are TIMELINE_FEEDS, read by
    # feeds.config.read_feed_configs; no TIMELINE_FEEDS means no feeds.
    "TIMELINE_FEEDS_PATH": "feeds",
    # The feed status page.
    "TIMELINE_FEEDS_STATUS_SAVE_AS": "feed-status/index.html",
    "TIMELINE_FEEDS_STATUS_URL": "feed-status/",
    "TIMELINE_SEARCH_SAVE_AS": "search/index.html",
    "TIMELINE_SEARCH_URL": "search/",
    # The most events listed on one page. A longer timeline is split: each
    # year gets its own pages (TIMELINE_YEAR_*; parts of at most this many
    # events, page n of a year at years/<year>/<n>/), the home page shows
    # only the latest events, and stage and bill pages are split likewise
    # (page n at stages/<key>/<n>/). An event's permalink anchor then lives
    # on its year's page.
    "TIMELINE_PAGE_SIZE": 200,
    "TIMELINE_YEAR_SAVE_AS": "years/{year}/index.html",
    "TIMELINE_YEAR_URL": "years/{year}/",
    # When true, Pagefind indexes the built site after every build, in
    # shards (a bundle per year of events and one for the other pages, in
    # pagefind/<shard>/ of the output folder; site/searchshards.py).
    "TIMELINE_SEARCH_INDEX": True,
    # How many Pagefind processes index shards at once; 0 means one per
    # CPU this process may use. Peak memory grows with it.
    "TIMELINE_SEARCH_JOBS": 0,
    # How many worker processes render the pages once the context is built;
    # 0 means one per CPU this process may use, 1 renders in the build's own
    # process (as where the OS cannot fork). The output is the same bytes.
    "TIMELINE_JOBS": 0,
    # The fewest entry pages in a shard of the search index: consecutive
    # years are grouped until a shard has this many, and the last shard
    # also holds every other page. A site this small has one index, and
    # exactly the results of an unsharded one; smaller shards re-index
    # faster after an edit but rank and match a little differently
    # (docs/performance.md, "Search in shards"). 1: a shard per year.
    "TIMELINE_SEARCH_SHARD_SIZE": 500,
    # The site's public address, for the absolute permalinks the exports
    # (feeds, JSON, CSV, calendar, TimelineJS) must carry even when the pages
    # use relative URLs. Empty means SITEURL; one of the two must be an
    # absolute http(s) URL, or the build stops with an error.
    "TIMELINE_PUBLIC_URL": "",
    # Namespace of the events' permanent ids (urn:uuid:, a UUID 5 of this
    # namespace and the event's slug), used as Atom and JSON Feed ids and
    # iCalendar UIDs. Every site sets its own (python -c "import uuid;
    # print(uuid.uuid4())"): there is no default, so two sites never mint
    # the same ids; `invoke check` and the exports stop without one. Never
    # change it: feed readers and calendars would see every event as new. It
    # does not depend on the site's address, so the ids survive a move.
    "TIMELINE_ID_NAMESPACE": "",
    # The "format" field of timeline.json, naming the site's data set.
    "TIMELINE_EXPORT_FORMAT": "parliament-timeline",
    # The product token of fetch-feeds' User-Agent (the contact URL follows).
    "TIMELINE_FETCH_PRODUCT": "pelican-parliament-timeline-fetch/1.0",
    # Seconds fetch-feeds gives each source, all in: connecting, headers, body,
    # every retry and the waits between them. A source still unfinished then
    # fails (recorded in its .json; its last good snapshot is kept).
    "TIMELINE_FETCH_DEADLINE": 120,
    # Items used from a feed whose TIMELINE_FEEDS entry sets no max_items;
    # later items are dropped with a warning naming the feed.
    "TIMELINE_FEED_MAX_ITEMS": 1000,
    # The base URL of each official data service the importers and the
    # refresh read (docs/official-data.md); requests add the paths of each
    # service's OpenAPI document. A site (or a test) sets only the keys it
    # changes; the others keep these defaults.
    "TIMELINE_API_BASE_URLS": {
        "bills": "https://bills-api.parliament.uk",
        "commons-votes": "https://commonsvotes-api.parliament.uk",
        "lords-votes": "https://lordsvotes-api.parliament.uk",
        "members": "https://members-api.parliament.uk",
        "legislation": "https://www.legislation.gov.uk",
    },
    # The folder (under PATH) of the snapshots of official data: one file per
    # request, content/official/<service>/<request path> (docs/official-data.md).
    "TIMELINE_OFFICIAL_PATH": "official",
    # Each division's own page: its party split and how each member voted.
    "TIMELINE_DIVISION_SAVE_AS": "divisions/{key}/index.html",
    "TIMELINE_DIVISION_URL": "divisions/{key}/",
    # Where the exports are written (relative to the output folder, which is
    # also their URL); {key} is a bill's or a stage's key.
    "TIMELINE_FEED_ALL_ATOM": "feeds/all.atom.xml",
    "TIMELINE_FEED_BILL_ATOM": "feeds/bills/{key}.atom.xml",
    "TIMELINE_FEED_STAGE_ATOM": "feeds/stages/{key}.atom.xml",
    # The feeds a reader follows one record by ({key}: the person's, the
    # question's, the bill's key): the events of a person's part, of a
    # question's story, of a bill's amendments and divisions.
    "TIMELINE_FEED_PERSON_ATOM": "feeds/people/{key}.atom.xml",
    "TIMELINE_FEED_QUESTION_ATOM": "feeds/questions/{key}.atom.xml",
    "TIMELINE_FEED_AMENDMENTS_ATOM": "feeds/amendments/{key}.atom.xml",
    "TIMELINE_JSON_FEED": "feed.json",
    "TIMELINE_JSON": "timeline.json",
    "TIMELINE_CSV": "timeline.csv",
    # One CSV file per kind of record of the debate (docs/debate-records.md):
    # a row per record, cut from the same values as timeline.json's arrays.
    "TIMELINE_PEOPLE_CSV": "people.csv",
    "TIMELINE_QUESTIONS_CSV": "questions.csv",
    "TIMELINE_AMENDMENTS_CSV": "amendments.csv",
    "TIMELINE_DIVISIONS_CSV": "divisions.csv",
    "TIMELINE_VERSIONS_CSV": "versions.csv",
    "TIMELINE_ICS": "timeline.ics",
    "TIMELINE_TIMELINEJS": "timelinejs.json",
    # The timeline as an SQLite database: a table per kind of record, foreign
    # keys between them, full-text search on the narratives (exports/sqlitedb.py).
    "TIMELINE_SQLITE": "timeline.sqlite",
    # The citation files of each work (exports/cite.py): {kind} is event,
    # bill, person, question, amendment, division or version, {key} its slug
    # or key, {ext} "bib" (BibTeX) or "json" (CSL-JSON); and the timeline's.
    "TIMELINE_CITATION": "cite/{kind}/{key}.{ext}",
    "TIMELINE_CITATION_TIMELINE": "cite/timeline.{ext}",
    # The timeline's edition, as citations give it: a version name and a
    # date (YYYY-MM-DD). Empty: the day of the latest event or correction,
    # for both; so the same content is always the same edition.
    "TIMELINE_CITATION_VERSION": "",
    "TIMELINE_CITATION_DATE": "",
    # The share images (site/shareimages.py): a 1200 x 630 PNG card per
    # event ({slug}) and per bill ({key}), given to social sites in each
    # page's Open Graph and Twitter card metadata. False: no images (the
    # metadata is still written, without an image).
    "TIMELINE_SHARE_IMAGES": True,
    "TIMELINE_SHARE_EVENT_IMAGE": "share/events/{slug}.png",
    "TIMELINE_SHARE_BILL_IMAGE": "share/bills/{key}.png",
    # The Open data page, which documents every export with real examples.
    "TIMELINE_OPENDATA_SAVE_AS": "data/index.html",
    "TIMELINE_OPENDATA_URL": "data/",
    # The day against which due items (``Due: yes``) are judged upcoming or
    # past, YYYY-MM-DD. Empty: the day of the latest event on the timeline,
    # so that the same content always builds the same site (the build never
    # reads the clock); a due item on or after that day is in "What's next".
    "TIMELINE_AS_OF": "",
    # The page served for a missing address (GitHub Pages and `invoke serve`
    # look for 404.html at the top of the site).
    "TIMELINE_NOT_FOUND_SAVE_AS": "404.html",
}


# The settings that are not strings (lists, switches, a number).
NOT_STRINGS = ("TIMELINE_PATHS", "TIMELINE_STRICT", "TIMELINE_SEARCH_INDEX",
               "TIMELINE_SHARE_IMAGES",
               "TIMELINE_SEARCH_JOBS", "TIMELINE_SEARCH_SHARD_SIZE", "TIMELINE_PAGE_SIZE",
               "TIMELINE_JOBS",
               "TIMELINE_PRIMARY_SOURCE_DOMAINS", "TIMELINE_FETCH_DEADLINE",
               "TIMELINE_FEED_MAX_ITEMS", "TIMELINE_API_BASE_URLS")


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


class TimelineSettingsError(ValueError):
    """A TIMELINE_* setting has a value of the wrong kind."""


@dataclass(frozen=True)
class TimelineSettings:
    """The TIMELINE_* settings, typed."""

    paths: tuple[str, ...]
    strict: bool
    bills_path: str
    people_path: str
    amendments_path: str
    divisions_path: str
    versions_path: str
    questions_path: str
    subject: str
    subject_long: str
    primary_source_domains: tuple[str, ...]
    # Pelican's TIMEZONE: dates with no offset are read in it, days shown in it.
    zone: dt.tzinfo
    save_as: str
    url: str
    entry_save_as: str
    entry_url: str
    bills_save_as: str
    bills_url: str
    bill_save_as: str
    bill_url: str
    stage_save_as: str
    stage_url: str
    glossary_save_as: str
    glossary_url: str
    people_save_as: str
    people_url: str
    person_save_as: str
    person_url: str
    questions_save_as: str
    questions_url: str
    question_save_as: str
    question_url: str
    wording_save_as: str
    wording_url: str
    bill_amendments_save_as: str
    bill_amendments_url: str
    feeds_path: str
    feeds_status_save_as: str
    feeds_status_url: str
    search_save_as: str
    search_url: str
    search_index: bool
    search_jobs: int
    jobs: int
    search_shard_size: int
    page_size: int
    year_save_as: str
    year_url: str
    public_url: str
    id_namespace: str
    export_format: str
    fetch_product: str
    fetch_deadline: float
    feed_max_items: int
    # Official data services: key -> base URL (no trailing slash).
    api_base_urls: dict[str, str]
    official_path: str
    division_save_as: str
    division_url: str
    feed_all_atom: str
    feed_bill_atom: str
    feed_stage_atom: str
    feed_person_atom: str
    feed_question_atom: str
    feed_amendments_atom: str
    json_feed: str
    json: str
    csv: str
    people_csv: str
    questions_csv: str
    amendments_csv: str
    divisions_csv: str
    versions_csv: str
    ics: str
    timelinejs: str
    sqlite: str
    citation: str
    citation_timeline: str
    citation_version: str
    citation_date: str
    share_images: bool
    share_event_image: str
    share_bill_image: str
    opendata_save_as: str
    opendata_url: str
    # TIMELINE_AS_OF read as a date; None: the latest event's day.
    as_of: dt.date | None
    not_found_save_as: str
    # Pelican's IGNORE_FILES: the files and folders no record folder reads.
    ignore_files: tuple[str, ...] = DEFAULT_IGNORE


def api_base_urls(value) -> dict[str, str]:
    """TIMELINE_API_BASE_URLS checked: known keys, http(s) URLs, over the defaults."""
    defaults = DEFAULTS["TIMELINE_API_BASE_URLS"]
    if not isinstance(value, dict):
        raise TimelineSettingsError("TIMELINE_API_BASE_URLS must be a dict of service: URL")
    urls = dict(defaults)
    for key, url in value.items():
        if key not in defaults:
            raise TimelineSettingsError(
                f"TIMELINE_API_BASE_URLS: unknown service {key!r} (services are: "
                f"{', '.join(defaults)})")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise TimelineSettingsError(
                f"TIMELINE_API_BASE_URLS[{key!r}] must be an http(s) URL, not {url!r}")
        urls[key] = url.rstrip("/")
    return urls


def read_settings(settings: dict) -> TimelineSettings:
    """Read the TIMELINE_* settings, filling in the defaults.

    The given dict is not modified.
    """
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    paths = merged["TIMELINE_PATHS"]
    if isinstance(paths, str) or not all(isinstance(p, str) for p in paths):
        raise TimelineSettingsError("TIMELINE_PATHS must be a list of folder names")
    for key, value in merged.items():
        if key not in NOT_STRINGS and not isinstance(value, str):
            raise TimelineSettingsError(f"{key} must be a string")
    domains = merged["TIMELINE_PRIMARY_SOURCE_DOMAINS"]
    if isinstance(domains, str) or not all(isinstance(d, str) and d for d in domains):
        raise TimelineSettingsError(
            "TIMELINE_PRIMARY_SOURCE_DOMAINS must be a list of domain names")
    try:
        zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise TimelineSettingsError(
            f"TIMEZONE {settings.get('TIMEZONE')!r} is not a known time zone") from None
    page_size = merged["TIMELINE_PAGE_SIZE"]
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise TimelineSettingsError("TIMELINE_PAGE_SIZE must be a whole number of at least 1")
    jobs = merged["TIMELINE_SEARCH_JOBS"]
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise TimelineSettingsError("TIMELINE_SEARCH_JOBS must be a whole number, 0 or more")
    render_jobs = merged["TIMELINE_JOBS"]
    if isinstance(render_jobs, bool) or not isinstance(render_jobs, int) or render_jobs < 0:
        raise TimelineSettingsError("TIMELINE_JOBS must be a whole number, 0 or more")
    shard_size = merged["TIMELINE_SEARCH_SHARD_SIZE"]
    if isinstance(shard_size, bool) or not isinstance(shard_size, int) or shard_size < 1:
        raise TimelineSettingsError(
            "TIMELINE_SEARCH_SHARD_SIZE must be a whole number of at least 1")
    deadline = merged["TIMELINE_FETCH_DEADLINE"]
    if isinstance(deadline, bool) or not isinstance(deadline, (int, float)) or not (
            0 < deadline <= 3600):
        raise TimelineSettingsError(
            "TIMELINE_FETCH_DEADLINE must be a number of seconds, more than 0 and at most 3600")
    max_items = merged["TIMELINE_FEED_MAX_ITEMS"]
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        raise TimelineSettingsError(
            "TIMELINE_FEED_MAX_ITEMS must be a whole number of at least 1")
    try:
        as_of = (dt.date.fromisoformat(merged["TIMELINE_AS_OF"]) if merged["TIMELINE_AS_OF"]
                 else None)
    except ValueError:
        raise TimelineSettingsError(
            f"TIMELINE_AS_OF {merged['TIMELINE_AS_OF']!r} is not a date: use YYYY-MM-DD, "
            "or leave it empty") from None
    if merged["TIMELINE_CITATION_DATE"]:
        try:
            dt.date.fromisoformat(merged["TIMELINE_CITATION_DATE"])
        except ValueError:
            raise TimelineSettingsError(
                "TIMELINE_CITATION_DATE must be a date, YYYY-MM-DD, or empty") from None
    return TimelineSettings(
        paths=tuple(paths),
        api_base_urls=api_base_urls(merged["TIMELINE_API_BASE_URLS"]),
        strict=bool(merged["TIMELINE_STRICT"]),
        primary_source_domains=tuple(d.lower() for d in domains),
        zone=zone,
        **{
            key.removeprefix("TIMELINE_").lower(): value
            for key, value in merged.items()
            if key not in NOT_STRINGS and key != "TIMELINE_AS_OF"
        },
        as_of=as_of,
        search_index=bool(merged["TIMELINE_SEARCH_INDEX"]),
        share_images=bool(merged["TIMELINE_SHARE_IMAGES"]),
        search_jobs=jobs or available_cpus(),
        jobs=render_jobs or available_cpus(),
        search_shard_size=shard_size,
        page_size=page_size,
        ignore_files=tuple(settings.get("IGNORE_FILES", DEFAULT_IGNORE)),
        fetch_deadline=float(deadline),
        feed_max_items=max_items,
    )
