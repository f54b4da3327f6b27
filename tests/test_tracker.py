"""The bill tracker: steps of both Houses, what is recorded, passed, pending."""

import datetime as dt

from conftest import LONDON
from pelican.plugins.parliament_timeline.model import Entry, Source, Timeline
from pelican.plugins.parliament_timeline.procedure import CHAMBERS, HOUSES, STAGES
from pelican.plugins.parliament_timeline.records.bills import Bill
from pelican.plugins.parliament_timeline.site.tracker import (
    bill_tracker,
    house_order,
    journey_order,
)
from pelican.plugins.parliament_timeline.vocabulary import Vocabulary

OLD = Bill("old", "Old Bill", "2023-24", "commons", "fell", "Fell.", carried_into="new")
NEW = Bill("new", "New Bill [HL]", "2024-26", "lords", "royal-assent", "Became an Act.")
REGISTRY = {b.key: b for b in (OLD, NEW)}
VOCABULARY = Vocabulary(bills=REGISTRY, zone=LONDON)


def make(slug, y, m, d, stage, bill, chamber="commons"):
    return Entry(
        slug=slug, title=slug, date=dt.datetime(y, m, d, tzinfo=LONDON), summary="s",
        stage=STAGES[stage], chamber=CHAMBERS[chamber], bill=REGISTRY[bill],
        sources=(Source(f"https://www.gov.uk/{slug}"),), zone=LONDON,
    )


def states(tracker):
    return {s.key: s.state for s in tracker.steps}


def test_houses_follow_the_house_of_introduction():
    assert house_order(OLD, HOUSES) == ("commons", "lords")
    assert house_order(NEW, HOUSES) == ("lords", "commons")


def test_steps_cover_both_houses_then_ping_pong_assent_and_commencement():
    t = bill_tracker(NEW, [], VOCABULARY)
    assert [s.key for s in t.steps] == [
        "lords-first-reading", "lords-second-reading", "lords-committee", "lords-report",
        "lords-third-reading", "commons-first-reading", "commons-second-reading",
        "commons-committee", "commons-report", "commons-third-reading",
        "consideration-of-amendments", "royal-assent", "commencement",
    ]
    assert {s.state for s in t.steps} == {"pending"}
    assert t.last_recorded is None


def test_a_fallen_bill_stops_where_its_events_stop_and_says_where_the_subject_went():
    entries = Timeline([
        make("2r", 2023, 11, 28, "second-reading", "old"),
        make("c", 2024, 1, 11, "committee", "old"),
        make("r", 2024, 5, 15, "report", "old"),
        make("f", 2024, 5, 24, "bill-fell", "old"),
        make("elsewhere", 2024, 10, 23, "first-reading", "new", "lords"),
    ])
    t = bill_tracker(OLD, entries, VOCABULARY)
    got = states(t)
    assert got["commons-first-reading"] == "passed"
    assert got["commons-second-reading"] == "recorded"
    assert got["commons-report"] == "recorded"
    assert got["commons-third-reading"] == "pending"
    assert got["lords-first-reading"] == "pending"
    assert got["royal-assent"] == "pending"
    assert (t.fell.slug, t.carried_into, t.has_fallen) == ("f", NEW, True)
    assert t.last_recorded.key == "commons-report"
    assert [e.slug for e in t.for_house("commons")[1].entries] == ["2r"]


def test_an_enacted_bill_dates_what_is_recorded_and_invents_nothing():
    entries = Timeline([
        make("1r", 2024, 10, 23, "first-reading", "new", "lords"),
        make("3r", 2025, 2, 5, "third-reading", "new", "lords"),
        make("cc", 2025, 3, 11, "committee", "new", "commons"),
        make("cc2", 2025, 3, 12, "committee", "new", "commons"),
        make("ra", 2025, 6, 19, "royal-assent", "new", "crown"),
        make("in", 2026, 2, 6, "commencement", "new", "government"),
    ])
    t = bill_tracker(NEW, entries, VOCABULARY)
    got = states(t)
    assert got["lords-second-reading"] == "passed"
    assert got["commons-committee"] == "recorded"
    # Ping-pong happens only if the Houses disagree: never assumed.
    assert got["consideration-of-amendments"] == "pending"
    assert got["commencement"] == "recorded"
    committee = next(s for s in t.steps if s.key == "commons-committee")
    assert committee.first.slug == "cc" and len(committee.entries) == 2
    assert t.step_of(entries.get("ra")).key == "royal-assent"
    assert (t.fell, t.carried_into, t.has_fallen) == (None, None, False)
    passed = next(s for s in t.steps if s.state == "passed")
    assert passed.first is None and passed.state_label == "Passed (no event recorded here)"


def test_an_event_of_one_house_does_not_count_for_the_other():
    lords = make("lords-2r", 2024, 1, 1, "second-reading", "old", "lords")
    t = bill_tracker(OLD, [lords], VOCABULARY)
    assert states(t)["commons-second-reading"] == "passed"
    assert states(t)["lords-second-reading"] == "recorded"


def test_journey_order_follows_the_first_event_of_each_bill():
    entries = Timeline([
        make("a", 2023, 1, 1, "debate", "new"),
        make("b", 2024, 1, 1, "debate", "old"),
    ])
    assert journey_order([OLD, NEW], entries) == [NEW, OLD]
    assert journey_order([OLD, NEW], []) == [OLD, NEW]


def test_steps_carry_their_house_label_and_short_label():
    t = bill_tracker(OLD, [], VOCABULARY)
    first = t.steps[0]
    assert (first.key, first.house_label, first.short_label) == (
        "commons-first-reading", "House of Commons", "1R")
    assert [s.short_label for s in t.for_house(None)] == ["P", "RA", "In force"]
    assert all(s.house_label is None for s in t.for_house(None))
    assert t.houses == ("commons", "lords")


def test_the_tracker_follows_the_vocabularys_stages():
    from dataclasses import replace

    # A stage without a short label is no tracker step.
    stages = {k: (replace(s, short_label=None) if k == "commencement" else s)
              for k, s in STAGES.items()}
    t = bill_tracker(NEW, [], replace(VOCABULARY, stages=stages))
    assert [s.key for s in t.for_house(None)] == ["consideration-of-amendments", "royal-assent"]


def test_a_fallen_record_without_an_event_has_fallen():
    t = bill_tracker(OLD, [], VOCABULARY)
    assert (t.fell, t.has_fallen, t.carried_into) == (None, True, NEW)
