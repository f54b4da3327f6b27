"""The importers: records from Parliament's data, for editors to review.

``import-division``, ``import-member``, ``import-bill`` and ``import-amendments``.

Each importer fetches the official answers (official/fetch.py, through
sources/http.py), keeps them as committed snapshots (content/official/...),
and writes the records an editor reviews in a pull request: it never
overwrites a file, and says which it left as they were. Imported events
and divisions are drafts (``Status: draft``): they show in previews and
stay out of the publishing build until an editor writes their narrative.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from ..official.bills import stage_key
from ..official.fetch import Fetcher, OfficialFetchError
from ..official.services import bill_paths, division_path, member_path
from ..official.snapshots import official_folder, write_snapshot
from ..records.bills import SESSION_RE
from ..records.common import EVENT_ID_RE, KEY_RE
from ..records.official import division_official_id, member_official_id
from ..records.write import (
    amendment_record,
    bill_record,
    division_key,
    division_record,
    person_key,
    person_record,
    slugify,
    stage_event_record,
    stage_event_slug,
)
from ..sources.http import HttpOptions, build_user_agent
from .fetchfeeds import contact_url
from .project import CommandError, Project, open_project


class ImportFailed(CommandError):
    """An import that cannot be done; the message says why in one line."""


@dataclass
class Importer:
    """One import run on one site: its project, the fetcher, where things go."""

    project: Project
    fetcher: Fetcher | None
    out: TextIO

    @property
    def official(self) -> str:
        """The snapshot folder (content/official)."""
        return official_folder(self.project.content, self.project.ts.official_path)

    def fetch(self, service: str, path: str):
        """Fetch and parse one answer, keep its snapshot, return the parsed value."""
        try:
            body, parsed = self.fetcher.fetch(service, path)
        except OfficialFetchError as e:
            raise ImportFailed(str(e)) from None
        target, changed = write_snapshot(self.official, service, path, body)
        shown = self.project.show(target)
        print(f"{'Wrote' if changed else 'Unchanged:'} {shown}", file=self.out)
        return parsed, shown

    def write_record(self, folder: str, key: str, text: str) -> bool:
        """Write a new record ``<folder>/<key>.md``; an existing one is left as it is."""
        if not KEY_RE.match(key):
            raise ImportFailed(f"'{key}' is not a record's key (lower-case letters, digits "
                               "and hyphens)")
        path = os.path.join(self.project.content, folder, f"{key}.md")
        shown = self.project.show(path)
        if os.path.exists(path):
            print(f"Kept {shown}: it exists already (check compares it with the snapshot)",
                  file=self.out)
            return False
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
        print(f"Wrote {shown}", file=self.out)
        return True


def open_importer(settings: Mapping[str, Any], root: str, contact: str | None,
                  out: TextIO | None) -> Importer:
    """The project and a fetcher with the User-Agent the fetch step uses."""
    project = open_project(settings, root)
    contact_at = contact_url(settings, contact)
    if contact_at is None:
        raise ImportFailed("no contact URL for the User-Agent: pass --contact, or set "
                           "TIMELINE_FETCH_CONTACT in pelicanconf.py or SITEURL in the "
                           "environment")
    options = HttpOptions(user_agent=build_user_agent(contact_at, project.ts.fetch_product))
    fetcher = Fetcher(project.ts.api_base_urls, options)
    return Importer(project, fetcher, out if out is not None else sys.stdout)


def _people_by_member_id(project: Project) -> dict[int, str]:
    found = {}
    for key, person in project.vocabulary.people.items():
        member_id, _ = member_official_id(person)
        if member_id is not None:
            found[member_id] = key
    return found


def _positive(value: Any, what: str) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if number < 1:
        raise ImportFailed(f"{what} must be a whole number, 1 or more, not {value!r}")
    return number


def import_division_command(settings: Mapping[str, Any], root: str, house: str, division_id,
                            *, event: str | None = None, key: str | None = None,
                            contact: str | None = None, out: TextIO | None = None) -> int:
    """Import one division of either House as a draft division record."""
    if house not in ("commons", "lords"):
        raise ImportFailed(f"--house must be commons or lords, not {house!r}")
    division_id = _positive(division_id, "--id")
    if event is not None and not EVENT_ID_RE.match(event):
        raise ImportFailed(f"--event takes an event's id (its file name without .md), not "
                           f"{event!r}")
    imp = open_importer(settings, root, contact, out)
    with imp.fetcher:
        division, snapshot = imp.fetch(*division_path(house, division_id))
    for d in imp.project.vocabulary.divisions.values():
        if division_official_id(d)[0] == division_id and d.house == house:
            print(f"Kept {imp.project.show(d.source_path)}: it is this division already",
                  file=imp.out)
            return 0
    text = division_record(division, people_by_id=_people_by_member_id(imp.project),
                           event=event, snapshot=snapshot)
    imp.write_record(imp.project.ts.divisions_path, key or division_key(division), text)
    return 0


def import_member_command(settings: Mapping[str, Any], root: str, member_id, *,
                          key: str | None = None, contact: str | None = None,
                          out: TextIO | None = None) -> int:
    """Import one member of either House as a person record."""
    member_id = _positive(member_id, "--id")
    imp = open_importer(settings, root, contact, out)
    with imp.fetcher:
        member, _ = imp.fetch(*member_path(member_id))
    known = _people_by_member_id(imp.project)
    if member_id in known:
        person = imp.project.vocabulary.people[known[member_id]]
        print(f"Kept {imp.project.show(person.source_path)}: it is this member already",
              file=imp.out)
        return 0
    imp.write_record(imp.project.ts.people_path, key or person_key(member), person_record(member))
    return 0


def import_bill_command(settings: Mapping[str, Any], root: str, bill_id, *,
                        session: str, key: str | None = None, contact: str | None = None,
                        out: TextIO | None = None) -> int:
    """Import a bill record and a draft event per stage sitting; keep its publications.

    The Bills API names a session only by an internal number, so the
    session (``YYYY-YY``) is given by the editor.
    """
    bill_id = _positive(bill_id, "--id")
    if not session or not SESSION_RE.match(session):
        raise ImportFailed(f"--session must be YYYY-YY (e.g. 2024-26), not {session!r}: the "
                           "Bills API gives the session only as a number")
    imp = open_importer(settings, root, contact, out)
    paths = bill_paths(bill_id)
    with imp.fetcher:
        bill, _ = imp.fetch(*paths["bill"])
        stages, _ = imp.fetch(*paths["stages"])
        try:
            publications, _ = imp.fetch(*paths["publications"])
        except ImportFailed as e:
            # The bill and its stages are still worth importing.
            print(f"Publications not imported: {e}", file=imp.out)
            publications = ()
    act = None
    if bill.is_act:
        acts = [p for p in publications if p.kind == "Act of Parliament"]
        if acts:
            html = [link for link in acts[-1].links if link.content_type == "text/html"]
            link = (html or list(acts[-1].links) or [None])[0]
            act = (acts[-1].title, link.url if link else None)
    existing = {k: b for k, b in imp.project.vocabulary.bills.items() if b.bill_id == bill_id}
    bill_key = key or (next(iter(existing)) if existing else slugify(bill.title))
    if not imp.project.vocabulary.bills.get(bill_key):
        imp.write_record(imp.project.ts.bills_path, bill_key,
                         bill_record(bill, session=session, act=act))
    else:
        print(f"Kept {imp.project.show(imp.project.vocabulary.bills[bill_key].source_path)}: "
              "the bill's record exists already", file=imp.out)
    entries = imp.project.ts.paths[0]
    written = skipped = 0
    for stage in stages:
        timeline_stage = stage_key(stage.description)
        if timeline_stage is None:
            if stage.sittings:
                print(f"No event for '{stage.description}': not a stage of the timeline",
                      file=imp.out)
            continue
        for n, sitting in enumerate(stage.sittings, 1):
            slug = stage_event_slug(sitting, bill_key, stage, n, len(stage.sittings))
            text = stage_event_record(bill, bill_key, stage, timeline_stage, sitting, n,
                                      len(stage.sittings))
            if imp.write_record(entries, slug, text):
                written += 1
            else:
                skipped += 1
    print(f"{written} draft event(s) written, {skipped} kept as they were", file=imp.out)
    return 0


def _read_paper(imp: Importer, paper: str) -> tuple[bytes, str]:
    """The paper's bytes (a file, or a URL fetched like every request) and its address."""
    if paper.startswith(("https://", "http://")):
        from ..sources.http import FetchError, get

        try:
            response = get(imp.fetcher.client, paper, name=f"amendment paper {paper}",
                           options=imp.fetcher.options, limiter=imp.fetcher.limiter,
                           headers={"Accept": "application/xml"})
        except FetchError as e:
            raise ImportFailed(f"{paper}: {e}") from None
        return response.body or b"", paper
    try:
        with open(paper, "rb") as f:
            return f.read(), ""
    except OSError as e:
        raise ImportFailed(f"cannot read {paper}: {e.strerror or e}") from None


