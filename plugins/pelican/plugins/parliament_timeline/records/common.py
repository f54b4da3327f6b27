"""What every kind of content record shares: its key, sources, dates and references.

Bills, people, amendments, divisions, versions and questions are all
Markdown files named ``<key>.md`` in their own folder under ``content/``
(docs/debate-records.md). The helpers here read the fields they have in
common through a :class:`~.problems.RecordChecker`, so that every kind
reports the same mistake with the same message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from ..model import Person, QuestionRef, Source
from ..procedure import CHAMBERS, DECISIONS, DIVISION_RESULTS, HOUSES, OUTCOMES, STAGES
from ..urls import url_problem
from .files import DEFAULT_IGNORE, find_record_files
from .kinds import CHOICE, DATE, KEY, LINES, LIST, NUMBER, URL, YES_NO, FieldSpec, RecordKind
from .parse import RawEntry, read_entry_file
from .problems import Problem, RecordChecker, choices, reading_problems

if TYPE_CHECKING:  # the vocabulary is built from records: no import circle
    from ..vocabulary import Vocabulary

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An event's id: its entry file's name, YYYY-MM-DD-short-slug.
EVENT_ID_RE = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
# A date in a person's roles may be a year or a month when the day is not known.
PARTIAL_DATE_RE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
YES = {"yes": True, "no": False}

R = TypeVar("R")


def is_partial_date(text: str) -> bool:
    """Whether ``text`` is a real ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    if not PARTIAL_DATE_RE.match(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(*parts[:3])
    except ValueError:
        return False
    return True


def record_key(c: RecordChecker) -> str:
    """The record's key, its file name without ``.md``, reporting a bad one."""
    name = os.path.basename(c.raw.path)
    key = os.path.splitext(name)[0]
    if not KEY_RE.match(key):
        c.error("bad-file-name", 1,
                f"the file name '{name}' must be <key>.md, the key in lower-case "
                "letters, digits and hyphens")
    return key


def check_url(url: str) -> str | None:
    """Return what is wrong with a source URL, or None when it is usable (:mod:`..urls`)."""
    return url_problem(url)


def url_field(c: RecordChecker, key: str) -> str | None:
    """A one-line field holding an http(s) URL."""
    found = c.single(key)
    if found is None:
        return None
    text, line = found
    if (why := check_url(text)) is not None:
        c.error("bad-url", line, why)
        return None
    return text


def sources_field(c: RecordChecker, vocabulary: Vocabulary, *,
                  official_first: bool) -> tuple[Source, ...]:
    """The ``Sources`` lines ``URL | title``: http(s), each once.

    With ``official_first`` (events) the first source must be on an official
    site; otherwise (other records) it may not be, but then the record must
    have an ``Unverified`` note saying what was not seen in an official record.
    """
    sources = []
    seen = set()
    for line, url, label in c.pipe_lines("sources"):
        if (why := check_url(url)) is not None:
            c.error("bad-url", line, why)
            continue
        if url in seen:
            c.warn("duplicate-value", line, f"source '{url}' is listed twice")
        seen.add(url)
        sources.append(vocabulary.source(url, label or None))
    if sources and not sources[0].official:
        sites = f"{', '.join(vocabulary.primary_domains)} and their sub-sites"
        if official_first:
            c.error("not-official", c.field("sources").line,
                    f"the first source must be official ({sites}): "
                    f"'{sources[0].url}'")
        elif c.field("unverified") is None:
            c.error("not-official", c.field("sources").line,
                    f"the first source '{sources[0].url}' is not "
                    f"official ({sites}): put an official one first, or add an "
                    "'Unverified' note saying what was not seen in an official record")
    return tuple(sources)


def text_field(c: RecordChecker, key: str) -> str | None:
    """A field's lines joined into one text, or None when absent (empty is reported)."""
    f = c.field(key)
    if f is None:
        return None
    if not f.text:
        c.error("empty-field", f.line, f"'{f.key}' is empty")
        return None
    return f.text


def date_field(c: RecordChecker, key: str) -> dt.date | None:
    """A one-line ``YYYY-MM-DD`` field."""
    found = c.single(key)
    if found is None:
        return None
    text, line = found
    if re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    c.error("bad-date", line, f"bad date '{text}': use YYYY-MM-DD")
    return None


# A record's Status: an imported draft, or ready (the default) once reviewed.
STATUSES = {"draft": True, "ready": False}


def status_field(c: RecordChecker) -> bool:
    """Whether the record is a draft (``Status: draft``); ``ready`` or no Status is not."""
    found = c.single("status")
    if found is None:
        return False
    text, line = found
    if text.lower() not in STATUSES:
        c.error("unknown-choice", line,
                f"unknown status '{text}' (statuses are: {choices(STATUSES)})")
        return False
    return STATUSES[text.lower()]


def id_field(c: RecordChecker, key: str) -> int | None:
    """A one-line field holding an official identifier (a whole number, 1 or more)."""
    found = c.single(key)
    if found is None:
        return None
    text, line = found
    if not text.isdigit() or int(text) < 1:
        c.error("bad-number", line, f"'{c.field(key).key}' must be an official identifier (a whole "
                f"number), not '{text}'")
        return None
    return int(text)


def count_field(c: RecordChecker, key: str) -> int | None:
    """A one-line field holding a whole number (a vote count)."""
    found = c.single(key)
    if found is None:
        return None
    text, line = found
    # ASCII digits only: str.isdigit also takes superscripts, Arabic-Indic and full-width ones.
    if not (text.isascii() and text.isdigit()):
        c.error("bad-number", line, f"'{c.field(key).key}' must be a whole number, not '{text}'")
        return None
    return int(text)


def list_field(c: RecordChecker, key: str) -> list[tuple[int, str]]:
    """The items of a comma-separated list, on one line or several, with their lines."""
    f = c.field(key)
    if f is None:
        return []
    items = [(v.number, item.strip()) for v in f.values for item in v.text.split(",")
             if item.strip()]
    if not items:
        c.error("empty-field", f.line, f"'{f.key}' is empty")
    return items


def person_ref(c: RecordChecker, line: int, text: str, vocabulary: Vocabulary,
               role: str | None = None) -> Person:
    """A person named by key (a record in content/people/) or, with a warning, by name.

    A lower-case hyphenated word that is not a known key is taken for a
    misspelt key, an error; anything else is a plain name, which still shows
    but is not linked to a person's page.
    """
    if text in vocabulary.people:
        return Person(vocabulary.people[text].name, role, text)
    if ("people", text) in vocabulary.broken:  # its file's own errors are reported
        return Person(text, role)
    if KEY_RE.match(text):
        c.error("unknown-record", line,
                f"unknown person '{text}' (add content/people/{text}.md, or check "
                "the spelling of the key)")
    else:
        c.warn("plain-name", line, f"'{text}' is not a person's key: give the key of a record in "
               "content/people/ so the name links to their page")
    return Person(text, role)


def people_list(c: RecordChecker, key: str, vocabulary: Vocabulary) -> tuple[Person, ...]:
    """A comma-separated list of people (keys, or names with a warning)."""
    return tuple(person_ref(c, line, text, vocabulary) for line, text in list_field(c, key))


def question_ref(c: RecordChecker, line: int, text: str,
                 vocabulary: Vocabulary) -> QuestionRef | None:
    """``question-key`` or ``question-key:side``, checked against the questions."""
    key, _, side = (part.strip() for part in text.partition(":"))
    question = vocabulary.questions.get(key)
    if question is None and ("questions", key) in vocabulary.broken:
        return None  # its file's own errors are reported
    if question is None:
        known = choices(vocabulary.questions) or "none yet: add content/questions/<key>.md"
        c.error("unknown-record", line, f"unknown question '{key}' (questions are: {known})")
        return None
    if side and side not in question.sides:
        known = choices(question.sides) or "none"
        c.error("unknown-record", line,
                f"question '{key}' has no side '{side}' (its sides are: {known})")
        return None
    return QuestionRef(key, side or None)


def questions_field(c: RecordChecker, vocabulary: Vocabulary,
                    key: str = "questions") -> tuple[QuestionRef, ...]:
    """A comma-separated list of questions, each with an optional ``:side``."""
    refs = (question_ref(c, line, text, vocabulary) for line, text in list_field(c, key))
    return tuple(r for r in refs if r is not None)


def record_ref(c: RecordChecker, key: str) -> str | None:
    """A one-line field naming another record by key (checked with the whole set later)."""
    found = c.single(key)
    if found is None:
        return None
    text, line = found
    if not KEY_RE.match(text):
        c.error("bad-key", line, f"'{c.field(key).key}' takes a record's key (lower-case letters, "
                f"digits and hyphens), not '{text}'")
        return None
    return text


def event_ref(c: RecordChecker, line: int, text: str) -> str | None:
    """An event named by its id (checked against the entry files later)."""
    if not EVENT_ID_RE.match(text):
        c.error("bad-key", line, f"'{text}' is not an event's id (its file name without .md)")
        return None
    return text


# The vocabularies a CHOICE field may name (FieldSpec.choices): the plugin's
# procedure, never one site's.
CHOICES: dict[str, Mapping[str, object]] = {
    "stages": STAGES, "chambers": CHAMBERS, "Houses": HOUSES, "decisions": DECISIONS,
    "results": DIVISION_RESULTS, "statuses": STATUSES, "outcomes": OUTCOMES,
}


def read_declared(c: RecordChecker, f: FieldSpec) -> object:
    """A declared field's value, read and checked by what it holds (None: absent or wrong).

    A date is a ``datetime.date``, a number an ``int``, yes/no a ``bool``, a
    choice its key, a key the key (its form checked; what it names is
    checked where the kind's links are), lines a tuple of tuples of their
    ``|``-separated parts, a list a tuple of its items, text a string.
    """
    holds = f.holds
    if holds == DATE:
        return date_field(c, f.key)
    if holds == URL:
        return url_field(c, f.key)
    if holds == NUMBER:
        return count_field(c, f.key)
    if holds == YES_NO:
        return c.choice(f.key, YES, "values")
    if holds == CHOICE:
        return c.choice_key(f.key, CHOICES[f.choices], f.choices)
    if holds == KEY:
        return record_ref(c, f.key)
    if holds == LINES:
        field = c.field(f.key)
        lines = tuple(tuple(part.strip() for part in v.text.split("|"))
                      for v in field.values if v.text)
        if not lines:
            c.error("empty-field", field.line, f"'{field.key}' is empty")
        return lines or None
    if holds == LIST:
        return tuple(text for _, text in list_field(c, f.key)) or None
    if f.one_line:
        found = c.single(f.key)
        return None if found is None else found[0]
    return text_field(c, f.key)


def declared_extra(c: RecordChecker, kind: RecordKind) -> dict[str, object]:
    """The kind's declared fields that the record has and its builder did not read,
    each read by what it holds (:func:`read_declared`), by key.

    Call it once the builder has read its own fields: a field added to a
    kind's declaration needs no code of its own to be read, checked and
    carried to the templates and exports (the record's ``extra``).
    """
    return {f.key: value for f in kind.fields
            if f.key in c.raw.fields and f.key not in c.seen
            and (value := read_declared(c, f)) is not None}


def read_records(
    folder: str,
    build: Callable[[RawEntry], tuple[R | None, list[Problem]]],
    display_root: str | None = None,
    ignore=DEFAULT_IGNORE,
    within: str | None = None,
) -> tuple[dict[str, R], list[Problem], set[str]]:
    """Read and check every record file in ``folder`` (none if it is missing).

    ``within`` is the content folder, inside which linked files are read
    (:func:`~.files.find_record_files`).

    Returns the good records by key (in key order), every problem, and the
    keys of the files that have errors (so that what names them is not
    reported a second time).
    """
    records: dict[str, R] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    if not os.path.isdir(folder):
        return records, problems, broken
    first: dict[str, str] = {}  # key -> the file that has it
    for path in shallow_first(find_record_files(folder, ignore, within)):
        shown = os.path.relpath(path, display_root) if display_root else path
        key = os.path.splitext(os.path.basename(path))[0]
        if key in first:
            problems.append(duplicate_key(shown, key, first[key]))
            continue
        first[key] = shown
        raw = read_entry_file(path, shown)
        # A file that is not text is not built: its reading problem is its only one.
        record, found = build(raw) if raw.readable else (None, reading_problems(raw))
        problems.extend(found)
        if record is not None:
            records[record.key] = record
        else:
            broken.add(key)
    return dict(sorted(records.items())), problems, broken


def shallow_first(paths: list[str]) -> list[str]:
    """Record files with those nearest their kind's folder first, then in path order.

    A key is unique across a kind's folder and its sub-folders; of two files
    with one key, the one nearer the top is read and the other reported
    (:func:`duplicate_key`), whatever the sub-folder's name.
    """
    return sorted(paths, key=lambda p: (p.count(os.sep), p))


def duplicate_key(shown: str, key: str, other: str) -> Problem:
    """The error of a record file whose key another file of its kind has already."""
    return Problem(shown, 1, f"duplicate key '{key}': {other} has it already (a key is "
                   "unique across a kind's folder and its sub-folders; rename one file)",
                   "duplicate-key")


def has_errors(c: RecordChecker) -> bool:
    """Whether the checker holds any error (warnings do not stop a record)."""
    return any(p.severity == "error" for p in c.problems)
