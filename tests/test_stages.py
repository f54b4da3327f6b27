"""The vocabularies: stages, chambers and bills are complete and consistent."""

import re

from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES
from pelican.plugins.parliament_timeline.records.bills import BILLS, HOUSES, OUTCOMES

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


def test_bills_are_consistent():
    for key, bill in BILLS.items():
        assert bill.key == key and KEY.match(key)
        assert bill.house in HOUSES
        assert bill.status in OUTCOMES
        assert bill.status_label == OUTCOMES[bill.status]
        assert bill.carried_into is None or bill.carried_into in BILLS
        assert bill.url is None or bill.url.startswith("https://bills.parliament.uk/bills/")
        assert bill.act_url is None or bill.act_url.startswith("https://www.legislation.gov.uk/")
        if bill.status == "royal-assent":
            assert bill.act_title
