"""The ``parliament-timeline`` command: the plugin's commands on the command line.

    parliament-timeline check [--today YYYY-MM-DD]
    parliament-timeline new-entry --title T --date D --stage S --sources URL [...]
    parliament-timeline new-bill --key K --title T --session S --house commons|lords [...]
    parliament-timeline new-person|new-amendment|new-division|new-version|new-question
        --key K [--FIELD VALUE ...]   (commands/table.py: an option per declared field)
    parliament-timeline fetch-feeds [--only NAME] [--contact URL]
    parliament-timeline feed-status
    parliament-timeline new-site PATH --title T
    parliament-timeline import-division --house commons|lords --id N [--event ID] [--key K]
    parliament-timeline import-member --id N [--key K]
    parliament-timeline import-bill --id N --session YYYY-YY [--key K]
    parliament-timeline import-amendments PAPER --bill KEY --event ID [--stage S] [--source URL]

Every command but new-site works on a site: it runs from the site's folder
(``--root``, default the working folder) and reads its settings file
(``--settings``, default ``pelicanconf.py``, relative to the root) as
Pelican does, its values over Pelican's DEFAULT_CONFIG. A command that
cannot do its work prints one line, ``parliament-timeline <command>: why``,
and exits 1 (argparse's usage errors exit 2); ``check`` exits 1 when it
finds an error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..records.problems import inert
from ..settings import TimelineSettingsError
from . import table
from .project import SETTINGS_FILE, CommandError, missing_extra, read_site_settings

PROG = "parliament-timeline"


def _site_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("site")
    group.add_argument("--root", default=os.curdir, metavar="FOLDER",
                       help="the site's folder (default: the working folder)")
    group.add_argument("--settings", default=SETTINGS_FILE, metavar="FILE",
                       help=f"the site's Pelican settings file, relative to the root "
                            f"(default: {SETTINGS_FILE})")
    return common


def package_version() -> str:
    """The installed package's version (``unknown`` when run from an uninstalled tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pelican-parliament-timeline")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Check, edit and create dated, sourced timelines of a law's passage "
                    "through the UK Parliament (a Pelican plugin's commands).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    site = [_site_options()]

    for command in table.COMMANDS:
        table.add_subcommand(commands, command, site)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run one parsed command; return its exit code (CommandError on failure)."""
    command = table.BY_NAME[args.command]
    options = table.arguments(command, args)
    if not command.site:
        return command.run(None, None, prog=PROG, **options)
    root = args.root
    if not os.path.isdir(root):
        raise CommandError(f"no site folder {root}")
    os.chdir(root)
    settings = read_site_settings(os.curdir, args.settings)
    return command.run(settings, os.curdir, prog=PROG,
                       settings_file=os.path.abspath(args.settings), **options)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script's entry point: parse, run, turn failures into one line."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except (CommandError, TimelineSettingsError) as e:
        # Messages may quote file names and values: printed inert, on one line.
        print(inert(f"{PROG} {args.command}: {e}"), file=sys.stderr)
        return 1
    except ModuleNotFoundError as e:
        error = missing_extra(e)
        if error is None:
            raise
        print(f"{PROG} {args.command}: {error}", file=sys.stderr)
        return 1
    except OSError as e:
        print(inert(f"{PROG} {args.command}: {e.strerror or e}"
                    + (f": {e.filename}" if e.filename else "")), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG} {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
