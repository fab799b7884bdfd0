"""The SIS decides who is the verified parent and legal guardian (guide section III).

Reference guide section III: the status "must be updated within MiSiS before the individual
is able to link". At a school an SIS import feeds (``SchoolRecord.status_from_sis``) the
desk therefore does not record the status (``pins.record_legal_guardian`` refuses with
``StatusFromSis``): a principal or assistant principal records a *request* here, naming the
documents seen, and the office manager works through the "SIS updates to make" report
(screen, .xlsx/.pdf, ``ppdesk report sis-updates``). The next import that carries the
status closes the request (``sis_write``); so does one that ends the link. Creating and
closing a request are audited. A school no import has carried keeps recording the status
at the desk.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import Conflict, NotFound, ValidationError
from ppdesk.domain.reports import Column, ExportSummary
from ppdesk.domain.roles import Permission
from ppdesk.domain.sis_status import (
    DOCUMENT_LABELS,
    OUTCOME_WITHDRAWN,
    REQUEST_ACTION,
    WITHDRAW_ACTION,
)
from ppdesk.domain.text import NOTE_MAX, clean_text
from ppdesk.services.access import audit, require, retries_when_busy, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.exports import (
    export_report,
    output_path,
    scope_schools,
)
from ppdesk.services.ports import SchoolRecord
from ppdesk.services.records import StatusRequestRow

REPORT_TITLE = "SIS Updates to Make"
SOURCE_ACTION = "status_source_set"
REPORT_NOTE = (
    "For the office: make each update below in the SIS (MiSiS). \u201cRecord\u201d: the "
    "guardian is the verified parent and legal guardian of the student; the next SIS import "
    "that carries the status closes the request and the PIN can be issued from then on. "
    "\u201cRemove\u201d: a principal or assistant principal removed the status (a court order, "
    "a custody change); imports keep the guardian unverified until one carries the removal, "
    "which closes the request."
)
UPDATE_LABELS = {"verify": "Record the verified status", "remove": "Remove the verified status"}

SIS_UPDATE_COLUMNS = (
    Column("School", width=8),
    Column("Student ID", width=12),
    Column("Student Name", width=24),
    Column("Grade", width=6),
    Column("Guardian", width=24),
    Column("Guardian SIS ID", width=14),
    Column("Relationship", width=12),
    Column("Update", width=24),
    Column("Documents Seen", width=36),
    Column("Note", width=24),
    Column("Requested By", width=20),
    Column("Requested At (UTC)", "datetime", 18),
)


@dataclass(frozen=True)
class RequestRecorded:
    """A recorded request; ``message`` says it for the desk."""

    request_id: int
    link_id: int
    message: str


def documents_text(documents: Sequence[str], note: str | None) -> str:
    """The documents as the report prints them; at least one, "other" only with a note."""
    kinds = list(dict.fromkeys(documents))
    unknown = [k for k in kinds if k not in DOCUMENT_LABELS]
    if unknown:
        raise ValidationError(
            "sis_status.document_unknown",
            field="documents",
            kind=unknown[0][:40],
            kinds=", ".join(DOCUMENT_LABELS),
        )
    if not kinds:
        raise ValidationError("sis_status.documents_missing", field="documents")
    if "other" in kinds and not note:
        raise ValidationError("sis_status.other_needs_note", field="note")
    return "; ".join(DOCUMENT_LABELS[k] for k in kinds)


@service
@retries_when_busy
def request_sis_update(
    ctx: AppContext,
    session: StaffSession,
    link_id: int,
    *,
    documents: Sequence[str],
    note: str | None = None,
) -> RequestRecorded:
    """Ask the office to record this guardian as verified parent and legal guardian in the
    SIS (a school the SIS feeds). Principal or assistant principal; audited."""
    note_text = clean_text(note or "", field="note", max_len=NOTE_MAX) or None
    docs = documents_text(documents, note_text)
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
            action=REQUEST_ACTION,
            target_type="guardian_link",
            target_id=str(link.id),
        )
        assert school is not None
        if not school.status_from_sis:
            raise ValidationError("sis_status.no_sis_import", field="link")
        if link.verified_legal_guardian:
            raise ValidationError("sis_status.already_verified", field="link")
        existing = uow.status_requests.open_for_links([link.id]).get(link.id)
        if existing is not None:
            raise Conflict(
                "sis_status.already_requested",
                requested_by=existing.requested_by,
                requested_on=f"{existing.requested_at:%Y-%m-%d}",
            )
        now = uow.now()
        request_id = uow.status_requests.add(
            link_id=link.id,
            student_id=student.id,
            guardian_id=link.guardian_id,
            requested_by_id=session.staff_id,
            requested_at=now,
            documents=docs,
            note=note_text,
        )
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                REQUEST_ACTION,
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {"request_id": request_id, "documents": list(dict.fromkeys(documents))},
            ),
        )
        uow.commit()
    message = (
        "The request is on the \u201cSIS updates to make\u201d report for the office. The PIN "
        "can be issued once the SIS carries the verified parent and legal guardian status "
        "(after the next SIS import)."
    )
    return RequestRecorded(request_id, link_id, message)


@service
@retries_when_busy
def withdraw_sis_request(
    ctx: AppContext, session: StaffSession, link_id: int, *, reason: str
) -> int:
    """Withdraw the open request of this guardian link (made in error, or the school found
    the person does not meet the requirements). Principal or AP, with a reason; audited.
    Returns the request's id."""
    reason_text = clean_text(reason, field="reason", max_len=NOTE_MAX, required=True)
    with ctx.uow() as uow:
        link = uow.people.link(link_id)
        if link is None:
            raise NotFound("guardian.not_linked")
        student = uow.people.student(link.student_id)
        if student is None:
            raise NotFound("student.not_found")
        require(
            uow,
            session,
            Permission.RECORD_LEGAL_GUARDIAN,
            uow.schools.get(student.school_id),
            action=WITHDRAW_ACTION,
            target_type="guardian_link",
            target_id=str(link.id),
        )
        existing: StatusRequestRow | None = uow.status_requests.open_for_links([link.id]).get(
            link.id
        )
        now = uow.now()
        if existing is None or not uow.status_requests.withdraw(
            existing.id, at=now, outcome=OUTCOME_WITHDRAWN
        ):
            raise ValidationError("sis_status.no_open_request", field="link")
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                WITHDRAW_ACTION,
                Outcome.SUCCESS,
                "guardian_link",
                str(link.id),
                student.school_id,
                {"request_id": existing.id, "reason": reason_text},
            ),
        )
        uow.commit()
    return existing.id


