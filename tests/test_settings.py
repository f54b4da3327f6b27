"""Settings (settings.py), the vocabulary built from them, and what check and build share."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import FIXTURE_SETTINGS, LONDON, ROOT, build, fixture_settings, fixture_vocabulary
from pelican.plugins.parliament_timeline import settings as declared
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.commands.project import open_project
from pelican.plugins.parliament_timeline.records.load import load_vocabulary
from pelican.plugins.parliament_timeline.settings import (
    DEFAULTS,
    SETTINGS,
    TimelineSettingsError,
    read_settings,
    settings_reference,
)
from pelican.plugins.parliament_timeline.vocabulary import Vocabulary

# --- settings --------------------------------------------------------------------


def test_the_defaults_name_no_site():
    ts = read_settings({})
    assert ts.bills_path == "bills"
    assert ts.subject == "the law" and ts.subject_long == ""
    assert ts.primary_source_domains == ("gov.uk", "parliament.uk")
    assert ts.id_namespace == ""  # every site sets its own
    assert ts.export_format == "parliament-timeline"
    assert ts.fetch_product.startswith("pelican-parliament-timeline-fetch/")
    assert DEFAULTS["TIMELINE_ID_NAMESPACE"] == ""


def test_the_zone_is_pelicans_timezone():
    assert read_settings({"TIMEZONE": "Europe/London"}).zone == LONDON
    assert read_settings({"TIMEZONE": "Asia/Tokyo"}).zone == ZoneInfo("Asia/Tokyo")
    assert read_settings({}).zone == ZoneInfo("UTC")
    with pytest.raises(TimelineSettingsError, match="TIMEZONE 'Mars/Olympus' is not a known"):
        read_settings({"TIMEZONE": "Mars/Olympus"})


def test_primary_source_domains_are_a_list_of_names():
    ts = read_settings({"TIMELINE_PRIMARY_SOURCE_DOMAINS": ["Widgets.Example", "gov.uk"]})
    assert ts.primary_source_domains == ("widgets.example", "gov.uk")
    for bad in ("gov.uk", ["gov.uk", ""], [1]):
        with pytest.raises(TimelineSettingsError, match="TIMELINE_PRIMARY_SOURCE_DOMAINS"):
            read_settings({"TIMELINE_PRIMARY_SOURCE_DOMAINS": bad})


def test_the_subject_settings_are_strings():
    ts = read_settings({"TIMELINE_SUBJECT": "the widget rule", "TIMELINE_BILLS_PATH": "b"})
    assert (ts.subject, ts.bills_path) == ("the widget rule", "b")
    with pytest.raises(TimelineSettingsError, match="TIMELINE_SUBJECT must be a string"):
        read_settings({"TIMELINE_SUBJECT": ["the", "rule"]})


def test_the_fetch_deadline_and_the_feed_item_limit_have_bounded_defaults():
    ts = read_settings({})
    assert 0 < ts.fetch_deadline <= 120
    assert ts.feed_max_items == 1000
    ts = read_settings({"TIMELINE_FETCH_DEADLINE": 2.5, "TIMELINE_FEED_MAX_ITEMS": 40})
    assert (ts.fetch_deadline, ts.feed_max_items) == (2.5, 40)
    for bad in (0, -1, "60", True, 7200):
        with pytest.raises(TimelineSettingsError, match="TIMELINE_FETCH_DEADLINE"):
            read_settings({"TIMELINE_FETCH_DEADLINE": bad})
    for bad in (0, 2.5, "10", None):
        with pytest.raises(TimelineSettingsError, match="TIMELINE_FEED_MAX_ITEMS"):
            read_settings({"TIMELINE_FEED_MAX_ITEMS": bad})


# --- the declarations -------------------------------------------------------------

PLUGIN = ROOT / "plugins/pelican/plugins/parliament_timeline"
READ = [s for s in SETTINGS if s.field is not None]


@pytest.mark.parametrize("s", READ, ids=lambda s: s.name)
def test_each_declared_setting_is_read_with_its_default_into_its_field(s):
    unset = getattr(read_settings({}), s.field)
    assert unset == s.kind.read(s.name, s.default)
    assert DEFAULTS[s.name] == s.default
    assert s.name == "TIMELINE_" + s.field.upper()


@pytest.mark.parametrize("s", [s for s in READ if s.kind in (declared.TEXT, declared.PATH)],
                         ids=lambda s: s.name)
def test_each_string_setting_is_read_from_the_site_and_refuses_a_list(s):
    assert getattr(read_settings({s.name: "made/{key}/x"}), s.field) == "made/{key}/x"
    with pytest.raises(TimelineSettingsError, match=f"^{s.name} must be a string$"):
        read_settings({s.name: ["made"]})


def test_every_field_of_the_settings_but_pelicans_own_is_a_declared_setting():
    fields = {f.name for f in declared.fields(declared.TimelineSettings)}
    assert fields - {s.field for s in READ} == {"zone", "ignore_files"}


def test_every_setting_the_plugin_reads_is_declared():
    """A TIMELINE_* setting read anywhere (settings.get / settings[...]) is documented."""
    read = set()
    for path in PLUGIN.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""settings(?:\(\))?(?:\.get\(|\[)\s*["'](TIMELINE_\w+)""",
                               text))
    assert read, "the pattern finds the reads"
    assert read - {s.name for s in SETTINGS} == set()


