"""Requests that the office record a verified parent and legal guardian in the SIS
(table ``sis_status_request``, migration 0008)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, or_, select, update
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import (
    Guardian,
    GuardianLink,
    School,
    SisStatusRequest,
    Staff,
    Student,
)
from ppdesk.adapters.db.prebuilt import prebuilt
from ppdesk.domain.reports import full_name
from ppdesk.services.records import ClosableRequest, StatusRequestRow

ID_CHUNK = 500


def _rows_query() -> Select[Any]:
    return (
        select(
            SisStatusRequest.id,
            SisStatusRequest.link_id,
            School.code,
            Student.student_number,
            Student.first_name,
            Student.last_name,
            Student.grade,
            Guardian.first_name,
            Guardian.last_name,
            Guardian.sis_source_id,
            GuardianLink.relationship,
            SisStatusRequest.requested_at,
            Staff.display_name,
            SisStatusRequest.documents,
            SisStatusRequest.note,
            SisStatusRequest.closed_at,
            SisStatusRequest.outcome,
            SisStatusRequest.closed_import_seq,
            SisStatusRequest.closed_import_file,
            SisStatusRequest.kind,
        )
        .join(GuardianLink, GuardianLink.id == SisStatusRequest.link_id)
        .join(Student, Student.id == SisStatusRequest.student_id)
        .join(School, School.id == Student.school_id)
        .join(Guardian, Guardian.id == SisStatusRequest.guardian_id)
        .join(Staff, Staff.id == SisStatusRequest.requested_by_id)
    )


def _row(r: Any) -> StatusRequestRow:
    (
        rid, link_id, code, number, s_first, s_last, grade, g_first, g_last, sis_id,
        relationship, at, by, documents, note, closed_at, outcome, seq, file, kind,
    ) = r  # fmt: skip
    return StatusRequestRow(
        id=rid,
        link_id=link_id,
        school_code=code,
        student_number=number,
        student_name=full_name(s_first, s_last),
        grade=grade,
        guardian_name=full_name(g_first, g_last),
        guardian_sis_id=sis_id,
        relationship=relationship,
        requested_at=at,
        requested_by=by,
        documents=documents,
        note=note,
        closed_at=closed_at,
        outcome=outcome,
        closed_import_seq=seq,
        closed_import_file=file,
        kind=kind,
    )


class SqlStatusRequestRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(
        self,
        *,
        link_id: int,
        student_id: int,
        guardian_id: int,
        requested_by_id: int,
        requested_at: datetime,
        documents: str,
        note: str | None,
        kind: str = "verify",
    ) -> int:
        row = SisStatusRequest(
            kind=kind,
            link_id=link_id,
            student_id=student_id,
            guardian_id=guardian_id,
            requested_by_id=requested_by_id,
            requested_at=requested_at,
            documents=documents,
            note=note,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def get(self, request_id: int) -> StatusRequestRow | None:
        r = self.s.execute(_rows_query().where(SisStatusRequest.id == request_id)).first()
        return _row(r) if r is not None else None

    def open_for_links(self, link_ids: Sequence[int]) -> dict[int, StatusRequestRow]:
        """The open request of each link that has one."""
        out: dict[int, StatusRequestRow] = {}
        ids = list(link_ids)
        q = prebuilt(
            ("status requests", "open for links"),
            lambda: _rows_query().where(
                SisStatusRequest.link_id.in_(bindparam("ids", expanding=True)),
                SisStatusRequest.closed_at.is_(None),
            ),
        )
        for i in range(0, len(ids), ID_CHUNK):
            for r in self.s.execute(q, {"ids": ids[i : i + ID_CHUNK]}):
                row = _row(r)
                out[row.link_id] = row
        return out

    def open_rows(self, school_ids: Sequence[int]) -> list[StatusRequestRow]:
        """Open requests at these schools, oldest first (the office's to-do list)."""
        q = (
            _rows_query()
            .where(SisStatusRequest.closed_at.is_(None), Student.school_id.in_(list(school_ids)))
            .order_by(SisStatusRequest.requested_at, SisStatusRequest.id)
        )
        return [_row(r) for r in self.s.execute(q)]

    def closable(
        self, school_ids: Sequence[int], unverified_links: Sequence[int] = ()
    ) -> list[ClosableRequest]:
        """Open requests at these schools that the import now settles: a request to record
        the status, once the link is verified; a request to remove it, once the import
        carried the link as not verified (``unverified_links``); either, once the link (its
        student or guardian) ended."""
        ended = or_(
            GuardianLink.active.is_(False), Student.active.is_(False), Guardian.active.is_(False)
        )
        verified = and_(
            SisStatusRequest.kind == "verify",
            GuardianLink.verified_legal_guardian.is_(True),
            GuardianLink.active,
        )
        unverified = and_(
            SisStatusRequest.kind == "remove",
            SisStatusRequest.link_id.in_(list(unverified_links)),
        )
        q = (
            select(
                SisStatusRequest.id,
                SisStatusRequest.link_id,
                Student.school_id,
                case(
                    (ended, "link_ended"),
                    (SisStatusRequest.kind == "remove", "sis_unverified"),
                    else_="sis_verified",
                ),
            )
            .join(GuardianLink, GuardianLink.id == SisStatusRequest.link_id)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(
                SisStatusRequest.closed_at.is_(None),
                Student.school_id.in_(list(school_ids)),
                or_(ended, verified, unverified),
            )
            .order_by(SisStatusRequest.id)
        )
        return [ClosableRequest(*r) for r in self.s.execute(q)]

    def close(
        self,
        closes: Sequence[ClosableRequest],
        *,
        at: datetime,
        import_seq: int | None,
        import_file: str | None,
    ) -> None:
        for c in closes:
            self.s.execute(
                update(SisStatusRequest)
                .where(SisStatusRequest.id == c.id, SisStatusRequest.closed_at.is_(None))
                .values(
                    closed_at=at,
                    outcome=c.outcome,
                    closed_import_seq=import_seq,
                    closed_import_file=import_file,
                )
            )

    def withdraw(self, request_id: int, *, at: datetime, outcome: str) -> bool:
        """Close an open request at the desk; False if it was closed meanwhile."""
        done = self.s.execute(
            update(SisStatusRequest)
            .where(SisStatusRequest.id == request_id, SisStatusRequest.closed_at.is_(None))
            .values(closed_at=at, outcome=outcome)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def removals_requested(self) -> set[int]:
        """Links with an open request to remove the verified status in the SIS."""
        return set(
            self.s.scalars(
                select(SisStatusRequest.link_id).where(
                    SisStatusRequest.kind == "remove", SisStatusRequest.closed_at.is_(None)
                )
            )
        )

    def mark_sis_fed(self, school_ids: Sequence[int], at: datetime) -> list[int]:
        """Record that an import carried these schools (only the first time): from now on
        the SIS decides their verified status. Returns the schools newly marked."""
        ids = list(school_ids)
        if not ids:
            return []
        newly = list(
            self.s.scalars(
                select(School.id).where(
                    School.id.in_(ids),
                    School.sis_fed_since.is_(None),
                    School.status_local_since.is_(None),  # switched back by the district
                )
            )
        )
        if newly:
            self.s.execute(update(School).where(School.id.in_(newly)).values(sis_fed_since=at))
        return newly
