"""The ``parliament-timeline`` command: the plugin's commands on the command line.

    parliament-timeline check [--today YYYY-MM-DD]
    parliament-timeline new-entry --title T --date D --stage S --source URL [...]
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

from ..procedure import HOUSES, OUTCOMES
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

    p = commands.add_parser("check", parents=site, help="validate every record without building",
                            description="Validate every entry, bill and TIMELINE_FEEDS; list "
                                        "problems as path:line: message; exit 1 on any error.")
    p.add_argument("--today", metavar="YYYY-MM-DD",
                   help="judge future dates against this day (default: today)")

    p = commands.add_parser("new-entry", parents=site, help="write a new entry file",
                            description="Write a new entry into content/entries/ "
                                        "(never overwrites one).")
    p.add_argument("--title", required=True, help="the event's title")
    p.add_argument("--date", required=True, help="the event's date, YYYY-MM-DD")
    p.add_argument("--stage", required=True, help="a stage key (see the Glossary)")
    p.add_argument("--source", required=True, help="the URL of the primary source")
    p.add_argument("--chamber", help="commons, lords, government, crown or other")
    p.add_argument("--bill", help="a bill key (a file name in content/bills/), or none")
    p.add_argument("--summary", help="one sentence (defaults to the title)")
    p.add_argument("--key", action="store_true", help="a key moment of the story (Key: yes)")
    p.add_argument("--due", action="store_true",
                   help="a step still to come on this date (Due: yes), not an event")

    p = commands.add_parser("new-bill", parents=site, help="write a new bill record",
                            description="Write a new bill record content/bills/<key>.md "
                                        "(never overwrites one).")
    p.add_argument("--key", required=True,
                   help="the bill's key and file name: lower-case letters, digits, hyphens")
    p.add_argument("--title", required=True, help="the bill's title, e.g. 'Example Bill [HL]'")
    p.add_argument("--session", required=True, help="the session, YYYY-YY, e.g. 2024-26")
    # Checked by new_bill, so that a bad value gets the same one-line message
    # from the command line and from invoke.
    p.add_argument("--house", required=True, metavar="|".join(HOUSES),
                   help="the House the bill was introduced in")
    p.add_argument("--status", default="in-progress", metavar="STATUS",
                   help=f"one of {', '.join(OUTCOMES)} (default: in-progress)")
    p.add_argument("--url", help="the bill's page, e.g. https://bills.parliament.uk/bills/1234")

    for command in table.COMMANDS:
        table.add_subcommand(commands, command, site)

    p = commands.add_parser("fetch-feeds", parents=site,
                            help="refresh the feed snapshots (uses the network)",
                            description="Refresh the snapshots of the official feeds "
                                        "(TIMELINE_FEEDS) in content/feeds/.")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="fetch only the feed of this name (repeatable)")
    p.add_argument("--contact", metavar="URL",
                   help="contact URL for the User-Agent (default: TIMELINE_FETCH_CONTACT "
                        "or $SITEURL)")

    commands.add_parser("feed-status", parents=site,
                        help="print each feed's state (no network)",
                        description="Print each feed's state, last fetch, items kept and "
                                    "dropped, and last error (no network).")

    contact = {"metavar": "URL", "help": "contact URL for the User-Agent (default: "
                                         "TIMELINE_FETCH_CONTACT or $SITEURL)"}
    p = commands.add_parser("import-division", parents=site,
                            help="import a division from the Votes APIs (uses the network)",
                            description="Fetch a division of either House, keep its snapshot "
                                        "in content/official/ and write a draft division "
                                        "record (never overwrites one).")
    p.add_argument("--house", required=True, metavar="commons|lords",
                   help="the House that divided")
    p.add_argument("--id", required=True, help="the division's id in that House's Votes API")
    p.add_argument("--event", help="the id of the event at which it was held")
    p.add_argument("--key", help="the record's key (default: DATE-HOUSE-division-NUMBER)")
    p.add_argument("--contact", **contact)

    p = commands.add_parser("import-member", parents=site,
                            help="import a member from the Members API (uses the network)",
                            description="Fetch a member, keep the snapshot and write a person "
                                        "record (never overwrites one).")
    p.add_argument("--id", required=True, help="the member's id in the Members API")
    p.add_argument("--key", help="the record's key (default: from their name)")
    p.add_argument("--contact", **contact)

    p = commands.add_parser("import-bill", parents=site,
                            help="import a bill from the Bills API (uses the network)",
                            description="Fetch a bill, its stages and publications, keep the "
                                        "snapshots, write the bill record and a draft event "
                                        "per stage sitting (never overwrites a file).")
    p.add_argument("--id", required=True, help="the bill's id in the Bills API")
    p.add_argument("--session", required=True,
                   help="the session, YYYY-YY (the API gives it only as a number)")
    p.add_argument("--key", help="the bill's key (default: from its title)")
    p.add_argument("--contact", **contact)

    p = commands.add_parser("import-amendments", parents=site,
                            help="import the amendments of a LawMaker amendment paper",
                            description="Read an amendment paper in LawMaker XML (a file, or a "
                                        "URL: then it uses the network) and write an amendment "
                                        "record per amendment (never overwrites one).")
    p.add_argument("paper", metavar="PAPER", help="the paper's XML file or URL")
    p.add_argument("--bill", required=True, help="the key of the bill it amends")
    p.add_argument("--event", required=True,
                   help="the id of the event at which the amendments were debated")
    p.add_argument("--stage", help="the stage key (default: the paper's own stage)")
    p.add_argument("--source", metavar="URL",
                   help="the paper's address (default: the URL read, or the paper's own)")
    p.add_argument("--contact", **contact)

    p = commands.add_parser("new-site", help="write a new, empty timeline site",
                            description="Write a minimal timeline site into PATH (a new or "
                                        "empty folder), using the installed plugin.")
    p.add_argument("path", metavar="PATH", help="the new site's folder")
    p.add_argument("--title", required=True, help="the site's name (SITENAME)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run one parsed command; return its exit code (CommandError on failure)."""
    from .newsite import new_site_command

    if args.command == "new-site":
        return new_site_command(args.path, args.title, prog=PROG)

    root = args.root
    if not os.path.isdir(root):
        raise CommandError(f"no site folder {root}")
    os.chdir(root)
    settings = read_site_settings(os.curdir, args.settings)
    if args.command == "check":
        from .check import check_command

        return check_command(settings, os.curdir, args.today,
                             settings_file=os.path.abspath(args.settings))
    if args.command == "new-entry":
        from .newentry import new_entry_command

        return new_entry_command(settings, os.curdir, args.title, args.date, args.stage,
                                 args.source, args.chamber, args.bill, args.summary, prog=PROG,
                                 key=args.key, due=args.due)
    if args.command == "new-bill":
        from .newbill import new_bill_command

        return new_bill_command(settings, os.curdir, args.key, args.title, args.session,
                                args.house, args.status, args.url, prog=PROG)
    if args.command in table.BY_NAME:
        command = table.BY_NAME[args.command]
        return command.run(settings, os.curdir, prog=PROG, **table.arguments(command, args))
    if args.command == "fetch-feeds":
        from .fetchfeeds import fetch_feeds_command

        return fetch_feeds_command(settings, os.curdir, only=args.only, contact=args.contact)
    if args.command == "feed-status":
        from .feedstatus import feed_status_command

        return feed_status_command(settings, os.curdir)
    if args.command.startswith("import-"):
        from . import importing

        if args.command == "import-division":
            return importing.import_division_command(
                settings, os.curdir, args.house, args.id, event=args.event, key=args.key,
                contact=args.contact)
        if args.command == "import-member":
            return importing.import_member_command(settings, os.curdir, args.id, key=args.key,
                                                   contact=args.contact)
        if args.command == "import-amendments":
            return importing.import_amendments_command(
                settings, os.curdir, args.paper, bill=args.bill, event=args.event,
                stage=args.stage, source=args.source, contact=args.contact)
        if args.command == "import-bill":
            return importing.import_bill_command(settings, os.curdir, args.id,
                                                 session=args.session, key=args.key,
                                                 contact=args.contact)
    raise CommandError(f"unknown command {args.command!r}")  # argparse prevents this


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
