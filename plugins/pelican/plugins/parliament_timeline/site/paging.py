"""Splitting long lists of events over several pages.

A timeline of a few hundred events fits on one page; one of ten thousand
does not (the home page alone would be many megabytes). When the timeline
has more than ``TIMELINE_PAGE_SIZE`` events, every year gets a page of its
own (split in parts of at most that many events) and the home page shows
only the latest events; stage and bill pages are split the same way.

Each event has one *timeline page*, where its ``#event-<slug>`` anchor
lives for permalinks: the home page while the timeline is not paged, its
year page once it is (a year page's address never changes as events are
added, the home page's content does). This module does not import Pelican.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Entry, Timeline, Year, group_by_month


def numbered(path: str, number: int) -> str:
    """The URL or save_as of page ``number`` of a listing whose first page is ``path``.

    Page 1 is ``path`` itself; page n is the folder ``n/`` under it:
    ``stages/report/`` -> ``stages/report/2/``,
    ``stages/report/index.html`` -> ``stages/report/2/index.html``.
    """
    if number == 1:
        return path
    if path.endswith("index.html"):
        return f"{path[:-len('index.html')]}{number}/index.html"
    if path and not path.endswith("/"):
        raise ValueError(f"cannot number the pages of {path!r}: it must end with / or index.html")
    return f"{path}{number}/"


@dataclass(frozen=True)
class Page:
    """One page of a paged listing."""

    number: int
    entries: tuple[Entry, ...]
    url: str
    save_as: str


@dataclass(frozen=True)
class Paged:
    """A listing split into pages; ``pages`` has at least one (maybe empty) page."""

    pages: tuple[Page, ...]

    @property
    def total(self) -> int:
        """The number of events over all pages."""
        return sum(len(p.entries) for p in self.pages)


def paginate(entries: Sequence[Entry], size: int, url: str, save_as: str) -> Paged:
    """Split ``entries`` in pages of at most ``size`` (``size`` >= 1)."""
    chunks = [tuple(entries[i:i + size]) for i in range(0, len(entries), size)] or [()]
    return Paged(tuple(
        Page(n, chunk, numbered(url, n), numbered(save_as, n))
        for n, chunk in enumerate(chunks, start=1)
    ))


@dataclass(frozen=True)
class YearPages:
    """The pages of one year of the timeline."""

    year: int
    paged: Paged

    @property
    def url(self) -> str:
        """The address of the year's first page."""
        return self.paged.pages[0].url

    @property
    def total(self) -> int:
        """The year's number of events."""
        return self.paged.total


@dataclass(frozen=True)
class TimelinePages:
    """Where each event of the timeline is listed.

    ``home`` holds the events on the home page (all of them unless
    ``paged``); ``years`` the year pages (none unless ``paged``).
    """

    paged: bool
    home: tuple[Entry, ...]
    years: tuple[YearPages, ...]
    home_url: str
    _where: dict[str, str]

    def home_years(self) -> list[Year]:
        """The home page's events grouped by year and month."""
        return group_by_month(self.home)

    def url(self, entry: Entry) -> str:
        """The URL of the page holding the event's anchor, with the anchor."""
        return f"{self._where.get(entry.slug, self.home_url)}#{entry.anchor}"


def timeline_pages(timeline: Timeline, size: int, home_url: str, year_url: str,
                   year_save_as: str) -> TimelinePages:
    """Lay the timeline out on pages of at most ``size`` events.

    ``year_url`` and ``year_save_as`` take ``{year}``. The home page shows
    the ``size`` most recent events; the year pages hold every event.
    """
    entries = timeline.entries
    if len(entries) <= size:
        return TimelinePages(False, tuple(entries), (), home_url, {})
    years, where = [], {}
    for year in timeline.years():
        paged = paginate(year.entries, size, year_url.format(year=year.year),
                         year_save_as.format(year=year.year))
        years.append(YearPages(year.year, paged))
        for page in paged.pages:
            for e in page.entries:
                where[e.slug] = page.url
    return TimelinePages(True, tuple(entries[-size:]), tuple(years), home_url, where)
