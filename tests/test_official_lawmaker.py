"""Amendment papers in LawMaker XML: the parser on the recorded papers and hostile
ones, and ``import-amendments`` on a new site (from a file, and from a URL on 127.0.0.1).
"""

from __future__ import annotations

import datetime as dt

import pytest
from official_support import CORPUS, api_server
from test_newsite import BIN, run

from pelican.plugins.parliament_timeline.official.lawmaker import parse_amendment_paper
from pelican.plugins.parliament_timeline.official.reader import OfficialDataError

PAPERS = CORPUS / "lawmaker" / "amendment-papers"


def paper(name: str) -> bytes:
    return (PAPERS / name).read_bytes()


def test_a_recorded_paper_gives_each_amendment_with_sponsors_statement_and_text():
    p = parse_amendment_paper(paper("datapro_rm_rep_0825.xml"), "datapro_rm_rep_0825.xml")
    assert (p.bill_title, p.house, p.stage, p.published) == (
        "Data Protection and Digital Information (No. 2) Bill", "commons", "Report Stage",
        dt.date(2023, 8, 25))
    assert p.url == "https://lawmaker.legislation.gov.uk/pdr/ukpubb/HC/58_3/314/bill/hcmarsh@2023-08-25"
    assert [a.number for a in p.amendments] == ["NC1", "NC2"]
    nc1 = p.amendments[0]
    assert nc1.sponsors[:2] == ("Jane Hunt", "Peter Aldous") and len(nc1.sponsors) == 10
    assert nc1.heading.startswith("Processing of data in relation to a case-file")
    assert nc1.statement.startswith("This new clause adjusts Section 40 of the Data Protection "
                                    "Act 2018")
    paragraphs = nc1.text.split("\n\n")
    assert paragraphs[0] == "To move the following Clause—"
    assert paragraphs[1].startswith("\u201cProcessing of data")
    assert "(1) The 2018 Act is amended in accordance with subsection (2)." in paragraphs


def test_an_amendment_to_a_clause_keeps_its_place_and_its_numbered_paragraphs():
    p = parse_amendment_paper(paper("victims_prisoners_rm_rep_0906.xml"), "x")
    two = next(a for a in p.amendments if a.number == "2")
    assert two.heading == "Clause 1, page 1, line 16, at end insert—"
    assert two.text.split("\n\n") == [
        "Clause 1, page 1, line 16, at end insert—",
        "\u201c(e) where the person has experienced, or made allegations that they have "
        "experienced—",
        "(i) sexual abuse, sexual harassment or sexual misconduct, or",
        "(ii) bullying or harassment not falling within paragraph (i).\u201d"]
    assert two.sponsors == ("Layla Moran",) and two.statement is None


@pytest.mark.parametrize(("body", "message"), [
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
     b"<akomaNtoso>&lol2;</akomaNtoso>", "document type or entity declaration is refused"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
     b"<akomaNtoso>&e;</akomaNtoso>", "document type or entity declaration is refused"),
    (b"<akomaNtoso><unclosed></akomaNtoso>", "not well-formed XML"),
    (b"<html><body>Just a moment...</body></html>", "not Akoma Ntoso"),
    (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>',
     "no amendment in the paper"),
    (b'<akomaNtoso><component class="amendment"><amendmentContent><num/></amendmentContent>'
     b"</component></akomaNtoso>", "amendment 1: no number"),
    (b'<akomaNtoso><component class="amendment"><amendmentContent><num>7</num>'
     b"</amendmentContent></component></akomaNtoso>", "amendment 7: no instruction"),
    (b" " * (10 * 1024 * 1024 + 1), "more than the"),
])
def test_hostile_papers_are_one_clear_error(body, message):
    with pytest.raises(OfficialDataError, match=message) as caught:
        parse_amendment_paper(body, "paper.xml")
    assert str(caught.value).startswith("paper.xml")


