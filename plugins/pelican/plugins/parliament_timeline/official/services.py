"""Where each request goes, and where its snapshot lives.

Each request is a service key (a key of ``TIMELINE_API_BASE_URLS``) and a
path from that service's OpenAPI document. Its snapshot is the file

    <content>/official/<service>/<path>[.json]

``.json`` is added for the services whose paths carry no format of their
own (bills, lords-votes, members); the Commons Votes paths end in
``.json`` and legislation.gov.uk's in ``data.xml`` already, and are kept
as they are. So each snapshot names its request, and a refresh re-fetches
every snapshot from its file name alone (:func:`request_of_snapshot`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    """An official data service: its key, its name for messages, its paths' form."""

    key: str
    label: str
    # Whether the snapshot's name adds ".json" to the request path.
    add_json: bool


SERVICES = {s.key: s for s in (
    Service("bills", "Bills API", True),
    Service("commons-votes", "Commons Votes API", False),
    Service("lords-votes", "Lords Votes API", True),
    Service("members", "Members API", True),
    Service("legislation", "legislation.gov.uk", False),
)}

# A path segment: letters, digits and a few marks; never "." or "..".
SEGMENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def division_path(house: str, division_id: int) -> tuple[str, str]:
    """(service, path) of one division of either House."""
    if house == "commons":
        return "commons-votes", f"/data/division/{division_id}.json"
    return "lords-votes", f"/data/Divisions/{division_id}"


def member_path(member_id: int) -> tuple[str, str]:
    """(service, path) of one member."""
    return "members", f"/api/Members/{member_id}"


def bill_paths(bill_id: int) -> dict[str, tuple[str, str]]:
    """(service, path) of a bill, its stages and its publications."""
    base = f"/api/v1/Bills/{bill_id}"
    return {"bill": ("bills", base), "stages": ("bills", f"{base}/Stages"),
            "publications": ("bills", f"{base}/Publications")}


def legislation_path(provision: str) -> tuple[str, str]:
    """(service, path) of a provision's CLML: 'ukpga/2025/18/section/138'."""
    return "legislation", f"/{provision.strip('/')}/data.xml"


def check_path(path: str) -> None:
    """Refuse a path that could leave the snapshot folder or is not a plain path."""
    segments = path.strip("/").split("/")
    if not path.startswith("/") or not all(SEGMENT_RE.match(s) for s in segments):
        raise ValueError(f"not a plain request path: {path!r}")


def snapshot_file(official: str, service: str, path: str) -> str:
    """The snapshot file of a request, under ``official`` (content/official)."""
    check_path(path)
    name = path.strip("/") + (".json" if SERVICES[service].add_json else "")
    return os.path.join(official, service, *name.split("/"))


def request_of_snapshot(official: str, file: str) -> tuple[str, str] | None:
    """(service, path) a snapshot file answers, or None for a file that is not one."""
    rel = os.path.relpath(file, official).replace(os.sep, "/")
    service, _, name = rel.partition("/")
    if service not in SERVICES or not name:
        return None
    if SERVICES[service].add_json:
        if not name.endswith(".json"):
            return None
        name = name.removesuffix(".json")
    path = "/" + name
    try:
        check_path(path)
    except ValueError:
        return None
    return service, path


def request_url(base_urls: dict[str, str], service: str, path: str) -> str:
    """The full URL of a request."""
    check_path(path)
    return base_urls[service].rstrip("/") + path
