"""``ppdesk audit verify|checkpoint``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ppdesk.cli.common import friendly_errors, state
from ppdesk.services import audit_trail


@click.group("audit")
def group() -> None:
    """The audit trail."""


@group.command("verify")
@click.option(
    "--checkpoint",
    "checkpoint",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file written by `ppdesk audit checkpoint` (its last line is used): proves "
    "that nothing at or before it changed and nothing was cut.",
)
@friendly_errors
def verify(checkpoint: Path | None) -> None:
    """Check the hash chain, each row's signature (with this workstation's keys), the
    database's protective triggers, and optionally a checkpoint: prints "intact" or the
    first broken link (exit 1)."""
    from ppdesk import bootstrap

    rt = state().runtime()
    text = checkpoint.read_text(encoding="utf-8") if checkpoint is not None else None
    report = audit_trail.check_chain(rt.ctx, checkpoint=text)
    click.echo(report.describe())
    problems = bootstrap.protection_problems(rt.engine)
    for problem in problems:
        click.echo(f"protection missing: {problem}")
    if not report.intact or problems:
        sys.exit(1)


@group.command("checkpoint")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the checkpoint line to this file (default: standard output).",
)
@friendly_errors
def checkpoint_cmd(output: Path | None) -> None:
    """Write a signed (sequence, head) checkpoint of the audit chain, for the district to
    keep outside the database; `ppdesk audit verify --checkpoint FILE` checks against it."""
    line = audit_trail.make_checkpoint(state().runtime().ctx)
    if output is None:
        click.echo(line)
        return
    with output.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    click.echo(f"checkpoint written to {output}")
