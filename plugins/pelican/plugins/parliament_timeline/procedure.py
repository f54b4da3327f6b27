"""The controlled vocabularies of the timeline: stages and chambers.

This module is the one place where these words are defined. Validation,
templates, the glossary page and the exports all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One step in the life of a law, as shown to readers."""

    key: str
    label: str
    explanation: str
    # Where the step sits in a bill's passage; None for steps outside that
    # order (debates, statements, amendments), which may happen at any time.
    order: int | None = None
    # Steps that may legitimately be dated in the future (announced in advance).
    schedulable: bool = False
    # Steps each House takes in turn (first reading to third reading): their
    # order holds within one House; the steps after them concern both Houses.
    each_house: bool = False


@dataclass(frozen=True)
class Chamber:
    """Who acted: a House of Parliament, the government, the Crown, or others."""

    key: str
    label: str
    explanation: str


STAGES: dict[str, Stage] = {
    stage.key: stage
    for stage in (
        Stage(
            "announcement",
            "Announcement",
            "The government, a party or a public body says what it intends to "
            "do, for example in a press release or a manifesto.",
        ),
        Stage(
            "consultation",
            "Consultation",
            "The government or a law reform body asks the public and experts "
            "for their views before deciding what the law should say.",
        ),
        Stage(
            "publication",
            "Publication",
            "A report, a draft law, a strategy or a set of regulations is "
            "published.",
        ),
        Stage(
            "first-reading",
            "First reading",
            "A bill is formally introduced in one House. There is no debate: "
            "its title is read out and it is printed.",
            order=10,
            each_house=True,
        ),
        Stage(
            "second-reading",
            "Second reading",
            "The House debates the general principles of the bill and decides "
            "whether it should go further.",
            order=20,
            each_house=True,
        ),
        Stage(
            "committee",
            "Committee stage",
            "The bill is examined line by line, in a committee of MPs or in a "
            "committee of the whole House or Grand Committee of peers. "
            "Amendments are debated and may be made.",
            order=30,
            each_house=True,
        ),
        Stage(
            "report",
            "Report stage",
            "The whole House considers the bill as amended in committee and "
            "can make further amendments.",
            order=40,
            each_house=True,
        ),
        Stage(
            "third-reading",
            "Third reading",
            "The final debate on the bill in that House. In the Commons no "
            "amendments can be made; in the Lords tidying-up amendments can.",
            order=50,
            each_house=True,
        ),
        Stage(
            "consideration-of-amendments",
            "Consideration of amendments (ping-pong)",
            "Each House considers the changes made by the other. The bill goes "
            "back and forth, hence 'ping-pong', until both agree on every word.",
            order=60,
        ),
        Stage(
            "royal-assent",
            "Royal Assent",
            "The monarch formally agrees to the bill, which becomes an Act of "
            "Parliament: law, though not necessarily in force yet.",
            order=70,
            schedulable=True,
        ),
        Stage(
            "commencement",
            "Commencement",
            "The provision comes into force, on a date set in the Act or by "
            "regulations made by a minister. Only from then can anyone be "
            "prosecuted under it.",
            order=80,
            schedulable=True,
        ),
        Stage(
            "bill-fell",
            "Bill fell",
            "The bill ran out of time and was lost, for example when "
            "Parliament was prorogued or dissolved before it had passed.",
            order=90,
        ),
        Stage(
            "debate",
            "Debate",
            "A debate in Parliament on the subject, outside a bill's formal "
            "stages, or a debate on an amendment.",
        ),
        Stage(
            "statement",
            "Statement",
            "A minister makes a statement to Parliament or the government "
            "publishes a formal statement of its position.",
        ),
        Stage(
            "amendment-tabled",
            "Amendment tabled",
            "A member formally proposes a change to a bill, to be debated at a "
            "later stage.",
        ),
        Stage(
            "amendment-agreed",
            "Amendment agreed",
            "A House agrees to an amendment, which becomes part of the bill.",
        ),
        Stage(
            "amendment-withdrawn",
            "Amendment withdrawn",
            "An amendment is withdrawn or not moved, often after a promise from "
            "the government to act.",
        ),
    )
}

CHAMBERS: dict[str, Chamber] = {
    chamber.key: chamber
    for chamber in (
        Chamber(
            "commons",
            "House of Commons",
            "The elected House of Parliament: 650 MPs.",
        ),
        Chamber(
            "lords",
            "House of Lords",
            "The second House of Parliament, whose members are appointed or "
            "sit by right.",
        ),
        Chamber(
            "government",
            "Government",
            "A government department or minister acting outside Parliament.",
        ),
        Chamber(
            "crown",
            "The Crown",
            "The monarch, who gives Royal Assent to bills.",
        ),
        Chamber(
            "other",
            "Other",
            "Anyone else: a law reform body, a party, a court or a campaign.",
        ),
    )
}
