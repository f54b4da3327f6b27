"""Tasks for building, checking and serving the site (run with ``invoke``).

In the style of pelican-quickstart's tasks.py, plus ``check`` (validate every
entry without building) and ``new-entry`` (write a new entry file).
"""

import datetime
import os
import shlex
import shutil
import sys

from invoke import Exit, task
from invoke.main import program
from pelican import main as pelican_main
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from pelican.plugins.parliament_timeline.commands.check import check_site, format_report
from pelican.plugins.parliament_timeline.commands.feedstatus import feed_statuses, format_statuses
from pelican.plugins.parliament_timeline.commands.fetchfeeds import fetch_feeds_command
from pelican.plugins.parliament_timeline.commands.newentry import NewEntryError, new_entry
from pelican.plugins.parliament_timeline.commands.project import open_project

HERE = os.path.dirname(os.path.abspath(__file__))


OPEN_BROWSER_ON_SERVE = False
SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {}
SETTINGS.update(DEFAULT_CONFIG)
LOCAL_SETTINGS = get_settings_from_file(SETTINGS_FILE_BASE)
SETTINGS.update(LOCAL_SETTINGS)

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    # Output path. Can be absolute or relative to tasks.py. Default: 'output'
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    # Host and port for `serve`
    "host": os.environ.get("HOST", "localhost"),
    "port": int(os.environ.get("PORT", "8000")),
}


@task
def clean(c):
    """Remove generated files"""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])
        os.makedirs(CONFIG["deploy_path"])


@task
def build(c):
    """Build local version of site"""
    pelican_run("-s {settings_base}".format(**CONFIG))


@task
def rebuild(c):
    """`build` with the delete switch"""
    pelican_run("-d -s {settings_base}".format(**CONFIG))


@task
def regenerate(c):
    """Automatically regenerate site upon file modification"""
    pelican_run("-r -s {settings_base}".format(**CONFIG))


@task
def serve(c):
    """Serve site at http://$HOST:$PORT/ (default is localhost:8000)"""

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(
        CONFIG["deploy_path"],
        (CONFIG["host"], CONFIG["port"]),
        ComplexHTTPRequestHandler,
    )

    if OPEN_BROWSER_ON_SERVE:
        # Open site in default browser
        import webbrowser

        webbrowser.open("http://{host}:{port}".format(**CONFIG))

    sys.stderr.write("Serving at http://{host}:{port}/ ...\n".format(**CONFIG))
    server.serve_forever()


@task
def reserve(c):
    """`build`, then `serve`"""
    build(c)
    serve(c)


@task
def preview(c):
    """Build production version of site"""
    pelican_run("-s {settings_publish}".format(**CONFIG))


@task
def livereload(c):
    """Automatically reload browser tab upon file modification."""
    from livereload import Server

    def cached_build():
        cmd = "-s {settings_base} -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true"
        pelican_run(cmd.format(**CONFIG))

    cached_build()
    server = Server()
    theme_path = SETTINGS["THEME"]
    watched_globs = [
        CONFIG["settings_base"],
        f"{theme_path}/templates/**/*.html",
        "plugins/**/*.py",
    ]

    content_file_extensions = [".md", ".rst"]
    for extension in content_file_extensions:
        content_glob = "{}/**/*{}".format(SETTINGS["PATH"], extension)
        watched_globs.append(content_glob)

    static_file_extensions = [".css", ".js"]
    for extension in static_file_extensions:
        static_file_glob = f"{theme_path}/static/**/*{extension}"
        watched_globs.append(static_file_glob)

    for glob in watched_globs:
        server.watch(glob, cached_build)

    if OPEN_BROWSER_ON_SERVE:
        # Open site in default browser
        import webbrowser

        webbrowser.open("http://{host}:{port}".format(**CONFIG))

    server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])


@task
def publish(c):
    """Build the production version of the site (strict: a bad entry fails)"""
    pelican_run("-s {settings_publish} --log-handler plain".format(**CONFIG))


