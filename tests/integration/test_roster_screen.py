"""The roster for the screen (PINs masked) and revealing PINs from it (issue 8's roster tab)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from ppdesk.domain.errors import PermissionDenied, StepUpRequired, ValidationError
from ppdesk.domain.reports import PIN_MASK, STUDENT_PIN_MASK
from ppdesk.domain.roles import Role
from ppdesk.services import roster
from ppdesk.services.context import AppContext
from tests.support.roster_data import (
    HYPERLINK,
    PARK,
    RosterSchool,
    audit_rows,
    build_school,
    disclosures,
)
from tests.support.seed import staff_with_role


@pytest.fixture
def school(app: AppContext) -> RosterSchool:
    return build_school(app)


def test_roster_rows_mask_every_pin(school: RosterSchool) -> None:
    fam = school.families
    rows = roster.roster_rows(school.ctx, school.principal, school_code="1001", grade="4")
    assert [r.student_id for r in rows] == [
        "00012345", "00012345", "00067890", "0001", "00000042", "00055555",
    ]  # fmt: skip  # Park's class by last name, then Ito's
    by_link = {r.link_id: r for r in rows}
    active = by_link[fam["A"].link_ids[0]]
    assert active.parent_pin == PIN_MASK and active.pin_status == "active"
    assert active.student_pin == STUDENT_PIN_MASK and active.pin_expires is not None
    assert by_link[fam["A"].link_ids[1]].guardian_name == HYPERLINK
    assert by_link[fam["A"].link_ids[1]].parent_pin == "Not issued"
    assert by_link[fam["B"].link_ids[0]].parent_pin == "Redeemed"
    # Past its date but not yet swept: shown as expired, never as usable.
    assert by_link[fam["C"].link_ids[0]].pin_status == "expired"
    assert by_link[fam["D"].link_ids[0]].student_pin is None
    shown = repr(rows)
    for _, display in school.pins.values():
        assert display not in shown
    assert "004211" not in shown
    assert audit_rows(school.ctx, "roster_view") == []  # nothing secret: not audited


def test_roster_rows_filter_by_homeroom_teacher_name(school: RosterSchool) -> None:
    rows = roster.roster_rows(school.ctx, school.principal, school_code="1001", homeroom=PARK)
    assert len(rows) == 5 and {r.homeroom_teacher for r in rows} == {PARK}


def test_office_staff_may_not_open_the_roster_tab(school: RosterSchool) -> None:
    office = staff_with_role(school.ctx, Role.OFFICE_STAFF)
    with pytest.raises(PermissionDenied):
        roster.roster_rows(school.ctx, office, school_code="1001")
    (event,) = audit_rows(school.ctx, "roster_view")
    assert event.outcome == "denied"


def test_reveal_shows_the_pins_and_records_each_disclosure(school: RosterSchool) -> None:
    fam, pins_ = school.families, school.pins
    links = [fam["A"].link_ids[0], fam["B"].link_ids[0], fam["E"].link_ids[0]]
    before = len(disclosures(school.ctx, "screen"))  # the issue itself showed A's PIN once
    shown = {r.link_id: r for r in roster.reveal_roster_pins(school.ctx, school.principal, links)}
    assert shown[fam["A"].link_ids[0]].parent_pin == pins_["A"][1]
    assert shown[fam["A"].link_ids[0]].student_pin == "004211"
    assert shown[fam["B"].link_ids[0]].parent_pin is None  # redeemed: nothing to show
    assert shown[fam["E"].link_ids[0]].student_pin == "000777"
    assert pins_["A"][1] not in repr(shown)
    new = disclosures(school.ctx, "screen")[before:]
    assert sorted(p for p, _, _ in new) == sorted([pins_["A"][0], pins_["E"][0]])
    assert {s for _, s, _ in new} == {school.principal.staff_id}
    (event,) = audit_rows(school.ctx, "roster_pin_reveal")
    details = json.loads(event.details)
    assert details["link_count"] == 3 and details["pin_count"] == 2
    assert pins_["A"][1] not in event.details


def test_reveal_outside_the_school_shows_nothing(school: RosterSchool) -> None:
    fam = school.families
    before = disclosures(school.ctx, "screen")
    with pytest.raises(PermissionDenied):
        roster.reveal_roster_pins(
            school.ctx, school.principal, [fam["A"].link_ids[0], fam["G"].link_ids[0]]
        )
    assert disclosures(school.ctx, "screen") == before
    (event,) = audit_rows(school.ctx, "roster_pin_reveal")
    assert event.outcome == "denied"
    assert json.loads(event.details)["link_ids"] == [fam["G"].link_ids[0]]


def test_reveal_needs_a_recent_login_and_a_sane_size(school: RosterSchool) -> None:
    stale = replace(
        school.principal, authenticated_at=school.principal.authenticated_at - timedelta(hours=1)
    )
    with pytest.raises(StepUpRequired):
        roster.reveal_roster_pins(school.ctx, stale, [school.families["A"].link_ids[0]])
    with pytest.raises(ValidationError):
        roster.reveal_roster_pins(school.ctx, school.principal, list(range(1, 6_002)))
    assert roster.reveal_roster_pins(school.ctx, school.principal, []) == []
