"""Hand-typed facts checked against Parliament's own data.

A division, person, bill or enacted version that names its official
counterpart (an id field, ``Division-id``, ``Member-id``, ``Bill-id``,
``Legislation``, or the official address already on the record:
votes.parliament.uk/Votes/Lords/Division/N, members.parliament.uk/member/N,
bills.parliament.uk/bills/N, legislation.gov.uk/ukpga/Y/N/section/S) is
compared with the committed snapshot of that counterpart (official/snapshots.py).
Each disagreement is reported at the record's line with the official value
and its source::

    content/divisions/x.md:7: Contents 290 here, 289 in Lords division 3314

Official data never replaces what an editor wrote: it is only compared.
A missing snapshot is not a problem (the next refresh fetches it); a
snapshot that cannot be read is, at the snapshot's own path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..official.bills import parse_bill
from ..official.legislation import Provision, parse_provision
from ..official.members import parse_member
from ..official.services import bill_paths, division_path, legislation_path, member_path
from ..official.snapshots import load
from ..official.types import OfficialBill, OfficialDivision, OfficialMember
from ..official.votes import parse_division
from .divisions import field_name as division_field_name
from .problems import Problem

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary
    from .bills import Bill
    from .divisions import Division
    from .people import PersonRecord
    from .versions import Version

DIVISION_URL_RE = re.compile(
    r"^https?://votes\.parliament\.uk/votes/(commons|lords)/division/(\d+)/?(?:[?#].*)?$",
    re.IGNORECASE)
MEMBER_URL_RE = re.compile(r"^https?://members\.parliament\.uk/member/(\d+)(?:[/?#].*)?$",
                           re.IGNORECASE)
# A provision on legislation.gov.uk, with any version (enacted, a date) or
# format after it: .../ukpga/2025/18/section/138, .../section/138/enacted.
LEGISLATION_URL_RE = re.compile(
    r"^https?://(?:www\.)?legislation\.gov\.uk/(?:id/)?(?P<path>[a-z]+/\d{4}/\d+/"
    r"(?:section|schedule|regulation|article|paragraph)/[A-Za-z0-9-]+(?:/[A-Za-z0-9-]+)*?)"
    r"(?:/(?:enacted|made|prospective|\d{4}-\d{2}-\d{2}|data\.xml|contents))*/?$")
BILL_URL_RE = re.compile(r"^https?://bills\.parliament\.uk/bills/(\d+)(?:[/?#].*)?$",
                         re.IGNORECASE)


def _ids_from(urls: Iterable[str], pattern: re.Pattern, group: int = 1) -> list[int]:
    return [int(m.group(group)) for url in urls if (m := pattern.match(url))]


def division_official_id(d: Division) -> tuple[int | None, str | None]:
    """The division's id in its House's Votes API, and what is wrong in naming it."""
    found = {int(m.group(2)) for s in d.sources if (m := DIVISION_URL_RE.match(s.url))
             and m.group(1).lower() == d.house}
    other = [s.url for s in d.sources if (m := DIVISION_URL_RE.match(s.url))
             and m.group(1).lower() != d.house]
    if other:
        return None, f"the source {other[0]} is a division of the other House"
    if d.division_id is not None:
        if found and found != {d.division_id}:
            return None, (f"Division-id {d.division_id} is not the division its source "
                          f"names ({', '.join(map(str, sorted(found)))})")
        return d.division_id, None
    if len(found) > 1:
        return None, "the sources name more than one division: give Division-id"
    return (found.pop() if found else None), None


def member_official_id(p: PersonRecord) -> tuple[int | None, str | None]:
    """The person's id in the Members API, and what is wrong in naming it."""
    found = set(_ids_from([p.member_url or "", *(s.url for s in p.sources)], MEMBER_URL_RE))
    if p.member_id is not None:
        if found and found != {p.member_id}:
            return None, (f"Member-id {p.member_id} is not the member its official page "
                          f"names ({', '.join(map(str, sorted(found)))})")
        return p.member_id, None
    if len(found) > 1:
        return None, "the record names more than one member page: give Member-id"
    return (found.pop() if found else None), None


def bill_official_id(b: Bill) -> tuple[int | None, str | None]:
    """The bill's id in the Bills API, and what is wrong in naming it."""
    found = set(_ids_from([b.url or ""], BILL_URL_RE))
    if b.bill_id is not None:
        if found and found != {b.bill_id}:
            return None, f"Bill-id {b.bill_id} is not the bill of its URL ({found.pop()})"
        return b.bill_id, None
    return (found.pop() if found else None), None


