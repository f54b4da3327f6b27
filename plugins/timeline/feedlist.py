"""The official feeds this timeline follows: the default ``TIMELINE_FEEDS``.

``pelicanconf.py`` imports :data:`TIMELINE_FEEDS` from here. Every key is
described in ``docs/feeds.md``; :func:`.feedconfig.read_feed_configs` checks
them. The URLs are those given in ``shared/research/feeds.md`` (section 7).

bills.parliament.uk single-bill feeds: each item's description reads
"{bill title}: House of Commons 1st reading", so an ``include`` on the bill's
title both keeps the feed on topic and guards against a wrong bill id (a
wrong id would yield another bill's items, which the filter then drops).
"""

from __future__ import annotations

from typing import Any

__all__ = ["BILL_STAGE_RULES", "TIMELINE_FEEDS"]

# Stage rules for bills.parliament.uk single-bill feeds. Item titles look like
# "Sitting: 1st reading - Tuesday, 21 March 2023" or
# "Publication: Bill 275 2022-23 (as introduced)". Order matters: the first
# matching rule wins.
BILL_STAGE_RULES: list[list[str]] = [
    [r"^Sitting: 1st reading", "first-reading"],
    [r"^Sitting: 2nd reading", "second-reading"],
    [r"^Sitting: .*committee", "committee"],
    [r"^Sitting: Report stage", "report"],
    [r"^Sitting: 3rd reading", "third-reading"],
    [
        r"^Sitting: (Consideration of .*amendments|Ping Pong)",
        "consideration-of-amendments",
    ],
    [r"^Sitting: Royal Assent", "royal-assent"],
    [r"^Publication:", "publication"],
]

TIMELINE_FEEDS: list[dict[str, Any]] = [
    {
        # Bill id NOT CONFIRMED. feeds.md: "probably 3511; not verified";
        # resolve it once with the bills search at bills.parliament.uk or
        # https://bills-api.parliament.uk/api/v1/Bills?SearchTerm=Criminal%20Justice%20Bill
        # The include pattern drops the items of any other bill.
        "name": "bill-criminal-justice-2023-24",
        "url": "https://bills.parliament.uk/rss/bills/3511.rss",
        "publisher": "UK Parliament: Criminal Justice Bill 2023-24",
        "bill": "criminal-justice-bill-2023-24",
        "chamber": "commons",
        "include": [r"Criminal Justice Bill"],
        "stages": BILL_STAGE_RULES,
        "stage": "publication",
    },
    {
        # Bill id NOT CONFIRMED. feeds.md guesses 3746 (not verified); a
        # third-party bill tracker (parliamentary.ai/bill/3759) gives 3759 for
        # this exact title and long title, so 3759 is used. Resolve it as above
        # (SearchTerm=Non-Consensual%20Sexually%20Explicit).
        "name": "bill-non-consensual-images-hl",
        "url": "https://bills.parliament.uk/rss/bills/3759.rss",
        "publisher": (
            "UK Parliament: Non-Consensual Sexually Explicit Images and Videos (Offences) Bill [HL]"
        ),
        "bill": "non-consensual-sexually-explicit-images-bill-hl",
        "chamber": "lords",
        "include": [r"Non-Consensual Sexually Explicit Images"],
        "stages": BILL_STAGE_RULES,
        "stage": "publication",
    },
    {
        # Bill id 3825 confirmed (saved allbills.rss snapshot, feeds.md 2b/7).
        "name": "bill-data-use-and-access",
        "url": "https://bills.parliament.uk/rss/bills/3825.rss",
        "publisher": "UK Parliament: Data (Use and Access) Bill [HL]",
        "bill": "data-use-and-access-bill-hl",
        "chamber": "lords",
        "include": [r"Data \(Use and Access\) Bill"],
        "stages": BILL_STAGE_RULES,
        "stage": "publication",
    },
    {
        # Bill id 3938: seen only in third-party files (feeds.md 7), and the
        # bills registry links bills.parliament.uk/bills/3938.
        "name": "bill-crime-and-policing",
        "url": "https://bills.parliament.uk/rss/bills/3938.rss",
        "publisher": "UK Parliament: Crime and Policing Bill",
        "bill": "crime-and-policing-bill-2024-26",
        "chamber": "commons",
        "include": [r"Crime and Policing Bill"],
        "stages": BILL_STAGE_RULES,
        "stage": "publication",
    },
    {
        # GOV.UK organisation feed: 20 latest items of all MoJ news, so only
        # the ones on the offence are kept. Entry ids change on every update
        # (feeds.md 4): key items on their link.
        "name": "govuk-ministry-of-justice",
        "url": "https://www.gov.uk/government/organisations/ministry-of-justice.atom",
        "publisher": "GOV.UK: Ministry of Justice",
        "chamber": "government",
        "include": [
            r"deepfake",
            r"intimate image",
            r"sexually explicit",
            r"purported sexual image",
            r"image[- ]based (sexual )?abuse",
        ],
        "stages": [
            [
                r"^(Open consultation|Closed consultation|Consultation outcome):",
                "consultation",
            ],
            [
                r"^(Policy paper|Guidance|Impact assessment|Research and analysis):",
                "publication",
            ],
            [r"^(Oral|Written) statement to Parliament:", "statement"],
        ],
        "stage": "announcement",
    },
    {
        # Publication log of the Data (Use and Access) Act 2025 (ukpga/2025/18,
        # as in the bills registry), feeds.md 7 ("Legislation: Publication Log
        # for an Act"). Section 138 inserts the creating offence.
        "name": "legislation-data-use-and-access-act-2025",
        "url": "https://www.legislation.gov.uk/update/ukpga/2025/18/data.feed",
        "publisher": "legislation.gov.uk: Data (Use and Access) Act 2025",
        "bill": "data-use-and-access-bill-hl",
        "chamber": "government",
        "stage": "publication",
        "max_items": 50,
    },
    {
        # TheyWorkForYou keyword search (feeds.md 5): debates, written answers
        # and committee sittings. No guid, date-only precision. Hansard itself
        # has no feed (feeds.md 6).
        "name": "twfy-deepfake",
        "url": "https://www.theyworkforyou.com/search/rss/?s=deepfake",
        "publisher": "TheyWorkForYou: Parliament search for 'deepfake'",
        "stage": "debate",
    },
    {
        "name": "twfy-purported-sexual-image",
        "url": "https://www.theyworkforyou.com/search/rss/?s=%22purported+sexual+image%22",
        "publisher": "TheyWorkForYou: Parliament search for 'purported sexual image'",
        "stage": "debate",
    },
]
