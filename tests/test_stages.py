"""The vocabularies: stages, chambers and bills are complete and consistent."""

import re

from conftest import fixture_vocabulary
from pelican.plugins.parliament_timeline.procedure import (
    CHAMBERS,
    HOUSES,
    OUTCOMES,
    STAGES,
    STATUS_STATES,
)

KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

REQUIRED_STAGES = {
    "announcement", "consultation", "publication", "first-reading", "second-reading",
    "committee", "report", "third-reading", "consideration-of-amendments",
    "royal-assent", "commencement", "bill-fell", "debate", "statement",
    "amendment-tabled", "amendment-agreed", "amendment-withdrawn",
}


def test_every_required_stage_exists():
    assert set(STAGES) >= REQUIRED_STAGES


def test_stages_have_keys_labels_and_explanations():
    for key, stage in STAGES.items():
        assert stage.key == key and KEY.match(key)
        assert stage.label and stage.label[0].isupper()
        assert stage.explanation.endswith(".")


def test_formal_stages_are_ordered_as_a_bill_passes():
    ordered = sorted((s for s in STAGES.values() if s.order is not None), key=lambda s: s.order)
    assert [s.key for s in ordered][:7] == [
        "first-reading", "second-reading", "committee", "report", "third-reading",
        "consideration-of-amendments", "royal-assent",
    ]
    assert len({s.order for s in ordered}) == len(ordered)


def test_chambers_are_the_five_of_the_contract():
    assert list(CHAMBERS) == ["commons", "lords", "government", "crown", "other"]
    for key, chamber in CHAMBERS.items():
        assert chamber.key == key and chamber.label and chamber.explanation


def assert_bills_consistent(bills):
    """Every bill's fields agree with the vocabularies and the other bills."""
    assert bills
    for key, bill in bills.items():
        assert bill.key == key and KEY.match(key)
        assert bill.house in HOUSES
        assert bill.status in OUTCOMES
        assert bill.status_label == OUTCOMES[bill.status]
        assert bill.carried_into is None or bill.carried_into in bills
        assert bill.url is None or bill.url.startswith("https://bills.parliament.uk/bills/")
        assert bill.act_url is None or bill.act_url.startswith("https://www.legislation.gov.uk/")
        assert bill.outcome
        if bill.status == "royal-assent":
            assert bill.act_title


def test_the_fixture_bills_are_consistent():
    assert_bills_consistent(fixture_vocabulary().bills)


def test_houses_and_outcomes_are_keyed_labels():
    assert list(HOUSES) == ["commons", "lords"]
    assert all(HOUSES[h] == CHAMBERS[h].label for h in HOUSES)
    assert {"in-progress", "royal-assent", "fell"} <= set(OUTCOMES)
    assert all(KEY.match(k) and v for k, v in OUTCOMES.items())


KINDS = {"passage", "law", "fell", "amendment", "parliament", "outside"}


def test_each_stage_definition_says_what_it_means_consistently_with_its_order():
    for stage in STAGES.values():
        assert stage.kind in KINDS
        assert stage.status is None or stage.status in STATUS_STATES
        assert stage.default_chamber is None or stage.default_chamber in CHAMBERS
        if stage.order is None:
            # Steps outside a bill's passage never decide the status or show on a tracker.
            assert stage.status is None and stage.short_label is None
            assert not stage.each_house
        else:
            assert stage.status is not None
    ordered = sorted((s for s in STAGES.values() if s.order is not None), key=lambda s: s.order)
    # The status a stage gives never goes back along the order, except a bill falling.
    rank = ["before-parliament", "enacted", "in-force"]
    passing = [s.status for s in ordered if s.kind != "fell"]
    assert passing == sorted(passing, key=rank.index)
    assert [s.key for s in ordered if s.kind == "fell"] == ["bill-fell"]
    assert STAGES["bill-fell"].status == "bill-fell"
    # The House stages come before the stages after both Houses.
    house = [s.order for s in ordered if s.each_house]
    after = [s.order for s in ordered if not s.each_house]
    assert max(house) < min(after)
    assert all(s.kind == "passage" for s in ordered if s.each_house)
    assert [s.key for s in ordered if s.kind == "law"] == ["royal-assent", "commencement"]


def test_tracker_steps_are_the_stages_with_a_short_label():
    labelled = [s for s in sorted(STAGES.values(), key=lambda s: s.order or 0) if s.short_label]
    assert [s.short_label for s in labelled] == [
        "1R", "2R", "C", "R", "3R", "P", "RA", "In force"]
    assert len({s.short_label for s in labelled}) == len(labelled)
    assert all(s.order is not None for s in labelled)
    # Only ping-pong is not proved by a later step: it happens when the Houses disagree.
    assert [s.key for s in labelled if not s.implied_by_later] == [
        "consideration-of-amendments"]


def test_status_states_cover_every_stage_status_and_the_state_before_any():
    used = {s.status for s in STAGES.values() if s.status}
    assert used | {"not-law"} == set(STATUS_STATES)
    assert all(label and label[0].isupper() for label in STATUS_STATES.values())


def test_default_chambers_are_the_usual_actors():
    defaults = {k: s.default_chamber for k, s in STAGES.items() if s.default_chamber}
    assert defaults == {
        "announcement": "government", "consultation": "government",
        "publication": "government", "royal-assent": "crown",
        "commencement": "government", "statement": "government",
    }
