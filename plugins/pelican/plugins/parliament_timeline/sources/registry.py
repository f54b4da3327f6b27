"""The registry of source kinds: each publisher's rules, chosen by name.

A *source kind* says how one publisher's data is fetched and read: the
bills.parliament.uk RSS feeds, GOV.UK Atom feeds, legislation.gov.uk Atom
feeds and so on. A source names its kind in its own configuration (the
``kind`` key of a ``TIMELINE_FEEDS`` entry); the kind is never guessed from
the URL's host, so a feed served from a mirror or from a test server on
127.0.0.1 keeps its publisher's rules.

A kind is registered once, by name, with :func:`register_kind`:

- ``read`` is *the* parser of the kind's snapshot bytes, used by the fetch
  step (to accept or refuse a response, and to tell new items from old) and
  by the build alike, so that both agree on what a snapshot holds;
- ``fetch`` (optional) fetches one source into its snapshot, wherever the
  kind keeps its snapshots; ``None`` means the generic snapshot fetcher of
  :mod:`..fetch.run` (a conditional GET of the source's URL, checked with
  ``read``, into ``<name>.xml`` and ``<name>.json``);
- ``rules`` is whatever else the kind's own code needs (for feeds, a
  :class:`~.feedkinds.FeedRules`: how items are identified and dated).

The built-in feed kinds are in :mod:`.feedkinds`. This module imports
nothing of the plugin's, so any layer may register or look up a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["SourceKind", "UnknownKindError", "kind_names", "register_kind", "source_kind"]


@dataclass(frozen=True)
class SourceKind:
    """One publisher's way of publishing: how its snapshots are fetched and read."""

    name: str
    # A short description for messages and docs ("bills.parliament.uk bill RSS feed").
    title: str
    read: Callable[..., Any]
    fetch: Callable[..., Any] | None = None
    rules: Any = None


class UnknownKindError(KeyError):
    """No source kind is registered under that name."""

    def __str__(self) -> str:
        """The message, without KeyError's quotes."""
        return str(self.args[0]) if self.args else "unknown source kind"


_KINDS: dict[str, SourceKind] = {}


def register_kind(kind: SourceKind, *, replace: bool = False) -> SourceKind:
    """Register ``kind`` under its name and return it.

    Registering a second kind under a name already taken is a ValueError
    unless ``replace`` is true (tests, or a site overriding a built-in).
    """
    if not replace and kind.name in _KINDS and _KINDS[kind.name] is not kind:
        msg = f"a source kind named {kind.name!r} is already registered"
        raise ValueError(msg)
    _KINDS[kind.name] = kind
    return kind


def source_kind(name: str) -> SourceKind:
    """The kind registered as ``name``; :class:`UnknownKindError` names the known ones."""
    try:
        return _KINDS[name]
    except KeyError:
        msg = f"unknown source kind {name!r}; known kinds are {', '.join(kind_names())}"
        raise UnknownKindError(msg) from None


def kind_names() -> tuple[str, ...]:
    """The names of the registered kinds, sorted."""
    return tuple(sorted(_KINDS))
