"""The record kinds, each declared once: its folder and its fields as editors write them.

Every kind of content record (entries, bills, people, amendments, divisions,
versions, questions) is declared here with its folder setting and, for each
field, its name, whether it is required, whether it takes one line or
several, what it holds and a one-line help with an example. From these
declarations come the fields each kind's builder accepts (records/<kind>.py,
with the names in messages); the reading of every field the builder does not
read itself, by what it holds, into the record's ``extra`` (records/common.py:
``declared_extra``) and from there into the templates and timeline.json
(exports/common.py: ``declared_values``); the ``new-<kind>`` commands
(commands/table.py) and the field reference in the documentation
(:func:`field_table`, :func:`update_field_tables`).

This module imports nothing of the plugin: the builders, the commands and the
docs read it, never the reverse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A field that timeline.json does not carry (``FieldSpec.export``).
NOT_EXPORTED = ""

# What a field holds (``FieldSpec.holds``).
TEXT = "text"          # plain text
DATE = "date"          # YYYY-MM-DD
URL = "url"            # an http(s) address
KEY = "key"            # the key of a record of another kind (``refers_to``)
CHOICE = "choice"      # a key of a vocabulary (``choices``)
NUMBER = "number"      # a whole number in ASCII digits
YES_NO = "yes/no"      # yes or no
LINES = "lines"        # one or more lines, parts separated by '|'
LIST = "list"          # items separated by commas, on one line or several
HOLDS = (TEXT, DATE, URL, KEY, CHOICE, NUMBER, YES_NO, LINES, LIST)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record kind, as editors write it."""

    key: str                    # lower case, as the parser keys it: 'member-url'
    name: str                   # as editors write it: 'Member-URL'
    holds: str = TEXT           # one of HOLDS
    required: bool = False
    one_line: bool = True       # a continuation line is a mistake
    help: str = ""              # one line (Markdown: it goes into the docs)
    example: str = ""
    refers_to: str | None = None  # KEY, LIST: the kind (or 'event') whose keys it holds
    choices: str | None = None    # CHOICE: the vocabulary ('stages', 'Houses', ...)
    # Required once the record is ready; a draft (Status: draft) may leave it out.
    ready_only: bool = False
    # Where timeline.json carries it: a property of the kind's part of the
    # schema, or a dotted path through it ('lobbies.for.count'); None: the key
    # with '_' for '-'; NOT_EXPORTED: not carried, ``why`` saying why.
    export: str | None = None
    why: str = ""

    @property
    def export_path(self) -> str:
        """The field's property in timeline.json ('' when it is not carried)."""
        return self.key.replace("-", "_") if self.export is None else self.export


def field(key: str, holds: str = TEXT, help: str = "", example: str = "", *,
          name: str | None = None, required: bool = False, one_line: bool | None = None,
          refers_to: str | None = None, choices: str | None = None,
          ready_only: bool = False, export: str | None = None, why: str = "") -> FieldSpec:
    """A :class:`FieldSpec`; its name is the key capitalised, and lines and lists take
    several lines, unless told otherwise."""
    if one_line is None:
        one_line = holds not in (LINES, LIST)
    return FieldSpec(key, name or key.capitalize(), holds, required, one_line, help, example,
                     refers_to, choices, ready_only, export, why)


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its name, its folder setting, its fields, its body."""

    name: str             # 'person': the command is new-<name>
    plural: str           # 'people': its heading and the default folder
    folder_setting: str   # the TimelineSettings attribute of its folder: 'people_path'
    fields: tuple[FieldSpec, ...]
    body: str = ""        # what the body below the fields holds ('' : nothing)
    body_required: bool = False
    schema_part: str = ""  # its record's part of exports/timeline.schema.json ($defs)

    @property
    def required(self) -> tuple[str, ...]:
        """The keys of the fields every record must have, in declaration order."""
        return tuple(f.key for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        """The keys of the other fields, in declaration order."""
        return tuple(f.key for f in self.fields if not f.required)

    @property
    def single_line(self) -> tuple[str, ...]:
        """The keys of the one-line fields."""
        return tuple(f.key for f in self.fields if f.one_line)

    @property
    def ready_required(self) -> tuple[str, ...]:
        """The keys required once a draft is ready."""
        return tuple(f.key for f in self.fields if f.ready_only)

    def field(self, key: str) -> FieldSpec:
        """The field of this key (KeyError for another)."""
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def display(self, key: str) -> str:
        """A field's name as editors write it, for messages ('Member-URL')."""
        for f in self.fields:
            if f.key == key:
                return f.name
        return key.capitalize()


