"""An in-memory unit of work: the service rules tested without a database.

``MemoryDatabase`` holds committed records; ``MemoryUnitOfWork`` works on a copy of them and
writes the copy back only on ``commit()``, so leaving the ``with`` block rolls back as a
database transaction does (``@service`` relies on that to audit a refusal after the act's
rollback). The clock is the database's (``MemoryDatabase.now``), set by the test.

The repositories implement the methods of their ``ppdesk.services.ports`` protocols that
the PIN, verification checklist, access, role-grant, staff, lookup (parent search), letter
selection, key and SIS import services call, with the semantics of the SQL repositories
(conditional updates, outstanding-PIN uniqueness, the newest passed verification, search
scoped before its limit); status requests are only read. A method a repository does not
fake, and the school letters repository, fail loudly when touched (``NotFaked``). The
database's own traits are switches of ``MemoryDatabase``: whether it has personal database
logins (PostgreSQL with ``ppdesk db roles``; off, as on SQLite) and whether another SIS
import holds the import lock. ``MemoryKeyStore`` stands for this workstation's key store.
tests/unit/test_memory_uow.py checks that every faked method has its port's exact
signature. The database tests stay for what the database does (locks, constraints,
triggers, the audit chain, SQL matching).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Self

from ppdesk.adapters.crypto import PinCrypto
from ppdesk.adapters.secrets import PinKeyMaterial
from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import SecretsUnavailable
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.roles import Role
from ppdesk.domain.text import digits_only
from ppdesk.services.ports import (
    GrantRecord,
    KeyMaterial,
    PinKeys,
    SchoolRecord,
    StaffRecord,
)
from ppdesk.services.records import (
    EmergencyContactRow,
    GuardianHit,
    GuardianRow,
    InsertOutcome,
    LinkRow,
    LostPin,
    PinRow,
    StatusRequestRow,
    StudentRow,
    VerificationRow,
)
from ppdesk.services.sis_state import (
    ContactState,
    DbState,
    GuardianState,
    LinkState,
    SchoolState,
    StaffState,
    StudentState,
)
from ppdesk.services.sis_write import search_names

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


@dataclass(frozen=True)
class Login:
    """A person's own database login role; whether it has a password, never the password."""

    can_login: bool
    has_password: bool


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
    # The SIS id of a guardian an import brought (``guardian.sis_source_id``).
    guardian_sources: dict[int, str] = field(default_factory=dict)
    # Stored student PINs (``student.student_pin_key_id`` and ``_ciphertext``).
    student_pins: dict[int, tuple[str, bytes]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)  # ``ppdesk_meta``
    logins: dict[str, Login] = field(default_factory=dict)  # PostgreSQL login roles
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
        # PostgreSQL with ``ppdesk db roles`` applied: staff may have their own logins.
        self.person_logins = False
        # Another transaction holds the SIS import lock (an import is running).
        self.import_running = False

    def __call__(self, *, readonly: bool = False, transaction: bool = True) -> MemoryUnitOfWork:
        assert readonly or transaction, "a unit of work without a transaction only reads"
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

    def add_staff(
        self, username: str, *, active: bool = True, display_name: str | None = None
    ) -> StaffRecord:
        staff = StaffRecord(
            id=self.tables.new_id(),
            username=username,
            display_name=display_name or username.title(),
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
    """A repository the fake does not implement: any use fails the test loudly. The faked
    repositories derive from it, so a method they leave out fails the same way."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, method: str) -> object:
        if method.startswith("__"):  # copy, pickle and friends probe for these
            raise AttributeError(method)
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
        self.roster = MemoryRoster(self.t)
        self.sis = MemorySis(self.t, self.db)
        self.keys = MemoryKeys(self.t)
        self.logins = MemoryLogins(self.t, self.db)
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


class MemoryStaff(NotFaked):
    def __init__(self, t: Tables) -> None:
        super().__init__("staff")
        self.t = t

    def get(self, staff_id: int) -> StaffRecord | None:
        return self.t.staff.get(staff_id)

    def get_by_username(self, username: str) -> StaffRecord | None:
        return next((s for s in self.t.staff.values() if s.username == username), None)

    def count(self) -> int:
        return len(self.t.staff)

    def list_all(self) -> Sequence[StaffRecord]:
        return sorted(self.t.staff.values(), key=lambda s: s.username)

    def add(
        self,
        *,
        username: str,
        display_name: str,
        email: str | None,
        password_hash: str | None,
        school_id: int | None = None,
    ) -> int:
        staff = StaffRecord(
            id=self.t.new_id(),
            username=username.lower(),
            display_name=display_name,
            email=email,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
            locked_at=None,
            last_login_at=None,
        )
        self.t.staff[staff.id] = staff
        return staff.id

    def update(self, staff_id: int, **fields: object) -> None:
        if staff_id in self.t.staff:  # the SQL UPDATE matches no row otherwise
            self.t.staff[staff_id] = replace(self.t.staff[staff_id], **fields)  # type: ignore[arg-type]


class MemoryGrants(NotFaked):
    def __init__(self, t: Tables) -> None:
        super().__init__("grants")
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


class MemorySchools(NotFaked):
    def __init__(self, t: Tables) -> None:
        super().__init__("schools")
        self.t = t

    def get(self, school_id: int) -> SchoolRecord | None:
        return self.t.schools.get(school_id)

    def get_by_code(self, code: str) -> SchoolRecord | None:
        return next((s for s in self.t.schools.values() if s.code == code), None)

    def list_all(self) -> Sequence[SchoolRecord]:
        return sorted(self.t.schools.values(), key=lambda s: s.code)

    def local_districts(self) -> dict[int, str | None]:
        return {s.id: s.local_district for s in self.t.schools.values()}


class MemoryAudit(NotFaked):
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        super().__init__("audit")
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

    def start_signing(self) -> int | None:
        return len(self.uow.t.audit) + 1  # these rows carry no MAC: signing starts next


class MemoryPeople(NotFaked):
    def __init__(self, t: Tables) -> None:
        super().__init__("people")
        self.t = t

    def student(self, student_id: int) -> StudentRow | None:
        return self.t.students.get(student_id)

    def student_by_number(self, number: str) -> StudentRow | None:
        return next((s for s in self.t.students.values() if s.student_number == number), None)

    def guardian(self, guardian_id: int) -> GuardianRow | None:
        return self.t.guardians.get(guardian_id)

    def link(self, link_id: int) -> LinkRow | None:
        return self.t.links.get(link_id)

    def link_and_student(self, link_id: int) -> tuple[LinkRow, StudentRow | None] | None:
        link = self.t.links.get(link_id)
        return None if link is None else (link, self.t.students.get(link.student_id))

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

    def set_legal_guardian(
        self, link_id: int, *, verified: bool, by: str, at: datetime, source: str
    ) -> None:
        self.t.links[link_id] = replace(
            self.t.links[link_id],
            verified_legal_guardian=verified,
            verified_by=by,
            verified_at=at,
            verified_source=source,
        )

    def unlock_guardian(self, guardian_id: int, at: datetime) -> None:
        g = self.t.guardians[guardian_id]
        self.t.guardians[guardian_id] = replace(
            g, verification_locked_at=None, verification_unlocked_at=at
        )

    # -- parent search ---------------------------------------------------------------------
    def _guardian_hits(
        self, links: Iterable[LinkRow], school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        """Active links of active guardians among the students of ``school_ids``, each with
        its link's latest PIN, in guardian name order (the SQL ``_guardian_hits``)."""
        hits = []
        for link in links:
            guardian = self.t.guardians[link.guardian_id]
            student = self.t.students[link.student_id]
            if not (link.active and guardian.active):
                continue
            if school_ids is not None and student.school_id not in school_ids:
                continue
            pins = [p for p in self.t.pins.values() if p.link_id == link.id]
            latest = max(pins, key=lambda p: p.id, default=None)
            hits.append(
                GuardianHit(
                    guardian,
                    link,
                    student,
                    latest.status if latest else None,
                    latest.expires_at if latest else None,
                )
            )
        hits.sort(
            key=lambda h: (h.guardian.last_name, h.guardian.first_name, h.guardian.id, h.student.id)
        )
        return hits[:limit]

    def _scoped_links(
        self,
        matches: Callable[[GuardianRow], bool],
        school_ids: Sequence[int] | None,
        limit: int,
        order: Callable[[GuardianRow], str] | None = None,
    ) -> list[LinkRow]:
        """Up to ``limit`` active links whose active guardian matches, among the students of
        ``school_ids``: the scope is applied before the limit, as in SQL."""
        links = [
            k
            for k in sorted(self.t.links.values(), key=lambda k: k.id)
            if k.active
            and self.t.guardians[k.guardian_id].active
            and matches(self.t.guardians[k.guardian_id])
            and (school_ids is None or self.t.students[k.student_id].school_id in school_ids)
        ]
        if order is not None:
            links.sort(key=lambda k: order(self.t.guardians[k.guardian_id]))
        return links[:limit]

    def search_guardians_by_name(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        """Folded "last first" then "first last" starting with ``term``, then (3 characters
        or more) "first last" containing it; each guardian and student once."""

        def key(column: str) -> Callable[[GuardianRow], str]:
            return lambda g: search_names(g.first_name, g.last_name)[column]  # type: ignore[literal-required]

        hits: list[GuardianHit] = []
        seen: set[tuple[int, int]] = set()

        def add(found: list[GuardianHit]) -> None:
            for h in found:
                if (h.guardian.id, h.student.id) not in seen and len(hits) < limit:
                    seen.add((h.guardian.id, h.student.id))
                    hits.append(h)

        for column in ("search_last", "search_name"):
            if len(hits) >= limit:
                break
            value = key(column)
            links = self._scoped_links(
                lambda g, value=value: value(g).startswith(term), school_ids, limit, value
            )
            add(self._guardian_hits(links, school_ids, limit))
        if len(hits) < limit and len(term) >= 3:
            name = key("search_name")
            add(
                self._guardian_hits(
                    self._scoped_links(lambda g: term in name(g), school_ids, limit),
                    school_ids,
                    limit,
                )
            )
        return hits

    def search_guardians_by_phone(
        self, digits: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        """Ten digits or more: the last ten of a phone equal the last ten typed; fewer: a
        phone ends with them (the phones' last ten digits are what is stored)."""

        def matches(g: GuardianRow) -> bool:
            stored = [
                digits_only(p or "")[-10:] for p in (g.home_phone, g.work_phone, g.cell_phone)
            ]
            if len(digits) >= 10:
                return digits[-10:] in stored
            return any(p and p.endswith(digits) for p in stored)

        links = [
            k
            for k in sorted(self.t.links.values(), key=lambda k: k.id)
            if matches(self.t.guardians[k.guardian_id])
        ]
        return self._guardian_hits(links, school_ids, limit)

    def search_guardians_by_email(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]:
        """The case-folded email equal to ``term`` or starting with it."""
        links = [
            k
            for k in sorted(self.t.links.values(), key=lambda k: k.id)
            if (self.t.guardians[k.guardian_id].email or "\0").casefold().startswith(term)
        ]
        return self._guardian_hits(links, school_ids, limit)


class MemoryPins(NotFaked):
    def __init__(self, t: Tables) -> None:
        super().__init__("pins")
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

    def active_for_disclosure(self, link_id: int, *, channel: str, action: str) -> PinRow | None:
        return self.active_for_link(link_id)

    def disclosure_recorded(self, pin_id: int, channel: str) -> bool:
        return False

    def for_school_letter(self, letter_id: int, pin_id: int) -> PinRow | None:
        return self.get(pin_id)

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
        channel: str | None = None,
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


class MemoryStatusRequests(NotFaked):
    """SIS status requests; the fake only reads them (a test seeds ``Tables.status_requests``)."""

    def __init__(self, t: Tables) -> None:
        super().__init__("status_requests")
        self.t = t

    def open_for_links(self, link_ids: Sequence[int]) -> dict[int, StatusRequestRow]:
        wanted = set(link_ids)
        return {
            r.link_id: r
            for r in sorted(self.t.status_requests.values(), key=lambda r: r.id)
            if r.link_id in wanted and r.closed_at is None
        }


class MemoryRoster(NotFaked):
    """The classes of the schools, and whether a link was redeemed (the roster's stream and
    report queries are not faked)."""

    def __init__(self, t: Tables) -> None:
        super().__init__("roster")
        self.t = t

    def _teacher(self, student: StudentRow) -> str | None:
        teacher = self.t.staff.get(student.homeroom_teacher_id or 0)
        return teacher.display_name if teacher else None

    def classes(self, school_ids: Sequence[int]) -> list[tuple[str, str | None, str | None]]:
        found = {
            (s.grade, s.homeroom, self._teacher(s))
            for s in self.t.students.values()
            if s.school_id in school_ids and s.active
        }
        return sorted(found, key=lambda c: (c[0], c[1] or "", c[2] or ""))

    def link_was_redeemed(self, link_id: int) -> bool:
        return any(
            p.link_id == link_id and p.status == PinStatus.REDEEMED for p in self.t.pins.values()
        )


class MemorySis(NotFaked):
    """The import lock and the state an import compares with; the writes are not faked."""

    def __init__(self, t: Tables, db: MemoryDatabase) -> None:
        super().__init__("sis")
        self.t = t
        self.db = db

    def lock_imports(self) -> bool:
        return not self.db.import_running

    def keys_elsewhere(
        self, student_numbers: Sequence[str], guardian_ids: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        return set(), set()  # one unscoped store: every row is seen

    def load_state(self, now: datetime) -> DbState:
        t = self.t
        state = DbState()
        for sc in t.schools.values():
            state.schools[sc.code] = SchoolState(
                sc.id,
                sc.code,
                sc.name,
                sc.address,
                sc.phone,
                sc.principal_name,
                sc.local_district,
                sc.portal_url,
            )
        for st in t.staff.values():
            state.staff[st.username.lower()] = StaffState(
                st.id, st.username, st.display_name, st.email, st.active
            )
        state.grants = {(g.staff_id, g.role.value, g.school_id) for g in t.grants.values()}
        for s in t.students.values():
            key_id, blob = t.student_pins.get(s.id, (None, None))
            state.add_student(
                StudentState(
                    s.id,
                    s.student_number,
                    s.school_id,
                    s.first_name,
                    s.last_name,
                    s.dob,
                    s.grade,
                    s.homeroom,
                    s.homeroom_teacher_id,
                    s.address,
                    s.zip_code,
                    s.phone,
                    s.student_email,
                    s.home_language,
                    key_id,
                    blob,
                    s.active,
                )
            )
        for gid, source in t.guardian_sources.items():  # guardians an import brought
            g = t.guardians[gid]
            state.add_guardian(
                GuardianState(
                    g.id,
                    source,
                    g.first_name,
                    g.last_name,
                    g.email,
                    g.home_phone,
                    g.work_phone,
                    g.cell_phone,
                    g.preferred_language,
                    g.active,
                    g.contact_preference,
                )
            )
        state.links = [
            LinkState(
                k.id,
                k.student_id,
                k.guardian_id,
                k.relationship,
                k.verified_legal_guardian,
                k.active,
            )
            for k in sorted(t.links.values(), key=lambda k: k.id)
            if k.guardian_id in t.guardian_sources
        ]
        for c in sorted(t.contacts.values(), key=lambda c: c.id):
            state.contacts.setdefault(c.student_id, []).append(
                ContactState(c.id, c.student_id, c.name, c.phone, c.relationship)
            )
        state.active_pin_links = {
            p.link_id
            for p in t.pins.values()
            if p.status == PinStatus.ACTIVE and p.expires_at > now
        }
        state.status_local_codes = {
            sc.code for sc in t.schools.values() if sc.status_local_since is not None
        }
        state.removals_requested = {
            r.link_id
            for r in t.status_requests.values()
            if r.kind == "remove" and r.closed_at is None
        }
        return state


FINGERPRINT = "key_fingerprint"


class MemoryKeys(NotFaked):
    def __init__(self, t: Tables) -> None:
        super().__init__("keys")
        self.t = t

    def fingerprint(self) -> str | None:
        return self.t.meta.get(FINGERPRINT)

    def replace_fingerprint(self, fingerprint: str) -> None:
        self.t.meta[FINGERPRINT] = fingerprint

    def active_pins(self) -> list[LostPin]:
        rows = []
        for p in self.t.pins.values():
            if p.status not in OUTSTANDING:
                continue
            s, g = self.t.students[p.student_id], self.t.guardians[p.guardian_id]
            rows.append(
                LostPin(
                    p.id,
                    p.link_id,
                    s.school_id,
                    s.student_number,
                    f"{s.last_name}, {s.first_name}",
                    f"{g.last_name}, {g.first_name}",
                )
            )
        return sorted(rows, key=lambda r: (r.school_id, r.student_number, r.pin_id))

    def revoke_all_active(self, *, at: datetime, by_id: int | None, reason: str) -> int:
        due = [p for p in self.t.pins.values() if p.status in OUTSTANDING]
        for p in due:
            self.t.pins[p.id] = replace(
                p, status=PinStatus.REVOKED.value, ciphertext=None, ended_at=at
            )
        return len(due)

    def clear_student_pins(self) -> int:
        count = len(self.t.student_pins)
        self.t.student_pins.clear()
        return count


class MemoryLogins(NotFaked):
    """Personal database logins: only on a database with them (``person_logins``)."""

    def __init__(self, t: Tables, db: MemoryDatabase) -> None:
        super().__init__("logins")
        self.t = t
        self.db = db

    def supported(self) -> bool:
        return self.db.person_logins

    def exists(self, username: str) -> bool:
        return username in self.t.logins

    def can_login(self, username: str) -> bool:
        login = self.t.logins.get(username)
        return login is not None and login.can_login

    def create(self, username: str, password: str | None) -> None:
        assert self.db.person_logins, "create_login does not exist on this database"
        assert username not in self.t.logins, f"{username} already has a login role"
        self.t.logins[username] = Login(can_login=True, has_password=password is not None)

    def set_password(self, username: str, password: str | None) -> None:
        self.t.logins[username] = replace(
            self.t.logins[username], has_password=password is not None
        )

    def disable(self, username: str) -> None:
        self.t.logins[username] = replace(self.t.logins[username], can_login=False)

    def enable(self, username: str) -> None:
        self.t.logins[username] = replace(self.t.logins[username], can_login=True)


class MemoryKeyStore:
    """This workstation's key store (``bootstrap.KeysPort``) over a ``MemoryDatabase``: the
    keys it holds, and the database's key fingerprint read outside any unit of work."""

    def __init__(self, db: MemoryDatabase) -> None:
        self.db = db
        self.stored: list[KeyMaterial] = []
        self.forgotten: list[KeyMaterial] = []

    def current(self) -> KeyMaterial:
        if not self.stored:
            raise SecretsUnavailable("pin.keys_unavailable")
        return self.stored[-1]

    def install(self, material: KeyMaterial) -> str:
        self.stored.append(material)
        return "memory key store"

    def crypto(self, material: KeyMaterial) -> PinKeys:
        assert isinstance(material, PinKeyMaterial)
        return PinCrypto(material)

    def load(self, *, create: bool = False) -> PinKeys:
        return self.crypto(self.current())

    def generate(self) -> KeyMaterial:
        return PinKeyMaterial.generate()

    def fingerprint(self, material: KeyMaterial) -> str:
        return hashlib.sha256(material.current_key_id.encode()).hexdigest()

    def store_then_claim(self, material: KeyMaterial) -> str:
        where = self.install(material)
        self.db.tables.meta[FINGERPRINT] = self.fingerprint(material)
        return where

    def forget(self, material: KeyMaterial) -> None:
        self.stored.remove(material)
        self.forgotten.append(material)

    def has_fingerprint(self) -> bool:
        return FINGERPRINT in self.db.tables.meta
