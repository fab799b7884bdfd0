"""The database's side of the PIN keys: the key fingerprint it claims, and what a key
recovery must end (active PINs, stored student PINs) because nobody can decrypt them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import Guardian, GuardianLink, Meta, ParentPin, Student
from ppdesk.adapters.db.repos.pins import OUTSTANDING
from ppdesk.domain.pin import PinStatus
from ppdesk.services.records import LostPin

FINGERPRINT_KEY = "key_fingerprint"


class SqlKeysRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def fingerprint(self) -> str | None:
        return self.s.scalars(select(Meta.value).where(Meta.key == FINGERPRINT_KEY)).first()

    def replace_fingerprint(self, fingerprint: str) -> None:
        self.s.execute(delete(Meta).where(Meta.key == FINGERPRINT_KEY))
        self.s.execute(insert(Meta).values(key=FINGERPRINT_KEY, value=fingerprint))

    def active_pins(self) -> list[LostPin]:
        rows = self.s.execute(
            select(
                ParentPin.id,
                ParentPin.link_id,
                Student.school_id,
                Student.student_number,
                Student.last_name,
                Student.first_name,
                Guardian.last_name,
                Guardian.first_name,
            )
            .join(GuardianLink, GuardianLink.id == ParentPin.link_id)
            .join(Student, Student.id == GuardianLink.student_id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(ParentPin.status.in_(OUTSTANDING))
            .order_by(Student.school_id, Student.student_number, ParentPin.id)
            .with_for_update(of=ParentPin)
        ).all()
        return [LostPin(r[0], r[1], r[2], r[3], f"{r[4]}, {r[5]}", f"{r[6]}, {r[7]}") for r in rows]

    def revoke_all_active(self, *, at: datetime, by_id: int | None, reason: str) -> int:
        result = self.s.execute(
            update(ParentPin)
            .where(ParentPin.status.in_(OUTSTANDING))
            .values(
                status=PinStatus.REVOKED.value,
                ciphertext=None,
                ended_at=at,
                ended_by_id=by_id,
                end_reason=reason,
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def clear_student_pins(self) -> int:
        """Stored student PINs encrypted with the lost keys: unreadable, so removed (the
        next SIS import stores them again)."""
        count = self.s.scalar(
            select(func.count())
            .select_from(Student)
            .where(Student.student_pin_ciphertext.is_not(None))
        )
        self.s.execute(
            update(Student)
            .where(Student.student_pin_ciphertext.is_not(None))
            .values(student_pin_ciphertext=None, student_pin_key_id=None)
        )
        return int(count or 0)
