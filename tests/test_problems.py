"""Problems and their codes (records/problems.py): every problem has a declared code,
the docs list the codes, and no code reads a problem's message."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT
from pelican.plugins.parliament_timeline.records import problems
from pelican.plugins.parliament_timeline.records.problems import CODES, Problem

PLUGIN = ROOT / "plugins" / "pelican" / "plugins" / "parliament_timeline"


def test_a_problem_cannot_be_made_without_a_declared_code():
    with pytest.raises(TypeError):
        Problem("a.md", 1, "something is wrong")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unknown problem code 'no-such-code'"):
        Problem("a.md", 1, "something is wrong", "no-such-code")
    assert Problem("a.md", 1, "x", "bad-date", severity="warning").severity == "warning"


def _code_literals() -> dict[str, list[str]]:
    """Every string literal given as a problem's code in the plugin, with where."""
    found: dict[str, list[str]] = {}
    for path in PLUGIN.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            args = node.args
            checker = (isinstance(node.func, ast.Attribute)
                       and getattr(node.func.value, "id", "") in ("c", "self")
                       and path.parent.name == "records")
            if ((name in ("error", "warn") and checker) or name == "_problem") and args:
                code = args[0]
            elif name == "Problem" and len(args) >= 4:
                code = args[3]
            else:
                continue
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.setdefault(code.value, []).append(f"{path.name}:{node.lineno}")
    return found


def test_every_code_given_in_the_plugin_is_declared_and_every_declared_code_is_used():
    literals = _code_literals()
    assert set(literals) - set(CODES) == set()
    # The plugin's code but the declaration itself.
    source = re.sub(r"\nCODES = \{.*?\n\}\n", "", "\n".join(
        p.read_text(encoding="utf-8") for p in PLUGIN.rglob("*.py")), flags=re.S)
    unused = [code for code in CODES if f'"{code}"' not in source]
    assert unused == []


def test_no_code_compares_a_problems_message():
    """A check tells problems apart by their code: a message may be reworded."""
    for path in PLUGIN.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                assert not any(isinstance(o, ast.Attribute) and o.attr == "message"
                               for o in operands), f"{path.name}:{node.lineno}"


def test_the_docs_list_every_code_from_the_declaration():
    """Run `invoke field-reference` after changing CODES."""
    text = (PLUGIN / "docs" / "entry-format.md").read_text(encoding="utf-8")
    assert text == problems.update_codes_table(text), "run `invoke field-reference`"
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", text.split("<!-- problem-codes -->")[1]
                        .split("<!-- /problem-codes -->")[0], re.M)
    assert listed == list(CODES)


def test_an_invalid_byte_is_one_problem_with_its_code(tmp_path):
    from pelican.plugins.parliament_timeline.records.common import read_records

    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "jane.md").write_bytes(b"Name: Jane\n" * 9 + b"Party: caf\xe9\n")
    _, found, broken = read_records(str(folder), lambda raw: (None, []))
    assert [(p.line, p.code) for p in found] == [(10, "invalid-utf8")]
    assert broken == {"jane"}
