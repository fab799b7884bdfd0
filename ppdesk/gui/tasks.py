"""The one background-task helper: service calls run on a thread pool, never on the GUI thread.

``runner.run(fn, *args, on_success=..., context=widget)`` calls ``fn(*args)`` on a worker
thread. Its result (or exception) travels back through a queued signal, so ``on_success``
and ``on_error`` run on the GUI thread: they are the only places that touch widgets. When
``context`` has been deleted meanwhile, or the task was cancelled, nothing is called. An
error without ``on_error`` goes to the error presenter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from ppdesk.gui.errors import ErrorPresenter


class Task(QObject):
    """One background call. Lives on the GUI thread; the worker only emits ``_done``."""

    _done = Signal(object, object)  # result, exception

    def __init__(
        self,
        runner: TaskRunner,
        on_success: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        context: QObject | None,
    ) -> None:
        super().__init__()
        self._runner = runner
        self._on_success = on_success
        self._on_error = on_error
        self._context = context
        self.cancelled = False
        self.finished = False
        self._done.connect(self._deliver)

    def cancel(self) -> None:
        """Drop the result: neither callback will run."""
        self.cancelled = True

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self.finished = True
        try:
            if self.cancelled:
                return
            if self._context is not None and not shiboken6.isValid(self._context):
                return
            if error is None:
                if self._on_success is not None:
                    self._on_success(result)
            elif self._on_error is not None:
                self._on_error(error)
            else:
                parent = self._context if isinstance(self._context, QWidget) else None
                self._runner.presenter.show(error, parent.window() if parent else None)
        finally:
            self._runner._finished(self)


class _Job(QRunnable):
    def __init__(
        self, task: Task, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        super().__init__()
        self._task = task
        self._fn = fn
        self._args = args
        self._kwargs = kwargs

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:
            self._task._done.emit(None, exc)
        else:
            self._task._done.emit(result, None)
        finally:
            # Drop argument references (passwords, answers) as soon as the call is over.
            self._args, self._kwargs = (), {}


class TaskRunner(QObject):
    """Runs callables on its own thread pool and reports back on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(
        self, presenter: ErrorPresenter, parent: QObject | None = None, max_threads: int = 4
    ) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._live: set[Task] = set()

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        context: QObject | None = None,
        **kwargs: Any,
    ) -> Task:
        """Call ``fn(*args, **kwargs)`` in the background; see the module docstring."""
        task = Task(self, on_success, on_error, context)
        was_busy = self.busy
        self._live.add(task)
        self._pool.start(_Job(task, fn, args, kwargs))
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    def _finished(self, task: Task) -> None:
        self._live.discard(task)
        if not self._live:
            self.busy_changed.emit(False)

    def wait_done(self, msecs: int = 30_000) -> bool:
        """Block until the worker threads are idle (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)
