"""Measure the build: our site against bare Pelican, at growing sizes.

Run ``invoke bench`` (or ``python benchmarks/bench.py``). For each size N
(default 100, 1,000 and 10,000 events) it writes synthetic entries
(:mod:`synth`) into a temporary folder and times whole ``pelican``
processes, each figure the median of several runs (fewer at 10,000):

- bare: ``pelican CONTENT -o OUT -s bare.py`` run in a folder holding only
  that file, ``PLUGINS = []``, so Pelican's defaults apply (no plugins: with
  PLUGINS unset it would load every installed namespace plugin, ours
  included; default theme; the entries read as articles);
- ours: ``pelican CONTENT -o OUT -s pelicanconf.py``, with the Pagefind index
  and without it (``-e TIMELINE_SEARCH_INDEX=false``); exports included;
- cached: ours with Pelican's content cache, rebuilt after one entry changes,
  against the cold build;
- the peak resident memory of each build (``os.wait4`` on the process: the
  largest of the Python process and the Pagefind process it waits for).

It also times ``invoke fetch-feeds`` for 20 feeds served from 127.0.0.1
(cold, then all answering 304), and the feed parsing benchmark
(``feeds_bench.py``). The results replace the part of
docs/performance.md between its ``bench`` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PYTHON = sys.executable
# Pages over this size fail the "no single output page over 1 MB" target.
PAGE_LIMIT = 1024 * 1024


@dataclass
class Runs:
    """Wall-clock seconds and peak RSS (KiB) of repeated runs of one build."""

    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    def add(self, seconds: float, rss: int) -> None:
        self.seconds.append(seconds)
        self.rss_kib.append(rss)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rss_mib(self) -> float:
        return statistics.median(self.rss_kib) / 1024

    def spread(self) -> str:
        """min/median/max, for the noise column."""
        s = self.seconds
        return f"{min(s):.2f} / {self.median:.2f} / {max(s):.2f}"


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run ``command``; return its wall time and peak RSS in KiB (it must succeed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    # Read the output while it runs (a full pipe would block the process),
    # then reap it with wait4 for its own resource usage.
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(output.decode("utf-8", "replace")[-4000:])
        raise SystemExit(f"bench: {' '.join(command)} failed ({proc.returncode})")
    return seconds, usage.ru_maxrss


def pelican_ours(content: Path, out: Path, *settings: str) -> list[str]:
    cmd = [PYTHON, "-m", "pelican", str(content), "-o", str(out), "-s", "pelicanconf.py",
           "-q"]
    return cmd + (["-e", *settings] if settings else [])


# Bare Pelican's settings: its defaults, but no plugins. With PLUGINS unset
# Pelican loads every installed namespace plugin, ours included.
BARE_SETTINGS = "bare.py"


def pelican_bare(content: Path, out: Path) -> list[str]:
    return [PYTHON, "-m", "pelican", str(content), "-o", str(out), "-q", "-s", BARE_SETTINGS]


def bare_folder(work: Path) -> Path:
    """The folder bare Pelican runs in, with its one-line settings file."""
    folder = work / "bare-cwd"
    folder.mkdir(exist_ok=True)
    (folder / BARE_SETTINGS).write_text("PLUGINS = []\n", encoding="utf-8")
    return folder


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def touch_entry(path: Path, n: int) -> None:
    """An editor's change: one more sentence in the narrative (a new mtime too)."""
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nA correction to the wording, number {n}.\n")


def page_sizes(out: Path) -> tuple[int, int, str]:
    """The home page's size, and the largest HTML page's size and path."""
    largest, where = 0, ""
    for path in out.rglob("*.html"):
        size = path.stat().st_size
        if size > largest:
            largest, where = size, str(path.relative_to(out))
    return (out / "index.html").stat().st_size, largest, where


def index_size(out: Path) -> tuple[int, int]:
    """The search index's bytes and number of shards (pagefind/ of the output)."""
    bundle = out / "pagefind"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    manifest = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))
    return size, len(manifest["shards"])


