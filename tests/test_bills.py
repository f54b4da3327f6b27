"""Bill records (records/bills.py): content/bills/<key>.md, checked like entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_SITE
from pelican.plugins.parliament_timeline.procedure import OUTCOMES
from pelican.plugins.parliament_timeline.records.bills import (
    Bill,
    build_bill,
    check_bill_links,
    read_bills,
)
from pelican.plugins.parliament_timeline.records.parse import parse_text

GOOD = """\
Title: Consumer Widgets Bill [HL]
Session: 2024-26
House: lords
Status: royal-assent
URL: https://bills.parliament.uk/bills/99901
Act: Consumer Widgets Act 2025
Act-URL: https://www.legislation.gov.uk/ukpga/2025/9901
Carried-into: widget-safety-bill-2023-24

Became the Consumer Widgets Act 2025.
It carries the widget rule.
"""

PATH = "content/bills/consumer-widgets-bill-hl.md"


def problems_of(text: str, path: str = PATH) -> tuple[Bill | None, list[str]]:
    bill, problems = build_bill(parse_text(text, path))
    return bill, [str(p) for p in problems]


def write(folder: Path, key: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.md"
    path.write_text(text, encoding="utf-8")
    return path


def bill_text(title: str, status: str = "fell", carried: str | None = None) -> str:
    more = f"Carried-into: {carried}\n" if carried else ""
    return (f"Title: {title}\nSession: 2023-24\nHouse: commons\nStatus: {status}\n{more}\n"
            f"What became of {title}.\n")


def test_a_good_record_builds_every_field():
    bill, problems = problems_of(GOOD)
    assert problems == []
    assert bill == Bill(
        key="consumer-widgets-bill-hl",
        title="Consumer Widgets Bill [HL]",
        session="2024-26",
        house="lords",
        status="royal-assent",
        outcome="Became the Consumer Widgets Act 2025. It carries the widget rule.",
        url="https://bills.parliament.uk/bills/99901",
        act_title="Consumer Widgets Act 2025",
        act_url="https://www.legislation.gov.uk/ukpga/2025/9901",
        carried_into="widget-safety-bill-2023-24",
        source_path=PATH,
    )
    assert bill.status_label == OUTCOMES["royal-assent"] == "Became an Act"


def test_the_optional_fields_may_be_left_out():
    text = "Title: T\nSession: 2023-24\nHouse: Commons\nStatus: FELL\n\nIt fell.\n"
    bill, problems = problems_of(text, "bills/t.md")
    assert problems == []
    assert (bill.key, bill.house, bill.status) == ("t", "commons", "fell")
    assert (bill.url, bill.act_title, bill.act_url, bill.carried_into) == (None,) * 4


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Title: Consumer Widgets Bill [HL]\n", "",
         f"{PATH}:1: missing required field 'Title'"),
        ("Session: 2024-26\n", "", f"{PATH}:1: missing required field 'Session'"),
        ("House: lords\n", "", f"{PATH}:1: missing required field 'House'"),
        ("Status: royal-assent\n", "", f"{PATH}:1: missing required field 'Status'"),
        ("House: lords", "House: senate",
         f"{PATH}:3: unknown house 'senate' (Houses are: commons, lords)"),
        ("Status: royal-assent", "Status: passed",
         f"{PATH}:4: unknown status 'passed' (statuses are: " + ", ".join(OUTCOMES) + ")"),
        ("Session: 2024-26", "Session: 2024",
         f"{PATH}:2: bad session '2024': use YYYY-YY, e.g. 2024-26"),
        ("Session: 2024-26", "Session: 24-26",
         f"{PATH}:2: bad session '24-26': use YYYY-YY, e.g. 2024-26"),
        ("URL: https://bills.parliament.uk/bills/99901", "URL: bills.parliament.uk/bills/1",
         f"{PATH}:5: 'bills.parliament.uk/bills/1' is not an http(s) URL"),
        ("Act-URL: https://www.legislation.gov.uk/ukpga/2025/9901", "Act-URL: javascript:x",
         f"{PATH}:7: 'javascript:x' is not an http(s) URL"),
        ("URL: https://bills.parliament.uk/bills/99901", "URL: https:///bills/1",
         f"{PATH}:5: 'https:///bills/1' has no host after 'https://'"),
        ("Title: Consumer Widgets Bill [HL]", "Title:", f"{PATH}:1: 'Title' is empty"),
        ("Title: Consumer Widgets Bill [HL]", "Title: Consumer\n    Widgets Bill",
         f"{PATH}:2: 'Title' takes a single line"),
        ("Act: Consumer Widgets Act 2025", "Act: Consumer Widgets Act 2025\nChapter: 18",
         f"{PATH}:7: unknown field 'Chapter' (fields are: Title, Session, House, Status, URL, "
         "Act, Act-URL, Carried-into, Bill-id, Documents)"),
        ("Became the Consumer Widgets Act 2025.\nIt carries the widget rule.\n", "",
         f"{PATH}:10: the body must say what became of the bill"),
    ],
)
def test_each_problem_is_reported_at_its_line(old, new, expected):
    assert old in GOOD
    bill, problems = problems_of(GOOD.replace(old, new))
    assert bill is None
    assert expected in problems, problems


@pytest.mark.parametrize("name", ["Consumer.md", "consumer_widgets.md", "-x.md", "a--b.md"])
def test_a_bad_file_name_is_reported(name):
    bill, problems = problems_of(GOOD, f"content/bills/{name}")
    assert bill is None
    assert problems == [
        f"content/bills/{name}:1: the file name '{name}' must be <key>.md, the key in "
        "lower-case letters, digits and hyphens"]


def test_all_problems_of_a_record_are_reported_at_once():
    text = GOOD.replace("House: lords", "House: x").replace("Session: 2024-26", "Session: x")
    _, problems = problems_of(text.replace("URL: https://bills", "URL: ftp://bills"))
    assert [p.split(":")[1] for p in problems] == ["2", "3", "5"]


def test_carried_into_an_unknown_bill_is_reported_at_its_line(tmp_path):
    folder = tmp_path / "bills"
    write(folder, "old", bill_text("Old Bill", carried="nowhere"))
    write(folder, "new", bill_text("New Bill", "royal-assent"))
    bills, problems = read_bills(str(folder), str(tmp_path))
    assert set(bills) == {"new", "old"}
    assert [str(p) for p in problems] == [
        "bills/old.md:5: Carried-into names an unknown bill 'nowhere' (bills are: new, old)"]


def test_a_loop_of_carried_into_is_reported_for_each_bill_in_it(tmp_path):
    folder = tmp_path / "bills"
    write(folder, "a", bill_text("A Bill", carried="b"))
    write(folder, "b", bill_text("B Bill", carried="a"))
    write(folder, "c", bill_text("C Bill", carried="a"))  # leads into the loop: not in it
    write(folder, "self", bill_text("Self Bill", carried="self"))
    _, problems = read_bills(str(folder), str(tmp_path))
    assert [str(p) for p in problems] == [
        "bills/a.md:5: Carried-into forms a loop: a -> b -> a",
        "bills/b.md:5: Carried-into forms a loop: b -> a -> b",
        "bills/self.md:5: Carried-into forms a loop: self -> self",
    ]


def test_check_bill_links_without_lines_reports_line_one():
    a = Bill("a", "A", "2023-24", "commons", "fell", "Fell.", carried_into="z")
    assert [str(p) for p in check_bill_links({"a": a})] == [
        "a:1: Carried-into names an unknown bill 'z' (bills are: a)"]
    assert check_bill_links({}) == []


def test_read_bills_reads_every_record_in_key_order_and_leaves_bad_ones_out(tmp_path):
    folder = tmp_path / "content" / "bills"
    write(folder, "zeta", bill_text("Zeta Bill"))
    write(folder, "alpha", bill_text("Alpha Bill", "royal-assent"))
    write(folder, "bad", "Title: Bad\n\nNo other field.\n")
    write(folder / "older", "beta", bill_text("Beta Bill"))
    (folder / ".#alpha.md").write_text("an editor's lock file")
    (folder / "notes.txt").write_text("not a record")
    bills, problems = read_bills(str(folder), str(tmp_path))
    assert list(bills) == ["alpha", "beta", "zeta"]
    assert bills["alpha"].source_path == "content/bills/alpha.md"
    assert bills["beta"].source_path == "content/bills/older/beta.md"
    assert [str(p) for p in problems] == [
        "content/bills/bad.md:1: missing required field 'Session'",
        "content/bills/bad.md:1: missing required field 'House'",
        "content/bills/bad.md:1: missing required field 'Status'",
    ]


def test_a_missing_folder_means_no_bills(tmp_path):
    assert read_bills(str(tmp_path / "nothing")) == ({}, [])


def test_the_fixture_subjects_bills_read_cleanly():
    bills, problems = read_bills(str(FIXTURE_SITE / "bills"))
    assert problems == []
    assert list(bills) == ["consumer-widgets-bill-hl", "sprocket-registration-bill-hl",
                           "widget-labelling-bill-2022-23", "widget-safety-bill-2023-24"]
    assert bills["widget-safety-bill-2023-24"].carried_into == "consumer-widgets-bill-hl"
    assert {b.status for b in bills.values()} == {"fell", "royal-assent", "not-passed"}
