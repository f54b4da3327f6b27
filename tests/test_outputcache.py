"""Output caching: a cached rebuild writes exactly what a cold build writes.

Each scenario builds the fixture site with Pelican's content cache on (the
first build fills the cache and the output folder), changes something, and
rebuilds into the same folder with the cache; then a cold build (no cache,
empty folder) of the same changed content must give the same bytes for
every file it writes. Pelican never deletes an output file a build no
longer makes (unless DELETE_OUTPUT_DIRECTORY); the output cache deletes the
timeline pages it wrote itself and no longer writes (a deleted entry's
page), so the comparison is over the files the cold build writes, and the
deleted-entry test checks that no file is left over.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer

from conftest import FIXTURE_SITE, FIXTURES, THEME, build, fixture_settings
from pelican.plugins.parliament_timeline import plugin
from pelican.plugins.parliament_timeline.site.outputcache import (
    CACHE_FILE,
    TimelineWriter,
    skip_write,
    template_body_use,
)

ENTRY = "2024/2024-05-15-report-stage"
ENTRY_PAGE = "events/2024-05-15-report-stage/index.html"
# The event just before ENTRY on the timeline.
NEIGHBOUR = "2024-05-15-same-day-debate"
BILL_PAGE = "bills/widget-safety-bill-2023-24/index.html"
STAGE_PAGE = "stages/report/index.html"
# A feed whose snapshot the fixture site is given for the feed status test.
FEED = {"name": "bill-widgets", "url": "https://bills.parliament.uk/rss/bills/3437.rss",
        "bill": "consumer-widgets-bill-hl", "chamber": "commons", "stage": "publication"}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    return content


class Site:
    """A content folder built with the cache into one output folder."""

    def __init__(self, tmp_path: Path, content: Path, **settings):
        self.tmp = tmp_path
        self.content = content
        self.output = tmp_path / "output"
        self.cache = tmp_path / "cache"
        self.settings = settings

    def build(self, **extra) -> Path:
        return build(self.content, self.output, **{
            "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(self.cache),
            **self.settings, **extra})

    def cold(self, **extra) -> Path:
        where = self.tmp / "cold" / "output"
        shutil.rmtree(where.parent, ignore_errors=True)
        return build(self.content, where, CACHE_PATH=str(where.parent / "cache"),
                     **{**self.settings, **extra})

    def assert_same_as_cold(self, cold_build: Path | None = None, **extra) -> None:
        """Every file a cold build writes is in the output, with the same bytes.

        ``cold_build``: a cold build of the same content and settings made
        already (the session's fixture_build, for the fixture site unchanged).
        """
        cold = tree(cold_build or self.cold(**extra))
        cached = tree(self.output)
        missing = sorted(set(cold) - set(cached))
        differ = sorted(n for n in set(cold) & set(cached) if cold[n] != cached[n])
        assert (missing, differ) == ([], [])
        assert len(cold) > 50

    def entry(self, slug: str) -> Path:
        return self.content / "entries" / f"{slug}.md"


@pytest.fixture
def rendered(monkeypatch):
    """The output names Pelican's writer renders, in order."""
    names: list[str] = []
    real = Writer.write_file

    def counting(self, name, *args, **kwargs):
        names.append(name)
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", counting)
    return names


def timeline_pages(names: list[str]) -> set[str]:
    """The pages of the timeline generator (not Pelican's pages, not data/)."""
    return {n for n in names
            if n.split("/")[0] in ("index.html", "years", "events", "bills", "stages",
                                   "glossary", "feed-status", "search", "people",
                                   "questions", "wording")}


def test_rebuild_with_nothing_changed_renders_no_page_and_is_identical(
        site, tmp_path, rendered, fixture_build):
    s = Site(tmp_path, site)
    s.build()
    first = timeline_pages(rendered)
    assert ENTRY_PAGE in first and "index.html" in first
    rendered.clear()
    s.build()
    assert timeline_pages(rendered) == set()
    s.assert_same_as_cold(fixture_build)


def test_a_narrative_edit_renders_only_that_entry_page(site, tmp_path, rendered):
    s = Site(tmp_path, site)
    s.build()
    with s.entry(ENTRY).open("a", encoding="utf-8") as f:
        f.write("\nA sentence added by the test to the narrative.\n")
    rendered.clear()
    s.build()
    assert timeline_pages(rendered) == {ENTRY_PAGE}
    assert "added by the test" in (s.output / ENTRY_PAGE).read_text(encoding="utf-8")
    s.assert_same_as_cold()


def test_a_title_edit_reaches_neighbours_home_bill_and_stage_pages(site, tmp_path, rendered):
    s = Site(tmp_path, site)
    s.build()
    path = s.entry(ENTRY)
    text = path.read_text(encoding="utf-8")
    assert "Title: New clause added at report stage" in text
    path.write_text(text.replace("Title: New clause added",
                                 "Title: New clause argued over", 1),
                    encoding="utf-8")
    rendered.clear()
    s.build()
    again = timeline_pages(rendered)
    for page in (f"events/{NEIGHBOUR}/index.html", "index.html", BILL_PAGE, STAGE_PAGE):
        assert page in again
        assert "argued over" in (s.output / page).read_text(encoding="utf-8")
    s.assert_same_as_cold()


def test_an_added_entry_appears_everywhere_a_cold_build_puts_it(site, tmp_path):
    s = Site(tmp_path, site)
    s.build()
    text = s.entry(ENTRY).read_text(encoding="utf-8")
    assert "Date: 2024-05-15T14:30+01:00" in text
    added = text.replace("Date: 2024-05-15T14:30+01:00", "Date: 2024-05-16").replace(
        "Title: New clause added at report stage",
        "Title: A second test event the day after", 1).replace(
        "debates/x/Example", "debates/test-only-debate-id")
    (s.content / "entries" / "2024-05-16-test-event.md").write_text(added, encoding="utf-8")
    s.build()
    assert (s.output / "events/2024-05-16-test-event/index.html").exists()
    s.assert_same_as_cold()


def test_a_deleted_entrys_page_is_removed_and_the_rest_is_identical(site, tmp_path):
    s = Site(tmp_path, site)
    s.build()
    s.entry(NEIGHBOUR).unlink()
    s.build()
    s.assert_same_as_cold()
    # Pelican keeps files a build no longer writes; the output cache removes
    # the pages it wrote itself, so the search index does not keep them.
    assert not (s.output / f"events/{NEIGHBOUR}").exists()
    assert set(tree(s.output)) == set(tree(s.tmp / "cold" / "output"))


def test_a_stale_page_edited_by_hand_is_left_alone(site, tmp_path):
    s = Site(tmp_path, site)
    s.build()
    page = s.output / f"events/{NEIGHBOUR}/index.html"
    page.write_text("kept by hand", encoding="utf-8")
    s.entry(NEIGHBOUR).unlink()
    s.build()
    assert page.read_text(encoding="utf-8") == "kept by hand"


def test_a_changed_template_renders_every_page_again(site, tmp_path, rendered):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    s = Site(tmp_path, site, THEME=str(theme))
    s.build()
    before = timeline_pages(rendered)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</body>", "<p class=\"test-footer\">changed</p>\n</body>"), encoding="utf-8")
    rendered.clear()
    s.build()
    assert timeline_pages(rendered) == before
    assert "test-footer" in (s.output / ENTRY_PAGE).read_text(encoding="utf-8")
    s.assert_same_as_cold()