def bench_record(n: int, work: Path, log) -> dict:
    """One recorded run at a large size: bare Pelican and ours with the index."""
    content = work / f"content-{n}"
    synth.write_site(content, n)
    empty = bare_folder(work)
    out = work / f"out-{n}"
    bare = timed(pelican_bare(content, fresh(out)), empty)
    ours = timed(pelican_ours(content, fresh(out)), ROOT)
    home, largest, where = page_sizes(out)
    size, shards = index_size(out)
    log(f"  N={n} record: bare {bare[0]:.2f}s {bare[1] / 1024:.0f} MiB, ours {ours[0]:.2f}s "
        f"{ours[1] / 1024:.0f} MiB, largest page {largest / 1024:.0f} KiB ({where}), "
        f"index {size / 1024 / 1024:.1f} MiB in {shards} shards")
    shutil.rmtree(content)
    shutil.rmtree(out)
    return {"bare": bare, "ours": ours, "home": home, "largest": largest,
            "largest_path": where, "index": size, "shards": shards}


def bench_size(n: int, runs: int, work: Path, log) -> dict:
    """Every build measurement at one size."""
    content = work / f"content-{n}"
    paths = synth.write_site(content, n)
    empty = bare_folder(work)
    out = work / f"out-{n}"
    results = {"bare": Runs(), "ours": Runs(), "ours_noindex": Runs(),
               "cached": Runs(), "cached_noindex": Runs(), "cold_cache": Runs()}
    # Interleaved, so that a slow spell on the shared machine hits every
    # variant alike.
    for i in range(runs):
        results["bare"].add(*timed(pelican_bare(content, fresh(out)), empty))
        results["ours"].add(*timed(pelican_ours(content, fresh(out)), ROOT))
        sizes = page_sizes(out)
        index = index_size(out)
        results["ours_noindex"].add(*timed(
            pelican_ours(content, fresh(out), "TIMELINE_SEARCH_INDEX=false"), ROOT))
        log(f"  N={n} run {i + 1}/{runs}: bare {results['bare'].seconds[-1]:.2f}s, "
            f"ours {results['ours'].seconds[-1]:.2f}s, "
            f"no index {results['ours_noindex'].seconds[-1]:.2f}s")
    for variant, extra in (("cached", ()), ("cached_noindex", ("TIMELINE_SEARCH_INDEX=false",))):
        cache = fresh(work / f"cache-{n}")
        caching = ("CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
                   f"CACHE_PATH={json.dumps(str(cache))}", *extra)
        # The first build fills the cache (and the output folder).
        first = timed(pelican_ours(content, fresh(out), *caching), ROOT)
        if variant == "cached":
            results["cold_cache"].add(*first)
        for i in range(runs):
            touch_entry(paths[(i * 7919) % len(paths)], i)
            results[variant].add(*timed(pelican_ours(content, out, *caching), ROOT))
        log(f"  N={n} {variant}: {results[variant].spread()}s")
    shutil.rmtree(content)
    return {"runs": runs, **results, "home": sizes[0], "largest": sizes[1],
            "largest_path": sizes[2], "index": index[0], "shards": index[1]}


# --- fetch-feeds against a local server -----------------------------------


FEED_COUNT = 20


def feed_bytes(i: int) -> bytes:
    """An RSS 2.0 feed like bills.parliament.uk's, 30 items."""
    items = []
    for k in range(30):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=k * 3 + i)
        morning = dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)
        items.append(
            f"<item><guid isPermaLink=\"false\">bench-{i}-{k}</guid>"
            f"<link>https://bills.parliament.uk/bills/{3800 + i}/stages/{k}</link>"
            f"<title>Sitting: committee stage - {day:%A, %d %B %Y}</title>"
            f"<description>Bench Bill {i}: House of Commons committee stage</description>"
            f"<pubDate>{email.utils.format_datetime(morning)}</pubDate>"
            "</item>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Bench Bill {i}</title>"
            f"<link>https://bills.parliament.uk/bills/{3800 + i}</link>"
            f"<description>Bench feed {i}</description>{''.join(items)}</channel></rss>"
            ).encode()


