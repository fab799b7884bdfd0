"""A synthetic family: one student, guardians with links, emergency contacts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count

from ppdesk.domain.text import digits_only, fold
from ppdesk.domain.verification import IdType, PhotoIdCheck, SecurityAnswers
from ppdesk.services.context import AppContext

_seq = count(1)


@dataclass(frozen=True)
class Family:
    student_id: int
    student_number: str
    dob: date
    link_ids: tuple[int, ...]  # first verified, second (if any) not verified
    guardian_ids: tuple[int, ...]


def make_family(
    ctx: AppContext,
    *,
    school_code: str = "1001",
    first: str = "José",
    last: str = "Núñez",
    dob: date = date(2015, 3, 4),
    grade: str = "4",
    guardians: int = 2,
    student_number: str | None = None,
    homeroom: str | None = "Rm 12 - Ms. Park",
    homeroom_teacher_id: int | None = None,
    address: str | None = "1234 Maple Street, Apt 5",
    zip_code: str | None = "90012",
    phone: str | None = "(213) 555-0142",
    emergency_contacts: tuple[tuple[str, str], ...] = (("Ana Torres", "818-555-0199"),),
    guardian_phones: bool = True,
) -> Family:
    n = next(_seq)
    number = student_number or f"{n:08d}"
    with ctx.uow() as uow:
        school = uow.schools.get_by_code(school_code)
        sid = uow.people.max_id("student") + 1
        uow.people.bulk_insert(
            "student",
            [
                {
                    "id": sid,
                    "school_id": school.id,
                    "student_number": number,
                    "first_name": first,
                    "last_name": last,
                    "search_name": fold(f"{first} {last}"),
                    "search_last": fold(f"{last} {first}"),
                    "dob": dob,
                    "grade": grade,
                    "homeroom": homeroom,
                    "homeroom_teacher_id": homeroom_teacher_id,
                    "address": address,
                    "zip_code": zip_code,
                    "phone": phone,
                    "student_email": f"student{n}@students.example.org",
                    "home_language": "es",
                }
            ],
        )
        gids, lids = [], []
        for k in range(guardians):
            gid = uow.people.max_id("guardian") + 1
            g_first = ("María", "Carlos", "Rosa")[k % 3]
            cell = f"(323) 555-{100 + n % 90:04d}"
            uow.people.bulk_insert(
                "guardian",
                [
                    {
                        "id": gid,
                        "first_name": g_first,
                        "last_name": last,
                        "search_name": fold(f"{g_first} {last}"),
                        "search_last": fold(f"{last} {g_first}"),
                        "email": f"{fold(g_first)}.{n}.{k}@example.org",
                        "email_folded": f"{fold(g_first)}.{n}.{k}@example.org",
                        "cell_phone": cell if guardian_phones else None,
                        "home_phone": "(213) 555-0142" if guardian_phones else None,
                        "preferred_language": "es",
                    }
                ],
            )
            numbers = (("cell", cell), ("home", "(213) 555-0142")) if guardian_phones else ()
            for kind, guardian_phone in numbers:
                d = digits_only(guardian_phone)
                uow.people.bulk_insert(
                    "guardian_phone",
                    [{"guardian_id": gid, "kind": kind, "digits": d, "digits_rev": d[::-1]}],
                )
            uow.people.bulk_insert(
                "guardian_link",
                [
                    {
                        "student_id": sid,
                        "guardian_id": gid,
                        "relationship": ("Mother", "Father", "Aunt")[k % 3],
                        "verified_legal_guardian": k == 0 or (k == 1 and guardians > 2),
                        "verified_source": "sis",
                    }
                ],
            )
            gids.append(gid)
        if emergency_contacts:
            uow.people.bulk_insert(
                "emergency_contact",
                [
                    {
                        "student_id": sid,
                        "name": name,
                        "phone": contact_phone,
                        "relationship": "Aunt",
                    }
                    for name, contact_phone in emergency_contacts
                ],
            )
        for link, _g in uow.people.links_of_student(sid):
            lids.append(link.id)
        uow.commit()
    return Family(sid, number, dob, tuple(lids), tuple(gids))


def right_answers(**changes: str) -> SecurityAnswers:
    values = {
        "dob": "3/4/2015",
        "student_name": "jose nunez",
        "grade": "4th",
        "address": "1234 Maple St. #5",
        "phone": "213.555.0142",
        "emergency_contact_name": "ana torres",
        "emergency_contact_phone": "(818) 555 0199",
    }
    values.update(changes)
    return SecurityAnswers(**values)


def good_id(**changes: object) -> PhotoIdCheck:
    values: dict[str, object] = {
        "id_type": IdType.CALIFORNIA_ID,
        "name_matches": True,
        "expires_on": date(2031, 1, 1),
        "seen_on_screen": True,
    }
    values.update(changes)
    return PhotoIdCheck(**values)  # type: ignore[arg-type]