def test_a_template_that_starts_showing_narratives_on_listings_keeps_them_fresh(
        site, tmp_path, rendered):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    macros = theme / "templates" / "_macros.html"
    text = macros.read_text(encoding="utf-8")
    marker = '<p class="event-summary">{{ entry.summary }}</p>'
    assert marker in text
    macros.write_text(text.replace(
        marker, marker + '\n  <div class="test-body">{{ entry.body|safe }}</div>', 1),
        encoding="utf-8")
    s = Site(tmp_path, site, THEME=str(theme))
    s.build()
    with s.entry(ENTRY).open("a", encoding="utf-8") as f:
        f.write("\nA sentence added by the test to the narrative.\n")
    rendered.clear()
    s.build()
    assert {"index.html", STAGE_PAGE} <= timeline_pages(rendered)
    assert "added by the test" in (s.output / "index.html").read_text(encoding="utf-8")
    s.assert_same_as_cold()


def test_a_changed_setting_renders_every_page_again(site, tmp_path, rendered):
    s = Site(tmp_path, site)
    s.build()
    before = timeline_pages(rendered)
    rendered.clear()
    s.build(SITESUBTITLE="A subtitle set by the test")
    assert timeline_pages(rendered) == before
    s.assert_same_as_cold(SITESUBTITLE="A subtitle set by the test")


