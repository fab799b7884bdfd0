"""Build a district-sized synthetic database quickly (shared by the benchmarks)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from ppdesk.domain.roles import Role
from ppdesk.domain.text import digits_only, fold
from ppdesk.services.auth import hash_password
from ppdesk.services.demo_names import LANGUAGE_MIX, STREETS

PASSWORD = "benchmark password"


def build_district(
    ctx,
    *,
    students: int,
    guardians_per_student: float = 1.8,
    schools: int = 60,
    seed: int = 7,
    log=print,
) -> dict:
    rng = random.Random(seed)
    weights = [g[0] for g in LANGUAGE_MIX]
    t0 = time.perf_counter()
    with ctx.uow() as uow:
        now = uow.now()
        school_ids = [
            uow.schools.add(code=f"{1000 + i}", name=f"Bench School {i}", local_district="Central")
            for i in range(schools)
        ]
        pw = hash_password(PASSWORD)
        for role in (Role.DISTRICT_ADMIN, Role.OFFICE_STAFF):
            sid = uow.staff.add(
                username=role.value, display_name=role.label, email=None, password_hash=pw
            )
            uow.grants.add(
                staff_id=sid,
                role=role,
                school_id=None if role is Role.DISTRICT_ADMIN else school_ids[0],
                local_district="Central" if role is Role.DISTRICT_ADMIN else None,
                granted_by_id=None,
                granted_at=now,
                reason="bench",
            )
        uow.commit()
    numbers: list[str] = []
    names: list[tuple[str, str]] = []
    gid = 0
    chunk = 50_000
    for start in range(0, students, chunk):
        srows, grows, prows, lrows = [], [], [], []
        for i in range(start, min(start + chunk, students)):
            group = rng.choices(LANGUAGE_MIX, weights=weights)[0]
            first, last = rng.choice(group[2]), rng.choice(group[3])
            number = f"{i * 7919 % 100_000_000:08d}"
            numbers.append(number)
            names.append((first, last))
            srows.append(
                {
                    "id": i + 1,
                    "school_id": school_ids[i % schools],
                    "student_number": number,
                    "first_name": first,
                    "last_name": last,
                    "search_name": fold(f"{first} {last}"),
                    "search_last": fold(f"{last} {first}"),
                    "dob": date(2010, 1, 1) + timedelta(days=i % 4000),
                    "grade": str(i % 12 + 1),
                    "homeroom": f"Rm {i % 40}",
                    "address": f"{i % 9000 + 100} {rng.choice(STREETS)}",
                    "zip_code": "90012",
                    "phone": None,
                }
            )
            n_guardians = 2 if rng.random() < guardians_per_student - 1 else 1
            for _ in range(n_guardians):
                gid += 1
                gf = rng.choice(group[2])
                phone = f"{rng.choice(('213', '323', '818'))}{rng.randint(2_000_000, 9_999_999)}"
                grows.append(
                    {
                        "id": gid,
                        "first_name": gf,
                        "last_name": last,
                        "search_name": fold(f"{gf} {last}"),
                        "search_last": fold(f"{last} {gf}"),
                        "email": f"g{gid}@example.org",
                        "email_folded": f"g{gid}@example.org",
                        "cell_phone": phone,
                    }
                )
                d = digits_only(phone)
                prows.append(
                    {"guardian_id": gid, "kind": "cell", "digits": d, "digits_rev": d[::-1]}
                )
                lrows.append(
                    {
                        "student_id": i + 1,
                        "guardian_id": gid,
                        "relationship": "Parent",
                        "verified_legal_guardian": True,
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
        log(
            f"  loaded {min(start + chunk, students):,} students, {gid:,} guardians ({time.perf_counter() - t0:.0f} s)"
        )
    return {
        "numbers": numbers,
        "school_ids": school_ids,
        "names": names,
        "guardians": gid,
        "build_s": time.perf_counter() - t0,
    }
