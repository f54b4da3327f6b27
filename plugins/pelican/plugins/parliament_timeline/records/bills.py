"""The bills registry: every bill an entry may name in its ``Bill`` field.

This module is the one place where bills are described. An entry names a bill
by its key; validation, the bill pages, the tracker and the exports read the
rest from here. ``url`` is the bill's page on bills.parliament.uk, or None
where its address has not been verified.
"""

from __future__ import annotations

from dataclasses import dataclass

# What became of a bill. Templates and the tracker read the labels from here.
OUTCOMES: dict[str, str] = {
    "in-progress": "Still before Parliament",
    "royal-assent": "Became an Act",
    "fell": "Fell: ran out of time",
    "withdrawn": "Withdrawn",
    "not-passed": "Did not complete its passage",
}

HOUSES: dict[str, str] = {
    "commons": "House of Commons",
    "lords": "House of Lords",
}


@dataclass(frozen=True)
class Bill:
    """A bill of the UK Parliament that carried (or bore on) the offence."""

    key: str
    title: str
    session: str
    # The House in which the bill was introduced.
    house: str
    status: str
    outcome: str
    url: str | None = None
    act_title: str | None = None
    act_url: str | None = None
    # Key of the bill the offence moved into when this one fell or was dropped.
    carried_into: str | None = None

    @property
    def status_label(self) -> str:
        """The reader-facing label of the bill's status."""
        return OUTCOMES[self.status]


BILLS: dict[str, Bill] = {
    bill.key: bill
    for bill in (
        Bill(
            key="online-safety-bill-2022-23",
            title="Online Safety Bill",
            session="2022-23",
            house="commons",
            status="royal-assent",
            outcome=(
                "Became the Online Safety Act 2023, which made sharing an "
                "intimate image, including a deepfake, without consent an "
                "offence. Creating one was still lawful."
            ),
            act_title="Online Safety Act 2023",
            act_url="https://www.legislation.gov.uk/ukpga/2023/50",
        ),
        Bill(
            key="criminal-justice-bill-2023-24",
            title="Criminal Justice Bill",
            session="2023-24",
            house="commons",
            status="fell",
            outcome=(
                "Fell without being passed when Parliament was prorogued for "
                "the 2024 general election, taking the planned creating offence "
                "(government new clause 86) with it."
            ),
            carried_into="data-use-and-access-bill-hl",
        ),
        Bill(
            key="non-consensual-sexually-explicit-images-bill-hl",
            title=(
                "Non-Consensual Sexually Explicit Images and Videos "
                "(Offences) Bill [HL]"
            ),
            session="2024-26",
            house="lords",
            status="not-passed",
            outcome=(
                "Baroness Owen's Private Member's Bill, with consent-based "
                "offences. The government did not back it, saying it would meet "
                "its aims through other legislation; its offences were pursued "
                "instead as amendments to the Data (Use and Access) Bill. It "
                "completed its Lords stages; its offences became law through "
                "the Data (Use and Access) Act 2025 instead."
            ),
            carried_into="data-use-and-access-bill-hl",
        ),
        Bill(
            key="data-use-and-access-bill-hl",
            title="Data (Use and Access) Bill [HL]",
            session="2024-26",
            house="lords",
            status="royal-assent",
            outcome=(
                "Became the Data (Use and Access) Act 2025 on 19 June 2025. "
                "Section 138 inserted the offences of creating, and of "
                "requesting the creation of, a purported intimate image of an "
                "adult into the Sexual Offences Act 2003 (sections 66E and 66F)."
            ),
            url="https://bills.parliament.uk/bills/3825",
            act_title="Data (Use and Access) Act 2025",
            act_url="https://www.legislation.gov.uk/ukpga/2025/18",
        ),
        Bill(
            key="crime-and-policing-bill-2024-26",
            title="Crime and Policing Bill",
            session="2024-26",
            house="commons",
            status="royal-assent",
            outcome=(
                "Became the Crime and Policing Act 2026 on 29 April 2026. It "
                "carries the offences of taking intimate images without consent; "
                "the creating offence went instead into the Data (Use and "
                "Access) Act 2025."
            ),
            act_title="Crime and Policing Act 2026",
        ),
    )
}
