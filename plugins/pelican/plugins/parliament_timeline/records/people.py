"""People records: one Markdown file per person in ``content/people/<key>.md``.

    Name: Jane Widget
    Party: Invented Party
    House: commons
    Seat: Widgetford North
    Member-id: NNNN
    Member-URL: https://members.parliament.uk/member/NNNN
    Roles: Minister for Widgets | 2023-11 | 2024-07-05
    Sources: https://members.parliament.uk/member/NNNN | Her page (UK Parliament)

    Optional: who they are, in a sentence or two.

Entries, amendments and divisions name people by key (docs/debate-records.md).
``Member-id`` (or the number in ``Member-URL``) is their id in the Members
API: ``invoke check`` compares the record with its snapshot, and their page
lists their votes in the divisions whose snapshots are committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import PersonRecord, Role
from .common import (
    declared_extra,
    has_errors,
    id_field,
    is_partial_date,
    record_key,
    sources_field,
    text_field,
    url_field,
)
from .kinds import PERSON
from .parse import RawEntry
from .problems import Problem, RecordChecker

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary



def field_name(key: str) -> str:
    """A field's name as editors write it: 'Name', 'Member-URL', 'Member-id'."""
    return PERSON.display(key)


def build_person(raw: RawEntry, vocabulary: Vocabulary
                 ) -> tuple[PersonRecord | None, list[Problem]]:
    """Validate a raw person record; returns it (None on any error) and its problems."""
    c = RecordChecker(raw, PERSON.single_line)
    key = record_key(c)
    c.check_fields(PERSON.required, PERSON.optional, field_name)
    name = c.single("name")
    party = c.single("party")
    house = c.choice_key("house", vocabulary.houses, "Houses") if c.field("house") else None
    member_url = url_field(c, "member-url")
    seat = c.single("seat")
    member_id = id_field(c, "member-id")
    roles = []
    f = c.field("roles")
    for v in f.values if f else ():
        if not v.text:
            continue
        title, *dates = (part.strip() for part in v.text.split("|"))
        if len(dates) > 2:
            c.error("bad-value", v.number, "a role is 'role | from | to': too many '|'")
            continue
        start, end = ([*dates, "", ""])[:2]
        for when in (start, end):
            if when and not is_partial_date(when):
                c.error("bad-date", v.number,
                        f"bad date '{when}' in a role: use YYYY-MM-DD, YYYY-MM or "
                        "YYYY, or leave it blank when not known")
        if not title:
            c.error("bad-value", v.number, "a role needs its title before the first '|'")
            continue
        if start and end and len(start) == len(end) and end < start:
            c.error("contradiction", v.number, f"the role ends ({end}) before it starts ({start})")
        roles.append(Role(title, start or None, end or None))
    sources = sources_field(c, vocabulary, official_first=False)
    unverified = text_field(c, "unverified")
    extra = declared_extra(c, PERSON)
    if has_errors(c):
        return None, c.problems
    return PersonRecord(
        key=key, name=name[0], sources=sources, party=party[0] if party else None,
        house=house, member_url=member_url, seat=seat[0] if seat else None,
        member_id=member_id, roles=tuple(roles), unverified=unverified,
        about=raw.body.strip(), source_path=raw.path,
        lines={k: f.line for k, f in raw.fields.items()}, extra=extra,
    ), c.problems
