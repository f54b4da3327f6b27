"""Pelican settings for development builds (``invoke build``, ``invoke serve``).

publishconf.py imports these and changes what publishing needs.
"""

import os

from pelican.plugins import parliament_timeline

AUTHOR = "The deepfake offence timeline editors"
SITENAME = "Deepfakes and the law: a UK timeline"
SITESUBTITLE = (
    "How creating a sexually explicit deepfake without consent became a "
    "criminal offence in England and Wales, step by step, from the primary sources"
)
SITEURL = ""

PATH = "content"
TIMEZONE = "Europe/London"
# The content cache (on in the development tasks: invoke build, regenerate,
# livereload) is kept uncompressed: a preview rebuild then loads and saves it
# several times faster, for some more disk in cache/.
GZIP_CACHE = False
DEFAULT_LANG = "en-GB"
LOCALE = ("C",)

# The plugin ships a complete theme; templates in theme/templates/ here
# override any of its templates by name.
PLUGINS = ["parliament_timeline"]
THEME = parliament_timeline.THEME_PATH
THEME_TEMPLATES_OVERRIDES = [os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "theme", "templates")]

# The timeline plugin reads the entries; Pelican itself only builds the
# static pages (About, Method, ...). There are no blog articles.
TIMELINE_PATHS = ["entries"]
TIMELINE_STRICT = False
# What this timeline follows, as the pages say it ("No bill carrying the
# offence has been before Parliament yet").
TIMELINE_SUBJECT = "the offence"
TIMELINE_SUBJECT_LONG = "the offence of creating a sexually explicit deepfake"
# This site's own namespace for its events' permanent ids (urn:uuid:): never
# change it, or feed readers and calendars see every event as new.
TIMELINE_ID_NAMESPACE = "3f0c2d55-8a5e-4c55-9d36-0d6c1b1e7a42"
# The name of this site's data set in timeline.json ("format").
TIMELINE_EXPORT_FORMAT = "deepfake-law-timeline"
# How fetch-feeds names itself to the feeds' publishers (with a contact URL).
TIMELINE_FETCH_PRODUCT = "uk-deepfake-offence-timeline-fetch/1.0"
# The official feeds (TIMELINE_FEEDS, at the end of this file; the plugin's docs/feeds.md)
# are read from the snapshots in content/feeds/, never from the network, by
# the build.
# `invoke fetch-feeds` names this contact URL in its User-Agent: set it (or
# the environment variable) to the published site's About page or to the
# repository, e.g. https://example.org/about/. Unset, the fetch falls back to
# $SITEURL and refuses to run without either.
TIMELINE_FETCH_CONTACT = os.environ.get("TIMELINE_FETCH_CONTACT") or None
# The address the exports (feeds, JSON, CSV, calendar, TimelineJS) give for
# every permalink, which must be absolute even when pages link relatively.
# In development, the local server of `invoke serve`; publishconf.py uses
# SITEURL. See TIMELINE_PUBLIC_URL in the plugin's docs/settings.md.
TIMELINE_PUBLIC_URL = "http://localhost:8000"
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# No feeds in development builds.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = False
RELATIVE_URLS = True

# Pages in the site's menu, in order: (title, URL relative to the site).
MENUITEMS = (
    ("Timeline", ""),
    ("Bills", "bills/"),
    ("Questions", "questions/"),
    ("Wording", "wording/"),
    ("People", "people/"),
    ("Glossary", "glossary/"),
    ("Search", "search/"),
    ("Open data", "data/"),
    ("Feed status", "feed-status/"),
)
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Escape every value in templates by default: entries and feed items are
# text; only rendered Markdown bodies are marked safe, in the templates.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}


