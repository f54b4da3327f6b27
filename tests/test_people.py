"""People records (records/people.py): content/people/<key>.md."""

from __future__ import annotations

from debate_records import checked, fixture_records
from pelican.plugins.parliament_timeline.records.kinds import PERSON
from pelican.plugins.parliament_timeline.records.people import Role, build_person

PATH = "content/people/jane-widget.md"
GOOD = """\
Name: Jane Widget
Party: Invented Party
House: commons
Member-URL: https://members.parliament.uk/member/99901
Roles: Member of Parliament | 2019-12-12 |
    Minister for Widgets | 2023-11 | 2024-07-05
Sources: https://members.parliament.uk/member/99901 | Her page

Who she is.
"""


def test_a_good_record_builds_every_field():
    person, problems = checked(build_person, GOOD, PATH)
    assert problems == []
    assert person.key == "jane-widget"
    assert person.name == "Jane Widget"
    assert (person.party, person.house) == ("Invented Party", "commons")
    assert person.member_url == "https://members.parliament.uk/member/99901"
    assert person.roles == (Role("Member of Parliament", "2019-12-12", None),
                            Role("Minister for Widgets", "2023-11", "2024-07-05"))
    assert person.sources[0].official
    assert person.about == "Who she is."


def test_the_fixture_people_are_read_by_key():
    people = fixture_records().people
    assert list(people) == ["jane-widget", "lord-sprocket", "sam-cog"]
    assert people["lord-sprocket"].unverified.startswith("No official page")


def test_a_missing_name_and_unknown_field_are_reported():
    _, problems = checked(build_person, "Nmae: X\nSources: https://www.gov.uk/x\n", PATH)
    assert problems == [
        # Every declared field, in declaration order (records/kinds.py).
        f"{PATH}:1: unknown field 'Nmae' (fields are: "
        f"{', '.join(f.name for f in PERSON.fields)})",
        f"{PATH}:1: missing required field 'Name'",
    ]


def test_bad_role_dates_and_order_are_reported_at_their_line():
    text = ("Name: X\nRoles: Minister | 2024-13 | 2023\n    Whip | 2024 | 2023\n"
            "    | 2020 |\n    Peer | 2020 | 2021 | 2022\nSources: https://www.gov.uk/x\n")
    _, problems = checked(build_person, text, PATH)
    assert problems == [
        f"{PATH}:2: bad date '2024-13' in a role: use YYYY-MM-DD, YYYY-MM or YYYY, or "
        "leave it blank when not known",
        f"{PATH}:3: the role ends (2023) before it starts (2024)",
        f"{PATH}:4: a role needs its title before the first '|'",
        f"{PATH}:5: a role is 'role | from | to': too many '|'",
    ]


def test_an_unofficial_first_source_needs_an_unverified_note():
    text = "Name: X\nSources: https://www.example.org/x | A profile\n"
    _, problems = checked(build_person, text, PATH)
    assert problems == [
        f"{PATH}:2: the first source 'https://www.example.org/x' is not official (gov.uk, "
        "parliament.uk and their sub-sites): put an official one first, or add an "
        "'Unverified' note saying what was not seen in an official record"]
    person, problems = checked(build_person, text + "Unverified: Not in an official record.\n",
                               PATH)
    assert problems == [] and person.unverified == "Not in an official record."


def test_a_bad_key_house_and_url_are_reported():
    text = ("Name: X\nHouse: senate\nMember-URL: javascript:alert(1)\n"
            "Sources: https://www.gov.uk/x\n")
    _, problems = checked(build_person, text, "content/people/Jane Widget.md")
    assert problems == [
        "content/people/Jane Widget.md:1: the file name 'Jane Widget.md' must be <key>.md, "
        "the key in lower-case letters, digits and hyphens",
        "content/people/Jane Widget.md:2: unknown house 'senate' (Houses are: commons, lords)",
        "content/people/Jane Widget.md:3: 'javascript:alert(1)' is not an http(s) URL",
    ]
