"""The ``ppdesk GROUP a|b|c`` line heading each CLI module names exactly the group's commands."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click

from ppdesk.cli.main import main

CLI = Path(__file__).resolve().parents[2] / "ppdesk" / "cli"
NAMED = re.compile(r"``ppdesk ([a-z-]+) ([a-z|-]+)``")


def _named_in_docstrings() -> dict[str, set[str]]:
    named: dict[str, set[str]] = {}
    for path in sorted(CLI.glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for group, commands in NAMED.findall(doc.replace("\n", " ")):
            named.setdefault(group, set()).update(commands.split("|"))
    return named


def test_each_docstring_lists_the_commands_its_group_has() -> None:
    named = _named_in_docstrings()
    assert {"db", "staff", "audit", "pin", "keys", "report", "import"} <= set(named)
    for group, commands in named.items():
        cmd = main.commands[group]
        assert isinstance(cmd, click.Group), group
        assert commands == set(cmd.commands), f"ppdesk {group}: docstring says {commands}"
