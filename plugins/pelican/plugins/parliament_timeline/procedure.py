"""UK parliamentary procedure: stages, chambers, Houses and bill outcomes.

This module is the one place where these words are defined, with what each
stage means for the rest of the plugin (the status, the bill trackers, the
markers on the timeline, new-entry's defaults) as fields of its definition.
It knows procedure, never one law: a subject's bills are content records
(records/bills.py). :class:`~.vocabulary.Vocabulary` joins the two.
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
    # The family of the step, which decides its marker on the timeline:
    # 'passage' (a bill's formal stages), 'law' (Royal Assent, commencement),
    # 'fell', 'amendment', 'parliament' (debates, statements) or 'outside'.
    kind: str = "outside"
    # Where the law stands when this is the latest such step of a bill that
    # carries it (a key of STATUS_STATES); None for steps that leave the
    # legal position as it was (debates, statements, amendments...).
    status: str | None = None
    # The abbreviation of the step on a bill's compact tracker; None for
    # steps that are not tracker steps.
    short_label: str | None = None
    # Whether a later tracker step proves that this one happened. Ping-pong
    # happens only when the Houses disagree, so Royal Assent does not prove it.
    implied_by_later: bool = True
    # Who usually acts at this step, so new-entry can leave --chamber out.
    default_chamber: str | None = None


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
            default_chamber="government",
        ),
        Stage(
            "consultation",
            "Consultation",
            "The government or a law reform body asks the public and experts "
            "for their views before deciding what the law should say.",
            default_chamber="government",
        ),
        Stage(
            "publication",
            "Publication",
            "A report, a draft law, a strategy or a set of regulations is "
            "published.",
            default_chamber="government",
        ),
        Stage(
            "first-reading",
            "First reading",
            "A bill is formally introduced in one House. There is no debate: "
            "its title is read out and it is printed.",
            order=10,
            each_house=True,
            kind="passage",
            status="before-parliament",
            short_label="1R",
        ),
        Stage(
            "second-reading",
            "Second reading",
            "The House debates the general principles of the bill and decides "
            "whether it should go further.",
            order=20,
            each_house=True,
            kind="passage",
            status="before-parliament",
            short_label="2R",
        ),
        Stage(
            "committee",
            "Committee stage",
            "The bill is examined line by line, in a committee of MPs or in a "
            "committee of the whole House or Grand Committee of peers. "
            "Amendments are debated and may be made.",
            order=30,
            each_house=True,
            kind="passage",
            status="before-parliament",
            short_label="C",
        ),
        Stage(
            "report",
            "Report stage",
            "The whole House considers the bill as amended in committee and "
            "can make further amendments.",
            order=40,
            each_house=True,
            kind="passage",
            status="before-parliament",
            short_label="R",
        ),
        Stage(
            "third-reading",
            "Third reading",
            "The final debate on the bill in that House. In the Commons no "
            "amendments can be made; in the Lords tidying-up amendments can.",
            order=50,
            each_house=True,
            kind="passage",
            status="before-parliament",
            short_label="3R",
        ),
        Stage(
            "consideration-of-amendments",
            "Consideration of amendments (ping-pong)",
            "Each House considers the changes made by the other. The bill goes "
            "back and forth, hence 'ping-pong', until both agree on every word.",
            order=60,
            kind="passage",
            status="before-parliament",
            short_label="P",
            implied_by_later=False,
        ),
        Stage(
            "royal-assent",
            "Royal Assent",
            "The monarch formally agrees to the bill, which becomes an Act of "
            "Parliament: law, though not necessarily in force yet.",
            order=70,
            schedulable=True,
            kind="law",
            status="enacted",
            short_label="RA",
            default_chamber="crown",
        ),
        Stage(
            "commencement",
            "Commencement",
            "The provision comes into force, on a date set in the Act or by "
            "regulations made by a minister. Only from then can anyone be "
            "prosecuted under it.",
            order=80,
            schedulable=True,
            kind="law",
            status="in-force",
            short_label="In force",
            default_chamber="government",
        ),
        Stage(
            "bill-fell",
            "Bill fell",
            "The bill ran out of time and was lost, for example when "
            "Parliament was prorogued or dissolved before it had passed.",
            order=90,
            kind="fell",
            status="bill-fell",
        ),
        Stage(
            "debate",
            "Debate",
            "A debate in Parliament on the subject, outside a bill's formal "
            "stages, or a debate on an amendment.",
            kind="parliament",
        ),
        Stage(
            "statement",
            "Statement",
            "A minister makes a statement to Parliament or the government "
            "publishes a formal statement of its position.",
            kind="parliament",
            default_chamber="government",
        ),
        Stage(
            "amendment-tabled",
            "Amendment tabled",
            "A member formally proposes a change to a bill, to be debated at a "
            "later stage.",
            kind="amendment",
        ),
        Stage(
            "amendment-agreed",
            "Amendment agreed",
            "A House agrees to an amendment, which becomes part of the bill.",
            kind="amendment",
        ),
        Stage(
            "amendment-withdrawn",
            "Amendment withdrawn",
            "An amendment is withdrawn or not moved, often after a promise from "
            "the government to act.",
            kind="amendment",
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

# The Houses of Parliament, in which a bill is introduced.
HOUSES: dict[str, str] = {
    "commons": "House of Commons",
    "lords": "House of Lords",
}

# What became of a bill (a bill record's Status).
OUTCOMES: dict[str, str] = {
    "in-progress": "Still before Parliament",
    "royal-assent": "Became an Act",
    "fell": "Fell: ran out of time",
    "withdrawn": "Withdrawn",
    "not-passed": "Did not complete its passage",
}

# Where the law stands, as the status box says it; a stage's ``status``
# names one of these. "not-law" is the state before any such step.
STATUS_STATES: dict[str, str] = {
    "in-force": "In force",
    "enacted": "Law, not yet in force",
    "before-parliament": "Before Parliament",
    "bill-fell": "Not law: the bill fell",
    "not-law": "Not yet before Parliament",
}


@dataclass(frozen=True)
class Decision:
    """What a House did with an amendment (an amendment record's Decision)."""

    key: str
    label: str
    explanation: str
    # Whether the House divided on it: such a decision names its division.
    on_division: bool = False
    # Whether the amendment ended in the bill (as far as that House goes).
    made: bool = False


DECISIONS: dict[str, Decision] = {
    d.key: d
    for d in (
        Decision("agreed", "Agreed to", "The House agreed to the amendment without a vote.",
                 made=True),
        Decision("agreed-on-division", "Agreed to on a division",
                 "The House agreed to the amendment after a recorded vote.",
                 on_division=True, made=True),
        Decision("negatived", "Negatived", "The House rejected the amendment without a vote."),
        Decision("negatived-on-division", "Negatived on a division",
                 "The House rejected the amendment after a recorded vote.", on_division=True),
        Decision("withdrawn", "Withdrawn",
                 "The member who moved the amendment withdrew it, often after a minister's "
                 "answer, so the House made no decision on it."),
        Decision("not-moved", "Not moved",
                 "The amendment was tabled but not moved when its turn came, so it was not "
                 "debated or decided."),
        Decision("not-pressed", "Not pressed",
                 "The amendment was debated but its mover did not press it to a decision."),
        Decision("disagreed", "Disagreed to",
                 "In ping-pong, a House disagreed to an amendment made by the other House."),
        Decision("disagreed-on-division", "Disagreed to on a division",
                 "In ping-pong, a House disagreed to the other House's amendment after a "
                 "recorded vote.", on_division=True),
        Decision("pending", "Not yet decided", "The amendment is tabled and awaits its stage."),
        Decision("not-known", "Decision not known",
                 "What became of the amendment was not found in a record we could check."),
    )
}

# The names of each House's lobbies in a division: (for, against).
DIVISION_LOBBIES: dict[str, tuple[str, str]] = {
    "commons": ("Ayes", "Noes"),
    "lords": ("Contents", "Not contents"),
}

# The result of a division (a division record's Result).
DIVISION_RESULTS: dict[str, str] = {
    "agreed": "Agreed",
    "not-agreed": "Not agreed",
}
