"""The pages of the records of the debate, in whole builds of the fixture site.

People, questions, the wording page, each bill's amendments and votes, and
the amendment cards and division tables of event pages, read back as
parsed HTML.
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import FIXTURE_SITE, build
from sitecheck import broken_links, parse, resolve

REPORT = "events/2024-05-15-report-stage/index.html"
AMENDMENTS = "bills/widget-safety-bill-2023-24/amendments/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture site, built once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("debate-pages")
    content = folder / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "entries" / "2024-05-15-same-day-debate.md").write_text(
        (FIXTURE_SITE / "entries" / "2024-05-15-same-day-debate.md").read_text()
        + "\n[Jane Widget]({person}jane-widget) on [the question]"
          "({question}licence-or-label#sides).\n")
    return build(content, folder / "output", TIMELINE_SEARCH_INDEX=False)


def target(output, page, href):
    """The file a link on ``page`` (relative to ``output``) points to, relative to output."""
    path, fragment = resolve(output, output / page, href)
    return path.resolve().relative_to(output.resolve()).as_posix(), fragment


def text(tag) -> str:
    """A tag's words as read, one space between, none before punctuation."""
    return re.sub(r" ([,.:;?])(?= |$)", r"\1", " ".join(tag.get_text(" ").split()))


def test_no_internal_link_is_broken(site):
    assert broken_links(site) == []


def test_a_person_page_gives_who_they_are_and_their_part_in_date_order(site):
    page = "people/jane-widget/index.html"
    doc = parse(site / page)
    assert doc.find("h1").get_text() == "Jane Widget"
    facts = text(doc.select_one("dl.record-facts"))
    assert "Party Invented Party" in facts and "House House of Commons" in facts
    assert "Minister for Widgets: from November 2023 to 5 July 2024" in facts
    assert doc.select_one('dl a[href="https://members.parliament.uk/member/99901"]')
    first, *parts = doc.select("ol.parts > li")
    assert "as Minister for Things" in text(first)
    assert [li["class"][1] for li in parts] == [
        "part-event", "part-quote", "part-moved", "part-teller"]
    assert "as Minister for Widgets" in text(parts[0])
    assert target(site, page, parts[0].find("a")["href"])[0] == REPORT
    quote = parts[1].find("blockquote")
    assert quote.get_text(strip=True) == "a label tells every buyer what they need to know"
    assert parts[1].find("a", string="Source of the quote")["href"] == quote["cite"]
    assert target(site, page, parts[2].find("a")["href"]) == (AMENDMENTS, "amendment-wsb-nc1")
    assert "agreed to on a division" in text(parts[2])
    assert "Teller for the Ayes" in text(parts[3])
    assert doc.select_one("ol.sources a")["href"] == "https://members.parliament.uk/member/99901"
    assert doc.select_one(".verification") is None
    other = parse(site / "people/lord-sprocket/index.html")
    assert "No official page" in text(other.select_one(".verification details p"))
    assert "Supported New clause 1" in text(other.select_one("ol.parts"))


def test_the_people_index_links_every_person(site):
    doc = parse(site / "people/index.html")
    links = [a["href"] for a in doc.select("ul.people-list a")]
    assert [target(site, "people/index.html", h)[0] for h in links] == [
        "people/jane-widget/index.html", "people/lord-sprocket/index.html",
        "people/sam-cog/index.html"]
    assert doc.find(attrs={"data-pagefind-body": True}) is not None


