"""The Staff and roles tab: a principal grants and revokes the parent access account
administrator role; the grantee's very next action follows, without a restart."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from ppdesk.domain.errors import PermissionDenied
from ppdesk.domain.roles import Role
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import WAIT_MS, audit_rows, counter_candidate, log_in

GRANTEE = "office_staff"


def _staff_tab(qtbot: Any, window: Any) -> Any:
    tab = window.office_widget("staff")
    assert tab is not None
    window.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not tab.loading and tab.model.rowCount() > 0, timeout=WAIT_MS)
    return tab


def _grantee_desk(desk_app: Any) -> Any:
    """The grantee logged in at another workstation: a Desk of their own on the same DB."""
    from ppdesk.gui.desk import Desk
    from ppdesk.services.auth import PasswordAuthenticator
    from ppdesk.services.desk import desk_profile

    ctx = desk_app.runtime.ctx
    session = PasswordAuthenticator(ctx).login(GRANTEE, DEMO_PASSWORD)
    return Desk(
        desk_app.runtime, desk_app.runner, desk_app.presenter, session, desk_profile(ctx, session)
    )


def _revoke_pin_outcome(qtbot: Any, grantee: Any, link_id: int) -> BaseException | None:
    """What the grantee's Desk.call of a PIN service meets (None: it was allowed and done)."""
    from ppdesk.services.pins import revoke_pin

    outcome: list[BaseException | None] = []
    grantee.call(
        revoke_pin,
        link_id,
        reason="testing the role",
        on_success=lambda _r: outcome.append(None),
        on_error=outcome.append,
    )
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT_MS)
    return outcome[0]


def _accept(dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_principal_grants_then_revokes_parent_access_admin(qtbot: Any, desk: Any) -> None:
    _summary, view = counter_candidate(desk.runtime)
    link_id = view.guardians[0].link_id
    window = log_in(qtbot, desk, "principal")
    tab = _staff_tab(qtbot, window)
    # A principal may grant the parent access admin role, staff roles; never principal.
    assert Role.PARENT_ACCESS_ADMIN in tab.grantable()
    assert Role.PRINCIPAL not in tab.grantable() and Role.DISTRICT_ADMIN not in tab.grantable()
    grantee = _grantee_desk(desk)
    assert isinstance(_revoke_pin_outcome(qtbot, grantee, link_id), PermissionDenied)

    tab.select(GRANTEE)
    assert tab.selected().username == GRANTEE
    dialog = tab.grant()
    offered = [dialog.role_combo.itemData(i) for i in range(dialog.role_combo.count())]
    assert offered == [Role(r) for r in tab.grantable()]
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.PARENT_ACCESS_ADMIN))
    dialog.reason_edit.setPlainText("covers the counter on Fridays")
    _accept(dialog)
    qtbot.waitUntil(lambda: "granted" in tab.status_label.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
    assert Role.PARENT_ACCESS_ADMIN in {g.role for g in tab.selected().grants}
    # The grantee's very next PIN action is allowed (no PIN to revoke is not a refusal).
    assert not isinstance(_revoke_pin_outcome(qtbot, grantee, link_id), PermissionDenied)

    dialog = tab.revoke()
    revocable = [dialog.grant_combo.itemData(i).role for i in range(dialog.grant_combo.count())]
    assert Role.PARENT_ACCESS_ADMIN in revocable
    dialog.grant_combo.setCurrentIndex(revocable.index(Role.PARENT_ACCESS_ADMIN))
    dialog.reason_edit.setPlainText("back to office duties")
    _accept(dialog)
    qtbot.waitUntil(lambda: "revoked" in tab.status_label.text(), timeout=WAIT_MS)
    assert isinstance(_revoke_pin_outcome(qtbot, grantee, link_id), PermissionDenied)

    grant, revoke = (
        audit_rows(desk.runtime, action="role_grant")[-1],
        audit_rows(desk.runtime, action="role_revoke")[-1],
    )
    assert "covers the counter on Fridays" in grant.details and grant.actor == "principal"
    assert "back to office duties" in revoke.details


def test_deactivate_and_reactivate_with_a_reason(qtbot: Any, desk: Any) -> None:
    window = log_in(qtbot, desk, "district_admin")
    tab = _staff_tab(qtbot, window)
    assert Role.PRINCIPAL in tab.grantable() and Role.DISTRICT_ADMIN in tab.grantable()
    tab.select("teacher")
    dialog = tab.toggle_active()
    dialog.reason_edit.setPlainText("left the school")
    _accept(dialog)
    qtbot.waitUntil(lambda: "deactivated" in tab.status_label.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
    assert tab.selected().username == "teacher" and not tab.selected().active
    assert tab.active_button.text() == "&Reactivate…"
    update = audit_rows(desk.runtime, action="staff_update")[-1]
    assert "left the school" in update.details


def test_principal_adds_a_staff_member_without_the_password_in_the_audit(
    qtbot: Any, desk: Any
) -> None:
    window = log_in(qtbot, desk, "principal")
    tab = _staff_tab(qtbot, window)
    dialog = tab.add_member()
    dialog.username_edit.setText("rvalley")
    dialog.name_edit.setText("Rosa Valley")
    dialog.password_edit.setText("a long first password 9")
    _accept(dialog)
    qtbot.waitUntil(lambda: "Added rvalley" in tab.status_label.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.selected() is not None, timeout=WAIT_MS)
    assert tab.selected().username == "rvalley" and tab.selected().grants == ()
    from ppdesk.services.auth import PasswordAuthenticator

    session = PasswordAuthenticator(desk.runtime.ctx).login("rvalley", "a long first password 9")
    assert session.username == "rvalley"
    assert all("a long first password" not in r.details for r in audit_rows(desk.runtime))
