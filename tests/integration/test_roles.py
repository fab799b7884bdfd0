"""Each role can do exactly its cells of the matrix; refusals are audited."""

from __future__ import annotations

import pytest

from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import audit_trail
from ppdesk.services import staff as staff_service
from tests.support.seed import add_school, add_staff, login, staff_with_role

ALL = list(Role)


def _denials(ctx) -> int:
    with ctx.uow(readonly=True) as uow:
        return sum(1 for r in uow.audit.query() if r.outcome == "denied")


def _attempt(ctx, session, act: str) -> None:
    if act == "grant_paa":
        staff_service.grant_role(
            ctx, session, username="target", role=Role.PARENT_ACCESS_ADMIN, school_code="1001"
        )
    elif act == "grant_ap":
        staff_service.grant_role(
            ctx, session, username="target", role=Role.ASSISTANT_PRINCIPAL, school_code="1001"
        )
    elif act == "add_staff":
        staff_service.add_staff(
            ctx,
            session,
            username="newbie",
            display_name="New Bie",
            password=None,
            school_code="1001",
        )
    elif act == "read_audit":
        audit_trail.read_audit_trail(ctx, session)
    elif act == "list_staff":
        staff_service.list_staff(ctx, session)
    else:  # pragma: no cover
        raise AssertionError(act)


EXPECTED = {
    "grant_paa": {Role.PRINCIPAL, Role.DISTRICT_ADMIN},
    "grant_ap": {Role.DISTRICT_ADMIN},
    "add_staff": {Role.PRINCIPAL, Role.DISTRICT_ADMIN},
    "read_audit": {Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL, Role.DISTRICT_ADMIN},
    "list_staff": {Role.PRINCIPAL, Role.DISTRICT_ADMIN},
}


@pytest.mark.parametrize("act", sorted(EXPECTED))
def test_role_matrix(app, act: str) -> None:
    add_staff(app, "target", None)
    for role in ALL:
        session = staff_with_role(app, role)
        before = _denials(app)
        if role in EXPECTED[act]:
            _attempt(app, session, act)
            if act.startswith("grant"):  # undo, so the next role can grant again
                r = Role.PARENT_ACCESS_ADMIN if act == "grant_paa" else Role.ASSISTANT_PRINCIPAL
                staff_service.revoke_role(
                    app, session, username="target", role=r, school_code="1001"
                )
            if act == "add_staff":
                with app.uow() as uow:  # free the name for the next role
                    sid = uow.staff.get_by_username("newbie").id
                    uow.staff.update(sid, username=f"newbie_{role.value}")
                    uow.commit()
            assert _denials(app) == before, f"{role} was refused {act}"
        else:
            with pytest.raises(PermissionDenied):
                _attempt(app, session, act)
            assert _denials(app) == before + 1, f"{role} refusal of {act} not audited"


def test_scope_other_school_is_refused(app) -> None:
    add_school(app, "2002", "Cedar Middle School")
    principal_elsewhere = staff_with_role(app, Role.PRINCIPAL, school_code="2002")
    add_staff(app, "target", None)
    with pytest.raises(PermissionDenied):
        staff_service.grant_role(
            app,
            principal_elsewhere,
            username="target",
            role=Role.PARENT_ACCESS_ADMIN,
            school_code="1001",
        )


def test_revocation_applies_to_the_next_act_without_restart(app) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)
    add_staff(app, "ap", None)
    staff_service.grant_role(
        app, admin, username="ap", role=Role.ASSISTANT_PRINCIPAL, school_code="1001"
    )
    ap = login(app, "ap")
    assert audit_trail.read_audit_trail(app, ap)
    staff_service.revoke_role(
        app, admin, username="ap", role=Role.ASSISTANT_PRINCIPAL, school_code="1001", reason="left"
    )
    with pytest.raises(PermissionDenied):
        audit_trail.read_audit_trail(app, ap)  # same session object, no re-login
    assert principal  # principal untouched


def test_grants_record_who_and_when(app) -> None:
    principal = staff_with_role(app, Role.PRINCIPAL)
    add_staff(app, "target", None)
    staff_service.grant_role(
        app,
        principal,
        username="target",
        role=Role.PARENT_ACCESS_ADMIN,
        school_code="1001",
        reason="front office lead",
    )
    with app.uow(readonly=True) as uow:
        target = uow.staff.get_by_username("target")
        (grant,) = uow.grants.active_for(target.id)
        assert grant.granted_by_id == principal.staff_id and grant.granted_at is not None
        rows = uow.audit.query(action="role_grant")
        assert (
            rows[-1].actor == principal.username
            and '"role":"parent_access_admin"' in rows[-1].details
        )


@pytest.mark.parametrize("change", ["deactivated", "locked"])
def test_an_open_session_loses_every_role_when_the_account_is_closed(app, change) -> None:
    from ppdesk.services import lookup

    staff = staff_with_role(app, Role.OFFICE_STAFF)
    assert lookup.find_students(app, staff, "Nobody") == []  # allowed while the account is open
    with app.uow() as uow:
        if change == "deactivated":
            uow.staff.update(staff.staff_id, active=False)
        else:
            uow.staff.update(staff.staff_id, locked_at=uow.now())
        uow.commit()
    with pytest.raises(PermissionDenied):
        lookup.find_students(app, staff, "Nobody")  # same session object, no re-login
