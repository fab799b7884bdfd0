"""Start the desk: the login dialog first, the database behind it, then the main window.

``run_gui(rt)`` takes a database that is already open (``ppdesk`` does that today).
``main()`` (``python -m ppdesk.gui``) shows the login dialog at once and opens the database in
the background while the user types, so the dialog is up well under a second and a half. This
module imports only Qt and the login dialog: the services, the database libraries and the main
window are loaded off the GUI thread after the dialog is on screen.

A database that cannot be used (unreachable, needs an administrator's upgrade, no password in
the keyring) is a dialog saying what to do, with Retry; missing PIN keys are a notice (looking
students up still works).
"""

from __future__ import annotations

import functools
import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ppdesk.gui.errors import ErrorPresenter, describe_error
from ppdesk.gui.login import LoginDialog, LoginResult
from ppdesk.gui.tasks import TaskRunner

logger = logging.getLogger("ppdesk.gui")

APP_NAME = "ppdesk"
_PRELOAD = (
    "ppdesk.bootstrap",
    "ppdesk.services.auth",
    "ppdesk.services.desk",
    "ppdesk.gui.main_window",
    "ppdesk.gui.wizard",
)

STARTUP_ADVICE = {
    "SchemaError": QT_TRANSLATE_NOOP("DeskApp", "The database and this program do not match."),
    "DatabaseUnavailable": QT_TRANSLATE_NOOP("DeskApp", "The database cannot be reached."),
    "SecretsUnavailable": QT_TRANSLATE_NOOP(
        "DeskApp", "The database password is not available on this workstation."
    ),
    "SecretsUnavailable/keys": QT_TRANSLATE_NOOP(
        "DeskApp", "The PIN keys are not available on this workstation."
    ),
}


def open_runtime(database: str | None, *, demo_if_empty: bool = False) -> Any:
    """Open the configured database (worker thread): imports the database layer lazily.

    With ``demo_if_empty`` (a developer's ``make run`` only) an empty database gets the
    synthetic demo school; the result rides along as ``runtime.demo`` so the login dialog
    can say so. Otherwise a database without staff sets ``runtime.first_run`` and the
    first-run dialog asks for its first account (an installed ppdesk never makes demo data).
    """
    from ppdesk import bootstrap
    from ppdesk.services import first_run

    bootstrap.setup_logging()
    runtime = bootstrap.open_app(database=database)
    # Without a workstation connection (sign_in = "database") nothing is read before the
    # sign-in: such a database is a district's, with its staff already.
    connected = runtime.ctx.workstation_connection
    created = None
    if demo_if_empty and connected:
        from ppdesk.services import demo

        if demo.database_is_empty(runtime.ctx):
            bootstrap.provision_keys_if_new(runtime)
            created = demo.create_demo(runtime.ctx)
    # Runtime is a plain dataclass: these ride along for the login dialog.
    runtime.demo = created  # type: ignore[attr-defined]
    runtime.first_run = (  # type: ignore[attr-defined]
        connected and created is None and first_run.needs_first_run(runtime.ctx)
    )
    return runtime


def _preload() -> None:
    for name in _PRELOAD:
        importlib.import_module(name)
    from ppdesk.gui.office.tabs import office_tabs

    office_tabs()  # imports the office tab modules while the user types


