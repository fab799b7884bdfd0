"""Issue 15 point 3 on both engines: a district administrator can switch an SIS-fed school
back to recording the verified status at the desk (audited), and hand it back to the SIS.
While the desk records it, imports neither mark the school SIS-fed again nor revert a status
the desk recorded; a principal cannot switch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from ppdesk.adapters.db.models import GuardianLink, School
from ppdesk.domain.errors import PermissionDenied, StatusFromSis, ValidationError
from ppdesk.domain.roles import Role
from ppdesk.services import pins, sis_requests
from tests.integration.test_import import apply, audit_rows, family_set, importer, link, one
from tests.support.flows import verify_and_issue
from tests.support.seed import PASSWORD, staff_with_role


def _school(runtime) -> School:
    return one(runtime, select(School).where(School.code == "1001"))


def _flag(runtime, link_id: int) -> bool:
    return one(
        runtime, select(GuardianLink).where(GuardianLink.id == link_id)
    ).verified_legal_guardian


def test_point3_a_district_admin_switches_an_sis_fed_school_back_to_desk_recording(
    app, runtime, tmp_path: Path
) -> None:
    admin = importer(app)  # a district administrator of Central
    apply(app, admin, family_set(tmp_path / "first"))
    carlos = link(runtime, "00001234", "g-2").id  # not verified in the SIS
    principal = staff_with_role(app, Role.PRINCIPAL)
    with pytest.raises(StatusFromSis):
        pins.record_legal_guardian(app, principal, carlos, verified=True, reason="birth cert")
    sis_requests.request_sis_update(app, principal, carlos, documents=["birth_certificate"])

    with pytest.raises(PermissionDenied):
        sis_requests.set_status_source(app, principal, "1001", from_sis=False, reason="try")
    [denied] = [r for r in audit_rows(runtime, "status_source_set") if r.outcome == "denied"]
    assert denied.actor == principal.username

    done = sis_requests.set_status_source(
        app, admin, "1001", from_sis=False, reason="SIS link to this school retired"
    )
    assert (done.from_sis, done.requests_withdrawn) == (False, 1)
    school = _school(runtime)
    assert school.sis_fed_since is None and school.status_local_since is not None
    [event] = [r for r in audit_rows(runtime, "status_source_set") if r.outcome == "success"]
    assert json.loads(event.details) == {
        "source": "desk",
        "reason": "SIS link to this school retired",
        "requests_withdrawn_count": 1,
    }
    assert sis_requests.sis_updates_to_make(app, principal) == []
    with pytest.raises(ValidationError):
        sis_requests.set_status_source(app, admin, "1001", from_sis=False, reason="again")

    # The desk records the status again, and the next import does not revert it.
    pins.record_legal_guardian(app, principal, carlos, verified=True, reason="birth cert seen")
    apply(app, admin, family_set(tmp_path / "next"))  # still lists Carlos as not verified
    assert _flag(runtime, carlos)
    assert _school(runtime).sis_fed_since is None  # not SIS-fed again
    assert verify_and_issue(app, principal, carlos).pin_id

    # Handed back to the SIS: the next import decides again.
    back = sis_requests.set_status_source(app, admin, "1001", from_sis=True, reason="SIS again")
    assert back.from_sis and _school(runtime).status_local_since is None
    apply(app, admin, family_set(tmp_path / "sis-again"))
    assert not _flag(runtime, carlos)


def test_point3_status_source_from_the_command_line(app, runtime, db_url, tmp_path) -> None:
    from ppdesk.cli.main import main

    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "first"))
    staff_with_role(app, Role.PRINCIPAL)

    def cli(*args: str):
        return CliRunner().invoke(
            main, ["--database", db_url, *args], env={"PPDESK_PASSWORD": PASSWORD}
        )

    r = cli("status-source", "1001", "desk", "--reason", "x", "-u", "principal_1001")
    assert r.exit_code != 0 and "district administrator" in r.output
    r = cli("status-source", "1001", "desk", "--reason", "retired", "-u", admin.username)
    assert r.exit_code == 0, r.output
    assert "desk records the verified status" in r.output
    assert _school(runtime).status_local_since is not None
