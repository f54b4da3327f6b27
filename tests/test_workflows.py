"""The GitHub Actions workflows: actionlint (with shellcheck) and their shape."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# Where pip put actionlint and shellcheck (the wheels ship the binaries).
BIN = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
PINNED_RE = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def actionlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = shutil.which("actionlint", path=BIN)
    assert exe, "actionlint not found: pip install -r requirements-dev.txt"
    return subprocess.run([exe, "-no-color", "-oneline", *args], cwd=cwd, capture_output=True,
                          text=True, check=False, env={**os.environ, "PATH": BIN})


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key "on" as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_the_two_workflows():
    assert [p.name for p in WORKFLOWS] == ["pull-request.yml", "refresh-and-publish.yml"]


def test_every_workflow_passes_actionlint():
    result = actionlint(*(str(p.relative_to(ROOT)) for p in WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n")
    result = actionlint(str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert 'property "nope" is not defined' in result.stdout


def test_actionlint_runs_shellcheck_on_run_scripts(tmp_path):
    if shutil.which("shellcheck", path=BIN) is None:
        pytest.skip("shellcheck is not installed; actionlint runs without it")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo $FOO\n")
    result = actionlint(str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "SC2086" in result.stdout


def test_actions_are_pinned_to_a_commit_with_the_version_named():
    for path in WORKFLOWS:
        text = path.read_text()
        for step in steps(load(path)):
            if "uses" in step:
                assert PINNED_RE.match(step["uses"]), f"{path.name}: {step['uses']}"
                assert re.search(re.escape(step["uses"]) + r" # v\d+\.\d+\.\d+\n", text)


def test_python_is_3_11_and_installs_from_the_pinned_requirements():
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["python-version"] == "3.11"
            if "pip install" in step.get("run", ""):
                assert re.search(r"-r requirements(-dev)?\.txt", step["run"])


def test_pull_request_workflow_checks_tests_builds_and_uploads():
    wf = load(ROOT / ".github/workflows/pull-request.yml")
    assert "pull_request" in wf["on"]
    runs = [s.get("run", "") for s in steps(wf)]
    assert any("invoke check" in r for r in runs)
    assert any("python -m pytest" in r for r in runs)
    assert any(r.strip() == "invoke publish" for r in runs)
    upload = [s for s in steps(wf) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "output/"
    assert wf["permissions"] == {"contents": "read"}


def test_refresh_runs_on_a_schedule_and_never_races_and_deploys_with_pages_actions():
    wf = load(ROOT / ".github/workflows/refresh-and-publish.yml")
    assert wf["on"]["schedule"][0]["cron"]
    assert "workflow_dispatch" in wf["on"]
    assert wf["concurrency"]["cancel-in-progress"] is False
    assert wf["permissions"] == {}
    used = [s.get("uses", "").split("@")[0] for s in steps(wf)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in used
    deploy = wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    refresh = wf["jobs"]["refresh"]
    assert refresh["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert any("invoke fetch-feeds" in s.get("run", "") for s in refresh["steps"])
    assert refresh["steps"][-1]["if"] == "steps.fetch.outputs.status != '0'"


def test_the_refresh_proposes_a_pull_request_and_never_pushes_to_main():
    """Issue 18: snapshots and drafts reach main only through an editor's review."""
    wf = load(ROOT / ".github/workflows/refresh-and-publish.yml")
    refresh = wf["jobs"]["refresh"]
    runs = "\n".join(s.get("run", "") for s in refresh["steps"])
    assert "git push" not in runs and "git commit" not in runs
    [propose] = [s for s in refresh["steps"]
                 if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert propose["with"]["add-paths"] == "content"
    assert propose["with"]["branch"] == "refresh/sources"
    assert propose["if"] == "steps.changes.outputs.changed == 'true'"
    names = [s.get("name") for s in refresh["steps"]]
    # Checked and built strictly before anything is proposed.
    assert names.index("Check and build strictly before proposing") < refresh["steps"].index(
        propose)
    # The publishing jobs build main, never the refresh's work.
    build = wf["jobs"]["build"]
    assert "needs" not in build
    [checkout] = [s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert "github.event_name == 'push'" in build["if"]


def test_pull_request_workflow_provides_the_feedparser_corpus():
    """The corpus tests run on GitHub too: the workflow checks out feedparser's
    tests/ at the tag of the pinned version and points FEED_CORPUS_DIR at it
    (under CI those tests fail without it, see conftest.feedparser_corpus)."""
    wf = load(ROOT / ".github/workflows/pull-request.yml")
    pinned = re.search(r"^feedparser==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    all_steps = list(steps(wf))
    [corpus] = [s for s in all_steps
                if s.get("with", {}).get("repository") == "kurtmckee/feedparser"]
    assert corpus["uses"].startswith("actions/checkout@")
    options = corpus["with"]
    assert options["ref"] == f"v{pinned[1]}"
    assert options["persist-credentials"] is False
    # Only tests/, without feedparser's own harness: the files of
    # ../shared/corpus/feedparser/tests, no more.
    assert options["sparse-checkout-cone-mode"] is False
    assert options["sparse-checkout"].split() == ["/tests/", "!/tests/runtests.py"]
    # A dot folder: pytest does not collect it, ruff (and git) ignore it.
    folder = options["path"]
    assert folder.startswith(".") and f"{folder.split('/')[0]}/" in (
        (ROOT / ".gitignore").read_text().splitlines())
    [tests] = [s for s in all_steps if "python -m pytest" in s.get("run", "")]
    assert all_steps.index(corpus) < all_steps.index(tests)
    assert tests["env"]["FEED_CORPUS_DIR"] == "${{ github.workspace }}/" + folder