def test_script_in_a_paper_is_text_not_markup():
    body = paper("victims_prisoners_rm_rep_0906.xml").replace(
        b"Layla Moran</docIntroducer>",
        b"Layla <script>alert(1)</script>Moran</docIntroducer>", 1)
    p = parse_amendment_paper(body, "x")
    assert next(a for a in p.amendments if a.number == "2").sponsors == ("Layla alert(1)Moran",)


@pytest.fixture
def site(tmp_path):
    path = tmp_path / "site"
    tool = str(BIN / "parliament-timeline")
    assert run(tmp_path, tool, "new-site", path.name, "--title", "T").returncode == 0
    result = run(path, tool, "new-bill", "--key", "example-bill", "--title", "Example Bill",
                 "--session", "2023-24", "--house", "commons")
    assert result.returncode == 0, result.stderr
    result = run(path, tool, "new-entry", "--title", "Report stage", "--date", "2023-09-06",
                 "--stage", "report", "--chamber", "commons", "--bill", "example-bill",
                 "--sources", "https://hansard.parliament.uk/Commons/2023-09-06")
    assert result.returncode == 0, result.stderr
    return path


def test_import_amendments_from_a_file_writes_records_that_pass_check(site):
    tool = str(BIN / "parliament-timeline")
    args = ("import-amendments", str(PAPERS / "victims_prisoners_rm_rep_0906.xml"),
            "--bill", "example-bill", "--event", "2023-09-06-report-stage")
    result = run(site, tool, *args)
    assert result.returncode == 0, result.stderr
    assert "6 amendment record(s) written from 6 in the paper" in result.stdout
    record = (site / "content/amendments/example-bill-report-3.md").read_text("utf-8")
    for line in ("Title: Clause 2, page 2, line 25, at end insert—", "Bill: example-bill",
                 "House: commons", "Stage: report", "Number: 3", "Mover: Layla Moran",
                 "Decision: pending", "Events: 2023-09-06-report-stage",
                 "Statement: This amendment would require the victims\u2019 code",
                 "Sources: https://lawmaker.legislation.gov.uk/pdr/ukpubb/HC/58_3/351/bill/"
                 "hcmarsh@2023-09-06 | Victims and Prisoners Bill, Report Stage, 6 September "
                 "2023 (amendment paper)"):
        assert line in record
    check = run(site, tool, "check")
    assert check.returncode == 0, check.stdout
    # Run again: nothing is overwritten.
    again = run(site, tool, *args)
    assert "0 amendment record(s) written" in again.stdout
    assert (site / "content/amendments/example-bill-report-3.md").read_text("utf-8") == record


def test_import_amendments_from_a_url_and_a_bad_paper(site):
    tool = str(BIN / "parliament-timeline")
    body = paper("datapro_rm_rep_0721.xml")
    with api_server({"/paper.xml": lambda: body,
                     "/bad.xml": lambda: b"<!DOCTYPE x><akomaNtoso/>"}) as (base, seen):
        result = run(site, tool, "import-amendments", f"{base}/paper.xml", "--bill",
                     "example-bill", "--event", "2023-09-06-report-stage",
                     "--contact", "https://timeline.invalid/")
        bad = run(site, tool, "import-amendments", f"{base}/bad.xml", "--bill",
                  "example-bill", "--event", "2023-09-06-report-stage",
                  "--contact", "https://timeline.invalid/")
    assert result.returncode == 0, result.stderr
    assert f"Sources: {base}/paper.xml | " in (
        site / "content/amendments/example-bill-report-nc2.md").read_text("utf-8")
    assert seen[0][1].startswith("pelican-parliament-timeline-fetch/1.0")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "document type or entity declaration is refused" in bad.stderr
    unknown = run(site, tool, "import-amendments", str(PAPERS / "datapro_rm_rep_0721.xml"),
                  "--bill", "nowhere", "--event", "2023-09-06-report-stage")
    assert unknown.returncode == 1 and "unknown bill 'nowhere'" in unknown.stderr