class DeskApp(QObject):
    """Login dialog → database → main window, with the startup problems in between."""

    login_shown = Signal()
    runtime_ready = Signal(object)
    desk_ready = Signal(object)  # the MainWindow
    first_run_shown = Signal(object)  # the FirstRunDialog (an empty database)

    def __init__(
        self,
        *,
        runtime: Any = None,
        database: str | None = None,
        opener: Callable[[str | None], Any] = open_runtime,
        letter_source: Any = None,
        printer_provider: Any = None,
        idle_ms: int | None = None,
        debounce_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.owns_runtime = runtime is None
        self.database = database
        self.opener = opener
        self.letter_source = letter_source
        self.printer_provider = printer_provider
        self.idle_ms = idle_ms
        self.debounce_ms = debounce_ms
        from ppdesk.gui.accessible import apply_focus_style

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_focus_style(app)  # the focus is always visible
        self.presenter = ErrorPresenter(default_parent=self._active_window)
        self.runner = TaskRunner(self.presenter, self)
        self.login = LoginDialog(self.runner)
        self.login.logged_in.connect(self._on_logged_in)
        self.login.rejected.connect(self.quit)
        self.window: Any = None
        self.desk: Any = None
        self.problem_box: QMessageBox | None = None
        self.first_run_dialog: Any = None
        self.runtime_ready.connect(self._on_runtime_ready)

    def _active_window(self) -> QWidget | None:
        return QApplication.activeWindow() or self.window or self.login

    # -- start -----------------------------------------------------------------------------

    def start(self) -> None:
        self.login.show()
        self.login.raise_()
        self.login_shown.emit()
        if self.runtime is not None:
            self.login.set_runtime(self.runtime)
            self.runtime_ready.emit(self.runtime)
        else:
            # After the first paint: the dialog appears before any heavy import starts.
            QTimer.singleShot(0, self._open)
        QTimer.singleShot(0, lambda: self.runner.run(_preload, on_error=lambda _e: None))
        QTimer.singleShot(0, self._sweep)

    def _sweep(self) -> None:
        from ppdesk.gui.letters import sweep_stale_letter_dirs

        self.runner.run(sweep_stale_letter_dirs, on_error=lambda _e: None)

    def _open(self) -> None:
        self.login.set_opening()
        self.runner.run(
            self.opener,
            self.database,
            on_success=self._on_runtime,
            on_error=self._on_open_failed,
            context=self.login,
        )

    def _on_runtime(self, runtime: Any) -> None:
        self.runtime = runtime
        self.login.set_runtime(runtime)
        self.runtime_ready.emit(runtime)
        if getattr(runtime, "first_run", False):
            self._first_run(runtime)

    def _first_run(self, runtime: Any) -> None:
        """An empty database: its first account, then the login dialog with that name."""
        from ppdesk.gui.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.runner, runtime.ctx, parent=self.login)
        self.first_run_dialog = dialog

        def _created(result: Any) -> None:
            runtime.first_run = False
            self.login.ui.userEdit.setText(result.username)
            self.login.ui.passwordEdit.setFocus()
            if result.keys_problem:
                self.login.show_status(result.keys_problem)
            else:
                self.login.clear_status()

        dialog.created.connect(_created)
        dialog.rejected.connect(self.quit)
        dialog.open()
        self.first_run_shown.emit(dialog)

    def _on_runtime_ready(self, runtime: Any) -> None:
        from ppdesk.gui import files

        folders = getattr(runtime, "private_folders", None)
        if callable(folders):
            files.set_private_folders(folders())

    def _on_open_failed(self, exc: BaseException) -> None:
        report = describe_error(exc)
        key = type(exc).__name__
        if key == "SecretsUnavailable" and "PIN key" in str(exc):
            key = "SecretsUnavailable/keys"  # not the database password
        headline = self.tr(
            STARTUP_ADVICE.get(key)
            or QT_TRANSLATE_NOOP("DeskApp", "The database cannot be opened.")
        )
        self.login.set_database_problem(headline)
        box = QMessageBox(
            QMessageBox.Icon.Critical if report.kind == "bug" else QMessageBox.Icon.Warning,
            self.tr("ppdesk cannot open the database"),
            headline,
            parent=self.login,
        )
        box.setInformativeText(report.message)
        retry = box.addButton(self.tr("&Retry"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("&Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retry)

        def _answered(_result: int) -> None:
            if box.clickedButton() is retry:
                self._open()
            else:
                self.quit()

        box.finished.connect(_answered)
        self.problem_box = box
        box.open()

    # -- logged in -------------------------------------------------------------------------

    def _on_logged_in(self, result: LoginResult) -> None:
        from ppdesk.gui.desk import Desk
        from ppdesk.gui.main_window import MainWindow

        self.desk = Desk(
            self.runtime,
            self.runner,
            self.presenter,
            result.session,
            result.profile,
            letter_source=self.letter_source,
            printer_provider=self.printer_provider,
        )
        kwargs = {} if self.debounce_ms is None else {"debounce_ms": self.debounce_ms}
        self.window = MainWindow(self.desk, idle_ms=self.idle_ms, **kwargs)
        self.window.show()
        self.login.hide()
        self.window.activateWindow()
        self.window.find_page.setFocus()
        self.desk_ready.emit(self.window)

    # -- stop ------------------------------------------------------------------------------

    def quit(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Wait for background calls, close windows and (if we opened it) the database."""
        self.runner.wait_done()
        QApplication.processEvents()
        if self.window is not None:
            self.window.close()
        self.login.close()
        if self.owns_runtime and self.runtime is not None:
            self.runtime.close()
            self.runtime = None


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (tests already have theirs)."""
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv if argv is not None else sys.argv[:1])
    )
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("ppdesk")
    from ppdesk.gui.fonts import register_shipped_fonts

    register_shipped_fonts()  # every supported script shows, whatever the machine has
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    icon = root / "resources" / "icons" / "ppdesk.png"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_language() -> None:
    """The interface language chosen in the settings (English when unset or unreadable)."""
    from ppdesk.gui.office.i18n import configured_language, install_translator

    install_translator(configured_language())


def _install_excepthook(presenter: ErrorPresenter) -> None:
    """An exception escaping a slot: incident dialog, traceback to the log, the app stays up."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        if not isinstance(exc, Exception):
            previous(exc_type, exc, tb)
            return
        try:
            presenter.show(exc.with_traceback(tb))
        except Exception:  # the presenter itself failed: do not loop
            previous(exc_type, exc, tb)

    sys.excepthook = hook


def _exec(desk_app: DeskApp, app: QApplication) -> int:
    _install_excepthook(desk_app.presenter)
    desk_app.start()
    try:
        return app.exec()
    finally:
        desk_app.shutdown()


def run_gui(rt: Any) -> int:
    """Run the desk on an already opened runtime (``ppdesk``); returns the exit code."""
    app = ensure_application()
    install_language()
    return _exec(DeskApp(runtime=rt), app)


def main(
    argv: list[str] | None = None, *, database: str | None = None, demo_if_empty: bool = False
) -> int:
    """Run the desk, showing the login dialog before the database is opened. On Linux/X11
    the xcb libraries are checked first: missing ones are named and ppdesk exits 69. On a
    Wayland session without Qt's Wayland plugin (the bundle) the desk uses XWayland."""
    from ppdesk.gui.platform_check import check_or_exit, choose_platform

    choose_platform()
    check_or_exit()
    app = ensure_application(argv)
    install_language()
    opener = functools.partial(open_runtime, demo_if_empty=demo_if_empty)
    return _exec(DeskApp(database=database, opener=opener), app)