# Fields that several kinds share, declared once.
def _sources(official: str = "the first should be an official record, or an `Unverified` "
                             "note must say what could not be checked in one") -> FieldSpec:
    return field("sources", LINES, f"one or more lines `URL` or `URL | title`, http(s) only; "
                 f"{official}", "https://bills.parliament.uk/bills/1234 | The bill's page",
                 required=True)


UNVERIFIED = field("unverified", TEXT, "what in the record could not be verified; shown on the "
                   "page", "The division list was not seen.", one_line=False)
QUESTIONS = field("questions", LIST, "the questions in dispute it bears on: `question-key` or "
                  "`question-key:side`, separated by commas", "licence-or-label:label",
                  refers_to="question")

ENTRY = RecordKind("entry", "entries", "paths", (
    field("title", TEXT, "one line", "Second reading of the Widget Safety Bill",
          required=True),
    field("date", DATE, "`YYYY-MM-DD` (that day in the site's `TIMEZONE`), or "
          "`YYYY-MM-DDTHH:MM` with an optional offset (`+01:00`, `Z`); a time with no offset "
          "is clock time in that zone", "2024-05-15", required=True),
    field("summary", TEXT, "one sentence, plain text",
          "The Commons gives the bill a second reading.", required=True, one_line=False),
    field("stage", CHOICE, "a key of the stage vocabulary (the plugin's `procedure.py`; the "
          "site's Glossary lists them)", "second-reading", required=True, choices="stages"),
    field("chamber", CHOICE, "`commons`, `lords`, `government`, `crown` or `other`", "commons",
          required=True, choices="chambers"),
    field("bill", KEY, "a bill key: the name of a bill record in `content/bills/`, or `none` "
          "(the default) for an event outside a bill", "widget-safety-bill-2023-24",
          refers_to="bill"),
    _sources("the first is the primary source and must be on an official site "
             "(`TIMELINE_PRIMARY_SOURCE_DOMAINS`; by default gov.uk, parliament.uk and their "
             "sub-sites)"),
    field("people", LINES, "one or more lines `person-key | role`: the key of a record in "
          "`content/people/`; a plain `Name` still works, with a warning",
          "jane-widget | Minister for Widgets", refers_to="person"),
    QUESTIONS,
    field("quotes", LINES, "one line per quote in the narrative: `person-key | URL | questions "
          "or - | the words quoted`; the words must be in the narrative as written",
          "jane-widget | https://hansard.parliament.uk/... | - | the words quoted"),
    field("unverified", TEXT, "what in this entry could not be verified; shown on the page as "
          "one short line with this note behind it, in a disclosure",
          "Rests on a copy of Hansard.", one_line=False),
    field("unverified-short", TEXT, "the short line itself, one line of at most 80 characters, "
          "when the one derived from the note would not say it well; only with `Unverified`",
          "rests on a copy of the Act", export=NOT_EXPORTED,
          why="the page's short form of `unverified`, which timeline.json carries whole"),
    field("corrections", LINES, "one or more lines `YYYY-MM-DD | what was changed`, for changes "
          "after publication", "2024-06-01 | Corrected the date of the vote"),
    field("key", YES_NO, "`yes` for a turning point of the story: the home page tells the "
          "story in its key moments (keep them to 5 to 10), each one line with its date, and "
          "numbers them in the drawn overview; `no` (the default) otherwise", "yes",
          export=NOT_EXPORTED, why="how the home page tells the story, not a fact of the event"),
    field("due", YES_NO, "`yes` for a step still to come, on the date the law sets or that was "
          "announced; `no` (the default) for an event", "yes", export=NOT_EXPORTED,
          why="a due item is not an event: timeline.json's events leave them out"),
    field("status", CHOICE, "`draft` for an event written by `import-bill` and not yet "
          "reviewed: shown in previews (the page says so), left out of the publishing build; "
          "`ready` (the default) once an editor has written its story", "ready",
          choices="statuses", export=NOT_EXPORTED,
          why="drafts stay out of the publishing build: a published event is ready"),
), body="the narrative, in Markdown", body_required=True, schema_part="event")

