"""Official answers into snapshots: the layout, atomic writes, and fetches that fail.

A real server on 127.0.0.1 answers; a failed or bad fetch must leave the
last good snapshot byte for byte as it was.
"""

from __future__ import annotations

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fetch_support import make_options
from official_support import api_server, base_urls, corpus_bytes, lords_3172

from conftest import FIXTURES
from pelican.plugins.parliament_timeline.official import services
from pelican.plugins.parliament_timeline.official.fetch import (
    Fetcher,
    refresh_official,
)
from pelican.plugins.parliament_timeline.official.snapshots import (
    read_snapshot,
    snapshot_files,
    write_snapshot,
)

FIXTURES_OFFICIAL = FIXTURES / "official"


@pytest.mark.parametrize(("service", "path", "file"), [
    ("commons-votes", "/data/division/1873.json", "commons-votes/data/division/1873.json"),
    ("lords-votes", "/data/Divisions/3172", "lords-votes/data/Divisions/3172.json"),
    ("members", "/api/Members/4514", "members/api/Members/4514.json"),
    ("bills", "/api/v1/Bills/2818", "bills/api/v1/Bills/2818.json"),
    ("bills", "/api/v1/Bills/2818/Stages", "bills/api/v1/Bills/2818/Stages.json"),
    ("legislation", "/ukpga/2025/1/section/1/data.xml",
     "legislation/ukpga/2025/1/section/1/data.xml"),
])
def test_each_snapshot_file_names_its_request_and_back(tmp_path, service, path, file):
    official = str(tmp_path)
    target = services.snapshot_file(official, service, path)
    assert target == os.path.join(official, *file.split("/"))
    assert services.request_of_snapshot(official, target) == (service, path)


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/a/./b", "relative", "/a b",
                                  "/api/Members/1?x=1", "/a//b"])
def test_paths_that_could_leave_the_folder_are_refused(tmp_path, path):
    with pytest.raises(ValueError, match="not a plain request path"):
        services.snapshot_file(str(tmp_path), "members", path)


def test_write_is_atomic_and_reports_whether_it_changed(tmp_path):
    official = str(tmp_path)
    target, changed = write_snapshot(official, "members", "/api/Members/1", b"{}")
    assert changed and read_snapshot(official, "members", "/api/Members/1") == b"{}"
    assert write_snapshot(official, "members", "/api/Members/1", b"{}")[1] is False
    assert [os.path.basename(f) for f in snapshot_files(official)] == ["1.json"]
    # No temporary file is left behind.
    assert os.listdir(os.path.dirname(target)) == ["1.json"]


def fetcher(base: str, **options) -> Fetcher:
    return Fetcher(base_urls(base), make_options(**options))


def test_fetch_sends_the_descriptive_user_agent_to_the_openapi_path():
    with api_server() as (base, seen), fetcher(base) as f:
        body, division = f.fetch("lords-votes", "/data/Divisions/3172")
    assert body == lords_3172() and division.division_id == 3172
    path, agent = seen[0]
    assert path == "/data/Divisions/3172"
    assert agent.startswith("widget-fixture-fetch/0.1 (+https://timeline.invalid/about/")


@pytest.mark.parametrize(("answer", "message"), [
    ((404, b"{}"), "HTTP 404"),
    ((500, b"error code: 500"), "HTTP 500"),
    ((200, b"<html>Just a moment...</html>"), "not valid JSON"),
    ((200, b'{"DivisionId": 1873}'), "Commons division 1873, Title: missing"),
    ((200, b" " * (10 * 1024 * 1024 + 1)), "limit"),
])
def test_a_failed_or_bad_fetch_leaves_the_snapshot_as_it_was(tmp_path, answer, message):
    official = str(tmp_path)
    path = "/data/division/1873.json"
    good = corpus_bytes("votes-api/commons-1873.json")
    write_snapshot(official, "commons-votes", path, good)
    with api_server({path: answer}) as (base, _):
        results = refresh_official(official, base_urls(base), make_options(retries=0))
    assert len(results) == 1 and message in results[0].error
    assert not results[0].changed
    assert read_snapshot(official, "commons-votes", path) == good


