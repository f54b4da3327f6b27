"""The command table (commands/table.py): one declaration drives argparse and invoke."""

from __future__ import annotations

import subprocess
import sys

import pytest
from invoke import Program

from conftest import ROOT
from pelican.plugins.parliament_timeline.commands import table
from pelican.plugins.parliament_timeline.commands.cli import build_parser
from pelican.plugins.parliament_timeline.commands.tasks import site_tasks

BUILD_TASKS = {"clean", "build", "rebuild", "regenerate", "serve", "reserve", "preview",
               "livereload", "publish"}


def _subparsers():
    return build_parser()._subparsers._group_actions[0].choices


def test_every_command_of_the_console_script_and_of_invoke_comes_from_the_table():
    names = [c.name for c in table.COMMANDS]
    assert len(set(names)) == len(names)
    assert set(_subparsers()) == set(names)
    tasks = site_tasks(str(ROOT / "tasks.py"))
    assert set(tasks.task_names) == set(names) | BUILD_TASKS


@pytest.mark.parametrize("command", table.COMMANDS, ids=lambda c: c.name)
def test_argparse_and_invoke_take_the_same_options(command):
    parser = _subparsers()[command.name]
    by_dest = {a.dest: a for a in parser._actions}
    task = site_tasks(str(ROOT / "tasks.py"))[command.name]
    invoke_args = {a.name: a for a in task.get_arguments()}
    assert set(invoke_args) == {o.name for o in command.options}
    for o in command.options:
        action = by_dest[o.name]
        assert action.help == o.help
        if o.positional:
            assert action.option_strings == []
        else:
            assert action.option_strings == [o.flag_name]
            assert action.required == o.required
            assert action.default == (False if o.flag else o.default)
        if o.repeatable:
            assert o.name in task.iterable
        assert invoke_args[o.name].help == o.help
    if command.site:
        assert {"root", "settings"} <= set(by_dest)
    else:
        assert "root" not in by_dest


def _invoke(*args: str) -> subprocess.CompletedProcess:
    """invoke as an editor runs it, on this repository's tasks.py (help reads no settings)."""
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def _help(capsys, *args: str) -> str:
    """invoke's own parser and help, in this process, on a site's tasks."""
    Program(namespace=site_tasks(str(ROOT / "tasks.py"))).run(["invoke", *args], exit=False)
    return capsys.readouterr().out


def test_invoke_task_help_after_the_task_lists_its_options(capsys):
    """`invoke new-bill --help` once failed on the options it had not been given."""
    for command in table.COMMANDS:
        if any(o.positional and o.required for o in command.options):
            continue  # the next test: that help is printed by invoke's own program
        shown = _help(capsys, command.name, "--help")
        assert shown.startswith("Usage: invoke [--core-opts] " + command.name), shown
        for o in command.options:
            assert f"  {o.flag_name}" in shown, (command.name, o.name)
        assert shown == _help(capsys, "--help", command.name)
        assert shown == _help(capsys, command.name, "-h")


def test_no_option_of_a_command_gets_a_short_flag():
    """invoke made `-h` mean `--house` for new-bill; options are given by their names."""
    tasks = site_tasks(str(ROOT / "tasks.py"))
    for command in table.COMMANDS:
        for argument in tasks[command.name].get_arguments():
            assert argument.names == (argument.name.replace("_", "-"),), argument.names


def test_help_after_a_task_with_a_positional_option_is_help():
    """invoke gives the word after the task to a positional option, --help included."""
    for name, option in (("new-site", "  --title"), ("import-amendments", "  --paper")):
        for asked in ("--help", "-h"):
            result = _invoke(name, asked)
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith(f"Usage: inv[oke] [--core-opts] {name} ")
            assert option in result.stdout


def test_invoke_tells_what_a_command_is_missing_in_one_line(capsys):
    Program(namespace=site_tasks(str(ROOT / "tasks.py"))).run(
        ["invoke", "new-bill", "--title", "Example Bill"], exit=False)
    assert capsys.readouterr().err.strip() == "new-bill: give --key, --session, --house"
