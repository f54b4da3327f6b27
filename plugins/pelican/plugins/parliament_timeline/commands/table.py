"""Commands declared once, in one table that drives argparse and invoke.

Every command of the plugin but its build tasks is here (check, new-entry,
new-bill, new-<kind>, fetch-feeds, feed-status, import-*, new-site, docs). Each
:class:`Command` names its options and the function that runs it; the
``parliament-timeline`` console script (commands/cli.py,
:func:`add_subcommand`) and a site's invoke tasks (commands/tasks.py,
:func:`make_task`) are both made from it, so a command's options, help and
defaults cannot drift apart. The ``new-<kind>`` commands are made from the
record kinds' declarations (records/kinds.py): an option per field.
"""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..records import kinds


@dataclass(frozen=True)
class Option:
    """One option of a command: ``--name`` (with ``_`` written ``-``)."""

    name: str                 # a Python name: 'member_id' is --member-id
    help: str
    required: bool = False
    repeatable: bool = False  # may be given several times: a list
    flag: bool = False        # takes no value: True when given
    metavar: str | None = None
    default: str | None = None
    positional: bool = False  # given without its --name (argparse); invoke takes either

    @property
    def flag_name(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Command:
    """A command of a site: its name, help and options, and what runs it.

    ``run(settings, root, prog=..., settings_file=..., **options)`` returns
    the exit code and raises CommandError (one line) when it cannot do its
    work; ``settings_file`` is the site's settings file, for messages.
    """

    name: str
    help: str          # one line, in the list of commands
    description: str   # the command's own --help
    options: tuple[Option, ...]
    run: Callable[..., int]
    site: bool = True  # works on a site (--root, --settings); new-site does not


def _plain(text: str) -> str:
    """Help text from the declarations' Markdown: no backticks."""
    return text.replace("`", "")


def field_option(f: kinds.FieldSpec, filled: str | None = None) -> Option:
    """The option of a new-<kind> command for one declared field.

    ``filled`` says what the command writes when the option is not given (a
    required field is then an optional option). A yes/no field is a flag.
    """
    text = _plain(f.help)
    name = f.key.replace("-", "_")
    if f.holds == kinds.YES_NO:
        return Option(name, f"{text} (give the option for yes)", flag=True)
    many = not f.one_line and f.holds in (kinds.LINES, kinds.LIST)
    text += f" (e.g. {f.example})"
    if many:
        text += "; repeat the option for each line"
    if filled:
        text += f"; default: {filled}"
    return Option(name, text, required=f.required and not filled, repeatable=many,
                  metavar=f.holds.upper().replace("/", "-"))


def field_values(kind: kinds.RecordKind, options: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a kind's fields from its command's options: a flag given is 'yes'."""
    values = {}
    for f in kind.fields:
        value = options.get(f.key.replace("-", "_"))
        if f.holds == kinds.YES_NO:
            value = "yes" if value else None
        values[f.key] = value
    return values


def _write_record(kind: kinds.RecordKind, settings, root, key, values, prog) -> int:
    if kind.name == "entry":
        from .newentry import new_entry_command

        return new_entry_command(settings, root, values, prog=prog)
    if kind.name == "bill":
        from .newbill import new_bill_command

        return new_bill_command(settings, root, key, values, prog=prog)
    from .newrecord import new_record_command

    return new_record_command(kind, settings, root, key, values, prog=prog)


# What new-entry and new-bill write in a field left out (newentry.py, newbill.py).
FILLED = {
    "entry": {"summary": "the title (a placeholder to replace)",
              "chamber": "the stage's usual actor, where it has one",
              "bill": "none"},
    "bill": {"status": "in-progress"},
}


def record_command(kind: kinds.RecordKind) -> Command:
    """``new-<kind>``: an option per declared field, and --key for the file name (an
    entry's file name is made from its date and title)."""
    filled = FILLED.get(kind.name, {})
    named = kind.name != "entry"
    options = (
        *((Option("key", f"the {kind.name}'s key and file name: lower-case letters, digits "
                  "and hyphens", required=True, metavar="KEY"),) if named else ()),
        *(field_option(f, filled.get(f.key)) for f in kind.fields),
    )

    def run(settings: Mapping[str, Any], root: str, *, prog: str,
            settings_file: str | None = None, **options: Any) -> int:
        key = options.get("key") if named else None
        return _write_record(kind, settings, root, key, field_values(kind, options), prog)

    where = (f"into content/{kind.plural}/" if not named
             else f"content/{kind.plural}/<key>.md")
    return Command(
        f"new-{kind.name}", f"write a new {kind.name} record",
        f"Write a new {kind.name} record {where}, checked as the build checks it (never "
        "overwrites one).", options, run)


# Every record kind has its new-<kind> command, made from its declaration.
RECORD_COMMANDS = tuple(record_command(kind) for kind in kinds.KINDS)


def _check(settings, root, *, prog, settings_file=None, today=None):
    from .check import check_command

    return check_command(settings, root, today, settings_file=settings_file)


def _fetch_feeds(settings, root, *, prog, settings_file=None, only=None, contact=None):
    from .fetchfeeds import fetch_feeds_command

    return fetch_feeds_command(settings, root, only=only or (), contact=contact)


def _feed_status(settings, root, *, prog, settings_file=None):
    from .feedstatus import feed_status_command

    return feed_status_command(settings, root)


def _import_division(settings, root, *, prog, settings_file=None, house, id, event=None,
                     key=None, contact=None):
    from .importing import import_division_command

    return import_division_command(settings, root, house, id, event=event, key=key,
                                   contact=contact)


def _import_member(settings, root, *, prog, settings_file=None, id, key=None, contact=None):
    from .importing import import_member_command

    return import_member_command(settings, root, id, key=key, contact=contact)


def _import_bill(settings, root, *, prog, settings_file=None, id, session, key=None, contact=None):
    from .importing import import_bill_command

    return import_bill_command(settings, root, id, session=session, key=key, contact=contact)


def _import_amendments(settings, root, *, prog, settings_file=None, paper, bill, event,
                       stage=None, source=None, contact=None):
    from .importing import import_amendments_command

    return import_amendments_command(settings, root, paper, bill=bill, event=event,
                                     stage=stage, source=source, contact=contact)


def _new_site(settings, root, *, prog, settings_file=None, path, title):
    from .newsite import new_site_command

    # The new site's README names the console script, whichever way it was made.
    return new_site_command(path, title, prog="parliament-timeline")


def _docs(settings, root, *, prog, settings_file=None, name=None):
    from .docs import docs_command

    return docs_command(name)


CONTACT = Option("contact", "contact URL for the User-Agent (default: TIMELINE_FETCH_CONTACT "
                 "or $SITEURL)", metavar="URL")

COMMANDS = (
    Command("check", "validate every record without building",
            "Validate every record, page and TIMELINE_FEEDS; list problems as path:line: "
            "message; exit 1 on any error.",
            (Option("today", "judge future dates against this day (default: today)",
                    metavar="YYYY-MM-DD"),), _check),
    *RECORD_COMMANDS,
    Command("fetch-feeds", "refresh the feed snapshots (uses the network)",
            "Refresh the snapshots of the official feeds (TIMELINE_FEEDS) in content/feeds/.", (
                Option("only", "fetch only the feed of this name (repeatable)", repeatable=True,
                       metavar="NAME"),
                CONTACT,
            ), _fetch_feeds),
    Command("feed-status", "print each feed's state (no network)",
            "Print each feed's state, last fetch, items kept and dropped, and last error "
            "(no network).", (), _feed_status),
    Command("import-division", "import a division from the Votes APIs (uses the network)",
            "Fetch a division of either House, keep its snapshot in content/official/ and "
            "write a draft division record (never overwrites one).", (
                Option("house", "the House that divided", required=True,
                       metavar="commons|lords"),
                Option("id", "the division's id in that House's Votes API", required=True),
                Option("event", "the id of the event at which it was held"),
                Option("key", "the record's key (default: DATE-HOUSE-division-NUMBER)"),
                CONTACT,
            ), _import_division),
    Command("import-member", "import a member from the Members API (uses the network)",
            "Fetch a member, keep the snapshot and write a person record (never overwrites "
            "one).", (
                Option("id", "the member's id in the Members API", required=True),
                Option("key", "the record's key (default: from their name)"),
                CONTACT,
            ), _import_member),
    Command("import-bill", "import a bill from the Bills API (uses the network)",
            "Fetch a bill, its stages and publications, keep the snapshots, write the bill "
            "record and a draft event per stage sitting (never overwrites a file).", (
                Option("id", "the bill's id in the Bills API", required=True),
                Option("session", "the session, YYYY-YY (the API gives it only as a number)",
                       required=True),
                Option("key", "the bill's key (default: from its title)"),
                CONTACT,
            ), _import_bill),
    Command("import-amendments", "import the amendments of a LawMaker amendment paper",
            "Read an amendment paper in LawMaker XML (a file, or a URL: then it uses the "
            "network) and write an amendment record per amendment (never overwrites one).", (
                Option("paper", "the paper's XML file or URL", required=True, positional=True,
                       metavar="PAPER"),
                Option("bill", "the key of the bill it amends", required=True),
                Option("event", "the id of the event at which the amendments were debated",
                       required=True),
                Option("stage", "the stage key (default: the paper's own stage)"),
                Option("source", "the paper's address (default: the URL read, or the paper's "
                       "own)", metavar="URL"),
                CONTACT,
            ), _import_amendments),
    Command("new-site", "write a new, empty timeline site",
            "Write a minimal timeline site into PATH (a new or empty folder), using the "
            "installed plugin.", (
                Option("path", "the new site's folder", required=True, positional=True,
                       metavar="PATH"),
                Option("title", "the site's name (SITENAME)", required=True),
            ), _new_site, site=False),
    Command("docs", "list the plugin's documentation, or print one document",
            "List the plugin's documentation (installed with it) and where each file is; "
            "with NAME, print that document.", (
                Option("name", "the document to print, e.g. entry-format", positional=True,
                       metavar="NAME"),
            ), _docs, site=False),
)
BY_NAME = {c.name: c for c in COMMANDS}


def add_subcommand(subparsers, command: Command,
                   parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``command`` to an argparse sub-parser set."""
    p = subparsers.add_parser(command.name, parents=parents if command.site else [],
                              help=command.help, description=command.description)
    for o in command.options:
        help_text = o.help.replace("%", "%%")
        if o.positional:
            p.add_argument(o.name, metavar=o.metavar, help=help_text,
                           nargs=None if o.required else "?")
        elif o.flag:
            p.add_argument(o.flag_name, dest=o.name, action="store_true", help=help_text)
        elif o.repeatable:
            p.add_argument(o.flag_name, dest=o.name, action="append",
                           required=o.required, metavar=o.metavar, help=help_text)
        else:
            p.add_argument(o.flag_name, dest=o.name, required=o.required, metavar=o.metavar,
                           default=o.default, help=help_text)
    return p


def arguments(command: Command, args: argparse.Namespace) -> dict[str, Any]:
    """The options of ``command`` from parsed arguments, by name."""
    return {o.name: getattr(args, o.name) for o in command.options}


def _task_help(name: str) -> None:
    """Print a task's help as ``invoke --help <task>`` does."""
    from invoke import Exit

    try:
        from invoke.main import program

        program.print_task_help(name)
    except (AttributeError, KeyError, ImportError):  # not run by the invoke program
        raise Exit(f"{name}: see invoke --help {name}", code=1) from None


def make_task(command: Command, call: Callable[[Command, dict[str, Any]], None]):
    """An invoke task for ``command``; ``call(command, options)`` runs it.

    Its signature is made from the options (invoke reads a task's options
    from its signature). Only a required positional option (``new-site
    PATH``) is positional to invoke, which then needs it before anything
    else; every other option has a default and is checked here, so that
    ``invoke <task> --help`` shows the help rather than failing on what is
    missing. Short flags are not made up (``-h`` would be ``--house``, not
    help): options are given by their names.
    """
    from invoke import Exit, task

    positional = [o.name for o in command.options if o.positional and o.required]

    def body(c, **options):
        # invoke's parser gives the word after the task to a positional
        # option, even --help.
        if any(options[name] in ("--help", "-h") for name in positional):
            _task_help(command.name)
            return
        missing = [o.flag_name for o in command.options if o.required and not options[o.name]]
        if missing:
            raise Exit(f"{command.name}: give {', '.join(missing)}", code=1)
        call(command, options)

    P = inspect.Parameter
    params = [P("c", P.POSITIONAL_OR_KEYWORD)]
    for o in sorted(command.options, key=lambda o: o.name not in positional):
        default = (P.empty if o.name in positional else False if o.flag else o.default)
        params.append(P(o.name, P.POSITIONAL_OR_KEYWORD, default=default))
    body.__signature__ = inspect.Signature(params)
    body.__name__ = command.name.replace("-", "_")
    body.__doc__ = command.description
    return task(body, name=command.name, positional=positional, auto_shortflags=False,
                help={o.name: o.help for o in command.options},
                iterable=[o.name for o in command.options if o.repeatable])
