"""Record files written from official data, for an editor to review.

Each function returns the text of one record in the metadata format
(records/parse.py). Every value comes from a parsed official answer, plain
text on one line already (official/reader.py); here it is also made safe
for the field it goes in: no '|' in a value of a ``a | b`` line, no ','
in an item of a comma list, so an answer can never add a field, a source
or a list item of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..official.types import (
    AmendmentText,
    OfficialBill,
    OfficialDivision,
    OfficialMember,
    OfficialStage,
    Sitting,
)
from ..procedure import HOUSES


def slugify(text: str, limit: int = 60) -> str:
    """A key from a name: lower-case ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "record"


def _one(value: object) -> str:
    """A value on one line."""
    return " ".join(str(value).split())


def _piece(value: str) -> str:
    """A part of an ``a | b`` line."""
    return _one(value).replace("|", "/")


def _item(value: str) -> str:
    """An item of a comma list."""
    return _piece(value).replace(",", "")


def record_text(fields: Sequence[tuple[str, str | Sequence[str] | None]], body: str = "") -> str:
    """A record's text: ``Key: value`` lines (a list continues indented), a blank line, the body."""
    lines = []
    for key, value in fields:
        if not value:
            continue
        values = [value] if isinstance(value, str) else list(value)
        lines.append(f"{key}: {_one(values[0])}")
        lines.extend(f"    {_one(v)}" for v in values[1:])
    return "\n".join(lines) + "\n\n" + (body.strip() + "\n" if body.strip() else "")


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def division_key(d: OfficialDivision) -> str:
    """An imported division's key: '2024-11-20-lords-division-5'."""
    return f"{d.date.isoformat()}-{d.house}-division-{d.number}"


def division_record(d: OfficialDivision, *, people_by_id: dict[int, str],
                    event: str | None = None, snapshot: str = "") -> str:
    """A division record (a draft) from its Votes API answer.

    Tellers are named by key when each has a person record (by Member-id),
    otherwise in the notes, by name. Every member's vote stays in the snapshot; the record
    holds what an editor reads and checks.
    """
    counts = {"commons": ("Ayes", "Noes"), "lords": ("Contents", "Not-contents")}[d.house]
    service = "Commons Votes" if d.house == "commons" else "Lords Votes"

    lobbies = {"commons": ("Ayes", "Noes"), "lords": ("Contents", "Not Contents")}[d.house]
    known: dict[str, list[str]] = {"for": [], "against": []}
    unknown = []
    for side, lobby, voters in (("for", lobbies[0], d.tellers_for),
                                ("against", lobbies[1], d.tellers_against)):
        keys = [people_by_id.get(v.member_id) for v in voters]
        if voters and all(keys):
            known[side] = [", ".join(keys)]
        elif voters:
            # Names without a person record would each be a warning in a field.
            unknown.append(f"Tellers for the {lobby}: "
                           f"{', '.join(_one(v.name) for v in voters)}.")
    where = f" {snapshot}" if snapshot else ""
    notes = " ".join([
        f"Imported from the {service} API (division {d.division_id}): {_one(d.title)}.",
        *unknown,
        f"Every member's vote is in the committed snapshot{where}. An editor says what a "
        "vote for and against meant (Vote-for, Vote-against), links the event (Event) and "
        "removes 'Status: draft'.",
    ])
    return record_text([
        ("House", d.house),
        ("Date", d.date.isoformat()),
        ("Number", str(d.number)),
        ("Division-id", str(d.division_id)),
        ("Question", d.question),
        (counts[0], str(d.votes_for)),
        (counts[1], str(d.votes_against)),
        ("Result", d.result),
        ("Event", event),
        ("Tellers-for", known["for"]),
        ("Tellers-against", known["against"]),
        ("Status", "draft"),
        ("Sources", f"{d.url} | {_piece(d.title)}, Division {d.number}, "
                    f"{_long_date(d.date)} ({service})"),
    ], notes)


def person_key(m: OfficialMember) -> str:
    """An imported person's key: their name as displayed, 'sir-jane-widget'."""
    return slugify(m.name)