BILL = RecordKind("bill", "bills", "bills_path", (
    field("title", TEXT, "the bill's title as printed", "Widget Safety Bill [HL]",
          required=True),
    field("session", TEXT, "the session it was introduced in, `YYYY-YY`", "2024-26",
          required=True),
    field("house", CHOICE, "the House it started in: `commons` or `lords`", "lords",
          required=True, choices="Houses"),
    field("status", CHOICE, "what became of it: `in-progress`, `royal-assent`, `fell`, "
          "`withdrawn` or `not-passed`", "in-progress", required=True, choices="statuses"),
    field("url", URL, "its page on bills.parliament.uk, only where verified",
          "https://bills.parliament.uk/bills/1234", name="URL"),
    field("act", TEXT, "the Act it became", "Widget Safety Act 2025", export="act_title"),
    field("act-url", URL, "the Act's page on legislation.gov.uk",
          "https://www.legislation.gov.uk/ukpga/2025/1", name="Act-URL"),
    field("carried-into", KEY, "the key of the bill the subject moved into when this one fell "
          "or was dropped", "widget-safety-bill-2025-26", refers_to="bill"),
    field("bill-id", NUMBER, "its id in the Bills API (also read from a bills.parliament.uk "
          "`URL`): `invoke check` compares the record with its snapshot, and its page lists the "
          "API's publications by stage", "1234"),
    field("documents", LINES, "lines `stage-key | URL | title`: documents an editor adds to the "
          "bill page's list, under that stage",
          "second-reading | https://commonslibrary.parliament.uk/... | Library briefing",
          export=NOT_EXPORTED, why="further reading an editor lists on the bill's page, "
          "not a fact of the bill"),
), body="what became of the bill, in plain words (shown on its page)", body_required=True,
    schema_part="bill")

PERSON = RecordKind("person", "people", "people_path", (
    field("name", TEXT, "the name as styled", "Jane Widget", required=True),
    _sources(),
    field("party", TEXT, "their party", "Invented Party"),
    field("house", CHOICE, "`commons` or `lords` (the House they sat in during the story); "
          "leave it out for people outside Parliament", "commons", choices="Houses"),
    field("seat", TEXT, "their constituency (Commons) or kind of peerage (Lords), as the House "
          "gives it", "Widgetford North"),
    field("member-id", NUMBER, "their id in the Members API (also read from a "
          "members.parliament.uk address in `Member-URL` or `Sources`): `invoke check` compares "
          "the record with its snapshot, and their page lists their votes in the recorded "
          "divisions", "1234"),
    field("member-url", URL, "their official page (members.parliament.uk), only where verified",
          "https://members.parliament.uk/member/1234", name="Member-URL"),
    field("roles", LINES, "lines `role | from | to`, each date `YYYY-MM-DD`, `YYYY-MM`, `YYYY` "
          "or blank", "Minister for Widgets | 2023-11 | 2024-07-05"),
    UNVERIFIED,
), body="who they are, in a sentence or two (optional)", schema_part="person")

