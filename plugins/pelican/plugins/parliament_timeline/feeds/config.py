"""Read and check the ``TIMELINE_FEEDS`` setting.

``TIMELINE_FEEDS`` is a list of dicts, one per official feed the timeline
follows. :func:`read_feed_configs` turns it into frozen :class:`FeedConfig`
records and reports every problem it finds as a readable sentence naming
the feed, so that one bad entry never hides another and never stops the
good feeds from being used.

Each feed names its publisher's rules with its ``kind`` (a source kind of
:mod:`..sources.registry`, the feed kinds being those of
:mod:`..sources.feedkinds`), never through its URL's host.

The stage, chamber and bill vocabularies are those of the hand-written
entries: the build's :class:`~..vocabulary.Vocabulary`, passed in, never
copied. This module does no I/O and does not import Pelican.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..manual import see
from ..records.problems import Problem
from ..sources.feedkinds import BILL_STAGE_RULES, DEFAULT_FEED_KIND, FeedRules
from ..sources.registry import UnknownKindError, kind_names, source_kind
from ..urls import URLProblem, parse_web_url

if TYPE_CHECKING:  # no import at run time: the vocabulary is passed in
    from ..vocabulary import Vocabulary

__all__ = [
    "BILL_STAGE_RULES",
    "DEFAULT_MAX_ITEMS",
    "FEED_KEYS",
    "SLUG_RE",
    "FeedConfig",
    "StageRule",
    "feed_kind_names",
    "feed_setting_problems",
    "read_feed_configs",
    "setting_line",
]

# Items used from one feed when neither the feed (`max_items`) nor the site
# (TIMELINE_FEED_MAX_ITEMS) says otherwise: a feed of 100,000 items must not
# turn into 100,000 pages.
DEFAULT_MAX_ITEMS = 1000

# A feed's name is the stem of its snapshot files, so it is kept to a
# lowercase ASCII slug: safe in every file system and in a URL.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REQUIRED_KEYS = ("name", "url")
OPTIONAL_KEYS = (
    "kind",
    "publisher",
    "bill",
    "chamber",
    "include",
    "exclude",
    "stages",
    "stage",
    "max_items",
)
FEED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

# Patterns are matched case-insensitively: feed titles capitalise freely
# ("Widget", "widget", "WIDGET").
PATTERN_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class StageRule:
    """One ordered stage rule: items whose text matches ``pattern`` get ``stage``."""

    pattern: re.Pattern[str]
    stage: str


@dataclass(frozen=True)
class FeedConfig:
    """One followed feed, checked.

    ``include``, ``exclude`` and the stage rules are matched (with
    ``re.search``, case-insensitively) against an item's title and summary
    joined by a newline; see :meth:`text_matches` and :meth:`stage_for`.
    """

    name: str
    url: str
    # The source kind: the publisher's rules (sources/feedkinds.py).
    kind: str = DEFAULT_FEED_KIND
    publisher: str | None = None
    bill: str | None = None
    chamber: str | None = None
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    stages: tuple[StageRule, ...] = ()
    stage: str | None = None
    max_items: int = DEFAULT_MAX_ITEMS
    # The words the feed's items are checked against and made with (stages,
    # chambers, bills, time zone, official sites).
    vocabulary: Vocabulary = field(kw_only=True, compare=False, repr=False)

    @property
    def rules(self) -> FeedRules:
        """The publisher's rules of this feed's kind."""
        return source_kind(self.kind).rules

    @property
    def snapshot_name(self) -> str:
        """File name of the raw snapshot, ``<name>.xml``."""
        return f"{self.name}.xml"

    @property
    def meta_name(self) -> str:
        """File name of the snapshot's metadata, ``<name>.json``."""
        return f"{self.name}.json"

    def text_matches(self, text: str) -> bool:
        """Whether an item with this title-and-summary text is kept.

        An item is kept when it matches at least one ``include`` pattern (or
        there are none) and no ``exclude`` pattern.
        """
        if self.include and not any(p.search(text) for p in self.include):
            return False
        return not any(p.search(text) for p in self.exclude)

    def stage_for(self, text: str) -> str | None:
        """The stage of an item: the first matching rule's, else ``stage``."""
        for rule in self.stages:
            if rule.pattern.search(text):
                return rule.stage
        return self.stage


def feed_kind_names() -> tuple[str, ...]:
    """The registered source kinds a feed may name: those with feed rules."""
    return tuple(n for n in kind_names() if isinstance(source_kind(n).rules, FeedRules))


