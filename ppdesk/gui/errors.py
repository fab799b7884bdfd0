"""The one error presenter: every failure the desk shows goes through here.

Domain errors (``ppdesk.domain.errors.DomainError``) are expected refusals written for the
person at the desk: they are shown as their plain message, rendered from their code in the
interface language (:func:`error_text`). A lost database connection is
said in plain words with a Retry button. Anything else is a bug: the traceback goes to the
log under a short incident id and the user sees only that id. Messages never contain a PIN
or a password (the services' messages do not, and tracebacks only reach the log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ppdesk.domain.errors import DatabaseUnavailable, DomainError
from ppdesk.domain.messages import render

logger = logging.getLogger("ppdesk.gui")

# Driver errors that mean "the database did not answer". Matched by name because the GUI
# never imports the database libraries (layer rule); see the report on translating them
# into DatabaseUnavailable in the unit of work.
_CONNECTION_ERROR_NAMES = frozenset({"OperationalError", "InterfaceError", "DisconnectionError"})
_DRIVER_MODULES = ("sqlalchemy", "psycopg", "sqlite3", "_sqlite3")

CONNECTION_MESSAGE = QT_TRANSLATE_NOOP(
    "errors",
    "The database did not answer (the network or the server may be down). Nothing you typed "
    "is lost: check the connection, then try again.",
)
BUG_MESSAGE = QT_TRANSLATE_NOOP(
    "errors",
    "Something went wrong on this workstation (incident %1). Try again; if it keeps "
    "happening, give the incident number to your administrator. The details are in the log.",
)


def _t(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def _translate_message(template: str) -> str:
    return QCoreApplication.translate("messages", template)


def error_text(exc: BaseException) -> str:
    """A domain error's sentence in the interface language.

    An error with a code is rendered from the catalogue's template, translated (context
    ``messages``), with the error's parameters. An error without a code (an older raise
    site) is translated only when its whole sentence is a known one.
    """
    if isinstance(exc, DomainError) and exc.code is not None:
        try:
            return render(exc.code, exc.params, _translate_message)
        except (KeyError, IndexError, ValueError):
            return str(exc)  # a translation with a broken field: the English, not nothing
    return QCoreApplication.translate("messages", str(exc))


_message = error_text


@dataclass(frozen=True)
class ErrorReport:
    """What the user is told. ``kind`` is ``domain``, ``connection`` or ``bug``."""

    kind: str
    title: str
    message: str
    incident: str | None = None


def is_connection_error(exc: BaseException) -> bool:
    """True for DatabaseUnavailable and for driver errors of a dropped or refused connection."""
    if isinstance(exc, DatabaseUnavailable):
        return True
    return any(
        cls.__name__ in _CONNECTION_ERROR_NAMES and cls.__module__.startswith(_DRIVER_MODULES)
        for cls in type(exc).__mro__
    )


def _log_incident(exc: BaseException) -> str:
    from ppdesk.bootstrap import log_incident  # heavy (database libraries): only when needed

    return log_incident(logger, exc)


def describe_error(exc: BaseException) -> ErrorReport:
    """Classify ``exc`` and write the sentence to show; logs unexpected errors."""
    if isinstance(exc, DatabaseUnavailable):
        return ErrorReport(
            "connection",
            QCoreApplication.translate("errors", "Database unavailable"),
            f"{_message(exc)}\n\n{_t(CONNECTION_MESSAGE)}",
        )
    if isinstance(exc, DomainError):
        return ErrorReport("domain", "ppdesk", _message(exc))
    if is_connection_error(exc):
        incident = _log_incident(exc)
        return ErrorReport(
            "connection",
            QCoreApplication.translate("errors", "Database unavailable"),
            f"{_t(CONNECTION_MESSAGE)} ({QCoreApplication.translate('errors', 'incident')} {incident})",
            incident,
        )
    incident = _log_incident(exc)
    message = _t(BUG_MESSAGE).replace("%1", incident)
    return ErrorReport(
        "bug", QCoreApplication.translate("errors", "Unexpected error"), message, incident
    )


class ErrorPresenter:
    """Shows an error as a non-blocking message box over ``parent`` (or the active window)."""

    def __init__(self, default_parent: Callable[[], QWidget | None] | None = None) -> None:
        self._default_parent = default_parent or (lambda: None)
        self.last_report: ErrorReport | None = None
        self.last_box: QMessageBox | None = None

    def show(
        self,
        exc: BaseException,
        parent: QWidget | None = None,
        *,
        retry: Callable[[], None] | None = None,
    ) -> ErrorReport:
        """Tell the user about ``exc``; with ``retry``, a connection error offers Retry."""
        report = describe_error(exc)
        self.show_report(report, parent, retry=retry if report.kind == "connection" else None)
        return report

    def show_report(
        self,
        report: ErrorReport,
        parent: QWidget | None = None,
        *,
        retry: Callable[[], None] | None = None,
    ) -> QMessageBox:
        icon = QMessageBox.Icon.Critical if report.kind == "bug" else QMessageBox.Icon.Warning
        box = QMessageBox(
            icon, report.title, report.message, parent=parent or self._default_parent()
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        if retry is not None:
            retry_button = box.addButton(
                QCoreApplication.translate("errors", "&Retry"), QMessageBox.ButtonRole.AcceptRole
            )
            close_button = box.addButton(
                QCoreApplication.translate("errors", "&Close"), QMessageBox.ButtonRole.RejectRole
            )
            retry_button.setAccessibleDescription(
                QCoreApplication.translate("errors", "Try the same thing again.")
            )
            close_button.setAccessibleDescription(
                QCoreApplication.translate("errors", "Close this message.")
            )
            box.setDefaultButton(retry_button)

            def _on_done(_result: int) -> None:
                if box.clickedButton() is retry_button:
                    retry()

            box.finished.connect(_on_done)
        else:
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.button(QMessageBox.StandardButton.Ok).setText(
                QCoreApplication.translate("errors", "OK")
            )
            box.button(QMessageBox.StandardButton.Ok).setAccessibleDescription(
                QCoreApplication.translate("errors", "Close this message.")
            )
        box.finished.connect(box.deleteLater)
        self.last_report = report
        self.last_box = box
        box.open()
        return box