def test_a_changed_pelican_page_title_reaches_every_menu(site, tmp_path):
    s = Site(tmp_path, site)
    s.build()
    about = next((site / "pages").glob("about*.md"))
    text = about.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("Title:")
    about.write_text(text.replace(first, "Title: About this test site", 1), encoding="utf-8")
    s.build()
    assert "About this test site" in (s.output / ENTRY_PAGE).read_text(encoding="utf-8")
    s.assert_same_as_cold()


def test_a_changed_feed_snapshot_reaches_the_feed_status_page(site, tmp_path):
    (site / "feeds").mkdir()
    shutil.copy(FIXTURES / "feeds" / "bills-3437.xml", site / "feeds" / "bill-widgets.xml")
    (site / "feeds" / "bill-widgets.json").write_text(json.dumps(
        {"url": FEED["url"], "handmade": "Saved by hand for the test."}), encoding="utf-8")
    s = Site(tmp_path, site, TIMELINE_FEEDS=[FEED])
    s.build()
    assert "Saved by hand for the test." in (
        s.output / "feed-status" / "index.html").read_text(encoding="utf-8")
    meta = site / "feeds" / "bill-widgets.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    data["handmade"] = "Changed by the test."
    meta.write_text(json.dumps(data, indent=2), encoding="utf-8")
    s.build()
    status = (s.output / "feed-status" / "index.html").read_text(encoding="utf-8")
    assert "Changed by the test." in status
    s.assert_same_as_cold()


@pytest.mark.parametrize("damage", ["delete", "edit"])
def test_an_output_file_removed_or_edited_by_hand_is_rendered_again(
        site, tmp_path, rendered, damage, fixture_build):
    s = Site(tmp_path, site)
    s.build()
    page = s.output / ENTRY_PAGE
    if damage == "delete":
        page.unlink()
    else:
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "!</h1>", 1),
                        encoding="utf-8")
    rendered.clear()
    s.build()
    assert timeline_pages(rendered) == {ENTRY_PAGE}
    s.assert_same_as_cold(fixture_build)


def test_without_the_content_cache_every_page_is_rendered(site, tmp_path, rendered):
    s = Site(tmp_path, site)
    s.build()
    first = timeline_pages(rendered)
    rendered.clear()
    # --ignore-cache: the cache is written but not read.
    s.build(LOAD_CONTENT_CACHE=False)
    assert timeline_pages(rendered) == first
    rendered.clear()
    build(site, s.output, CACHE_PATH=str(s.cache))  # CACHE_CONTENT off (publishing)
    assert timeline_pages(rendered) == first


def test_a_broken_cache_file_means_rendering_everything(site, tmp_path, rendered,
                                                        fixture_build):
    s = Site(tmp_path, site)
    s.build()
    first = timeline_pages(rendered)
    (s.cache / CACHE_FILE).write_text("{not json", encoding="utf-8")
    rendered.clear()
    s.build()
    assert timeline_pages(rendered) == first
    s.assert_same_as_cold(fixture_build)


def test_skipped_pages_still_send_content_written(site, tmp_path):
    seen: list[str] = []

    def receiver(path, context):
        seen.append(Path(path).relative_to(tmp_path / "output").as_posix())
        assert context["output_file"] == Path(path).relative_to(
            tmp_path / "output").as_posix()

    signals.content_written.connect(receiver)
    try:
        s = Site(tmp_path, site)
        s.build()
        first = sorted(seen)
        seen.clear()
        s.build()
    finally:
        signals.content_written.disconnect(receiver)
    assert sorted(seen) == first
    assert ENTRY_PAGE in first


