"""A site's invoke tasks, in one place: a site's tasks.py is ``ns = site_tasks(__file__)``.

The tasks are pelican-quickstart's (clean, build, rebuild, regenerate, serve,
reserve, preview, livereload, publish) plus the plugin's commands (check,
new-entry, new-bill, new-<kind>, fetch-feeds, feed-status, import-*,
new-site), made from the same table as the ``parliament-timeline``
command (commands/table.py). Each task works on
the site whose tasks.py made the collection, whatever the working folder;
the settings files are read when a task runs, not when invoke loads
tasks.py. Options after ``--`` go to Pelican (``invoke build -- -D``).

Previews are fast by default: ``build``, ``regenerate`` and ``livereload``
turn on Pelican's content cache (``CACHE_CONTENT`` and
``LOAD_CONTENT_CACHE``, in the site's ``CACHE_PATH``), which also turns on
our output cache (unchanged pages are not rendered again) and keeps the
search shards whose pages did not change. ``--no-cache`` builds cold, as
``rebuild``, ``preview`` and ``publish`` always do; ``clean`` removes the
output and the cache.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import shutil
import sys

from invoke import Collection, Exit, task

from ..records.problems import inert
from . import table
from .project import CommandError, in_folder, missing_extra, read_site_settings

__all__ = ["site_tasks"]

PROG = "invoke"


def _remainder() -> str:
    """What follows ``--`` on invoke's command line (passed through to Pelican)."""
    try:
        from invoke.main import program
    except ImportError:  # pragma: no cover - invoke always has it
        return ""
    core = getattr(program, "core", None)
    return getattr(core, "remainder", "") or ""


