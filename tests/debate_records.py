"""Shared helpers of the tests of the debate's records (people, amendments, ...)."""

from __future__ import annotations

import functools

from conftest import FIXTURE_SETTINGS, FIXTURE_SITE
from pelican.plugins.parliament_timeline.records.load import load_vocabulary
from pelican.plugins.parliament_timeline.records.parse import parse_text
from pelican.plugins.parliament_timeline.settings import read_settings


@functools.cache
def fixture_records():
    """The fixture subject's vocabulary with every record of its debate."""
    ts = read_settings({**FIXTURE_SETTINGS, "TIMEZONE": "Europe/London"})
    vocabulary, problems = load_vocabulary(str(FIXTURE_SITE), ts)
    assert [p for p in problems if p.severity == "error"] == []
    return vocabulary


def checked(build, text: str, path: str, vocabulary=None):
    """Build a record from ``text`` as if read from ``path``: (record, problem lines)."""
    record, problems = build(parse_text(text, path), vocabulary or fixture_records())
    return record, [str(p) for p in problems]
