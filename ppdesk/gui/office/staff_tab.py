"""The Staff and roles tab: list staff, add, deactivate or reactivate, unlock, grant and
revoke roles with the reason recorded.

A principal sees it to grant the parent access account administrator role (and manage the
school's staff); a district administrator for everything else. Only the roles the logged-in
member may grant are offered; the services check again and audit every change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QPushButton, QTableView, QWidget

from ppdesk.domain.roles import Permission, Role, permission_to_grant
from ppdesk.gui.desk import Desk
from ppdesk.gui.errors import describe_error
from ppdesk.gui.forms.ui_staff_tab import Ui_StaffTab
from ppdesk.gui.models import Column, RecordTableModel, sorting_proxy
from ppdesk.gui.office import TabSpec
from ppdesk.gui.office.i18n import role_label
from ppdesk.gui.office.staff_dialogs import (
    AddStaffDialog,
    GrantDialog,
    ReasonDialog,
    RevokeDialog,
    _FormDialog,
    scope_text,
)
from ppdesk.services.staff import (
    StaffInfo,
    add_staff,
    grant_role,
    list_staff,
    revoke_role,
    set_staff_status,
)


def _roles_text(info: StaffInfo) -> str:
    return "; ".join(
        f"{role_label(g.role)} ({scope_text(g)})" for g in info.grants
    ) or QCoreApplication.translate("StaffTab", "no role")


def _status_text(info: StaffInfo) -> str:
    if not info.active:
        return QCoreApplication.translate("StaffTab", "deactivated")
    return (
        QCoreApplication.translate("StaffTab", "locked")
        if info.locked
        else QCoreApplication.translate("StaffTab", "active")
    )


class StaffModel(RecordTableModel):
    COL_USERNAME, COL_NAME, COL_EMAIL, COL_STATUS, COL_ROLES = range(5)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(QT_TRANSLATE_NOOP("models", "User name"), lambda s: s.username),
        Column(QT_TRANSLATE_NOOP("models", "Name"), lambda s: s.display_name),
        Column(QT_TRANSLATE_NOOP("models", "Email"), lambda s: s.email or ""),
        Column(QT_TRANSLATE_NOOP("models", "Status"), _status_text),
        Column(QT_TRANSLATE_NOOP("models", "Roles"), _roles_text),
    )

    def record(self, row: int) -> StaffInfo:
        return self._rows[row]  # type: ignore[no-any-return]


def grantable_roles(permissions: frozenset[Permission]) -> list[Role]:
    """The roles someone holding ``permissions`` may grant or revoke."""
    return [r for r in Role if permission_to_grant(r) in permissions]


class StaffTab(QWidget):
    """The staff table and the actions on the selected member, laid out in
    ``ui/staff_tab.ui``."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.last_dialog: QDialog | None = None
        self.loading = False
        self.model = StaffModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.ui = Ui_StaffTab()
        self.ui.setupUi(self)
        table = self.ui.staffTable
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(StaffModel.COL_USERNAME, Qt.SortOrder.AscendingOrder)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        can_manage = desk.profile.can(Permission.MANAGE_STAFF)
        self.ui.addButton.setVisible(can_manage)
        self.ui.activeButton.setVisible(can_manage)
        self.ui.unlockButton.setVisible(can_manage)
        self.ui.addButton.clicked.connect(self._on_add)
        self.ui.grantButton.clicked.connect(self._on_grant)
        self.ui.revokeButton.clicked.connect(self._on_revoke)
        self.ui.activeButton.clicked.connect(self._on_toggle_active)
        self.ui.unlockButton.clicked.connect(self._on_unlock)
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._update_buttons()
        self._loaded_once = False

    # The handles the tests drive the tab by.
    @property
    def table(self) -> QTableView:
        return self.ui.staffTable

    @property
    def status_label(self) -> QLabel:
        return self.ui.statusLabel

    @property
    def active_button(self) -> QPushButton:
        return self.ui.activeButton

    # -- signals ---------------------------------------------------------------------------

    def _on_add(self) -> None:
        self.add_member()

    def _on_grant(self) -> None:
        self.grant()

    def _on_revoke(self) -> None:
        self.revoke()

    def _on_toggle_active(self) -> None:
        self.toggle_active()

    def _on_unlock(self) -> None:
        self.unlock()

    def _on_selection_changed(self) -> None:
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        # Staff are listed when the tab is first shown, not while the desk opens.
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    # -- data ------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        self.loading = True
        self.desk.call(
            list_staff,
            on_success=lambda rows: self._on_loaded(rows, select),
            on_error=self._on_failed,
            context=self,
        )

    def _on_loaded(self, rows: Sequence[StaffInfo], select: str | None) -> None:
        self.loading = False
        current = select or (self.selected().username if self.selected() else None)
        self.model.set_rows(rows)
        if current:
            self.select(current)
        self._update_buttons()

    def _on_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.desk.presenter.show(exc, self.window())

    def select(self, username: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data() == username:
                self.ui.staffTable.selectRow(row)
                return

    def selected(self) -> StaffInfo | None:
        rows = (
            self.ui.staffTable.selectionModel().selectedRows()
            if self.ui.staffTable.selectionModel()
            else []
        )
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row())

    def schools(self) -> list[str]:
        """School codes seen in the grants (the district is one set of schools)."""
        codes = {g.school_code for s in self.model.records() for g in s.grants if g.school_code}
        return sorted(codes)

    def grantable(self) -> list[Role]:
        return grantable_roles(self.desk.profile.permissions)

    def _update_buttons(self) -> None:
        member = self.selected()
        mine = member is not None and member.username == self.desk.profile.username
        can_grant = bool(self.grantable())
        self.ui.grantButton.setEnabled(member is not None and can_grant and member.active)
        revocable = member is not None and any(g.role in self.grantable() for g in member.grants)
        self.ui.revokeButton.setEnabled(revocable)
        self.ui.activeButton.setEnabled(member is not None and not mine)
        self.ui.unlockButton.setEnabled(member is not None and member.locked)
        self.ui.activeButton.setText(
            self.tr("&Reactivate…") if member and not member.active else self.tr("&Deactivate…")
        )

    def _act(self, fn: Callable[..., Any], done_text: str, **kwargs: Any) -> None:
        dialog = self.last_dialog if isinstance(self.last_dialog, _FormDialog) else None

        def _done(info: StaffInfo) -> None:
            if dialog is not None:
                dialog.succeeded()
            self.ui.statusLabel.setText(done_text.replace("%1", info.username))
            self.refresh(select=info.username)

        def _refused(exc: BaseException) -> None:
            # A refusal (a name taken, a short password) is said in the dialog, which stays
            # open with what was typed; anything else goes to the error presenter.
            report = describe_error(exc)
            if dialog is not None and report.kind == "domain":
                dialog.failed(report.message)
                return
            if dialog is not None:
                dialog.failed("")
            self._on_failed(exc)

        self.desk.call(fn, on_success=_done, on_error=_refused, context=self, **kwargs)

    def _open(self, dialog: QDialog, accepted: Callable[[], None]) -> QDialog:
        if isinstance(dialog, _FormDialog):
            dialog.submit = accepted
        else:
            dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    # -- actions ---------------------------------------------------------------------------

    def add_member(self) -> QDialog:
        dialog = AddStaffDialog(self.schools(), self)
        values = dialog.values
        return self._open(
            dialog,
            lambda: self._act(add_staff, self.tr("Added %1. Grant a role next."), **values()),
        )

    def grant(self) -> QDialog | None:
        member = self.selected()
        if member is None:
            return None
        dialog = GrantDialog(member.username, self.grantable(), self.schools(), self)
        return self._open(
            dialog,
            lambda: self._act(
                grant_role,
                self.tr("Role granted to %1."),
                username=member.username,
                **dialog.values(),
            ),
        )

    def revoke(self) -> QDialog | None:
        member = self.selected()
        if member is None:
            return None
        grants = [g for g in member.grants if g.role in self.grantable()]
        dialog = RevokeDialog(member.username, grants, self)
        return self._open(
            dialog,
            lambda: self._act(
                revoke_role,
                self.tr("Role revoked from %1."),
                username=member.username,
                **dialog.values(),
            ),
        )

    def toggle_active(self) -> QDialog | None:
        member = self.selected()
        if member is None:
            return None
        if member.active:
            title = self.tr("Deactivate an account")
            intro = self.tr("%1 will not be able to log in until reactivated.")
            done = self.tr("%1 is deactivated.")
        else:
            title = self.tr("Reactivate an account")
            intro = self.tr("%1 will be able to log in again with the same roles.")
            done = self.tr("%1 is active again.")
        dialog = ReasonDialog(title, intro.replace("%1", member.username), self)
        return self._open(
            dialog,
            lambda: self._act(
                set_staff_status,
                done,
                username=member.username,
                active=not member.active,
                reason=dialog.reason(),
            ),
        )

    def unlock(self) -> QDialog | None:
        member = self.selected()
        if member is None:
            return None
        dialog = ReasonDialog(
            self.tr("Unlock an account"),
            self.tr("%1 was locked after too many wrong passwords.").replace("%1", member.username),
            self,
        )
        return self._open(
            dialog,
            lambda: self._act(
                set_staff_status,
                self.tr("%1 is unlocked."),
                username=member.username,
                unlock=True,
                reason=dialog.reason(),
            ),
        )


def _visible(profile: Any) -> bool:
    return bool(
        profile.can(Permission.MANAGE_STAFF) or profile.can(Permission.GRANT_PARENT_ACCESS_ADMIN)
    )


TAB = TabSpec(
    key="staff",
    title="Staff and roles",
    visible=_visible,
    create=lambda desk, parent: StaffTab(desk, parent),
)
