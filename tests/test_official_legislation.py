"""A version of the wording that names its provision on legislation.gov.uk.

No CLML was recorded: the snapshot here is made for the fixture subject
(tests/fixtures/official/made-clml-ukpga-2025-9901-section-1.xml, README.md
there), and checked against what legislation.gov.uk documents of the format.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from official_support import check_errors, site_with_snapshot

from conftest import FIXTURES, build
from pelican.plugins.parliament_timeline.official.legislation import parse_provision
from pelican.plugins.parliament_timeline.official.reader import OfficialDataError

MADE = FIXTURES / "official" / "made-clml-ukpga-2025-9901-section-1.xml"
SNAPSHOT = "official/legislation/ukpga/2025/9901/section/1/data.xml"
LEG = "{http://www.legislation.gov.uk/namespaces/legislation}"
UKM = "{http://www.legislation.gov.uk/namespaces/metadata}"


def test_the_made_clml_has_the_documented_elements():
    root = ET.fromstring(MADE.read_bytes())
    assert root.tag == f"{LEG}Legislation"
    assert root.get("DocumentURI") == "http://www.legislation.gov.uk/ukpga/2025/9901/section/1"
    metadata = root.find(f"{UKM}Metadata")
    assert metadata.find("{http://purl.org/dc/elements/1.1/}modified") is not None
    assert metadata.find(f"{UKM}UnappliedEffects/{UKM}UnappliedEffect").get("Type")
    group = root.find(f"{LEG}Primary/{LEG}Body/{LEG}P1group")
    p1 = group.find(f"{LEG}P1")
    assert group.find(f"{LEG}Title").text and p1.get("RestrictExtent") == "E+W"
    assert [p.find(f"{LEG}Pnumber").text for p in p1.iter(f"{LEG}P2")] == ["1", "2"]


def test_a_provision_gives_its_text_extent_dates_and_outstanding_changes():
    p = parse_provision(MADE.read_bytes())
    assert (p.title, p.heading, p.number, p.extent) == (
        "Consumer Widgets Act 2025", "Selling a widget without a safety label", "1", "E+W")
    assert (str(p.in_force_from), p.status, str(p.revised), p.unapplied_effects) == (
        "2025-06-01", None, "2026-01-01", 1)
    assert p.paragraphs[0] == ("(1) A person who sells or supplies a widget without a safety "
                               "label commits an offence.")


@pytest.mark.parametrize(("change", "message"), [
    (lambda b: b.replace(b"<Legislation ", b"<!DOCTYPE x [<!ENTITY e 'x'>]><Legislation ", 1),
     "document type or entity declaration is refused"),
    (lambda b: b.replace(b'RestrictStartDate="2025-06-01">\n<Pnumber>1',
                         b'RestrictStartDate="soon">\n<Pnumber>1'),
     "RestrictStartDate: not a date"),
    (lambda b: b.replace(b"<P1 ", b"<X1 ").replace(b"</P1>", b"</X1>"), "no provision"),
    (lambda b: b"<html/>", "not CLML"),
    (lambda b: b[:200], "not well-formed XML"),
])
def test_hostile_clml_is_one_clear_error(change, message):
    with pytest.raises(OfficialDataError, match=message):
        parse_provision(change(MADE.read_bytes()), "legislation.gov.uk ukpga/2025/9901/section/1")


def with_snapshot(tmp_path: Path) -> Path:
    return site_with_snapshot(tmp_path, MADE, SNAPSHOT)



def test_the_in_force_date_is_checked_against_the_snapshot(tmp_path):
    site = with_snapshot(tmp_path)
    assert check_errors(tmp_path, site) == []
    version = site / "versions/cwa-section-1-as-enacted.md"
    version.write_text(version.read_text("utf-8").replace("In-force: 2025-06-01",
                                                          "In-force: 2025-06-02"), "utf-8")
    assert check_errors(tmp_path, site) == [
        "content/versions/cwa-section-1-as-enacted.md:6: In-force 2025-06-02 here, 2025-06-01 "
        "on legislation.gov.uk (ukpga/2025/9901/section/1)"]
    text = version.read_text("utf-8")
    version.write_text(text.replace("Sources:", "Legislation: https://www.example.org/x\n"
                                    "Sources:"), "utf-8")
    assert any("is not the address of a provision on legislation.gov.uk" in e
               for e in check_errors(tmp_path, site))


def test_the_wording_page_shows_the_law_as_in_force(tmp_path):
    site = with_snapshot(tmp_path)
    output = build(site, tmp_path / "output")
    page = BeautifulSoup((output / "wording/index.html").read_text("utf-8"), "html.parser")
    heading = page.select_one("#version-cwa-section-1-as-enacted-in-force")
    assert heading.get_text() == "As in force, on legislation.gov.uk"
    facts = " ".join(heading.find_next("dl").get_text(" ").split())
    assert "Extent E+W" in facts and "In force From 1 June 2025" in facts
    assert ("Up to date as of 1 January 2026 ; 1 change by later legislation not yet applied"
            in facts)
    link = heading.find_next("dl").select_one("a")
    assert link["href"] == "https://www.legislation.gov.uk/ukpga/2025/9901/section/1"
    text = [p.get_text() for p in heading.find_next("div", class_="printed-text").select("p")]
    assert text[1].startswith("(2) A person guilty of an offence")
