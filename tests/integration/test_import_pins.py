"""SIS import and Parent Portal PINs: an import never touches a PIN, except to revoke one
whose guardian link ended or lost the verified parent and legal guardian flag (audited)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import ParentPin, Verification
from ppdesk.domain.errors import DomainError, GuardianNotEligible
from ppdesk.domain.roles import Role
from ppdesk.services import audit_trail, pins, sis_import
from tests.integration.test_import import (
    FAMILY,
    all_,
    apply,
    audit_rows,
    dump,
    family_set,
    guardian,
    importer,
    link,
    one,
    student,
)
from tests.support.flows import verify_and_issue
from tests.support.seed import login, staff_with_role


def _issue(
    app: Any, runtime: Any, number: str = "00001234", source: str = "g-1"
) -> tuple[int, Any]:
    principal = staff_with_role(app, Role.PRINCIPAL)
    link_id = link(runtime, number, source).id
    issued = verify_and_issue(app, principal, link_id)
    return link_id, issued


def _verifications(runtime: Any) -> list[tuple[Any, ...]]:
    return [
        (v.id, v.link_id, v.outcome, v.completed_at) for v in all_(runtime, select(Verification))
    ]


def _pin(runtime: Any, pin_id: int) -> ParentPin:
    return one(runtime, select(ParentPin).where(ParentPin.id == pin_id))


def test_reimport_leaves_pins_and_verifications_alone(app, runtime, tmp_path) -> None:
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "a"))
    _, issued = _issue(app, runtime)
    before = dump(runtime)
    result = apply(app, admin, family_set(tmp_path / "b"))
    assert result.counts.total == 0 and result.revoked_pin_ids == ()
    assert dump(runtime) == before
    assert _pin(runtime, issued.pin_id).status == "active"


def test_removed_guardian_becomes_inactive_and_its_pin_is_revoked(app, runtime, tmp_path) -> None:
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "a"))
    link_id, issued = _issue(app, runtime)
    verifications = _verifications(runtime)
    result = apply(app, admin, family_set(tmp_path / "b", guardians={"g-2": FAMILY["g-2"]}))
    c = result.counts
    assert (c.guardians_deactivated, c.links_deactivated, c.pins_revoked) == (1, 2, 1)
    assert result.revoked_pin_ids == (issued.pin_id,)
    maria = guardian(runtime, "g-1")
    assert not maria.active  # inactive, never deleted
    assert not link(runtime, "00001234", "g-1").active
    assert link(runtime, "00001234", "g-1").verified_legal_guardian  # the flag is history
    row = _pin(runtime, issued.pin_id)
    assert (row.status, row.ciphertext, row.ended_by_id) == ("revoked", None, admin.staff_id)
    assert row.end_reason == "guardian link no longer in the SIS"
    # Verifications are never touched.
    assert _verifications(runtime) == verifications
    [event] = audit_rows(runtime, "pin_revoke")
    assert (event.target_type, event.target_id, event.actor) == (
        "guardian_link",
        str(link_id),
        "importer",
    )
    details = json.loads(event.details)
    assert details["pin_id"] == issued.pin_id and details["source"] == "sis_import"
    summary = json.loads(audit_rows(runtime, "sis_import")[-1].details)
    assert summary["pins_revoked_count"] == 1 and summary["guardians_deactivated_count"] == 1
    assert audit_trail.check_chain(app).intact


def test_guardian_who_loses_the_verified_flag_has_the_pin_revoked(app, runtime, tmp_path) -> None:
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "a"))
    link_id, issued = _issue(app, runtime)
    unverified = {"g-1": ("María", "false", "Mother"), "g-2": FAMILY["g-2"]}
    preview = sis_import.preview_import(
        app, admin, family_set(tmp_path / "b", guardians=unverified)
    )
    assert preview.counts.pins_revoked == 1
    assert _pin(runtime, issued.pin_id).status == "active"  # the dry run revoked nothing
    result = apply(app, admin, tmp_path / "b")
    assert result.revoked_pin_ids == (issued.pin_id,)
    row = _pin(runtime, issued.pin_id)
    assert (row.status, row.ciphertext) == ("revoked", None)
    assert row.end_reason == "no longer the verified parent and legal guardian"
    mother = link(runtime, "00001234", "g-1")
    assert mother.active and not mother.verified_legal_guardian and guardian(runtime, "g-1").active
    assert mother.verified_by == "importer" and mother.verified_source == "sis"
    [event] = audit_rows(runtime, "pin_revoke")
    assert event.target_id == str(link_id)
    # Without the flag there is no PIN to issue any more.
    with pytest.raises(GuardianNotEligible):
        pins.issue_pin(app, login(app, "principal_1001"), link_id, reissue=True)


def test_removed_student_has_the_pins_of_its_links_revoked(app, runtime, tmp_path) -> None:
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "a"))
    _, issued = _issue(app, runtime)
    result = apply(app, admin, family_set(tmp_path / "b", students=("s-2",)))
    assert result.counts.students_deactivated == 1
    assert result.revoked_pin_ids == (issued.pin_id,)
    assert not student(runtime, "00001234").active
    assert _pin(runtime, issued.pin_id).end_reason == "student no longer in the SIS"
    # A revoked PIN cannot be shown again.
    with pytest.raises(DomainError):
        pins.reveal_pin(app, login(app, "principal_1001"), link(runtime, "00001234", "g-1").id)
