"""Set-up helpers for the roster and report tests: PINs in every state, student PINs,
names the SIS might send, emergency contacts with chosen times. Synthetic data only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select, update

from ppdesk.adapters.db.models import (
    AuditEvent,
    EmergencyContact,
    Guardian,
    GuardianLink,
    PinDisclosure,
    Student,
)
from ppdesk.domain.pin import generate_pin
from ppdesk.domain.roles import Role
from ppdesk.domain.text import fold
from ppdesk.services import pins
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.pins import aad
from tests.support.family import Family, make_family, right_answers
from tests.support.flows import verify
from tests.support.seed import add_school, staff_with_role


def set_student_pin(ctx: AppContext, student_key: int, pin: str | None) -> None:
    """Store a student (MyMail) PIN encrypted as the SIS import does."""
    key_id, blob = (None, None)
    if pin is not None:
        key_id, blob = ctx.keys.encrypt(pin, f"ppdesk/student_pin/{student_key}".encode())
    with ctx.uow() as uow:
        uow.session.execute(
            update(Student)
            .where(Student.id == student_key)
            .values(student_pin_key_id=key_id, student_pin_ciphertext=blob)
        )
        uow.commit()


def copy_student_pin(ctx: AppContext, from_key: int, to_key: int) -> None:
    """Copy one student's PIN ciphertext onto another (its associated data no longer fits)."""
    with ctx.uow() as uow:
        key_id, blob = uow.session.execute(
            select(Student.student_pin_key_id, Student.student_pin_ciphertext).where(
                Student.id == from_key
            )
        ).one()
        uow.session.execute(
            update(Student)
            .where(Student.id == to_key)
            .values(student_pin_key_id=key_id, student_pin_ciphertext=blob)
        )
        uow.commit()


def add_pin(
    ctx: AppContext,
    link_id: int,
    *,
    issued_by: int,
    status: str = "active",
    expires_in: timedelta = timedelta(days=21),
    registered_email: str | None = None,
) -> tuple[int, str]:
    """Give a link a PIN in ``status`` (an ``active`` one with a past ``expires_in`` is
    past its date but not yet swept). Returns (pin id, display form)."""
    pin = generate_pin()
    with ctx.uow() as uow:
        link = uow.people.link(link_id)
        now = uow.now()
        outcome, pin_id = uow.pins.try_insert(
            link_id=link.id,
            student_id=link.student_id,
            guardian_id=link.guardian_id,
            request_id=str(uuid.uuid4()),
            pin_hash=ctx.keys.lookup_hash(pin.canonical),
            issued_at=now - timedelta(days=30) if expires_in < timedelta(0) else now,
            issued_by_id=issued_by,
            verification_id=None,
            expires_at=now + expires_in,
        )
        assert outcome == "ok" and pin_id is not None
        if status == "active":
            key_id, blob = ctx.keys.encrypt(pin.canonical, aad(pin_id, link.id))
            uow.pins.set_ciphertext(pin_id, key_id, blob)
        else:
            uow.pins.end(pin_id, status=status, at=now, by_id=issued_by, reason="test set-up")
        if registered_email:
            uow.people.set_registered_email(link.guardian_id, registered_email)
        uow.commit()
    return pin_id, pin.display


def rename_guardian(ctx: AppContext, guardian_id: int, first: str, last: str) -> None:
    """Store a guardian name as an SIS might send it (no validation: that is the point)."""
    with ctx.uow() as uow:
        uow.session.execute(
            update(Guardian)
            .where(Guardian.id == guardian_id)
            .values(
                first_name=first,
                last_name=last,
                search_name=fold(f"{first} {last}"),
                search_last=fold(f"{last} {first}"),
            )
        )
        uow.commit()


def set_link(ctx: AppContext, link_id: int, **values: object) -> None:
    """Change a link's flags (``verified_legal_guardian``, ``active``) directly."""
    with ctx.uow() as uow:
        uow.session.execute(update(GuardianLink).where(GuardianLink.id == link_id).values(**values))
        uow.commit()


def set_guardian(ctx: AppContext, guardian_id: int, **values: object) -> None:
    with ctx.uow() as uow:
        uow.session.execute(update(Guardian).where(Guardian.id == guardian_id).values(**values))
        uow.commit()


def add_contact(
    ctx: AppContext,
    student_key: int,
    name: str,
    *,
    created_at: datetime,
    updated_at: datetime,
    phone: str = "(213) 555-0177",
    relationship: str = "Neighbor",
) -> None:
    with ctx.uow() as uow:
        uow.session.execute(
            insert(EmergencyContact).values(
                student_id=student_key,
                name=name,
                phone=phone,
                relationship=relationship,
                created_at=created_at,
                updated_at=updated_at,
            )
        )
        uow.commit()


