"""Official data in the fixture subject's pages and checks.

The fixture's Commons division 2024-05-15-commons-nc1 names division 99901
on votes.parliament.uk; its snapshot is made, not recorded
(tests/fixtures/official/README.md). Jane Widget (member 99901) and Sam Cog
(99903) name their member pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from official_support import check_errors, corpus_bytes, site_with_snapshot

from conftest import FIXTURES, build, fixture_settings
from pelican.plugins.parliament_timeline.commands.check import check_site
from pelican.plugins.parliament_timeline.official.votes import parse_commons_division
from pelican.plugins.parliament_timeline.site.official import documents_by_stage, party_split

MADE = FIXTURES / "official" / "made-commons-division-99901.json"
SNAPSHOT = "official/commons-votes/data/division/99901.json"
NC1 = "divisions/2024-05-15-commons-nc1.md"


def with_snapshot(tmp_path: Path) -> Path:
    return site_with_snapshot(tmp_path, MADE, SNAPSHOT)



def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_the_made_snapshot_has_the_recorded_answers_shape():
    made = json.loads(MADE.read_text("utf-8"))
    recorded = json.loads(corpus_bytes("votes-api/commons-1873.json"))
    assert set(made) == set(recorded) | {"RemoteVotingEnd"}
    assert set(made["Ayes"][0]) == set(recorded["Ayes"][0])
    assert parse_commons_division(MADE.read_bytes(), 99901).votes_for == 300


def test_the_site_agrees_with_its_snapshot(tmp_path):
    site = with_snapshot(tmp_path)
    assert check_errors(tmp_path, site) == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("Ayes: 300", "Ayes: 301", "content/divisions/2024-05-15-commons-nc1.md:5: Ayes 301 here, "
     "300 in Commons division 99901"),
    ("Noes: 200", "Noes: 199", "content/divisions/2024-05-15-commons-nc1.md:6: Noes 199 here, "
     "200 in Commons division 99901"),
    ("Number: 101", "Number: 102", "content/divisions/2024-05-15-commons-nc1.md:3: number 102 "
     "here, 101 in Commons division 99901"),
    ("Sources: https://votes.parliament.uk/votes/commons/division/99901",
     "Division-id: 99902\nSources: https://votes.parliament.uk/votes/commons/division/99901",
     "content/divisions/2024-05-15-commons-nc1.md:14: Division-id 99902 is not the division "
     "its source names (99901)"),
    ("Sources: https://votes.parliament.uk/votes/commons/division/99901",
     "Sources: https://votes.parliament.uk/votes/lords/division/99901",
     "content/divisions/2024-05-15-commons-nc1.md:14: the source "
     "https://votes.parliament.uk/votes/lords/division/99901 is a division of the other House"),
])
def test_a_hand_typed_fact_that_differs_is_reported_at_its_line(tmp_path, old, new, message):
    site = with_snapshot(tmp_path)
    replace_in(site / NC1, old, new)
    assert check_errors(tmp_path, site) == [message]


def test_a_bad_snapshot_is_reported_at_its_own_path(tmp_path):
    site = with_snapshot(tmp_path)
    (site / SNAPSHOT).write_text('{"DivisionId": 99901, "Title": 7}')
    assert check_errors(tmp_path, site) == [
        "content/official/commons-votes/data/division/99901.json:1: Commons division 99901, "
        "Title: expected a string, found a number"]


def test_a_person_and_a_bill_are_checked_against_their_snapshots(tmp_path):
    site = with_snapshot(tmp_path)
    member = json.loads(corpus_bytes("members-api/search.json"))["items"][0]
    member["value"].update(id=99903, nameDisplayAs="Sam Cog")
    member["value"]["latestParty"]["name"] = "A Third Invented Party"
    path = site / "official/members/api/Members/99903.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(member))
    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    shown = [str(p) for p in problems if "Members API" in p.message]
    assert shown == ["content/people/sam-cog.md:2: warning: Party 'Another Invented Party' "
                     "here, 'A Third Invented Party' in Members API member 99903 (its latest)"]
    replace_in(site / "bills/widget-safety-bill-2023-24.md", "Status: fell",
               "Status: fell\nBill-id: 2818")
    bill = site / "official/bills/api/v1/Bills/2818.json"
    bill.parent.mkdir(parents=True)
    bill.write_bytes(corpus_bytes("bills-api/bill-2818.json").replace(
        b'"originatingHouse": "Commons"', b'"originatingHouse": "Lords"'))
    assert check_errors(tmp_path, site) == [
        "content/bills/widget-safety-bill-2023-24.md:3: House 'commons' here, 'lords' (House "
        "of origin) in Bills API bill 2818"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("official-pages")
    site = with_snapshot(tmp)
    # A draft event and a draft division, shown in development only.
    (site / "entries/2024/2024-05-16-imported-draft.md").write_text(
        "Title: An imported sitting\nDate: 2024-05-16\nSummary: A sitting.\nStage: report\n"
        "Chamber: commons\nBill: widget-safety-bill-2023-24\nStatus: draft\n"
        "Sources: https://bills.parliament.uk/bills/2818/stages/1\n", "utf-8")
    (site / "divisions/2024-05-16-commons-division-7.md").write_text(
        "House: commons\nDate: 2024-05-16\nNumber: 7\nQuestion: That the clause stand part\n"
        "Ayes: 3\nNoes: 2\nResult: agreed\nStatus: draft\n"
        "Sources: https://votes.parliament.uk/Votes/Commons/Division/99990\n", "utf-8")
    replace_in(site / "bills/widget-safety-bill-2023-24.md", "Status: fell",
               "Status: fell\nDocuments: report | https://www.parliament.uk/widgets.pdf | "
               "Library briefing on widgets")
    # A bill naming its Bills API id, with recorded publications (those of
    # bill 512, as SOURCES.md says) and no recorded stages.
    replace_in(site / "bills/consumer-widgets-bill-hl.md",
               "URL: https://bills.parliament.uk/bills/99901", "Bill-id: 512")
    publications = site / "official/bills/api/v1/Bills/512/Publications.json"
    publications.parent.mkdir(parents=True)
    publications.write_bytes(corpus_bytes("bills-api/bill-2818_publications.json"))
    return site, build(site, tmp / "output")


def soup(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text("utf-8"), "html.parser")


def test_the_division_page_shows_the_party_split_rebels_and_every_vote(built):
    _, output = built
    page = soup(output, "divisions/2024-05-15-commons-nc1/index.html")
    table = page.select_one("table.party-split")
    assert "by party" in table.caption.get_text()
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")]
            for tr in table.select("tbody tr")]
    assert rows == [["Another Invented Party", "1", "3", "0"], ["Invented Party", "3", "0", "1"]]
    rebels = [" ".join(li.get_text(" ").split()) for li in page.select("ul.rebels li")]
    assert rebels == ["Dan Bolt (Another Invented Party) voted for (Ayes), while 3 of 4 "
                      "Another Invented Party members who voted went the other way."]
    lists = {d["id"]: [li.get_text(" ", strip=True) for li in d.select("li")]
             for d in page.select("details.voters")}
    assert [v.split(" (")[0] for v in lists["voters-against"]] == ["Eve Washer", "Fay Nut",
                                                                  "Sam Cog"]
    assert page.select_one("details#voters-against a[href$='people/sam-cog/']") is not None
    assert len(lists["voters-no-vote"]) == 1
    # The event page's division links to it.
    event = soup(output, "bills/widget-safety-bill-2023-24/amendments/index.html")
    assert event.select_one("a[href$='divisions/2024-05-15-commons-nc1/']") is not None


def test_person_pages_list_their_votes_in_a_sentence_each(built):
    _, output = built
    sam = [" ".join(li.get_text(" ").split())
           for li in soup(output, "people/sam-cog/index.html").select("ul.person-votes li")]
    assert sam == ["Voted against (Noes) on 15 May 2024: That new clause 1 be read a second time "
                   "(House of Commons, division 101; agreed, 300 to 200)."]
    jane = soup(output, "people/jane-widget/index.html").select("ul.person-votes li")
    assert [li.get_text(" ", strip=True).split(" on ")[0] for li in jane] == [
        "Was a teller for the Ayes"]


def test_drafts_show_in_development_and_stay_out_of_the_publishing_build(built, tmp_path):
    site, output = built
    draft = soup(output, "events/2024-05-16-imported-draft/index.html")
    assert "A draft imported from Parliament's data" in draft.get_text()
    assert (output / "divisions/2024-05-16-commons-division-7/index.html").is_file()
    strict = build(site, tmp_path / "strict", TIMELINE_STRICT=True)
    assert not (strict / "events/2024-05-16-imported-draft").exists()
    assert not (strict / "divisions/2024-05-16-commons-division-7").exists()
    assert (strict / "divisions/2024-05-15-commons-nc1/index.html").is_file()


def test_a_ready_division_needs_its_narrative_fields(tmp_path):
    site = with_snapshot(tmp_path)
    replace_in(site / NC1, "Vote-for: to require a safety label on every widget sold\n", "")
    assert check_errors(tmp_path, site) == [
        "content/divisions/2024-05-15-commons-nc1.md:1: missing required field 'Vote-for' "
        "(only a draft, 'Status: draft', may leave it out)"]


def test_the_bill_page_lists_documents_by_stage(built):
    _, output = built
    page = soup(output, "bills/widget-safety-bill-2023-24/index.html")
    headings = [h.get_text(strip=True) for h in page.select("h2#documents ~ h3")]
    assert headings == ["Report stage (added by the editors)"]
    link = page.select_one("ul.bill-documents a")
    assert link["href"] == "https://www.parliament.uk/widgets.pdf"


def test_publications_go_under_the_stage_reached_on_their_date():
    from pelican.plugins.parliament_timeline.official.bills import parse_publications
    from pelican.plugins.parliament_timeline.official.types import OfficialStage, Sitting
    from pelican.plugins.parliament_timeline.records.bills import Bill

    publications = parse_publications(corpus_bytes("bills-api/bill-2818_publications.json"),
                                      512)
    # Stages made for the test (the recorded bill 512 has none): 1R, then 2R.
    stages = (OfficialStage(1, 6, "1st reading", "commons", 1, (Sitting(1, publications[0].date),)),
              OfficialStage(2, 7, "2nd reading", "commons", 2,
                            (Sitting(2, publications[10].date),)))
    bill = Bill("b", "B", "2009-10", "commons", "royal-assent", "x")
    groups = documents_by_stage(stages, publications, bill, {})
    assert [g.heading for g in groups] == ["1st reading, House of Commons",
                                           "2nd reading, House of Commons"]
    assert sum(len(g.publications) for g in groups) == 41
    assert all(p.date >= publications[10].date for p in groups[1].publications)


def test_party_split_counts_each_lobby_and_no_vote():
    d = parse_commons_division(corpus_bytes("votes-api/commons-1873.json"), 1873)
    rows, rebels = party_split(d)
    assert sum(r.voted_for for r in rows) == 333 and sum(r.voted_against for r in rows) == 174
    assert sum(r.no_vote for r in rows) == 139
    assert rows[0].party == "Labour"
    assert all(r.voter.party == "Independent" for r in rebels)


def test_the_bills_api_publications_are_listed_with_their_links(built):
    _, output = built
    page = soup(output, "bills/consumer-widgets-bill-hl/index.html")
    assert [h.get_text(strip=True) for h in page.select("h2#documents ~ h3")] == [
        "Before its first recorded stage"]
    items = page.select("ul.bill-documents li")
    assert len(items) == 41
    first = " ".join(items[0].get_text(" ").split())
    assert first.startswith("4 June 2008: Select Committee report: Public Administration "
                            "Select Committee, Constitional Renewal")
    hrefs = [a["href"] for a in page.select("ul.bill-documents a")]
    assert all(h.startswith(("https://", "http://")) for h in hrefs)
    assert any("(PDF)" in a.get_text() for a in page.select("ul.bill-documents a"))