def test_skipping_keeps_pelicans_overwrite_protection(tmp_path):
    (tmp_path / "content").mkdir()
    settings = fixture_settings(tmp_path / "content", tmp_path / "output")
    writer = TimelineWriter(str(tmp_path / "output"), settings=settings)
    context = {"localsiteurl": None}
    assert skip_write(writer, "a/index.html", context, relative_urls=True)
    assert context["localsiteurl"] == ".."
    assert not (tmp_path / "output" / "a" / "index.html").exists()
    # A second write of the same file is refused, as for a rendered one.
    assert not skip_write(writer, "a/index.html", context, relative_urls=True)
    template = jinja2.Environment().from_string("x")
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("a/index.html", template, context)
    # A page written first cannot be left alone after.
    writer.write_file("b/index.html", template, context)
    assert not skip_write(writer, "b/index.html", context, relative_urls=True)
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("b/index.html", template, context)


def test_only_the_timelines_writer_leaves_pages_alone(tmp_path):
    # Another writer (another plugin's, handed out by Pelican instead of
    # ours) renders every page: nothing is marked written without being so.
    (tmp_path / "content").mkdir()
    settings = fixture_settings(tmp_path / "content", tmp_path / "output")
    writer = Writer(str(tmp_path / "output"), settings=settings)
    assert not skip_write(writer, "a/index.html", {"localsiteurl": None}, relative_urls=True)


def test_pelican_hands_out_the_timelines_writer_only_to_a_site_that_configured_it():
    plugin.register()
    configured = SimpleNamespace(settings={"TIMELINE_SUBJECT": "the widget rule"})
    plain = SimpleNamespace(settings={"THEME": "notmyidea", "PLUGINS": None})
    # As Pelican asks for its writer (Pelican._get_writer).
    assert [w for _, w in signals.get_writer.send(configured) if isinstance(w, type)] == [
        TimelineWriter]
    assert [w for _, w in signals.get_writer.send(plain) if isinstance(w, type)] == []


def body_use(templates: dict[str, str], name: str, own: str | None = None):
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    return template_body_use(env, name, own)


def test_template_body_use_tells_own_from_any_narrative():
    assert body_use({"e.html": "{{ entry.body|safe }}"}, "e.html", "entry") == "own"
    assert body_use({"e.html": "{{ entry.title }}"}, "e.html", "entry") is None
    assert body_use({"e.html": "{{ next_entry.body }}"}, "e.html", "entry") == "all"
    assert body_use({"e.html": "{{ entry['body'] }}"}, "e.html", "entry") == "all"
    assert body_use({"t.html": "{% for e in es %}{{ e.body }}{% endfor %}"}, "t.html") == "all"
    # Through a template it includes, imports or extends, even as "entry".
    templates = {"t.html": "{% import 'm.html' as m %}{{ m.x(entry) }}",
                 "m.html": "{% macro x(entry) %}{{ entry.body }}{% endmacro %}"}
    assert body_use(templates, "t.html", "entry") == "all"
    assert body_use({"t.html": "{% include name %}"}, "t.html") == "all"
    assert body_use({"t.html": '<body data-pagefind-body>{{ "x" }}</body>'}, "t.html") is None


def test_the_real_templates_show_narratives_only_on_entry_pages():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME / "templates")))
    assert template_body_use(env, "entry.html", "entry") == "own"
    for name in ("timeline.html", "year.html", "bill.html", "bills.html", "stage.html",
                 "glossary.html", "feeds.html", "search.html"):
        assert template_body_use(env, name) is None, name


def test_changed_jinja_options_are_not_served_from_compiled_templates(site, tmp_path):
    s = Site(tmp_path, site)
    s.build()
    options = {"trim_blocks": False, "lstrip_blocks": False, "extensions": [],
               "autoescape": True}
    s.build(JINJA_ENVIRONMENT=options)
    s.assert_same_as_cold(JINJA_ENVIRONMENT=options)