def test_event_pages_link_people_and_show_amendment_cards(site):
    doc = parse(site / REPORT)
    person = doc.select_one("ul.people a")
    assert target(site, REPORT, person["href"])[0] == "people/jane-widget/index.html"
    cards = doc.select("article.amendment")
    assert [c["id"] for c in cards] == ["amendment-wsb-amendment-7", "amendment-wsb-nc1"]
    seven, nc1 = cards
    assert seven.find(["h3"]).get_text() == "Amendment 7: Licence to sell widgets"
    assert nc1.find(["h3"]).get_text() == "New clause 1: Safety label on widgets"
    facts = text(nc1.select_one("dl"))
    assert "Bill Widget Safety Bill" in facts and "House of Commons, report stage" in facts
    assert "Moved by Jane Widget" in facts and "Supported by Lord Sprocket" in facts
    assert "The House agreed to the amendment after a recorded vote." in facts
    division = nc1.find("a", string="The division on it")
    assert target(site, REPORT, division["href"]) == (AMENDMENTS,
                                                      "division-2024-05-15-commons-nc1")
    printed = nc1.select_one("blockquote.printed-text")
    assert [p.get_text()[:3] for p in printed.find_all("p")] == ["(1)", "(2)"]
    assert text(nc1.select_one("p.statement")).startswith("This new clause requires")
    assert nc1.select_one("ol.sources a")["href"].startswith("https://bills.parliament.uk/")
    # Amendment 7's text was not seen, and its mover is a plain name.
    assert seven.select_one("blockquote") is None
    assert seven.select_one(".not-seen").get_text() == "Text not seen."
    assert "Moved by Sam Cog" in text(seven.select_one("dl"))
    assert target(site, REPORT, seven.find("dd", string=None).find_next(
        "a", string="New clause 1: Safety label on widgets")["href"])[1] == "amendment-wsb-nc1"
    questions = doc.select("ul.question-links li")
    assert [text(li) for li in questions] == [
        "Licence or label: how should unsafe widgets be stopped?: "
        "A safety label on each widget is enough",
        "Should selling an unsafe widget carry a prison sentence?"]


def test_a_division_with_counts_has_a_table_and_a_decorative_bar(site):
    doc = parse(site / REPORT)
    division = doc.find(id="division-2024-05-15-commons-nc1")
    table = division.find("table")
    assert text(table.caption) == "How the House of Commons voted in division 101"
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    assert rows == [["Lobby", "Votes"], ["Ayes", "300"], ["Noes", "200"]]
    assert [th["scope"] for th in table.find_all("th")] == ["col", "col", "row", "row"]
    bar = division.select_one(".division-bar")
    assert bar["aria-hidden"] == "true"
    assert (bar.progress["max"], bar.progress["value"]) == ("500", "300")
    assert "Agreed, by a majority of 100." in text(division.select_one(".division-result"))
    meaning = [text(li) for li in division.select(".division-meaning li")]
    assert meaning == ["A vote for (Ayes) meant: to require a safety label on every widget sold",
                       "A vote against (Noes) meant: to leave widgets without a labelling duty"]
    assert "Tellers for the Ayes Jane Widget" in text(division.select_one("dl"))
    assert text(division.find("h3")) == "Division 101, House of Commons, 15 May 2024"
    assert "That new clause 1 be read a second time" in text(division)


def test_a_division_without_counts_says_so_and_draws_nothing(site):
    doc = parse(site / REPORT)
    division = doc.find(id="division-2024-05-15-commons-penalties")
    assert division.find("table") is None and division.find("progress") is None
    assert text(division.select_one(".not-seen")).startswith("Counts not seen")
    assert text(division.select_one(".division-result")) == "Result: Not agreed."
    assert len(division.select(".division-meaning li")) == 2


def test_the_bill_amendments_page_groups_by_decision_and_lists_the_votes(site):
    doc = parse(site / AMENDMENTS)
    assert text(doc.find("h1")) == "Amendments and votes: Widget Safety Bill"
    groups = doc.select("section.decision-group")
    assert [(g["data-decision"], [a["id"] for a in g.select("article.amendment")])
            for g in groups] == [("agreed-on-division", ["amendment-wsb-nc1"]),
                                 ("withdrawn", ["amendment-wsb-amendment-7"])]
    contents = [a["href"] for a in doc.select("nav.contents a")]
    assert contents == ["#decision-agreed-on-division", "#decision-withdrawn", "#divisions"]
    assert [s["id"] for s in doc.select("section.division")] == [
        "division-2024-05-15-commons-nc1", "division-2024-05-15-commons-penalties"]
    # The filter is the script's; without it every group shows.
    assert doc.find("form", id="decision-filter").has_attr("hidden")
    options = [o["value"] for o in doc.select("#filter-decision option")]
    assert options == ["", "agreed-on-division", "withdrawn"]
    bill = parse(site / "bills/widget-safety-bill-2023-24/index.html")
    link = bill.find("a", string=lambda s: s and s.startswith("Every amendment and vote"))
    assert target(site, "bills/widget-safety-bill-2023-24/index.html", link["href"])[0] == (
        AMENDMENTS)
    assert len(bill.select("ul.record-lines li")) == 4
    empty = parse(site / "bills/consumer-widgets-bill-hl/amendments/index.html")
    assert "No amendment to this bill" in text(empty.find("main"))


