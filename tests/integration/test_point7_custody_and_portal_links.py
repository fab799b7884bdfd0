"""Issue 15 point 7 on both engines: a principal or AP removes a guardian's verified status
with a reason (court order, custody change): active and held PINs are revoked and future PINs
refused; a guardian who already redeemed goes on the "portal links to remove" report, which
also lists guardians an SIS import removed or un-verified after they had redeemed."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import ParentPin
from ppdesk.domain.errors import GuardianNotEligible, PermissionDenied, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import custody, pins, redemption
from tests.integration.test_import import FAMILY, apply, family_set, importer, link
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import login, staff_with_role


def _redeem(app, fam, display: str, email: str = "parent@example.org") -> None:
    redemption.redeem(
        app, student_number=fam.student_number, dob=fam.dob, pin_text=display, email=email
    )


def _status(runtime, pin_id: int) -> str:
    with runtime.engine.connect() as conn:
        return conn.execute(select(ParentPin.status).where(ParentPin.id == pin_id)).scalar_one()


def test_point7_removing_the_status_revokes_the_pin_and_refuses_new_ones(app, runtime) -> None:
    ap = staff_with_role(app, Role.ASSISTANT_PRINCIPAL)
    fam = make_family(app)
    issued = verify_and_issue(app, ap, fam.link_ids[0])
    done = custody.remove_legal_guardian_status(
        app, ap, fam.link_ids[0], reason="court order 2026-FL-0042"
    )
    assert done.revoked_pin_id == issued.pin_id and not done.portal_link_to_remove
    assert "PIN was revoked" in done.message and "portal team" not in done.message
    assert _status(runtime, issued.pin_id) == "revoked"
    with pytest.raises(GuardianNotEligible):
        pins.issue_pin(app, ap, fam.link_ids[0], reissue=True)
    with app.uow(readonly=True) as uow:
        row = list(uow.audit.query(action=custody.REMOVE_ACTION))[-1]
    details = json.loads(row.details)
    assert details["reason"] == "court order 2026-FL-0042"
    assert details["revoked_pin_id"] == issued.pin_id
    assert custody.portal_links_to_remove(app, ap) == []


def test_point7_a_redeemed_guardian_goes_on_the_portal_links_report(
    app, runtime, tmp_path: Path
) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app)
    issued = verify_and_issue(app, principal, fam.link_ids[0])
    _redeem(app, fam, issued.display)
    done = custody.remove_legal_guardian_status(
        app, principal, fam.link_ids[0], reason="custody change"
    )
    assert done.portal_link_to_remove and done.revoked_pin_id is None
    assert "cannot remove that link" in done.message
    [case] = custody.portal_links_to_remove(app, principal)
    assert case.student_number == fam.student_number and case.portal_email == "parent@example.org"
    assert case.change == "Verified status removed at the school"
    assert case.changed_by == "principal_1001" and case.linked_at is not None
    out = tmp_path / "links.xlsx"
    summary = custody.export_portal_links_to_remove(app, principal, out)
    assert summary.rows == 1
    wb = openpyxl.load_workbook(out)
    values = [c for row in wb.active.iter_rows(values_only=True) for c in row]
    assert fam.student_number in values and "parent@example.org" in values


def test_point7_only_principals_and_aps_remove_and_a_reason_is_needed(app) -> None:
    fam = make_family(app)
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    with pytest.raises(PermissionDenied):
        custody.remove_legal_guardian_status(app, paa, fam.link_ids[0], reason="x")
    ap = staff_with_role(app, Role.ASSISTANT_PRINCIPAL)
    with pytest.raises(ValidationError):
        custody.remove_legal_guardian_status(app, ap, fam.link_ids[0], reason="  ")
    with pytest.raises(ValidationError):  # the second guardian was never verified
        custody.remove_legal_guardian_status(app, ap, fam.link_ids[1], reason="x")
    office = staff_with_role(app, Role.OFFICE_STAFF)
    with pytest.raises(PermissionDenied):
        custody.portal_links_to_remove(app, office)


def test_point7_an_import_that_removes_a_redeemed_guardian_lists_them(
    app, runtime, tmp_path: Path
) -> None:
    admin = importer(app)
    both_verified = {"g-1": FAMILY["g-1"], "g-2": ("Carlos", "true", "Father")}
    apply(app, admin, family_set(tmp_path / "a", guardians=both_verified))
    principal = staff_with_role(app, Role.PRINCIPAL)
    link_1 = link(runtime, "00001234", "g-1").id
    link_2 = link(runtime, "00001234", "g-2").id
    with app.uow(readonly=True) as uow:
        student = uow.people.student(uow.people.link(link_1).student_id)

    class _Fam:
        student_number = student.student_number
        dob = student.dob

    for link_id, email in ((link_1, "maria@example.org"), (link_2, "carlos@example.org")):
        issued = verify_and_issue(app, principal, link_id)
        _redeem(app, _Fam, issued.display, email)
    # The next import drops g-1 and un-verifies g-2.
    apply(app, admin, family_set(tmp_path / "b", guardians={"g-2": ("Carlos", "false", "Father")}))
    cases = {c.portal_email: c.change for c in custody.portal_links_to_remove(app, principal)}
    assert cases == {
        "maria@example.org": "Guardian removed by an SIS import",
        "carlos@example.org": "Verified status removed by an SIS import",
    }
    assert login(app, "principal_1001")


@pytest.fixture
def cli(db_url):
    from click.testing import CliRunner

    from ppdesk.cli.main import main
    from tests.support.seed import PASSWORD

    def run(*args: str):
        return CliRunner().invoke(
            main, ["--database", db_url, *args], env={"PPDESK_PASSWORD": PASSWORD}
        )

    return run


def test_point7_from_the_command_line(app, cli, tmp_path: Path) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app)
    issued = verify_and_issue(app, principal, fam.link_ids[0])
    _redeem(app, fam, issued.display)
    args = ("guardian", "remove-status", "--student-id", fam.student_number)
    r = cli(
        *args,
        "--guardian",
        "nunez maria",
        "--reason",
        "court order",
        "-u",
        "principal_1001",
    )
    assert r.exit_code == 0, r.output
    assert "status was removed" in r.output and "cannot remove that link" in r.output
    r = cli(
        *args,
        "--guardian",
        "Nobody Here",
        "--reason",
        "x",
        "-u",
        "principal_1001",
    )
    assert r.exit_code != 0 and "No guardian of this student has this name" in r.output
    out = tmp_path / "links.pdf"
    r = cli("report", "portal-links", "--out", str(out), "-u", "principal_1001")
    assert r.exit_code == 0, r.output
    assert "1 rows" in r.output and out.exists()
