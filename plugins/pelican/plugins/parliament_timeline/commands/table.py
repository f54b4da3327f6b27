"""Commands declared once, in one table that drives argparse and invoke.

Each :class:`Command` names its options and the function that runs it; the
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

    @property
    def flag_name(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Command:
    """A command of a site: its name, help and options, and what runs it.

    ``run(settings, root, prog=..., **options)`` returns the exit code and
    raises CommandError (one line) when it cannot do its work.
    """

    name: str
    help: str          # one line, in the list of commands
    description: str   # the command's own --help
    options: tuple[Option, ...]
    run: Callable[..., int]


def _plain(text: str) -> str:
    """Help text from the declarations' Markdown: no backticks."""
    return text.replace("`", "")


def field_option(f: kinds.FieldSpec) -> Option:
    """The option of a new-<kind> command for one declared field."""
    many = not f.one_line and f.holds in (kinds.LINES, kinds.LIST)
    text = f"{_plain(f.help)} (e.g. {f.example})"
    if many:
        text += "; repeat the option for each line"
    return Option(f.key.replace("-", "_"), text, required=f.required, repeatable=many,
                  metavar=f.holds.upper().replace("/", "-"))


def record_command(kind: kinds.RecordKind) -> Command:
    """``new-<kind>``: an option per declared field, and --key for the file name."""
    options = (
        Option("key", f"the {kind.name}'s key and file name: lower-case letters, digits and "
               "hyphens", required=True, metavar="KEY"),
        *(field_option(f) for f in kind.fields),
    )

    def run(settings: Mapping[str, Any], root: str, *, prog: str, key: str,
            **values: Any) -> int:
        from .newrecord import new_record_command

        fields = {f.key: values.get(f.key.replace("-", "_")) for f in kind.fields}
        return new_record_command(kind, settings, root, key, fields, prog=prog)

    return Command(
        f"new-{kind.name}", f"write a new {kind.name} record",
        f"Write a new {kind.name} record content/{kind.plural}/<key>.md, checked as the build "
        "checks it (never overwrites one).", options, run)


# The record kinds with a new-<kind> command made from their declaration
# (new-entry and new-bill are declared in cli.py and tasks.py).
RECORD_COMMANDS = tuple(record_command(kinds.BY_NAME[name])
                        for name in ("person", "amendment", "division", "version", "question"))
COMMANDS = RECORD_COMMANDS
BY_NAME = {c.name: c for c in COMMANDS}


def add_subcommand(subparsers, command: Command,
                   parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``command`` to an argparse sub-parser set."""
    p = subparsers.add_parser(command.name, parents=parents, help=command.help,
                              description=command.description)
    for o in command.options:
        help_text = o.help.replace("%", "%%")
        if o.flag:
            p.add_argument(o.flag_name, dest=o.name, action="store_true", help=help_text)
        elif o.repeatable:
            p.add_argument(o.flag_name, dest=o.name, action="append",
                           required=o.required, metavar=o.metavar, help=help_text)
        else:
            p.add_argument(o.flag_name, dest=o.name, required=o.required, metavar=o.metavar,
                           help=help_text)
    return p


def arguments(command: Command, args: argparse.Namespace) -> dict[str, Any]:
    """The options of ``command`` from parsed arguments, by name."""
    return {o.name: getattr(args, o.name) for o in command.options}


def make_task(command: Command, call: Callable[[Command, dict[str, Any]], None]):
    """An invoke task for ``command``; ``call(command, options)`` runs it.

    Its signature is made from the options (invoke reads a task's options
    from its signature): required ones first, with no default.
    """
    from invoke import Exit, task

    def body(c, **options):
        # invoke has no required repeatable option: checked here.
        missing = [o.flag_name for o in command.options if o.required and not options[o.name]]
        if missing:
            raise Exit(f"{command.name}: give {', '.join(missing)}", code=1)
        call(command, options)

    P = inspect.Parameter
    ordered = sorted(command.options, key=lambda o: not (o.required and not o.repeatable))
    params = [P("c", P.POSITIONAL_OR_KEYWORD)]
    for o in ordered:
        default = (P.empty if o.required and not o.repeatable
                   else False if o.flag else None)
        params.append(P(o.name, P.POSITIONAL_OR_KEYWORD, default=default))
    body.__signature__ = inspect.Signature(params)
    body.__name__ = command.name.replace("-", "_")
    body.__doc__ = command.description
    return task(body, name=command.name,
                help={o.name: o.help for o in command.options},
                iterable=[o.name for o in command.options if o.repeatable])
