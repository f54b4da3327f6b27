"""Where things stand now: the legal status is computed from the subject's bills."""

import datetime as dt

from conftest import LONDON
from pelican.plugins.parliament_timeline.model import Entry, Source, Timeline
from pelican.plugins.parliament_timeline.procedure import CHAMBERS, STAGES
from pelican.plugins.parliament_timeline.records.bills import Bill
from pelican.plugins.parliament_timeline.site.status import carrying_bills, legal_status

# A small registry of its own: a bill that fell and was carried into a second,
# and an unrelated bill that also reaches Royal Assent and commencement.
OLD = Bill("old", "Old Bill", "2023-24", "commons", "fell", "Fell.", carried_into="new")
NEW = Bill("new", "New Bill [HL]", "2024-26", "lords", "royal-assent", "Became an Act.")
OTHER = Bill("other", "Other Bill", "2024-26", "commons", "royal-assent", "Unrelated.")
REGISTRY = {b.key: b for b in (OLD, NEW, OTHER)}


def make(slug, y, m, d, stage, bill=None, chamber="commons"):
    return Entry(
        slug=slug, title=slug, date=dt.datetime(y, m, d, tzinfo=LONDON), summary="s",
        stage=STAGES[stage], chamber=CHAMBERS[chamber], bill=REGISTRY.get(bill),
        sources=(Source(f"https://www.gov.uk/{slug}"),), zone=LONDON,
    )


def status_of(*entries):
    return legal_status(Timeline(list(entries)), REGISTRY)


def test_carrying_bills_are_the_carried_into_chain_in_registry_order():
    assert [b.key for b in carrying_bills(REGISTRY)] == ["old", "new"]


def test_without_any_chain_every_bill_counts():
    alone = {"a": OTHER}
    assert carrying_bills(alone) == [OTHER]


def test_no_decisive_event_means_not_yet_before_parliament():
    s = status_of(make("a", 2024, 4, 16, "announcement", "old", "government"))
    assert (s.state, s.decided_by, s.latest.slug) == ("not-law", None, "a")
    assert s.label == "Not yet before Parliament"


def test_a_passage_stage_means_before_parliament():
    s = status_of(
        make("a", 2024, 4, 16, "announcement", "old", "government"),
        make("b", 2024, 5, 15, "report", "old"),
        make("c", 2024, 5, 20, "debate", "old"),
    )
    assert (s.state, s.decided_by.slug, s.latest.slug) == ("before-parliament", "b", "c")


def test_a_fallen_bill_says_where_the_subject_went():
    s = status_of(
        make("b", 2024, 5, 15, "report", "old"), make("f", 2024, 5, 24, "bill-fell", "old")
    )
    assert (s.state, s.decided_by.slug, s.carried_into) == ("bill-fell", "f", NEW)


def test_the_next_bill_after_a_fall_decides_again():
    s = status_of(
        make("f", 2024, 5, 24, "bill-fell", "old"),
        make("n", 2024, 10, 23, "first-reading", "new", "lords"),
    )
    assert (s.state, s.decided_by.slug, s.carried_into) == ("before-parliament", "n", None)


def test_royal_assent_then_commencement():
    assent = make("ra", 2025, 6, 19, "royal-assent", "new", "crown")
    assert status_of(assent).state == "enacted"
    s = status_of(assent, make("in", 2026, 2, 6, "commencement", "new", "government"))
    assert (s.state, s.label, s.decided_by.slug) == ("in-force", "In force", "in")


def test_events_of_bills_outside_the_chain_do_not_decide():
    s = status_of(
        make("ra", 2025, 6, 19, "royal-assent", "new", "crown"),
        make("other-in", 2026, 6, 29, "commencement", "other", "government"),
        make("no-bill", 2026, 7, 1, "commencement", None, "government"),
    )
    assert (s.state, s.decided_by.slug, s.latest.slug) == ("enacted", "ra", "no-bill")


def test_an_empty_timeline_has_no_status_events():
    s = status_of()
    assert (s.state, s.decided_by, s.latest) == ("not-law", None, None)
