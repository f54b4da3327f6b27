"""A real HTTP server on 127.0.0.1 answering with Parliament's recorded responses.

The recorded files (../shared/corpus/parliament-api/, see its SOURCES.md) are
served at the paths of each service's OpenAPI document, as one server
standing for every service (``TIMELINE_API_BASE_URLS`` points each key at
it). Two answers are cut from a recorded file rather than served whole,
and say so here: the Lords division 3172 is the one division of the
recorded Lords search (``lords.json``), and member 4514 is the first item of
the recorded member search (``search.json``), whose items have the shape of
``GET /api/Members/{id}``. ``bill-2818_publications.json`` is served as
recorded, though it holds bill 512's publications (SOURCES.md).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conftest import FIXTURE_SITE, ROOT, fixture_settings

CORPUS = Path(os.environ.get("PARLIAMENT_API_CORPUS")
              or ROOT.parent / "shared" / "corpus" / "parliament-api")
SERVICES = ("bills", "commons-votes", "lords-votes", "members", "legislation")


def corpus_bytes(name: str) -> bytes:
    """A recorded file's bytes."""
    return (CORPUS / name).read_bytes()


def lords_3172() -> bytes:
    """The recorded Lords division 3172 (the one division of lords.json)."""
    return json.dumps(json.loads(corpus_bytes("votes-api/lords.json"))[0]).encode()


def member_4514() -> bytes:
    """The recorded member 4514 (the first item of the member search)."""
    return json.dumps(json.loads(corpus_bytes("members-api/search.json"))["items"][0]).encode()


def recorded_answers() -> dict[str, Callable[[], bytes]]:
    """Request path -> its recorded answer."""
    return {
        "/api/v1/Bills/2818": lambda: corpus_bytes("bills-api/bill-2818.json"),
        "/api/v1/Bills/2818/Stages": lambda: corpus_bytes("bills-api/bill-2818_stages.json"),
        "/api/v1/Bills/2818/Publications":
            lambda: corpus_bytes("bills-api/bill-2818_publications.json"),
        "/data/division/1873.json": lambda: corpus_bytes("votes-api/commons-1873.json"),
        "/data/Divisions/3172": lords_3172,
        "/api/Members/4514": member_4514,
    }


@contextmanager
def api_server(answers: dict[str, Callable[[], bytes] | tuple[int, bytes]] | None = None
               ) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Serve ``answers`` (default: the recorded ones); yields (base URL, requests seen).

    Each request seen is (path, User-Agent). An answer may be a callable
    giving the body (status 200) or a (status, body) pair.
    """
    answers = recorded_answers() if answers is None else answers
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("User-Agent", "")))
            answer = answers.get(self.path)
            if answer is None:
                status, body = 404, b'{"status": 404}'
            elif isinstance(answer, tuple):
                status, body = answer
            else:
                status, body = 200, answer()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def base_urls(base: str) -> dict[str, str]:
    """TIMELINE_API_BASE_URLS with every service at ``base``."""
    return dict.fromkeys(SERVICES, base)


def site_with_snapshot(tmp_path: Path, made: Path, snapshot: str) -> Path:
    """A copy of the fixture site with the made answer ``made`` as its snapshot
    ``snapshot`` (a path under the content folder)."""
    site = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, site)
    (site / snapshot).parent.mkdir(parents=True)
    shutil.copy(made, site / snapshot)
    return site


def check_errors(tmp_path: Path, site: Path) -> list[str]:
    """The errors `invoke check` reports on ``site`` (a content folder under ``tmp_path``)."""
    from pelican.plugins.parliament_timeline.commands.check import check_site

    problems = check_site(fixture_settings(site, tmp_path / "out"), root=str(tmp_path))
    return [str(p) for p in problems if p.severity == "error"]
