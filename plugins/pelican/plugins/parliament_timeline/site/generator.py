"""The Pelican generator that reads entries and writes the timeline pages.

It follows Pelican's two phases: ``generate_context`` reads and validates
every entry and publishes ``context["timeline"]``; ``generate_output``
writes the pages through Pelican's writer.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import partial

from markupsafe import escape
from pelican.cache import FileStampDataCacher
from pelican.generators import CachingGenerator
from pelican.utils import get_relative_path

from ..errors import TimelineBuildError
from ..exports import (
    export_links,
    export_site_of,
    make_citer,
    write_build_exports,
    write_citations,
    write_opendata_page,
)
from ..feeds.config import read_feed_configs
from ..feeds.items import load_feeds
from ..model import Entry, Timeline, group_by_month
from ..pagekinds import SitePages
from ..records import scaffold
from ..records.bodyhtml import body_problems, markdown_renderer, sanitize_body
from ..records.load import ReadEntry, load_records
from ..records.official import official_problems
from ..records.parse import RawEntry, read_entry_file
from ..records.problems import inert
from ..records.references import Reference, resolve_references
from ..records.validate import DUPLICATE_ID, Problem
from ..settings import read_settings
from ..vocabulary import Vocabulary
from .debate import build_debate_index
from .entrycache import ValidatedEntries
from .filters import EventFilters
from .menu import site_menu
from .nextsteps import as_of_day, upcoming
from .official import official_index
from .outputcache import output_cache
from .overview import build_overview
from .paging import paginate, paginate_side_by_side, timeline_pages
from .parallel import PageWriter, forked_map
from .redline import plain, redline
from .search import start_indexer
from .shareimages import CACHE_NAME, bill_card, event_card, write_share_images
from .status import carrying_bills, legal_status
from .summary import remember
from .templating import register_template_helpers
from .tracker import bill_tracker, journey_order

logger = logging.getLogger(__name__)


def display_path(path: str) -> str:
    """A path as shown in messages: relative to the working folder if inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def division_url(pages: SitePages, debate, division) -> str:
    """Where a division's table lives: its bill's amendments page, its event's, or its own."""
    return pages.division_page(division, debate.division_bill(division))


def leave_out_drafts(entries: list[Entry], vocabulary: Vocabulary
                     ) -> tuple[list[Entry], Vocabulary]:
    """The entries and divisions without the imported drafts (for the publishing build)."""
    drafts = [e.slug for e in entries if e.draft]
    divisions = {k: d for k, d in vocabulary.divisions.items() if not d.draft}
    left = len(drafts) + len(vocabulary.divisions) - len(divisions)
    if left:
        logger.info("%d draft record(s) left out of this build (Status: draft)", left)
    return ([e for e in entries if not e.draft],
            replace(vocabulary, divisions=divisions))


def report(problems: list[Problem], strict: bool) -> int:
    """Log problems, errors as errors under strict and warnings otherwise.

    Returns the number of errors.
    """
    errors = 0
    for problem in problems:
        if problem.severity == "error":
            errors += 1
            (logger.error if strict else logger.warning)("%s", problem)
        else:
            logger.warning("%s", problem)
    return errors


def shown_weight(item) -> int:
    """About how many bytes a person's part, a question's step or a quote brings to a page.

    The texts shown, as written in the page (escaped, UTF-8), and a
    kilobyte for the markup and dates around them.
    """
    texts = []
    for name in ("entry", "amendment", "division", "quote"):
        record = getattr(item, name, None)
        if record is not None:
            texts += [getattr(record, attr, None) for attr in ("title", "question", "text", "url")]
            person = getattr(record, "person", None)
            texts.append(person.name if person is not None else None)
    texts.append(getattr(item, "role", None))
    return 1000 + sum(len(str(escape(t)).encode("utf-8")) for t in texts if isinstance(t, str))