def version_provision(v: Version) -> str | None:
    """The provision on legislation.gov.uk an enacted version names: 'ukpga/2025/18/section/138'.

    Its ``Legislation`` field, or else (for the law as enacted) the first
    legislation.gov.uk provision among its sources.
    """
    urls = [v.legislation] if v.legislation else (
        [s.url for s in v.sources] if v.enacted else [])
    for url in urls:
        if m := LEGISLATION_URL_RE.match(url):
            return m.group("path")
    return None


def load_provision(official: str, provision: str) -> tuple[Provision | None, str | None]:
    """A provision's snapshot, parsed."""
    return load(official, *legislation_path(provision),
                lambda body: parse_provision(body, f"legislation.gov.uk {provision}"))


def version_problems(v: Version, official: str, root: str | None = None) -> list[Problem]:
    """An enacted version against its provision's snapshot: the date it came into force."""
    path = v.source_path or v.key
    if v.legislation and version_provision(v) is None:
        return [Problem(path, v.lines.get("legislation", 1), f"'{v.legislation}' is not the "
                        "address of a provision on legislation.gov.uk (e.g. "
                        "https://www.legislation.gov.uk/ukpga/2025/18/section/138)", "bad-value")]
    provision = version_provision(v)
    if provision is None:
        return []
    o, why = load_provision(official, provision)
    if why:
        return [_bad_snapshot(why, root)]
    if o is None:
        return []
    if v.in_force is not None and o.in_force_from is not None and v.in_force != o.in_force_from:
        return [Problem(path, v.lines.get("in-force", 1), f"In-force {v.in_force} here, "
                        f"{o.in_force_from} on legislation.gov.uk ({provision})",
                        "official-mismatch")]
    if v.in_force is not None and o.status == "Prospective":
        return [Problem(path, v.lines.get("in-force", 1), f"In-force {v.in_force} here, but "
                        f"legislation.gov.uk shows {provision} as prospective (not in force)",
                        "official-mismatch")]
    return []


def load_division(official: str, house: str, division_id: int
                  ) -> tuple[OfficialDivision | None, str | None]:
    """A division's snapshot, parsed: (division, None), (None, None) or (None, why)."""
    return load(official, *division_path(house, division_id),
                lambda body: parse_division(house, body, division_id))


def load_member(official: str, member_id: int) -> tuple[OfficialMember | None, str | None]:
    """A member's snapshot, parsed."""
    return load(official, *member_path(member_id), lambda body: parse_member(body, member_id))


def load_bill(official: str, bill_id: int) -> tuple[OfficialBill | None, str | None]:
    """A bill's snapshot, parsed."""
    return load(official, *bill_paths(bill_id)["bill"], lambda body: parse_bill(body, bill_id))


def _bad_snapshot(why: str, root: str | None) -> Problem:
    path, _, message = why.partition(": ")
    return Problem(os.path.relpath(path, root or os.curdir), 1, message, "bad-snapshot")


def division_problems(d: Division, official: str, field_name,
                      root: str | None = None) -> list[Problem]:
    """A division record against its snapshot."""
    path = d.source_path or d.key
    division_id, wrong = division_official_id(d)
    line = d.lines.get("division-id") or d.lines.get("sources", 1)
    if wrong:
        return [Problem(path, line, wrong, "bad-value")]
    if division_id is None:
        return []
    o, why = load_division(official, d.house, division_id)
    if why:
        return [_bad_snapshot(why, root)]
    if o is None:
        return []
    source = f"{d.house.capitalize()} division {division_id}"
    problems = []

    def differ(key: str, here, there, shown: str) -> None:
        if here is not None and here != there:
            problems.append(Problem(path, d.lines.get(key, 1),
                                    f"{shown} {here} here, {there} in {source}",
                                    "official-mismatch"))

    differ("date", d.date, o.date, "date")
    if d.number is not None and d.number.isdigit():
        differ("number", int(d.number), o.number, "number")
    for_name, against_name = {"commons": ("ayes", "noes"),
                              "lords": ("contents", "not-contents")}[d.house]
    differ(for_name, d.votes_for, o.votes_for, field_name(for_name))
    differ(against_name, d.votes_against, o.votes_against, field_name(against_name))
    if d.result != o.result:
        problems.append(Problem(path, d.lines.get("result", 1),
                                f"result '{d.result}' here, '{o.result}' in {source} "
                                f"({o.votes_for} to {o.votes_against})", "official-mismatch"))
    return problems