@task(help={"today": "judge future dates against this day, YYYY-MM-DD (default: today)"})
def check(c, today=None):
    """Validate every entry and TIMELINE_FEEDS; list problems as path:line: message"""
    try:
        day = datetime.date.fromisoformat(today) if today else None
    except ValueError:
        raise Exit(f"check: bad --today '{today}': use YYYY-MM-DD", code=1) from None
    problems = check_site(SETTINGS, root=HERE, today=day,
                          settings_file=os.path.join(HERE, SETTINGS_FILE_BASE))
    report, code = format_report(problems)
    print(report)
    if code:
        raise Exit(code=code)


@task(
    name="new-entry",
    help={
        "title": "the event's title",
        "date": "the event's date, YYYY-MM-DD",
        "stage": "a stage key (see the Glossary)",
        "chamber": "commons, lords, government, crown or other",
        "bill": "a bill key (a file name in content/bills/), or none",
        "source": "the URL of the primary source",
        "summary": "one sentence (defaults to the title)",
    },
)
def new_entry_task(c, title, date, stage, source, chamber=None, bill=None, summary=None):
    """Write a new entry file into content/entries/ (never overwrites one)"""
    folder = os.path.join(HERE, SETTINGS["PATH"], SETTINGS.get("TIMELINE_PATHS", ["entries"])[0])
    try:
        vocabulary = open_project(SETTINGS, HERE).vocabulary
        path = new_entry(vocabulary, folder, title, date, stage, source, chamber, bill, summary)
    except NewEntryError as err:
        raise Exit(f"new-entry: {err}", code=1) from None
    print(f"Wrote {os.path.relpath(path, HERE)}")
    print("Next: write a one-sentence Summary, the narrative below the metadata, "
          "any People and further Sources; then run 'invoke check' and preview "
          "with 'invoke livereload'.")


@task(
    name="fetch-feeds",
    iterable=["only"],
    help={
        "only": "fetch only the feed of this name (repeatable)",
        "contact": "contact URL for the User-Agent (default: TIMELINE_FETCH_CONTACT or $SITEURL)",
    },
)
def fetch_feeds(c, only=None, contact=None):
    """Refresh the feed snapshots in content/feeds/ (the only task that uses the network)"""
    code = fetch_feeds_command(SETTINGS, HERE, only=only or (), contact=contact)
    if code:
        raise Exit(code=code)


@task(name="feed-status")
def feed_status(c):
    """Print each feed's state, last fetch, items kept and dropped, last error (no network)"""
    statuses, problems = feed_statuses(SETTINGS, root=HERE)
    print(format_statuses(statuses, problems))


@task
def tests(c):
    """Run the test suite"""
    c.run(f"{shlex.quote(sys.executable)} -m pytest", pty=False)


def pelican_run(cmd):
    cmd += " " + program.core.remainder  # allows to pass-through args to pelican
    pelican_main(shlex.split(cmd))


@task
def screenshots(c, folder="screenshots"):
    """Build the site and screenshot each page type at 1280px and 375px into FOLDER"""
    sys.path.insert(0, os.path.join(HERE, "tests"))
    from browser import chromium_missing
    from browser import screenshots as take

    missing = chromium_missing()
    if missing:
        raise Exit(f"screenshots: {missing}", code=1)
    build(c)
    from pathlib import Path

    for path in take(Path(CONFIG["deploy_path"]).resolve(), Path(HERE) / folder):
        print(os.path.relpath(path, HERE))


@task(help={
    "sizes": "comma-separated numbers of events (default 100,1000,10000)",
    "runs": "runs per size, in the same order (default 5,3,2)",
    "fetch_runs": "runs of the fetch-feeds benchmark (default 3; 0 skips it)",
})
def bench(c, sizes="100,1000,10000", runs="5,3,2", fetch_runs=3):
    """Benchmark the build against bare Pelican; rewrite docs/performance.md's table"""
    script = os.path.join(HERE, "benchmarks", "bench.py")
    c.run(f"{shlex.quote(sys.executable)} {shlex.quote(script)} --sizes {shlex.quote(sizes)}"
          f" --runs {shlex.quote(runs)} --fetch-runs {int(fetch_runs)}", pty=False)
