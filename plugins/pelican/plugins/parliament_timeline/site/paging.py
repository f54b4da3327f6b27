"""Splitting long lists of events over several pages.

A timeline of a few hundred events fits on one page; one of ten thousand
does not (the home page alone would be many megabytes). When the timeline
has more than ``TIMELINE_PAGE_SIZE`` events, every year gets a page of its
own (split in parts of at most that many events) and the home page shows
only the latest events; stage and bill pages are split the same way, and
so are a person's and a question's pages (their parts in the story, their
quotes), also by weight: a page of long quotes is cut before it passes
:data:`PAGE_BUDGET` bytes of text, so that no page passes 1 MB.

Each event has one *timeline page*, where its ``#event-<slug>`` anchor
lives for permalinks: the home page while the timeline is not paged, its
year page once it is (a year page's address never changes as events are
added, the home page's content does). This module does not import Pelican.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..model import Entry, Timeline, Year, group_by_month

T = TypeVar("T")

# The most bytes of text (as written in the page, escaped) that the items of
# one paged list may bring to a page. Two lists side by side (a question's
# quotes and its story) bring twice that; the rest of a page (header,
# navigation, footer) is a few kilobytes: every page stays under 1 MB.
PAGE_BUDGET = 400_000


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
    # The page's events (or a person's parts in the story...; for lists laid
    # side by side, one tuple of items per list).
    entries: tuple[Any, ...]
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


def chunks(items: Sequence[T], size: int, weight: Callable[[T], int] | None = None,
           budget: int = PAGE_BUDGET) -> list[tuple[T, ...]]:
    """``items`` cut in runs of at most ``size``, and (with ``weight``) of at most
    ``budget`` in total weight, unless one item alone weighs more."""
    if weight is None:
        return [tuple(items[i:i + size]) for i in range(0, len(items), size)]
    runs: list[tuple[T, ...]] = []
    run: list[T] = []
    total = 0
    for item in items:
        w = weight(item)
        if run and (len(run) == size or total + w > budget):
            runs.append(tuple(run))
            run, total = [], 0
        run.append(item)
        total += w
    if run:
        runs.append(tuple(run))
    return runs


def paginate(entries: Sequence[T], size: int, url: str, save_as: str,
             weight: Callable[[T], int] | None = None) -> Paged:
    """Split ``entries`` in pages of at most ``size`` (``size`` >= 1) and, with
    ``weight``, of at most :data:`PAGE_BUDGET` (see :func:`chunks`)."""
    runs = chunks(entries, size, weight) or [()]
    return Paged(tuple(
        Page(n, chunk, numbered(url, n), numbered(save_as, n))
        for n, chunk in enumerate(runs, start=1)
    ))


def paginate_side_by_side(lists: Sequence[Sequence[Any]], size: int, url: str, save_as: str,
                          weight: Callable[[Any], int] | None = None) -> Paged:
    """Several lists on one set of pages: page n holds the n-th run of each.

    Each page's ``entries`` is a tuple with one tuple of items per list
    (empty once a list has run out); there are as many pages as the longest
    list needs, and at least one.
    """
    runs = [chunks(items, size, weight) for items in lists]
    count = max([len(r) for r in runs] + [1])
    return Paged(tuple(
        Page(n, tuple(r[n - 1] if n <= len(r) else () for r in runs),
             numbered(url, n), numbered(save_as, n))
        for n in range(1, count + 1)
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


def timeline_pages(timeline: Timeline, size: int, places) -> TimelinePages:
    """Lay the timeline out on pages of at most ``size`` events.

    ``places`` says where the home page and each year's page are (a
    :class:`~..pagekinds.SitePages`). The home page shows the ``size`` most
    recent events; the year pages hold every event.
    """
    entries = timeline.entries
    home_url = places.url("home")
    if len(entries) <= size:
        return TimelinePages(False, tuple(entries), (), home_url, {})
    years, where = [], {}
    for year in timeline.years():
        paged = paginate(year.entries, size, places.url("year", year.year),
                         places.save_as("year", year.year))
        years.append(YearPages(year.year, paged))
        for page in paged.pages:
            for e in page.entries:
                where[e.slug] = page.url
    return TimelinePages(True, tuple(entries[-size:]), tuple(years), home_url, where)