def person_problems(p: PersonRecord, official: str, vocabulary: Vocabulary,
                    root: str | None = None) -> list[Problem]:
    """A person record against its Members API snapshot (their latest party and seat)."""
    path = p.source_path or p.key
    member_id, wrong = member_official_id(p)
    if wrong:
        return [Problem(path, p.lines.get("member-id") or p.lines.get("member-url")
                        or p.lines.get("sources", 1), wrong, "bad-value")]
    if member_id is None:
        return []
    o, why = load_member(official, member_id)
    if why:
        return [_bad_snapshot(why, root)]
    if o is None:
        return []
    source = f"Members API member {member_id}"
    problems = []
    if p.house is not None and o.house is not None and p.house != o.house:
        problems.append(Problem(path, p.lines.get("house", 1), f"House '{p.house}' here, "
                                f"'{o.house}' in {source}", "official-mismatch"))
    # The API gives the latest party and seat, which may postdate the story:
    # warnings, for an editor to judge.
    for key, here, there in (("name", p.name, o.name), ("party", p.party, o.party),
                             ("seat", p.seat, o.member_from)):
        if here is not None and there is not None and here != there:
            problems.append(Problem(path, p.lines.get(key, 1), f"{key.capitalize()} "
                                    f"'{here}' here, '{there}' in {source} (its latest)",
                                    "official-mismatch", severity="warning"))
    return problems


def bill_problems(b: Bill, official: str, root: str | None = None) -> list[Problem]:
    """A bill record against its Bills API snapshot."""
    path = b.source_path or b.key
    bill_id, wrong = bill_official_id(b)
    if wrong:
        return [Problem(path, b.line_of("bill-id"), wrong, "bad-value")]
    if bill_id is None:
        return []
    o, why = load_bill(official, bill_id)
    if why:
        return [_bad_snapshot(why, root)]
    if o is None:
        return []
    source = f"Bills API bill {bill_id}"
    problems = []
    if o.originating_house is not None and b.house != o.originating_house:
        problems.append(Problem(path, b.line_of("house"), f"House '{b.house}' here, "
                                f"'{o.originating_house}' (House of origin) in {source}",
                                "official-mismatch"))
    if o.is_act and b.status != "royal-assent":
        problems.append(Problem(path, b.line_of("status"), f"Status '{b.status}' here, but "
                                f"{source} says the bill is an Act (royal-assent)",
                                "official-mismatch"))
    if b.title != o.title:
        problems.append(Problem(path, b.line_of("title"), f"Title '{b.title}' here, "
                                f"'{o.title}' in {source}",
                                "official-mismatch", severity="warning"))
    return problems


def official_requests(vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """The (service, path) of every official answer the site's records name.

    For the refresh: a record given an official id gets its snapshot then.
    A bill names its record, its stages and its publications.
    """
    requests = set()
    for d in vocabulary.divisions.values():
        division_id, wrong = division_official_id(d)
        if division_id is not None and not wrong:
            requests.add(division_path(d.house, division_id))
    for p in vocabulary.people.values():
        member_id, wrong = member_official_id(p)
        if member_id is not None and not wrong:
            requests.add(member_path(member_id))
    for b in vocabulary.bills.values():
        bill_id, wrong = bill_official_id(b)
        if bill_id is not None and not wrong:
            requests.update(bill_paths(bill_id).values())
    for v in vocabulary.versions.values():
        if (provision := version_provision(v)) is not None:
            requests.add(legislation_path(provision))
    return sorted(requests)


def official_problems(vocabulary: Vocabulary, content: str, official_path: str,
                      display_root: str | None = None) -> list[Problem]:
    """Every disagreement between the site's records and the committed snapshots.

    A snapshot that cannot be read is reported at its path, relative to
    ``display_root`` (default: the working folder).
    """
    official = os.path.join(content, official_path)
    problems: list[Problem] = []
    for d in vocabulary.divisions.values():
        problems.extend(division_problems(d, official, division_field_name, display_root))
    for p in vocabulary.people.values():
        problems.extend(person_problems(p, official, vocabulary, display_root))
    for b in vocabulary.bills.values():
        problems.extend(bill_problems(b, official, display_root))
    for v in vocabulary.versions.values():
        problems.extend(version_problems(v, official, display_root))
    return problems