def test_a_question_page_gives_sides_quotes_story_and_outcome(site):
    page = "questions/licence-or-label/index.html"
    doc = parse(site / page)
    assert text(doc.find("h1")) == "Licence or label: how should unsafe widgets be stopped?"
    sides = doc.select("section.side")
    assert [text(s.find("h3")) for s in sides] == [
        "Sellers of widgets should hold a licence", "A safety label on each widget is enough"]
    assert "No quote on this side" in text(sides[0])
    quote = sides[1].select_one("li")
    assert quote.blockquote.get_text(strip=True).startswith("a label tells every buyer")
    by = quote.select_one(".quote-by")
    assert target(site, page, by.find("a")["href"])[0] == "people/jane-widget/index.html"
    assert target(site, page, by.find_all("a")[1]["href"])[0] == REPORT
    story = doc.select("ol.parts > li")
    assert [li["class"][1] for li in story] == [
        "part-event", "part-amendment", "part-amendment", "part-division"]
    assert "Side: Sellers of widgets should hold a licence." in text(story[1])
    # The question's story is Markdown with its references resolved.
    link = doc.select_one(".entry-body a")
    assert target(site, page, link["href"])[0] == REPORT
    assert text(doc.select_one("p.outcome")).startswith("The Consumer Widgets Act 2025")
    open_question = parse(site / "questions/penalties/index.html")
    assert text(open_question.select_one("p.outcome")).startswith("Still open")
    index = parse(site / "questions/index.html")
    assert len(index.select("ul.question-list li")) == 2


def test_the_wording_page_shows_each_version_with_its_redline(site):
    doc = parse(site / "wording/index.html")
    versions = doc.select("section.version")
    assert [v["id"] for v in versions] == ["version-wsb-nc1-report",
                                           "version-cwa-section-1-as-enacted"]
    first, enacted = versions
    assert first.select_one("a.permalink")["href"] == "#version-wsb-nc1-report"
    assert first.find(["ins", "del"]) is None
    assert first.select_one(".redline p").get_text().startswith("(1) A person who sells")
    ins = [text(t) for t in enacted.find_all("ins")]
    dels = [text(t) for t in enacted.find_all("del")]
    assert ins[0] == "[inserted: or supplies ]"
    assert dels == ["[deleted: fine. ]"]
    assert "version-enacted" in enacted["class"]
    facts = text(enacted.select_one("dl"))
    assert "In force From 1 June 2025" in facts
    assert "Up to date as of 1 January 2026" in facts
    assert enacted.find("h3").find("a")["href"] == "#version-wsb-nc1-report"
    # The version before was only partly seen: the comparison says so.
    note = enacted.select_one("p.redline-note")
    assert "Only part of the text before it was seen" in text(note)
    assert "Only part of this text was seen" in text(first.select_one("p.redline-note"))


def test_the_home_page_links_the_debate_and_filters_by_question_and_person(site):
    doc = parse(site / "index.html")
    links = [target(site, "index.html", a["href"])[0] for a in doc.select(".debate-links a")]
    assert links == ["questions/index.html", "wording/index.html", "people/index.html"]
    assert [o["value"] for o in doc.select("#filter-question option")] == [
        "", "licence-or-label", "penalties"]
    assert [o["value"] for o in doc.select("#filter-person option")] == ["", "jane-widget"]
    event = doc.find(id="event-2024-05-15-report-stage")
    assert event["data-question"] == "licence-or-label penalties"
    assert event["data-person"] == "jane-widget"


def test_person_and_question_references_in_narratives_point_at_their_pages(site):
    page = "events/2024-05-15-same-day-debate/index.html"
    links = parse(site / page).select(".entry-body a")[-2:]
    assert target(site, page, links[0]["href"]) == ("people/jane-widget/index.html", "")
    assert target(site, page, links[1]["href"]) == ("questions/licence-or-label/index.html",
                                                    "sides")


