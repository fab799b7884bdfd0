"""A guardian with children at two schools (issue 15: the cross-school lock)."""

from __future__ import annotations

from dataclasses import dataclass

from ppdesk.services.context import AppContext
from tests.support.family import Family, make_family
from tests.support.seed import add_school


@dataclass(frozen=True)
class TwoSchoolFamily:
    guardian_id: int
    at_a: Family  # school 1001: the guardian's first link
    at_b: Family  # school 1002
    link_a: int
    link_b: int  # the same guardian's link to the student at 1002


def guardian_at_two_schools(ctx: AppContext) -> TwoSchoolFamily:
    add_school(ctx, "1001")
    add_school(ctx, "1002", "Cedar Hill Middle")
    at_a = make_family(ctx, school_code="1001", guardians=1)
    at_b = make_family(ctx, school_code="1002", first="Lucía", guardians=1)
    guardian_id = at_a.guardian_ids[0]
    with ctx.uow() as uow:
        uow.people.bulk_insert(
            "guardian_link",
            [
                {
                    "student_id": at_b.student_id,
                    "guardian_id": guardian_id,
                    "relationship": "Mother",
                    "verified_legal_guardian": True,
                    "verified_source": "sis",
                }
            ],
        )
        link_b = next(
            link.id
            for link, _g in uow.people.links_of_student(at_b.student_id)
            if link.guardian_id == guardian_id
        )
        uow.commit()
    return TwoSchoolFamily(guardian_id, at_a, at_b, at_a.link_ids[0], link_b)