# The official feeds this timeline follows (the plugin's docs/feeds.md describes every
# key; `invoke check` checks them). Each names its publisher's rules with
# `kind` (how items are told apart and dated), never left to the URL. The URLs are those of
# shared/research/feeds.md, section 7. bills.parliament.uk single-bill feeds:
# each item's description reads "{bill title}: House of Commons 1st reading",
# so an `include` on the bill's title both keeps the feed on topic and guards
# against a wrong bill id (whose items the filter then drops).
TIMELINE_FEEDS = [
    {
        # Bill id NOT CONFIRMED. feeds.md: "probably 3511; not verified";
        # resolve it once with the bills search at bills.parliament.uk or
        # https://bills-api.parliament.uk/api/v1/Bills?SearchTerm=Criminal%20Justice%20Bill
        # The include pattern drops the items of any other bill.
        "name": "bill-criminal-justice-2023-24",
        "url": "https://bills.parliament.uk/rss/bills/3511.rss",
        "kind": "parliament-bills-rss",
        "publisher": "UK Parliament: Criminal Justice Bill 2023-24",
        "bill": "criminal-justice-bill-2023-24",
        "chamber": "commons",
        "include": [r"Criminal Justice Bill"],
        "stages": "bills.parliament.uk",
        "stage": "publication",
    },
    {
        # Bill id NOT CONFIRMED. feeds.md guesses 3746 (not verified); a
        # third-party bill tracker (parliamentary.ai/bill/3759) gives 3759 for
        # this exact title and long title, so 3759 is used. Resolve it as above
        # (SearchTerm=Non-Consensual%20Sexually%20Explicit).
        "name": "bill-non-consensual-images-hl",
        "url": "https://bills.parliament.uk/rss/bills/3759.rss",
        "kind": "parliament-bills-rss",
        "publisher": (
            "UK Parliament: Non-Consensual Sexually Explicit Images and Videos (Offences) Bill [HL]"
        ),
        "bill": "non-consensual-sexually-explicit-images-bill-hl",
        "chamber": "lords",
        "include": [r"Non-Consensual Sexually Explicit Images"],
        "stages": "bills.parliament.uk",
        "stage": "publication",
    },
    {
        # Bill id 3825 confirmed (saved allbills.rss snapshot, feeds.md 2b/7).
        "name": "bill-data-use-and-access",
        "url": "https://bills.parliament.uk/rss/bills/3825.rss",
        "kind": "parliament-bills-rss",
        "publisher": "UK Parliament: Data (Use and Access) Bill [HL]",
        "bill": "data-use-and-access-bill-hl",
        "chamber": "lords",
        "include": [r"Data \(Use and Access\) Bill"],
        "stages": "bills.parliament.uk",
        "stage": "publication",
    },
    {
        # Bill id 3938: seen only in third-party files (feeds.md 7), and the
        # bills registry links bills.parliament.uk/bills/3938.
        "name": "bill-crime-and-policing",
        "url": "https://bills.parliament.uk/rss/bills/3938.rss",
        "kind": "parliament-bills-rss",
        "publisher": "UK Parliament: Crime and Policing Bill",
        "bill": "crime-and-policing-bill-2024-26",
        "chamber": "commons",
        "include": [r"Crime and Policing Bill"],
        "stages": "bills.parliament.uk",
        "stage": "publication",
    },
    {
        # GOV.UK organisation feed: 20 latest items of all MoJ news, so only
        # the ones on the offence are kept. Entry ids change on every update
        # (feeds.md 4): key items on their link.
        "name": "govuk-ministry-of-justice",
        "url": "https://www.gov.uk/government/organisations/ministry-of-justice.atom",
        "kind": "govuk-atom",
        "publisher": "GOV.UK: Ministry of Justice",
        "chamber": "government",
        "include": [
            r"deepfake",
            r"intimate image",
            r"sexually explicit",
            r"purported sexual image",
            r"image[- ]based (sexual )?abuse",
        ],
        "stages": [
            [
                r"^(Open consultation|Closed consultation|Consultation outcome):",
                "consultation",
            ],
            [
                r"^(Policy paper|Guidance|Impact assessment|Research and analysis):",
                "publication",
            ],
            [r"^(Oral|Written) statement to Parliament:", "statement"],
        ],
        "stage": "announcement",
    },
    {
        # Publication log of the Data (Use and Access) Act 2025 (ukpga/2025/18,
        # as in the bills registry), feeds.md 7 ("Legislation: Publication Log
        # for an Act"). Section 138 inserts the creating offence.
        "name": "legislation-data-use-and-access-act-2025",
        "url": "https://www.legislation.gov.uk/update/ukpga/2025/18/data.feed",
        "kind": "legislation-atom",
        "publisher": "legislation.gov.uk: Data (Use and Access) Act 2025",
        "bill": "data-use-and-access-bill-hl",
        "chamber": "government",
        "stage": "publication",
        "max_items": 50,
    },
    {
        # TheyWorkForYou keyword search (feeds.md 5): debates, written answers
        # and committee sittings. No guid, date-only precision. Hansard itself
        # has no feed (feeds.md 6).
        "name": "twfy-deepfake",
        "url": "https://www.theyworkforyou.com/search/rss/?s=deepfake",
        "kind": "theyworkforyou-rss",
        "publisher": "TheyWorkForYou: Parliament search for 'deepfake'",
        "stage": "debate",
    },
    {
        "name": "twfy-purported-sexual-image",
        "url": "https://www.theyworkforyou.com/search/rss/?s=%22purported+sexual+image%22",
        "kind": "theyworkforyou-rss",
        "publisher": "TheyWorkForYou: Parliament search for 'purported sexual image'",
        "stage": "debate",
    },
]
