"""Versions of the wording (records/versions.py): content/versions/<key>.md."""

from __future__ import annotations

import datetime as dt

from debate_records import checked, fixture_records
from pelican.plugins.parliament_timeline.records.versions import build_version, paragraphs_of

PATH = "content/versions/x.md"
BASE = """\
Title: New clause 1
Date: 2024-05-10
Provision: New clause 1
Sources: https://bills.parliament.uk/x

(1) A person
    commits an offence.

(2) Fine.
"""


def test_the_body_is_kept_as_paragraphs_of_plain_text():
    v, problems = checked(build_version, BASE, PATH)
    assert problems == []
    assert v.paragraphs == ("(1) A person commits an offence.", "(2) Fine.")
    assert v.text == "(1) A person commits an offence.\n\n(2) Fine."
    assert paragraphs_of("\n\n\n") == ()


def test_the_enacted_version_has_its_in_force_and_checked_dates():
    v = fixture_records().versions["cwa-section-1-as-enacted"]
    assert v.enacted and v.in_force == dt.date(2025, 6, 1)
    assert v.up_to_date == dt.date(2026, 1, 1)
    assert fixture_records().versions["wsb-nc1-report"].amendment == "wsb-nc1"


def test_in_force_without_enacted_no_text_and_a_bad_date_are_errors():
    text = BASE.replace("Date: 2024-05-10", "Date: 10 May 2024").split("\n\n")[0] + (
        "\nIn-force: 2025-01-01\n\n")
    record, problems = checked(build_version, text, PATH)
    assert record is None
    assert problems == [
        f"{PATH}:2: bad date '10 May 2024': use YYYY-MM-DD",
        f"{PATH}:5: 'In-force' is only for the law as enacted ('Enacted: yes')",
        f"{PATH}:7: the body must hold the text as printed (a version whose text was not "
        "seen has no place on the wording page)",
    ]


def test_follows_names_the_version_compared_with():
    v, problems = checked(build_version, BASE.replace("Provision:", "Follows: none\nProvision:"),
                          PATH)
    assert problems == [] and v.follows == "none"
    assert checked(build_version, BASE, PATH)[0].follows is None


def test_a_partial_text_says_where_it_stops():
    text = BASE.replace("Provision:", "Partial: yes\nProvision:")
    assert checked(build_version, text, PATH)[1] == [
        f"{PATH}:3: a partial text needs an 'Unverified' note saying where the text seen "
        "stops"]
    v, problems = checked(build_version, text.replace(
        "Sources:", "Unverified: The copy seen stops after (2).\nSources:"), PATH)
    assert problems == [] and v.partial
    assert not fixture_records().versions["cwa-section-1-as-enacted"].partial
