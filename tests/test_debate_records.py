"""Reading the debate's records together (records/debate.py): the keys between them."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest

from conftest import FIXTURE_SETTINGS, FIXTURE_SITE, fixture_settings, publish
from debate_records import fixture_records
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.procedure import DECISIONS
from pelican.plugins.parliament_timeline.records.debate import (
    check_contradictions,
    check_event_links,
    check_record_links,
)
from pelican.plugins.parliament_timeline.records.load import load_records
from pelican.plugins.parliament_timeline.settings import read_settings


def test_the_fixture_records_link_up():
    vocabulary = fixture_records()
    assert check_record_links(vocabulary) == []
    assert check_contradictions(vocabulary) == []
    assert check_event_links(vocabulary, {"2024-05-15-report-stage"}, fixture_entries()) == []


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
    # Markup the sanitizer would remove (a comment) is reported too, at the story's start.
    question.write_text(text + "\n<!-- for editors -->\n", "utf-8")
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (story_line - 1, "the narrative holds markup that would be removed from the page")]


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


# --- contradictions between records ------------------------------------------

NC1, NC1_DIVISION = "wsb-nc1", "2024-05-15-commons-nc1"
A7, PENALTIES = "wsb-amendment-7", "2024-05-15-commons-penalties"


def fixture_entries():
    ts = read_settings({**FIXTURE_SETTINGS, "TIMEZONE": "Europe/London"})
    return load_records(str(FIXTURE_SITE), ts, whole_set=False).entries


def changed(amendments=None, divisions=None, versions=None):
    """The fixture's records with some of them changed: {key: {field: value}}."""
    v = fixture_records()
    def apply(records, changes):
        return {**records, **{k: replace(records[k], **c) for k, c in (changes or {}).items()}}
    return replace(v, amendments=apply(v.amendments, amendments),
                   divisions=apply(v.divisions, divisions),
                   versions=apply(v.versions, versions))


CONTRADICTIONS = {
    "agreed-on-division, division not agreed": (
        {"divisions": {NC1_DIVISION: {"result": "not-agreed"}}},
        "wsb-nc1.md:10: the decision 'agreed-on-division' does not match the result of "
        f"division '{NC1_DIVISION}' (not agreed)"),
    "negatived-on-division, division agreed": (
        {"amendments": {NC1: {"decision": DECISIONS["negatived-on-division"]}}},
        "wsb-nc1.md:10: the decision 'negatived-on-division' does not match the result of "
        f"division '{NC1_DIVISION}' (agreed)"),
    "a division decides a withdrawn amendment": (
        {"divisions": {PENALTIES: {"decides": A7}}},
        f"{PENALTIES}.md:1: '{A7}' was withdrawn ('withdrawn'), not decided on a division"),
    "a division of the other House decides it": (
        {"amendments": {NC1: {"division": None}},
         "divisions": {NC1_DIVISION: {"house": "lords"}}},
        f"{NC1_DIVISION}.md:8: 'wsb-nc1' is an amendment in the House of Commons, the "
        "division of the House of Lords"),
    "decided on another day than its division": (
        {"amendments": {NC1: {"decided": dt.date(2024, 5, 16)}}},
        f"wsb-nc1.md:9: decided on 2024-05-16, but division '{NC1_DIVISION}' that decided it "
        "was on 2024-05-15"),
    "a division dated before the amendment was tabled": (
        {"amendments": {NC1: {"tabled": dt.date(2024, 5, 20), "decided": None}},
         "versions": {"wsb-nc1-report": {"amendment": None}}},
        f"{NC1_DIVISION}.md:2: the division (2024-05-15) is dated before 'wsb-nc1' was "
        "tabled (2024-05-20)"),
    "two amendments name one division": (
        {"amendments": {A7: {"division": NC1_DIVISION,
                             "decision": DECISIONS["agreed-on-division"]}}},
        f"wsb-nc1.md:11: division '{NC1_DIVISION}' already decides '{A7}': a "
        "division decides one question"),
    "two divisions decide one amendment": (
        {"amendments": {NC1: {"division": None}},
         "divisions": {PENALTIES: {"decides": NC1, "result": "agreed"}}},
        f"{PENALTIES}.md:1: 'wsb-nc1' is already decided by division '{NC1_DIVISION}'"),
    "Replaced-by goes round in a circle": (
        {"amendments": {NC1: {"replaced_by": A7}}},
        "wsb-amendment-7.md:9: 'Replaced-by' goes round in a circle: wsb-amendment-7 -> "
        "wsb-nc1 -> wsb-amendment-7"),
    "two enacted texts of one provision": (
        {"versions": {"wsb-nc1-report": {
            "enacted": True, "bill": fixture_records().versions["cwa-section-1-as-enacted"].bill,
            "provision": "Section  1", "amendment": None, "date": dt.date(2025, 4, 1)}}},
        "wsb-nc1-report.md:1: 'cwa-section-1-as-enacted' is already the enacted text of "
        "Section  1: a provision is enacted once (give later changes 'Up-to-date')"),
    "in force before it was enacted": (
        {"versions": {"cwa-section-1-as-enacted": {"in_force": dt.date(2025, 2, 1)}}},
        "cwa-section-1-as-enacted.md:6: 'In-force' (2025-02-01) is before the version's date "
        "(2025-03-01)"),
    "revised before it was enacted": (
        {"versions": {"cwa-section-1-as-enacted": {"up_to_date": dt.date(2024, 1, 1)}}},
        "cwa-section-1-as-enacted.md:7: 'Up-to-date' (2024-01-01) is before the version's "
        "date (2025-03-01)"),
    "a version moved as an amendment to another bill": (
        {"versions": {"wsb-nc1-report": {
            "bill": fixture_records().versions["cwa-section-1-as-enacted"].bill}}},
        "wsb-nc1-report.md:7: 'wsb-nc1' is an amendment to Widget Safety Bill, this version "
        "of Consumer Widgets Bill [HL]"),
    "a version dated before its amendment was tabled": (
        {"versions": {"wsb-nc1-report": {"date": dt.date(2024, 5, 1)}}},
        "wsb-nc1-report.md:2: dated 2024-05-01, before 'wsb-nc1', which it was moved as, was "
        "tabled (2024-05-10)"),
}


