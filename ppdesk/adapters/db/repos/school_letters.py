"""Letters of district verifications that the student's school prints (table
``school_letter``, migration 0012)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import (
    Guardian,
    GuardianLink,
    ParentPin,
    School,
    SchoolLetter,
    Staff,
    Student,
    Verification,
)
from ppdesk.domain.reports import full_name
from ppdesk.services.records import SchoolLetterRow


def _rows_query() -> Select[Any]:
    return (
        select(
            SchoolLetter.id,
            SchoolLetter.link_id,
            SchoolLetter.school_id,
            School.code,
            SchoolLetter.pin_id,
            ParentPin.status,
            ParentPin.expires_at,
            SchoolLetter.verification_id,
            Verification.mode,
            Student.student_number,
            Student.first_name,
            Student.last_name,
            Student.grade,
            Guardian.first_name,
            Guardian.last_name,
            Staff.display_name,
            SchoolLetter.queued_at,
            SchoolLetter.closed_at,
            SchoolLetter.outcome,
        )
        .join(School, School.id == SchoolLetter.school_id)
        .join(ParentPin, ParentPin.id == SchoolLetter.pin_id)
        .join(Verification, Verification.id == SchoolLetter.verification_id)
        .join(GuardianLink, GuardianLink.id == SchoolLetter.link_id)
        .join(Student, Student.id == GuardianLink.student_id)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .join(Staff, Staff.id == SchoolLetter.queued_by_id)
    )


def _row(r: Any) -> SchoolLetterRow:
    (
        lid, link_id, school_id, code, pin_id, status, expires, vid, mode, number, s_first,
        s_last, grade, g_first, g_last, by, at, closed_at, outcome,
    ) = r  # fmt: skip
    return SchoolLetterRow(
        id=lid,
        link_id=link_id,
        school_id=school_id,
        school_code=code,
        pin_id=pin_id,
        pin_status=status,
        pin_expires_at=expires,
        verification_id=vid,
        mode=mode,
        student_number=number,
        student_name=full_name(s_first, s_last),
        grade=grade,
        guardian_name=full_name(g_first, g_last),
        queued_by=by,
        queued_at=at,
        closed_at=closed_at,
        outcome=outcome,
    )


class SqlSchoolLetterRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(
        self,
        *,
        link_id: int,
        school_id: int,
        pin_id: int,
        verification_id: int,
        queued_by_id: int,
        queued_at: datetime,
    ) -> int:
        row = SchoolLetter(
            link_id=link_id,
            school_id=school_id,
            pin_id=pin_id,
            verification_id=verification_id,
            queued_by_id=queued_by_id,
            queued_at=queued_at,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def get(self, letter_id: int) -> SchoolLetterRow | None:
        r = self.s.execute(_rows_query().where(SchoolLetter.id == letter_id)).first()
        return _row(r) if r is not None else None

    def open_for_link(self, link_id: int) -> SchoolLetterRow | None:
        q = _rows_query().where(SchoolLetter.link_id == link_id, SchoolLetter.closed_at.is_(None))
        r = self.s.execute(q).first()
        return _row(r) if r is not None else None

    def open_rows(self, school_ids: Sequence[int]) -> list[SchoolLetterRow]:
        """Letters waiting at these schools, oldest first (the office's print list)."""
        q = (
            _rows_query()
            .where(SchoolLetter.closed_at.is_(None), SchoolLetter.school_id.in_(list(school_ids)))
            .order_by(SchoolLetter.queued_at, SchoolLetter.id)
        )
        return [_row(r) for r in self.s.execute(q)]

    def close(self, letter_id: int, *, at: datetime, outcome: str, by_id: int | None) -> bool:
        """Close an open letter; False if it was closed meanwhile (another workstation)."""
        done = self.s.execute(
            update(SchoolLetter)
            .where(SchoolLetter.id == letter_id, SchoolLetter.closed_at.is_(None))
            .values(closed_at=at, outcome=outcome, closed_by_id=by_id)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]
