"""The Commons and Lords Votes APIs: one division, with every member's vote.

    GET https://commonsvotes-api.parliament.uk/data/division/{id}.json
    GET https://lordsvotes-api.parliament.uk/data/Divisions/{id}

The Commons answer is PascalCase (``AyeCount``, ``Ayes``, ``NoVoteRecorded``),
the Lords answer camelCase (``authoritativeContentCount``, ``contents``,
``amendmentMotionNotes``). Both become an :class:`OfficialDivision`. The
Lords' ``amendmentMotionNotes`` is HTML ("Lord X moved amendment 51...
The House divided:"), the question as put: it is reduced to plain text.
"""

from __future__ import annotations

from .reader import Fields, OfficialDataError, load_json
from .types import OfficialDivision, Voter


def division_source(house: str, division_id: int) -> str:
    """How messages name a division's answer: 'Lords division 3172'."""
    return f"{house.capitalize()} division {division_id}"


def _voters(f: Fields, key: str, names: tuple[str, str, str, str], *,
            required: bool = True) -> tuple[Voter, ...]:
    member_id, name, party, member_from = names
    return tuple(
        Voter(member_id=v.integer(member_id, minimum=1), name=v.text(name),
              party=v.text(party, required=False) or "No party given",
              member_from=v.text(member_from, required=False) or "")
        for v in f.objects(key, required=required))


def _check_id(f: Fields, key: str, expected: int | None) -> int:
    found = f.integer(key, minimum=1)
    if expected is not None and found != expected:
        raise f.error(key, f"the answer is for division {found}, not {expected}")
    return found


def parse_commons_division(body: bytes, expected_id: int | None = None) -> OfficialDivision:
    """A Commons Votes API division; raises :class:`OfficialDataError`."""
    source = division_source("commons", expected_id) if expected_id else "Commons division"
    f = Fields(load_json(body, source), source)
    names = ("MemberId", "Name", "Party", "MemberFrom")
    division_id = _check_id(f, "DivisionId", expected_id)
    title = f.text("Title")
    return OfficialDivision(
        house="commons", division_id=division_id, number=f.integer("Number", minimum=1),
        date=f.date("Date"), question=title, title=title,
        votes_for=f.integer("AyeCount"), votes_against=f.integer("NoCount"),
        tellers_for=_voters(f, "AyeTellers", names, required=False),
        tellers_against=_voters(f, "NoTellers", names, required=False),
        voted_for=_voters(f, "Ayes", names), voted_against=_voters(f, "Noes", names),
        no_vote=_voters(f, "NoVoteRecorded", names, required=False),
    )


def parse_lords_division(body: bytes, expected_id: int | None = None) -> OfficialDivision:
    """A Lords Votes API division; raises :class:`OfficialDataError`.

    The counts are the authoritative ones (tellers included, as the House
    records them); the question is ``amendmentMotionNotes`` as plain text,
    or the title when there are no notes.
    """
    source = division_source("lords", expected_id) if expected_id else "Lords division"
    f = Fields(load_json(body, source), source)
    names = ("memberId", "name", "party", "memberFrom")
    division_id = _check_id(f, "divisionId", expected_id)
    title = f.text("title")
    question = f.text("amendmentMotionNotes", required=False) or title
    return OfficialDivision(
        house="lords", division_id=division_id, number=f.integer("number", minimum=1),
        date=f.date("date"), question=question, title=title,
        votes_for=f.integer("authoritativeContentCount"),
        votes_against=f.integer("authoritativeNotContentCount"),
        tellers_for=_voters(f, "contentTellers", names, required=False),
        tellers_against=_voters(f, "notContentTellers", names, required=False),
        voted_for=_voters(f, "contents", names), voted_against=_voters(f, "notContents", names),
    )


def parse_division(house: str, body: bytes, expected_id: int | None = None
                   ) -> OfficialDivision:
    """Either House's division answer."""
    if house == "commons":
        return parse_commons_division(body, expected_id)
    if house == "lords":
        return parse_lords_division(body, expected_id)
    raise OfficialDataError(f"division {expected_id}", "", f"unknown House {house!r}")
