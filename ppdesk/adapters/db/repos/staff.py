"""Staff, role grants and schools."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import RoleGrant, School, Staff
from ppdesk.adapters.db.prebuilt import prebuilt
from ppdesk.domain.roles import Role
from ppdesk.services.ports import GrantRecord, SchoolRecord, StaffRecord


def _staff(row: Staff) -> StaffRecord:
    return StaffRecord(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        email=row.email,
        password_hash=row.password_hash,
        active=row.active,
        failed_logins=row.failed_logins,
        locked_at=row.locked_at,
        last_login_at=row.last_login_at,
    )


def _grant(row: RoleGrant | Row[Any]) -> GrantRecord:
    return GrantRecord(
        id=row.id,
        staff_id=row.staff_id,
        role=Role(row.role),
        school_id=row.school_id,
        local_district=row.local_district,
        granted_by_id=row.granted_by_id,
        granted_at=row.granted_at,
        reason=row.reason,
    )


def school_record(row: School | Row[Any]) -> SchoolRecord:
    return SchoolRecord(
        id=row.id,
        code=row.code,
        name=row.name,
        address=row.address,
        phone=row.phone,
        principal_name=row.principal_name,
        local_district=row.local_district,
        portal_url=row.portal_url,
        pin_expiry_days=row.pin_expiry_days,
        bulk_letters_enabled=row.bulk_letters_enabled,
        outreach_days=row.outreach_days,
        sis_fed_since=row.sis_fed_since,
        status_local_since=row.status_local_since,
    )


class SqlStaffRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, staff_id: int) -> StaffRecord | None:
        row = self.s.get(Staff, staff_id)
        return _staff(row) if row else None

    def get_by_username(self, username: str) -> StaffRecord | None:
        row = self.s.scalars(select(Staff).where(Staff.username == username.lower())).first()
        return _staff(row) if row else None

    def count(self) -> int:
        return int(self.s.scalar(select(func.count()).select_from(Staff)) or 0)

    def add(
        self,
        *,
        username: str,
        display_name: str,
        email: str | None,
        password_hash: str | None,
        school_id: int | None = None,
    ) -> int:
        row = Staff(
            username=username.lower(),
            display_name=display_name,
            email=email,
            password_hash=password_hash,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def list_all(self) -> Sequence[StaffRecord]:
        return [_staff(r) for r in self.s.scalars(select(Staff).order_by(Staff.username))]

    def update(self, staff_id: int, **fields: Any) -> None:
        self.s.execute(update(Staff).where(Staff.id == staff_id).values(**fields))

    def record_failed_login(
        self, staff_id: int, *, limit: int, now: datetime
    ) -> tuple[int, bool] | None:
        """Count one failed login on the row locked ``FOR UPDATE``; lock the account when
        the count reaches ``limit``. Returns (failures, locked now), or None when the
        account was locked meanwhile (by a concurrent failure): then nothing is counted.

        Concurrent wrong passwords for one account wait for each other here, so N of them
        count N and the account locks at exactly ``limit``.
        """
        row = self.s.execute(
            select(Staff.failed_logins, Staff.locked_at)
            .where(Staff.id == staff_id)
            .with_for_update()
        ).one()
        if row.locked_at is not None:
            return None
        failures = int(row.failed_logins) + 1
        locked = failures >= limit
        values: dict[str, Any] = {"failed_logins": failures}
        if locked:
            values["locked_at"] = now
        self.s.execute(update(Staff).where(Staff.id == staff_id).values(**values))
        return failures, locked

    def record_login(self, staff_id: int, **fields: Any) -> bool:
        """A successful login: reset the failure count (and write ``fields``) only if the
        account is still active and unlocked, in one conditional UPDATE; returns whether
        it was (a concurrent failure may have locked it after the password was read)."""
        result = self.s.execute(
            update(Staff)
            .where(Staff.id == staff_id, Staff.locked_at.is_(None), Staff.active.is_(True))
            .values(failed_logins=0, **fields)
        )
        return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


class SqlGrantRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def active_for(self, staff_id: int) -> Sequence[GrantRecord]:
        rows = self.s.scalars(
            select(RoleGrant)
            .where(RoleGrant.staff_id == staff_id, RoleGrant.revoked_at.is_(None))
            .order_by(RoleGrant.id)
        )
        return [_grant(r) for r in rows]

    def usable_for(self, staff_id: int) -> Sequence[GrantRecord]:
        """The active grants of ``staff_id`` if the account is active and not locked (else
        none), in one query: every service call starts with this."""
        grant, staff = RoleGrant.__table__, Staff.__table__
        rows = self.s.execute(
            prebuilt(
                ("staff", "usable grants"),
                lambda: (
                    select(grant)
                    .join(staff, staff.c.id == grant.c.staff_id)
                    .where(
                        grant.c.staff_id == bindparam("staff_id"),
                        grant.c.revoked_at.is_(None),
                        staff.c.active.is_(True),
                        staff.c.locked_at.is_(None),
                    )
                    .order_by(grant.c.id)
                ),
            ),
            {"staff_id": staff_id},
        )
        return [_grant(r) for r in rows]

    def active_all(self) -> Sequence[GrantRecord]:
        rows = self.s.scalars(
            select(RoleGrant).where(RoleGrant.revoked_at.is_(None)).order_by(RoleGrant.id)
        )
        return [_grant(r) for r in rows]

    def add(
        self,
        *,
        staff_id: int,
        role: Role,
        school_id: int | None,
        local_district: str | None,
        granted_by_id: int | None,
        granted_at: datetime,
        reason: str | None,
    ) -> int:
        row = RoleGrant(
            staff_id=staff_id,
            role=role.value,
            school_id=school_id,
            local_district=local_district,
            granted_by_id=granted_by_id,
            granted_at=granted_at,
            reason=reason,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def revoke(
        self, grant_id: int, *, revoked_by_id: int, revoked_at: datetime, reason: str | None
    ) -> None:
        self.s.execute(
            update(RoleGrant)
            .where(RoleGrant.id == grant_id)
            .values(revoked_by_id=revoked_by_id, revoked_at=revoked_at, reason=reason)
        )


class SqlSchoolRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, school_id: int) -> SchoolRecord | None:
        school = School.__table__
        row = self.s.execute(
            prebuilt(
                ("staff", "school"),
                lambda: select(school).where(school.c.id == bindparam("id")),
            ),
            {"id": school_id},
        ).first()
        return school_record(row) if row else None

    def get_by_code(self, code: str) -> SchoolRecord | None:
        row = self.s.scalars(select(School).where(School.code == code)).first()
        return school_record(row) if row else None

    def list_all(self) -> Sequence[SchoolRecord]:
        return [school_record(r) for r in self.s.scalars(select(School).order_by(School.name))]

    def local_districts(self) -> dict[int, str | None]:
        """Every school's id and local district (one light query)."""
        school = School.__table__
        rows = self.s.execute(
            prebuilt(
                ("staff", "local districts"),
                lambda: select(school.c.id, school.c.local_district),
            )
        )
        return {int(i): district for i, district in rows}

    def add(self, **fields: Any) -> int:
        row = School(**fields)
        self.s.add(row)
        self.s.flush()
        return row.id

    def update(self, school_id: int, **fields: Any) -> None:
        self.s.execute(update(School).where(School.id == school_id).values(**fields))