class TimelineGenerator(CachingGenerator):
    """Reads hand-written entries and writes the timeline and its pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Entries are not read through Pelican's readers, so the reader-level
        # cache never sees them: cache parsed entries here, whichever
        # CONTENT_CACHING_LAYER is set, whenever content caching is on.
        FileStampDataCacher.__init__(
            self, self.settings, type(self).__name__,
            self.settings["CACHE_CONTENT"], self.settings["LOAD_CONTENT_CACHE"],
        )
        self.timeline_settings = read_settings(self.settings)
        # Where each page is (pagekinds.py).
        self.pages = SitePages(self.timeline_settings)
        register_template_helpers(self.env, self.timeline_settings)
        # Pelican makes a new generator, and so a new environment, for each
        # build (under --autoreload too): within one, a template file does
        # not change, so Jinja need not check its time stamp on every look-up
        # (several per page: base.html, its includes, the macros).
        self.env.auto_reload = False
        self._markdown = markdown_renderer(self.settings["MARKDOWN"])

    def read_entry(self, full: str) -> tuple[RawEntry, str, list]:
        """An entry file as read, its narrative's HTML, and what that is checked for."""
        raw = read_entry_file(full, display_path(full))
        # A file with problems of form (a list nested too deep, a control
        # character...) is left out: never rendered.
        rendered = None if raw.problems else self._markdown.reset().convert(raw.body)
        html = "" if rendered is None else sanitize_body(rendered)
        # What the narrative's HTML and links are checked for depends on
        # the file alone: cached with it, as the slowest check. A narrative
        # left out is not rendered for it either (one nested too deep would
        # overflow Markdown's recursion).
        markdown = None if rendered is None else self._markdown
        return raw, html, body_problems(raw.body, raw.body_line, markdown, rendered)

    def read_entries(self, files: Sequence[str]) -> Iterator[ReadEntry]:
        """The entry files the loader asks for, as read: through the content cache,
        the others read and rendered by TIMELINE_JOBS workers (parallel.py)."""
        read: dict[str, tuple] = {}
        for full in files:
            cached = self.get_cached_data(os.path.relpath(full, self.path), None)
            # A cache written by an older version holds (raw, html) only.
            if isinstance(cached, tuple) and len(cached) == 3:
                read[full] = cached
        unread = [full for full in files if full not in read]
        for full, fresh in zip(unread, forked_map(self.read_entry, unread,
                                                  self.timeline_settings.jobs), strict=True):
            self.cache_data(os.path.relpath(full, self.path), fresh)
            read[full] = fresh
        for full in files:
            raw, html, body_found = read[full]
            yield ReadEntry(raw, body_found, html)

    def generate_context(self):
        """Build the timeline and publish it in the shared context."""
        ts = self.timeline_settings
        # Every kind of record, read as `invoke check` reads them (records/load.py);
        # the strict build runs the checks of the whole set too (too slow for
        # every preview).
        # An unchanged entry is not validated again (entrycache.py).
        validated: list[ValidatedEntries] = []

        def validator(vocabulary):
            validated.append(ValidatedEntries(self.settings, vocabulary))
            return validated[-1].build

        records = load_records(self.path, ts, os.curdir, read_entries=self.read_entries,
                               validator=validator, whole_set=ts.strict)
        for kept in validated:
            kept.save_cache()
        vocabulary, entries = records.vocabulary, records.entries
        problems = records.problems + official_problems(vocabulary, self.path,
                                                        ts.official_path)
        if ts.strict:
            # Publishing refuses the placeholder text of the scaffolding commands.
            problems = [replace(p, severity="error") if p.code == scaffold.CODE else p
                        for p in problems]
        errors = report(problems, ts.strict)
        if errors and self.timeline_settings.strict:
            raise TimelineBuildError(
                f"{errors} error(s) in timeline entries (listed above); "
                "run 'invoke check' for the full list"
            )
        duplicates = {p.path for p in problems if p.code == DUPLICATE_ID}
        entries = [e for e in entries if e.source_path not in duplicates]
        if ts.strict:
            entries, vocabulary = leave_out_drafts(entries, vocabulary)
        # Due items have not happened: they are not events (site/nextsteps.py).
        due = [e for e in entries if e.due]
        entries = [e for e in entries if not e.due]
        entries, self.context["feed_statuses"] = self.add_feed_entries(entries, vocabulary)
        self.context["TIMELINE_MENU"] = site_menu(
            ts, vocabulary, bool(self.settings.get("TIMELINE_FEEDS")))
        timeline = Timeline(entries)
        # Bills are listed in the order their stories begin on the timeline.
        bills = vocabulary.bills
        vocabulary = self.vocabulary = vocabulary.with_bill_order(
            b.key for b in journey_order(bills.values(), timeline))
        bills = vocabulary.bills
        self.context["timeline"] = timeline
        # One name for the bills, stages, chambers, Houses and outcomes:
        # templates read them from `vocabulary`.
        self.context["vocabulary"] = vocabulary
        # The configured address, for absolute permalinks in citations (the
        # pages' own SITEURL is relative under RELATIVE_URLS).
        self.context["SITEURL_ABSOLUTE"] = self.settings["SITEURL"]
        self.context["legal_status"] = legal_status(timeline, bills)
        self.context["trackers"] = {
            key: bill_tracker(bill, timeline.for_bill(key), vocabulary)
            for key, bill in bills.items()
        }
        self.context["journey"] = journey_order(carrying_bills(bills), timeline)
        self.context["TIMELINE_EXPORTS"] = export_links(ts, vocabulary)
        # What's next, judged against a fixed day (never the clock), and the
        # drawn overview of the home page.
        as_of = self.context["timeline_as_of"] = as_of_day(ts.as_of, timeline)
        self.context["due_items"] = due
        self.context["upcoming"] = upcoming(due, as_of)
        # The drawing shows what happened: the due items are in "What's next"
        # (a deadline years ahead would squeeze the whole story to one side).
        self.context["overview"] = build_overview(timeline, bills)
        pages = timeline_pages(timeline, ts.page_size, self.pages)
        self.context["timeline_pages"] = pages
        # Templates link to an event's anchor on whichever page holds it.
        self.env.filters["timeline_url"] = pages.url
        # People, questions, amendments, divisions and versions, with the
        # links between them and the events (site/debate.py).
        debate = self.context["debate"] = build_debate_index(vocabulary, timeline)
        # Every event's filter values, once for all the pages that list it
        # (site/filters.py declares the filters).
        self.context["event_filters"] = EventFilters(timeline, vocabulary, debate)
        # The committed snapshots of official data the records name (never
        # the network): party splits, members' votes, bills' documents.
        self.context["official"] = official_index(vocabulary, self.path, ts.official_path)
        self.env.filters["division_url"] = partial(division_url, self.pages, debate)
        # Every page's citations and the citation files (exports/cite.py).
        self.citer = make_citer(self.settings, ts, vocabulary, timeline,
                                partial(division_url, self.pages, debate))
        self.env.globals["cite"] = self.citer
        # For the pages' Open Graph metadata: absolute URLs as the exports
        # give them, and the timeline's edition date.
        self.context["TIMELINE_PUBLIC_BASE"] = self.citer.site.public_url
        self.context["TIMELINE_EDITION_DATE"] = self.citer.edition.date.isoformat()
        self.env.filters["share_image"] = self.share_image_path
        self.save_cache()

    def share_image_path(self, record) -> str | None:
        """The share image of an entry or a bill (None: it has none, or they are off)."""
        ts = self.timeline_settings
        if not ts.share_images:
            return None
        if isinstance(record, Entry):
            return ts.share_event_image.format(slug=record.slug)
        return ts.share_bill_image.format(key=record.key)

    def write_share_images(self) -> list[str]:
        """Each event's and each bill's share image; the paths written.

        Drawn cards are kept in the cache folder when the content cache is
        on (site/shareimages.py), so an unchanged card is only copied.
        """
        ts = self.timeline_settings
        if not ts.share_images:
            return []
        zone_date = self.env.filters["long_date"]
        site = self.settings["SITENAME"]
        cards = [(self.share_image_path(e), event_card(site, e, zone_date(e.date)))
                 for e in self.context["timeline"]]
        cards += [(self.share_image_path(b), bill_card(site, b, self.vocabulary.houses[b.house]))
                  for b in self.vocabulary.bills.values()]
        cached = self.settings["CACHE_CONTENT"] and self.settings["LOAD_CONTENT_CACHE"]
        cache_dir = os.path.join(self.settings["CACHE_PATH"], CACHE_NAME) if cached else None
        written, _ = write_share_images(cards, self.output_path, cache_dir, ts.jobs)
        return written

    def add_feed_entries(self, entries: list[Entry],
                         vocabulary: Vocabulary) -> tuple[list[Entry], list]:
        """Merge the feed snapshots' items into ``entries`` (never the network).

        Feed problems are only ever warnings, even under TIMELINE_STRICT: a
        bad feed must not stop the site from being published.
        """
        configs, problems = read_feed_configs(self.settings.get("TIMELINE_FEEDS"), vocabulary,
                                              max_items=self.timeline_settings.feed_max_items)
        feeds_dir = os.path.join(self.path, self.timeline_settings.feeds_path)
        merged = load_feeds(configs, feeds_dir, entries)
        for problem in problems + merged.problems:
            # Item titles and errors come from the servers: logged inert.
            logger.warning("%s", inert(problem))
        return merged.entries, merged.statuses

    def reference_urls(self, timeline: Timeline, siteurl: str):
        """Resolves ``{entry}``, ``{bill}``, ``{stage}``, ``{person}`` and ``{question}``
        references from a page."""
        # A reference names a record of a kind that has a page of that name.
        known = {"entry": lambda key: timeline.get(key) is not None,
                 "bill": self.vocabulary.bills.__contains__,
                 "stage": self.vocabulary.stages.__contains__,
                 "person": self.vocabulary.people.__contains__,
                 "question": self.vocabulary.questions.__contains__}

        def url_for(ref: Reference) -> str | None:
            if ref.kind in known and known[ref.kind](ref.key):
                return f"{siteurl}/{self.pages.url(ref.kind, ref.key)}"
            return None

        return url_for

    def render_story(self, body: str, save_as: str, timeline: Timeline) -> str:
        """A record's Markdown story as safe HTML for the page at ``save_as``.

        The same Markdown, allowlist and references as an entry's narrative.
        """
        siteurl = (get_relative_path(save_as) if self.settings["RELATIVE_URLS"]
                   else self.settings["SITEURL"])
        html = sanitize_body(self._markdown.reset().convert(body)) if body else ""
        return resolve_references(html, self.reference_urls(timeline, siteurl))

    def write_debate_pages(self, write, timeline: Timeline) -> None:
        """The People and Questions pages, the wording page and each bill's amendments."""
        ts, places = self.timeline_settings, self.pages
        debate = self.context["debate"]
        write("people")
        # A person's and a question's pages are split past TIMELINE_PAGE_SIZE
        # parts, or past the weight of text a page may hold (site/paging.py).
        for person in debate.people():
            paged = paginate(debate.person_parts(person.key), ts.page_size,
                             places.url("person", person), places.save_as("person", person),
                             shown_weight)
            for page in paged.pages:
                write("person", part=page, person=person, parts=page.entries,
                      paged=paged, page=page,
                      votes=self.context["official"].person_votes(person.key))
        write("questions")
        for question in debate.questions():
            save_as = places.save_as("question", question)
            # The story is passed rendered, as "story": the output cache
            # reads any ".body" in a template as every entry's narrative.
            story = self.render_story(question.body, save_as, timeline)
            grouped = debate.question_quotes(question.key)
            # (side, quote) pairs: the pages regroup their share by side.
            quoted = [(side, q) for side, said in grouped.items() for q in said]
            all_steps = debate.question_story(question.key)
            paged = paginate_side_by_side(
                [quoted, all_steps], ts.page_size, places.url("question", question), save_as,
                lambda item: shown_weight(item[1] if isinstance(item, tuple) else item))
            for page in paged.pages:
                page_quotes, steps = page.entries
                quotes = {side: [] for side in grouped}
                for side, q in page_quotes:
                    quotes[side].append(q)
                write("question", part=page, question=question,
                      story=story if page.number == 1 else "", steps=steps, quotes=quotes,
                      quoted_sides={side for side, said in grouped.items() if said},
                      any_steps=bool(all_steps),
                      paged=paged, page=page)
        shown = [(v, redline(before.paragraphs, v.paragraphs) if before else plain(v.paragraphs),
                  before)
                 for v, before in debate.compared()]
        write("wording", versions=shown)
        official = self.context["official"]
        for division in debate.divisions():
            write("division", division, division=division,
                  votes=official.division_votes(division.key))
        for bill in self.vocabulary.bills.values():
            write("bill_amendments", bill, bill=bill,
                  groups=debate.decision_groups(bill.key),
                  divisions=debate.bill_divisions(bill.key))

    def generate_output(self, writer):
        """Write the timeline and its year pages, entry, bill and stage pages, glossary."""
        ts, places = self.timeline_settings, self.pages
        timeline: Timeline = self.context["timeline"]
        relative = self.settings["RELATIVE_URLS"]

        # With the content cache on, pages whose inputs are unchanged are not
        # rendered again (outputcache.py). The others are rendered by
        # TIMELINE_JOBS worker processes (parallel.py).
        outputs = output_cache(self)
        pages_out = PageWriter(writer, self.context, relative, outputs, ts.jobs)

        def write(kind, record=None, part=None, rendering=None, **values):
            """The page of ``kind`` (of ``record``), where the page list puts it,
            or ``part`` of it (a paged page's part, site/paging.py)."""
            declared = places.kind(kind)
            if part is not None:
                save_as, url = part.save_as, part.url
            else:
                save_as, url = places.save_as(kind, record), places.url(kind, record)
            # The page's own entry, whose narrative alone it shows (outputcache.py).
            own = (declared.own, values[declared.own]) if declared.own else None
            pages_out.write(save_as, self.get_template(declared.template), url, own=own,
                            rendering=rendering, **values)

        # The search index's shards of entry pages are indexed (in another
        # process) as soon as their pages are written, while the rest is
        # written here: the indexer groups them (searchshards.py).
        indexer = start_indexer(self.settings, self.output_path)
        if indexer is not None:
            indexer.expect(entry.day.year for entry in timeline)

        pages = self.context["timeline_pages"]
        write("home", page_name="index", home_years=pages.home_years())
        for year in pages.years:
            for page in year.paged.pages:
                write("year", part=page, year=year, page=page,
                      months=[m for y in group_by_month(page.entries) for m in y.months])
        for entry in timeline:
            save_as = places.save_as("entry", entry)
            siteurl = get_relative_path(save_as) if relative else self.settings["SITEURL"]

            def resolved(entry=entry, siteurl=siteurl):
                # Only for a page rendered again: links in narratives are
                # resolved page by page, the slowest step of a cached rebuild.
                body = resolve_references(entry.body, self.reference_urls(timeline, siteurl))
                return {"entry": replace(entry, body=body)}

            write(
                "entry", entry,
                rendering=resolved,
                entry=entry,
                previous_entry=timeline.previous(entry),
                next_entry=timeline.next(entry),
                position=timeline.position(entry) + 1,
            )
            if indexer is not None:
                indexer.entry_page(entry.day.year, save_as, pages_out.then)
                if timeline.position(entry) % 16 == 0:
                    # A shard queued behind running ones starts once one is done.
                    pages_out.then(indexer.poll)

        def write_paged(kind, record, entries, **values):
            """A bill's or a stage's page, split into parts past TIMELINE_PAGE_SIZE."""
            paged = paginate(entries, ts.page_size, places.url(kind, record),
                             places.save_as(kind, record))
            for page in paged.pages:
                write(kind, part=page, entries=page.entries, paged=paged, page=page, **values)

        write("bills")
        for bill in self.vocabulary.bills.values():
            write_paged("bill", bill, timeline.for_bill(bill.key), bill=bill)
        for stage in self.vocabulary.stages.values():
            write_paged("stage", stage, timeline.for_stage(stage.key), stage=stage)
        write("glossary")
        self.write_debate_pages(write, timeline)
        write("feeds")
        write("search")
        # The export and citation files are written by a worker beside the pages.
        site = export_site_of(self)

        def beside():
            # An unchanged citation file is not written again (kept as recorded).
            return write_build_exports(self, site), write_citations(
                self.citer, self.output_path, partial(outputs.holds, key="citation"))

        last, citations = pages_out.flush(beside=beside)
        # The page for missing addresses is served at any depth: its links
        # must not be relative to where it is saved.
        not_found = places.kind("not_found")
        outputs.write_page(writer, places.save_as("not_found"),
                           self.get_template(not_found.template), self.context, False,
                           places.url("not_found"))
        write_opendata_page(self, writer, site, last)
        if indexer is not None and not outputs.previous:
            # Every page is written, and none of an earlier build is left to
            # remove (outputs.save): Pagefind indexes the last shard while
            # the share images are drawn (site/searchshards.py).
            indexer.release()
        share_images = self.write_share_images()
        if outputs.active:
            # Recorded with the pages, so a cached build removes the files of
            # works that are gone, as it does their pages.
            written, kept = citations
            for path in written:
                outputs.record(path, "citation")
            for path in kept:
                outputs.keep(path)
            for path in share_images:
                outputs.record(path, "share-image")
        outputs.save()
        remember(self.output_path, self.context)
