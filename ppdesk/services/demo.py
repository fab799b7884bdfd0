"""``ppdesk demo``: fill an empty database with a synthetic school. Invented data only.

About 1,500 students by default over grades TK-8 (a span school), homerooms of about 25
with their teachers, 1-3 guardians per student (some not yet verified legal guardians,
some households shared by siblings), emergency contacts, the district's mix of home
languages, some PINs issued and some already redeemed, and one account per role named
after the role.
"""

from __future__ import annotations

import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ppdesk.domain.audit import AuditEntry
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.pin import PinStatus, generate_pin
from ppdesk.domain.roles import Role
from ppdesk.domain.text import digits_only, fold
from ppdesk.services.auth import hash_password
from ppdesk.services.context import AppContext
from ppdesk.services.demo_names import LANGUAGE_MIX, STREETS, TEACHER_NAMES
from ppdesk.services.pins import aad, keys_of

GRADES = ("TK", "K", "1", "2", "3", "4", "5", "6", "7", "8")
SCHOOL = {
    "code": "1847",
    "name": "Jacaranda Avenue School",
    "address": "1200 Jacaranda Ave, Los Angeles, CA 90026",
    "phone": "(213) 555-0147",
    "principal_name": "Dr. Marisol Ortega",
    "local_district": "Central",
    "portal_url": "https://parentportal.example.org/parentaccess",
}


@dataclass(frozen=True)
class DemoResult:
    school_code: str
    students: int
    guardians: int
    links: int
    pins_issued: int
    pins_redeemed: int
    accounts: tuple[str, ...]
    password: str
    password_generated: bool

    def __repr__(self) -> str:
        return f"DemoResult(students={self.students}, guardians={self.guardians})"


def _unit(rng: random.Random) -> str:
    """Often an apartment: ", Apt 12", ", Unit 3B", ", #7" (the SIS's street line)."""
    if rng.random() >= 0.4:
        return ""
    designator = rng.choice(("Apt ", "Apt ", "Unit ", "#"))
    number = rng.choice((str(rng.randint(1, 40)), f"{rng.randint(1, 9)}{rng.choice('ABCD')}"))
    return f", {designator}{number}"


def _phone(rng: random.Random) -> str:
    area = rng.choice(("213", "323", "818", "310", "626"))
    return f"({area}) 555-{rng.randint(100, 199):04d}"


def _person(
    rng: random.Random, group: tuple[int, str, tuple[str, ...], tuple[str, ...]]
) -> tuple[str, str]:
    return rng.choice(group[2]), rng.choice(group[3])


