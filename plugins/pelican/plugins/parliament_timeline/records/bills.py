"""Bill records: one Markdown file per bill in ``content/bills/<key>.md``.

A bill is content, not code: the subject's bills are written by editors in
the same metadata format as entries (records/parse.py), and checked the same
way, every problem as ``path:line: message``. The file name is the bill's
key, which entries name in their ``Bill`` field; the body is the bill page's
prose on what became of it. ``Bill-id`` (or the number in a
bills.parliament.uk ``URL``) is its id in the Bills API: the committed
snapshots then give its page the bill's publications, by stage, beside the
``Documents`` an editor lists (``stage-key | URL | title``), and ``invoke
check`` compares the record with the snapshot (records/official.py).

    Title: Data (Use and Access) Bill [HL]
    Session: 2024-26
    House: lords
    Status: royal-assent
    URL: https://bills.parliament.uk/bills/3825
    Act: Data (Use and Access) Act 2025
    Act-URL: https://www.legislation.gov.uk/ukpga/2025/18
    Carried-into: another-bill-key
    Bill-id: 3825
    Documents: second-reading | https://commonslibrary.parliament.uk/... | Library briefing

    Became the Data (Use and Access) Act 2025 on 19 June 2025. ...
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace

from ..model import Bill, Document
from ..procedure import HOUSES, OUTCOMES, STAGES
from .common import check_url, declared_extra, id_field, read_records, record_key, url_field
from .files import DEFAULT_IGNORE
from .kinds import BILL
from .parse import RawEntry
from .problems import Problem, RecordChecker, choices

SESSION_RE = re.compile(r"^[0-9]{4}-[0-9]{2}$")


def field_name(key: str) -> str:
    """A field's name as editors write it: 'Title', 'URL', 'Act-URL', 'Carried-into'."""
    return BILL.display(key)


def build_bill(raw: RawEntry) -> tuple[Bill | None, list[Problem]]:
    """Validate a raw bill record and build its :class:`Bill`.

    Returns the bill (None when there is any error) and every problem found.
    """
    c = RecordChecker(raw, BILL.single_line)
    key = record_key(c)
    c.check_fields(BILL.required, BILL.optional, field_name)
    title = c.single("title")
    session = c.single("session")
    if session is not None and not SESSION_RE.match(session[0]):
        c.error("bad-value", session[1], f"bad session '{session[0]}': use YYYY-YY, e.g. 2024-26")
    house = c.choice_key("house", HOUSES, "Houses")
    status = c.choice_key("status", OUTCOMES, "statuses")
    url = url_field(c, "url")
    act_url = url_field(c, "act-url")
    act = c.single("act")
    carried = c.single("carried-into")
    bill_id = id_field(c, "bill-id")
    documents = []
    f = c.field("documents")
    for v in f.values if f else ():
        if not v.text:
            continue
        parts = [p.strip() for p in v.text.split("|", 2)]
        if len(parts) < 3 or not all(parts):
            c.error("bad-value", v.number, "a document is 'stage-key | URL | title'")
            continue
        stage, url, doc_title = parts
        if stage not in STAGES:
            c.error("unknown-choice", v.number,
                    f"unknown stage '{stage}' (stages are: {choices(STAGES)})")
            continue
        if (why := check_url(url)) is not None:
            c.error("bad-url", v.number, why)
            continue
        documents.append(Document(stage, url, doc_title))
    outcome = " ".join(raw.body.split())
    if not outcome:
        c.error("missing-body", raw.body_line, "the body must say what became of the bill")
    c.check_placeholder("the body")
    extra = declared_extra(c, BILL)
    if any(p.severity == "error" for p in c.problems):
        return None, c.problems
    bill = Bill(
        key=key,
        title=title[0],
        session=session[0],
        house=house,
        status=status,
        outcome=outcome,
        url=url,
        act_title=act[0] if act else None,
        act_url=act_url,
        carried_into=carried[0] if carried else None,
        bill_id=bill_id,
        documents=tuple(documents),
        source_path=raw.path,
        lines=tuple((k, f.line) for k, f in raw.fields.items()),
        extra=extra,
    )
    return bill, c.problems


def read_bills(folder: str, display_root: str | None = None, ignore=DEFAULT_IGNORE,
               within: str | None = None
               ) -> tuple[dict[str, Bill], list[Problem]]:
    """Read and check every bill record in ``folder`` (none if it is missing).

    Bills come in key order; the links between them are checked too
    (:func:`check_bill_links`). Paths in problems are shown relative to
    ``display_root`` when given; ``within`` is the content folder, inside
    which linked files are read (:func:`~.files.find_record_files`).
    """
    # The one loop every kind of record is read with (unique keys, files
    # that are not text...); then the links between bills.
    bills, problems, broken = read_records(folder, build_bill, display_root, ignore, within)
    lines = {key: bill.line_of("carried-into") for key, bill in bills.items()}
    links = check_bill_links(bills, lines, broken)
    problems.extend(links)
    # A Carried-into that names no bill (or loops) is reported and left out,
    # the bill kept: the entries that name it still build, and no page
    # links to a bill that is not there.
    bad = {p.path for p in links}
    bills = {key: replace(bill, carried_into=None)
             if bill.source_path in bad or bill.carried_into in broken else bill
             for key, bill in sorted(bills.items())}
    return bills, problems


def check_bill_links(bills: Mapping[str, Bill],
                     lines: Mapping[str, int] | None = None,
                     broken: Collection[str] = ()) -> list[Problem]:
    """A ``Carried-into`` that names an unknown bill, or that leads round in a loop.

    ``lines`` gives the line of each bill's Carried-into field, for messages;
    a bill named in ``broken`` has errors of its own, reported already, so
    naming it is not reported again.
    """
    lines = lines or {}
    problems = []
    for bill in bills.values():
        if bill.carried_into is None or bill.carried_into in broken:
            continue
        where = bill.source_path or bill.key
        if bill.carried_into not in bills:
            problems.append(Problem(where, lines.get(bill.key, 1),
                                    f"Carried-into names an unknown bill '{bill.carried_into}' "
                                    f"(bills are: {choices(bills)})", "unknown-record"))
            continue
        seen = [bill.key]
        nxt = bill.carried_into
        while nxt is not None and nxt in bills and nxt not in seen:
            seen.append(nxt)
            nxt = bills[nxt].carried_into
        if nxt == bill.key:
            problems.append(Problem(where, lines.get(bill.key, 1),
                                    "Carried-into forms a loop: " + " -> ".join([*seen, nxt]),
                                    "loop"))
    return problems
