"""Citations (exports/cite.py): OSCOLA on the pages, BibTeX and CSL-JSON files.

The BibTeX files are read back by bibtexparser, the CSL-JSON files checked
against the CSL data schema (tests/fixtures/csl, vendored), and each page
type's "Cite this" names the files it offers.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from conftest import FIXTURE_SITE, FIXTURES, build, soup

PUBLIC = "http://localhost:8000"
SITE = "Widget safety: a fixture timeline"
AUTHOR = "The fixture editors"
CSL_SCHEMA = json.loads((FIXTURES / "csl" / "csl-data.json").read_text(encoding="utf-8"))
# The fixture's latest change: the correction of 1 June 2024.
EDITION = "2024-06-01"


def read_bib(path: Path):
    """One BibTeX file, parsed; its text fields decoded from LaTeX (not its URL)."""
    text = path.read_text(encoding="utf-8")
    raw = bibtexparser.parse_string(text)
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert raw.failed_blocks == [] and decoded.failed_blocks == []
    assert len(raw.entries) == 1
    entry = decoded.entries[0]
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    fields["url"] = raw.entries[0].fields_dict["url"].value
    return entry, fields


def test_every_work_has_a_bibtex_file_a_parser_reads(fixture_build):
    files = sorted((fixture_build / "cite").rglob("*.bib"))
    kinds = {p.parent.name for p in files if p.parent.name != "cite"}
    assert kinds == {"event", "bill", "person", "question", "amendment", "division", "version"}
    for path in files:
        entry, fields = read_bib(path)
        kind = "timeline" if path.parent.name == "cite" else path.parent.name
        assert entry.entry_type == "misc"
        assert entry.key == f"{kind}:{path.stem}"
        assert fields["author"] == AUTHOR and fields["howpublished"] == SITE
        assert fields["url"].startswith(PUBLIC + "/")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"])


def test_an_event_is_cited_by_its_title_date_and_latest_change(fixture_build):
    _, fields = read_bib(fixture_build / "cite" / "event" / "2024-05-15-report-stage.bib")
    assert fields["title"] == "New clause added at report stage (15 May 2024)"
    assert fields["url"] == f"{PUBLIC}/events/2024-05-15-report-stage/"
    # Corrected on 1 June 2024: the page's date is its latest change.
    assert (fields["year"], fields["month"], fields["date"]) == ("2024", "6", "2024-06-01")
    _, fields = read_bib(fixture_build / "cite" / "event" / "2024-04-16-announcement.bib")
    assert fields["date"] == "2024-04-16"


def test_every_csl_json_file_is_valid_against_the_csl_data_schema(fixture_build):
    validator = jsonschema.Draft7Validator(CSL_SCHEMA)
    files = sorted((fixture_build / "cite").rglob("*.json"))
    assert len(files) == len(list((fixture_build / "cite").rglob("*.bib")))
    for path in files:
        items = json.loads(path.read_bytes())
        validator.validate(items)
        assert len(items) == 1
        assert items[0]["type"] == "webpage" and items[0]["container-title"] == SITE
        assert items[0]["URL"].startswith(PUBLIC + "/")
    # And the schema is no rubber stamp: a date as a string is refused.
    broken = [{**items[0], "issued": "2024-06-01"}]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_the_timeline_is_citable_with_its_edition(fixture_build):
    [item] = json.loads((fixture_build / "cite" / "timeline.json").read_bytes())
    assert item["version"] == EDITION
    assert item["issued"] == {"date-parts": [[2024, 6, 1]]}
    assert item["URL"] == f"{PUBLIC}/"
    page = soup(fixture_build / "data" / "index.html")
    oscola = page.select_one("#cite-timeline-timeline").get_text()
    assert oscola.startswith(f"{AUTHOR}, \u2018{SITE}\u2019 ({SITE}, version {EDITION}, "
                             "1 June 2024) <")


def test_the_edition_can_be_set(fixture_site, tmp_path):
    out = build(fixture_site, tmp_path / "out", TIMELINE_CITATION_VERSION="2.1",
                TIMELINE_CITATION_DATE="2025-01-31")
    [item] = json.loads((out / "cite" / "timeline.json").read_bytes())
    assert (item["version"], item["issued"]) == ("2.1", {"date-parts": [[2025, 1, 31]]})
    # Records other than events carry the edition's date.
    [person] = json.loads((out / "cite" / "person" / "jane-widget.json").read_bytes())
    assert person["issued"] == {"date-parts": [[2025, 1, 31]]}


@pytest.mark.parametrize(("page", "anchor", "title"), [
    ("events/2024-05-15-report-stage/index.html", "cite-event-2024-05-15-report-stage",
     "New clause added at report stage (15 May 2024)"),
    ("bills/widget-safety-bill-2023-24/index.html", "cite-bill-widget-safety-bill-2023-24",
     "Widget Safety Bill (2023-24)"),
    ("people/jane-widget/index.html", "cite-person-jane-widget", "Jane Widget"),
    ("questions/penalties/index.html", "cite-question-penalties",
     "Should selling an unsafe widget carry a prison sentence?"),
    ("bills/widget-safety-bill-2023-24/amendments/index.html", "cite-amendment-wsb-nc1",
     "Widget Safety Bill, New clause 1: Safety label on widgets"),
    ("bills/widget-safety-bill-2023-24/amendments/index.html",
     "cite-division-2024-05-15-commons-nc1", None),
    ("wording/index.html", "cite-version-wsb-nc1-report",
     "New clause 1, as tabled for report stage"),
])
def test_each_page_type_offers_an_oscola_citation_and_its_files(fixture_build, page, anchor,
                                                                 title):
    doc = soup(fixture_build / page)
    citation = doc.find(id=anchor)
    assert citation is not None, anchor
    text = " ".join(citation.get_text().split())
    # OSCOLA's rule for websites: Author, 'Title' (Website, Date) <URL> (the
    # reader's access date is added by the page's script when copying).
    found = re.fullmatch(r"(.+), \u2018(.+)\u2019 \((.+), (\d{1,2} \w+ \d{4})\) <(\S+)>", text)
    assert found, text
    assert found[1] == AUTHOR and found[3] == SITE
    if title:
        assert found[2] == title
    url = citation.select_one("a.cite-url")
    assert url.get_text() == found[5]
    # Its copy button, and its files, which exist.
    assert doc.select_one(f'.copy-row[data-copy-target="{anchor}"] button')
    box = citation.find_parent(["section", "details"])
    links = [a["href"] for a in box.select(".cite-files a")]
    assert [Path(h).suffix for h in links] == [".bib", ".json"]
    for href in links:
        assert (fixture_build / page).parent.joinpath(href).resolve().is_file(), href


def test_the_event_page_extends_its_citation_with_the_primary_source(fixture_build):
    doc = soup(fixture_build / "events" / "2024-05-15-report-stage" / "index.html")
    box = doc.select_one("section.cite")
    assert box.select_one("p.cite-primary a")["href"].startswith("https://")
    assert box.select_one("pre[id$='-bibtex']").get_text().startswith(
        "@misc{event:2024-05-15-report-stage,")
    assert json.loads(box.select_one("pre[id$='-csl']").get_text()) == json.loads(
        (fixture_build / "cite" / "event" / "2024-05-15-report-stage.json").read_bytes())


def test_bibtex_special_characters_survive_a_round_trip(fixture_site, tmp_path):
    # A title with every character BibTeX treats specially (but ^, which
    # LaTeX decoding turns into a modifier letter).
    title = r"50% of {widgets} & co \ a_b #1 $5 ~x"
    path = fixture_site / "entries" / "2024" / "2024-04-16-announcement.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Title: The government announces a widget safety rule",
                                 f"Title: {title}"), encoding="utf-8")
    out = build(fixture_site, tmp_path / "out")
    _, fields = read_bib(out / "cite" / "event" / "2024-04-16-announcement.bib")
    assert fields["title"] == f"{title} (16 April 2024)"
    [item] = json.loads((out / "cite" / "event" / "2024-04-16-announcement.json").read_bytes())
    assert item["title"] == f"{title} (16 April 2024)"


def test_citation_files_are_the_same_on_a_second_build(fixture_build, tmp_path):
    shutil.copytree(FIXTURE_SITE, tmp_path / "content")
    again = build(tmp_path / "content", tmp_path / "out")
    first = {p.relative_to(fixture_build): p.read_bytes()
             for p in (fixture_build / "cite").rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes()
              for p in (again / "cite").rglob("*") if p.is_file()}
    assert first == second
