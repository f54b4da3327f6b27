"""The Pelican generator that reads entries and writes the timeline pages.

It follows Pelican's two phases: ``generate_context`` reads and validates
every entry and publishes ``context["timeline"]``; ``generate_output``
writes the pages through Pelican's writer.
"""

from __future__ import annotations

import logging
import os
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
from ..records import scaffold
from ..records.bodyhtml import body_problems, markdown_renderer, sanitize_body
from ..records.consistency import set_problems
from ..records.debate import check_event_links
from ..records.files import find_record_files
from ..records.load import load_vocabulary
from ..records.official import official_problems
from ..records.parse import RawEntry, read_entry_file
from ..records.problems import inert
from ..records.references import Reference, resolve_references
from ..records.validate import (
    DUPLICATE_ID,
    Problem,
    check_duplicates,
    slug_for_path,
)
from ..settings import read_settings
from ..vocabulary import Vocabulary
from .debate import build_debate_index
from .entrycache import ValidatedEntries
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


def division_url(ts, debate, division) -> str:
    """Where a division's table lives: its bill's amendments page, its event's, or its own."""
    bill = debate.division_bill(division)
    if bill is not None:
        page = ts.bill_amendments_url.format(key=bill.key)
    elif division.event is not None:
        page = ts.entry_url.format(slug=division.event)
    else:
        return ts.division_url.format(key=division.key)
    return f"{page}#division-{division.key}"


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


