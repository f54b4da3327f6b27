"""The site's pages, declared once: each kind's URL, save-as, template and records.

Every page the timeline generator writes is of one :class:`PageKind` of
:data:`PAGE_KINDS`. Its URL and save-as patterns are the site's
``TIMELINE_<NAME>_URL`` and ``TIMELINE_<NAME>_SAVE_AS`` settings (so a site
moves its pages by settings, as before), read here only: the generator,
the templates' URL filters, the exports, the citations, the menu and the
check that Pelican's pages never overwrite a generated one all ask
:class:`SitePages` where a page is, instead of formatting the patterns
themselves.

A record kind's page is the page kind of the same name (a person's is
``person``); amendments and versions have no page of their own but an
anchor on their bill's amendments page and on the wording page, and a
division is shown where its vote was taken (:func:`division_page`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .settings import TimelineSettings

__all__ = ["PAGE_KINDS", "PageKind", "SitePages"]


@dataclass(frozen=True)
class PageKind:
    """One kind of page: a single page, or one page per record (or year).

    ``setting`` names the site settings that place it (``TIMELINE_ENTRY``:
    ``TIMELINE_ENTRY_URL`` and ``TIMELINE_ENTRY_SAVE_AS``); a kind without a
    URL setting is linked by its save-as (the 404 page). ``placeholder`` is
    the field of the patterns (``{slug}``, ``{key}``, ``{year}``) and
    ``attribute`` the record's attribute that fills it. ``paged`` pages are
    split in parts past ``TIMELINE_PAGE_SIZE`` (page 2 under ``2/``,
    site/paging.py). ``own`` is the template variable holding the one entry
    whose narrative the page shows as its own: the output cache renders
    such a page again when that narrative changes (and any page whose
    templates show other narratives when any does; site/outputcache.py).
    ``records`` names the vocabulary with one page per record.
    """

    name: str
    template: str
    setting: str
    placeholder: str | None = None
    attribute: str = "key"
    paged: bool = False
    own: str | None = None
    records: str | None = None
    has_url: bool = True

    @property
    def url_field(self) -> str:
        """The TimelineSettings field of the URL pattern."""
        return _field(self.setting, "url")

    @property
    def save_as_field(self) -> str:
        """The TimelineSettings field of the save-as pattern."""
        return _field(self.setting, "save_as")


def _field(setting: str, suffix: str) -> str:
    stem = setting.removeprefix("TIMELINE").lstrip("_").lower()
    return f"{stem}_{suffix}" if stem else suffix


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("home", "timeline", "TIMELINE"),
    PageKind("year", "year", "TIMELINE_YEAR", placeholder="year", attribute="year", paged=True),
    PageKind("entry", "entry", "TIMELINE_ENTRY", placeholder="slug", attribute="slug",
             own="entry", records="entries"),
    PageKind("bills", "bills", "TIMELINE_BILLS"),
    PageKind("bill", "bill", "TIMELINE_BILL", placeholder="key", paged=True, records="bills"),
    PageKind("stage", "stage", "TIMELINE_STAGE", placeholder="key", paged=True,
             records="stages"),
    PageKind("glossary", "glossary", "TIMELINE_GLOSSARY"),
    PageKind("people", "people", "TIMELINE_PEOPLE"),
    PageKind("person", "person", "TIMELINE_PERSON", placeholder="key", paged=True,
             records="people"),
    PageKind("questions", "questions", "TIMELINE_QUESTIONS"),
    PageKind("question", "question", "TIMELINE_QUESTION", placeholder="key", paged=True,
             records="questions"),
    PageKind("wording", "wording", "TIMELINE_WORDING"),
    PageKind("division", "division", "TIMELINE_DIVISION", placeholder="key",
             records="divisions"),
    PageKind("bill_amendments", "bill_amendments", "TIMELINE_BILL_AMENDMENTS",
             placeholder="key", records="bills"),
    PageKind("feeds", "feeds", "TIMELINE_FEEDS_STATUS"),
    PageKind("search", "search", "TIMELINE_SEARCH"),
    PageKind("opendata", "opendata", "TIMELINE_OPENDATA"),
    PageKind("not_found", "404", "TIMELINE_NOT_FOUND", has_url=False),
)

_BY_NAME = {kind.name: kind for kind in PAGE_KINDS}


@dataclass(frozen=True)
class SitePages:
    """Where each page of one site is: :data:`PAGE_KINDS` with the site's settings.

    URLs and save-as paths are relative to the site's root, as Pelican's
    are. ``record`` is a record (read for the kind's ``attribute``) or its
    key itself.
    """

    settings: TimelineSettings

    @staticmethod
    def kind(name: str) -> PageKind:
        """The page kind ``name``."""
        return _BY_NAME[name]

    def _fill(self, pattern: str, kind: PageKind, record) -> str:
        if kind.placeholder is None:
            return pattern
        value = getattr(record, kind.attribute, record)
        return pattern.format(**{kind.placeholder: value})

    def url_pattern(self, name: str) -> str:
        """The URL pattern of the page kind ``name`` (its save-as when it has no URL)."""
        kind = _BY_NAME[name]
        return getattr(self.settings, kind.url_field if kind.has_url else kind.save_as_field)

    def save_as_pattern(self, name: str) -> str:
        """The save-as pattern of the page kind ``name``."""
        return getattr(self.settings, _BY_NAME[name].save_as_field)

    def url(self, name: str, record=None) -> str:
        """The URL of the page of kind ``name`` (of ``record``, for a page per record)."""
        return self._fill(self.url_pattern(name), _BY_NAME[name], record)

    def save_as(self, name: str, record=None) -> str:
        """Where the page of kind ``name`` (of ``record``) is written."""
        return self._fill(self.save_as_pattern(name), _BY_NAME[name], record)

    def save_as_patterns(self) -> list[str]:
        """Every page kind's save-as pattern, in :data:`PAGE_KINDS` order."""
        return [self.save_as_pattern(kind.name) for kind in PAGE_KINDS]

    # Records shown on another kind's page, at an anchor.

    def amendment_url(self, amendment) -> str:
        """An amendment's card: on its bill's amendments page."""
        return f"{self.url('bill_amendments', amendment.bill)}#amendment-{amendment.key}"

    def version_url(self, version) -> str:
        """A version of the wording: on the wording page."""
        return f"{self.url('wording')}#version-{getattr(version, 'key', version)}"

    def glossary_stage_url(self, stage) -> str:
        """A stage's entry in the glossary of stages."""
        return f"{self.url('glossary')}#stage-{getattr(stage, 'key', stage)}"

    def division_page(self, division, bill) -> str:
        """Where a division's table is: ``bill``'s amendments page (the bill it
        decided on, or None), its event's page, or its own page."""
        if bill is not None:
            page = self.url("bill_amendments", bill)
        elif division.event is not None:
            page = self.url("entry", division.event)
        else:
            return self.url("division", division)
        return f"{page}#division-{division.key}"