AMENDMENT = RecordKind("amendment", "amendments", "amendments_path", (
    field("title", TEXT, "the heading as printed (a new clause's title), or a short plain "
          "description", "Safety label on widgets", required=True),
    field("bill", KEY, "a bill key", "widget-safety-bill-2023-24", required=True,
          refers_to="bill"),
    field("house", CHOICE, "`commons` or `lords`", "commons", required=True, choices="Houses"),
    field("stage", CHOICE, "a stage key (`committee`, `report`, `third-reading`, "
          "`consideration-of-amendments`, ...)",
          "report", required=True, choices="stages"),
    field("number", TEXT, "as printed: `NC1`, `7`, `7A`, `12B`; leave it out when it was "
          "not seen (the page says so)",
          "NC1"),
    field("mover", KEY, "a person key (the member in whose name it stood, or who moved it)",
          "jane-widget", refers_to="person"),
    field("supporters", LIST, "person keys", "john-gadget, jo-sprocket", refers_to="person"),
    field("tabled", DATE, "the day it was tabled, `YYYY-MM-DD`", "2024-05-10"),
    field("decided", DATE, "the day it was decided, `YYYY-MM-DD` (required with any `Decision` "
          "but `pending` and `not-known`)", "2024-05-15"),
    field("decision", CHOICE, "`agreed`, `agreed-on-division`, `negatived`, "
          "`negatived-on-division`, `withdrawn`, `not-moved`, `not-pressed`, `disagreed`, "
          "`disagreed-on-division`, `pending`, `not-known`", "withdrawn", required=True,
          choices="decisions"),
    field("division", KEY, "the key of the division that decided it (required by the "
          "`-on-division` decisions)", "2024-05-15-commons-division-3", refers_to="division"),
    field("replaced-by", KEY, "the key of the amendment, or of the version of the wording (a "
          "later bill's clause), that took its place", "widget-bill-government-amendment",
          refers_to="amendment"),
    field("events", LIST, "the ids of the events at which it was debated or decided",
          "2024-05-15-report-stage", required=True, refers_to="entry"),
    QUESTIONS,
    field("statement", TEXT, "the explanatory statement as printed",
          "This new clause requires a safety label.", one_line=False),
    _sources(),
    UNVERIFIED,
), body="the text as printed, word for word (empty: not seen)", schema_part="amendment")

DIVISION = RecordKind("division", "divisions", "divisions_path", (
    field("house", CHOICE, "`commons` or `lords`", "lords", required=True, choices="Houses"),
    field("date", DATE, "the day of the vote, `YYYY-MM-DD`", "2024-05-15", required=True),
    field("question", TEXT, "the question put, as recorded", "That amendment 8 be agreed to",
          required=True, one_line=False),
    field("result", CHOICE, "`agreed` or `not-agreed` (checked against the counts when they are "
          "given)", "agreed", required=True, choices="results"),
    _sources(),
    field("number", NUMBER, "the division number in that House's record, in digits 0-9", "3"),
    field("ayes", NUMBER, "the Commons count for (with `Noes`, or neither)", "301",
          export="lobbies.for.count"),
    field("noes", NUMBER, "the Commons count against (with `Ayes`, or neither)", "250",
          export="lobbies.against.count"),
    field("contents", NUMBER, "the Lords count for (with `Not-contents`, or neither)", "221",
          export="lobbies.for.count"),
    field("not-contents", NUMBER, "the Lords count against (with `Contents`, or neither)",
          "207", export="lobbies.against.count"),
    field("decides", KEY, "the key of the amendment it decided", "widget-label-amendment",
          refers_to="amendment", export="amendment"),
    field("tellers-for", LIST, "person keys (or plain names, with a warning)", "jane-widget",
          refers_to="person", export="lobbies.for.tellers"),
    field("tellers-against", LIST, "person keys (or plain names, with a warning)",
          "john-gadget", refers_to="person", export="lobbies.against.tellers"),
    QUESTIONS,
    UNVERIFIED,
    field("division-id", NUMBER, "its id in that House's Votes API (also read from a "
          "votes.parliament.uk address in `Sources`): its snapshot gives its page the party "
          "split and every member's vote, and `invoke check` compares the counts, date, number "
          "and result with it", "1234"),
    field("status", CHOICE, "`draft` for a record imported by `import-division` and not yet "
          "reviewed (it may leave out `Event`, `Vote-for` and `Vote-against`, and stays out of "
          "the publishing build); `ready` (the default) otherwise", "ready", choices="statuses",
          export=NOT_EXPORTED,
          why="drafts stay out of the publishing build: a published division is ready"),
    field("event", KEY, "the id of the event at which it was held", "2024-05-15-report-stage",
          refers_to="entry", ready_only=True),
    field("vote-for", TEXT, "one plain line: what a vote for meant",
          "to allow prison sentences for selling unsafe widgets", one_line=False,
          ready_only=True, export="lobbies.for.meaning"),
    field("vote-against", TEXT, "one plain line: what a vote against meant",
          "to keep the penalty to a fine", one_line=False, ready_only=True,
          export="lobbies.against.meaning"),
), body="notes (optional)", schema_part="division")

