"""Issue 15 point 2 on both engines: a record that cannot answer a question (no emergency
contact, no address, no phone) stops the checklist before it starts, says which question
and what to do (section VIII: the emergency card at the main office), and counts nothing
against the guardian."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ppdesk.adapters.db.models import Verification
from ppdesk.domain.errors import RecordIncomplete
from ppdesk.domain.roles import Role
from ppdesk.domain.verification import VerificationMode
from ppdesk.services import verification
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.seed import staff_with_role


def _verifications(runtime) -> int:
    with runtime.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Verification)).scalar_one()


@pytest.mark.parametrize(
    ("shape", "missing", "words"),
    [
        ({"emergency_contacts": ()}, ["emergency_contact"], "no emergency contact"),
        ({"emergency_contacts": (("Ana Torres", ""),)}, ["emergency_contact"], "emergency"),
        ({"address": None}, ["address"], "no home address"),
        ({"address": "  \n "}, ["address"], "no home address"),
        ({"phone": None, "guardian_phones": False}, ["phone"], "no phone number"),
        (
            {"address": None, "emergency_contacts": ()},
            ["address", "emergency_contact"],
            "no home address",
        ),
    ],
)
def test_point2_missing_data_stops_before_the_checklist_and_counts_nothing(
    app, runtime, shape: dict, missing: list[str], words: str
) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app, **shape)
    for _ in range(4):  # more than the three failures that would lock
        with pytest.raises(RecordIncomplete) as caught:
            verification.start_verification(app, paa, fam.link_ids[0], VerificationMode.IN_PERSON)
    message = str(caught.value)
    assert words in message and "cannot be asked" in message
    assert "main office" in message and "section VIII" in message
    assert "Nothing was counted" in message
    assert _verifications(runtime) == 0
    with app.uow(readonly=True) as uow:
        assert uow.people.guardian(fam.guardian_ids[0]).verification_locked_at is None
        rows = list(uow.audit.query(action="verification_start"))
    assert [r.outcome for r in rows] == ["denied"] * 4
    details = json.loads(rows[-1].details)
    assert details["reason"] == "RecordIncomplete" and details["missing"] == missing


def test_point2_a_student_phone_alone_or_a_guardian_phone_alone_is_enough(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    only_guardian = make_family(app, phone=None)
    assert verify(app, paa, only_guardian.link_ids[0]).passed
    only_student = make_family(app, guardian_phones=False)
    assert verify(app, paa, only_student.link_ids[0]).passed


def test_point2_once_the_office_adds_a_contact_the_checklist_starts(app) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(app, emergency_contacts=())
    with pytest.raises(RecordIncomplete):
        verification.start_verification(app, paa, fam.link_ids[0], VerificationMode.IN_PERSON)
    with app.uow() as uow:
        uow.people.bulk_insert(
            "emergency_contact",
            [{"student_id": fam.student_id, "name": "Ana Torres", "phone": "818-555-0199"}],
        )
        uow.commit()
    assert verify(app, paa, fam.link_ids[0]).passed
