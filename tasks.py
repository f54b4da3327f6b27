"""Tasks for building, checking and serving the site (run with ``invoke``; ``invoke --list``).

The site's tasks are the plugin's (pelican/plugins/parliament_timeline/
commands/tasks.py): pelican-quickstart's build, serve, livereload, publish...
plus check, new-entry, new-bill, fetch-feeds, feed-status and new-site, which
also run as ``parliament-timeline <command>``. This repository adds tests,
screenshots and bench.
"""

import os
import shlex
import sys

from invoke import Exit, task

from pelican.plugins.parliament_timeline.commands.tasks import site_tasks

HERE = os.path.dirname(os.path.abspath(__file__))

ns = site_tasks(__file__)


@task
def tests(c):
    """Run the test suite as the README and .ci/run do (two worker processes)"""
    c.run(f"{shlex.quote(sys.executable)} -m pytest -n 2 --dist loadfile", pty=False)


@task(help={
    "folder": "where the PNG files go (default screenshots/, git-ignored)",
    "kinds": "comma-separated page types (default: every one), e.g. home,entry,bill",
    "dark": "also in the dark colour scheme (files named -light and -dark)",
    "first_screen": "the first 900 px of each page only, not the whole page",
})
def screenshots(c, folder="screenshots", kinds="", dark=False, first_screen=False):
    """Build the site and screenshot each page type at 1280px and 375px into FOLDER"""
    sys.path.insert(0, os.path.join(HERE, "tests"))
    from browser import chromium_missing
    from browser import screenshots as take

    missing = chromium_missing()
    if missing:
        raise Exit(f"screenshots: {missing}", code=1)
    ns["build"](c)
    from pathlib import Path

    from pelican.plugins.parliament_timeline.commands.project import read_site_settings

    output = Path(HERE, read_site_settings(HERE)["OUTPUT_PATH"]).resolve()
    schemes = ("light", "dark") if dark else ("light",)
    chosen = tuple(k for k in kinds.split(",") if k)
    for path in take(output, Path(HERE) / folder, chosen, schemes, not first_screen):
        print(os.path.relpath(path, HERE))


@task(help={
    "sizes": "comma-separated numbers of events (default 100,1000,10000)",
    "runs": "runs per size, in the same order (default 5,3,2)",
    "fetch_runs": "runs of the fetch-feeds benchmark (default 3; 0 skips it)",
    "record": "sizes built once each and recorded, e.g. 50000 (default none)",
})
def bench(c, sizes="100,1000,10000", runs="5,3,2", fetch_runs=3, record=""):
    """Benchmark the build against bare Pelican; rewrite docs/performance.md's table"""
    script = os.path.join(HERE, "benchmarks", "bench.py")
    c.run(f"{shlex.quote(sys.executable)} {shlex.quote(script)} --sizes {shlex.quote(sizes)}"
          f" --runs {shlex.quote(runs)} --fetch-runs {int(fetch_runs)}"
          f" --record {shlex.quote(record)}", pty=False)


# The plugin's documentation, which ships in the package (manual.py).
PLUGIN_DOCS = "plugins/pelican/plugins/parliament_timeline/docs"
# The docs whose field tables are made from the record kinds' declarations.
FIELD_DOCS = (f"{PLUGIN_DOCS}/entry-format.md", f"{PLUGIN_DOCS}/debate-records.md")


def _rewrite(name, make):
    """Write ``make(text)`` over the file ``name`` if it differs; say so."""
    path = os.path.join(HERE, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if make(text) != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(make(text))
        print(f"Rewrote {name}")


@task(name="field-reference")
def field_reference(c):
    """Rewrite the field tables and problem codes of the docs, and the records' parts of the
    JSON schema, from their declarations"""
    from pelican.plugins.parliament_timeline.exports.schema import update_schema_text
    from pelican.plugins.parliament_timeline.exports.timelinejson import SCHEMA_PATH
    from pelican.plugins.parliament_timeline.records.kinds import update_field_tables
    from pelican.plugins.parliament_timeline.records.problems import update_codes_table

    for name in FIELD_DOCS:
        _rewrite(name, lambda text: update_codes_table(update_field_tables(text)))
    # The records' parts of the JSON schema (exports/schema.py), rewritten only
    # when they change: the file is published as it is.
    _rewrite(os.path.relpath(SCHEMA_PATH, HERE), update_schema_text)


@task(name="settings-reference")
def settings_reference(c):
    """Rewrite the plugin's docs/settings.md from the settings' declarations (settings.py)"""
    from pelican.plugins.parliament_timeline.settings import settings_reference as make

    _rewrite(f"{PLUGIN_DOCS}/settings.md", lambda text: make())


for extra in (tests, screenshots, bench, field_reference, settings_reference):
    ns.add_task(extra)
