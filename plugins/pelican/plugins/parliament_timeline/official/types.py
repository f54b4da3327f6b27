"""Typed records of Parliament's data services, as the parsers make them.

These are the facts an answer of the Bills, Votes or Members API holds,
checked for type and presence (official/votes.py, members.py, bills.py),
in plain text: HTML the services send (a Lords division's notes, say) is
reduced to its words before it gets here. Nothing here imports the rest of
the plugin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Voter:
    """A member as a division lists them: in a lobby, as a teller, or not voting."""

    member_id: int
    name: str
    party: str
    # Constituency (Commons) or kind of peerage (Lords), as the service gives it.
    member_from: str = ""


@dataclass(frozen=True)
class OfficialDivision:
    """A division of either House, as its Votes API records it."""

    house: str  # "commons" or "lords"
    division_id: int
    number: int
    date: dt.date
    # The question as put: the Commons' title, or the Lords' motion notes
    # reduced to plain text (the Lords' title is the bill's).
    question: str
    title: str
    votes_for: int
    votes_against: int
    tellers_for: tuple[Voter, ...]
    tellers_against: tuple[Voter, ...]
    voted_for: tuple[Voter, ...]
    voted_against: tuple[Voter, ...]
    # Members with no vote recorded (the Commons lists them; the Lords do not).
    no_vote: tuple[Voter, ...] = ()

    @property
    def result(self) -> str:
        """'agreed' or 'not-agreed', from the counts (a tie is 'not-agreed')."""
        return "agreed" if self.votes_for > self.votes_against else "not-agreed"

    @property
    def url(self) -> str:
        """The division's page on votes.parliament.uk."""
        house = "Commons" if self.house == "commons" else "Lords"
        return f"https://votes.parliament.uk/Votes/{house}/Division/{self.division_id}"


@dataclass(frozen=True)
class OfficialMember:
    """A member of either House, as the Members API describes them."""

    member_id: int
    name: str  # as displayed: "Sir Jane Widget", "Lord Sprocket"
    name_list_as: str
    party: str | None
    house: str | None  # "commons", "lords" or None when the API gives neither
    # Constituency (Commons) or kind of peerage (Lords).
    member_from: str | None
    membership_start: dt.date | None
    membership_end: dt.date | None

    @property
    def url(self) -> str:
        """The member's page on members.parliament.uk."""
        return f"https://members.parliament.uk/member/{self.member_id}"


@dataclass(frozen=True)
class Sitting:
    """One sitting day of a bill's stage."""

    sitting_id: int
    date: dt.date


@dataclass(frozen=True)
class OfficialStage:
    """A stage of a bill (first reading, committee...) in one House, with its sittings."""

    bill_stage_id: int
    stage_id: int
    description: str
    house: str | None  # "commons", "lords" or None (Royal Assent: both or neither)
    sort_order: int
    sittings: tuple[Sitting, ...] = ()


@dataclass(frozen=True)
class OfficialBill:
    """A bill, as the Bills API describes it."""

    bill_id: int
    title: str
    long_title: str | None
    originating_house: str | None
    current_house: str | None
    is_act: bool
    withdrawn: bool
    defeated: bool
    current_stage: str | None
    last_update: str

    @property
    def url(self) -> str:
        """The bill's page on bills.parliament.uk."""
        return f"https://bills.parliament.uk/bills/{self.bill_id}"


@dataclass(frozen=True)
class DocumentLink:
    """One way to read a publication: its URL, title and content type."""

    url: str
    title: str
    content_type: str


@dataclass(frozen=True)
class Publication:
    """A document of a bill: a print of the bill, notes, an amendment paper, a briefing."""

    publication_id: int
    title: str
    kind: str  # the publication type's name, e.g. "Explanatory Notes"
    house: str | None
    date: dt.date
    links: tuple[DocumentLink, ...]


@dataclass(frozen=True)
class AmendmentText:
    """One amendment of an amendment paper, as LawMaker's XML prints it."""

    number: str
    sponsors: tuple[str, ...]
    statement: str | None
    text: str
    # "Page 3, line 4" or a new clause's title; what the paper says it does.
    heading: str | None = None
