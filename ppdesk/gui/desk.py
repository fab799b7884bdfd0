"""The logged-in desk: the runtime, who is acting, and how widgets call the services.

Every widget that needs the database goes through ``Desk.call``: it runs
``fn(ctx, session, ...)`` on the task runner with the *current* session, and when a service
asks for a recent password (``StepUpRequired``) it prompts for it, re-authenticates in the
background and retries once. Letters go through ``print_letter`` / ``preview_letter``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ppdesk.domain.errors import AuthenticationFailed, StepUpRequired
from ppdesk.gui.errors import ErrorPresenter, error_text
from ppdesk.gui.letters import (
    LetterPreviewDialog,
    LetterSource,
    PrinterProvider,
    print_pdf,
    service_letter_source,
    system_printer,
)
from ppdesk.gui.login import password_optional
from ppdesk.gui.models import use_school_zone
from ppdesk.gui.prompts import ask_password
from ppdesk.gui.tasks import Task, TaskRunner
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.desk import DeskProfile
from ppdesk.services.exports import school_zone


class Desk(QObject):
    """State shared by the main window, the student views and the wizard."""

    session_changed = Signal()
    letter_printed = Signal(int, int)  # link id, pages
    # A held bulk letter to hand over: (HeldLetter, PhotoIdCheck carried over or None).
    handover_requested = Signal(object, object)

    def __init__(
        self,
        runtime: Any,
        runner: TaskRunner,
        presenter: ErrorPresenter,
        session: StaffSession,
        profile: DeskProfile,
        *,
        letter_source: LetterSource | None = None,
        printer_provider: PrinterProvider | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.runner = runner
        self.presenter = presenter
        self.session = session
        self.profile = profile
        self.letter_source = letter_source or service_letter_source(runtime.ctx)
        use_school_zone(lambda: school_zone(self.ctx))
        self.printer_provider = printer_provider or system_printer
        self.last_prompt: QWidget | None = None
        self.last_preview: LetterPreviewDialog | None = None

    @property
    def ctx(self) -> AppContext:
        return self.runtime.ctx

    @property
    def database(self) -> str:
        return str(self.runtime.description)

    @property
    def keys_problem(self) -> str | None:
        """Why PIN features are off on this workstation, or None."""
        if self.ctx.keys is not None:
            return None
        return self.ctx.keys_problem or "PIN keys are not available on this workstation."

    def switch_user(self, session: StaffSession, profile: DeskProfile) -> None:
        self.session, self.profile = session, profile
        self.session_changed.emit()

    def refresh_session(self, session: StaffSession) -> None:
        """The same user typed the password again (unlock or step-up)."""
        self.session = session

    # -- calling services ------------------------------------------------------------------

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        context: QWidget | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn(ctx, session, *args, **kwargs)`` in the background (see module doc)."""

        def _again() -> None:
            self.call(
                fn, *args, on_success=on_success, on_error=on_error, context=context, **kwargs
            )

        def _failed(exc: BaseException) -> None:
            if isinstance(exc, StepUpRequired):
                self.step_up(error_text(exc), _again, parent=context)
            elif on_error is not None:
                on_error(exc)
            else:
                self.presenter.show(exc, context.window() if context else None)

        return self.runner.run(
            fn,
            self.ctx,
            self.session,
            *args,
            on_success=on_success,
            on_error=_failed,
            context=context,
            **kwargs,
        )

    def step_up(self, message: str, then: Callable[[], None], parent: QWidget | None) -> None:
        """Ask for the password again, re-authenticate, then call ``then``."""

        def _reauthenticate(password: str) -> None:
            self.runner.run(
                _reauthenticate_job,
                self.ctx,
                self.session,
                password,
                on_success=_done,
                on_error=_failed,
                context=parent,
            )

        def _done(session: StaffSession) -> None:
            self.refresh_session(session)
            then()

        def _failed(exc: BaseException) -> None:
            if isinstance(exc, AuthenticationFailed):
                self.step_up(f"{error_text(exc)} {message}", then, parent)
            else:
                self.presenter.show(exc, parent.window() if parent else None)

        self.last_prompt = ask_password(
            parent, message, _reauthenticate, optional=password_optional(self.ctx)
        )

    # -- letters ---------------------------------------------------------------------------

    def _letter(self, _ctx: AppContext, session: StaffSession, link_id: int) -> bytes:
        return self.letter_source(session, link_id)

    def print_letter(
        self, link_id: int, parent: QWidget | None, on_done: Callable[[int], None] | None = None
    ) -> Task:
        """Fetch the letter in the background, then send it through the print path."""

        def _print(pdf: bytes) -> None:
            printer = self.printer_provider(parent)
            if printer is None:
                return
            pages = print_pdf(pdf, printer)
            self.letter_printed.emit(link_id, pages)
            if on_done is not None:
                on_done(pages)

        return self.call(self._letter, link_id, on_success=_print, context=parent)

    def preview_letter(self, link_id: int, title: str, parent: QWidget | None) -> Task:
        """Fetch the letter, then show it in a PDF view with Print… and Save as PDF…."""

        def _show(pdf: bytes) -> None:
            dialog = LetterPreviewDialog(
                pdf,
                title,
                self.printer_provider,
                on_printed=lambda pages: self.letter_printed.emit(link_id, pages),
                parent=parent,
            )
            dialog.finished.connect(dialog.deleteLater)
            self.last_preview = dialog
            dialog.open()

        return self.call(self._letter, link_id, on_success=_show, context=parent)


def _reauthenticate_job(ctx: AppContext, session: StaffSession, password: str) -> StaffSession:
    from ppdesk.services.person_auth import authenticator_for

    return authenticator_for(ctx).reauthenticate(session, password)
