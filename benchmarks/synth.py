"""Synthetic but realistic timeline content for the benchmarks.

:func:`write_site` writes ``n`` entries in our exact format
(the plugin's docs/entry-format.md) into ``<folder>/entries/<year>/``, plus the site's
real records (pages, bills, events, people, amendments, divisions, versions,
questions), so that ``invoke check`` passes on them: official primary
sources, unique per entry; stages, chambers and bills drawn from the real
vocabularies (the procedure's stages, imported, and the site's bill
records in ``content/bills/``, read with ``read_bills`` and copied); each
bill's formal stages in order within each House; no date after
2025-12-31 unless the stage may be scheduled; narratives of a few hundred
words with quotes, links and ``{entry}``/``{bill}``/``{stage}`` references.

Everything comes from a seeded ``random.Random``: the same ``n`` and seed
give the same files, so every run of the benchmark reads the same bytes.
The names and words are invented; none of this content is published.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from pelican.plugins.parliament_timeline.procedure import STAGES  # noqa: E402
from pelican.plugins.parliament_timeline.records.bills import read_bills  # noqa: E402

# The site's own bill records (content/bills/), read as a build reads them;
# write_site copies them beside the entries. The synthetic entries follow
# synthetic twins of them (same session, House and outcome): on the real
# bills they would interleave with the real events and put their stages out
# of order, which `invoke check` reports.
REAL_BILLS, _problems = read_bills(str(ROOT / "content" / "bills"))
if _problems:  # pragma: no cover - the site's own records are checked by the tests
    raise SystemExit(f"synth: content/bills/ has problems: {_problems}")
BILLS = {f"synthetic-{bill.key}": replace(bill, key=f"synthetic-{bill.key}",
                                          title=f"Synthetic {bill.title}", url=None,
                                          act_title=None, act_url=None, carried_into=None)
         for bill in REAL_BILLS.values()}


def bill_text(bill) -> str:
    """A bill record's text (the plugin's docs/entry-format.md, "Bill records")."""
    return (f"Title: {bill.title}\nSession: {bill.session}\nHouse: {bill.house}\n"
            f"Status: {bill.status}\n\nA synthetic twin of a real bill, for the benchmark.\n")

# The folders of the records of the debate, copied from the site as they are.
DEBATE_RECORDS = ("people", "amendments", "divisions", "versions", "questions")

FIRST_DAY = dt.date(2000, 1, 4)
LAST_DAY = dt.date(2025, 12, 31)

# Invented people: surnames and roles combined at random.
GIVEN = ("Alice", "Ben", "Chloe", "David", "Esther", "Farah", "George", "Hannah",
         "Imran", "Joanna", "Kwame", "Laura", "Mohammed", "Nina", "Owen", "Priya",
         "Rhys", "Sarah", "Tom", "Una", "Victoria", "William", "Yasmin", "Zoe")
FAMILY = ("Adeyemi", "Baxter", "Campbell", "Davies", "Evans", "Fletcher", "Gordon",
          "Hughes", "Iqbal", "Jones", "Khan", "Lloyd", "Morgan", "Nash", "O'Brien",
          "Patel", "Quinn", "Roberts", "Singh", "Thomas", "Underwood", "Walsh")
ROLES = ("Minister for Victims and Safeguarding", "Shadow Home Secretary",
         "Labour MP", "Conservative MP", "Liberal Democrat peer", "Crossbench peer",
         "Minister of State, Ministry of Justice", "Chair of the Justice Committee",
         "Victims' Commissioner", "Law Commissioner for criminal law")
TOPICS = ("intimate image abuse", "sexually explicit deepfakes", "nudification apps",
          "the taking of intimate images", "online safety", "image-based abuse",
          "the creating offence", "consent-based offences", "takedown duties",
          "violence against women and girls")
VERBS = ("debated", "questioned", "welcomed", "criticised", "examined", "pressed",
         "supported", "opposed", "amended", "considered")
PHRASES = (
    "the scale of the harm done to victims", "the need for a consent-based test",
    "the evidence heard by the committee", "the government's timetable",
    "the drafting of the clause", "the position of the platforms",
    "the views of the Law Commission", "the interaction with the Online Safety Act",
    "the maximum sentence available to the courts", "the burden of proof",
    "the experience of survivors and the charities that support them",
    "the cost to the police of investigating each report",
)
WORDS = ("clause", "offence", "consent", "image", "platform", "victim", "court",
         "prosecution", "evidence", "amendment", "minister", "committee", "report",
         "guidance", "penalty", "definition", "intent", "harm", "police", "law")
NEWS = ("www.bbc.co.uk/news/uk-politics-", "www.theguardian.com/society/",
        "www.independent.co.uk/news/uk/politics/", "www.lawgazette.co.uk/news/")

# Stages by who takes them; the formal passage of a bill is generated apart.
BILL_SIDE_STAGES = ("debate", "statement", "amendment-tabled", "amendment-agreed",
                    "amendment-withdrawn")
FREE_STAGES = ("announcement", "consultation", "publication", "debate", "statement")
FREE_CHAMBERS = {"announcement": ("government", "other"), "consultation": ("government",
                 "other"), "publication": ("government", "other", "commons", "lords"),
                 "debate": ("commons", "lords"), "statement": ("government", "commons",
                 "lords")}
PASSAGE = ("first-reading", "second-reading", "committee", "report", "third-reading")


def _days(rng: random.Random, n: int, first: dt.date, last: dt.date) -> list[dt.date]:
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(n))


def _person(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", rng.choice(ROLES)


def _primary_url(rng: random.Random, stage: str, chamber: str, day: dt.date, i: int) -> str:
    """An official address, unique to entry ``i`` (no two share a primary source)."""
    ident = uuid.UUID(int=rng.getrandbits(128)).hex.upper()
    if chamber in ("commons", "lords"):
        house = chamber.capitalize()
        return (f"https://hansard.parliament.uk/{house}/{day.isoformat()}/debates/"
                f"{ident[:8]}-{ident[8:12]}-{ident[12:16]}-{ident[16:20]}-{ident[20:32]}/"
                f"IntimateImageAbuse{i}")
    if chamber == "crown":
        return f"https://www.legislation.gov.uk/ukpga/{day.year}/{i % 90 + 1}/contents/enacted"
    return f"https://www.gov.uk/government/news/{rng.choice(TOPICS).replace(' ', '-')}-{i}"


def _sentence(rng: random.Random) -> str:
    who = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    kind = rng.randrange(5)
    if kind == 0:
        return (f"{who} {rng.choice(VERBS)} {rng.choice(PHRASES)}, arguing that "
                f"{rng.choice(TOPICS)} called for a clear answer from the government.")
    if kind == 1:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 16)))
        return f'{who} said: "The {words} must be settled before the Bill leaves this House."'
    if kind == 2:
        return (f"Members returned to {rng.choice(PHRASES)} and to {rng.choice(PHRASES)}, "
                f"which had been raised at an earlier stage.")
    if kind == 3:
        return (f"The debate turned on {rng.choice(TOPICS)}; several speakers cited "
                f"{rng.choice(PHRASES)} as the reason to act now rather than later.")
    return (f"In reply, the minister {rng.choice(VERBS)} the point and promised to write "
            f"to {who} about {rng.choice(PHRASES)}.")


def _body(rng: random.Random, primary: str, earlier: list[str], bill: str | None,
          stage: str) -> str:
    """Four to seven paragraphs, roughly 250 to 450 words."""
    paragraphs = []
    for _ in range(rng.randrange(4, 8)):
        paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randrange(2, 4))))
    paragraphs[0] += f" ([the record]({primary}))"
    if earlier:
        paragraphs[1] += (f" This followed [an earlier step]({{entry}}{rng.choice(earlier)})"
                          " on the same subject.")
    if bill:
        paragraphs[-1] += f" See [the Bill's page]({{bill}}{bill})."
    paragraphs[-1] += (f" The [{STAGES[stage].label.lower()}]({{stage}}{stage}) is explained"
                       " in the glossary.")
    if rng.random() < 0.3:
        items = "\n".join(f"- {rng.choice(PHRASES).capitalize()}." for _ in range(3))
        paragraphs.insert(2, "The main points raised were:\n\n" + items)
    return "\n\n".join(_wrap(p) for p in paragraphs)


def _wrap(text: str, width: int = 88) -> str:
    if text.startswith("The main points"):
        return text
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def plan(n: int, seed: int = 1) -> list[dict]:
    """The ``n`` events: day, stage, chamber, bill, ordered by day."""
    rng = random.Random(seed)
    events: list[dict] = []
    bills = list(BILLS.values())
    # A quarter of the events belong to a bill's formal passage: each bill
    # gets a window of the period and goes through both Houses in order,
    # committee stage taking as many sittings as the events allow.
    passage_n = n // 4
    span = (LAST_DAY - FIRST_DAY).days
    for b, bill in enumerate(bills):
        share = passage_n // len(bills) + (1 if b < passage_n % len(bills) else 0)
        if share == 0:
            continue
        start = FIRST_DAY + dt.timedelta(days=span * b // len(bills))
        end = FIRST_DAY + dt.timedelta(days=span * (b + 1) // len(bills) - 1)
        houses = [bill.house, "lords" if bill.house == "commons" else "commons"]
        steps = [(s, h) for h in houses for s in PASSAGE]
        steps += [("consideration-of-amendments", "commons"), ("royal-assent", "crown"),
                  ("commencement", "government")]
        extra = max(0, share - len(steps))
        # Extra sittings are committee sittings, split between the Houses.
        sequence = []
        for stage, house in steps[:share]:
            sequence.append((stage, house))
            if stage == "committee":
                sequence += [(stage, house)] * (extra // 2 + (extra % 2 if house == houses[0]
                                                               else 0))
        for day, (stage, chamber) in zip(_days(rng, len(sequence), start, end), sequence,
                                         strict=True):
            events.append({"day": day, "stage": stage, "chamber": chamber, "bill": bill.key})
    rest = n - len(events)
    for day in _days(rng, rest, FIRST_DAY, LAST_DAY):
        if rng.random() < 0.4:
            bill = rng.choice(bills).key
            stage = rng.choice(BILL_SIDE_STAGES)
            chamber = rng.choice(("commons", "lords"))
        else:
            bill = None
            stage = rng.choice(FREE_STAGES)
            chamber = rng.choice(FREE_CHAMBERS[stage])
        events.append({"day": day, "stage": stage, "chamber": chamber, "bill": bill})
    events.sort(key=lambda e: (e["day"], STAGES[e["stage"]].order or 0))
    return events


def entry_text(event: dict, i: int, rng: random.Random, earlier: list[str],
               titles: set[str]) -> str:
    """One entry file's text; its title is not in ``titles`` (then added to it).

    Titles are unique, as real ones are: bare Pelican makes its article
    slugs from them.
    """
    day, stage, chamber, bill = event["day"], event["stage"], event["chamber"], event["bill"]
    label = STAGES[stage].label
    topic = rng.choice(TOPICS)
    if bill:
        title = f"{BILLS[bill].title}: {label.lower()}"
        if chamber in ("commons", "lords"):
            title += f" in the House of {chamber.capitalize()}"
        title += f" on {topic}"
    else:
        who = {"government": "The government", "other": "The Law Commission",
               "commons": "MPs", "lords": "Peers"}[chamber]
        title = f"{who}: {label.lower()} on {topic}"
    title += f", {day.day} {day:%B} {day.year}"
    base, sitting = title, 1
    while title.casefold() in titles:
        sitting += 1
        title = f"{base} (part {sitting})"
    titles.add(title.casefold())
    primary = _primary_url(rng, stage, chamber, day, i)
    sources = [f"{primary} | {title} (official record)"]
    for _ in range(rng.randrange(0, 3)):
        sources.append(f"https://{rng.choice(NEWS)}{rng.randrange(10**7, 10**8)} | "
                       f"Report on {topic}")
    when = day.isoformat()
    if chamber in ("commons", "lords") and STAGES[stage].order is None and rng.random() < 0.3:
        when += f"T{rng.randrange(9, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    lines = [
        f"Title: {title}",
        f"Date: {when}",
        f"Summary: {title} ({rng.choice(PHRASES)}).",
        f"Stage: {stage}",
        f"Chamber: {chamber}",
    ]
    if bill:
        lines.append(f"Bill: {bill}")
    lines.append("Sources: " + "\n    ".join(sources))
    people = [_person(rng) for _ in range(rng.randrange(0, 4))]
    if people:
        lines.append("People: " + "\n    ".join(f"{n} | {r}" for n, r in people))
    if rng.random() < 0.05:
        lines.append("Unverified: The time of the sitting is taken from the order paper.")
    return "\n".join(lines) + "\n\n" + _body(rng, primary, earlier, bill, stage) + "\n"


def write_site(folder: Path, n: int, seed: int = 1) -> list[Path]:
    """Write a content folder of ``n`` synthetic entries beside the site's real records
    (:data:`DEBATE_RECORDS`, entries, bills, pages); return the synthetic entries."""
    folder = Path(folder)
    rng = random.Random(seed + 1)
    # The site's real records: its pages, bills, events and the records of the
    # debate (people, amendments, divisions, versions, questions), which name
    # the real events; the synthetic entries go beside them.
    for kind in ("pages", "bills", "entries", *DEBATE_RECORDS):
        shutil.copytree(ROOT / "content" / kind, folder / kind, dirs_exist_ok=True)
    # The real feed snapshots, which our build merges into the timeline
    # (bare Pelican ignores them).
    shutil.copytree(ROOT / "content" / "feeds", folder / "feeds", dirs_exist_ok=True)
    for bill in BILLS.values():
        (folder / "bills" / f"{bill.key}.md").write_text(bill_text(bill), encoding="utf-8")
    paths, earlier, titles = [], [], set()
    for i, event in enumerate(plan(n, seed)):
        words = rng.choice(TOPICS).split()[-2:]
        slug = f"{event['day'].isoformat()}-{'-'.join(words)}-{i}".replace("'", "")
        path = folder / "entries" / str(event["day"].year) / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry_text(event, i, rng, earlier[-50:], titles), encoding="utf-8")
        earlier.append(slug)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/synth.py N FOLDER``: write N entries into FOLDER."""
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print("usage: synth.py N FOLDER", file=sys.stderr)
        return 2
    paths = write_site(Path(args[1]), int(args[0]))
    print(f"wrote {len(paths)} entries into {os.path.join(args[1], 'entries')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
