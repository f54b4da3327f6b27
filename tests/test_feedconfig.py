"""Tests for feeds.config (TIMELINE_FEEDS), on the fixture subject.

This site's own feed list is checked in test_content.py.
"""

from __future__ import annotations

import re

import pytest
from fetch_support import refuse_non_loopback

from conftest import fixture_vocabulary
from pelican.plugins.parliament_timeline.feeds import config as feed_config
from pelican.plugins.parliament_timeline.feeds.config import (
    FEED_KEYS,
    FeedConfig,
)

VOCABULARY = fixture_vocabulary()

GOOD = {"name": "bill-3825", "url": "https://bills.parliament.uk/rss/bills/3825.rss"}
BILLS_RSS = {**GOOD, "kind": "parliament-bills-rss"}


def read_feed_configs(value):
    """feeds.config.read_feed_configs with the fixture subject's vocabulary."""
    return feed_config.read_feed_configs(value, VOCABULARY)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test in this module may open a socket to anything but 127.0.0.1."""
    refuse_non_loopback(monkeypatch)


def problems_for(**changes: object) -> list[str]:
    """The problems reported for GOOD with ``changes`` applied."""
    feed = {**GOOD, **changes}
    configs, problems = read_feed_configs([feed])
    assert (configs == []) == bool(problems)
    return problems


def test_minimal_feed() -> None:
    configs, problems = read_feed_configs([GOOD])
    assert problems == []
    assert configs == [FeedConfig(name=GOOD["name"], url=GOOD["url"], vocabulary=VOCABULARY)]
    assert configs[0].vocabulary is VOCABULARY


def test_every_key() -> None:
    feed = {
        **BILLS_RSS,
        "publisher": "  UK Parliament  ",
        "bill": "consumer-widgets-bill-hl",
        "chamber": "lords",
        "include": ["widget", "sprocket safety"],
        "exclude": ["^Publication:"],
        "stages": [["^Sitting: 2nd reading", "second-reading"], ("report", "report")],
        "stage": "debate",
        "max_items": 30,
    }
    assert set(feed) == set(FEED_KEYS)
    [config], problems = read_feed_configs([feed])
    assert problems == []
    assert config.publisher == "UK Parliament"
    assert config.bill == "consumer-widgets-bill-hl"
    assert config.max_items == 30
    assert config.text_matches("Minister on WIDGET safety")
    assert not config.text_matches("Publication: widget bill as introduced")
    assert not config.text_matches("Something else")
    assert config.stage_for("Sitting: 2nd reading - Tuesday, 21 March 2023") == "second-reading"
    assert config.stage_for("Sitting: Report stage") == "report"
    assert config.stage_for("Sitting: Royal Assent") == "debate"


def test_the_callers_settings_are_not_modified() -> None:
    feed = {**GOOD, "stages": [["x", "debate"]], "include": ["a"]}
    snapshot = repr(feed)
    read_feed_configs([feed])
    assert repr(feed) == snapshot


def test_bill_none_means_no_bill() -> None:
    [config], problems = read_feed_configs([{**GOOD, "bill": "none"}])
    assert problems == []
    assert config.bill is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"urll": "x"}, "unknown key(s) 'urll'"),
        ({"name": "Bill 3825"}, "is not a slug"),
        ({"name": "bill--3825"}, "is not a slug"),
        ({"name": "../etc"}, "is not a slug"),
        ({"name": 3825}, "is not a slug"),
        (
            {"url": "ftp://bills.parliament.uk/x.rss"},
            "is not an http(s) URL",
        ),
        ({"url": "file:///etc/passwd"}, "is not an http(s) URL"),
        ({"url": "https:///x.rss"}, "has no host"),
        ({"url": "https://host:port/x"}, "is not a valid URL"),
        ({"url": "https://example.org/a b"}, "contains whitespace"),
        ({"url": None}, "must be a string"),
        ({"include": ["("]}, "include[0]: bad regular expression '('"),
        ({"exclude": "widget"}, "exclude must be a list"),
        ({"include": [""]}, "include[0]: a pattern must be a non-empty string"),
        (
            {"stages": [["x", "second reading"]]},
            "stages[0]: stage 'second reading' is unknown",
        ),
        ({"stages": [["[", "debate"]]}, "stages[0]: bad regular expression"),
        ({"stages": [["x"]]}, "stages[0] must be a [pattern, stage] pair"),
        ({"stages": {"x": "debate"}}, "stages must be a list"),
        ({"stage": "reading"}, "stage 'reading' is unknown"),
        ({"chamber": "house-of-commons"}, "chamber 'house-of-commons' is unknown"),
        (
            {"bill": "widget-bill"},
            "bill 'widget-bill' is not in the bills registry (the records in content/bills/); "
            "known bills: consumer-widgets-bill-hl, sprocket-registration-bill-hl, "
            "widget-labelling-bill-2022-23, widget-safety-bill-2023-24",
        ),
        (
            {"stages": "bills.parliment.uk"},
            "stages 'bills.parliment.uk' is not a known preset; use a list of [pattern, stage] "
            "pairs or one of bills.parliament.uk",
        ),
        ({"max_items": 0}, "max_items must be a whole number"),
        ({"max_items": True}, "max_items must be a whole number"),
        ({"max_items": "10"}, "max_items must be a whole number"),
        ({"publisher": ""}, "publisher must be a non-empty string"),
    ],
)
def test_problems_name_the_feed(changes: dict, expected: str) -> None:
    problems = problems_for(**changes)
    assert len(problems) == 1, problems
    assert problems[0].startswith("TIMELINE_FEEDS[0]")
    assert expected in problems[0]


def test_problem_names_the_feed_by_name_when_it_has_one() -> None:
    [problem] = problems_for(chamber="nowhere")
    assert problem.startswith("TIMELINE_FEEDS[0] ('bill-3825'): ")


def test_missing_required_keys() -> None:
    _, problems = read_feed_configs([{"publisher": "x"}])
    assert problems == [
        "TIMELINE_FEEDS[0]: the required key 'name' is missing",
        "TIMELINE_FEEDS[0]: the required key 'url' is missing",
    ]


def test_all_problems_of_one_feed_are_reported_and_good_feeds_survive() -> None:
    bad = {"name": "Bad", "url": "gopher://x", "stage": "nope", "extra": 1}
    configs, problems = read_feed_configs([GOOD, bad])
    assert [c.name for c in configs] == ["bill-3825"]
    assert len(problems) == 4
    assert all(p.startswith("TIMELINE_FEEDS[1] ('Bad')") for p in problems)


def test_duplicate_names_are_refused() -> None:
    configs, problems = read_feed_configs([GOOD, {**GOOD, "url": "https://example.org/x"}])
    assert [c.url for c in configs] == [GOOD["url"]]
    expected = (
        "TIMELINE_FEEDS[1] ('bill-3825'): the name 'bill-3825' is already used by "
        "TIMELINE_FEEDS[0]; names must be unique because they name the snapshot files"
    )
    assert problems == [expected]


@pytest.mark.parametrize("value", ["bill-3825", {"name": "x"}, 42])
def test_the_setting_must_be_a_list(value: object) -> None:
    configs, problems = read_feed_configs(value)
    assert configs == []
    assert problems and problems[0].startswith("TIMELINE_FEEDS must be a list")


def test_an_item_must_be_a_dict() -> None:
    _, problems = read_feed_configs(["https://example.org/feed"])
    assert problems == ["TIMELINE_FEEDS[0]: must be a dict, not str"]


def test_none_means_no_feeds() -> None:
    assert read_feed_configs(None) == ([], [])


def test_the_bills_parliament_uk_preset_is_the_bill_stage_rules() -> None:
    [preset], problems = read_feed_configs([{**BILLS_RSS, "stages": "bills.parliament.uk"}])
    assert problems == []
    rules = [[r.pattern.pattern, r.stage] for r in preset.stages]
    assert rules == feed_config.BILL_STAGE_RULES
    assert feed_config.STAGE_RULE_PRESETS["bills.parliament.uk"] is feed_config.BILL_STAGE_RULES
    [written], _ = read_feed_configs([{**BILLS_RSS, "stages": feed_config.BILL_STAGE_RULES}])
    assert written.stages == preset.stages


def test_a_feed_is_checked_against_the_vocabulary_it_is_given() -> None:
    from dataclasses import replace

    few = replace(VOCABULARY, bills={}, stages={"debate": VOCABULARY.stages["debate"]})
    _, problems = feed_config.read_feed_configs(
        [{**GOOD, "bill": "consumer-widgets-bill-hl", "stage": "report"}], few)
    assert problems == [
        "TIMELINE_FEEDS[0] ('bill-3825'): bill 'consumer-widgets-bill-hl' is not in the "
        "bills registry (the records in content/bills/); known bills: ",
        "TIMELINE_FEEDS[0] ('bill-3825'): stage 'report' is unknown; use one of debate",
    ]


@pytest.mark.parametrize(
    ("title", "stage"),
    [
        ("Sitting: 1st reading - Tuesday, 21 March 2023", "first-reading"),
        ("Sitting: 2nd reading - Tuesday, 28 November 2023", "second-reading"),
        ("Sitting: Committee stage - Tuesday, 12 December 2023", "committee"),
        ("Sitting: Report stage - Wednesday, 15 May 2024", "report"),
        ("Sitting: 3rd reading - Wednesday, 5 February 2025", "third-reading"),
        (
            "Sitting: Consideration of Lords amendments - Monday, 12 May 2025",
            "consideration-of-amendments",
        ),
        ("Sitting: Royal Assent - Thursday, 19 June 2025", "royal-assent"),
        ("Publication: Bill 275 2022-23 (as introduced)", "publication"),
    ],
)
def test_bill_stage_rules_classify_bills_parliament_titles(title: str, stage: str) -> None:
    [config], _ = read_feed_configs([{
        **BILLS_RSS, "bill": "consumer-widgets-bill-hl", "include": [r"Consumer Widgets Bill"],
        "stages": "bills.parliament.uk", "stage": "publication"}])
    text = f"{title}\nConsumer Widgets Bill [HL]: House of Lords"
    assert config.text_matches(text)
    assert config.stage_for(text) == stage


def test_patterns_are_case_insensitive() -> None:
    [config], _ = read_feed_configs([{**GOOD, "include": ["widget"]}])
    assert config.include[0].flags & re.IGNORECASE


# --- the source kind: the publisher's rules come from the configuration ------


def test_a_feed_without_a_kind_is_a_plain_feed() -> None:
    [config], problems = read_feed_configs([GOOD])
    assert problems == []
    assert config.kind == "feed"
    assert config.rules.identity == "guid"


def test_the_kind_chooses_the_rules_whatever_the_host() -> None:
    [config], problems = read_feed_configs(
        [{**BILLS_RSS, "url": "http://127.0.0.1:8080/rss/bills/3825.rss"}])
    assert problems == []
    assert config.kind == "parliament-bills-rss"
    assert config.rules.identity == "bill-sitting"
    # With no `stages`, the kind's own rules apply.
    assert config.stage_for("Sitting: 2nd reading - Tuesday, 28 November 2023") == (
        "second-reading")


def test_an_unknown_kind_is_a_problem_naming_the_known_ones() -> None:
    [problem] = problems_for(kind="bills.parliament.uk")
    assert problem.startswith(
        "TIMELINE_FEEDS[0] ('bill-3825'): kind 'bills.parliament.uk' is unknown; use one of ")
    for name in ("feed", "govuk-atom", "legislation-atom", "parliament-bills-rss",
                 "theyworkforyou-rss"):
        assert name in problem
    assert problems_for(kind=3) == [problem.replace("'bills.parliament.uk'", "3")]


def test_a_registered_kind_that_is_not_a_feed_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pelican.plugins.parliament_timeline.sources import registry

    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    registry.register_kind(
        registry.SourceKind(name="widget-api", title="an API", read=lambda body: body))
    [problem] = problems_for(kind="widget-api")
    assert "kind 'widget-api' is not a kind of feed" in problem


def test_the_bill_preset_without_the_bill_kind_says_what_to_add() -> None:
    """The upgrade case: a bill feed configured before kinds existed."""
    [problem] = problems_for(stages="bills.parliament.uk")
    assert problem == (
        "TIMELINE_FEEDS[0] ('bill-3825'): the stage rules 'bills.parliament.uk' are for "
        "feeds of the kind 'parliament-bills-rss', whose rules tell each sitting apart; "
        "add 'kind': 'parliament-bills-rss' (see feeds.md: parliament-timeline docs feeds)")


def test_max_items_has_a_default_and_the_site_can_change_it() -> None:
    [config], _ = read_feed_configs([GOOD])
    assert config.max_items == feed_config.DEFAULT_MAX_ITEMS == 1000
    [config], _ = feed_config.read_feed_configs([GOOD], VOCABULARY, max_items=7)
    assert config.max_items == 7
    [config], _ = feed_config.read_feed_configs([{**GOOD, "max_items": 3}], VOCABULARY,
                                                max_items=7)
    assert config.max_items == 3