def site_tasks(tasks_file: str, settings_file: str = "pelicanconf.py",
               publish_file: str = "publishconf.py", *, host: str | None = None,
               port: int | None = None, open_browser: bool = False) -> Collection:
    """The invoke Collection of a site's tasks.

    ``tasks_file`` is the site's tasks.py (``__file__``): its folder is the
    site's root. ``settings_file`` and ``publish_file`` are relative to it.
    ``host`` and ``port`` (default ``$HOST`` or localhost, ``$PORT`` or
    8000) are where ``serve`` and ``livereload`` listen.
    """
    root = os.path.dirname(os.path.abspath(tasks_file))
    host = host or os.environ.get("HOST", "localhost")
    port = port or int(os.environ.get("PORT", "8000"))

    @functools.cache
    def settings() -> dict:
        try:
            return read_site_settings(root, settings_file)
        except CommandError as e:
            raise Exit(inert(str(e)), code=1) from None

    def deploy_path() -> str:
        return os.path.join(root, settings()["OUTPUT_PATH"])

    def not_found_save_as() -> str:
        from ..settings import DEFAULTS

        return settings().get("TIMELINE_NOT_FOUND_SAVE_AS", DEFAULTS["TIMELINE_NOT_FOUND_SAVE_AS"])

    def cache_path() -> str:
        return os.path.join(root, settings()["CACHE_PATH"])

    def cache_options(cache: bool) -> str:
        """Pelican's options for a development build, with the caches or cold."""
        if not cache:
            return ""
        return ("-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true "
                f"CACHE_PATH={shlex.quote(json.dumps(cache_path()))} ")

    def pelican_run(args: str) -> None:
        from pelican import main as pelican_main

        with in_folder(root):
            pelican_main(shlex.split(f"{args} {_remainder()}"))

    def command(name: str, run, /, *args, **kwargs) -> None:
        """Run a command function; its failure becomes invoke's one-line exit.

        (``name`` and ``run`` are positional only: a command may have an
        option called ``name``, as ``docs`` has.)"""
        from ..settings import TimelineSettingsError

        try:
            code = run(*args, **kwargs)
        except (CommandError, TimelineSettingsError) as e:
            raise Exit(inert(f"{name}: {e}"), code=1) from None
        if code:
            raise Exit(code=code)

    no_cache = {"no_cache": "build cold: without Pelican's content cache and our output "
                            "and search caches"}

    @task
    def clean(c):
        """Remove generated files and the build caches"""
        path = deploy_path()
        if os.path.isdir(path):
            shutil.rmtree(path)
            os.makedirs(path)
        if os.path.isdir(cache_path()):
            shutil.rmtree(cache_path())

    @task(help=no_cache)
    def build(c, no_cache=False):
        """Build local version of site, with the caches (a bad entry is a warning and left out)"""
        pelican_run(f"{cache_options(not no_cache)}-s {shlex.quote(settings_file)}")

    @task
    def rebuild(c):
        """`build` with the delete switch, cold (no cache)"""
        pelican_run(f"-d -s {shlex.quote(settings_file)}")

    @task(help=no_cache)
    def regenerate(c, no_cache=False):
        """Automatically regenerate site upon file modification (with the caches)"""
        pelican_run(f"-r {cache_options(not no_cache)}-s {shlex.quote(settings_file)}")

    @task
    def serve(c):
        """Serve site at http://$HOST:$PORT/ (default is localhost:8000)"""
        from pelican.server import RootedHTTPServer

        from .serving import serve_handler

        class AddressReuseTCPServer(RootedHTTPServer):
            allow_reuse_address = True

        server = AddressReuseTCPServer(deploy_path(), (host, port),
                                       serve_handler(not_found_save_as()))
        if open_browser:
            import webbrowser

            webbrowser.open(f"http://{host}:{port}")
        sys.stderr.write(f"Serving at http://{host}:{port}/ ...\n")
        server.serve_forever()

    @task
    def reserve(c):
        """`build`, then `serve`"""
        build(c)
        serve(c)

    @task
    def preview(c):
        """Build production version of site"""
        pelican_run(f"-s {shlex.quote(publish_file)}")

    @task(help=no_cache)
    def livereload(c, no_cache=False):
        """Automatically reload browser tab upon file modification (with the caches)."""
        from livereload import Server

        from .. import THEME_PATH
        from .serving import livereload_handler

        def cached_build():
            pelican_run(f"{cache_options(not no_cache)}-s {shlex.quote(settings_file)}")

        cached_build()
        server = Server()
        # A missing path gets the site's 404 page (commands/serving.py).
        server.SFH = livereload_handler(not_found_save_as())
        site = settings()
        plugin = os.path.dirname(THEME_PATH)
        themes = [THEME_PATH, *(os.path.dirname(p) for p in
                                site.get("THEME_TEMPLATES_OVERRIDES", ()))]
        if isinstance(site.get("THEME"), str):
            themes.append(os.path.join(root, site["THEME"]))
        watched = [os.path.join(root, settings_file), f"{plugin}/**/*.py"]
        for theme in dict.fromkeys(themes):
            watched += [f"{theme}/templates/**/*.html", f"{theme}/static/**/*.css",
                        f"{theme}/static/**/*.js"]
        content = os.path.join(root, site["PATH"])
        watched += [f"{content}/**/*.md", f"{content}/**/*.rst"]
        for glob in watched:
            server.watch(glob, cached_build)
        if open_browser:
            import webbrowser

            webbrowser.open(f"http://{host}:{port}")
        server.serve(host=host, port=port, root=deploy_path())

    @task
    def publish(c):
        """Build the production version of the site (strict: a bad entry fails)"""
        pelican_run(f"-s {shlex.quote(publish_file)} --log-handler plain")

    def declared(cmd: table.Command, options: dict) -> None:
        """Run a command of the table (commands/table.py) on this site."""
        try:
            if not cmd.site:
                command(cmd.name, cmd.run, None, None, prog=PROG, **options)
                return
            command(cmd.name, cmd.run, settings(), root, prog=PROG,
                    settings_file=os.path.join(root, settings_file), **options)
        except ModuleNotFoundError as e:
            error = missing_extra(e)
            if error is None:
                raise
            raise Exit(f"{cmd.name}: {error}", code=1) from None

    return Collection(
        clean, build, rebuild, regenerate, serve, reserve, preview, livereload, publish,
        *(table.make_task(cmd, declared) for cmd in table.COMMANDS),
    )
