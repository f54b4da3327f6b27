"""The Members API: one member of either House.

    GET https://members-api.parliament.uk/api/Members/{id}

The answer is ``{"value": {...}, "links": [...]}``: ``value`` holds the
names (``nameDisplayAs``, ``nameListAs``), ``latestParty`` and
``latestHouseMembership`` (``house`` 1 for the Commons, 2 for the Lords;
``membershipFrom``, the constituency or kind of peerage; start and end dates).
"""

from __future__ import annotations

from .reader import Fields, load_json
from .types import OfficialMember

# latestHouseMembership.house
HOUSE_NUMBERS = {1: "commons", 2: "lords"}


def member_source(member_id: int | None) -> str:
    """How messages name a member's answer: 'Members API member 4514'."""
    return f"Members API member {member_id}" if member_id else "Members API member"


def parse_member(body: bytes, expected_id: int | None = None) -> OfficialMember:
    """A Members API member; raises :class:`~.reader.OfficialDataError`."""
    source = member_source(expected_id)
    value = Fields(load_json(body, source), source).obj("value")
    member_id = value.integer("id", minimum=1)
    if expected_id is not None and member_id != expected_id:
        raise value.error("id", f"the answer is for member {member_id}, not {expected_id}")
    party = value.obj("latestParty", required=False)
    membership = value.obj("latestHouseMembership", required=False)
    house = member_from = start = end = None
    if membership is not None:
        number = membership.integer("house", required=False)
        if number is not None and number not in HOUSE_NUMBERS:
            raise membership.error("house", f"expected 1 (Commons) or 2 (Lords), found {number}")
        house = HOUSE_NUMBERS.get(number)
        member_from = membership.text("membershipFrom", required=False)
        start = membership.date("membershipStartDate", required=False)
        end = membership.date("membershipEndDate", required=False)
    return OfficialMember(
        member_id=member_id, name=value.text("nameDisplayAs"),
        name_list_as=value.text("nameListAs", required=False) or "",
        party=party.text("name", required=False) if party else None,
        house=house, member_from=member_from, membership_start=start, membership_end=end,
    )
