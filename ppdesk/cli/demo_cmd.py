"""``ppdesk demo``."""

from __future__ import annotations

import click

from ppdesk import bootstrap
from ppdesk.cli.common import friendly_errors, state
from ppdesk.services import demo


@click.command("demo")
@click.option(
    "--students",
    type=click.IntRange(10, 1_000_000),
    default=1500,
    show_default=True,
    help="How many invented students.",
)
@click.option("--seed", type=int, help="Make the same data every time.")
@click.option(
    "--password", help="Password for the demo accounts (default: a random one, printed once)."
)
@friendly_errors
def demo_command(students: int, seed: int | None, password: str | None) -> None:
    """Fill an EMPTY database with a synthetic demo school (invented data only)."""
    rt = state().runtime()
    bootstrap.provision_keys_if_new(rt)
    result = demo.create_demo(rt.ctx, students=students, seed=seed, password=password)
    print_demo(result)


def print_demo(result: demo.DemoResult) -> None:
    click.echo(
        f"Demo school {result.school_code}: {result.students} students, {result.guardians} guardians, "
        f"{result.pins_issued} PINs issued ({result.pins_redeemed} already redeemed)."
    )
    click.echo("Accounts (one per role): " + ", ".join(result.accounts))
    if result.password_generated:
        click.echo(f"Their password (shown only now): {result.password}")


commands = [demo_command]
