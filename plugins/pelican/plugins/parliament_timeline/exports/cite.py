"""Citations of the timeline and of each of its pages: OSCOLA, BibTeX and CSL-JSON.

Every event, bill, person, question, amendment, division and version of the
wording, and the timeline as a whole, is a *work* a reader may cite: its
title, its page's absolute address, the date it was last changed and who
publishes it. From one work come

- an OSCOLA reference (the Oxford Standard for the Citation of Legal
  Authorities, its rule for websites: ``Author, 'Title' (Website, Date)
  <URL> accessed Date``). The access date is the reader's, so the page
  adds it when the reader copies the citation (site.js), never the build;
- a BibTeX entry (``@misc``, with biblatex's ``date`` and ``urldate``-free
  fields), which BibTeX, biblatex and Zotero read;
- a CSL-JSON item (``type: webpage``), what Zotero, Mendeley and citeproc
  read; a file holds an array of one item, as the CSL data schema wants.

Dates are deterministic: an event's is when its record last changed (its
date or its latest correction, :func:`.common.updated`); every other
record's, and the timeline's, is the timeline's *edition*: the day of its
latest change (or ``TIMELINE_CITATION_DATE``), with ``TIMELINE_CITATION_VERSION``
as its version (by default that day, ``YYYY-MM-DD``). Nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from ..model import Entry, Timeline
from ..records.amendments import Amendment
from ..records.bills import Bill
from ..records.divisions import Division
from ..records.people import PersonRecord
from ..records.questions import Question
from ..records.versions import Version
from .common import ExportSite, dump_json, newest, updated

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
# The kinds of work, as the citation files' folder names give them.
KINDS = ("event", "bill", "person", "question", "amendment", "division", "version")
# What each kind is called on the page ("Cite this event").
NOUNS = {"event": "event", "bill": "bill", "person": "page", "question": "question",
         "amendment": "amendment", "division": "division", "version": "version",
         "timeline": "timeline"}


def long_date(day: dt.date) -> str:
    """'16 April 2024', as OSCOLA writes a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Edition:
    """The timeline as one citable edition: its version and its date."""

    version: str
    date: dt.date


def edition(timeline: Timeline, version: str = "", date: str = "",
            zone: dt.tzinfo | None = None) -> Edition:
    """The timeline's edition: ``date`` (``YYYY-MM-DD``) or the day of its latest change,
    and ``version`` or that day.

    An empty timeline without a date setting is dated 1 January 1970, as
    the feeds are: never the build's day.
    """
    day = (dt.date.fromisoformat(date) if date
           else newest(timeline.entries).astimezone(zone).date())
    return Edition(version or day.isoformat(), day)


@dataclass(frozen=True)
class Work:
    """Something a reader cites: one page or card of the site, or the whole timeline."""

    kind: str
    key: str
    title: str
    # The page (and anchor) relative to the site's root, and as an absolute URL.
    path: str
    url: str
    date: dt.date
    version: str | None = None

    @property
    def id(self) -> str:
        """The citation key of BibTeX and the id of CSL-JSON: ``kind:key``."""
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Citation:
    """A work's citation in every style, and the paths of its files."""

    work: Work
    # The OSCOLA reference up to the address, and after it (before the access date).
    oscola_head: str
    bibtex: str
    csl_json: str
    bib_path: str
    json_path: str

    @property
    def anchor(self) -> str:
        """The id of the citation on its page, unique on any page."""
        return f"cite-{self.work.kind}-{self.work.key}"

    @property
    def noun(self) -> str:
        """What the work is called on its page ("event", "amendment")."""
        return NOUNS[self.work.kind]

    @property
    def oscola(self) -> str:
        """The OSCOLA reference as text, without the reader's access date."""
        return f"{self.oscola_head} <{self.work.url}>"


# BibTeX's special characters in text fields, and how to write each.
_BIBTEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_text(text: str) -> str:
    """Text as a BibTeX field value writes it: special characters escaped."""
    return "".join(_BIBTEX.get(c, c) for c in " ".join(text.split()))


def bibtex_url(url: str) -> str:
    """A URL in a BibTeX field: braces and spaces percent-encoded (a brace
    would end the field)."""
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")