def read_feed_configs(
    settings_list: Any, vocabulary: Vocabulary, *, max_items: int = DEFAULT_MAX_ITEMS
) -> tuple[list[FeedConfig], list[str]]:
    """Check ``TIMELINE_FEEDS`` and build one :class:`FeedConfig` per good feed.

    Returns ``(configs, problems)``. A feed with any problem is left out of
    ``configs``; every problem is a sentence naming the feed (by its name
    where it has a usable one, else by its position). ``None`` means no
    feeds. ``max_items`` is the site's default for feeds without their own
    (TIMELINE_FEED_MAX_ITEMS). The caller's list and dicts are never modified.
    """
    if settings_list is None:
        return [], []
    if isinstance(settings_list, (str, bytes, Mapping)) or not isinstance(settings_list, Sequence):
        problem = f"TIMELINE_FEEDS must be a list of dicts, not {type(settings_list).__name__}"
        return [], [problem]

    configs: list[FeedConfig] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(settings_list):
        label = _label(index, raw)
        config, feed_problems = _read_one(raw, label, vocabulary, max_items)
        if config is not None and config.name in seen:
            feed_problems.append(
                f"{label}: the name {config.name!r} is already used by "
                f"TIMELINE_FEEDS[{seen[config.name]}]; names must be unique "
                "because they name the snapshot files"
            )
        if feed_problems or config is None:
            problems.extend(feed_problems)
            continue
        seen[config.name] = index
        configs.append(config)
    return configs, problems


def _label(index: int, raw: Any) -> str:
    """How a problem names a feed: ``TIMELINE_FEEDS[2] ("name")``."""
    name = raw.get("name") if isinstance(raw, Mapping) else None
    if isinstance(name, str) and name:
        return f"TIMELINE_FEEDS[{index}] ({name!r})"
    return f"TIMELINE_FEEDS[{index}]"


def _read_one(raw: Any, label: str, vocabulary: Vocabulary, default_max_items: int
              ) -> tuple[FeedConfig | None, list[str]]:
    """Check one feed dict; return its config (or None) and its problems."""
    if not isinstance(raw, Mapping):
        return None, [f"{label}: must be a dict, not {type(raw).__name__}"]

    problems: list[str] = []
    unknown = sorted(str(k) for k in raw if k not in FEED_KEYS)
    if unknown:
        problems.append(
            f"{label}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"known keys are {', '.join(FEED_KEYS)}"
        )
    problems.extend(
        f"{label}: the required key {key!r} is missing" for key in REQUIRED_KEYS if key not in raw
    )

    name = raw.get("name")
    if "name" in raw and not (isinstance(name, str) and SLUG_RE.fullmatch(name)):
        problems.append(
            f"{label}: name {name!r} is not a slug (lowercase letters, digits "
            "and single hyphens, e.g. 'bill-3825')"
        )

    url = raw.get("url")
    if "url" in raw:
        url_problem = _url_problem(url)
        if url_problem:
            problems.append(f"{label}: url {url!r} {url_problem}")

    kind = raw.get("kind", DEFAULT_FEED_KIND)
    kind_problem = _kind_problem(kind)
    if kind_problem:
        problems.append(f"{label}: {kind_problem}")
    elif (isinstance(raw.get("stages"), str) and raw["stages"] in PRESET_KINDS
          and kind != PRESET_KINDS[raw["stages"]]):
        problems.append(
            f"{label}: the stage rules {raw['stages']!r} are for feeds of the kind "
            f"{PRESET_KINDS[raw['stages']]!r}, whose rules tell each sitting apart; add "
            f"'kind': {PRESET_KINDS[raw['stages']]!r} ({see('feeds')})"
        )

    publisher = raw.get("publisher")
    if publisher is not None and not (isinstance(publisher, str) and publisher.strip()):
        problems.append(f"{label}: publisher must be a non-empty string")

    bill = raw.get("bill")
    if bill == "none":
        bill = None  # as in entries, "none" means an event outside a bill
    bills, chambers, stages = vocabulary.bills, vocabulary.chambers, vocabulary.stages
    if bill is not None and bill not in bills:
        problems.append(
            f"{label}: bill {bill!r} is not in the bills registry "
            f"(the records in content/bills/); known bills: {', '.join(bills)}"
        )

    chamber = raw.get("chamber")
    if chamber is not None and chamber not in chambers:
        problems.append(
            f"{label}: chamber {chamber!r} is unknown; use one of {', '.join(chambers)}"
        )

    stage = raw.get("stage")
    if stage is not None and stage not in stages:
        problems.append(f"{label}: stage {stage!r} is unknown; {_stage_hint(stages)}")

    include = _patterns(raw.get("include"), "include", label, problems)
    exclude = _patterns(raw.get("exclude"), "exclude", label, problems)
    stage_setting = raw.get("stages")
    if stage_setting is None and not kind_problem:
        # The kind's own stage rules, for the stages this site knows.
        defaults = source_kind(kind).rules.default_stages
        stage_setting = [list(pair) for pair in defaults if pair[1] in stages] or None
    rules = _stage_rules(stage_setting, label, problems, stages)

    max_items = raw.get("max_items")
    if max_items is None:
        max_items = default_max_items
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        problems.append(
            f"{label}: max_items must be a whole number of at least 1, not {max_items!r}"
        )

    if problems:
        return None, problems
    return (
        FeedConfig(
            name=name,
            url=url,
            kind=kind,
            publisher=publisher.strip() if publisher else None,
            bill=bill,
            chamber=chamber,
            include=include,
            exclude=exclude,
            stages=rules,
            stage=stage,
            max_items=max_items,
            vocabulary=vocabulary,
        ),
        [],
    )