@pytest.mark.parametrize("record, old, new", [
    ("amendments/wsb-nc1.md", "Title: Safety label on widgets", "Title: Label on widgets"),
    ("divisions/2024-05-15-commons-nc1.md", "Noes: 200", "Noes: 201"),
    ("questions/licence-or-label.md", "It was argued at", "It was argued hard at"),
    ("versions/cwa-section-1-as-enacted.md", "51 weeks", "52 weeks"),
    ("people/jane-widget.md", "Name: Jane Widget", "Name: Dame Jane Widget"),
])
def test_a_changed_debate_record_reaches_the_pages_that_show_it(
        site, tmp_path, rendered, record, old, new):
    """Records of the debate are not entries: their changes must still re-render."""
    s = Site(tmp_path, site)
    s.build()
    path = site / record
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    rendered.clear()
    s.build()
    assert {ENTRY_PAGE, "wording/index.html", "people/jane-widget/index.html",
            "questions/licence-or-label/index.html",
            "bills/widget-safety-bill-2023-24/amendments/index.html"} <= set(rendered)
    s.assert_same_as_cold()


def test_a_cached_entry_still_reports_the_problems_of_its_narrative(site, tmp_path,
                                                                    monkeypatch):
    # What bodyhtml.py finds in a narrative is kept in the content cache with
    # the parsed file; a rebuild that reads the cache must still report it.
    # (Reported problems are collected where the generator reports them:
    # Pelican's logging shows a message only once per process.)
    import pelican.plugins.parliament_timeline.site.generator as generator

    reported: list[list[str]] = []

    def report(problems, strict):
        reported.append([p.message for p in problems])
        return 0

    monkeypatch.setattr(generator, "report", report)
    s = Site(tmp_path, site)
    with s.entry(ENTRY).open("a", encoding="utf-8") as f:
        f.write('\n<span onclick="steal()">Click</span>\n')
    s.build()
    s.build()
    assert reported[0] == reported[1] == [
        "event-handler attribute 'onclick' on <span> is not allowed"]
    # Left out of a development build, both times (and the records that name
    # the event are not reported again for it).
    assert not (s.output / ENTRY_PAGE).exists()


def test_links_in_a_narrative_are_resolved_on_a_page_rendered_again(site, tmp_path):
    s = Site(tmp_path, site)
    s.build()
    with s.entry(ENTRY).open("a", encoding="utf-8") as f:
        f.write("\nSee [the announcement]({entry}2024-04-16-announcement).\n")
    s.build()
    page = (s.output / ENTRY_PAGE).read_text(encoding="utf-8")
    assert "{entry}" not in page and "2024-04-16-announcement/" in page
    s.assert_same_as_cold()


def test_an_added_or_edited_due_item_reaches_the_home_and_bill_pages(site, tmp_path):
    """A due item is not an event of the timeline, but the pages show it: it
    is part of the site digest (and so is the day it is judged against)."""
    s = Site(tmp_path, site)
    s.build()
    due = s.content / "entries" / "2026-03-01-review-due.md"
    due.write_text(
        "Title: The review of the widget rule is due\nDate: 2026-03-01\nDue: yes\n"
        "Summary: The Act requires a review.\nStage: publication\nChamber: government\n"
        "Bill: consumer-widgets-bill-hl\n"
        "Sources: https://www.legislation.gov.uk/ukpga/2025/9901/section/2\n\nBody.\n",
        encoding="utf-8")
    s.build()
    home = (s.output / "index.html").read_text(encoding="utf-8")
    assert "The review of the widget rule is due" in home
    s.assert_same_as_cold()
    due.write_text(due.read_text(encoding="utf-8").replace("is due", "falls due"),
                   encoding="utf-8")
    s.build()
    bill = (s.output / "bills/consumer-widgets-bill-hl/index.html").read_text(encoding="utf-8")
    assert "The review of the widget rule falls due" in bill
    s.assert_same_as_cold()
