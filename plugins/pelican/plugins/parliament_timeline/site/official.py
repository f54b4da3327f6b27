"""What the pages show from the committed snapshots of official data.

For each division record that names its Votes API counterpart, its
snapshot gives the party split (per party: for, against, no vote
recorded), the members who voted against most of their party, and every
named member's vote; each person record that names its Members API id gets
their votes in every recorded division. A bill's publications (Bills API)
become its documents, by stage. Only snapshots are read, never the network;
a snapshot that cannot be read was reported by the checks
(records/official.py) and is left out here.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from ..official.bills import parse_publications, parse_stages
from ..official.legislation import Provision
from ..official.services import bill_paths
from ..official.snapshots import load
from ..official.types import OfficialDivision, OfficialStage, Publication, Voter
from ..records.bills import Bill, Document
from ..records.divisions import Division
from ..records.official import (
    bill_official_id,
    division_official_id,
    load_division,
    load_provision,
    member_official_id,
    version_provision,
)
from ..vocabulary import Vocabulary


@dataclass(frozen=True)
class PartyRow:
    """One party's votes in a division."""

    party: str
    voted_for: int
    voted_against: int
    no_vote: int


@dataclass(frozen=True)
class Rebel:
    """A member who voted against most of their party."""

    voter: Voter
    side: str  # the lobby they voted in: "for" or "against"
    party_for: int
    party_against: int


@dataclass(frozen=True)
class DivisionVotes:
    """A division's official votes, as its page shows them."""

    official: OfficialDivision
    parties: tuple[PartyRow, ...]
    rebels: tuple[Rebel, ...]

    @property
    def lists(self) -> tuple[tuple[str, tuple[Voter, ...]], ...]:
        """Each list of names: ('for', voters), ('against', ...), ('no-vote', ...)."""
        lists = [("for", self.official.voted_for), ("against", self.official.voted_against)]
        if self.official.no_vote:
            lists.append(("no-vote", self.official.no_vote))
        return tuple((side, tuple(sorted(voters, key=lambda v: (v.name, v.member_id))))
                     for side, voters in lists)

    @property
    def records_no_vote(self) -> bool:
        """Whether the House lists members with no vote recorded (the Commons does)."""
        return bool(self.official.no_vote)


@dataclass(frozen=True)
class PersonVote:
    """How one person voted in one recorded division."""

    division: Division
    # "for", "against", "no-vote", "teller-for" or "teller-against"
    side: str


@dataclass(frozen=True)
class DocumentGroup:
    """A bill's documents at one stage: the publications, then the editor's."""

    heading: str
    publications: tuple[Publication, ...] = ()
    documents: tuple[Document, ...] = ()


def party_split(o: OfficialDivision) -> tuple[tuple[PartyRow, ...], tuple[Rebel, ...]]:
    """Per party (most members first): for, against, no vote; and those against their party."""
    counts: dict[str, Counter] = {}
    for side, voters in (("for", o.voted_for), ("against", o.voted_against),
                         ("no-vote", o.no_vote)):
        for v in voters:
            counts.setdefault(v.party, Counter())[side] += 1
    rows = tuple(PartyRow(party, c["for"], c["against"], c["no-vote"])
                 for party, c in sorted(counts.items(),
                                        key=lambda item: (-sum(item[1].values()), item[0])))
    rebels = []
    for row in rows:
        if row.voted_for == row.voted_against:
            continue
        minority = "against" if row.voted_for > row.voted_against else "for"
        voters = o.voted_against if minority == "against" else o.voted_for
        rebels.extend(Rebel(v, minority, row.voted_for, row.voted_against)
                      for v in voters if v.party == row.party)
    rebels.sort(key=lambda r: (r.voter.party, r.voter.name))
    return rows, tuple(rebels)


def _stage_heading(stage: OfficialStage) -> str:
    house = {"commons": "House of Commons", "lords": "House of Lords"}.get(stage.house or "")
    return f"{stage.description}, {house}" if house else stage.description