@pytest.mark.parametrize("name", CONTRADICTIONS)
def test_a_contradiction_between_records_is_an_error_at_its_line(name):
    changes, expected = CONTRADICTIONS[name]
    problems = [str(p) for p in check_contradictions(changed(**changes))]
    assert [p.split("/")[-1] for p in problems] == [expected]
    assert all(p.severity == "error" for p in check_contradictions(changed(**changes)))


def test_follows_cannot_go_round_in_a_circle():
    v = fixture_records()
    first, enacted = v.versions["wsb-nc1-report"], v.versions["cwa-section-1-as-enacted"]
    circle = replace(v, versions={
        first.key: replace(first, follows=enacted.key),
        enacted.key: replace(enacted, follows=first.key)})
    assert [p.message.split(",")[0] for p in check_record_links(circle)] == [
        "'Follows' names 'cwa-section-1-as-enacted'"]


def test_a_division_must_agree_with_its_events_house_and_bill():
    entries = fixture_entries()
    lords = changed(divisions={PENALTIES: {"house": "lords"}})
    assert [p.message for p in check_event_links(lords, {"2024-05-15-report-stage"},
                                                 entries)] == [
        "the event '2024-05-15-report-stage' is in the House of Commons, the division of the "
        "House of Lords"]
    other_bill = changed(amendments={NC1: {"bill": fixture_records().bills[
        "consumer-widgets-bill-hl"]}})
    assert [p.message for p in check_event_links(other_bill, {"2024-05-15-report-stage"},
                                                 entries)] == [
        "'wsb-nc1' is an amendment to Consumer Widgets Bill [HL], but the division's event "
        "is on Widget Safety Bill"]


def test_a_pending_amendment_has_no_decided_date():
    from debate_records import checked
    from pelican.plugins.parliament_timeline.records.amendments import build_amendment

    text = (FIXTURE_SITE / "amendments" / "wsb-amendment-7.md").read_text("utf-8")
    text = text.replace("Decision: withdrawn", "Decision: pending").replace(
        "Replaced-by: wsb-nc1\n", "")
    record, problems = checked(build_amendment, text, "amendments/wsb-amendment-7.md")
    assert record is None
    assert problems == ["amendments/wsb-amendment-7.md:7: a 'pending' amendment has not been "
                        "decided: remove 'Decided', or give the decision"]


def test_invoke_check_reports_a_contradiction(tmp_path):
    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    division = site / "divisions" / f"{NC1_DIVISION}.md"
    division.write_text(division.read_text("utf-8").replace(
        "Ayes: 300\nNoes: 200\nResult: agreed", "Ayes: 200\nNoes: 300\nResult: not-agreed"),
        "utf-8")
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    assert [str(p) for p in problems if p.severity == "error"] == [
        "content/amendments/wsb-nc1.md:10: the decision 'agreed-on-division' does not match "
        f"the result of division '{NC1_DIVISION}' (not agreed)"]


def test_a_strict_build_fails_on_a_contradiction_with_no_traceback(tmp_path):


    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    division = site / "divisions" / f"{NC1_DIVISION}.md"
    division.write_text(division.read_text("utf-8").replace(
        "Ayes: 300\nNoes: 200\nResult: agreed", "Ayes: 200\nNoes: 300\nResult: not-agreed"),
        "utf-8")
    result = publish(site, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert f"wsb-nc1.md:10: the decision 'agreed-on-division' does not match the result of " \
        f"division '{NC1_DIVISION}' (not agreed)" in output
