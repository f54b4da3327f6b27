"""The importers end to end, as an editor runs them on a site made with new-site.

A real HTTP server on 127.0.0.1 answers with Parliament's recorded responses
at the paths of each service's OpenAPI document (official_support.py);
``TIMELINE_API_BASE_URLS`` points every service at it. Every command runs as
a user runs it (the installed ``parliament-timeline``, ``invoke``,
``pelican``), each a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from official_support import api_server, lords_3172
from test_newsite import BIN, build, page, run, text

CONTACT = "https://timeline.invalid/about/"
LORDS = "content/divisions/2024-11-20-lords-division-5.md"
COMMONS = "content/divisions/2024-11-25-commons-division-47.md"


@pytest.fixture(scope="module")
def made_site(tmp_path_factory) -> Path:
    """A new site made by ``parliament-timeline new-site``, once per module."""
    folder = tmp_path_factory.mktemp("new-site")
    result = run(folder, str(BIN / "parliament-timeline"), "new-site", "site",
                 "--title", "An imported test timeline")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture
def served(made_site, tmp_path):
    """A new site (a copy of the module's) whose every service is the loopback
    server of recorded answers."""
    site = tmp_path / "site"
    shutil.copytree(made_site, site)
    with api_server() as (base, seen):
        with (site / "pelicanconf.py").open("a", encoding="utf-8") as f:
            f.write(f"\nTIMELINE_API_BASE_URLS = {{'bills': {base!r}, "
                    f"'commons-votes': {base!r}, 'lords-votes': {base!r}, "
                    f"'members': {base!r}}}\n")
        yield site, seen


def tool(site: Path, *args: str):
    return run(site, str(BIN / "parliament-timeline"), *args, "--contact", CONTACT)


def import_all(site: Path) -> None:
    for args in (("import-bill", "--id", "2818", "--session", "2019-21"),
                 ("import-division", "--house", "lords", "--id", "3172"),
                 ("import-division", "--house", "commons", "--id", "1873"),
                 ("import-member", "--id", "4514")):
        result = tool(site, *args)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def check(site: Path):
    return run(site, str(BIN / "parliament-timeline"), "check")


def test_imported_records_pass_check_and_build_with_official_facts(served):
    site, seen = served
    import_all(site)
    # Each request went to its OpenAPI path, with the descriptive User-Agent.
    assert {p for p, _ in seen} == {
        "/api/v1/Bills/2818", "/api/v1/Bills/2818/Stages", "/api/v1/Bills/2818/Publications",
        "/data/Divisions/3172", "/data/division/1873.json", "/api/Members/4514"}
    assert all(agent.startswith("pelican-parliament-timeline-fetch/1.0 (+" + CONTACT)
               for _, agent in seen)
    snapshots = sorted(str(p.relative_to(site / "content/official"))
                       for p in (site / "content/official").rglob("*") if p.is_file())
    assert snapshots == ["bills/api/v1/Bills/2818.json", "bills/api/v1/Bills/2818/Stages.json",
                         "commons-votes/data/division/1873.json",
                         "lords-votes/data/Divisions/3172.json", "members/api/Members/4514.json"]
    assert (site / "content/official/lords-votes/data/Divisions/3172.json").read_bytes() == \
        lords_3172()
    result = check(site)
    assert result.returncode == 0, result.stdout + result.stderr
    # The one warning is the new site's About page, still its placeholder.
    assert result.stdout.strip().splitlines()[-1] == "0 error(s), 1 warning(s)"
    assert "content/pages/about.md:9: warning: the page is still the placeholder" in result.stdout

    lords = (site / LORDS).read_text("utf-8")
    for line in ("House: lords", "Number: 5", "Division-id: 3172", "Contents: 36",
                 "Not-contents: 89", "Result: not-agreed", "Status: draft",
                 "Question: Lord Roborough moved amendment 51, to leave out clause 10. "
                 "The House divided:",
                 "Sources: https://votes.parliament.uk/Votes/Lords/Division/3172 | "):
        assert line in lords
    person = (site / "content/people/sir-keir-starmer.md").read_text("utf-8")
    for line in ("Name: Sir Keir Starmer", "Party: Labour", "House: commons",
                 "Seat: Holborn and St Pancras", "Member-id: 4514",
                 "Member-URL: https://members.parliament.uk/member/4514",
                 "Roles: Member of Parliament for Holborn and St Pancras | 2015-05-07 |"):
        assert line in person
    bill = (site / "content/bills/abolition-of-business-rates-bill.md").read_text("utf-8")
    for line in ("Title: Abolition of Business Rates Bill", "Session: 2019-21",
                 "House: commons", "Status: in-progress", "Bill-id: 2818",
                 "URL: https://bills.parliament.uk/bills/2818"):
        assert line in bill
    event = (site / "content/entries"
             / "2021-01-12-abolition-of-business-rates-bill-1st-reading-commons.md")
    event_text = event.read_text("utf-8")
    assert "Stage: first-reading" in event_text and "Status: draft" in event_text
    assert "Sources: https://bills.parliament.uk/bills/2818/stages/12654 | " in event_text

    output = build(site)
    tracker = page(output, "bills/abolition-of-business-rates-bill/index.html")
    reached = tracker.select_one("time[datetime='2021-01-12']")
    assert reached is not None and "12 January 2021" in text(tracker)
    for key, counts, lobby in (("2024-11-20-lords-division-5", ("36", "89"), "Contents"),
                               ("2024-11-25-commons-division-47", ("336", "175"), "Ayes")):
        division = page(output, f"divisions/{key}/index.html")
        cells = [td.get_text(strip=True) for td in division.select("table.division-counts td")]
        assert cells == list(counts)
        split = division.select_one("table.party-split")
        assert split.caption is not None and "by party" in split.caption.get_text()
        assert split.select("th[scope=row]")
        assert division.select_one("details#voters-for summary").get_text().startswith(lobby)
    commons = page(output, "divisions/2024-11-25-commons-division-47/index.html")
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
            for tr in commons.select("table.party-split tbody tr")}
    assert rows["Labour"] == ["320", "0", "79"]
    assert rows["Conservative"] == ["0", "98", "19"]
    lords_page = page(output, "divisions/2024-11-20-lords-division-5/index.html")
    assert "Baroness Foster of Aghadrumsee (Non-affiliated) voted for" in text(lords_page)
    member = page(output, "people/sir-keir-starmer/index.html")
    facts = text(member.select_one("dl.record-facts"))
    assert "Party Labour" in facts and "Constituency Holborn and St Pancras" in facts
    votes = member.select("ul.person-votes li")
    assert [text(v) for v in votes] == [
        "Had no vote recorded on 25 November 2024: Non-Domestic Rating (Multipliers and "
        "Private Schools) Bill: Second Reading (House of Commons, division 47; agreed, 336 to "
        "175)."]
    # The member's name in the division's lists links to their page.
    assert commons.select_one("a[href$='people/sir-keir-starmer/']") is not None

    # A count changed by hand: check fails at that line, naming the official value.
    lines = (site / LORDS).read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("Contents:"))
    (site / LORDS).write_text((site / LORDS).read_text("utf-8").replace("Contents: 36",
                                                                 "Contents: 37"))
    result = check(site)
    assert result.returncode == 1
    assert (f"{LORDS}:{number}: Contents 37 here, 36 in Lords division 3172"
            in result.stdout.splitlines())


def test_importers_never_overwrite_and_say_so(served):
    site, _ = served
    import_all(site)
    before = {p: p.read_bytes() for p in (site / "content").rglob("*.md")}
    (site / COMMONS).write_text((site / COMMONS).read_text("utf-8") + "\nAn editor's note.\n")
    edited = (site / COMMONS).read_bytes()
    result = tool(site, "import-division", "--house", "commons", "--id", "1873")
    assert result.returncode == 0
    assert f"Kept {COMMONS}: it is this division already" in result.stdout
    result = tool(site, "import-bill", "--id", "2818", "--session", "2019-21")
    assert result.returncode == 0 and "0 draft event(s) written, 1 kept" in result.stdout
    result = run(site, str(BIN / "invoke"), "import-member", "--id", "4514",
                 "--contact", CONTACT)
    assert result.returncode == 0, result.stderr
    assert "it is this member already" in result.stdout
    assert (site / COMMONS).read_bytes() == edited
    for path, data in before.items():
        if path != site / COMMONS:
            assert path.read_bytes() == data


def test_publications_of_another_bill_are_refused_with_a_clear_line(served):
    site, _ = served
    result = tool(site, "import-bill", "--id", "2818", "--session", "2019-21")
    assert ("Publications not imported" in result.stdout
            and "Bills API bill 2818 publications, billId: the answer is for bill 512, not 2818"
            in result.stdout)
    assert not (site / "content/official/bills/api/v1/Bills/2818/Publications.json").exists()


@pytest.mark.parametrize(("answer", "message"), [
    # (A 500 is retried with backoff: tests/test_official_fetch.py, without waiting.)
    ((404, b"Not found"), "HTTP 404"),
    ((200, b'{"divisionId": 3172, "title": "<script>alert(1)</script>"}'),
     "Lords division 3172, title: is empty"),
    ((200, b'{"divisionId": "3172"}'), "Lords division 3172, divisionId: expected a number"),
])
def test_a_bad_answer_is_one_line_and_writes_nothing(made_site, tmp_path, answer, message):
    site = tmp_path / "site"
    shutil.copytree(made_site, site)
    with api_server({"/data/Divisions/3172": answer}) as (base, _):
        with (site / "pelicanconf.py").open("a", encoding="utf-8") as f:
            f.write(f"\nTIMELINE_API_BASE_URLS = {{'lords-votes': {base!r}}}\n")
        env_free = tool(site, "import-division", "--house", "lords", "--id", "3172")
    assert env_free.returncode == 1
    assert "Traceback" not in env_free.stderr
    [line] = env_free.stderr.strip().splitlines()
    assert line.startswith("parliament-timeline import-division: http://127.0.0.1:")
    assert message in line
    assert not (site / "content/divisions").exists()
    assert not (site / "content/official").exists()


def test_without_a_contact_url_nothing_is_fetched(served):
    site, seen = served
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    assert "SITEURL" not in env
    result = run(site, str(BIN / "parliament-timeline"), "import-member", "--id", "4514")
    assert result.returncode == 1 and "no contact URL" in result.stderr
    assert seen == []


def test_bad_arguments_are_one_line(served):
    site, _ = served
    result = tool(site, "import-division", "--house", "senate", "--id", "1")
    assert result.returncode == 1 and "--house must be commons or lords" in result.stderr
    result = tool(site, "import-member", "--id", "x")
    assert result.returncode == 1 and "--id must be a whole number" in result.stderr
    result = tool(site, "import-bill", "--id", "2818", "--session", "2019")
    assert result.returncode == 1 and "--session must be YYYY-YY" in result.stderr
    result = tool(site, "import-member", "--id", "4514", "--key", "../../escape")
    assert result.returncode == 1 and "'../../escape' is not a record's key" in result.stderr
    assert not (site.parent / "escape.md").exists()
    result = tool(site, "import-division", "--house", "lords", "--id", "3172", "--event", "x")
    assert result.returncode == 1 and "--event takes an event's id" in result.stderr
    json.dumps(result.stderr)  # plain text
