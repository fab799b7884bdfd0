"""The main window: the tabs of reference-guide section IX, student tabs, the idle lock.

The status bar says who is logged in, with which role, for which school, on which database.
After ``idle_lock_minutes`` without input the window shows the lock page instead of the
desk: student data, open wizards and letter previews are hidden until the same user types
the password again; if another staff member logs in instead, everything open is closed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QTabBar, QWidget

from ppdesk.domain.errors import AccountLocked, AuthenticationFailed
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.roles import Permission
from ppdesk.gui.accessible import complete_names
from ppdesk.gui.desk import Desk
from ppdesk.gui.errors import describe_error, error_text
from ppdesk.gui.forms.ui_lock_page import Ui_LockPage
from ppdesk.gui.forms.ui_main_window import Ui_MainWindow
from ppdesk.gui.help_menu import HelpMenu
from ppdesk.gui.idle import IdleWatcher
from ppdesk.gui.login import LoginResult, login_job, password_optional, unlock_job
from ppdesk.gui.models import GuardianSearchModel, StudentTableModel
from ppdesk.gui.office.i18n import fmt, role_label
from ppdesk.gui.screens import ElidedLabel, fit_to_screen
from ppdesk.gui.search import DEBOUNCE_MS, SearchPage
from ppdesk.gui.student_view import StudentPage
from ppdesk.services.handover import HeldLetter, find_letter
from ppdesk.services.lookup import GuardianSummary, find_students, parent_search
from ppdesk.services.records import StudentHit

ERROR_STYLE = "color: #b00020;"
STATUS_STYLE = "padding: 0 8px; border-left: 1px solid #b8b8b8;"
BANNER_STYLE = "background: #fff4ce; color: #5c4400; padding: 6px; border: 1px solid #e0c45c;"


class LockPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LockPage()
        self.ui.setupUi(self)


class MainWindow(QMainWindow):
    """The desk. ``idle_ms`` overrides the settings' idle lock (tests use a short one)."""

    locked_changed = Signal(bool)

    def __init__(
        self, desk: Desk, *, idle_ms: int | None = None, debounce_ms: int = DEBOUNCE_MS
    ) -> None:
        super().__init__()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.desk = desk
        self.locked = False
        self.help_menu = HelpMenu(self, desk.ctx.settings)
        self._hidden_wizards: list[Any] = []
        self.find_page = SearchPage(
            desk,
            find_students,
            StudentTableModel(self),
            label=self.tr("Student ID or &name:"),
            placeholder=self.tr("Type a student ID, or part of a first or last name"),
            nouns=("student", "students"),
            results_name=self.tr("Students found"),
            stretch_column=StudentTableModel.COL_NAME,
            debounce_ms=debounce_ms,
            letter_fn=find_letter,
        )
        self.parent_page = SearchPage(
            desk,
            parent_search,
            GuardianSearchModel(self),
            label=self.tr("Guardian &name, phone or email:"),
            placeholder=self.tr(
                "Type part of a guardian's name, 4+ digits of a phone, or an email"
            ),
            nouns=("guardian", "guardians"),
            results_name=self.tr("Guardians found"),
            stretch_column=GuardianSearchModel.COL_EMAIL,
            debounce_ms=debounce_ms,
        )
        self.ui.findLayout.addWidget(self.find_page)
        self.ui.parentLayout.addWidget(self.parent_page)
        self.find_page.open_requested.connect(self._open_student_hit)
        self.find_page.letter_requested.connect(self.open_letter)
        desk.handover_requested.connect(self.open_letter)
        self.parent_page.open_requested.connect(self._open_guardian_summary)
        self._fixed_tabs = [
            (self.ui.findTab, self.tr("Find a student"), None),
            (self.ui.parentTab, self.tr("Parent search"), Permission.LOOKUP_ALL_STUDENTS),
            (self.ui.reportingTab, self.tr("Reporting"), Permission.READ_OFFICE_REPORTS),
        ]
        self._tab_descriptions = {
            self.ui.findTab: self.tr("Find a student by name, student ID or date of birth."),
            self.ui.parentTab: self.tr("Find a parent or guardian by name, phone or email."),
            self.ui.reportingTab: self.tr("Portal adoption, outreach and other reports."),
        }
        tabs = self.ui.tabs
        tabs.setTabsClosable(True)
        tabs.tabCloseRequested.connect(self._close_tab)
        tabs.currentChanged.connect(self._on_tab_changed)
        self.lock_page = LockPage()
        self.ui.lockLayout.addWidget(self.lock_page)
        self.lock_page.ui.unlockButton.clicked.connect(self._on_unlock)
        self.lock_page.ui.passwordEdit.returnPressed.connect(self._on_unlock)
        self.lock_page.ui.userEdit.returnPressed.connect(self._on_unlock)
        # Elided (the whole text in a tooltip): a long role or database path never makes the
        # window wider than the screen.
        self._status_labels: list[QLabel] = [ElidedLabel("", self) for _ in range(4)]
        for label in self._status_labels:
            label.setStyleSheet(STATUS_STYLE)
            self.ui.statusbar.addPermanentWidget(label)
        self.busy_label = QLabel("", self)
        self.ui.statusbar.addWidget(self.busy_label)
        desk.runner.busy_changed.connect(
            lambda busy: self.busy_label.setText(self.tr("Working…") if busy else "")
        )
        self._opened_from: dict[QWidget, QWidget | None] = {}
        self._shortcuts()
        minutes = getattr(desk.ctx.settings, "idle_lock_minutes", 5) if desk.ctx.settings else 5
        self.idle = IdleWatcher(idle_ms if idle_ms is not None else minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        self._apply_profile()
        self.ui.stack.setCurrentWidget(self.ui.deskPage)
        complete_names(self)
        fit_to_screen(self)  # 1180x780 by design; less on a smaller screen
        self.idle.start()

    def _shortcuts(self) -> None:
        def shortcut(keys: str | QKeySequence, slot: object) -> None:
            QShortcut(QKeySequence(keys), self, slot)  # type: ignore[call-overload]

        shortcut("Ctrl+L", self.lock)
        # Every other window and dialog of the desk (wizard, letter preview, message boxes,
        # file dialogs) gets its own Ctrl+L when it first takes the focus: a main-window
        # shortcut does not reach a modal dialog, and the PIN must always be hideable.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        shortcut("Ctrl+W", lambda: self._close_tab(self.ui.tabs.currentIndex()))
        shortcut("Ctrl+1", lambda: self.show_tab(self.ui.findTab))
        shortcut("Ctrl+2", lambda: self.show_tab(self.ui.parentTab))
        shortcut("Ctrl+3", lambda: self.show_tab(self.ui.reportingTab))
        shortcut("Ctrl+F", lambda: self.show_tab(self.ui.findTab))

    # -- who is logged in ------------------------------------------------------------------

    def _apply_profile(self) -> None:
        """Status bar and the tabs the role may use (rebuilt when another user logs in)."""
        p = self.desk.profile
        texts = [
            fmt(self.tr("User: %1 (%2)"), p.display_name, p.username),
            fmt(self.tr("Role: %1"), self._role_text()),
            fmt(self.tr("School: %1"), p.school_text or self.tr("no school")),
            fmt(self.tr("Database: %1"), self.desk.database),
        ]
        for label, text in zip(self._status_labels, texts, strict=True):
            label.setText(text)
        tabs = self.ui.tabs
        for widget, _title, _perm in self._fixed_tabs:
            index = tabs.indexOf(widget)
            if index >= 0:
                tabs.removeTab(index)
        position = 0
        for widget, title, permission in self._fixed_tabs:
            if permission is None or p.can(permission):
                tabs.insertTab(position, widget, title)
                tabs.setTabToolTip(position, self._tab_descriptions[widget])
                tabs.tabBar().setTabButton(position, QTabBar.ButtonPosition.RightSide, None)
                position += 1
        self._install_office_tabs(position)
        tabs.setCurrentIndex(0)
        self._show_keys_state()
        self.setWindowTitle(fmt(self.tr("ppdesk: Parent Portal desk (%1)"), p.display_name))

    def _show_keys_state(self) -> None:
        """The "PIN features are off" banner while the PIN keys are unavailable, and the
        open students' PIN actions (the keys may have come back at this login)."""
        for page in self.student_pages():
            page.update_actions()
        problem = self.desk.keys_problem
        self.ui.bannerLabel.setVisible(problem is not None)
        if problem:
            self.ui.bannerLabel.setStyleSheet(BANNER_STYLE)
            self.ui.bannerLabel.setText(
                fmt(
                    self.tr(
                        "PIN features are off on this workstation: %1 Looking students up "
                        "still works."
                    ),
                    problem,
                )
            )

    def _role_text(self) -> str:
        """The roles in the interface language (the profile holds the English labels)."""
        from ppdesk.domain.roles import ROLE_LABELS

        by_label = {label: role for role, label in ROLE_LABELS.items()}
        names = [role_label(by_label[r]) if r in by_label else r for r in self.desk.profile.roles]
        return ", ".join(names) or self.tr("no role")

    def _install_office_tabs(self, position: int) -> None:
        """The office tabs (roster, letters, reports, audit, staff, import, settings) the role
        may use, rebuilt for each user so nothing of the previous user stays behind."""
        from ppdesk.gui.office.i18n import tab_description, tab_title
        from ppdesk.gui.office.tabs import office_tabs

        tabs = self.ui.tabs
        for widget in getattr(self, "_office_widgets", []):
            index = tabs.indexOf(widget)
            if index >= 0:
                tabs.removeTab(index)
            widget.deleteLater()
        self._office_widgets: list[QWidget] = []
        for spec in office_tabs():
            if not spec.visible(self.desk.profile):
                continue
            widget = spec.create(self.desk, self)
            complete_names(widget)
            self._office_widgets.append(widget)
            if spec.key == "reporting":
                self.ui.reportingLabel.hide()
                self.ui.reportingLayout.addWidget(widget)
                continue
            tabs.insertTab(position, widget, tab_title(spec.title))
            tabs.setTabToolTip(position, tab_description(spec.title))
            tabs.tabBar().setTabButton(position, QTabBar.ButtonPosition.RightSide, None)
            position += 1

    def office_widget(self, key: str) -> QWidget | None:
        """The office tab widget for ``key`` (tests and screenshots use it)."""
        from ppdesk.gui.office.tabs import office_tabs

        keys = [s.key for s in office_tabs() if s.visible(self.desk.profile)]
        widgets = getattr(self, "_office_widgets", [])
        return widgets[keys.index(key)] if key in keys and len(widgets) == len(keys) else None

    def status_texts(self) -> list[str]:
        return [label.text() for label in self._status_labels]

    def show_tab(self, widget: QWidget) -> None:
        index = self.ui.tabs.indexOf(widget)
        if index >= 0 and not self.locked:
            self.ui.tabs.setCurrentIndex(index)
            self._on_tab_changed(index)  # also when it was current already: the focus moves

    def _on_tab_changed(self, index: int) -> None:
        widget = self.ui.tabs.widget(index)
        if widget is self.ui.findTab:
            self.find_page.setFocus()
        elif widget is self.ui.parentTab:
            self.parent_page.setFocus()
        elif isinstance(widget, StudentPage):
            widget.setFocus()
        elif widget is not None:
            _focus_first_field(widget)

    # -- students --------------------------------------------------------------------------

    def student_pages(self) -> list[StudentPage]:
        tabs = self.ui.tabs
        return [w for i in range(tabs.count()) if isinstance(w := tabs.widget(i), StudentPage)]

    def _open_student_hit(self, hit: StudentHit) -> None:
        self.open_student(hit.student.id)

    def _open_guardian_summary(self, summary: GuardianSummary) -> None:
        self.open_student(summary.student_id, select_link_id=summary.link_id)

    def open_letter(self, letter: HeldLetter, photo: object = None) -> None:
        """A bulk letter scanned or typed at the desk (or the next child's letter): open the
        guardian and student and start the hand-over checklist, guardian preselected."""
        if letter.status != PinStatus.HELD:
            said = {
                PinStatus.ACTIVE: self.tr("Letter %1 was already handed over; its PIN is active."),
                PinStatus.REDEEMED: self.tr("Letter %1 was handed over and used in the portal."),
                PinStatus.EXPIRED: self.tr(
                    "Letter %1 has expired; issue a new PIN at the counter."
                ),
                PinStatus.REVOKED: self.tr(
                    "Letter %1 was revoked; issue a new PIN at the counter."
                ),
            }.get(letter.status, self.tr("Letter %1 cannot be handed over."))
            self.ui.tabs.setCurrentWidget(self.ui.findTab)
            self.find_page.say(fmt(said, letter.letter_number), error=True)
            return
        page = self.open_student(letter.student_id, select_link_id=letter.link_id)
        page.start_handover(letter.link_id, photo)

    def open_student(self, student_id: int, *, select_link_id: int | None = None) -> StudentPage:
        """Open (or bring forward) the student's tab and load it in the background."""
        for page in self.student_pages():
            if page.student_id == student_id:
                self.ui.tabs.setCurrentWidget(page)
                if select_link_id is not None:
                    page._select_guardian(select_link_id)
                page.setFocus()
                return page
        origin = self.ui.tabs.currentWidget()
        page = StudentPage(self.desk, student_id, select_link_id=select_link_id)
        self._opened_from[page] = origin
        index = self.ui.tabs.addTab(page, self.tr("Student…"))
        self.ui.tabs.setTabToolTip(
            index, self.tr("A student's record and guardians. Ctrl+W closes it.")
        )
        page.title_changed.connect(
            lambda title, page=page: self.ui.tabs.setTabText(self.ui.tabs.indexOf(page), title)
        )
        page.loaded.connect(lambda _view, page=page: self._focus_loaded(page))
        self.ui.tabs.setCurrentIndex(index)
        page.load()
        return page

    def _focus_loaded(self, page: StudentPage) -> None:
        if self.ui.tabs.currentWidget() is page and not self.locked:
            page.ui.guardiansTable.setFocus()

    def _close_tab(self, index: int) -> None:
        widget = self.ui.tabs.widget(index)
        if isinstance(widget, StudentPage) and widget.wizard is None:
            origin = self._opened_from.pop(widget, None)
            was_current = self.ui.tabs.currentIndex() == index
            self.ui.tabs.removeTab(index)
            widget.deleteLater()
            # Back to where the student was opened from (a search, another student).
            if was_current and origin is not None and self.ui.tabs.indexOf(origin) >= 0:
                self.show_tab(origin)

    # -- the idle lock ---------------------------------------------------------------------

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None or not self.isVisible():
            return
        top = now.window()
        if top is self or top.property("ppdesk_lock_key"):
            return
        top.setProperty("ppdesk_lock_key", True)
        key = QShortcut(QKeySequence("Ctrl+L"), top)
        key.activated.connect(self.lock)

    def _sensitive_windows(self) -> list[QWidget]:
        """Every open dialog of the desk: wizards, letter previews, prompts, messages, and any
        other top-level window (a dialog opened without a parent)."""
        found: list[QWidget] = [w for w in self.findChildren(QDialog) if w.isVisible()]
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and widget not in found:
                found.append(widget)
        return found

    def lock(self) -> None:
        """Hide everything about students until someone types a password."""
        if self.locked:
            return
        from ppdesk.gui.wizard import VerificationWizard

        self.locked = True
        self.idle.stop()
        self._hidden_wizards = []
        # Wizards hide (the same user gets the typed answers back, never the PIN); any other
        # dialog (letter preview, a prompt naming a guardian, a message) is closed.
        for window in self._sensitive_windows():
            if isinstance(window, VerificationWizard):
                window.lock()
                self._hidden_wizards.append(window)
        for window in self._sensitive_windows():
            if isinstance(window, QDialog):
                window.reject()
            if window.isVisible():
                window.hide()
        ui = self.lock_page.ui
        minutes = max(1, round(self.idle.timeout_ms / 60_000))
        ui.titleLabel.setText(
            fmt(
                self.tr(
                    "<h2>The desk is locked</h2>It locks after %1 minutes without activity, "
                    "or with Ctrl+L."
                )
                if minutes != 1
                else self.tr(
                    "<h2>The desk is locked</h2>It locks after %1 minute without activity, "
                    "or with Ctrl+L."
                ),
                minutes,
            )
        )
        ui.userEdit.setText(self.desk.session.username)
        ui.passwordEdit.clear()
        ui.errorLabel.clear()
        ui.unlockButton.setEnabled(True)
        self.ui.stack.setCurrentWidget(self.ui.lockHost)
        ui.passwordEdit.setFocus()
        self.locked_changed.emit(True)

    def _on_unlock(self) -> None:
        ui = self.lock_page.ui
        username = ui.userEdit.text().strip().lower()
        password = ui.passwordEdit.text()
        ui.passwordEdit.clear()
        if not username or not (password or password_optional(self.desk.ctx)):
            ui.errorLabel.setText(self.tr("Type the user name and the password."))
            ui.errorLabel.setStyleSheet(ERROR_STYLE)
            return
        ui.unlockButton.setEnabled(False)
        ctx = self.desk.ctx
        if username == self.desk.session.username:
            session = self.desk.session
            self.desk.runner.run(
                unlock_job,
                ctx,
                session,
                password,
                on_success=self._unlocked,
                on_error=self._unlock_failed,
                context=self,
            )
        else:
            self.desk.runner.run(
                login_job,
                ctx,
                username,
                password,
                on_success=self._switched,
                on_error=self._unlock_failed,
                context=self,
            )

    def _unlock_failed(self, exc: BaseException) -> None:
        ui = self.lock_page.ui
        ui.unlockButton.setEnabled(True)
        ui.passwordEdit.setFocus()
        text = error_text(exc) if isinstance(exc, (AuthenticationFailed, AccountLocked)) else None
        ui.errorLabel.setText(text or describe_error(exc).message)
        ui.errorLabel.setStyleSheet(ERROR_STYLE)

    def _unlocked(self, session: object) -> None:
        self.desk.refresh_session(session)  # type: ignore[arg-type]
        self._show_keys_state()
        self._leave_lock()
        for wizard in self._hidden_wizards:
            wizard.show()
        self._hidden_wizards = []

    def _switched(self, result: LoginResult) -> None:
        for wizard in self._hidden_wizards:
            wizard.close_silently()
        self._hidden_wizards = []
        self._opened_from.clear()
        for page in self.student_pages():
            self.ui.tabs.removeTab(self.ui.tabs.indexOf(page))
            page.deleteLater()
        self.find_page.reset()
        self.parent_page.reset()
        self.desk.switch_user(result.session, result.profile)
        self._apply_profile()
        self._leave_lock()

    def _leave_lock(self) -> None:
        self.locked = False
        self.ui.stack.setCurrentWidget(self.ui.deskPage)
        self._on_tab_changed(self.ui.tabs.currentIndex())
        self.idle.start()
        self.locked_changed.emit(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.uninstall()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._on_focus_changed)
        for window in self._sensitive_windows():
            window.close()
        super().closeEvent(event)


__all__ = ["MainWindow"]


def _focus_first_field(container: QWidget) -> None:
    """Give the focus to the first control of ``container`` the Tab key would reach."""
    for child in container.findChildren(QWidget):
        if (
            child.isVisibleTo(container)
            and child.isEnabled()
            and child.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            child.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
    container.setFocus()
