"""An in-memory unit of work: the service rules tested without a database.

``MemoryDatabase`` holds committed records; ``MemoryUnitOfWork`` works on a copy of them and
writes the copy back only on ``commit()``, so leaving the ``with`` block rolls back as a
database transaction does (``@service`` relies on that to audit a refusal after the act's
rollback). The clock is the database's (``MemoryDatabase.now``), set by the test.

The staff, grant, school, audit, people and PIN repositories implement the methods of
their ``ppdesk.services.ports`` protocols that the PIN, verification checklist, access and
role-grant services call, with the semantics of the SQL repositories (conditional updates, outstanding-PIN
uniqueness, the newest passed verification); status requests are only read. The roster,
SIS, keys and logins repositories are not faked: touching one fails loudly. tests/unit/test_memory_uow.py checks
that every faked method has its port's exact signature. The database tests stay for what
the database does (locks, constraints, triggers, the audit chain).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Self

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.roles import Role
from ppdesk.services.ports import GrantRecord, SchoolRecord, StaffRecord
from ppdesk.services.records import (
    EmergencyContactRow,
    GuardianRow,
    InsertOutcome,
    LinkRow,
    PinRow,
    StatusRequestRow,
    StudentRow,
    VerificationRow,
)

OUTSTANDING = (PinStatus.ACTIVE, PinStatus.HELD)  # the port's default, as the port writes it


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    entry: AuditEntry
    actor: str
    actor_staff_id: int | None
    workstation: str


@dataclass(frozen=True)
class Disclosure:
    pin_id: int
    staff_id: int
    channel: str
    at: datetime
    verification_id: int | None
    batch: str | None


@dataclass(frozen=True)
class Attempt:
    """A portal redemption attempt (``redemption_attempt``)."""

    student_number: str
    at: datetime
    outcome: str
    cleared: bool = False


@dataclass
class Tables:
    """Every table of the fake; records are frozen, so a copy of the dicts is a snapshot."""

    staff: dict[int, StaffRecord] = field(default_factory=dict)
    grants: dict[int, GrantRecord] = field(default_factory=dict)
    revoked_grants: set[int] = field(default_factory=set)
    schools: dict[int, SchoolRecord] = field(default_factory=dict)
    students: dict[int, StudentRow] = field(default_factory=dict)
    guardians: dict[int, GuardianRow] = field(default_factory=dict)
    links: dict[int, LinkRow] = field(default_factory=dict)
    pins: dict[int, PinRow] = field(default_factory=dict)
    pin_hashes: dict[int, str] = field(default_factory=dict)
    verifications: dict[int, VerificationRow] = field(default_factory=dict)
    contacts: dict[int, EmergencyContactRow] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    status_requests: dict[int, StatusRequestRow] = field(default_factory=dict)
    disclosures: list[Disclosure] = field(default_factory=list)
    audit: list[AuditRow] = field(default_factory=list)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class MemoryDatabase:
    """The committed state, and the clock every unit of work reads."""

    def __init__(self, now: datetime) -> None:
        self.tables = Tables()
        self.now = now
        self.commits = 0

    def __call__(self, *, readonly: bool = False) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self, readonly=readonly)

    # -- seeding (committed directly) ---------------------------------------------------
    def add_school(self, code: str, *, local_district: str | None = None) -> SchoolRecord:
        school = SchoolRecord(
            id=self.tables.new_id(),
            code=code,
            name=f"School {code}",
            address=None,
            phone=None,
            principal_name=None,
            local_district=local_district,
            portal_url=None,
        )
        self.tables.schools[school.id] = school
        return school

    def add_staff(self, username: str, *, active: bool = True) -> StaffRecord:
        staff = StaffRecord(
            id=self.tables.new_id(),
            username=username,
            display_name=username.title(),
            email=None,
            password_hash=None,
            active=active,
            failed_logins=0,
            locked_at=None,
            last_login_at=None,
        )
        self.tables.staff[staff.id] = staff
        return staff

    def grant(
        self,
        staff: StaffRecord,
        role: Role,
        *,
        school: SchoolRecord | None = None,
        local_district: str | None = None,
    ) -> GrantRecord:
        grant = GrantRecord(
            id=self.tables.new_id(),
            staff_id=staff.id,
            role=role,
            school_id=school.id if school else None,
            local_district=local_district,
            granted_by_id=None,
            granted_at=self.now,
            reason=None,
        )
        self.tables.grants[grant.id] = grant
        return grant

    def add_family(
        self, school: SchoolRecord, *, verified: bool = True, contact: bool = True
    ) -> LinkRow:
        """A student with one guardian, linked (as verified legal guardian by default), and
        one emergency contact unless ``contact`` is false."""
        t = self.tables
        student = StudentRow(
            id=t.new_id(),
            school_id=school.id,
            student_number=f"S{t.next_id:06d}",
            first_name="Ana",
            last_name="Ruiz",
            dob=date(2015, 3, 4),
            grade="3",
            homeroom="12",
            homeroom_teacher_id=None,
            address="1 Main St",
            zip_code="90001",
            phone=None,
            student_email=None,
            home_language="es",
            active=True,
        )
        guardian = GuardianRow(
            id=t.new_id(),
            first_name="Maria",
            last_name="Ruiz",
            email=None,
            home_phone=None,
            work_phone=None,
            cell_phone="2135550100",
            preferred_language="es",
            contact_preference=None,
            registered_portal_email=None,
            verification_locked_at=None,
            verification_unlocked_at=None,
            active=True,
        )
        link = LinkRow(
            id=t.new_id(),
            student_id=student.id,
            guardian_id=guardian.id,
            relationship="mother",
            verified_legal_guardian=verified,
            verified_by="registrar" if verified else None,
            verified_at=self.now if verified else None,
            verified_source="SIS" if verified else None,
            active=True,
        )
        t.students[student.id] = student
        t.guardians[guardian.id] = guardian
        t.links[link.id] = link
        if contact:
            row = EmergencyContactRow(
                t.new_id(), student.id, "Rosa Ruiz", "2135550199", "aunt", self.now
            )
            t.contacts[row.id] = row
        return link

    def add_pin(
        self, link: LinkRow, *, status: str, expires_at: datetime, letter_number: str | None = None
    ) -> PinRow:
        """A PIN row as the database would hold it (no ciphertext: never shown here)."""
        pin = PinRow(
            id=self.tables.new_id(),
            link_id=link.id,
            student_id=link.student_id,
            guardian_id=link.guardian_id,
            request_id=f"seed-{self.tables.next_id}",
            status=status,
            issued_at=self.now,
            issued_by_id=0,
            verification_id=None,
            expires_at=expires_at,
            ended_at=None if status in OUTSTANDING else self.now,
            key_id=None,
            ciphertext=None,
            letter_number=letter_number,
        )
        self.tables.pins[pin.id] = pin
        return pin

    def add_verification(
        self,
        link: LinkRow,
        staff: StaffRecord,
        *,
        completed_at: datetime,
        outcome: str = "passed",
        mode: str = "in_person",
    ) -> VerificationRow:
        row = VerificationRow(
            id=self.tables.new_id(),
            link_id=link.id,
            guardian_id=link.guardian_id,
            staff_id=staff.id,
            mode=mode,
            started_at=completed_at,
            completed_at=completed_at,
            outcome=outcome,
            question_results="{}",
            id_type=None,
            id_failures="[]",
        )
        self.tables.verifications[row.id] = row
        return row


class NotFaked:
    """A repository the fake does not implement: any use fails the test loudly."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, method: str) -> object:
        raise NotImplementedError(f"the in-memory unit of work has no uow.{self.name}.{method}")


