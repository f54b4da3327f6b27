"""The built-in feed kinds: one per publisher of RSS/Atom feeds, registered by name.

Each kind's :class:`FeedRules` say, as data, how its items are told apart
and dated (:mod:`..feeds.items` applies them); every feed kind reads its
snapshots with the one parser, :func:`.feeddocument.read_feed_document`,
and is fetched by the generic snapshot fetcher. docs/feeds.md has the table.

A feed chooses its kind with the ``kind`` key of its ``TIMELINE_FEEDS``
entry; a feed without one is of the kind ``feed`` (:data:`DEFAULT_FEED_KIND`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .feeddocument import read_feed_document
from .registry import SourceKind, register_kind

__all__ = [
    "BILL_STAGE_RULES",
    "DEFAULT_FEED_KIND",
    "FEED_KINDS",
    "FeedRules",
]

# What makes two items one event:
# - "bill-sitting": a "Sitting: <stage> - <date>" item is bill + House +
#   stage + sitting date (the guid is the bill's page, shared by every
#   sitting); other items are their link + title;
# - "link": the canonical link (the publisher changes the id on every edit);
# - "stable-id": the entry's id, as a canonical URL (else the link);
# - "guid": the guid, else the canonical link.
Identity = Literal["bill-sitting", "link", "stable-id", "guid"]

# Stage rules for bills.parliament.uk single-bill feeds (the preset
# "bills.parliament.uk" of a feed's `stages`, and the default stages of the
# kind "parliament-bills-rss"). Item titles look like
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


@dataclass(frozen=True)
class FeedRules:
    """A feed publisher's rules, as data."""

    identity: Identity = "guid"
    # The chamber of an item is the House its description names
    # ("...: House of Lords 3rd reading"), else the feed's `chamber`.
    house_in_summary: bool = False
    # Item times are unreliable (TheyWorkForYou labels UK clock time as
    # +0000): keep the date only.
    date_only: bool = False
    # The human page is the alternate link without a title (feedparser
    # picks legislation.gov.uk's "HTML snippet" alternate as entry.link).
    untitled_alternate_link: bool = False
    # Stage rules used when the feed gives no `stages` of its own.
    default_stages: tuple[tuple[str, str], ...] = ()


def _feed_kind(name: str, title: str, rules: FeedRules) -> SourceKind:
    return register_kind(SourceKind(name=name, title=title, read=read_feed_document, rules=rules))


DEFAULT_FEED_KIND = "feed"

FEED_KINDS: tuple[SourceKind, ...] = (
    _feed_kind(
        "parliament-bills-rss",
        "UK Parliament bill RSS feed (bills.parliament.uk/rss/bills/<id>.rss)",
        FeedRules(
            identity="bill-sitting",
            house_in_summary=True,
            default_stages=tuple((pattern, stage) for pattern, stage in BILL_STAGE_RULES),
        ),
    ),
    _feed_kind("govuk-atom", "GOV.UK Atom feed", FeedRules(identity="link")),
    _feed_kind(
        "legislation-atom",
        "legislation.gov.uk Atom feed",
        FeedRules(identity="stable-id", untitled_alternate_link=True),
    ),
    _feed_kind(
        "theyworkforyou-rss",
        "TheyWorkForYou search RSS feed",
        FeedRules(identity="link", date_only=True),
    ),
    _feed_kind(DEFAULT_FEED_KIND, "any other RSS or Atom feed", FeedRules(identity="guid")),
)
