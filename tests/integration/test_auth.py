from __future__ import annotations

import json

import pytest

from ppdesk.domain.errors import AccountLocked, AuthenticationFailed, PermissionDenied
from ppdesk.domain.roles import Role
from ppdesk.services import staff as staff_service
from ppdesk.services.audit_trail import check_chain
from ppdesk.services.auth import MAX_FAILED_LOGINS, PasswordAuthenticator
from tests.support.seed import PASSWORD, add_staff, login, staff_with_role


def _actions(ctx, action: str) -> list[tuple[str, str]]:
    with ctx.uow(readonly=True) as uow:
        return [(r.outcome, r.target_id or "") for r in uow.audit.query(action=action)]


def test_login_succeeds_and_is_audited(app) -> None:
    staff_id = add_staff(app, "olive", Role.OFFICE_STAFF)
    session = login(app, "Olive")  # user names are case-insensitive
    assert session.staff_id == staff_id and session.username == "olive"
    assert ("success", str(staff_id)) in _actions(app, "login")


def test_wrong_password_and_unknown_user_say_the_same(app) -> None:
    add_staff(app, "olive", Role.OFFICE_STAFF)
    with pytest.raises(AuthenticationFailed) as wrong:
        login(app, "olive", "not the password")
    with pytest.raises(AuthenticationFailed) as unknown:
        login(app, "nobody", "not the password")
    assert str(wrong.value) == str(unknown.value)
    assert "not the password" not in str(wrong.value)


def test_account_locks_after_repeated_failures_and_unlock_restores(app) -> None:
    add_staff(app, "olive", Role.OFFICE_STAFF)
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed):
            login(app, "olive", "wrong password!!")
    with pytest.raises(AccountLocked):
        login(app, "olive")  # the right password no longer helps
    principal = staff_with_role(app, Role.PRINCIPAL)
    staff_service.set_staff_status(
        app, principal, username="olive", unlock=True, reason="called IT"
    )
    assert login(app, "olive").username == "olive"
    assert check_chain(app).intact


def test_reauthenticate_refreshes_the_time(app) -> None:
    add_staff(app, "olive", Role.OFFICE_STAFF)
    auth = PasswordAuthenticator(app)
    session = auth.login("olive", PASSWORD)
    again = auth.reauthenticate(session, PASSWORD)
    assert again.authenticated_at >= session.authenticated_at
    with pytest.raises(AuthenticationFailed):
        auth.reauthenticate(session, "bad password 123")


def test_deactivated_account_cannot_log_in(app) -> None:
    add_staff(app, "olive", Role.OFFICE_STAFF)
    principal = staff_with_role(app, Role.PRINCIPAL)
    staff_service.set_staff_status(app, principal, username="olive", active=False)
    with pytest.raises(AuthenticationFailed):
        login(app, "olive")


def test_a_reactivated_account_logs_in_again(app) -> None:
    """Deactivate then reactivate: the account signs in again, both acts are audited (on a
    shared database without ``db roles --apply`` there is no login role to follow)."""
    olive = add_staff(app, "olive", Role.OFFICE_STAFF)
    principal = staff_with_role(app, Role.PRINCIPAL)
    staff_service.set_staff_status(app, principal, username="olive", active=False)
    info = staff_service.set_staff_status(
        app, principal, username="olive", active=True, reason="back from leave"
    )
    assert info.active
    assert login(app, "olive").staff_id == olive
    with app.uow(readonly=True) as uow:
        updates = [r.details for r in uow.audit.query(action="staff_update")]
    assert [json.loads(d)["active"] for d in updates] == [False, True]
    assert check_chain(app).intact


def test_first_principal_only_on_an_empty_database(runtime) -> None:
    ctx = runtime.ctx
    info = staff_service.add_first_principal(
        ctx,
        username="pat",
        display_name="Pat Principal",
        password=PASSWORD,
        school_code="2002",
        school_name="Cedar Middle School",
    )
    assert [(g.role, g.school_code) for g in info.grants] == [(Role.PRINCIPAL, "2002")]
    with pytest.raises(PermissionDenied):
        staff_service.add_first_principal(
            ctx, username="eve", display_name="Eve", password=PASSWORD, school_code="2002"
        )