def create_demo(
    ctx: AppContext, *, students: int = 1500, seed: int | None = None, password: str | None = None
) -> DemoResult:
    """Create the demo school in an empty database (refuses if any staff or student exists)."""
    if not 10 <= students <= 1_000_000:
        raise ValidationError("demo.students_range", field="students")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    pw_hash = hash_password(password)
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, never a secret
    # Units come from their own stream so the rest of a seeded school stays as it was.
    unit_rng = random.Random(seed)  # noqa: S311
    keys = keys_of(ctx)
    weights = [g[0] for g in LANGUAGE_MIX]
    with ctx.uow() as uow:
        if uow.staff.count() or uow.people.count_students():
            raise ValidationError("demo.database_not_empty")
        now = uow.now()
        school_id = uow.schools.add(**SCHOOL)
        accounts = []
        staff_ids: dict[Role, int] = {}
        for role in Role:
            sid = uow.staff.add(
                username=role.value,
                display_name=f"Demo {role.label}",
                email=None,
                password_hash=pw_hash,
            )
            uow.grants.add(
                staff_id=sid,
                role=role,
                school_id=None if role is Role.DISTRICT_ADMIN else school_id,
                local_district="Central" if role is Role.DISTRICT_ADMIN else None,
                granted_by_id=None,
                granted_at=now,
                reason="demo school",
            )
            staff_ids[role] = sid
            accounts.append(role.value)

        per_homeroom = 25
        homerooms: list[tuple[str, str]] = []  # (grade, homeroom label)
        teacher_cycle = 0
        for grade in GRADES:
            count = max(1, round(students / len(GRADES) / per_homeroom))
            for _ in range(count):
                name = TEACHER_NAMES[teacher_cycle % len(TEACHER_NAMES)]
                room_number = 100 + teacher_cycle + 1
                homerooms.append((grade, f"Rm {room_number} - {name}"))
                teacher_cycle += 1
        first_demo_room = homerooms[len(homerooms) // 2][1]  # the `teacher` account's class

        student_rows: list[dict[str, Any]] = []
        guardian_rows: list[dict[str, Any]] = []
        phone_rows: list[dict[str, Any]] = []
        link_rows: list[dict[str, Any]] = []
        contact_rows: list[dict[str, Any]] = []
        gid = uow.people.max_id("guardian")
        sid0 = uow.people.max_id("student")
        household: list[
            tuple[str, list[int], str, str, str]
        ] = []  # (last, guardian ids, address, ZIP, phone)
        today = now.date()
        used_numbers: set[str] = set()
        for i in range(students):
            student_id = sid0 + i + 1
            group = rng.choices(LANGUAGE_MIX, weights=weights)[0]
            grade_idx = i % len(GRADES)
            grade = GRADES[grade_idx]
            rooms = [h for h in homerooms if h[0] == grade]
            room = rooms[(i // len(GRADES)) % len(rooms)][1]
            age = 4 + grade_idx
            dob = date(today.year - age - 1, 1, 1) + timedelta(days=rng.randint(0, 364))
            sibling = household and rng.random() < 0.18
            if sibling:
                last, g_ids, address, zip_code, phone = rng.choice(household[-40:])
            else:
                last = _person(rng, group)[1]
                # The street line, then "City, CA ZIP" on a second line, as the SIS keeps it.
                street = f"{rng.randint(100, 9999)} {rng.choice(STREETS)}{_unit(unit_rng)}"
                address, zip_code = street, ""
                phone = _phone(rng)
                g_ids = []
                for k in range(rng.choices((1, 2, 3), weights=(30, 60, 10))[0]):
                    gid += 1
                    g_first = _person(rng, group)[0]
                    g_last = last if k < 2 else _person(rng, group)[1]
                    lang = group[1] if rng.random() < 0.8 else "en"
                    cell = _phone(rng)
                    email = (
                        f"{fold(g_first).replace(' ', '.')}.{gid}@example.org"
                        if rng.random() < 0.8
                        else None
                    )
                    guardian_rows.append(
                        {
                            "id": gid,
                            "first_name": g_first,
                            "last_name": g_last,
                            "search_name": fold(f"{g_first} {g_last}"),
                            "search_last": fold(f"{g_last} {g_first}"),
                            "email": email,
                            "email_folded": email.casefold() if email else None,
                            "home_phone": phone,
                            "cell_phone": cell,
                            "preferred_language": lang,
                            "contact_preference": rng.choice(("cell", "home", "email", "text")),
                            "text_opt_in": rng.random() < 0.5,
                        }
                    )
                    for kind, number in (("home", phone), ("cell", cell)):
                        d = digits_only(number)
                        phone_rows.append(
                            {"guardian_id": gid, "kind": kind, "digits": d, "digits_rev": d[::-1]}
                        )
                    g_ids.append(gid)
            first = _person(rng, group)[0]
            number = f"{rng.randint(0, 99_999_999):08d}"  # leading zeros on purpose
            while number in used_numbers:
                number = f"{rng.randint(0, 99_999_999):08d}"
            used_numbers.add(number)
            spin = f"{rng.randint(0, 999_999):06d}"
            key_id, blob = keys.encrypt(spin, f"ppdesk/student_pin/{student_id}".encode())
            drawn_zip = f"900{rng.randint(10, 99)}"  # drawn here: seeded schools stay the same
            if not sibling:
                zip_code = drawn_zip
                address = f"{address}\nLos Angeles, CA {zip_code}"
                household.append((last, g_ids, address, zip_code, phone))
            student_rows.append(
                {
                    "id": student_id,
                    "school_id": school_id,
                    "student_number": number,
                    "first_name": first,
                    "last_name": last,
                    "search_name": fold(f"{first} {last}"),
                    "search_last": fold(f"{last} {first}"),
                    "dob": dob,
                    "grade": grade,
                    "homeroom": room,
                    "homeroom_teacher_id": staff_ids[Role.TEACHER]
                    if room == first_demo_room
                    else None,
                    "address": address,
                    "zip_code": zip_code,
                    "phone": phone,
                    "student_email": f"{fold(first).replace(' ', '')}{student_id}@students.example.org",
                    "student_pin_ciphertext": blob,
                    "student_pin_key_id": key_id,
                    "home_language": group[1],
                }
            )
            for k, g in enumerate(g_ids):
                relationship = ("Parent", "Parent", "Grandparent")[min(k, 2)]
                verified = rng.random() < (0.9 if k < 2 else 0.4)
                link_rows.append(
                    {
                        "student_id": student_id,
                        "guardian_id": g,
                        "relationship": relationship,
                        "verified_legal_guardian": verified,
                        "verified_by": "SIS" if verified else None,
                        "verified_at": now if verified else None,
                        "verified_source": "sis" if verified else None,
                    }
                )
            for _ in range(rng.randint(1, 3)):
                cg = rng.choices(LANGUAGE_MIX, weights=weights)[0]
                cf, cl = _person(rng, cg)
                contact_rows.append(
                    {
                        "student_id": student_id,
                        "name": f"{cf} {cl}",
                        "phone": _phone(rng),
                        "relationship": rng.choice(
                            ("Aunt", "Uncle", "Neighbor", "Grandparent", "Family friend")
                        ),
                    }
                )
        uow.people.bulk_insert("guardian", guardian_rows)
        uow.people.bulk_insert("guardian_phone", phone_rows)
        uow.people.bulk_insert("student", student_rows)
        uow.people.bulk_insert("guardian_link", link_rows)
        uow.people.bulk_insert("emergency_contact", contact_rows)

        issued = redeemed = 0
        principal = staff_ids[Role.PRINCIPAL]
        run = f"demo-{uuid.uuid4().hex[:8]}"
        for link in uow.people.verified_links_of_school(school_id):
            if rng.random() >= 0.25:
                continue
            pin = generate_pin()
            outcome, pin_id = uow.pins.try_insert(
                link_id=link.id,
                student_id=link.student_id,
                guardian_id=link.guardian_id,
                request_id=str(uuid.uuid4()),
                pin_hash=keys.lookup_hash(pin.canonical),
                issued_at=now,
                issued_by_id=principal,
                verification_id=None,
                expires_at=now + timedelta(days=21),
                bulk_run=run,
            )
            if outcome != "ok" or pin_id is None:
                continue
            issued += 1
            if rng.random() < 0.5:
                uow.pins.end(
                    pin_id, status=PinStatus.REDEEMED, at=now, by_id=None, reason="demo: redeemed"
                )
                guardian = uow.people.guardian(link.guardian_id)
                uow.people.set_registered_email(
                    link.guardian_id,
                    (
                        guardian.email
                        if guardian and guardian.email
                        else f"parent{link.guardian_id}@example.net"
                    ),
                )
                redeemed += 1
            else:
                key_id, blob = keys.encrypt(pin.canonical, aad(pin_id, link.id))
                uow.pins.set_ciphertext(pin_id, key_id, blob)
        uow.audit.append(
            AuditEntry(
                "demo_create",
                target_type="school",
                target_id=SCHOOL["code"],
                school_id=school_id,
                details={
                    "students": students,
                    "guardians": len(guardian_rows),
                    "pin_count": issued,
                },
            ),
            actor="-",
            actor_staff_id=None,
            workstation=ctx.workstation,
        )
        uow.commit()
    return DemoResult(
        SCHOOL["code"],
        students,
        len(guardian_rows),
        len(link_rows),
        issued,
        redeemed,
        tuple(accounts),
        password,
        generated,
    )


def database_is_empty(ctx: AppContext) -> bool:
    with ctx.uow(readonly=True) as uow:
        return uow.staff.count() == 0 and uow.people.count_students() == 0