class MemoryUnitOfWork:
    def __init__(self, db: MemoryDatabase, *, readonly: bool = False) -> None:
        self.db = db
        self.readonly = readonly
        self.t = Tables()

    def __enter__(self) -> Self:
        self.t = copy.copy(self.db.tables)
        for name in vars(self.t):
            value = getattr(self.t, name)
            if isinstance(value, dict | list | set):
                setattr(self.t, name, copy.copy(value))
        self.staff = MemoryStaff(self.t)
        self.grants = MemoryGrants(self.t)
        self.schools = MemorySchools(self.t)
        self.audit = MemoryAudit(self)
        self.people = MemoryPeople(self.t)
        self.pins = MemoryPins(self.t)
        self.roster = NotFaked("roster")
        self.sis = NotFaked("sis")
        self.keys = NotFaked("keys")
        self.logins = NotFaked("logins")
        self.status_requests = MemoryStatusRequests(self.t)
        self.school_letters = NotFaked("school_letters")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.t = Tables()  # uncommitted work is dropped

    def commit(self) -> None:
        if self.readonly:
            raise AssertionError("commit() in a read-only unit of work")
        self.db.tables = self.t
        self.db.commits += 1
        self.__enter__()  # go on with a fresh copy, as a session after COMMIT

    def rollback(self) -> None:
        self.__enter__()

    def now(self) -> datetime:
        return self.db.now


