"""Issue 15 point 3 on both engines: the SIS decides who is the verified parent and legal
guardian (reference guide section III: the status "must be updated within MiSiS before the
individual is able to link").

A school an SIS import has carried refuses to record the status at the desk and records a
request instead (who, for which guardian and student, which documents, when); the request
is on the "SIS updates to make" report (read back from the .xlsx); the next import that
carries the status closes it (when, and by which import) and the PIN can then be issued. A
school no import has carried still records the status at the desk.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import GuardianLink, School, SisStatusRequest
from ppdesk.domain.errors import (
    Conflict,
    GuardianNotEligible,
    PermissionDenied,
    StatusFromSis,
    ValidationError,
)
from ppdesk.domain.roles import Role
from ppdesk.services import lookup, pins, sis_requests
from tests.integration.test_import import apply, audit_rows, dump, family_set, importer, link, one
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import staff_with_role

DOCS = ["birth_certificate", "photo_id"]


def _sis_fed(app, runtime, tmp_path: Path):
    """School 1001 carried by a OneRoster import: María (g-1) verified in the SIS, Carlos
    (g-2) not. Returns the importer and Carlos's link to José (00001234)."""
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "first"))
    return admin, link(runtime, "00001234", "g-2").id


def _request(runtime, link_id: int) -> SisStatusRequest:
    return one(runtime, select(SisStatusRequest).where(SisStatusRequest.link_id == link_id))


def test_point3_an_import_makes_the_school_sis_fed(app, runtime, tmp_path: Path) -> None:
    school = one(runtime, select(School).where(School.code == "1001"))
    assert school.sis_fed_since is None
    admin, _ = _sis_fed(app, runtime, tmp_path)
    first = one(runtime, select(School).where(School.code == "1001")).sis_fed_since
    assert first is not None
    # A second import keeps the first date: re-importing changes nothing.
    before = dump(runtime)
    apply(app, admin, family_set(tmp_path / "again"))
    assert dump(runtime) == before


def test_point3_sis_fed_school_refuses_local_recording_and_records_a_request(
    app, runtime, tmp_path: Path
) -> None:
    _, carlos = _sis_fed(app, runtime, tmp_path)
    principal = staff_with_role(app, Role.PRINCIPAL)
    before = dump(runtime)
    with pytest.raises(StatusFromSis, match="must be updated in the SIS"):
        pins.record_legal_guardian(app, principal, carlos, verified=True, reason="birth cert")
    assert dump(runtime) == before  # nothing recorded, the link still unverified
    assert not one(runtime, select(GuardianLink).where(GuardianLink.id == carlos)).verified_by
    with pytest.raises(ValidationError, match="documents"):
        sis_requests.request_sis_update(app, principal, carlos, documents=[])
    with pytest.raises(ValidationError, match="other document"):
        sis_requests.request_sis_update(app, principal, carlos, documents=["other"])

    done = sis_requests.request_sis_update(
        app, principal, carlos, documents=DOCS, note="Birth certificate no. 1234-56"
    )
    assert "once the SIS carries" in done.message
    row = _request(runtime, carlos)
    assert row.id == done.request_id and row.closed_at is None
    assert row.requested_by_id == principal.staff_id and row.requested_at is not None
    assert row.documents == (
        "Birth certificate naming the parent; Photo ID of the parent or guardian"
    )
    assert row.note == "Birth certificate no. 1234-56"
    [event] = audit_rows(runtime, "sis_status_request")
    assert event.actor == principal.username and event.target_id == str(carlos)
    assert json.loads(event.details) == {"request_id": row.id, "documents": DOCS}
    # Still no PIN: the SIS does not carry the status yet.
    with pytest.raises(GuardianNotEligible):
        pins.issue_pin(app, principal, carlos)
    # One open request per guardian and student.
    with pytest.raises(Conflict, match="already requested"):
        sis_requests.request_sis_update(app, principal, carlos, documents=["court_order"])
    # The desk shows the request and that the SIS decides.
    student_id = one(runtime, select(GuardianLink.student_id).where(GuardianLink.id == carlos))
    view = lookup.student_view(app, principal, student_id)
    assert view.status_from_sis
    [g] = [g for g in view.guardians if g.link_id == carlos]
    assert g.sis_request is not None and g.sis_request.documents == row.documents
    # A verified guardian needs no request.
    maria = link(runtime, "00001234", "g-1").id
    with pytest.raises(ValidationError, match="already lists"):
        sis_requests.request_sis_update(app, principal, maria, documents=DOCS)


