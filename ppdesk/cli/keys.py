"""``ppdesk keys init|export|import|recover``: the two PIN keys on each workstation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from ppdesk.cli.common import friendly_errors, login, prompt_secret, state, user_option
from ppdesk.services import keys as keys_service


def _passphrase(confirm: bool) -> str:
    return prompt_secret("Key file passphrase", "PPDESK_KEYS_PASSPHRASE", confirm=confirm)


@click.group("keys")
def group() -> None:
    """Provision the PIN keys of a shared database on a workstation."""


@group.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sealed key file to write (readable by you only).",
)
@user_option
@friendly_errors
def export(out: Path, user: str | None) -> None:
    """Write this database's PIN keys, sealed with a passphrase, to OUT (principal or
    district admin)."""
    session = login(user)
    data = keys_service.export_keys(state().runtime().ctx, session, _passphrase(confirm=True))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    click.echo(
        f"Keys written to {out}. Carry it to the other workstation, import it there, then delete it."
    )


@group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@user_option
@friendly_errors
def import_(path: Path, user: str | None) -> None:
    """Install sealed PIN keys from PATH on this workstation (principal or district admin)."""
    session = login(user)
    where = keys_service.import_keys(
        state().runtime().ctx, session, path.read_bytes(), _passphrase(confirm=False)
    )
    click.echo(f"PIN keys installed in the {where}.")


@group.command("init")
@user_option
@friendly_errors
def init(user: str | None) -> None:
    """Create the PIN keys of a NEW shared database on this workstation (once per database)."""
    session = login(user)
    where = keys_service.init_keys(state().runtime().ctx, session)
    click.echo(f"New PIN keys created in the {where}. Export them to the other workstations.")


@group.command("recover")
@click.option("--reason", required=True, help="Why the keys are lost (kept in the audit trail).")
@click.option(
    "--yes",
    is_flag=True,
    help="Do not ask for confirmation (every active PIN is revoked; there is no undo).",
)
@user_option
@friendly_errors
def recover(reason: str, yes: bool, user: str | None) -> None:
    """New PIN keys for a database whose keys are LOST on every workstation.

    Only when no workstation can still export them (`ppdesk keys export` works wherever PIN
    features still work). Every active PIN is revoked and listed for reissue, stored student
    PINs are removed until the next SIS import, and it is all audited. District
    administrator for every school in the database."""
    session = login(user)
    if not yes:
        click.confirm(
            "Every active PIN in this database will be revoked and parents will need new "
            "ones. Continue?",
            abort=True,
        )
    result = keys_service.recover_keys(state().runtime().ctx, session, reason=reason)
    click.echo(f"New PIN keys created in the {result.stored_in}.")
    click.echo(
        f"{len(result.revoked)} active PIN(s) revoked; {result.student_pins_cleared} stored "
        "student PIN(s) removed (the next SIS import stores them again)."
    )
    if result.revoked:
        click.echo("Issue a new PIN for each of these (school id, student, guardian, link id):")
        for pin in result.revoked:
            click.echo(
                f"  {pin.school_id}\t{pin.student_number} {pin.student_name}\t"
                f"{pin.guardian_name}\tlink {pin.link_id}"
            )
    click.echo("Export the new keys to the other workstations with `ppdesk keys export`.")


commands = [group]
