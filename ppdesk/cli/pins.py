"""``ppdesk link`` (portal redemption), ``ppdesk pin check|unlock-redemption`` and
``ppdesk guardian remove-status|request-sis-update|withdraw-sis-request`` and
``ppdesk status-source`` (district administrators)."""

from __future__ import annotations

from datetime import date

import click

from ppdesk.cli.common import friendly_errors, login, state, user_option
from ppdesk.domain.errors import ValidationError
from ppdesk.services import redemption


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("cli.dob_format", field="dob") from None


@click.command("link")
@click.option("--student-id", required=True, help="District student ID.")
@click.option("--dob", required=True, help="Student's date of birth, YYYY-MM-DD.")
@click.option("--pin", "pin_text", required=True, help="The Parent Portal PIN from the letter.")
@click.option("--email", required=True, help="The parent's portal account email.")
@friendly_errors
def link(student_id: str, dob: str, pin_text: str, email: str) -> None:
    """Redeem a PIN as the portal does when a parent adds a student."""
    result = redemption.redeem(
        state().runtime().ctx,
        student_number=student_id,
        dob=_iso_date(dob),
        pin_text=pin_text,
        email=email,
    )
    click.echo(
        f"Linked: {result.guardian_name} can now see {result.student_name} ({result.student_number})."
    )


@click.group("pin")
def pin_group() -> None:
    """Check a PIN or clear a redemption lockout (staff)."""


@pin_group.command("check")
@click.option("--student-id", required=True, help="District student ID.")
@click.option("--pin", "pin_text", required=True, help="The Parent Portal PIN to check.")
@user_option
@friendly_errors
def check(student_id: str, pin_text: str, user: str | None) -> None:
    """Is this PIN valid for this student? (does not use it)"""
    session = login(user)
    result = redemption.check_pin(
        state().runtime().ctx, session, student_number=student_id, pin_text=pin_text
    )
    verdict = "valid" if result.valid else "NOT valid"
    who = f" for {result.guardian_name}" if result.guardian_name else ""
    click.echo(f"{verdict}: {result.status}{who}")


@pin_group.command("unlock-redemption")
@click.option("--student-id", required=True, help="District student ID.")
@user_option
@friendly_errors
def unlock_redemption(student_id: str, user: str | None) -> None:
    """Clear the redemption lockout of a student after too many failed attempts."""
    session = login(user)
    n = redemption.clear_redemption_lock(state().runtime().ctx, session, student_number=student_id)
    click.echo(f"Cleared {n} failed attempt(s).")


@click.group("guardian")
def guardian_group() -> None:
    """A guardian's verified parent and legal guardian status (principals and APs)."""


@guardian_group.command("remove-status")
@click.option("--student-id", required=True, help="District student ID.")
@click.option("--guardian", "guardian_name", required=True, help="The guardian's full name.")
@click.option("--reason", required=True, help="Why (court order, custody change).")
@user_option
@friendly_errors
def remove_status(student_id: str, guardian_name: str, reason: str, user: str | None) -> None:
    """Remove the verified status: revokes active and held PINs, refuses new ones."""
    from ppdesk.domain.errors import NotFound
    from ppdesk.domain.text import fold
    from ppdesk.services import custody, lookup

    session = login(user)
    ctx = state().runtime().ctx
    hits = [
        s for s in lookup.find_students(ctx, session, student_id) if s.student_number == student_id
    ]
    if not hits:
        raise NotFound("student.number_not_found")
    view = lookup.student_view(ctx, session, hits[0].student_id)
    wanted = " ".join(sorted(fold(guardian_name).split()))
    links = [g for g in view.guardians if " ".join(sorted(fold(g.name).split())) == wanted]
    if len(links) != 1:
        raise NotFound("cli.guardian_name_none" if not links else "cli.guardian_name_twice")
    done = custody.remove_legal_guardian_status(ctx, session, links[0].link_id, reason=reason)
    click.echo(done.message)


@guardian_group.command("request-sis-update")
@click.option("--student-id", required=True, help="District student ID.")
@click.option("--guardian", "guardian_name", required=True, help="The guardian's full name.")
@click.option(
    "--documents",
    required=True,
    help="Documents seen, comma-separated: "
    "birth_certificate, court_order, adoption, photo_id, other (with --note).",
)
@click.option("--note", default=None, help="What else was seen (needed with 'other').")
@user_option
@friendly_errors
def request_sis_update(
    student_id: str, guardian_name: str, documents: str, note: str | None, user: str | None
) -> None:
    """At a school the SIS feeds: ask the office to record the verified status in the SIS."""
    from ppdesk.services import lookup, sis_requests

    session = login(user)
    ctx = state().runtime().ctx
    link_id = lookup.find_guardian_link(ctx, session, student_id, guardian_name)
    kinds = [d.strip() for d in documents.split(",") if d.strip()]
    done = sis_requests.request_sis_update(ctx, session, link_id, documents=kinds, note=note)
    click.echo(done.message)


@guardian_group.command("withdraw-sis-request")
@click.option("--student-id", required=True, help="District student ID.")
@click.option("--guardian", "guardian_name", required=True, help="The guardian's full name.")
@click.option("--reason", required=True, help="Why the request is withdrawn.")
@user_option
@friendly_errors
def withdraw_sis_request(
    student_id: str, guardian_name: str, reason: str, user: str | None
) -> None:
    """Withdraw an open SIS update request (it leaves the "SIS updates to make" report)."""
    from ppdesk.services import lookup, sis_requests

    session = login(user)
    ctx = state().runtime().ctx
    link_id = lookup.find_guardian_link(ctx, session, student_id, guardian_name)
    sis_requests.withdraw_sis_request(ctx, session, link_id, reason=reason)
    click.echo("The request was withdrawn; it is no longer on the SIS updates to make report.")


@click.command("status-source")
@click.argument("school_code", metavar="SCHOOL")
@click.argument("source", type=click.Choice(["desk", "sis"]))
@click.option("--reason", required=True, help="Why (audited).")
@user_option
@friendly_errors
def status_source(school_code: str, source: str, reason: str, user: str | None) -> None:
    """District administrators: who decides a school's verified parent and legal guardian
    status: the SIS (its imports) or the desk (switching back to desk recording)."""
    from ppdesk.services import sis_requests

    session = login(user)
    done = sis_requests.set_status_source(
        state().runtime().ctx, session, school_code, from_sis=source == "sis", reason=reason
    )
    if done.from_sis:
        click.echo(f"School {done.school_code}: the SIS decides the verified status from now on.")
    else:
        click.echo(
            f"School {done.school_code}: the desk records the verified status again; imports "
            f"leave it alone. {done.requests_withdrawn} open SIS update request(s) withdrawn."
        )


commands = [link, pin_group, guardian_group, status_source]
