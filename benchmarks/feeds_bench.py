"""Benchmark: our whole feed step (parse + normalise) against bare feedparser.

Run ``python benchmarks/feeds_bench.py`` (``--items``, ``--runs`` to change
the size). It builds a 10,000-item RSS feed shaped like a bills.parliament.uk
bill feed (sittings and publications, the real channel and item elements),
then times, on the same bytes and in the same process:

- ``feedparser.parse`` alone (the baseline), and
- :func:`timeline.feeds.parse_feed`, which parses with feedparser and
  normalises every item into an entry (plain text, safe links, dates,
  stage rules, filters, identity),

and reports the median of several runs of each and their ratio. The target
is a ratio of at most 1.3. It is a benchmark, not a test: nothing asserts a
time. :func:`run_benchmark` returns the figures for a wider ``invoke bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser

from pelican.plugins.parliament_timeline.feeds.config import (
    BILL_STAGE_RULES,
    read_feed_configs,
)
from pelican.plugins.parliament_timeline.feeds.items import parse_feed

ROOT = Path(__file__).resolve().parent.parent

STAGES = ("1st reading", "2nd reading", "Committee stage", "Report stage", "3rd reading")
HOUSES = ("House of Commons", "House of Lords")


def make_bill_feed(items: int = 10_000) -> bytes:
    """A bills.parliament.uk-style RSS feed of ``items`` items (both kinds)."""
    start = dt.date(2000, 1, 3)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0">\n'
        '  <channel xmlns:p4="#billsSchema">\n'
        "    <title>Benchmark Bill</title>\n"
        "    <link>https://bills.parliament.uk/bills/9999</link>\n"
        "    <description>A Bill to measure the feed step; and for connected purposes."
        "</description>\n"
        "    <copyright>Copyright 2026, Houses of Parliament</copyright>\n"
        "    <lastBuildDate>Sun, 28 Jun 2026 11:51:09 +0100</lastBuildDate>\n"
        "    <a10:id>https://bills-api.parliament.uk/Rss/bills/9999</a10:id>\n"
        "    <pubDate>Tue, 21 Mar 2023 00:00:00 GMT</pubDate>\n"
    ]
    for i in range(items):
        day = start + dt.timedelta(days=i)
        stage = STAGES[i % len(STAGES)]
        house = HOUSES[(i // len(STAGES)) % 2]
        stamp = (day + dt.timedelta(days=1)).strftime("%a, %d %b %Y") + " 12:35:54 Z"
        if i % 4 == 3:
            url = f"https://publications.parliament.uk/pa/bills/cbill/58-03/{i:04d}/22{i:04d}.pdf"
            parts.append(
                "    <item>\n"
                f'      <guid isPermaLink="true">{url}</guid>\n'
                f"      <link>{url}</link>\n"
                "      <category>Publication</category>\n"
                f"      <title>Publication: Bill {i} 2022-23 (as introduced)</title>\n"
                f"      <description>Benchmark Bill: Bill {i} 2022-23 (as introduced)"
                "</description>\n"
                f"      <pubDate>{stamp}</pubDate>\n"
                "    </item>\n"
            )
        else:
            title_day = f"{day:%A}, {day.day} {day:%B %Y}"
            parts.append(
                "    <item>\n"
                '      <guid isPermaLink="true">https://bills.parliament.uk/bills/9999</guid>\n'
                "      <link>https://bills.parliament.uk/bills/9999</link>\n"
                "      <category>Sitting</category>\n"
                f"      <title>Sitting: {stage} - {title_day}</title>\n"
                f"      <description>Benchmark Bill: {house} {stage}</description>\n"
                f"      <pubDate>{stamp}</pubDate>\n"
                f"      <p4:Stage>{stage}</p4:Stage>\n"
                "    </item>\n"
            )
    parts.append("  </channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")


def bench_config():
    """A feed configuration like our real bill feeds (filter and stage rules),
    checked against this site's vocabulary (its bill records)."""
    from pelican.plugins.parliament_timeline.records.bills import read_bills
    from pelican.plugins.parliament_timeline.vocabulary import Vocabulary

    bills, bill_problems = read_bills(str(Path(__file__).resolve().parent.parent
                                          / "content" / "bills"))
    assert not bill_problems, bill_problems
    [config], problems = read_feed_configs(
        [
            {
                "name": "bench",
                "url": "https://bills.parliament.uk/rss/bills/9999.rss",
                "kind": "parliament-bills-rss",
                # Every item is normalised: the point is to time the whole step.
                "max_items": 1_000_000,
                "publisher": "UK Parliament: Benchmark Bill",
                "bill": "data-use-and-access-bill-hl",
                "chamber": "commons",
                "include": [r"Benchmark Bill"],
                "stages": BILL_STAGE_RULES,
                "stage": "publication",
            }
        ],
        Vocabulary(bills=bills, zone=ZoneInfo("Europe/London")),
    )
    assert not problems, problems
    return config