class MemoryStaff:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def get(self, staff_id: int) -> StaffRecord | None:
        return self.t.staff.get(staff_id)

    def get_by_username(self, username: str) -> StaffRecord | None:
        return next((s for s in self.t.staff.values() if s.username == username), None)

    def count(self) -> int:
        return len(self.t.staff)

    def list_all(self) -> Sequence[StaffRecord]:
        return sorted(self.t.staff.values(), key=lambda s: s.username)


class MemoryGrants:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def active_for(self, staff_id: int) -> Sequence[GrantRecord]:
        return [
            g
            for g in self.t.grants.values()
            if g.staff_id == staff_id and g.id not in self.t.revoked_grants
        ]

    def usable_for(self, staff_id: int) -> Sequence[GrantRecord]:
        staff = self.t.staff.get(staff_id)
        if staff is None or not staff.active or staff.locked_at is not None:
            return []
        return self.active_for(staff_id)

    def active_all(self) -> Sequence[GrantRecord]:
        return [g for g in self.t.grants.values() if g.id not in self.t.revoked_grants]

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
        grant = GrantRecord(
            id=self.t.new_id(),
            staff_id=staff_id,
            role=role,
            school_id=school_id,
            local_district=local_district,
            granted_by_id=granted_by_id,
            granted_at=granted_at,
            reason=reason,
        )
        self.t.grants[grant.id] = grant
        return grant.id

    def revoke(
        self, grant_id: int, *, revoked_by_id: int, revoked_at: datetime, reason: str | None
    ) -> None:
        self.t.revoked_grants.add(grant_id)


class MemorySchools:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def get(self, school_id: int) -> SchoolRecord | None:
        return self.t.schools.get(school_id)

    def get_by_code(self, code: str) -> SchoolRecord | None:
        return next((s for s in self.t.schools.values() if s.code == code), None)

    def list_all(self) -> Sequence[SchoolRecord]:
        return sorted(self.t.schools.values(), key=lambda s: s.code)

    def local_districts(self) -> dict[int, str | None]:
        return {s.id: s.local_district for s in self.t.schools.values()}


class MemoryAudit:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self.uow = uow

    def append(
        self, entry: AuditEntry, *, actor: str, actor_staff_id: int | None, workstation: str
    ) -> int:
        rows = self.uow.t.audit
        seq = len(rows) + 1
        rows.append(AuditRow(seq, self.uow.now(), entry, actor, actor_staff_id, workstation))
        return seq

    def append_many(
        self,
        entries: Sequence[AuditEntry],
        *,
        actor: str,
        actor_staff_id: int | None,
        workstation: str,
    ) -> list[int]:
        return [
            self.append(e, actor=actor, actor_staff_id=actor_staff_id, workstation=workstation)
            for e in entries
        ]


class MemoryPeople:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def student(self, student_id: int) -> StudentRow | None:
        return self.t.students.get(student_id)

    def student_by_number(self, number: str) -> StudentRow | None:
        return next((s for s in self.t.students.values() if s.student_number == number), None)

    def guardian(self, guardian_id: int) -> GuardianRow | None:
        return self.t.guardians.get(guardian_id)

    def link(self, link_id: int) -> LinkRow | None:
        return self.t.links.get(link_id)

    def links_of_student(self, student_id: int) -> list[tuple[LinkRow, GuardianRow]]:
        return [
            (k, self.t.guardians[k.guardian_id])
            for k in sorted(self.t.links.values(), key=lambda k: k.id)
            if k.student_id == student_id and k.active
        ]

    def letter_candidates(
        self,
        school_id: int,
        *,
        grades: Sequence[str] | None = None,
        homerooms: Sequence[str | None] | None = None,
    ) -> list[tuple[LinkRow, GuardianRow, StudentRow]]:
        out = []
        for link in self.t.links.values():
            student = self.t.students[link.student_id]
            guardian = self.t.guardians[link.guardian_id]
            if not (student.school_id == school_id and student.active):
                continue
            if not (link.active and guardian.active):
                continue
            if grades is not None and student.grade not in grades:
                continue
            if homerooms is not None and student.homeroom not in homerooms:
                continue
            out.append((link, guardian, student))
        return sorted(out, key=lambda row: (row[2].id, row[0].id))

    def emergency_contacts(self, student_id: int) -> list[EmergencyContactRow]:
        return sorted(
            (c for c in self.t.contacts.values() if c.student_id == student_id),
            key=lambda c: c.id,
        )

    def links_of_guardian(self, guardian_id: int) -> list[LinkRow]:
        return [k for k in self.t.links.values() if k.guardian_id == guardian_id and k.active]

    def lock_guardian(self, guardian_id: int, at: datetime) -> None:
        g = self.t.guardians[guardian_id]
        self.t.guardians[guardian_id] = replace(g, verification_locked_at=at)

    def unlock_guardian(self, guardian_id: int, at: datetime) -> None:
        g = self.t.guardians[guardian_id]
        self.t.guardians[guardian_id] = replace(
            g, verification_locked_at=None, verification_unlocked_at=at
        )


