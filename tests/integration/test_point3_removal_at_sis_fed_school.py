"""Issue 15 point 3 (with point 7) on both engines: at a school an SIS import feeds, a
principal's removal of a verified status (a court order, a custody change) sticks. It records
a request to remove the status in the SIS, listed on the "SIS updates to make" report; an
import that still carries the guardian as verified does not verify them again (no PIN can be
issued) while the request is open; the import that carries the guardian as not verified
closes it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import GuardianLink, SisStatusRequest
from ppdesk.domain.errors import GuardianNotEligible
from ppdesk.domain.roles import Role
from ppdesk.services import custody, pins, sis_requests
from tests.integration.test_import import apply, audit_rows, family_set, importer, link, one
from tests.support.flows import verify
from tests.support.seed import staff_with_role

BOTH_VERIFIED = {"g-1": ("María", "true", "Mother"), "g-2": ("Carlos", "true", "Father")}
MARIA_REMOVED = {"g-1": ("María", "false", "Mother"), "g-2": ("Carlos", "true", "Father")}


def _flag(runtime, link_id: int) -> bool:
    return one(
        runtime, select(GuardianLink).where(GuardianLink.id == link_id)
    ).verified_legal_guardian


def _requests(runtime, link_id: int) -> list:
    with runtime.engine.connect() as conn:
        return list(
            conn.execute(
                select(SisStatusRequest)
                .where(SisStatusRequest.link_id == link_id)
                .order_by(SisStatusRequest.id)
            )
        )


def test_point3_removal_at_an_sis_fed_school_sticks_until_the_sis_carries_it(
    app, runtime, tmp_path: Path
) -> None:
    admin = importer(app)
    apply(app, admin, family_set(tmp_path / "first", guardians=BOTH_VERIFIED))
    maria = link(runtime, "00001234", "g-1").id
    assert _flag(runtime, maria)
    principal = staff_with_role(app, Role.PRINCIPAL)
    pin = verify(app, principal, maria) and pins.issue_pin(app, principal, maria)

    done = custody.remove_legal_guardian_status(app, principal, maria, reason="court order")
    assert done.revoked_pin_id == pin.pin_id and done.sis_request_id is not None
    assert "SIS updates to make" in done.message
    [request] = _requests(runtime, maria)
    assert (request.kind, request.note, request.closed_at) == ("remove", "court order", None)
    [removed] = [r for r in audit_rows(runtime, "legal_guardian_removed") if r.outcome == "success"]
    assert json.loads(removed.details)["sis_request_id"] == request.id

    # The report lists it as a removal for the office.
    office = staff_with_role(app, Role.OFFICE_STAFF)
    [row] = sis_requests.sis_updates_to_make(app, office)
    assert (row.link_id, row.kind) == (maria, "remove")
    out = tmp_path / "sis-updates.xlsx"
    sis_requests.export_sis_updates(app, office, out)
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Update"] == "Remove the verified status" and record["Guardian"] == "María Núñez"

    # The next import still carries María as verified: she stays unverified, no PIN.
    result = apply(app, admin, family_set(tmp_path / "still", guardians=BOTH_VERIFIED))
    assert not _flag(runtime, maria)
    assert _requests(runtime, maria)[0].closed_at is None
    summary = [e for e in audit_rows(runtime, "sis_import") if e.seq == result.audit_seq]
    assert "sis_requests_closed_count" not in json.loads(summary[0].details)
    with pytest.raises(GuardianNotEligible):
        verify(app, principal, maria)
    with pytest.raises(GuardianNotEligible):
        pins.issue_pin(app, principal, maria)

    # The office removed it in the SIS: the import carrying it closes the request.
    result = apply(app, admin, family_set(tmp_path / "removed", guardians=MARIA_REMOVED))
    [request] = _requests(runtime, maria)
    assert request.outcome == "sis_unverified" and request.closed_import_file == "removed"
    assert request.closed_import_seq == result.audit_seq
    assert not _flag(runtime, maria)
    [closed] = audit_rows(runtime, "sis_status_request_closed")
    assert json.loads(closed.details)["outcome"] == "sis_unverified"
    assert sis_requests.sis_updates_to_make(app, office) == []

    # From then on the SIS decides again: an import that verifies her verifies her.
    apply(app, admin, family_set(tmp_path / "again", guardians=BOTH_VERIFIED))
    assert _flag(runtime, maria)


def test_point3_removal_at_a_school_without_sis_import_records_no_request(app, runtime) -> None:
    from tests.support.family import make_family

    fam = make_family(app)
    principal = staff_with_role(app, Role.PRINCIPAL)
    done = custody.remove_legal_guardian_status(
        app, principal, fam.link_ids[0], reason="custody change"
    )
    assert done.sis_request_id is None and "SIS" not in done.message
    assert _requests(runtime, fam.link_ids[0]) == []