class FeedHandler(BaseHTTPRequestHandler):
    """Serves /feed/<i>.rss with an ETag; 304 when the client has it."""

    feeds: ClassVar[dict[str, bytes]] = {}

    def do_GET(self):
        body = self.feeds.get(self.path)
        if body is None:
            self.send_error(404)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def bench_fetch(runs: int, work: Path, log) -> dict:
    """``invoke fetch-feeds`` for 20 local feeds, cold and all-304."""
    FeedHandler.feeds = {f"/feed/{i}.rss": feed_bytes(i) for i in range(FEED_COUNT)}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    project = work / "fetch-project"
    project.mkdir()
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    feeds = [{"name": f"bench-{i}", "url": f"http://127.0.0.1:{port}/feed/{i}.rss",
              "kind": "parliament-bills-rss", "publisher": f"Bench Bill {i}"}
             for i in range(FEED_COUNT)]
    (project / "pelicanconf.py").write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r})"
        ".items() if k.isupper()})\n"
        f"PATH = 'content'\nTIMELINE_FEEDS = {feeds!r}\n"
        "TIMELINE_FETCH_CONTACT = 'https://bench.invalid/'\n", encoding="utf-8")
    (project / "content").mkdir()
    command = [PYTHON, "-m", "invoke", "fetch-feeds"]
    cold, warm = Runs(), Runs()
    try:
        for _ in range(runs):
            fresh(project / "content" / "feeds")
            cold.add(*timed(command, project))
            warm.add(*timed(command, project))
        written = sorted(p.name for p in (project / "content" / "feeds").iterdir())
        if len([w for w in written if w.endswith(".xml")]) != FEED_COUNT:
            raise SystemExit(f"bench: fetch-feeds wrote {written}")
    finally:
        server.shutdown()
        server.server_close()
    log(f"  fetch-feeds: cold {cold.spread()}s, all-304 {warm.spread()}s")
    return {"cold": cold, "warm": warm}


def bench_feeds(log) -> dict:
    """Our feed step (parse + normalise) against bare feedparser, 10,000 items.

    ``feeds_bench.run_benchmark`` times both on the same bytes, in turn.
    """
    import feeds_bench

    result = feeds_bench.run_benchmark(items=10_000, runs=3)
    log(f"  feeds: feedparser {result['feedparser_s']:.2f}s, ours {result['ours_s']:.2f}s, "
        f"{result['ratio']:.2f}x")
    return result