def _time(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def run_benchmark(items: int = 10_000, runs: int = 5) -> dict[str, float]:
    """Time bare feedparser and our step on the same bytes; return the figures.

    Runs alternate (baseline, ours, baseline, ours, ...) so that machine
    noise falls on both alike. Returns medians in seconds and their ratio.
    """
    body = make_bill_feed(items)
    config = bench_config()
    check = parse_feed(config, body, "application/rss+xml")
    assert len(check.items) == items and not check.problems, check.problems[:3]

    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        bare += _time(lambda: feedparser.parse(io.BytesIO(body)), 1)
        ours += _time(lambda: parse_feed(config, body, "application/rss+xml"), 1)
    bare_median = statistics.median(bare)
    ours_median = statistics.median(ours)
    return {
        "items": items,
        "bytes": len(body),
        "runs": runs,
        "feedparser_s": bare_median,
        "ours_s": ours_median,
        "ratio": ours_median / bare_median,
    }


def run_volume_benchmark(items: int = 100_000, max_items: int = 1000) -> dict[str, float]:
    """A hostile feed's volume: our step on ``items`` items, reading ``max_items``.

    Times one run of bare feedparser on the whole feed (what reading every
    item costs) and one of :func:`parse_feed` with the feed's ``max_items``.
    """
    body = make_bill_feed(items)
    base = bench_config()
    [config], problems = read_feed_configs(
        [{"name": "bench", "url": base.url, "kind": base.kind, "stage": "publication",
          "max_items": max_items}], base.vocabulary)
    assert not problems, problems
    [bare] = _time(lambda: feedparser.parse(io.BytesIO(body)), 1)
    [ours] = _time(lambda: parse_feed(config, body, "application/rss+xml"), 1)
    return {"items": items, "bytes": len(body), "max_items": max_items,
            "feedparser_s": bare, "ours_s": ours}


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark's figures."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--items", type=int, default=10_000)
    args.add_argument("--runs", type=int, default=5)
    args.add_argument("--volume", type=int, default=0, metavar="ITEMS",
                      help="instead, time a feed of ITEMS items read to the default max_items")
    opts = args.parse_args(argv)
    if opts.volume:
        figures = run_volume_benchmark(opts.volume)
        print(
            f"{figures['items']} items ({figures['bytes']:,} bytes), "
            f"max_items {figures['max_items']}:\n"
            f"  bare feedparser.parse, every item : {figures['feedparser_s']:.3f} s\n"
            f"  parse_feed, first max_items       : {figures['ours_s']:.3f} s"
        )
        return 0
    figures = run_benchmark(opts.items, opts.runs)
    print(
        f"{figures['items']} items ({figures['bytes']:,} bytes), "
        f"median of {figures['runs']} runs:\n"
        f"  bare feedparser.parse : {figures['feedparser_s']:.3f} s\n"
        f"  parse + normalise     : {figures['ours_s']:.3f} s\n"
        f"  ratio                 : {figures['ratio']:.2f}x (target <= 1.30x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