def bibtex(work: Work, site: ExportSite) -> str:
    """The work as one BibTeX ``@misc`` entry (title and author braced whole, so their
    capitals are kept and the author is one organisation)."""
    fields = [
        ("author", "{" + bibtex_text(site.author) + "}"),
        ("title", "{" + bibtex_text(work.title) + "}"),
        ("howpublished", bibtex_text(site.title)),
        ("organization", bibtex_text(site.author)),
        ("year", str(work.date.year)),
        ("month", str(work.date.month)),
        ("date", work.date.isoformat()),
    ]
    if work.version:
        fields.append(("version", bibtex_text(work.version)))
    fields.append(("url", bibtex_url(work.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{work.id},\n{body}\n}}\n"


def csl_item(work: Work, site: ExportSite) -> dict:
    """The work as one CSL-JSON item (a web page of the site, by its publisher)."""
    item = {
        "id": work.id,
        "type": "webpage",
        "title": work.title,
        "container-title": site.title,
        "author": [{"literal": site.author}],
        "publisher": site.author,
        "issued": {"date-parts": [[work.date.year, work.date.month, work.date.day]]},
        "URL": work.url,
    }
    if work.version:
        item["version"] = work.version
    return item


def oscola_head(work: Work, site: ExportSite) -> str:
    """OSCOLA's ``Author, 'Title' (Website, Date)``.

    The author is the site's publisher (AUTHOR); OSCOLA starts with the
    title when no one is named, as when AUTHOR is the site's own name.
    """
    where = f"{site.title}, {long_date(work.date)}"
    if work.version:
        where = f"{site.title}, version {work.version}, {long_date(work.date)}"
    title = f"\u2018{work.title}\u2019 ({where})"
    if site.author and site.author != site.title:
        return f"{site.author}, {title}"
    return title


class Citer:
    """Makes the citation of any work of one build (templates and files alike)."""

    def __init__(self, site: ExportSite, timeline: Timeline, edition: Edition,
                 division_page: Callable[[Division], str]):
        """``division_page``: where a division's table is (a path with its anchor)."""
        self.site = site
        self.division_page = division_page
        self.timeline = timeline
        self.edition = edition
        self._made: dict[tuple[str, str], Citation] = {}

    def path(self, kind: str, key: str, ext: str) -> str:
        """Where a work's citation file is, relative to the site's root."""
        ts = self.site.settings
        if kind == "timeline":
            return ts.citation_timeline.format(ext=ext)
        return ts.citation.format(kind=kind, key=key, ext=ext)

    def work(self, kind: str, record) -> Work:
        """The work that is ``record`` (an entry, a bill... or None for the timeline)."""
        site, ts, places = self.site, self.site.settings, self.site.pages
        day = self.edition.date

        def made(key: str, title: str, path: str, date: dt.date = day,
                 version: str | None = None) -> Work:
            return Work(kind, key, title, path, site.url(path), date, version)

        if kind == "timeline":
            return made("timeline", site.title, places.url("home"),
                        version=self.edition.version)
        if kind == "event":
            entry: Entry = record
            return made(entry.slug, f"{entry.title} ({long_date(entry.day)})",
                        places.url("entry", entry),
                        updated(entry).astimezone(ts.zone).date())
        if kind == "bill":
            bill: Bill = record
            return made(bill.key, f"{bill.title} ({bill.session})",
                        places.url("bill", bill))
        if kind == "person":
            person: PersonRecord = record
            return made(person.key, person.name, places.url("person", person))
        if kind == "question":
            question: Question = record
            return made(question.key, question.title, places.url("question", question))
        if kind == "amendment":
            a: Amendment = record
            title = f"{a.bill.title}, {a.label}" + (f": {a.title}" if a.title else "")
            return made(a.key, title, places.amendment_url(a))
        if kind == "division":
            d: Division = record
            house = site.vocabulary.houses.get(d.house, d.house)
            number = f" {d.number}" if d.number else ""
            return made(d.key, f"Division{number}, {house}, {long_date(d.date)}: {d.question}",
                        self.division_page(d))
        if kind == "version":
            v: Version = record
            return made(v.key, v.title, places.version_url(v))
        raise ValueError(f"no citation for a {kind!r}")

    def __call__(self, kind: str, record=None) -> Citation:
        """The citation of ``record`` of ``kind`` (``"timeline"``: the whole timeline)."""
        key = "timeline" if kind == "timeline" else (
            record.slug if kind == "event" else record.key)
        found = self._made.get((kind, key))
        if found is None:
            work = self.work(kind, record)
            found = self._made[(kind, key)] = Citation(
                work=work,
                oscola_head=oscola_head(work, self.site),
                bibtex=bibtex(work, self.site),
                csl_json=dump_json([csl_item(work, self.site)]).decode("utf-8"),
                bib_path=self.path(kind, work.key, "bib"),
                json_path=self.path(kind, work.key, "json"),
            )
        return found

    def all(self) -> list[Citation]:
        """Every work's citation: the timeline, then each kind's records in key order."""
        v = self.site.vocabulary
        found = [self("timeline")]
        found += [self("event", e) for e in self.timeline]
        for kind, records in (("bill", v.bills), ("person", v.people),
                              ("question", v.questions), ("amendment", v.amendments),
                              ("division", v.divisions), ("version", v.versions)):
            found += [self(kind, records[key]) for key in sorted(records)]
        return found

