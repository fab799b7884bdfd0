"""Issue 22, point 6: help that documents itself."""

from __future__ import annotations

import os
import subprocess
import sys

import click

from ppdesk.cli.main import ENVIRONMENT, main

VARIABLES = (
    "PPDESK_PASSWORD",
    "PPDESK_USER",
    "PPDESK_DATABASE_URL",
    "PPDESK_KEYS_PASSPHRASE",
    "PPDESK_NEW_PASSWORD",
    "PPDESK_CONFIG_DIR",
    "PPDESK_DATA_DIR",
)


def _walk(cmd: click.Command, path: tuple[str, ...]):
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from _walk(sub, (*path, name))


def test_every_command_and_option_has_a_description() -> None:
    missing = []
    for path, cmd in _walk(main, ("ppdesk",)):
        if not (cmd.help or cmd.short_help):
            missing.append(" ".join(path))
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.hidden and not param.help:
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []


def test_top_level_help_names_the_desk_every_variable_and_the_exit_codes() -> None:
    from click.testing import CliRunner

    out = CliRunner().invoke(main, ["--help"]).output
    assert "A bare `ppdesk` (no command) opens the desk" in out
    for name in VARIABLES:
        assert name in out, name
    assert {n for n, _ in ENVIRONMENT} == set(VARIABLES)
    assert "Exit codes:" in out and " 78  configuration problem" in out


def test_readme_documents_every_variable() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in VARIABLES:
        assert f"`{name}`" in readme, name


def test_version_answers_without_loading_the_application() -> None:
    probe = (
        "import sys; sys.argv = ['ppdesk', '--version']\n"
        "from ppdesk.__main__ import main; main()\n"
        "print(sorted(m for m in ('click', 'sqlalchemy', 'PySide6') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    first, loaded = done.stdout.splitlines()
    assert first.startswith("ppdesk, version ")
    assert loaded == "[]"
