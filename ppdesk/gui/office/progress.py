"""Progress and cancel for long office jobs (exports, letter runs) run through ``Desk.call``.

The service calls ``progress(done, total)`` and ``is_cancelled()`` on the worker thread. The
relay re-emits progress as a signal, which Qt queues to the GUI thread; the cancel flag is a
``threading.Event`` so the worker can read it safely.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal


class JobRelay(QObject):
    """One running job's progress (a signal) and its cancel flag (polled by the service)."""

    progressed = Signal(int, int)  # done, total (0: unknown)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    def progress(self, done: int, total: int | None) -> None:
        """Worker side: report progress (safe from any thread)."""
        self.progressed.emit(int(done), int(total or 0))

    def is_cancelled(self) -> bool:
        """Worker side: has the user pressed Cancel?"""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """GUI side: ask the service to stop at its next check."""
        self._cancel.set()