def _open(
    ctx: AppContext, session: StaffSession, school_code: str | None, action: str
) -> tuple[list[StatusRequestRow], list[SchoolRecord], datetime]:
    with ctx.uow(readonly=True) as uow:
        schools = scope_schools(
            uow, session, Permission.READ_OFFICE_REPORTS, school_code, action=action
        )
        rows = uow.status_requests.open_rows([s.id for s in schools])
        now = uow.now()
    return rows, schools, now


@service
def sis_updates_to_make(
    ctx: AppContext, session: StaffSession, *, school_code: str | None = None
) -> list[StatusRequestRow]:
    """Open requests, oldest first: the guardians the office must record in the SIS."""
    return _open(ctx, session, school_code, "report_view")[0]


@service
def export_sis_updates(
    ctx: AppContext,
    session: StaffSession,
    out_path: str | os.PathLike[str],
    *,
    school_code: str | None = None,
) -> ExportSummary:
    """Write the "SIS updates to make" report (.xlsx or .pdf) and audit the export."""
    target = output_path(out_path, (".xlsx", ".pdf"))
    rows, schools, now = _open(ctx, session, school_code, "report_export")
    table = [
        (
            r.school_code,
            r.student_number,
            r.student_name,
            r.grade,
            r.guardian_name,
            r.guardian_sis_id,
            r.relationship,
            UPDATE_LABELS.get(r.kind, r.kind),
            r.documents,
            r.note,
            r.requested_by,
            r.requested_at,
        )
        for r in rows
    ]
    return export_report(
        ctx,
        session,
        target,
        report="sis_updates_to_make",
        title=REPORT_TITLE,
        columns=SIS_UPDATE_COLUMNS,
        rows=table,
        schools=schools,
        now=now,
        notes=[REPORT_NOTE],
    )


@dataclass(frozen=True)
class StatusSource:
    """Where a school's verified status is decided after a switch."""

    school_code: str
    from_sis: bool
    requests_withdrawn: int


@service
@retries_when_busy
def set_status_source(
    ctx: AppContext, session: StaffSession, school_code: str, *, from_sis: bool, reason: str
) -> StatusSource:
    """Switch a school between the SIS deciding the verified parent and legal guardian status
    (``from_sis``) and desk recording (a district administrator, with a reason; audited as
    ``status_source_set``). Back to desk recording: imports no longer mark the school SIS-fed
    nor change its links' statuses, and its open SIS update requests are withdrawn. Back to
    the SIS: the school is SIS-fed from now on."""
    reason_text = clean_text(reason, field="reason", max_len=NOTE_MAX, required=True)
    with ctx.uow() as uow:
        school = uow.schools.get_by_code(school_code.strip())
        if school is None:
            raise NotFound("school.code_not_found", code=school_code)
        require(
            uow,
            session,
            Permission.SET_STATUS_SOURCE,
            school,
            action=SOURCE_ACTION,
            target_type="school",
            target_id=school.code,
        )
        if school.status_from_sis == from_sis:
            raise ValidationError("sis_status.source_unchanged", code=school.code, field="school")
        now = uow.now()
        withdrawn = 0
        if from_sis:
            uow.schools.update(school.id, sis_fed_since=now, status_local_since=None)
        else:
            uow.schools.update(school.id, sis_fed_since=None, status_local_since=now)
            for row in uow.status_requests.open_rows([school.id]):
                withdrawn += uow.status_requests.withdraw(row.id, at=now, outcome="withdrawn")
        audit(
            uow,
            ctx,
            session,
            AuditEntry(
                SOURCE_ACTION,
                Outcome.SUCCESS,
                "school",
                school.code,
                school.id,
                {
                    "source": "sis" if from_sis else "desk",
                    "reason": reason_text,
                    "requests_withdrawn_count": withdrawn,
                },
            ),
        )
        uow.commit()
    return StatusSource(school.code, from_sis, withdrawn)
