"""Reading the debate's records together (records/debate.py): the keys between them."""

from __future__ import annotations

import shutil
from dataclasses import replace

from conftest import FIXTURE_SITE, fixture_settings
from debate_records import fixture_records
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.records.debate import (
    check_event_links,
    check_record_links,
)


def test_the_fixture_records_link_up():
    vocabulary = fixture_records()
    assert check_record_links(vocabulary) == []
    assert check_event_links(vocabulary, {"2024-05-15-report-stage"}) == []


def test_a_missing_event_is_reported_at_the_field_that_names_it():
    vocabulary = fixture_records()
    problems = [str(p) for p in check_event_links(vocabulary, set())]
    where = str(FIXTURE_SITE)
    assert problems == [
        f"{where}/amendments/wsb-amendment-7.md:10: unknown event '2024-05-15-report-stage' "
        "(no entry file has that name)",
        f"{where}/amendments/wsb-nc1.md:12: unknown event '2024-05-15-report-stage' "
        "(no entry file has that name)",
        f"{where}/divisions/2024-05-15-commons-nc1.md:9: unknown event "
        "'2024-05-15-report-stage' (no entry file has that name)",
        f"{where}/divisions/2024-05-15-commons-penalties.md:5: unknown event "
        "'2024-05-15-report-stage' (no entry file has that name)",
    ]


def test_keys_between_records_are_checked_both_ways():
    v = fixture_records()
    nc1 = v.amendments["wsb-nc1"]
    division = v.divisions["2024-05-15-commons-nc1"]
    broken = replace(v, amendments={
        **v.amendments,
        "wsb-nc1": replace(nc1, division="2024-05-15-commons-penalties"),
        "wsb-amendment-7": replace(v.amendments["wsb-amendment-7"], replaced_by="wsb-nc9"),
    }, versions={
        k: replace(x, amendment="wsb-nc9") for k, x in v.versions.items()
    }, divisions={
        **v.divisions, "2024-05-15-commons-nc1": replace(division, decides="wsb-nc7"),
    })
    where = str(FIXTURE_SITE)
    assert [str(p) for p in check_record_links(broken)] == [
        f"{where}/amendments/wsb-amendment-7.md:9: 'wsb-nc9' is neither an amendment nor a "
        "version of the wording",
        f"{where}/divisions/2024-05-15-commons-nc1.md:8: unknown amendment 'wsb-nc7' "
        "(amendments are: wsb-amendment-7, wsb-nc1)",
        f"{where}/versions/cwa-section-1-as-enacted.md:1: unknown amendment 'wsb-nc9' "
        "(amendments are: wsb-amendment-7, wsb-nc1)",
        f"{where}/versions/wsb-nc1-report.md:7: unknown amendment 'wsb-nc9' "
        "(amendments are: wsb-amendment-7, wsb-nc1)",
    ]


def test_a_division_that_decides_another_amendment_is_reported():
    v = fixture_records()
    broken = replace(v, divisions={
        **v.divisions,
        "2024-05-15-commons-penalties": replace(
            v.divisions["2024-05-15-commons-penalties"], decides="wsb-nc1"),
    })
    assert [p.message for p in check_record_links(broken)] == [
        "amendment 'wsb-nc1' names another division, '2024-05-15-commons-nc1'"]


def test_invoke_check_reports_a_broken_record_with_its_path_and_line(tmp_path):
    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    nc1 = site / "amendments" / "wsb-nc1.md"
    nc1.write_text(nc1.read_text("utf-8").replace("Events: 2024-05-15-report-stage",
                                                 "Events: 2024-05-16-report-stage"), "utf-8")
    (site / "people" / "lord-sprocket.md").write_text("Name: Lord Sprocket\n", "utf-8")
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    errors = [str(p) for p in problems if p.severity == "error"]
    # The person's file has an error of its own: what names them is not
    # reported again, nor what names the amendment that names them.
    assert errors == [
        "content/amendments/wsb-nc1.md:12: unknown event '2024-05-16-report-stage' (no entry "
        "file has that name)",
        "content/people/lord-sprocket.md:1: missing required field 'Sources'",
    ]


def test_follows_must_name_an_earlier_version():
    v = fixture_records()
    first, enacted = v.versions["wsb-nc1-report"], v.versions["cwa-section-1-as-enacted"]
    where = str(FIXTURE_SITE)
    for follows, message in (
        ("wsb-nc9", "'Follows' names 'wsb-nc9', which is not another version (give a "
         "version's key, or none for the first text of a provision)"),
        ("cwa-section-1-as-enacted", "'Follows' names 'cwa-section-1-as-enacted', a later "
         "version (2025-03-01)"),
    ):
        broken = replace(v, versions={**v.versions, first.key: replace(
            first, follows=follows, lines={**first.lines, "follows": 7})})
        assert [str(p) for p in check_record_links(broken)] == [
            f"{where}/versions/wsb-nc1-report.md:7: {message}"]
    ok = replace(v, versions={**v.versions, enacted.key: replace(enacted, follows="none")})
    assert check_record_links(ok) == []


def test_a_questions_story_is_checked_like_a_narrative(tmp_path):
    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    question = site / "questions" / "licence-or-label.md"
    text = question.read_text("utf-8")
    question.write_text(text.replace("[report stage]({entry}2024-05-15-report-stage)",
                                     "[report stage]({entry}2024-05-16-report-stage)"), "utf-8")
    story_line = text.splitlines().index("An invented question of the test fixture. It was "
                                         "argued at") + 2
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    assert [str(p) for p in problems] == [
        f"content/questions/licence-or-label.md:{story_line}: '{{entry}}2024-05-16-report-stage'"
        ": there is no entry '2024-05-16-report-stage'"]
    question.write_text(text + '\n<img src="x" onerror="steal()">\n', "utf-8")
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    assert [p.message for p in problems] == [
        "event-handler attribute 'onerror' on <img> is not allowed"]


def test_an_invalid_byte_in_any_record_is_one_error_and_nothing_else(tmp_path):
    # One file of each kind with a bad byte on line 3: check says so once, at
    # its line, and no field of it is reported missing.
    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    bad = ["entries/2024-05-15-same-day-debate.md", "bills/consumer-widgets-bill-hl.md",
           "people/sam-cog.md", "amendments/wsb-amendment-7.md",
           "divisions/2024-05-15-commons-penalties.md", "questions/penalties.md",
           "versions/" + sorted(p.name for p in (site / "versions").glob("*.md"))[0]]
    for name in bad:
        path = site / name
        lines = path.read_bytes().split(b"\n")
        lines[2] += b" \xff"
        path.write_bytes(b"\n".join(lines))
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    errors = sorted(str(p) for p in problems if p.severity == "error")
    assert len(errors) == len(bad), "\n".join(errors)
    for name, error in zip(sorted(bad), errors, strict=True):
        assert error.startswith(f"content/{name}:3: not valid UTF-8 text: byte 0xff at column ")