class Trickle(BaseHTTPRequestHandler):
    """Sends headers, then nothing: a server that holds the connection."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        time.sleep(3)

    def log_message(self, *args):
        pass


def test_a_timeout_is_a_clear_error_and_keeps_the_snapshot(tmp_path):
    official = str(tmp_path)
    path = "/api/Members/4514"
    write_snapshot(official, "members", path, b'{"kept": true}')
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        results = refresh_official(official, base_urls(base),
                                   make_options(retries=0, read_timeout=0.3))
    finally:
        server.shutdown()
        server.server_close()
    assert "timed out" in results[0].error
    assert read_snapshot(official, "members", path) == b'{"kept": true}'


def test_refresh_refetches_every_snapshot_from_its_path(tmp_path):
    official = str(tmp_path)
    write_snapshot(official, "lords-votes", "/data/Divisions/3172", b'{"old": 1}')
    write_snapshot(official, "members", "/api/Members/4514", b'{"old": 2}')
    with api_server() as (base, seen):
        results = refresh_official(official, base_urls(base), make_options())
    assert sorted(p for p, _ in seen) == ["/api/Members/4514", "/data/Divisions/3172"]
    assert all(r.changed and r.error is None for r in results)
    assert read_snapshot(official, "lords-votes", "/data/Divisions/3172") == lords_3172()


def test_an_unknown_service_in_the_settings_is_an_error():
    from pelican.plugins.parliament_timeline.settings import TimelineSettingsError, read_settings

    with pytest.raises(TimelineSettingsError, match="unknown service 'hansard'"):
        read_settings({"TIMELINE_API_BASE_URLS": {"hansard": "https://x.invalid"}})
    with pytest.raises(TimelineSettingsError, match="must be an http"):
        read_settings({"TIMELINE_API_BASE_URLS": {"bills": "file:///etc"}})
    ts = read_settings({"TIMELINE_API_BASE_URLS": {"bills": "http://127.0.0.1:9/"}})
    assert ts.api_base_urls["bills"] == "http://127.0.0.1:9"
    assert ts.api_base_urls["members"] == "https://members-api.parliament.uk"


def test_official_code_never_requests_outside_fetch_http():
    # Every request goes through sources/http.py's get (one HTTP client).
    import pelican.plugins.parliament_timeline.official as package

    folder = os.path.dirname(package.__file__)
    for name in os.listdir(folder):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            assert "httpx" not in text and "urllib.request" not in text, name


def test_refresh_fetches_what_the_records_name_and_keeps_failures_out(tmp_path):
    from conftest import FIXTURE_SITE, fixture_settings
    from pelican.plugins.parliament_timeline.commands.project import open_project
    from pelican.plugins.parliament_timeline.records.official import official_requests

    project = open_project(fixture_settings(FIXTURE_SITE, tmp_path / "out"), str(tmp_path))
    requests = official_requests(project.vocabulary)
    # The fixture names a bill, its division, two members and an enacted provision by
    # their official addresses.
    assert requests == [("bills", "/api/v1/Bills/99901"),
                        ("bills", "/api/v1/Bills/99901/Publications"),
                        ("bills", "/api/v1/Bills/99901/Stages"),
                        ("commons-votes", "/data/division/99901.json"),
                        ("legislation", "/ukpga/2025/9901/section/1/data.xml"),
                        ("members", "/api/Members/99901"), ("members", "/api/Members/99903")]
    official = str(tmp_path / "official")
    made = (FIXTURES_OFFICIAL / "made-commons-division-99901.json").read_bytes()
    with api_server({"/data/division/99901.json": lambda: made}) as (base, seen):
        results = refresh_official(official, base_urls(base), make_options(retries=0),
                                   requests)
    assert sorted(p for p, _ in seen) == sorted(path for _, path in requests)
    # Only the division was answered: the others fail and write nothing.
    assert [(r.changed, r.error is None) for r in results] == [
        (False, False), (False, False), (False, False), (True, True), (False, False),
        (False, False), (False, False)]
    assert read_snapshot(official, "commons-votes", "/data/division/99901.json") == made
    assert read_snapshot(official, "members", "/api/Members/99901") is None
