"""Reading a site's records into its vocabulary (vocabulary.py), once per build."""

from __future__ import annotations

import os

from ..settings import TimelineSettings
from ..vocabulary import Vocabulary
from .bills import read_bills
from .debate import read_debate_records
from .problems import Problem


def load_vocabulary(content: str, ts: TimelineSettings,
                    display_root: str | None = None) -> tuple[Vocabulary, list[Problem]]:
    """Read the subject's records under ``content`` into a vocabulary.

    The bills (TIMELINE_BILLS_PATH), then the records of the debate: people,
    questions, amendments, divisions and versions (records/debate.py).
    Returns the vocabulary (with every good record) and the problems found.
    """
    bills, problems = read_bills(os.path.join(content, ts.bills_path), display_root,
                                 ts.ignore_files, content)
    vocabulary = Vocabulary(bills=bills, zone=ts.zone,
                            primary_domains=ts.primary_source_domains)
    vocabulary, more = read_debate_records(content, ts, vocabulary, display_root,
                                           ts.ignore_files)
    return vocabulary, problems + more
