"""The parsers of Parliament's data services, on recorded answers and on hostile ones.

Recorded answers come from ../shared/corpus/parliament-api/ (SOURCES.md);
each hostile variant is the recorded answer changed in one way, and must give
an OfficialDataError naming the source and the item, never a traceback.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from official_support import corpus_bytes, lords_3172, member_4514

from pelican.plugins.parliament_timeline.official import bills, members, votes
from pelican.plugins.parliament_timeline.official.reader import (
    MAX_BYTES,
    OfficialDataError,
    plain_text,
)


def commons() -> dict:
    return json.loads(corpus_bytes("votes-api/commons-1873.json"))


def lords() -> dict:
    return json.loads(lords_3172())


def dumps(value) -> bytes:
    return json.dumps(value).encode()


def test_recorded_commons_division_has_its_counts_tellers_and_every_vote():
    d = votes.parse_commons_division(corpus_bytes("votes-api/commons-1873.json"), 1873)
    assert (d.house, d.division_id, d.number, d.date) == ("commons", 1873, 47,
                                                          dt.date(2024, 11, 25))
    assert (d.votes_for, d.votes_against, d.result) == (336, 175, "agreed")
    assert d.question == ("Non-Domestic Rating (Multipliers and Private Schools) Bill: "
                          "Second Reading")
    assert [t.name for t in d.tellers_for] == ["Anna Turley", "Keir Mather"]
    assert (len(d.voted_for), len(d.voted_against), len(d.no_vote)) == (333, 174, 139)
    assert d.url == "https://votes.parliament.uk/Votes/Commons/Division/1873"


def test_recorded_lords_division_takes_the_question_from_the_motion_notes_as_text():
    d = votes.parse_lords_division(lords_3172(), 3172)
    assert d.question == ("Lord Roborough moved amendment 51, to leave out clause 10. "
                          "The House divided:")
    assert d.title == "Water (Special Measures) Bill [HL]"
    assert (d.number, d.votes_for, d.votes_against, d.result) == (5, 36, 89, "not-agreed")
    assert d.no_vote == ()
    assert {t.name for t in d.tellers_against} == {"Lord Kennedy of Southwark",
                                                   "Baroness Wheeler"}


def test_recorded_member_has_party_house_seat_and_dates():
    m = members.parse_member(member_4514(), 4514)
    assert (m.name, m.party, m.house, m.member_from) == (
        "Sir Keir Starmer", "Labour", "commons", "Holborn and St Pancras")
    assert m.membership_start == dt.date(2015, 5, 7) and m.membership_end is None
    assert m.url == "https://members.parliament.uk/member/4514"


def test_recorded_bill_stages_and_publications():
    b = bills.parse_bill(corpus_bytes("bills-api/bill-2818.json"), 2818)
    assert (b.title, b.originating_house, b.is_act) == ("Abolition of Business Rates Bill",
                                                        "commons", False)
    stages = bills.parse_stages(corpus_bytes("bills-api/bill-2818_stages.json"), 2818)
    assert [(s.description, [x.date for x in s.sittings]) for s in stages] == [
        ("1st reading", [dt.date(2021, 1, 12)]), ("2nd reading", [])]
    assert [bills.stage_key(s.description) for s in stages] == ["first-reading",
                                                                "second-reading"]
    # The recorded publications are bill 512's (SOURCES.md): refused for 2818.
    body = corpus_bytes("bills-api/bill-2818_publications.json")
    with pytest.raises(OfficialDataError, match="for bill 512, not 2818"):
        bills.parse_publications(body, 2818)
    publications = bills.parse_publications(body, 512)
    assert len(publications) == 41
    assert publications == tuple(sorted(publications, key=lambda p: (p.date, p.publication_id)))
    assert any(p.kind == "Act of Parliament" for p in publications)


def test_every_stage_name_maps_to_a_stage_of_procedure():
    from pelican.plugins.parliament_timeline.procedure import STAGES

    assert set(bills.STAGE_NAMES.values()) <= set(STAGES)
    for item in json.loads(corpus_bytes("bills-api/bill_stages.json"))["items"]:
        # Motions and resolutions are not stages of passage: they map to nothing.
        key = bills.stage_key(item["name"])
        assert key is None or key in STAGES


def test_script_in_notes_and_names_becomes_plain_text():
    value = lords()
    value["amendmentMotionNotes"] = ('<p>Lord X moved <script>alert(1)</script>amendment 1'
                                     '<img src=x onerror=alert(2)>.\nThe House divided:</p>')
    value["contents"][0]["name"] = "<b onclick=alert(3)>Lord Y</b>\nParty: evil"
    d = votes.parse_lords_division(dumps(value), 3172)
    assert d.question == "Lord X moved amendment 1. The House divided:"
    assert d.voted_for[0].name == "Lord Y Party: evil"
    assert "<" not in d.question and "\n" not in d.voted_for[0].name


def test_plain_text_removes_tags_entities_and_control_characters():
    assert plain_text("a&amp;b &lt;script&gt; <style>x</style>c\u2028d\x00e") == \
        "a&b <script> c d e"


@pytest.mark.parametrize(("change", "item", "message"), [
    (lambda v: v.pop("AyeCount"), "AyeCount", "missing"),
    (lambda v: v.update(AyeCount="336"), "AyeCount", "expected a number, found a string"),
    (lambda v: v.update(NoCount=True), "NoCount", "found a boolean"),
    (lambda v: v.update(NoCount=-1), "NoCount", "at least 0"),
    (lambda v: v.update(Date="yesterday"), "Date", "expected an ISO date"),
    (lambda v: v.update(Ayes={"a": 1}), "Ayes", "expected a list"),
    (lambda v: v["Ayes"][3].pop("Name"), "Ayes[3].Name", "missing"),
    (lambda v: v["Noes"][2].update(MemberId="39"), "Noes[2].MemberId", "expected a number"),
    (lambda v: v["Ayes"].__setitem__(0, "Barry Gardiner"), "Ayes[0]", "expected an object"),
    (lambda v: v.update(DivisionId=1874), "DivisionId", "for division 1874, not 1873"),
    (lambda v: v.update(Title=""), "Title", "is empty"),
])
def test_hostile_commons_answers_name_the_source_and_item(change, item, message):
    value = commons()
    change(value)
    with pytest.raises(OfficialDataError) as caught:
        votes.parse_commons_division(dumps(value), 1873)
    assert caught.value.source == "Commons division 1873"
    assert caught.value.item == item
    assert message in caught.value.message
    assert str(caught.value).startswith(f"Commons division 1873, {item}: ")


@pytest.mark.parametrize(("change", "item"), [
    (lambda v: v.pop("authoritativeContentCount"), "authoritativeContentCount"),
    (lambda v: v.update(amendmentMotionNotes=["not", "text"]), "amendmentMotionNotes"),
    (lambda v: v["notContents"][5].update(memberId=None), "notContents[5].memberId"),
    (lambda v: v.update(number=0), "number"),
])
def test_hostile_lords_answers_name_the_source_and_item(change, item):
    value = lords()
    change(value)
    with pytest.raises(OfficialDataError) as caught:
        votes.parse_lords_division(dumps(value), 3172)
    assert (caught.value.source, caught.value.item) == ("Lords division 3172", item)


@pytest.mark.parametrize(("body", "message"), [
    (b"", "not valid JSON"),
    (b"<html>Just a moment...</html>", "not valid JSON"),
    (b"\xff\xfe{", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    (b"[]", "expected an object, found a list"),
    (b"null", "expected an object, found null"),
    (b" " * (MAX_BYTES + 1), "more than the"),
])
def test_answers_that_are_not_json_objects_or_too_large(body, message):
    for parse, args in ((votes.parse_commons_division, (1873,)),
                        (votes.parse_lords_division, (3172,)),
                        (members.parse_member, (4514,)), (bills.parse_bill, (2818,)),
                        (bills.parse_stages, (2818,)), (bills.parse_publications, (2818,))):
        with pytest.raises(OfficialDataError, match=message):
            parse(body, *args)


def test_hostile_member_and_bill_answers():
    value = json.loads(member_4514())
    value["value"]["latestHouseMembership"]["house"] = 3
    with pytest.raises(OfficialDataError, match=r"member 4514, value.latestHouseMembership"
                                                r".house: expected 1 \(Commons\) or 2"):
        members.parse_member(dumps(value), 4514)
    value = json.loads(member_4514())
    value["value"]["nameDisplayAs"] = "<script>x</script>"
    with pytest.raises(OfficialDataError, match="nameDisplayAs: is empty"):
        members.parse_member(dumps(value), 4514)
    bill = json.loads(corpus_bytes("bills-api/bill-2818.json"))
    bill["originatingHouse"] = "Senate"
    with pytest.raises(OfficialDataError, match="originatingHouse: expected Commons or Lords"):
        bills.parse_bill(dumps(bill), 2818)
    stages = json.loads(corpus_bytes("bills-api/bill-2818_stages.json"))
    stages["items"][0]["stageSittings"][0]["billId"] = 1
    with pytest.raises(OfficialDataError, match=r"items\[0\].stageSittings\[0\].billId"):
        bills.parse_stages(dumps(stages), 2818)
    publications = json.loads(corpus_bytes("bills-api/bill-2818_publications.json"))
    hostile = copy.deepcopy(publications)
    hostile["publications"][1]["links"][0]["url"] = "javascript:alert(1)"
    with pytest.raises(OfficialDataError, match=r"publications\[1\].links\[0\].url: not an "
                                                r"http\(s\) URL"):
        bills.parse_publications(dumps(hostile), 512)