VERSION = RecordKind("version", "versions", "versions_path", (
    field("title", TEXT, "what this version is, in a line",
          "New clause 1, as tabled for report stage", required=True),
    field("date", DATE, "the date of the print (or of the stage it was printed for)",
          "2024-05-10", required=True),
    field("provision", TEXT, "as printed: `New clause 1`, `Amendment 7A`, `Clause 2`, "
          "`Section 1A`", "New clause 1", required=True),
    _sources(),
    field("bill", KEY, "a bill key (none for an Act as enacted, or give the bill that enacted "
          "it)", "widget-safety-bill-2023-24", refers_to="bill"),
    field("stage", CHOICE, "a stage key", "report", choices="stages"),
    field("amendment", KEY, "the amendment key this text was moved as",
          "widget-label-amendment", refers_to="amendment"),
    field("follows", KEY, "the key of the version this one is compared with; `none` for the "
          "first text of another provision; by default, the version before it in date order",
          "none", refers_to="version", export=NOT_EXPORTED,
          why="which texts the wording page compares, not a fact of this one"),
    field("partial", YES_NO, "`yes` when only part of the text was seen; the `Unverified` note "
          "must then say where it stops, and the wording page warns that words past that point "
          "show as changed", "yes"),
    field("enacted", YES_NO, "`yes` for the law as enacted (the last version)", "yes"),
    field("in-force", DATE, "the day the enacted text came into force", "2025-02-01"),
    field("up-to-date", DATE, "the day the enacted text was last checked against "
          "legislation.gov.uk", "2025-03-01"),
    UNVERIFIED,
    field("legislation", URL, "the provision's address on legislation.gov.uk (an enacted "
          "version's legislation.gov.uk source is read the same way): with its snapshot, the "
          "wording page shows the text as in force, its extent, in-force dates and \"up to date "
          "as of\", and `invoke check` compares `In-force` with it",
          "https://www.legislation.gov.uk/ukpga/2025/1/section/2", export=NOT_EXPORTED,
          why="where the build finds the provision's committed snapshot; the text's "
          "sources are in `sources`"),
), body="the text as printed, word for word, one paragraph per subsection", body_required=True,
    schema_part="version")

QUESTION = RecordKind("question", "questions", "questions_path", (
    field("title", TEXT, "the question, in a line",
          "Licence or label: how should unsafe widgets be stopped?", required=True),
    field("summary", TEXT, "one sentence",
          "Whether sellers should need a licence, or only label their widgets.", required=True,
          one_line=False),
    _sources(),
    field("sides", LINES, "lines `side-key | what that side argued`",
          "label | A safety label on each widget is enough"),
    field("outcome", TEXT, "how the law settled it (leave it out while it is open)",
          "The Act requires a label, not a licence.", one_line=False),
    UNVERIFIED,
), body="the question's story (Markdown, optional)", schema_part="question")

# Every kind, in the order the docs and the commands list them.
KINDS = (ENTRY, BILL, PERSON, AMENDMENT, DIVISION, VERSION, QUESTION)
BY_NAME = {k.name: k for k in KINDS}


def _cell(text: str) -> str:
    """Text in a Markdown table cell: a '|' inside backticks or not is escaped."""
    return text.replace("|", "\\|")


def field_table(kind: RecordKind) -> str:
    """The Markdown table of a kind's fields, for the docs (no trailing newline)."""
    rows = ["| field | required | value | example |", "| --- | --- | --- | --- |"]
    for f in kind.fields:
        required = "yes" if f.required else ("unless a draft" if f.ready_only else "no")
        value = f.help + (f" (not in timeline.json: {f.why})" if not f.export_path else "")
        rows.append(f"| `{f.name}` | {required} | {_cell(value)} | `{_cell(f.example)}` |")
    return "\n".join(rows)


_TABLE_RE = re.compile(r"(<!-- fields: (?P<kind>[a-z-]+) -->\n)(?P<table>.*?)"
                       r"(<!-- /fields -->)", re.S)


def update_field_tables(text: str) -> str:
    """``text`` (a docs page) with each table between ``<!-- fields: KIND -->`` and
    ``<!-- /fields -->`` made anew from the declarations."""
    return _TABLE_RE.sub(lambda m: m.group(1) + field_table(BY_NAME[m.group("kind")]) + "\n"
                         + m.group(4), text)