def person_record(m: OfficialMember) -> str:
    """A person record from their Members API answer."""
    role = None
    if m.house is not None:
        what = ("Member of Parliament" if m.house == "commons"
                else "Member of the House of Lords")
        if m.member_from:
            what += (f" for {m.member_from}" if m.house == "commons"
                     else f" ({m.member_from})")
        start = m.membership_start.isoformat() if m.membership_start else ""
        end = m.membership_end.isoformat() if m.membership_end else ""
        role = f"{_piece(what)} | {start} | {end}".rstrip()
    return record_text([
        ("Name", m.name),
        ("Party", m.party),
        ("House", m.house),
        ("Seat", m.member_from),
        ("Member-id", str(m.member_id)),
        ("Member-URL", m.url),
        ("Roles", role),
        ("Sources", f"{m.url} | {_piece(m.name)} (UK Parliament, Members)"),
    ])


def bill_status(b: OfficialBill) -> str:
    """The bill record's Status from the API's flags."""
    if b.is_act:
        return "royal-assent"
    if b.withdrawn:
        return "withdrawn"
    if b.defeated:
        return "not-passed"
    return "in-progress"


def bill_record(b: OfficialBill, *, session: str, act: tuple[str, str] | None = None) -> str:
    """A bill record from its Bills API answer; ``act`` is the Act's (title, URL) if known."""
    origin = HOUSES.get(b.originating_house or "", "")
    said = [f"Introduced in the {origin}." if origin else ""]
    if b.current_stage:
        said.append(f"Latest stage in the Bills API: {b.current_stage}.")
    said.append("Imported from the Bills API: an editor says what became of the bill.")
    return record_text([
        ("Title", b.title),
        ("Session", session),
        ("House", b.originating_house),
        ("Status", bill_status(b)),
        ("URL", b.url),
        ("Bill-id", str(b.bill_id)),
        ("Act", act[0] if act else None),
        ("Act-URL", act[1] if act else None),
    ], " ".join(s for s in said if s))


def stage_event_record(b: OfficialBill, bill_key: str, stage: OfficialStage, stage_key: str,
                       sitting: Sitting, nth: int, of: int) -> str:
    """A draft event for one sitting of a bill's stage."""
    house = HOUSES.get(stage.house or "")
    where = f" in the {house}" if house else ""
    day = f", day {nth} of {of}" if of > 1 else ""
    chamber = stage.house or ("crown" if stage_key == "royal-assent" else "other")
    url = f"{b.url}/stages/{stage.bill_stage_id}"
    return record_text([
        ("Title", f"{b.title}: {stage.description}{where}{day}"),
        ("Date", sitting.date.isoformat()),
        ("Summary", f"The {b.title} had its {stage.description.lower()}{where}{day} on "
                    f"{_long_date(sitting.date)}."),
        ("Stage", stage_key),
        ("Chamber", chamber),
        ("Bill", bill_key),
        ("Status", "draft"),
        ("Sources", f"{url} | {_piece(b.title)}: {_piece(stage.description)} "
                    "(UK Parliament, Bills)"),
    ], "")


def stage_event_slug(sitting: Sitting, bill_key: str, stage: OfficialStage, nth: int,
                     of: int) -> str:
    """A draft event's id: its date, the bill and the stage."""
    house = f"-{stage.house}" if stage.house else ""
    day = f"-day-{nth}" if of > 1 else ""
    return (f"{sitting.date.isoformat()}-{slugify(bill_key, 40)}-"
            f"{slugify(stage.description, 30)}{house}{day}")


def amendment_record(a: AmendmentText, *, bill: str, house: str, stage: str, event: str,
                     source: str, people_by_name: dict[str, str], title: str) -> str:
    """An amendment record (decision pending) from an amendment paper."""
    sponsors = [people_by_name.get(s) or _item(s) for s in a.sponsors]
    return record_text([
        ("Title", title),
        ("Bill", bill),
        ("House", house),
        ("Stage", stage),
        ("Number", a.number),
        ("Mover", sponsors[0] if sponsors else None),
        ("Supporters", [", ".join(sponsors[1:])] if len(sponsors) > 1 else None),
        ("Decision", "pending"),
        ("Events", event),
        ("Statement", a.statement),
        ("Sources", source.replace("\n", " ")),
    ], a.text)