def test_the_new_pages_are_indexed_for_search_with_their_titles(site):
    for page in ("people/jane-widget/index.html", "questions/licence-or-label/index.html",
                 "wording/index.html", AMENDMENTS, "people/index.html",
                 "questions/index.html"):
        doc = parse(site / page)
        body = doc.find(attrs={"data-pagefind-body": True})
        assert body is not None and body.find("h1") is not None, page
        assert doc.title.get_text().startswith(text(body.find("h1")).split(":")[0]), page


# --- long person and question pages are paged ---------------------------------


def many_events(content, count: int, words: str = "") -> None:
    """``count`` synthetic events in one month, each naming jane-widget and quoting her
    on licence-or-label (with ``words`` appended to the quote, to make it long)."""
    for n in range(1, count + 1):
        said = f"a label matters, point {n}{words}"
        (content / "entries" / f"2024-03-{n % 28 + 1:02d}-synthetic-{n}.md").write_text(
            f"Title: Synthetic sitting {n}\nDate: 2024-03-{n % 28 + 1:02d}\n"
            "Summary: A synthetic event.\nStage: second-reading\nChamber: commons\n"
            "Bill: widget-safety-bill-2023-24\n"
            f"Sources: https://hansard.parliament.uk/Commons/2024-03-01/debates/{n}/X\n"
            "People: jane-widget | Minister\nQuestions: licence-or-label:label\n"
            f"Quotes: jane-widget | https://hansard.parliament.uk/Commons/2024-03-01/debates/{n}"
            f"/X | licence-or-label:label | {said}\n\nShe said \"{said}\".\n", "utf-8")


def pages_of(output, first: str) -> list:
    """The files of a paged listing whose first page is ``first`` (a folder), in order."""
    found, n = [output / first / "index.html"], 2
    while (output / first / str(n) / "index.html").exists():
        found.append(output / first / str(n) / "index.html")
        n += 1
    return found


def test_a_person_and_a_question_named_by_many_events_are_split_into_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    many_events(content, 11)
    output = build(content, tmp_path / "output", TIMELINE_SEARCH_INDEX=False,
                   TIMELINE_PAGE_SIZE=5)
    person = pages_of(output, "people/jane-widget")
    # Every part once, on the page its turn gives it; page 1 keeps its address.
    parts = [[text(li) for li in parse(p).select("ol.parts > li")] for p in person]
    assert [len(p) for p in parts][:-1] == [5] * (len(parts) - 1) and len(parts) >= 5
    flat = [t for page in parts for t in page]
    assert len(flat) == len(set(flat))
    assert all(any(re.search(rf"Synthetic sitting {n}\b", t) for t in flat)
               for n in range(1, 12))
    first = parse(person[0])
    assert "(page 1 of" in first.title.get_text()
    assert [target(output, "people/jane-widget/index.html", a.get("href"))[0]
            for a in first.select("nav.pager a[href]")][:1] == ["people/jane-widget/2/index.html"]
    question = pages_of(output, "questions/licence-or-label")
    quotes = [len(parse(p).select("#side-label ~ ul.side-quotes > li")) for p in question]
    steps = [len(parse(p).select("ol.parts > li")) for p in question]
    assert sum(quotes) == 12 and max(quotes) == 5  # the fixture's quote and 11 more
    assert max(steps) == 5 and sum(steps) >= 11
    assert "entry-body" not in str(parse(question[1]).select("article")[0].get("class"))
    assert broken_links(output) == []


def test_no_person_or_question_page_passes_one_megabyte(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    # 130 quotes of about 9 kB each (a line may hold at most 10,000 characters):
    # 1.2 MB on one page before pages were cut by weight.
    many_events(content, 130, " and more" * 1000)
    output = build(content, tmp_path / "output", TIMELINE_SEARCH_INDEX=False)
    for first in ("people/jane-widget", "questions/licence-or-label"):
        pages = pages_of(output, first)
        assert len(pages) > 1
        assert max(p.stat().st_size for p in pages) < 1_000_000, first
