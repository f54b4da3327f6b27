"""The command table (commands/table.py): one declaration drives argparse and invoke."""

from __future__ import annotations

import pytest

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
