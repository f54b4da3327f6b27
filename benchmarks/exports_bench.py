"""Time the exports alone (``write_build_exports``) in real builds, cold and cached.

``python benchmarks/exports_bench.py [N] [RUNS]`` writes N synthetic entries
(``synth.py``, default 1,000) and runs whole Pelican builds of them with the
development settings (no search index), each in its own process, timing the
exports inside it: cold (no cache), then with Pelican's content cache on a
first build that fills it, rebuilds after one entry's narrative changed (a
sentence appended each time) and a rebuild with nothing changed. Prints the
median of RUNS (default 3) for each.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(content: str, output: str, cache: str) -> None:
    """One build; prints the seconds spent writing the export files (in this
    process: TIMELINE_JOBS = 1)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    import pelican.plugins.parliament_timeline.site.generator as generator

    values = {"PATH": content, "OUTPUT_PATH": output, "TIMELINE_SEARCH_INDEX": False,
              "TIMELINE_JOBS": 1,
              "CACHE_CONTENT": bool(cache), "LOAD_CONTENT_CACHE": bool(cache)}
    if cache:
        values["CACHE_PATH"] = cache
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=values)
    real, spent = generator.write_build_exports, []

    def timed(*args, **kwargs):
        start = time.perf_counter()
        last = real(*args, **kwargs)
        spent.append(time.perf_counter() - start)
        return last

    generator.write_build_exports = timed
    Pelican(settings).run()
    print(spent[0])


def run(content: Path, output: Path, cache: Path | None) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(content), str(output), str(cache or "")],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return float(out.split()[-1])


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child(*argv[1:4])
        return 0
    n = int(argv[0]) if argv else 1000
    runs = int(argv[1]) if len(argv) > 1 else 3
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import write_site

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        entries = write_site(tmp / "content", n)
        cold = [run(tmp / "content", tmp / f"cold{i}", None) for i in range(runs)]
        cache, out = tmp / "cache", tmp / "out"
        fill = run(tmp / "content", out, cache)
        edited = []
        for i in range(runs):
            with open(entries[len(entries) // 2], "a", encoding="utf-8") as f:
                f.write(f"\nA sentence appended in run {i}.\n")
            edited.append(run(tmp / "content", out, cache))
        unchanged = run(tmp / "content", out, cache)
    print(f"exports at N={n}, median of {runs}:")
    print(f"  cold:                     {statistics.median(cold):.3f} s")
    print(f"  cached, first (fills it): {fill:.3f} s")
    print(f"  cached, one entry edited: {statistics.median(edited):.3f} s")
    print(f"  cached, nothing changed:  {unchanged:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