def add_many_students(
    ctx: AppContext, count: int, *, grade: str, school_code: str = "1001"
) -> None:
    """``count`` students with one verified guardian each, inserted in bulk."""
    with ctx.uow() as uow:
        school = uow.schools.get_by_code(school_code)
        sid, gid = uow.people.max_id("student"), uow.people.max_id("guardian")
        students, guardians, links = [], [], []
        for n in range(1, count + 1):
            first, last = "Kai", f"Bulk{n:05d}"
            students.append(
                {
                    "id": sid + n,
                    "school_id": school.id,
                    "student_number": f"9{sid + n:07d}",
                    "first_name": first,
                    "last_name": last,
                    "search_name": fold(f"{first} {last}"),
                    "search_last": fold(f"{last} {first}"),
                    "dob": date(2014, 1, 1),
                    "grade": grade,
                    "homeroom": "Rm 30",
                }
            )
            guardians.append(
                {
                    "id": gid + n,
                    "first_name": "Noa",
                    "last_name": last,
                    "search_name": fold(f"Noa {last}"),
                    "search_last": fold(f"{last} Noa"),
                }
            )
            links.append(
                {"student_id": sid + n, "guardian_id": gid + n, "verified_legal_guardian": True}
            )
        uow.people.bulk_insert("student", students)
        uow.people.bulk_insert("guardian", guardians)
        uow.people.bulk_insert("guardian_link", links)
        uow.commit()


def disclosures(ctx: AppContext, channel: str) -> list[tuple[int, int, str | None]]:
    """(pin id, staff id, batch) of every disclosure on ``channel``."""
    with ctx.uow(readonly=True) as uow:
        return [
            (p, s, b)
            for p, s, b in uow.session.execute(
                select(PinDisclosure.pin_id, PinDisclosure.staff_id, PinDisclosure.batch)
                .where(PinDisclosure.channel == channel)
                .order_by(PinDisclosure.id)
            )
        ]


def audit_rows(ctx: AppContext, action: str) -> list[AuditEvent]:
    with ctx.uow(readonly=True) as uow:
        rows = list(
            uow.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        )
        uow.session.expunge_all()
        return rows


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


PARK = "Rm 12 - Ms. Park"
ITO = "Rm 14 - Mr. Ito"
HYPERLINK = '=HYPERLINK("http://x","y")'


@dataclass
class RosterSchool:
    ctx: AppContext
    principal: StaffSession
    families: dict[str, Family]
    pins: dict[str, tuple[int, str]]  # label -> (pin id, display)


def build_school(ctx: AppContext) -> RosterSchool:
    """School 1001 with a PIN in every state, and a look-alike class at school 1002."""
    add_school(ctx, "1002", "Cedar Hill Elementary")
    principal = staff_with_role(ctx, Role.PRINCIPAL)
    fam = {
        "A": make_family(ctx, first="Ana", last="Adams", student_number="00012345", homeroom=PARK),
        "B": make_family(
            ctx, first="Ben", last="Baker", student_number="00067890", homeroom=PARK, guardians=1
        ),
        "C": make_family(
            ctx, first="Cara", last="Cruz", student_number="0001", homeroom=PARK, guardians=1
        ),
        "D": make_family(
            ctx, first="Dan", last="Diaz", student_number="00000042", homeroom=PARK, guardians=1
        ),
        "E": make_family(
            ctx, first="Eve", last="Evans", student_number="00055555", homeroom=ITO, guardians=1
        ),
        "F": make_family(
            ctx,
            first="Fay",
            last="Fox",
            student_number="00077777",
            grade="5",
            homeroom="Rm 20",
            guardians=1,
        ),
        "G": make_family(
            ctx,
            school_code="1002",
            first="Gil",
            last="Gray",
            student_number="00099999",
            homeroom=PARK,
            guardians=1,
        ),
    }
    staff_id = principal.staff_id
    outcome = verify(
        ctx, principal, fam["A"].link_ids[0], answers=right_answers(student_name="ana adams")
    )
    assert outcome.passed, outcome.reasons
    issued = pins.issue_pin(ctx, principal, fam["A"].link_ids[0])
    found = {
        "A": (issued.pin_id, issued.display),
        "B": add_pin(
            ctx,
            fam["B"].link_ids[0],
            issued_by=staff_id,
            status="redeemed",
            registered_email="ben.parent@example.net",
        ),
        "C": add_pin(ctx, fam["C"].link_ids[0], issued_by=staff_id, expires_in=timedelta(days=-2)),
        "D": add_pin(ctx, fam["D"].link_ids[0], issued_by=staff_id, status="revoked"),
        "E": add_pin(ctx, fam["E"].link_ids[0], issued_by=staff_id),
        "F": add_pin(ctx, fam["F"].link_ids[0], issued_by=staff_id),
        "G": add_pin(ctx, fam["G"].link_ids[0], issued_by=staff_id),
    }
    set_student_pin(ctx, fam["A"].student_id, "004211")
    set_student_pin(ctx, fam["B"].student_id, "120034")
    copy_student_pin(ctx, fam["A"].student_id, fam["C"].student_id)  # not C's: "Unavailable"
    set_student_pin(ctx, fam["E"].student_id, "000777")
    rename_guardian(ctx, fam["A"].guardian_ids[1], HYPERLINK, "")
    rename_guardian(ctx, fam["B"].guardian_ids[0], "+1-555", "")
    rename_guardian(ctx, fam["C"].guardian_ids[0], "Mei", "Li\x07u")
    return RosterSchool(ctx, principal, fam, found)
