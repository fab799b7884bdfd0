"""For ``ppdesk selftest``: open the main window offscreen for a logged-in session and close it."""

from __future__ import annotations

import logging
import os
from typing import Any

from ppdesk.services.context import StaffSession


def open_and_close_main_window(runtime: Any, session: StaffSession) -> str:
    """Build the real desk window (no display needed), let it settle, close it; return its title."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler

    def _quiet(mode: Any, context: Any, message: str) -> None:
        # The offscreen platform says "This plugin does not support propagateSizeHints()"
        # for every window: noise in selftest output. Others go to the log.
        if "propagateSizeHints" not in message:
            logging.getLogger("ppdesk.qt").warning("%s", message)

    previous = qInstallMessageHandler(_quiet)
    try:
        return _open_and_close(runtime, session)
    finally:
        qInstallMessageHandler(previous)


def _open_and_close(runtime: Any, session: StaffSession) -> str:
    from PySide6.QtWidgets import QApplication

    from ppdesk.gui.desk import Desk
    from ppdesk.gui.errors import ErrorPresenter
    from ppdesk.gui.main_window import MainWindow
    from ppdesk.gui.tasks import TaskRunner
    from ppdesk.services.desk import desk_profile

    app = QApplication.instance() or QApplication(["ppdesk-selftest"])
    presenter = ErrorPresenter()
    runner = TaskRunner(presenter)
    desk = Desk(runtime, runner, presenter, session, desk_profile(runtime.ctx, session))
    window = MainWindow(desk)
    window.show()
    app.processEvents()
    title = window.windowTitle()
    window.idle.stop()
    window.close()
    window.deleteLater()
    app.processEvents()
    runner._pool.waitForDone(5000)
    return title