def documents_by_stage(stages: tuple[OfficialStage, ...], publications: tuple[Publication, ...],
                       bill: Bill, stage_labels: dict[str, str]) -> list[DocumentGroup]:
    """A bill's publications under the stage the bill had reached on their date, then the editor's.

    The Bills API does not say at which stage a publication was made: each
    goes under the last stage that had sat on or before its date (those
    before any sitting under "Before its first recorded stage").
    """
    sat = sorted(((s.sittings[0].date, s.sort_order, s) for s in stages if s.sittings),
                 key=lambda t: (t[0], t[1]))
    groups: dict[str, list[Publication]] = {}
    order: list[str] = []
    for p in publications:
        reached = [s for day, _, s in sat if day <= p.date]
        heading = (_stage_heading(reached[-1]) if reached
                   else "Before its first recorded stage")
        if heading not in groups:
            groups[heading] = []
            order.append(heading)
        groups[heading].append(p)
    result = [DocumentGroup(h, publications=tuple(groups[h])) for h in order]
    added: dict[str, list[Document]] = {}
    for d in bill.documents:
        added.setdefault(d.stage, []).append(d)
    for key in stage_labels:
        if key in added:
            result.append(DocumentGroup(f"{stage_labels[key]} (added by the editors)",
                                        documents=tuple(added[key])))
    return result


@dataclass
class OfficialIndex:
    """The snapshots' data for the pages, read once per build."""

    vocabulary: Vocabulary
    official: str
    _divisions: dict[str, DivisionVotes] = field(default_factory=dict, init=False)
    _votes: dict[str, list[PersonVote]] = field(default_factory=dict, init=False)
    _documents: dict[str, list[DocumentGroup]] = field(default_factory=dict, init=False)
    _provisions: dict[str, tuple[str, Provision]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        people = {}
        for key, person in self.vocabulary.people.items():
            member_id, _ = member_official_id(person)
            if member_id is not None:
                people[member_id] = key
        for d in sorted(self.vocabulary.divisions.values(), key=lambda d: (d.date, d.key)):
            division_id, wrong = division_official_id(d)
            if division_id is None or wrong:
                continue
            o, _ = load_division(self.official, d.house, division_id)
            if o is None:
                continue
            parties, rebels = party_split(o)
            self._divisions[d.key] = DivisionVotes(o, parties, rebels)
            for side, voters in (("teller-for", o.tellers_for),
                                 ("teller-against", o.tellers_against),
                                 ("for", o.voted_for), ("against", o.voted_against),
                                 ("no-vote", o.no_vote)):
                for v in voters:
                    key = people.get(v.member_id)
                    if key is not None and not any(
                            x.division.key == d.key for x in self._votes.get(key, ())):
                        self._votes.setdefault(key, []).append(PersonVote(d, side))
        self.people_by_member_id = people
        labels = {k: s.label for k, s in self.vocabulary.stages.items()}
        for key, bill in self.vocabulary.bills.items():
            bill_id, wrong = bill_official_id(bill)
            stages = publications = ()
            if bill_id is not None and not wrong:
                paths = bill_paths(bill_id)
                stages = load(self.official, *paths["stages"],
                              lambda b, i=bill_id: parse_stages(b, i))[0] or ()
                publications = load(self.official, *paths["publications"],
                                    lambda b, i=bill_id: parse_publications(b, i))[0] or ()
            groups = documents_by_stage(stages, publications, bill, labels)
            if groups:
                self._documents[key] = groups
        for key, version in self.vocabulary.versions.items():
            provision = version_provision(version)
            if provision is not None:
                found, _ = load_provision(self.official, provision)
                if found is not None:
                    self._provisions[key] = (provision, found)

    def division_votes(self, key: str) -> DivisionVotes | None:
        """A division record's official votes, or None without a snapshot."""
        return self._divisions.get(key)

    def person_votes(self, key: str) -> list[PersonVote]:
        """A person's votes in the recorded divisions, in date order."""
        return self._votes.get(key, [])

    def bill_documents(self, key: str) -> list[DocumentGroup]:
        """A bill's documents, by stage."""
        return self._documents.get(key, [])

    def provision(self, key: str) -> tuple[str, Provision] | None:
        """A version's provision on legislation.gov.uk (its path and its snapshot), if kept."""
        return self._provisions.get(key)

    def person_key(self, member_id: int) -> str | None:
        """The key of the person record of a member, if there is one."""
        return self.people_by_member_id.get(member_id)


def official_index(vocabulary: Vocabulary, content: str, official_path: str) -> OfficialIndex:
    """Read the snapshots the site's records name."""
    return OfficialIndex(vocabulary, os.path.join(content, official_path))


__all__ = ["DivisionVotes", "OfficialIndex", "PartyRow", "PersonVote", "Rebel",
           "documents_by_stage", "official_index", "party_split"]