def _kind_problem(kind: Any) -> str | None:
    """Why ``kind`` names no feed kind, or None."""
    known = feed_kind_names()
    if isinstance(kind, str) and kind in known:
        return None
    try:
        if isinstance(kind, str):
            source_kind(kind)
            return f"kind {kind!r} is not a kind of feed; use one of {', '.join(known)}"
    except UnknownKindError:
        pass
    return f"kind {kind!r} is unknown; use one of {', '.join(known)}"


def _url_problem(url: Any) -> str | None:
    """Why ``url`` cannot be fetched, or None if it is an http(s) URL."""
    if not isinstance(url, str):
        return "must be a string"
    if url != url.strip() or any(c.isspace() for c in url):
        return "contains whitespace"
    try:
        parse_web_url(url)
    except URLProblem as exc:
        return str(exc)
    return None


def _stage_hint(stages: Mapping[str, Any]) -> str:
    """The list of stage keys, for messages."""
    return f"use one of {', '.join(stages)}"


def _string_list(value: Any) -> list[Any] | None:
    """``value`` as a list if it is a list or tuple, else None (strings too)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def _compile(pattern: Any, where: str, label: str, problems: list[str]) -> re.Pattern[str] | None:
    """Compile one pattern, recording a problem if it is not a valid regex."""
    if not isinstance(pattern, str) or not pattern:
        problems.append(f"{label}: {where}: a pattern must be a non-empty string, not {pattern!r}")
        return None
    try:
        return re.compile(pattern, PATTERN_FLAGS)
    except re.error as exc:
        problems.append(f"{label}: {where}: bad regular expression {pattern!r}: {exc}")
        return None


def _patterns(value: Any, key: str, label: str, problems: list[str]) -> tuple[re.Pattern[str], ...]:
    """Check an ``include``/``exclude`` list of regular expressions."""
    if value is None:
        return ()
    items = _string_list(value)
    if items is None:
        problems.append(
            f"{label}: {key} must be a list of regular expressions, not {type(value).__name__}"
        )
        return ()
    compiled = (
        _compile(pattern, f"{key}[{i}]", label, problems) for i, pattern in enumerate(items)
    )
    return tuple(p for p in compiled if p is not None)


# Named sets of stage rules a feed may give as its `stages` instead of a list.
# BILL_STAGE_RULES is in sources/feedkinds.py, the rules of the
# "parliament-bills-rss" kind; a preset is only for its own kind of feed.
STAGE_RULE_PRESETS: dict[str, list[list[str]]] = {"bills.parliament.uk": BILL_STAGE_RULES}
PRESET_KINDS: dict[str, str] = {"bills.parliament.uk": "parliament-bills-rss"}


def _stage_rules(value: Any, label: str, problems: list[str],
                 stages: Mapping[str, Any]) -> tuple[StageRule, ...]:
    """Check the ordered ``stages`` rules: a list of ``[pattern, stage]`` pairs."""
    if value is None:
        return ()
    if isinstance(value, str):
        if value not in STAGE_RULE_PRESETS:
            problems.append(
                f"{label}: stages {value!r} is not a known preset; use a list of "
                f"[pattern, stage] pairs or one of {', '.join(STAGE_RULE_PRESETS)}"
            )
            return ()
        value = STAGE_RULE_PRESETS[value]
    items = _string_list(value)
    if items is None:
        problems.append(
            f"{label}: stages must be a list of [pattern, stage] pairs, not {type(value).__name__}"
        )
        return ()
    rules: list[StageRule] = []
    for i, item in enumerate(items):
        pair = _string_list(item)
        if pair is None or len(pair) != 2:
            problems.append(f"{label}: stages[{i}] must be a [pattern, stage] pair, not {item!r}")
            continue
        pattern, stage = pair
        compiled = _compile(pattern, f"stages[{i}]", label, problems)
        if stage not in stages:
            problems.append(f"{label}: stages[{i}]: stage {stage!r} is unknown; "
                            f"{_stage_hint(stages)}")
            continue
        if compiled is not None:
            rules.append(StageRule(compiled, stage))
    return tuple(rules)


def setting_line(settings_file: str, name: str) -> int:
    """The line of the last statement of a settings file that sets ``name``.

    Assignments and imports count (``from .x import NAME``); 1 when the file
    does not set it or cannot be parsed.
    """
    try:
        with open(settings_file, encoding="utf-8") as f:
            tree = ast.parse(f.read(), settings_file)
    except (OSError, SyntaxError, ValueError):
        return 1
    found = 1
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(
            node.target, ast.Name
        ):
            names = [node.target.id]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.asname or a.name for a in node.names]
        if name in names:
            found = node.lineno
    return found


def feed_setting_problems(
    feeds: Any, vocabulary: Vocabulary, settings_file: str, shown_as: str | None = None
) -> list[Problem]:
    """The problems of ``TIMELINE_FEEDS`` (:func:`read_feed_configs`),
    each reported at the line of the settings file that sets it."""
    _, messages = read_feed_configs(feeds, vocabulary)
    line = setting_line(settings_file, "TIMELINE_FEEDS")
    path = shown_as or settings_file
    return [Problem(path, line, message, "setting") for message in messages]