def shard_name(years: list[int]) -> str:
    """A search shard's name: its year, or its first and last years."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


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
        register_template_helpers(self.env, self.timeline_settings)
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

    def read_entries(self, vocabulary: Vocabulary
                     ) -> tuple[list[Entry], list[Problem], dict[str, RawEntry]]:
        """Read and validate every entry file (using the content cache).

        The problems include the events that amendments and divisions name
        without an entry file of that name. The files as read come too, by
        path, for the whole-set checks of the strict build.
        """
        entries: list[Entry] = []
        problems: list[Problem] = []
        raws: dict[str, RawEntry] = {}
        # The same files as `invoke check` reads (records/files.py).
        ts = self.timeline_settings
        files = [path for folder in ts.paths
                 for path in find_record_files(os.path.join(self.path, folder),
                                               ts.ignore_files, self.path)]
        read: dict[str, tuple] = {}
        for full in files:
            cached = self.get_cached_data(os.path.relpath(full, self.path), None)
            # A cache written by an older version holds (raw, html) only.
            if isinstance(cached, tuple) and len(cached) == 3:
                read[full] = cached
        # The others are read and rendered by TIMELINE_JOBS workers (parallel.py).
        unread = [full for full in files if full not in read]
        for full, fresh in zip(unread, forked_map(self.read_entry, unread, ts.jobs), strict=True):
            self.cache_data(os.path.relpath(full, self.path), fresh)
            read[full] = fresh
        # An unchanged entry is not validated again (entrycache.py).
        validated = ValidatedEntries(self.settings, vocabulary)
        for full in files:
            raw, html, body_found = read[full]
            entry, found = validated.build(full, raw, body_found)
            problems.extend(found)
            if entry is not None:
                entries.append(replace(entry, body=html))
                raws[raw.path] = raw
        validated.save_cache()
        problems.extend(check_duplicates(entries))
        # Every entry file is an event records may name, even one left out
        # for its own errors (reported once, not again by what names it).
        events = {slug_for_path(p) for p in files}
        problems.extend(check_event_links(vocabulary, events, entries))
        if self.timeline_settings.strict:
            # Publishing refuses whatever `invoke check` refuses (its
            # whole-set checks are too slow for every preview).
            problems.extend(set_problems(entries, raws, vocabulary, events))
        return entries, problems, raws

    def generate_context(self):
        """Build the timeline and publish it in the shared context."""
        ts = self.timeline_settings
        vocabulary, problems = load_vocabulary(self.path, ts, os.curdir)
        problems += official_problems(vocabulary, self.path, ts.official_path)
        entries, entry_problems, _ = self.read_entries(vocabulary)
        problems += entry_problems
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
        self.context["STAGES"] = vocabulary.stages
        self.context["CHAMBERS"] = vocabulary.chambers
        self.context["BILLS"] = bills
        self.context["BILL_OUTCOMES"] = vocabulary.outcomes
        self.context["HOUSES"] = vocabulary.houses
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
        pages = timeline_pages(timeline, ts.page_size, ts.url, ts.year_url, ts.year_save_as)
        self.context["timeline_pages"] = pages
        # Templates link to an event's anchor on whichever page holds it.
        self.env.filters["timeline_url"] = pages.url
        # People, questions, amendments, divisions and versions, with the
        # links between them and the events (site/debate.py).
        debate = self.context["debate"] = build_debate_index(vocabulary, timeline)
        # The committed snapshots of official data the records name (never
        # the network): party splits, members' votes, bills' documents.
        self.context["official"] = official_index(vocabulary, self.path, ts.official_path)
        self.env.filters["division_url"] = partial(division_url, ts, debate)
        # Every page's citations and the citation files (exports/cite.py).
        self.citer = make_citer(self.settings, ts, vocabulary, timeline,
                                partial(division_url, ts, debate))
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
        ts = self.timeline_settings

        def url_for(ref: Reference) -> str | None:
            if ref.kind == "entry" and timeline.get(ref.key) is not None:
                return f"{siteurl}/{ts.entry_url.format(slug=ref.key)}"
            if ref.kind == "bill" and ref.key in self.vocabulary.bills:
                return f"{siteurl}/{ts.bill_url.format(key=ref.key)}"
            if ref.kind == "stage" and ref.key in self.vocabulary.stages:
                return f"{siteurl}/{ts.stage_url.format(key=ref.key)}"
            if ref.kind == "person" and ref.key in self.vocabulary.people:
                return f"{siteurl}/{ts.person_url.format(key=ref.key)}"
            if ref.kind == "question" and ref.key in self.vocabulary.questions:
                return f"{siteurl}/{ts.question_url.format(key=ref.key)}"
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
        ts = self.timeline_settings
        debate = self.context["debate"]
        write(ts.people_save_as, "people", ts.people_url)
        # A person's and a question's pages are split past TIMELINE_PAGE_SIZE
        # parts, or past the weight of text a page may hold (site/paging.py).
        for person in debate.people():
            paged = paginate(debate.person_parts(person.key), ts.page_size,
                             ts.person_url.format(key=person.key),
                             ts.person_save_as.format(key=person.key), shown_weight)
            for page in paged.pages:
                write(page.save_as, "person", page.url, person=person, parts=page.entries,
                      paged=paged, page=page,
                      votes=self.context["official"].person_votes(person.key))
        write(ts.questions_save_as, "questions", ts.questions_url)
        for question in debate.questions():
            save_as = ts.question_save_as.format(key=question.key)
            # The story is passed rendered, as "story": the output cache
            # reads any ".body" in a template as every entry's narrative.
            story = self.render_story(question.body, save_as, timeline)
            grouped = debate.question_quotes(question.key)
            # (side, quote) pairs: the pages regroup their share by side.
            quoted = [(side, q) for side, said in grouped.items() for q in said]
            all_steps = debate.question_story(question.key)
            paged = paginate_side_by_side(
                [quoted, all_steps], ts.page_size,
                ts.question_url.format(key=question.key), save_as,
                lambda item: shown_weight(item[1] if isinstance(item, tuple) else item))
            for page in paged.pages:
                page_quotes, steps = page.entries
                quotes = {side: [] for side in grouped}
                for side, q in page_quotes:
                    quotes[side].append(q)
                write(page.save_as, "question", page.url, question=question,
                      story=story if page.number == 1 else "", steps=steps, quotes=quotes,
                      quoted_sides={side for side, said in grouped.items() if said},
                      any_steps=bool(all_steps),
                      paged=paged, page=page)
        shown = [(v, redline(before.paragraphs, v.paragraphs) if before else plain(v.paragraphs),
                  before)
                 for v, before in debate.compared()]
        write(ts.wording_save_as, "wording", ts.wording_url, versions=shown)
        official = self.context["official"]
        for division in debate.divisions():
            write(ts.division_save_as.format(key=division.key), "division",
                  ts.division_url.format(key=division.key), division=division,
                  votes=official.division_votes(division.key))
        for bill in self.vocabulary.bills.values():
            write(ts.bill_amendments_save_as.format(key=bill.key), "bill_amendments",
                  ts.bill_amendments_url.format(key=bill.key), bill=bill,
                  groups=debate.decision_groups(bill.key),
                  divisions=debate.bill_divisions(bill.key))

    def generate_output(self, writer):
        """Write the timeline and its year pages, entry, bill and stage pages, glossary."""
        ts = self.timeline_settings
        timeline: Timeline = self.context["timeline"]
        relative = self.settings["RELATIVE_URLS"]

        # With the content cache on, pages whose inputs are unchanged are not
        # rendered again (outputcache.py); `own` is an entry page's entry.
        # The others are rendered by TIMELINE_JOBS worker processes (parallel.py).
        outputs = output_cache(self)
        pages_out = PageWriter(writer, self.context, relative, outputs, ts.jobs)

        def write(save_as, template, url, own=None, rendering=None, **kwargs):
            pages_out.write(save_as, self.get_template(template), url, own=own,
                            rendering=rendering, **kwargs)

        # The search index's shard of each year is indexed (in another
        # process) as soon as that year's entry pages are written, while
        # the rest is written here (searchshards.py).
        indexer = start_indexer(self.settings, self.output_path)
        unwritten: dict[int, int] = {}
        for entry in timeline:
            unwritten[entry.day.year] = unwritten.get(entry.day.year, 0) + 1
        year_pages: dict[int, list[str]] = {}
        group: list[int] = []  # the years of the shard being filled
        group_pages: list[str] = []

        pages = self.context["timeline_pages"]
        write(ts.save_as, "timeline", ts.url, page_name="index",
              home_years=pages.home_years())
        for year in pages.years:
            for page in year.paged.pages:
                write(page.save_as, "year", page.url, year=year, page=page,
                      months=[m for y in group_by_month(page.entries) for m in y.months])
        for entry in timeline:
            save_as = ts.entry_save_as.format(slug=entry.slug)
            siteurl = get_relative_path(save_as) if relative else self.settings["SITEURL"]

            def resolved(entry=entry, siteurl=siteurl):
                # Only for a page rendered again: links in narratives are
                # resolved page by page, the slowest step of a cached rebuild.
                body = resolve_references(entry.body, self.reference_urls(timeline, siteurl))
                return {"entry": replace(entry, body=body)}

            write(
                save_as, "entry",
                ts.entry_url.format(slug=entry.slug),
                own=entry,
                rendering=resolved,
                entry=entry,
                previous_entry=timeline.previous(entry),
                next_entry=timeline.next(entry),
                position=timeline.position(entry) + 1,
            )
            year = entry.day.year
            year_pages.setdefault(year, []).append(save_as)
            unwritten[year] -= 1
            if indexer is not None and unwritten[year] == 0:
                group.append(year)
                group_pages += year_pages.pop(year)
                # The last shard is left for the end: it also takes the
                # other pages (searchshards.py).
                if len(group_pages) >= ts.search_shard_size and any(unwritten.values()):
                    pages_out.then(partial(indexer.submit, shard_name(group), group_pages))
                    group, group_pages = [], []
        if indexer is not None and group:
            pages_out.then(partial(indexer.hold, shard_name(group), group_pages))
        def write_paged(template, entries, url, save_as, **kwargs):
            """A bill's or a stage's page, split into parts past TIMELINE_PAGE_SIZE."""
            paged = paginate(entries, ts.page_size, url, save_as)
            for page in paged.pages:
                write(page.save_as, template, page.url, entries=page.entries,
                      paged=paged, page=page, **kwargs)

        write(ts.bills_save_as, "bills", ts.bills_url)
        for bill in self.vocabulary.bills.values():
            write_paged("bill", timeline.for_bill(bill.key), ts.bill_url.format(key=bill.key),
                        ts.bill_save_as.format(key=bill.key), bill=bill)
        for stage in self.vocabulary.stages.values():
            write_paged("stage", timeline.for_stage(stage.key),
                        ts.stage_url.format(key=stage.key),
                        ts.stage_save_as.format(key=stage.key), stage=stage)
        write(ts.glossary_save_as, "glossary", ts.glossary_url)
        self.write_debate_pages(write, timeline)
        write(ts.feeds_status_save_as, "feeds", ts.feeds_status_url)
        write(ts.search_save_as, "search", ts.search_url)
        # The export files are written by a worker beside the pages.
        site = export_site_of(self)
        last = pages_out.flush(beside=partial(write_build_exports, self, site))
        # The page for missing addresses is served at any depth: its links
        # must not be relative to where it is saved.
        outputs.write_page(writer, ts.not_found_save_as, self.get_template("404"),
                           self.context, False, ts.not_found_save_as)
        # Recorded with the pages, so a cached build removes the files of
        # works that are gone, as it does their pages.
        # An unchanged citation file is not written again (kept as recorded).
        for path in write_citations(self.citer, self.output_path,
                                    partial(outputs.holds, key="citation")):
            outputs.record(path, "citation")
        for path in self.write_share_images():
            outputs.record(path, "share-image")
        outputs.save()
        write_opendata_page(self, writer, site, last)
        remember(self.output_path, self.context)
