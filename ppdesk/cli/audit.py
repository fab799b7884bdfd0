"""``ppdesk audit verify|show``."""

from __future__ import annotations

import sys

import click

from ppdesk.cli.common import friendly_errors, state
from ppdesk.services import audit_trail


@click.group("audit")
def group() -> None:
    """The audit trail."""


@group.command("verify")
@friendly_errors
def verify() -> None:
    """Check the hash chain: prints "intact" or the first broken link (exit 1)."""
    report = audit_trail.check_chain(state().runtime().ctx)
    click.echo(report.describe())
    if not report.intact:
        sys.exit(1)
