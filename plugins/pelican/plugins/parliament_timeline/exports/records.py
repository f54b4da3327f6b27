"""The records of the debate as plain JSON values: people, questions, amendments...

``timeline.json`` carries one array per kind (docs/debate-records.md), each
record with its key as ``id`` and every field; the CSV files
(:mod:`.recordcsv`) are cut from the same values. Records name one another
by id: a person's or a question's key, an amendment's, a division's or a
version's key, a bill's key, and an event's permanent ``urn:uuid:`` id.

A name is never more than the records say: a count, a text or a date that
was not seen is null. A link to an event that is not on the timeline (a
problem ``invoke check`` reports, which only a development build lets
through) is left out, so every id the file names is in it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ..model import Source
from ..procedure import DECISIONS, DIVISION_LOBBIES, DIVISION_RESULTS
from ..records.amendments import Amendment
from ..records.divisions import Division
from ..records.kinds import AMENDMENT, DIVISION, PERSON, QUESTION, VERSION
from ..records.official import division_official_id, member_official_id
from ..records.people import PersonRecord
from ..records.questions import Question
from ..records.versions import Version
from .common import ExportSite, declared_values, person_ref, question_refs, stage_term

# The arrays of timeline.json, in the file's order, one per kind of record.
KINDS = ("people", "questions", "amendments", "divisions", "versions")


def sources(found: Iterable[Source]) -> list[dict]:
    """Sources as every record gives them: the first is the one it rests on."""
    return [{"url": s.url, "title": s.title, "official": s.official} for s in found]


def term(key: str | None, labels: dict) -> dict | None:
    """A key of a vocabulary with its label (None for no key)."""
    return None if key is None else {"key": key, "label": labels[key]}


def iso(day) -> str | None:
    """A date as ``YYYY-MM-DD``, or None when it is not known."""
    return None if day is None else day.isoformat()


class RecordExport:
    """Turns the vocabulary's records into JSON values for one build's timeline."""

    def __init__(self, site: ExportSite, events: Collection[str]):
        """``events``: the slugs of the events on the timeline."""
        self.site = site
        self.vocabulary = site.vocabulary
        self.events = events

    def event_ids(self, slugs: Iterable[str]) -> list[str]:
        """The permanent ids of the events among ``slugs`` that are on the timeline."""
        return [self.site.event_id_of(s) for s in slugs if s in self.events]

    def known(self, key: str | None, records) -> str | None:
        """``key`` when it names one of ``records``, else None."""
        return key if key in records else None

    def person(self, p: PersonRecord) -> dict:
        """A person, with their posts (dates as written: a year, a month or a day)."""
        return {
            "id": p.key,
            "name": p.name,
            "party": p.party,
            "house": term(p.house, self.vocabulary.houses),
            "member_url": p.member_url,
            "member_id": member_official_id(p)[0],
            "seat": p.seat,
            "roles": [{"title": r.title, "from": r.start, "to": r.end} for r in p.roles],
            "about_markdown": p.about or None,
            "sources": sources(p.sources),
            "unverified": p.unverified,
            **declared_values(PERSON, p),
        }

    def question(self, q: Question) -> dict:
        """A question in dispute, its sides in the order written, and its outcome."""
        return {
            "id": q.key,
            "title": q.title,
            "summary": q.summary,
            "sides": [{"id": key, "text": text} for key, text in q.sides.items()],
            "outcome": q.outcome,
            "body_markdown": q.body or None,
            "sources": sources(q.sources),
            "unverified": q.unverified,
            **declared_values(QUESTION, q),
        }

    def amendment(self, a: Amendment) -> dict:
        """An amendment: where it was moved, by whom, and what the House decided."""
        v = self.vocabulary
        replaced_by = None
        if a.replaced_by in v.amendments:
            replaced_by = {"type": "amendment", "id": a.replaced_by}
        elif a.replaced_by in v.versions:
            replaced_by = {"type": "version", "id": a.replaced_by}
        return {
            "id": a.key,
            "label": a.label,
            "number": a.number,
            "title": a.title,
            "bill": a.bill.key,
            "house": term(a.house, v.houses),
            "stage": stage_term(a.stage),
            "mover": None if a.mover is None else person_ref(a.mover),
            "supporters": [person_ref(p) for p in a.supporters],
            "tabled": iso(a.tabled),
            "decided": iso(a.decided),
            "decision": term(a.decision.key, {k: d.label for k, d in DECISIONS.items()}),
            "division": self.known(a.division, v.divisions),
            "replaced_by": replaced_by,
            "events": self.event_ids(a.events),
            "questions": question_refs(a.questions),
            "statement": a.statement,
            "text": a.text or None,
            "sources": sources(a.sources),
            "unverified": a.unverified,
            **declared_values(AMENDMENT, a),
        }

    def division(self, d: Division) -> dict:
        """A division: the question put, each lobby's count (null when not seen), the result."""
        v = self.vocabulary
        name_for, name_against = DIVISION_LOBBIES[d.house]
        event = self.event_ids([d.event])
        return {
            "id": d.key,
            "house": term(d.house, v.houses),
            "date": iso(d.date),
            "number": d.number,
            "division_id": division_official_id(d)[0],
            "question": d.question,
            "lobbies": {
                "for": {"name": name_for, "count": d.votes_for,
                        "tellers": [person_ref(p) for p in d.tellers_for],
                        "meaning": d.vote_for},
                "against": {"name": name_against, "count": d.votes_against,
                            "tellers": [person_ref(p) for p in d.tellers_against],
                            "meaning": d.vote_against},
            },
            "result": term(d.result, DIVISION_RESULTS),
            "amendment": self.known(d.decides, v.amendments),
            "event": event[0] if event else None,
            "questions": question_refs(d.questions),
            "notes_markdown": d.notes or None,
            "sources": sources(d.sources),
            "unverified": d.unverified,
            **declared_values(DIVISION, d),
        }

    def version(self, ver: Version) -> dict:
        """A version of the wording and its text as printed, one paragraph per item."""
        return {
            "id": ver.key,
            "title": ver.title,
            "date": iso(ver.date),
            "bill": None if ver.bill is None else ver.bill.key,
            "stage": None if ver.stage is None else stage_term(ver.stage),
            "provision": ver.provision,
            "amendment": self.known(ver.amendment, self.vocabulary.amendments),
            "partial": ver.partial,
            "enacted": ver.enacted,
            "in_force": iso(ver.in_force),
            "up_to_date": iso(ver.up_to_date),
            "paragraphs": list(ver.paragraphs),
            "sources": sources(ver.sources),
            "unverified": ver.unverified,
            **declared_values(VERSION, ver),
        }

    def all(self) -> dict[str, list[dict]]:
        """Every record, by kind (:data:`KINDS`), each kind in key order."""
        v = self.vocabulary
        return {
            "people": [self.person(p) for _, p in sorted(v.people.items())],
            "questions": [self.question(q) for _, q in sorted(v.questions.items())],
            "amendments": [self.amendment(a) for _, a in sorted(v.amendments.items())],
            "divisions": [self.division(d) for _, d in sorted(v.divisions.items())],
            "versions": [self.version(x) for _, x in sorted(v.versions.items())],
        }


def debate_records(site: ExportSite, events: Collection[str]) -> dict[str, list[dict]]:
    """The records of the debate as timeline.json has them; ``events``: the timeline's slugs."""
    return RecordExport(site, events).all()
