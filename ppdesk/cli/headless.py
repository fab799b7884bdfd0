"""The headless demo: what ``make run`` does on a machine without a display.

Right after creating the demo school it logs in as the demo principal and writes the
school's PIN letters (one grade, with the sign-out sheets) and the Student/Parent PIN
roster to a folder it names.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from ppdesk import bootstrap


def headless_demo(rt: bootstrap.Runtime, demo_password: str | None) -> None:
    from ppdesk.services import letters, roster
    from ppdesk.services.auth import PasswordAuthenticator

    if demo_password is None:
        click.echo(
            "The database already holds data. Use the commands with your login, e.g.\n"
            "  ppdesk letters --out letters.pdf --grade 3 -u principal\n"
            "  ppdesk roster export --out roster.xlsx -u principal"
        )
        return
    out = bootstrap.default_output_dir() / f"demo-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    principal = PasswordAuthenticator(rt.ctx).login("principal", demo_password)
    letter_file = out / "pin-letters-grade-3.pdf"
    result = letters.bulk_letters(rt.ctx, principal, letter_file, grade="3")
    click.echo(f"Wrote {result.letters} PIN letters (grade 3, with sign-out sheets): {letter_file}")
    roster_file = out / "student-parent-pin-roster.xlsx"
    summary = roster.export_roster(rt.ctx, principal, roster_file)
    click.echo(f"Wrote the Student/Parent PIN roster ({summary.rows} rows): {roster_file}")
    click.echo(f"Demo output folder (confidential PINs, synthetic data): {Path(out)}")