def test_point3_only_principals_and_aps_request_office_staff_read_the_report(
    app, runtime, tmp_path: Path
) -> None:
    _, carlos = _sis_fed(app, runtime, tmp_path)
    others = {r: staff_with_role(app, r) for r in (Role.PARENT_ACCESS_ADMIN, Role.OFFICE_STAFF)}
    teacher = staff_with_role(app, Role.TEACHER)
    for session in (*others.values(), teacher):
        with pytest.raises(PermissionDenied):
            sis_requests.request_sis_update(app, session, carlos, documents=DOCS)
    assert audit_rows(runtime, "sis_status_request")[-1].outcome == "denied"
    ap = staff_with_role(app, Role.ASSISTANT_PRINCIPAL)
    sis_requests.request_sis_update(app, ap, carlos, documents=["court_order"])
    for session in (*others.values(), ap):
        [row] = sis_requests.sis_updates_to_make(app, session)
        assert (row.student_number, row.guardian_sis_id) == ("00001234", "g-2")
    with pytest.raises(PermissionDenied):
        sis_requests.sis_updates_to_make(app, teacher)


def test_point3_the_report_lists_open_requests(app, runtime, tmp_path: Path) -> None:
    _, carlos = _sis_fed(app, runtime, tmp_path)
    principal = staff_with_role(app, Role.PRINCIPAL)
    sis_requests.request_sis_update(
        app, principal, carlos, documents=["court_order"], note="Case 2026-FL-0042"
    )
    office = staff_with_role(app, Role.OFFICE_STAFF)
    out = tmp_path / "sis-updates.xlsx"
    summary = sis_requests.export_sis_updates(app, office, out)
    assert summary.rows == 1
    book = openpyxl.load_workbook(out)
    assert book.properties.title == "SIS Updates to Make"
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header = 0
    assert rows[header] == [c.title for c in sis_requests.SIS_UPDATE_COLUMNS]
    record = dict(zip(rows[header], rows[header + 1], strict=True))
    assert record["School"] == "1001" and record["Student ID"] == "00001234"
    assert record["Student Name"] == "José Núñez" and record["Guardian"] == "Carlos Núñez"
    assert record["Guardian SIS ID"] == "g-2" and record["Relationship"] == "Father"
    assert record["Documents Seen"] == "Court order (custody or guardianship)"
    assert record["Note"] == "Case 2026-FL-0042"
    assert record["Requested By"] == "Principal 1001"
    assert record["Requested At (UTC)"] is not None
    assert [r for r in rows[header + 1 :] if any(r)] == [rows[header + 1]]
    about = [r[0] for r in book.worksheets[1].iter_rows(values_only=True)]
    assert sis_requests.REPORT_NOTE in about
    [export] = [e for e in audit_rows(runtime, "report_export") if "sis_updates" in e.details]
    assert json.loads(export.details)["rows"] == 1 and export.actor == office.username


def test_point3_an_import_carrying_the_status_closes_the_request(
    app, runtime, tmp_path: Path
) -> None:
    admin, carlos = _sis_fed(app, runtime, tmp_path)
    principal = staff_with_role(app, Role.PRINCIPAL)
    done = sis_requests.request_sis_update(app, principal, carlos, documents=DOCS)
    # An import that does not carry the status yet leaves the request open.
    apply(app, admin, family_set(tmp_path / "not-yet"))
    assert _request(runtime, carlos).closed_at is None
    assert len(sis_requests.sis_updates_to_make(app, principal)) == 1
    # The office updated the SIS: the next import carries the status.
    verified = {"g-1": ("María", "true", "Mother"), "g-2": ("Carlos", "true", "Father")}
    result = apply(app, admin, family_set(tmp_path / "updated", guardians=verified))
    row = _request(runtime, carlos)
    assert row.closed_at is not None and row.outcome == "sis_verified"
    assert row.closed_import_seq == result.audit_seq and row.closed_import_file == "updated"
    [closed] = audit_rows(runtime, "sis_status_request_closed")
    assert json.loads(closed.details) == {
        "request_id": done.request_id,
        "outcome": "sis_verified",
        "source": "sis_import",
    }
    assert closed.seq < result.audit_seq and closed.target_id == str(carlos)
    summary = [e for e in audit_rows(runtime, "sis_import") if e.seq == result.audit_seq]
    assert json.loads(summary[0].details)["sis_requests_closed_count"] == 1
    assert sis_requests.sis_updates_to_make(app, principal) == []
    # The PIN can be issued now that the SIS carries the status.
    assert verify_and_issue(app, principal, carlos).pin_id


def test_point3_an_import_that_ends_the_link_closes_the_request(
    app, runtime, tmp_path: Path
) -> None:
    admin, carlos = _sis_fed(app, runtime, tmp_path)
    principal = staff_with_role(app, Role.PRINCIPAL)
    sis_requests.request_sis_update(app, principal, carlos, documents=DOCS)
    only_maria = {"g-1": ("María", "true", "Mother")}
    apply(app, admin, family_set(tmp_path / "gone", guardians=only_maria))
    row = _request(runtime, carlos)
    assert row.closed_at is not None and row.outcome == "link_ended"
    assert sis_requests.sis_updates_to_make(app, principal) == []