def import_amendments_command(settings: Mapping[str, Any], root: str, paper: str, *,
                              bill: str, event: str, stage: str | None = None,
                              source: str | None = None, contact: str | None = None,
                              out: TextIO | None = None) -> int:
    """Import each amendment of a LawMaker amendment paper as an amendment record (pending)."""
    from ..official.lawmaker import parse_amendment_paper
    from ..official.reader import OfficialDataError
    from ..records.common import check_url
    from ..records.validate import slug_for_path

    online = paper.startswith(("https://", "http://"))
    imp = (open_importer(settings, root, contact, out) if online
           else Importer(open_project(settings, root), None, out if out is not None
                         else sys.stdout))
    project = imp.project
    if bill not in project.vocabulary.bills:
        raise ImportFailed(f"unknown bill '{bill}' (add content/bills/{bill}.md first)")
    if event not in {slug_for_path(p) for p in project.entry_files()}:
        raise ImportFailed(f"unknown event '{event}' (no entry file has that name)")
    if online:
        with imp.fetcher:
            body, address = _read_paper(imp, paper)
    else:
        body, address = _read_paper(imp, paper)
    try:
        parsed = parse_amendment_paper(body, paper)
    except OfficialDataError as e:
        raise ImportFailed(str(e)) from None
    if parsed.house is None:
        raise ImportFailed(f"{paper}: the paper does not say which House it is of")
    stage_name = stage or stage_key(parsed.stage or "")
    if stage_name not in project.vocabulary.stages:
        raise ImportFailed(f"{paper}: the paper's stage '{parsed.stage}' is not a stage of the "
                           "timeline: give --stage")
    url = source or address or parsed.url
    if not url or check_url(url):
        raise ImportFailed("give --source: the address of the amendment paper")
    when = f", {parsed.published.day} {parsed.published:%B %Y}" if parsed.published else ""
    label = f"{parsed.bill_title or 'Amendment paper'}, {parsed.stage or stage_name}{when}"
    by_name = {p.name: key for key, p in project.vocabulary.people.items()}
    written = 0
    for a in parsed.amendments:
        key = f"{bill}-{stage_name}-{slugify(a.number, 12)}"
        text = amendment_record(a, bill=bill, house=parsed.house, stage=stage_name,
                                event=event, source=f"{url} | {label} (amendment paper)",
                                people_by_name=by_name, title=a.heading or a.number)
        written += imp.write_record(project.ts.amendments_path, key, text)
    print(f"{written} amendment record(s) written from {len(parsed.amendments)} in the paper",
          file=imp.out)
    return 0