# --- the report ------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import jinja2
    import markdown
    import pelican

    pagefind = subprocess.run(
        [PYTHON, "-c", "from pagefind_bin import get_executable as g; print(g())"],
        capture_output=True, text=True, check=False).stdout.strip()
    pf_version = subprocess.run([pagefind, "--version"], capture_output=True, text=True,
                                check=False).stdout.strip() if pagefind else "missing"
    with open("/proc/loadavg", encoding="utf-8") as f:
        load = " ".join(f.read().split()[:3])
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc), shared with other work; "
        f"load average at the end: {load}",
        f"- Python {platform.python_version()} on {platform.platform()}",
        f"- Pelican {pelican.__version__}, Markdown {markdown.__version__}, "
        f"Jinja2 {jinja2.__version__}, {pf_version}",
    ]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def report(sizes: dict[int, dict], fetch: dict | None, feeds, command: str, lines,
           record: dict | None = None) -> str:
    out = [START, "", f"Generated by `{command}` on {dt.date.today().isoformat()}.", ""]
    out += machine()
    out += ["", "### Builds", "",
            "Seconds are medians of whole `pelican` processes (cold: empty output "
            "folder, no cache); the noise column gives min / median / max of our build "
            "with the index. Memory is the median peak RSS.", "",
            "| N | runs | bare Pelican | ours (index) | ratio | ours (no index) | ratio "
            "| ours noise (s) | bare noise (s) | cached rebuild | cold / cached "
            "| cached, no index | cold / cached (no index) | peak MiB bare / ours / ratio "
            "| home page | largest page | index (shards) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: "
            "| ---: | ---: | --- | ---: | --- | ---: |"]
    for n, r in sizes.items():
        b, o, x = r["bare"], r["ours"], r["ours_noindex"]
        out.append(
            f"| {n:,} | {r['runs']} | {b.median:.2f}s | {o.median:.2f}s "
            f"| {ratio(o.median, b.median)} | {x.median:.2f}s | {ratio(x.median, b.median)} "
            f"| {o.spread()} | {b.spread()} | {r['cached'].median:.2f}s "
            f"| {ratio(o.median, r['cached'].median)} | {r['cached_noindex'].median:.2f}s "
            f"| {ratio(x.median, r['cached_noindex'].median)} "
            f"| {b.rss_mib:.0f} / {o.rss_mib:.0f} / {ratio(o.rss_mib, b.rss_mib)} "
            f"| {r['home'] / 1024:.0f} KiB | {r['largest'] / 1024:.0f} KiB "
            f"(`{r['largest_path']}`) | {r['index'] / 1024 / 1024:.1f} MiB ({r['shards']}) |")
    out += ["", "### Targets", ""]
    for n in (1000, 10000):
        if n in sizes:
            r = sizes[n]
            for key, label in (("ours", "with the index"), ("ours_noindex", "without it")):
                q = r[key].median / r["bare"].median
                out.append(f"- build at N={n:,} at most 1.25x bare Pelican ({label}): "
                           f"{q:.2f}x, {verdict(q <= 1.25)}")
    if 1000 in sizes and 10000 in sizes:
        for key, label in (("ours", "with the index"), ("ours_noindex", "without it")):
            per_1k = sizes[1000][key].median / 1000
            per_10k = sizes[10000][key].median / 10000
            q = per_10k / per_1k
            out.append(f"- cost per event at 10,000 within 1.2x of 1,000 ({label}): "
                       f"{per_10k * 1000:.2f} ms vs {per_1k * 1000:.2f} ms, {q:.2f}x, "
                       f"{verdict(q <= 1.2)}")
    for n, target in ((1000, 3), (10000, 5)):
        if n not in sizes:
            continue
        r = sizes[n]
        for cold, cached, label in (("ours", "cached", "with the index"),
                                    ("ours_noindex", "cached_noindex", "without it")):
            q = r[cold].median / r[cached].median
            out.append(f"- cached rebuild after one narrative edit at N={n:,} at least "
                       f"{target}x faster than cold ({label}): {q:.2f}x, {verdict(q >= target)}")
    if 10000 in sizes:
        r = sizes[10000]
        q = r["ours"].rss_mib / r["bare"].rss_mib
        out.append(f"- peak memory at N=10,000 at most 1.5x bare (with the index): "
                   f"{r['ours'].rss_mib:.0f} MiB vs {r['bare'].rss_mib:.0f} MiB, {q:.2f}x, "
                   f"{verdict(q <= 1.5)}")
    for n, r in sizes.items():
        for key, label in (("ours", "with the index"), ("ours_noindex", "without it")):
            q = r[key].rss_mib / r["bare"].rss_mib
            out.append(f"- peak memory at N={n:,} at most 1.3x bare ({label}): "
                       f"{r[key].rss_mib:.0f} MiB vs {r['bare'].rss_mib:.0f} MiB, {q:.2f}x, "
                       f"{verdict(q <= 1.3)}")
    for n, r in sizes.items():
        out.append(f"- no page over 1 MB at N={n:,}: largest {r['largest'] / 1024:.0f} KiB "
                   f"(`{r['largest_path']}`), home page {r['home'] / 1024:.0f} KiB, "
                   f"{verdict(r['largest'] <= PAGE_LIMIT)}")
    if record:
        for n, r in record.items():
            out += ["", f"### One recorded run at N={n:,}", "",
                    "One run each (2 shared cores: a median would take an hour), whole "
                    "processes, cold:", "",
                    f"- bare Pelican: {r['bare'][0]:.1f} s, peak {r['bare'][1] / 1024:.0f} MiB",
                    f"- ours with the index: {r['ours'][0]:.1f} s "
                    f"({ratio(r['ours'][0], r['bare'][0])}), peak {r['ours'][1] / 1024:.0f} MiB "
                    f"({ratio(r['ours'][1], r['bare'][1])})",
                    f"- largest page: {r['largest'] / 1024:.0f} KiB (`{r['largest_path']}`), "
                    f"home page {r['home'] / 1024:.0f} KiB",
                    f"- search index: {r['index'] / 1024 / 1024:.1f} MiB in {r['shards']} "
                    "shards"]
    if fetch:
        out += ["", "### Fetching", "",
                f"`invoke fetch-feeds` for {FEED_COUNT} feeds (30 items each) served from "
                "127.0.0.1, whole process, min / median / max of "
                f"{len(fetch['cold'].seconds)} runs:", "",
                f"- cold (no snapshots): {fetch['cold'].spread()} s",
                f"- all answering 304: {fetch['warm'].spread()} s"]
    out += ["", "### Feed parsing", "",
            f"`benchmarks/feeds_bench.py`: one {feeds['items']:,}-item RSS feed "
            f"({feeds['bytes'] / 1024 / 1024:.1f} MiB) like a bills.parliament.uk bill feed, "
            f"median of {feeds['runs']} alternating runs in one process:", "",
            f"- bare `feedparser.parse`: {feeds['feedparser_s']:.2f} s",
            f"- ours (`timeline.feeds.parse_feed`: feedparser, then every item normalised "
            f"into an entry): {feeds['ours_s']:.2f} s, {feeds['ratio']:.2f}x"]
    out += ["", "### Log", "", "```", *lines, "```", "", END]
    return "\n".join(out)


