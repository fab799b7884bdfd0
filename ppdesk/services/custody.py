"""Custody changes and portal links (reference guide sections III and V).

A court order or a custody change ends a guardian's "verified parent and legal guardian"
status. A principal or assistant principal removes it with a reason: the link's active or
held PIN is revoked and no new PIN can be issued. ppdesk cannot undo a link the guardian
already made on the portal with a redeemed PIN; such a case goes on the "portal links to
remove" report for the district's portal team, together with every guardian whom an SIS
import removed or un-verified after they had redeemed.
"""

from __future__ import annotations

import os
from dataclasses import astuple, dataclass
from datetime import datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import NotFound, ValidationError
from ppdesk.domain.reports import Column, ExportSummary
from ppdesk.domain.roles import Permission
from ppdesk.domain.text import NOTE_MAX, clean_text
from ppdesk.services.access import audit, require, retries_when_busy, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    export_report,
    output_path,
    scope_schools,
)
from ppdesk.services.pins import revoke_active_in_uow
from ppdesk.services.ports import SchoolRecord
from ppdesk.services.records import PortalLinkRow

REMOVE_ACTION = "legal_guardian_removed"
REPORT_TITLE = "Portal Links to Remove"
PORTAL_LINK_NOTE = (
    "This guardian already linked the student on the Parent Portal with a PIN; ppdesk cannot "
    "remove that link. The case is on the \u201cPortal links to remove\u201d report for the "
    "district's portal team."
)

SIS_REMOVAL_NOTE = (
    "The SIS decides the status at this school: the removal is on the \u201cSIS updates to "
    "make\u201d report for the office to record in the SIS. Until an import carries it, "
    "imports keep this guardian unverified."
)

PORTAL_LINK_COLUMNS = (
    Column("School", width=8),
    Column("Student ID", width=12),
    Column("Student Name", width=24),
    Column("Guardian", width=24),
    Column("Portal Account", width=28),
    Column("Linked On (UTC)", "datetime", 18),
    Column("What Changed", width=34),
    Column("Changed At (UTC)", "datetime", 18),
    Column("Changed By", width=16),
)


@dataclass(frozen=True)
class StatusRemoved:
    """What removing the status did; ``message`` says it for the desk."""

    link_id: int
    revoked_pin_id: int | None
    portal_link_to_remove: bool
    message: str
    sis_request_id: int | None = None  # at a school the SIS feeds: the removal request


PortalLinkToRemove = PortalLinkRow  # one shape: the repository's row is the report's line


@service
@retries_when_busy
def remove_legal_guardian_status(
    ctx: AppContext, session: StaffSession, link_id: int, *, reason: str
) -> StatusRemoved:
    """End a guardian's verified status for one student (court order, custody change).

    Principal or assistant principal, with a reason. Revokes the link's active or held PIN;
    future PINs are refused until the status is recorded again. If the guardian already
    redeemed a PIN, says that the portal link must be removed by the portal team.
    """
    reason_text = clean_text(reason, field="reason", max_len=NOTE_MAX, required=True)
    with ctx.uow() as uow:
        link = uow.people.link(link_id)
        if link is None or not link.active:
            raise NotFound("guardian.not_linked")
        student = uow.people.student(link.student_id)
        if student is None:
            raise NotFound("student.not_found")
        school = uow.schools.get(student.school_id)
        require(
            uow,
            session,
            Permission.RECORD_LEGAL_GUARDIAN,
            school,
            action=REMOVE_ACTION,
            target_type="guardian_link",
            target_id=str(link.id),
        )
        if not link.verified_legal_guardian:
            raise ValidationError("custody.not_verified_parent", field="link")
        now = uow.now()
        uow.people.set_legal_guardian(
            link.id, verified=False, by=session.username, at=now, source="staff"
        )
        revoked = revoke_active_in_uow(
            uow,
            link.id,
            now=now,
            by_id=session.staff_id,
            reason="verified status removed (custody change)",
        )
        portal_linked = uow.roster.link_was_redeemed(link.id)
        request_id = None
        if school is not None and school.status_from_sis:
            # The SIS decides the status here: the removal holds at the desk, and the office
            # removes it in the SIS; imports keep the guardian unverified until one carries
            # the removal (it closes this request).
            earlier = uow.status_requests.open_for_links([link.id]).get(link.id)
            if earlier is not None:
                uow.status_requests.withdraw(earlier.id, at=now, outcome="superseded")
            request_id = uow.status_requests.add(
                link_id=link.id,
                student_id=student.id,
                guardian_id=link.guardian_id,
                requested_by_id=session.staff_id,
                requested_at=now,
                documents="",
                note=reason_text,
                kind="remove",
            )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                REMOVE_ACTION,
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {
                    "reason": reason_text,
                    "revoked_pin_id": revoked,
                    "portal_link_to_remove": portal_linked,
                    "sis_request_id": request_id,
                },
            ),
        )
        uow.commit()
    message = "The verified parent and legal guardian status was removed"
    message += "; the PIN was revoked." if revoked else "."
    message += " No new PIN can be issued to this guardian for this student."
    if request_id is not None:
        message += " " + SIS_REMOVAL_NOTE
    if portal_linked:
        message += " " + PORTAL_LINK_NOTE
    return StatusRemoved(link_id, revoked, portal_linked, message, request_id)


def _cases(
    ctx: AppContext, session: StaffSession, school_code: str | None, action: str
) -> tuple[list[PortalLinkToRemove], list[SchoolRecord], datetime]:
    with ctx.uow(readonly=True) as uow:
        schools = scope_schools(uow, session, Permission.READ_REPORTS, school_code, action=action)
        rows = uow.roster.portal_links_to_remove([s.id for s in schools])
        now = uow.now()
    return list(rows), schools, now


@service
def portal_links_to_remove(
    ctx: AppContext, session: StaffSession, *, school_code: str | None = None
) -> list[PortalLinkToRemove]:
    """Guardians who linked a student on the portal and have since lost the right to."""
    return _cases(ctx, session, school_code, "report_view")[0]


@service
def export_portal_links_to_remove(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    school_code: str | None = None,
) -> ExportSummary:
    """Write the "portal links to remove" report (.xlsx or .pdf) and audit the export."""
    target = output_path(out_path, (".xlsx", ".pdf"))
    cases, schools, now = _cases(ctx, session, school_code, "report_export")
    return export_report(
        ctx,
        session,
        target,
        report="portal_links_to_remove",
        title=REPORT_TITLE,
        columns=PORTAL_LINK_COLUMNS,
        rows=[astuple(c) for c in cases],
        schools=schools,
        now=now,
        notes=["For the district's portal team: remove these portal links; ppdesk cannot."],
    )
