"""``ppdesk roster export`` and
``ppdesk report adoption|outreach|emergency-contacts|portal-links|sis-updates|audit``.

Each command logs in (``--user``; the password from ``PPDESK_PASSWORD`` or a prompt), so
the step-up needed to export PINs is satisfied. Ctrl-C during an export cancels it
cleanly: no file is left and nothing is recorded.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import click

from ppdesk.cli.common import friendly_errors, login, state, user_option
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.reports import ExportSummary
from ppdesk.services import reports, roster


def _iso_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("cli.date_option_format", option=option, field=option) from None


@contextlib.contextmanager
def _cancel_on_interrupt() -> Iterator[Callable[[], bool]]:
    """Yield an ``is_cancelled`` check that turns true on Ctrl-C (SIGINT)."""
    pressed = [False]

    def on_interrupt(_signum: int, _frame: Any) -> None:
        pressed[0] = True
        click.echo("\nCancelling...", err=True)

    try:
        previous = signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread: no signal handling, no cancel
        yield lambda: False
        return
    try:
        yield lambda: pressed[0]
    finally:
        signal.signal(signal.SIGINT, previous)


def _progress() -> Callable[[int, int | None], None]:
    """Progress on stderr: about every 10% (every 50,000 rows without a total), as whole
    lines when stderr is not a terminal (a scheduled run's log)."""
    from ppdesk.cli.progress import progress_printer

    return progress_printer("rows", minimum=1_000)


def _done(summary: ExportSummary, what: str) -> None:
    if summary.cancelled:
        click.echo("Cancelled: no file was written and nothing was recorded.", err=True)
        sys.exit(1)
    click.echo(f"Wrote {what}: {summary.rows:,} rows to {summary.path}")
    if summary.cleaned_characters:
        click.echo(
            f"{summary.cleaned_characters:,} characters that a spreadsheet cannot store "
            "(control characters) were removed."
        )


def _export(
    export: Callable[..., ExportSummary],
    out: str,
    user: str | None,
    *,
    streams: bool,
    **options: Any,
) -> ExportSummary:
    """Log in, then run one export service on ``out``. A streaming export shows progress
    and stops cleanly on Ctrl+C (nothing written, nothing recorded)."""
    session = login(user)
    ctx = state().runtime().ctx
    if not streams:
        return export(ctx, session, out, **options)
    with _cancel_on_interrupt() as cancelled:
        return export(ctx, session, out, **options, progress=_progress(), is_cancelled=cancelled)


def _selection_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--homeroom", help="Only this homeroom (its name or its teacher's name).")(fn)
    fn = click.option("--grade", help="Only this grade (TK, K, 1 ... 12).")(fn)
    fn = click.option(
        "--school", "school_code", help="School code (default: every school you may use)."
    )(fn)
    return fn


def _out_option(suffixes: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--out", "out", required=True, type=click.Path(dir_okay=False), help=f"File ({suffixes})."
    )


@click.group("roster")
def roster_group() -> None:
    """The Student/Parent PIN roster (principals and assistant principals)."""


@roster_group.command("export")
@_out_option(".xlsx")
@_selection_options
@user_option
@friendly_errors
def roster_export(
    out: str, school_code: str | None, grade: str | None, homeroom: str | None, user: str | None
) -> None:
    """Export the roster with Parent Portal PINs and student PINs to an Excel file."""
    summary = _export(
        roster.export_roster,
        out,
        user,
        streams=True,
        school_code=school_code,
        grade=grade,
        homeroom=homeroom,
    )
    _done(summary, "the Student/Parent PIN roster")
    click.echo(
        f"It holds {summary.pins_disclosed:,} active Parent Portal PIN(s) and student PINs: "
        "CONFIDENTIAL. Keep it on a school computer and delete it when done."
    )


@click.group("report")
def report_group() -> None:
    """Reports: portal adoption, outreach list, new emergency contacts, audit trail."""


@report_group.command("adoption")
@_out_option(".xlsx or .pdf")
@_selection_options
@user_option
@friendly_errors
def report_adoption(
    out: str, school_code: str | None, grade: str | None, homeroom: str | None, user: str | None
) -> None:
    """Parent Portal adoption by grade and homeroom."""
    summary = _export(
        reports.export_adoption,
        out,
        user,
        streams=False,
        school_code=school_code,
        grade=grade,
        homeroom=homeroom,
    )
    _done(summary, "the adoption report")


@report_group.command("outreach")
@_out_option(".xlsx or .pdf")
@_selection_options
@user_option
@friendly_errors
def report_outreach(
    out: str, school_code: str | None, grade: str | None, homeroom: str | None, user: str | None
) -> None:
    """Guardians with no PIN yet, or a PIN not redeemed: phone and preferred language."""
    summary = _export(
        reports.export_outreach,
        out,
        user,
        streams=True,
        school_code=school_code,
        grade=grade,
        homeroom=homeroom,
    )
    _done(summary, "the outreach list")


@report_group.command("portal-links")
@_out_option(".xlsx or .pdf")
@click.option("--school", "school_code", help="School code (default: every school you may use).")
@user_option
@friendly_errors
def report_portal_links(out: str, school_code: str | None, user: str | None) -> None:
    """Portal links to remove: guardians who linked and have since lost the right to."""
    from ppdesk.services import custody

    summary = _export(
        custody.export_portal_links_to_remove, out, user, streams=False, school_code=school_code
    )
    _done(summary, "the portal links to remove")


@report_group.command("sis-updates")
@_out_option(".xlsx or .pdf")
@click.option("--school", "school_code", help="School code (default: every school you may use).")
@user_option
@friendly_errors
def report_sis_updates(out: str, school_code: str | None, user: str | None) -> None:
    """SIS updates to make: guardians to record as verified parent and legal guardian in
    the SIS (open requests from the desk)."""
    from ppdesk.services import sis_requests

    summary = _export(
        sis_requests.export_sis_updates, out, user, streams=False, school_code=school_code
    )
    _done(summary, "the SIS updates to make")


@report_group.command("emergency-contacts")
@_out_option(".xlsx or .pdf")
@click.option("--since", required=True, help="Changed on or after this day (YYYY-MM-DD).")
@_selection_options
@user_option
@friendly_errors
def report_emergency_contacts(
    out: str,
    since: str,
    school_code: str | None,
    grade: str | None,
    homeroom: str | None,
    user: str | None,
) -> None:
    """The New Emergency Contact Report: contacts added or changed since a day."""
    day = _iso_date(since, "since")
    assert day is not None
    summary = _export(
        reports.export_emergency_contacts,
        out,
        user,
        streams=False,
        since=day,
        school_code=school_code,
        grade=grade,
        homeroom=homeroom,
    )
    _done(summary, "the New Emergency Contact Report")


@report_group.command("audit")
@_out_option(".xlsx or .pdf")
@click.option("--since", required=True, help="First day (YYYY-MM-DD).")
@click.option("--until", help="Last day, included (YYYY-MM-DD; default: up to now).")
@click.option("--school", "school_code", help="School code (default: every school you may use).")
@user_option
@friendly_errors
def report_audit(
    out: str, since: str, until: str | None, school_code: str | None, user: str | None
) -> None:
    """Export the audit trail for a range of days (principals and assistant principals)."""
    first = _iso_date(since, "since")
    last = _iso_date(until, "until")
    assert first is not None
    summary = _export(
        reports.export_audit_trail,
        out,
        user,
        streams=True,
        since=first,
        until=last,
        school_code=school_code,
    )
    _done(summary, "the audit trail")


commands = [roster_group, report_group]
