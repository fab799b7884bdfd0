"""The login dialog: the first thing on screen, so it imports nothing heavy.

It can appear before the database is open: the database line says "opening…" until the
runtime arrives, and a Log in pressed meanwhile waits for it. Authentication runs on the
task runner; a wrong password is said inline and the password field is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from ppdesk.domain.errors import AccountLocked, AuthenticationFailed
from ppdesk.gui.errors import describe_error, error_text
from ppdesk.gui.forms.ui_login import Ui_LoginDialog
from ppdesk.gui.office.i18n import fmt
from ppdesk.gui.tasks import TaskRunner

ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class LoginResult:
    session: Any  # StaffSession
    profile: Any  # DeskProfile


def password_optional(ctx: Any) -> bool:
    """Whether an empty password may be sent: when people sign in through the database
    (``db person-logins on``), PostgreSQL's pg_hba decides, and a Kerberos (``gss``) login
    has no password to type. ppdesk's own passwords are never empty."""
    return getattr(ctx, "person_connector", None) is not None


def login_job(ctx: Any, username: str, password: str) -> LoginResult:
    """Authenticate and load the desk profile (runs on a worker thread).

    If the PIN keys were unavailable (a keyring locked at start-up), they are read again
    here: unlocking the keyring and logging in (or unlocking ppdesk) turns the PIN
    features back on without a restart.
    """
    from ppdesk.services.desk import desk_profile
    from ppdesk.services.keys import reload_keys
    from ppdesk.services.person_auth import authenticator_for

    session = authenticator_for(ctx).login(username, password)
    reload_keys(ctx)
    return LoginResult(session, desk_profile(ctx, session))


def unlock_job(ctx: Any, session: Any, password: str) -> Any:
    """The same user unlocking the idle lock (worker thread): password again, and the PIN
    keys read again if they were unavailable (see :func:`login_job`)."""
    from ppdesk.services.keys import reload_keys
    from ppdesk.services.person_auth import authenticator_for

    refreshed = authenticator_for(ctx).reauthenticate(session, password)
    reload_keys(ctx)
    return refreshed


class LoginDialog(QDialog):
    """User name, password and the database in use. Emits ``logged_in(LoginResult)``."""

    logged_in = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.runner = runner
        self.runtime: Any = None
        self._waiting = False
        self._busy = False
        self.ui.loginButton.clicked.connect(self._on_login)
        self.ui.quitButton.clicked.connect(self.reject)
        self.ui.statusLabel.hide()
        self.ui.userEdit.setFocus()

    # -- the database ----------------------------------------------------------------------

    def set_runtime(self, runtime: Any) -> None:
        """The database is open: show which one, and finish a login that was waiting."""
        self.runtime = runtime
        self.ui.databaseLabel.setText(str(runtime.description))
        self.ui.databaseLabel.setStyleSheet("")
        demo = getattr(runtime, "demo", None)
        if demo is not None:
            self.show_demo(demo)
        elif runtime.ctx.keys is None and runtime.ctx.workstation_connection:
            # (Without a workstation connection the keys are read at sign-in.)
            self.show_status(
                fmt(
                    self.tr(
                        "PIN features are off on this workstation: %1 You can still look "
                        "students up."
                    ),
                    runtime.ctx.keys_problem or self.tr("no PIN keys."),
                )
            )
        elif not self._waiting:
            self.clear_status()
        if self._waiting:
            self._waiting = False
            self._start_login()

    def show_demo(self, demo: Any) -> None:
        """The database was empty: say that a demo school was made, with its accounts."""
        text = fmt(
            self.tr(
                "This database was empty: a demo school with %1 invented students was "
                "created. Accounts (one per role): %2."
            ),
            demo.students,
            ", ".join(demo.accounts),
        )
        if demo.password_generated:
            text += " " + fmt(self.tr("Their password, shown only now: %1"), demo.password)
        self.show_status(text)
        if not self.ui.userEdit.text():
            self.ui.userEdit.setText("principal")
            self.ui.passwordEdit.setFocus()

    def set_opening(self, text: str | None = None) -> None:
        self.runtime = None
        self.ui.databaseLabel.setText(text or self.tr("opening…"))

    def set_database_problem(self, message: str) -> None:
        self.ui.databaseLabel.setText(message)
        self.ui.databaseLabel.setStyleSheet(ERROR_STYLE)
        self._waiting = False
        self._set_busy(False)

    # -- logging in ------------------------------------------------------------------------

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.ui.statusLabel.setText(text)
        self.ui.statusLabel.setStyleSheet(ERROR_STYLE if error else "")
        self.ui.statusLabel.show()

    def clear_status(self) -> None:
        self.ui.statusLabel.clear()
        self.ui.statusLabel.hide()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.loginButton.setEnabled(not busy)

    def _on_login(self) -> None:
        if self._busy:
            return
        if not self.ui.userEdit.text().strip():
            self.show_status(self.tr("Type your user name."), error=True)
            self.ui.userEdit.setFocus()
            return
        if self.runtime is not None and not self._password_given():
            return
        if self.runtime is None:
            self._waiting = True
            self._set_busy(True)
            self.show_status(self.tr("Connecting to the database…"))
            return
        self._start_login()

    def _password_given(self) -> bool:
        """A password was typed, or none is needed: signing in through the database, the
        server decides (Kerberos single sign-on asks for none; SCRAM and LDAP refuse an
        empty one). Otherwise say "Type your password."."""
        if self.ui.passwordEdit.text() or password_optional(self.runtime.ctx):
            return True
        self._set_busy(False)
        self.show_status(self.tr("Type your password."), error=True)
        self.ui.passwordEdit.setFocus()
        return False

    def _start_login(self) -> None:
        if not self._password_given():
            return
        username = self.ui.userEdit.text().strip()
        password = self.ui.passwordEdit.text()
        self._set_busy(True)
        self.show_status(self.tr("Checking…"))
        self.runner.run(
            login_job,
            self.runtime.ctx,
            username,
            password,
            on_success=self._on_logged_in,
            on_error=self._on_failed,
            context=self,
        )

    def _on_logged_in(self, result: LoginResult) -> None:
        self.ui.passwordEdit.clear()
        self._set_busy(False)
        self.clear_status()
        self.logged_in.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()
        # Wrong password, locked account, database down, or a bug (with its incident id):
        # all said inline, so the dialog stays the one place to try again.
        if isinstance(exc, (AuthenticationFailed, AccountLocked)):
            self.show_status(error_text(exc), error=True)
        else:
            self.show_status(describe_error(exc).message, error=True)
