"""The headless demo: what ``make run`` shows on a machine without a display."""

from __future__ import annotations

import click

from ppdesk import bootstrap


def headless_demo(rt: bootstrap.Runtime) -> None:
    from ppdesk.services import lookup
    from ppdesk.services.auth import PasswordAuthenticator  # noqa: F401 - documented entry point

    ctx = rt.ctx
    with ctx.uow(readonly=True) as uow:
        staff = uow.staff.count()
    click.echo(f"{staff} staff accounts. Try: ppdesk --help, ppdesk staff list -u principal")
    del lookup