def test_the_settings_reference_is_made_from_the_declarations():
    """Run `invoke settings-reference` after changing a declaration."""
    committed = (PLUGIN / "docs/settings.md").read_text(encoding="utf-8")
    assert committed == settings_reference(), "run `invoke settings-reference`"


def test_the_reference_gives_each_setting_once_with_its_default_and_kind():
    rows = [line for line in settings_reference().splitlines() if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == [
        s.name for section in declared.SECTIONS for s in SETTINGS if s.section is section]
    assert len(rows) == len(SETTINGS) == len({s.name for s in SETTINGS})
    assert ("| `TIMELINE_PAGE_SIZE` | `200` | whole number, at least 1 | the most events on "
            "one page;") in settings_reference()
    assert "| `TIMELINE_ID_NAMESPACE` | none: **required** | string |" in settings_reference()
    assert "| `TIMELINE_FEEDS` | unset: no feeds |" in settings_reference()


def test_a_changed_declaration_changes_the_reference(monkeypatch):
    s = next(s for s in SETTINGS if s.name == "TIMELINE_PAGE_SIZE")
    changed = declared.Setting(s.name, s.field, 50, s.kind, s.section, "fewer per page")
    monkeypatch.setattr(declared, "SETTINGS", tuple(changed if x is s else x for x in SETTINGS))
    assert "| `TIMELINE_PAGE_SIZE` | `50` | whole number, at least 1 | fewer per page |" in (
        settings_reference())


# --- the vocabulary ----------------------------------------------------------------


# Settings that leave the records of the debate out (tests of bills alone).
NO_DEBATE = {f"TIMELINE_{kind}_PATH": "no-such-folder"
             for kind in ("PEOPLE", "AMENDMENTS", "DIVISIONS", "VERSIONS", "QUESTIONS")}


def test_load_vocabulary_reads_the_bills_path_with_the_settings(fixture_site, tmp_path):
    ts = read_settings({"TIMEZONE": "Europe/London", **NO_DEBATE,
                        "TIMELINE_PRIMARY_SOURCE_DOMAINS": ["widgets.example"]})
    vocabulary, problems = load_vocabulary(str(fixture_site), ts, str(tmp_path))
    assert problems == []
    assert list(vocabulary.bills) == list(fixture_vocabulary().bills)
    for key, bill in vocabulary.bills.items():
        assert replace(bill, source_path=None) == replace(
            fixture_vocabulary().bills[key], source_path=None)
    assert all(b.source_path.startswith("content/bills/") for b in vocabulary.bills.values())
    assert vocabulary.zone == LONDON
    assert vocabulary.primary_domains == ("widgets.example",)
    assert vocabulary.source("https://a.widgets.example/x").official
    assert not vocabulary.source("https://www.gov.uk/x").official
    assert vocabulary.stages and vocabulary.chambers and vocabulary.houses and vocabulary.outcomes


def test_load_vocabulary_reports_the_bill_records_problems(fixture_site, tmp_path):
    (fixture_site / "elsewhere").mkdir()
    (fixture_site / "elsewhere" / "odd.md").write_text(
        "Title: Odd\nSession: 2024\nHouse: commons\nStatus: fell\n\nFell.\n")
    ts = read_settings({"TIMELINE_BILLS_PATH": "elsewhere", **NO_DEBATE})
    vocabulary, problems = load_vocabulary(str(fixture_site), ts, str(tmp_path))
    assert vocabulary.bills == {} and vocabulary.zone == ZoneInfo("UTC")
    assert [str(p) for p in problems] == [
        "content/elsewhere/odd.md:2: bad session '2024': use YYYY-YY, e.g. 2024-26"]
    none, problems = load_vocabulary(str(tmp_path / "empty"), ts)
    assert (none.bills, problems) == ({}, [])


def test_with_bill_order_keeps_everything_else():
    vocabulary = fixture_vocabulary()
    keys = list(reversed(vocabulary.bills))
    ordered = vocabulary.with_bill_order(keys)
    assert list(ordered.bills) == keys
    assert (ordered.zone, ordered.stages, ordered.primary_domains) == (
        vocabulary.zone, vocabulary.stages, vocabulary.primary_domains)
    assert isinstance(ordered, Vocabulary)


# --- check_site and the build ------------------------------------------------------


def check(content: Path, tmp_path: Path, **override) -> list[str]:
    settings = fixture_settings(content, tmp_path / "out", **override)
    return [str(p) for p in check_site(settings, str(content.parent))]


def test_the_fixture_site_checks_clean(fixture_site, tmp_path):
    assert check(fixture_site, tmp_path) == []


def test_check_stops_without_an_id_namespace(fixture_site, tmp_path):
    problems = check(fixture_site, tmp_path, TIMELINE_ID_NAMESPACE="")
    assert len(problems) == 1
    assert problems[0].startswith("settings:1: TIMELINE_ID_NAMESPACE is not set")
    conf = tmp_path / "conf.py"
    conf.write_text("TIMELINE_ID_NAMESPACE = 'not a uuid'\n")
    settings = fixture_settings(fixture_site, tmp_path / "out", TIMELINE_ID_NAMESPACE="x")
    problems = [str(p) for p in check_site(settings, str(tmp_path), settings_file=str(conf))]
    assert problems == ["conf.py:1: TIMELINE_ID_NAMESPACE must be a UUID, not 'x'"]
    assert uuid.UUID(FIXTURE_SETTINGS["TIMELINE_ID_NAMESPACE"])


def test_check_reports_bill_record_problems(fixture_site, tmp_path):
    bill = fixture_site / "bills" / "widget-safety-bill-2023-24.md"
    bill.write_text(bill.read_text().replace("House: commons", "House: senate"))
    problems = check(fixture_site, tmp_path)
    assert ("content/bills/widget-safety-bill-2023-24.md:3: unknown house 'senate' (Houses "
            "are: commons, lords)") in problems
    # The entries and amendments naming the bill it leaves out are reported too.
    unknown = [p.split(":")[0] for p in problems
               if "unknown bill 'widget-safety-bill-2023-24'" in p]
    assert "content/amendments/wsb-nc1.md" in unknown
    assert "content/entries/2024/2024-05-15-report-stage.md" in unknown


def test_check_and_build_read_the_same_entry_files(fixture_site, tmp_path, caplog, monkeypatch):
    import pelican.plugins.parliament_timeline.site.generator as generator

    entries = fixture_site / "entries"
    # An editor's lock file (Pelican's IGNORE_FILES) and a nested, bad entry.
    (entries / ".#2024-05-15-same-day-debate.md").write_text("root@host.1234:1700000000")
    (entries / "2024" / "deeper").mkdir()
    (entries / "2024" / "deeper" / "2024-06-01-nested.md").write_text("Title: Nested\n")
    settings = fixture_settings(fixture_site, tmp_path / "out", TIMELINE_SEARCH_INDEX=False)
    expected = sorted(open_project(settings, str(tmp_path)).entry_files())
    assert [Path(p).name for p in expected] == [
        "2023-10-26-royal-assent.md", "2024-05-15-same-day-debate.md",
        "2024-04-16-announcement.md", "2024-05-15-report-stage.md", "2024-06-01-nested.md"]
    read = []
    real = generator.read_entry_file
    monkeypatch.setattr(generator, "read_entry_file",
                        lambda path, shown=None: read.append(path) or real(path, shown))
    with caplog.at_level(logging.WARNING):
        out = build(fixture_site, tmp_path / "out", TIMELINE_SEARCH_INDEX=False)
    assert sorted(read) == expected
    messages = [r.getMessage() for r in caplog.records]
    assert not any(".#" in m for m in messages)
    assert any("2024-06-01-nested.md:1: missing required field 'Date'" in m for m in messages)
    problems = check(fixture_site, tmp_path)
    assert not any(".#" in p for p in problems)
    assert "content/entries/2024/deeper/2024-06-01-nested.md:1: missing required field " \
        "'Date'" in problems
    assert not (out / "events" / ".#2024-05-15-same-day-debate").exists()


def test_ignore_patterns_match_names_and_paths_as_pelican_does(tmp_path):
    from pelican.plugins.parliament_timeline.records.files import find_record_files, is_ignored

    assert is_ignored(".#a.md", ["**/.*"]) and is_ignored("2024/.#a.md", ["**/.*"])
    assert is_ignored(".#a.md", [".#*"]) and is_ignored("2024/.#a.md", [".#*"])
    assert is_ignored(".drafts", ["**/.*"])
    assert not is_ignored("2024/a.md", ["**/.*", ".#*"])
    assert not is_ignored("2024.5/a.md", ["**/.*"])
    # A site under a hidden folder is still read: paths are relative, never absolute.
    hidden = tmp_path / ".cache" / "entries"
    (hidden / ".drafts").mkdir(parents=True)
    (hidden / "2024-01-01-a.md").write_text("x")
    (hidden / ".#2024-01-01-a.md").write_text("x")
    (hidden / ".drafts" / "2024-01-02-b.md").write_text("x")
    assert find_record_files(str(hidden), ["**/.*"]) == [str(hidden / "2024-01-01-a.md")]
    assert find_record_files(str(hidden), [".#*"]) == [
        str(hidden / ".drafts" / "2024-01-02-b.md"), str(hidden / "2024-01-01-a.md")]


def test_ignore_files_leaves_out_files_of_every_record_folder(fixture_site, tmp_path):
    # A half-written record in each folder, named as IGNORE_FILES leaves out.
    for folder in ("entries", "bills", "people", "amendments", "divisions", "versions",
                   "questions"):
        (fixture_site / folder).mkdir(exist_ok=True)
        (fixture_site / folder / "draft-unfinished.md").write_text("Title: half\n", "utf-8")
    unfinished = {line.partition(":")[0] for line in check(fixture_site, tmp_path)}
    assert len(unfinished) == 7, unfinished
    assert check(fixture_site, tmp_path, IGNORE_FILES=["**/.*", "draft-*"]) == []
