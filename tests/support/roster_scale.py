"""A large synthetic roster, quickly (issue 21's roster tab tests): students, guardians
and links written with bulk inserts over a few schools of one local district, a principal
granted the whole district, and a few PINs. Synthetic data only."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ppdesk.domain.roles import Role
from ppdesk.domain.text import digits_only, fold
from ppdesk.services.context import AppContext, StaffSession
from tests.support.roster_data import add_pin
from tests.support.seed import add_school, add_staff, login

FIRST = ("Ana", "Ben", "Cara", "Dan", "Eve", "Fay", "Gil", "Hana", "Ivan", "Jo", "Kim", "Luis")
LAST = (
    "Adams", "Baker", "Cruz", "Diaz", "Evans", "Fox", "Garcia", "Huang", "Ito", "Jones",
    "Kim", "Lopez", "Nguyen", "Ortiz", "Park", "Quinn", "Reyes", "Smith", "Tran", "Vega",
)  # fmt: skip
LANGUAGES = ("en", "es", "ko", "zh", None)


@dataclass(frozen=True)
class LargeRoster:
    ctx: AppContext
    principal: StaffSession
    students: int
    rows: int  # roster rows: one per link, one per student without a guardian
    lone: int  # students without a guardian
    pin_links: list[int]  # links given an active PIN


def build_large_roster(
    ctx: AppContext, students: int, *, schools: int = 4, seed: int = 21
) -> LargeRoster:
    """``students`` students in ``schools`` schools; most have one or two guardians, one in
    fifty none. The principal may export every school's roster (local district)."""
    rng = random.Random(seed)
    school_ids = [
        add_school(ctx, f"{2001 + n}", f"Scale School {n}", local_district="Central")
        for n in range(schools)
    ]
    staff_id = add_staff(
        ctx, "principal", Role.PRINCIPAL, school_code=None, local_district="Central"
    )
    with ctx.uow() as uow:
        base_student = int(uow.session.execute(_max_id("student")).scalar() or 0)
        base_guardian = int(uow.session.execute(_max_id("guardian")).scalar() or 0)
    srows, grows, prows, lrows = [], [], [], []
    gid = base_guardian
    lone = 0
    for i in range(students):
        sid = base_student + i + 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        srows.append(
            {
                "id": sid,
                "school_id": school_ids[i % schools],
                "student_number": f"{i * 7919 % 100_000_000:08d}",
                "first_name": first,
                "last_name": f"{last}{i % 97}",
                "search_name": fold(f"{first} {last}{i % 97}"),
                "search_last": fold(f"{last}{i % 97} {first}"),
                "dob": date(2012, 1, 1) + timedelta(days=i % 3000),
                "grade": ("TK", "K", *map(str, range(1, 13)))[i % 14],
                "homeroom": f"Rm {i % 30}",
                "address": f"{i % 9000 + 100} Main St",
                "zip_code": "90012",
                "phone": None,
            }
        )
        guardians = 0 if i % 50 == 7 else (2 if rng.random() < 0.8 else 1)
        lone += guardians == 0
        for _ in range(guardians):
            gid += 1
            g_first = rng.choice(FIRST)
            phone = f"213{rng.randint(2_000_000, 9_999_999)}"
            grows.append(
                {
                    "id": gid,
                    "first_name": g_first,
                    "last_name": last,
                    "search_name": fold(f"{g_first} {last}"),
                    "search_last": fold(f"{last} {g_first}"),
                    "email": f"g{gid}@example.org",
                    "email_folded": f"g{gid}@example.org",
                    "cell_phone": phone,
                    "preferred_language": rng.choice(LANGUAGES),
                }
            )
            d = digits_only(phone)
            prows.append({"guardian_id": gid, "kind": "cell", "digits": d, "digits_rev": d[::-1]})
            lrows.append(
                {
                    "student_id": sid,
                    "guardian_id": gid,
                    "relationship": rng.choice(("Mother", "Father", "Guardian")),
                    "verified_legal_guardian": rng.random() < 0.7,
                }
            )
    with ctx.uow() as uow:
        for name, rows in (
            ("student", srows),
            ("guardian", grows),
            ("guardian_phone", prows),
            ("guardian_link", lrows),
        ):
            uow.people.bulk_insert(name, rows)
        uow.commit()
    with ctx.uow() as uow:
        first_link = int(uow.session.execute(_min_id("guardian_link", base_student)).scalar())
    pin_links = [first_link + n * 97 for n in range(6)]
    for link_id in pin_links:
        add_pin(ctx, link_id, issued_by=staff_id)
    return LargeRoster(ctx, login(ctx, "principal"), students, len(lrows) + lone, lone, pin_links)


def _max_id(table: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text(f"SELECT max(id) FROM {table}")


def _min_id(table: str, after_student: int):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text(f"SELECT min(id) FROM {table} WHERE student_id > {int(after_student)}")
