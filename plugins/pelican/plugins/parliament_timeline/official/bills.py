"""The Bills API: a bill, its stages with their sittings, and its publications.

    GET https://bills-api.parliament.uk/api/v1/Bills/{id}
    GET https://bills-api.parliament.uk/api/v1/Bills/{id}/Stages
    GET https://bills-api.parliament.uk/api/v1/Bills/{id}/Publications

:data:`STAGE_NAMES` maps the API's stage names to the timeline's stage
keys (procedure.py); motions and resolutions that are not stages of a
bill's passage (a programme motion, a money resolution) map to nothing.
"""

from __future__ import annotations

from .reader import Fields, OfficialDataError, load_json
from .types import DocumentLink, OfficialBill, OfficialStage, Publication, Sitting

HOUSES = {"Commons": "commons", "Lords": "lords"}

# The Bills API's stage names (GET /api/v1/Stages), lower-cased -> stage key.
STAGE_NAMES = {
    "1st reading": "first-reading",
    "2nd reading": "second-reading",
    "second reading committee": "second-reading",
    "committee stage": "committee",
    "committee of the whole house": "committee",
    "committee stage (re-committed clauses and schedules)": "committee",
    "grand committee": "committee",
    "select committee stage": "committee",
    "report stage": "report",
    "3rd reading": "third-reading",
    "consideration of lords amendments": "consideration-of-amendments",
    "consideration of commons amendments": "consideration-of-amendments",
    "lords consideration of commons amendments": "consideration-of-amendments",
    "commons consideration of lords amendments": "consideration-of-amendments",
    "consideration of lords message": "consideration-of-amendments",
    "consideration of commons message": "consideration-of-amendments",
    "royal assent": "royal-assent",
}


def stage_key(description: str) -> str | None:
    """The timeline's stage for an API stage name, or None (not a stage of passage)."""
    return STAGE_NAMES.get(" ".join(description.lower().split()))


def bill_source(bill_id: int | None, what: str = "") -> str:
    """How messages name a bill's answer: 'Bills API bill 2818 stages'."""
    return f"Bills API bill {bill_id}{' ' + what if what else ''}"


def _house(f: Fields, key: str) -> str | None:
    value = f.text(key, required=False)
    if value is None or value in ("All", "Unassigned"):
        return None
    if value not in HOUSES:
        raise f.error(key, f"expected Commons or Lords, found {value[:40]!r}")
    return HOUSES[value]


def parse_bill(body: bytes, expected_id: int | None = None) -> OfficialBill:
    """A Bills API bill; raises :class:`OfficialDataError`."""
    source = bill_source(expected_id)
    f = Fields(load_json(body, source), source)
    bill_id = f.integer("billId", minimum=1)
    if expected_id is not None and bill_id != expected_id:
        raise f.error("billId", f"the answer is for bill {bill_id}, not {expected_id}")
    stage = f.obj("currentStage", required=False)
    current = None
    if stage is not None:
        current = stage.text("description", required=False)
        house = _house(stage, "house")
        if current and house:
            current = f"{current}, House of {house.capitalize()}"
    return OfficialBill(
        bill_id=bill_id, title=f.text("shortTitle"),
        long_title=f.text("longTitle", required=False),
        originating_house=_house(f, "originatingHouse"),
        current_house=_house(f, "currentHouse"),
        is_act=bool(f.boolean("isAct", required=False)),
        withdrawn=f.get("billWithdrawn", str, required=False) is not None,
        defeated=bool(f.boolean("isDefeated", required=False)),
        current_stage=current, last_update=f.get("lastUpdate", str, required=False) or "",
    )


def parse_stages(body: bytes, bill_id: int | None = None) -> tuple[OfficialStage, ...]:
    """A bill's stages (``items``), each with its sittings, in the API's order."""
    source = bill_source(bill_id, "stages")
    f = Fields(load_json(body, source), source)
    stages = []
    for item in f.objects("items"):
        sittings = []
        for s in item.objects("stageSittings", required=False):
            if bill_id is not None and (found := s.integer("billId", required=False)) not in (
                    None, bill_id):
                raise s.error("billId", f"a sitting of bill {found}, not {bill_id}")
            sittings.append(Sitting(s.integer("id", minimum=1), s.date("date")))
        stages.append(OfficialStage(
            bill_stage_id=item.integer("id", minimum=1), stage_id=item.integer("stageId"),
            description=item.text("description"), house=_house(item, "house"),
            sort_order=item.integer("sortOrder", required=False) or 0,
            sittings=tuple(sorted(sittings, key=lambda s: (s.date, s.sitting_id))),
        ))
    return tuple(sorted(stages, key=lambda s: s.sort_order))


def parse_publications(body: bytes, bill_id: int | None = None) -> tuple[Publication, ...]:
    """A bill's publications, oldest first; only http(s) links are kept."""
    source = bill_source(bill_id, "publications")
    f = Fields(load_json(body, source), source)
    found = f.integer("billId", minimum=1)
    if bill_id is not None and found != bill_id:
        raise f.error("billId", f"the answer is for bill {found}, not {bill_id}")
    publications = []
    for p in f.objects("publications"):
        kind = p.obj("publicationType")
        links = []
        for link in p.objects("links", required=False):
            url = link.get("url", str)
            if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
                raise link.error("url", f"not an http(s) URL: {url[:60]!r}")
            links.append(DocumentLink(url, link.text("title", required=False) or "",
                                      link.text("contentType", required=False) or ""))
        publications.append(Publication(
            publication_id=p.integer("id", minimum=1), title=p.text("title"),
            kind=kind.text("name"), house=_house(p, "house"), date=p.date("displayDate"),
            links=tuple(links)))
    return tuple(sorted(publications, key=lambda p: (p.date, p.publication_id)))


__all__ = ["OfficialDataError", "bill_source", "parse_bill", "parse_publications",
           "parse_stages", "stage_key"]