class MemoryPins:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def _where(self, **match: object) -> list[PinRow]:
        return sorted(
            (p for p in self.t.pins.values() if all(getattr(p, k) == v for k, v in match.items())),
            key=lambda p: p.id,
        )

    def expire_due(self, now: datetime, *, link_id: int | None = None) -> int:
        due = [
            p
            for p in self.t.pins.values()
            if p.status in OUTSTANDING
            and p.expires_at <= now
            and (link_id is None or p.link_id == link_id)
        ]
        for p in due:
            self.t.pins[p.id] = replace(
                p, status=PinStatus.EXPIRED.value, ciphertext=None, ended_at=now
            )
        return len(due)

    def get(self, pin_id: int) -> PinRow | None:
        return self.t.pins.get(pin_id)

    def active_for_link(self, link_id: int) -> PinRow | None:
        return next(iter(self._where(link_id=link_id, status=PinStatus.ACTIVE.value)), None)

    def held_for_link(self, link_id: int, *, lock: bool = False) -> PinRow | None:
        return next(iter(self._where(link_id=link_id, status=PinStatus.HELD.value)), None)

    def outstanding_for_link(self, link_id: int) -> PinRow | None:
        return next(iter(p for p in self._where(link_id=link_id) if p.status in OUTSTANDING), None)

    def latest_for_link(self, link_id: int) -> PinRow | None:
        return next(reversed(self._where(link_id=link_id)), None)

    def by_request(self, request_id: str) -> PinRow | None:
        return next(iter(self._where(request_id=request_id)), None)

    def try_insert(
        self,
        *,
        link_id: int,
        student_id: int,
        guardian_id: int,
        request_id: str,
        pin_hash: str,
        issued_at: datetime,
        issued_by_id: int,
        verification_id: int | None,
        expires_at: datetime,
        bulk_run: str | None = None,
        status: str = PinStatus.ACTIVE,
        letter_number: str | None = None,
    ) -> tuple[InsertOutcome, int | None]:
        # The order of the SQL repository's checks: the unique indexes, then the partial one.
        if pin_hash in self.t.pin_hashes.values():
            return InsertOutcome.HASH_COLLISION, None
        if self.by_request(request_id) is not None:
            return InsertOutcome.REQUEST_EXISTS, None
        if any(p.status in OUTSTANDING for p in self._where(link_id=link_id)):
            return InsertOutcome.ACTIVE_EXISTS, None
        pin = PinRow(
            id=self.t.new_id(),
            link_id=link_id,
            student_id=student_id,
            guardian_id=guardian_id,
            request_id=request_id,
            status=status,
            issued_at=issued_at,
            issued_by_id=issued_by_id,
            verification_id=verification_id,
            expires_at=expires_at,
            ended_at=None,
            key_id=None,
            ciphertext=None,
            letter_number=letter_number,
        )
        self.t.pins[pin.id] = pin
        self.t.pin_hashes[pin.id] = pin_hash
        return InsertOutcome.OK, pin.id

    def set_ciphertext(self, pin_id: int, key_id: str, blob: bytes) -> None:
        self.t.pins[pin_id] = replace(self.t.pins[pin_id], key_id=key_id, ciphertext=blob)

    def end(
        self,
        pin_id: int,
        *,
        status: str,
        at: datetime,
        by_id: int | None,
        reason: str | None,
        from_statuses: Sequence[str] = OUTSTANDING,
    ) -> bool:
        pin = self.t.pins.get(pin_id)
        if pin is None or pin.status not in from_statuses:
            return False
        self.t.pins[pin_id] = replace(pin, status=status, ciphertext=None, ended_at=at)
        return True

    def add_disclosure(
        self,
        *,
        pin_id: int,
        staff_id: int,
        channel: str,
        at: datetime,
        verification_id: int | None = None,
        batch: str | None = None,
    ) -> None:
        self.t.disclosures.append(Disclosure(pin_id, staff_id, channel, at, verification_id, batch))

    def letter_pin_state(
        self, link_ids: Sequence[int], *, lock: bool = False, chunk: int = 500
    ) -> tuple[dict[int, PinRow], set[int]]:
        wanted = set(link_ids)
        outstanding = {
            p.link_id: p
            for p in self.t.pins.values()
            if p.link_id in wanted and p.status in OUTSTANDING
        }
        redeemed = {
            p.link_id
            for p in self.t.pins.values()
            if p.link_id in wanted and p.status == PinStatus.REDEEMED
        }
        return outstanding, redeemed

    def add_disclosures(
        self,
        pin_ids: Iterable[int],
        *,
        staff_id: int,
        channel: str,
        at: datetime,
        batch: str | None = None,
    ) -> int:
        ids = list(pin_ids)
        for pin_id in ids:
            self.add_disclosure(
                pin_id=pin_id, staff_id=staff_id, channel=channel, at=at, batch=batch
            )
        return len(ids)

    def add_verification(
        self,
        *,
        link_id: int,
        guardian_id: int,
        staff_id: int,
        mode: str,
        started_at: datetime,
        office: str = "school",
    ) -> int:
        row = VerificationRow(
            id=self.t.new_id(),
            link_id=link_id,
            guardian_id=guardian_id,
            staff_id=staff_id,
            mode=mode,
            started_at=started_at,
            completed_at=None,
            outcome="in_progress",
            question_results=None,
            id_type=None,
            id_failures=None,
            office=office,
        )
        self.t.verifications[row.id] = row
        return row.id

    def verification(self, verification_id: int) -> VerificationRow | None:
        return self.t.verifications.get(verification_id)

    def add_attempt(self, student_number: str, at: datetime, outcome: str) -> None:
        self.t.attempts.append(Attempt(student_number, at, outcome))

    def redemption_failures_since(self, student_number: str, since: datetime) -> list[datetime]:
        return sorted(
            (
                a.at
                for a in self.t.attempts
                if a.student_number == student_number
                and a.outcome == "failed"
                and not a.cleared
                and a.at >= since
            ),
            reverse=True,
        )

    def complete_verification(
        self,
        verification_id: int,
        *,
        outcome: str,
        completed_at: datetime,
        question_results: str,
        id_type: str | None,
        id_failures: str,
    ) -> None:
        row = self.t.verifications.get(verification_id)
        if row is None:  # the SQL UPDATE matches no row
            return
        self.t.verifications[verification_id] = replace(
            row,
            outcome=outcome,
            completed_at=completed_at,
            question_results=question_results,
            id_type=id_type,
            id_failures=id_failures,
        )

    def failed_verification_times(self, guardian_id: int, since: datetime) -> list[datetime]:
        return [
            v.completed_at
            for v in sorted(self.t.verifications.values(), key=lambda v: v.id)
            if v.guardian_id == guardian_id
            and v.outcome == "failed"
            and v.completed_at is not None
            and v.completed_at >= since
        ]

    def latest_passed_verification(self, link_id: int, staff_id: int) -> VerificationRow | None:
        passed = [
            v
            for v in self.t.verifications.values()
            if v.link_id == link_id and v.staff_id == staff_id and v.outcome == "passed"
        ]
        newest = datetime.min.replace(tzinfo=UTC)
        return max(passed, key=lambda v: (v.completed_at or newest, v.id), default=None)


class MemoryStatusRequests:
    """SIS status requests; the fake only reads them (a test seeds ``Tables.status_requests``)."""

    def __init__(self, t: Tables) -> None:
        self.t = t

    def open_for_links(self, link_ids: Sequence[int]) -> dict[int, StatusRequestRow]:
        wanted = set(link_ids)
        return {
            r.link_id: r
            for r in sorted(self.t.status_requests.values(), key=lambda r: r.id)
            if r.link_id in wanted and r.closed_at is None
        }