def test_point3_a_principal_withdraws_a_request_with_a_reason(app, runtime, tmp_path: Path) -> None:
    admin, carlos = _sis_fed(app, runtime, tmp_path)
    principal = staff_with_role(app, Role.PRINCIPAL)
    done = sis_requests.request_sis_update(app, principal, carlos, documents=DOCS)
    office = staff_with_role(app, Role.OFFICE_STAFF)
    with pytest.raises(PermissionDenied):
        sis_requests.withdraw_sis_request(app, office, carlos, reason="x")
    with pytest.raises(ValidationError):
        sis_requests.withdraw_sis_request(app, principal, carlos, reason="  ")
    assert _request(runtime, carlos).closed_at is None
    withdrawn = sis_requests.withdraw_sis_request(
        app, principal, carlos, reason="the court order names another guardian"
    )
    assert withdrawn == done.request_id
    row = _request(runtime, carlos)
    assert row.closed_at is not None and row.outcome == "withdrawn"
    assert row.closed_import_seq is None
    denied, event = audit_rows(runtime, "sis_status_request_withdrawn")
    assert (denied.outcome, denied.actor) == ("denied", office.username)
    assert event.actor == principal.username and json.loads(event.details) == {
        "request_id": done.request_id,
        "reason": "the court order names another guardian",
    }
    assert sis_requests.sis_updates_to_make(app, office) == []
    with pytest.raises(ValidationError, match="no open SIS update request"):
        sis_requests.withdraw_sis_request(app, principal, carlos, reason="again")
    # A new request may be made; an import then closes only that one.
    again = sis_requests.request_sis_update(app, principal, carlos, documents=["adoption"])
    verified = {"g-1": ("María", "true", "Mother"), "g-2": ("Carlos", "true", "Father")}
    apply(app, admin, family_set(tmp_path / "updated", guardians=verified))
    with app.uow(readonly=True) as uow:
        outcomes = {
            r.id: r.outcome
            for r in (
                uow.status_requests.get(done.request_id),
                uow.status_requests.get(again.request_id),
            )
        }
    assert outcomes == {done.request_id: "withdrawn", again.request_id: "sis_verified"}


def test_point3_a_school_without_sis_import_still_records_locally(app, runtime) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app)
    unverified = fam.link_ids[1]
    with pytest.raises(ValidationError, match="No SIS import feeds this school"):
        sis_requests.request_sis_update(app, principal, unverified, documents=DOCS)
    pins.record_legal_guardian(app, principal, unverified, verified=True, reason="birth cert")
    row = one(runtime, select(GuardianLink).where(GuardianLink.id == unverified))
    assert row.verified_legal_guardian and row.verified_source == "staff"
    assert not lookup.student_view(app, principal, fam.student_id).status_from_sis
    assert verify_and_issue(app, principal, unverified).pin_id
    assert one(runtime, select(School).where(School.code == "1001")).sis_fed_since is None


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


def test_point3_from_the_command_line(app, runtime, cli, tmp_path: Path) -> None:
    _, carlos = _sis_fed(app, runtime, tmp_path)
    staff_with_role(app, Role.PRINCIPAL)
    staff_with_role(app, Role.OFFICE_STAFF)
    args = ("guardian", "request-sis-update", "--student-id", "00001234", "--guardian", "Carlos")
    r = cli(*args, "--documents", "adoption,other", "-u", "principal_1001")
    assert r.exit_code != 0 and "other document" in r.output
    r = cli(*args, "--documents", "adoption", "-u", "principal_1001")
    assert r.exit_code == 0, r.output
    assert "SIS updates to make" in r.output and "once the SIS carries" in r.output
    assert _request(runtime, carlos).documents == "Adoption decree"
    out = tmp_path / "sis-updates.pdf"
    r = cli("report", "sis-updates", "--out", str(out), "-u", "office_staff_1001")
    assert r.exit_code == 0, r.output
    assert "1 rows" in r.output and out.read_bytes()[:5] == b"%PDF-"
    withdraw = ("guardian", "withdraw-sis-request", "--student-id", "00001234")
    r = cli(*withdraw, "--guardian", "Carlos", "--reason", "made in error", "-u", "principal_1001")
    assert r.exit_code == 0, r.output
    assert "withdrawn" in r.output and _request(runtime, carlos).outcome == "withdrawn"


def test_point3_the_migration_recognises_schools_imported_before_it(
    app, runtime, db_url: str, tmp_path: Path
) -> None:
    """Upgrading a database imported before migration 0008: the school whose guardians came
    from an SIS import is SIS-fed, a school with only desk-made records is not."""
    from alembic import command

    from ppdesk.adapters.db import engine as db_engine
    from ppdesk.adapters.db import schema

    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "sis"))
    with app.uow() as uow:
        uow.schools.add(code="2002", name="Desk School", local_district="Central")
        uow.commit()
    make_family(app, school_code="2002")
    engine = db_engine.create_engine(db_url)
    runtime.engine.dispose()
    try:
        cfg = schema.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        assert schema.schema_state(engine).current == "0007"
        schema.upgrade(engine)
        assert schema.schema_state(engine).current == schema.head_revision()
        with engine.connect() as conn:
            fed = dict(conn.execute(select(School.code, School.sis_fed_since)).tuples().all())
    finally:
        engine.dispose()
    assert fed["1001"] is not None and fed["2002"] is None