def write_report(text: str) -> None:
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in old or END not in old:
        old += f"\n{START}\n{END}\n"
    head, rest = old.split(START, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + text + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="comma-separated numbers of events (default 100,1000,10000)")
    parser.add_argument("--runs", default="5,3,2",
                        help="runs per size, in the same order (default 5,3,2)")
    parser.add_argument("--fetch-runs", type=int, default=3)
    parser.add_argument("--record", default="",
                        help="comma-separated sizes to build once each and record "
                             "(e.g. 50000); default none")
    parser.add_argument("--no-write", action="store_true",
                        help="print the report instead of updating docs/performance.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    runs += [runs[-1]] * (len(sizes) - len(runs))
    lines: list[str] = []

    def log(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    command = "invoke bench" + (f" --sizes {args.sizes} --runs {args.runs}"
                                if (args.sizes, args.runs) != ("100,1000,10000", "5,3,2")
                                else "") + (f" --record {args.record}" if args.record else "")
    results = {}
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        work = Path(tmp)
        for n, r in zip(sizes, runs, strict=True):
            log(f"N={n}: {r} runs")
            results[n] = bench_size(n, r, work, log)
        record = {}
        for n in (int(x) for x in args.record.split(",") if x):
            log(f"N={n}: one recorded run")
            record[n] = bench_record(n, work, log)
        fetch = bench_fetch(args.fetch_runs, work, log) if args.fetch_runs else None
    feeds = bench_feeds(log)
    text = report(results, fetch, feeds, command, lines, record)
    if args.no_write:
        print(text)
    else:
        write_report(text)
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
