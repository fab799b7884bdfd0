"""Collecting problems while reading, and checking one row's values.

Every reader reports through a ``ProblemLog`` so that no value error escapes as an
exception: a bad value becomes a ``Problem`` with file, line and column, and the row
it belongs to is left out of the snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.sis import OptionalValueError, Problem, Severity

T = TypeVar("T")

#: After this many problems in one (file, column, severity) the rest are only counted,
#: so that one systematic mistake in a 100,000-row file does not make a million rows.
PER_COLUMN_CAP = 500


class ProblemLog:
    """An ordered list of problems with a per-column cap."""

    def __init__(self, cap: int = PER_COLUMN_CAP) -> None:
        self._items: list[Problem] = []
        self._counts: dict[tuple[str, str | None, Severity], int] = {}
        self._cap = cap
        self.error_count = 0

    def add(
        self,
        severity: Severity,
        file: str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        """Record one problem (or only count it once its column is over the cap)."""
        if severity == "error":
            self.error_count += 1
        # A file or column name comes from the input: cut like every echoed value.
        file = _cut(file)
        if column is not None:
            column = _cut(column)
        key = (file, column, severity)
        seen = self._counts.get(key, 0) + 1
        self._counts[key] = seen
        if seen <= self._cap:
            self._items.append(Problem(file, line, column, severity, message))

    def error(
        self, file: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        """Record a problem that blocks the import."""
        self.add("error", file, message, line=line, column=column)

    def warning(
        self, file: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        """Record a problem that does not block the import."""
        self.add("warning", file, message, line=line, column=column)

    @property
    def has_errors(self) -> bool:
        """True once any error was recorded."""
        return self.error_count > 0

    def problems(self) -> tuple[Problem, ...]:
        """All problems, plus one summary per column whose problems were capped."""
        items = list(self._items)
        for (file, column, severity), seen in self._counts.items():
            if seen > self._cap:
                where = f"column {column}" if column else "this file"
                items.append(
                    Problem(
                        file,
                        None,
                        column,
                        severity,
                        f"{seen - self._cap} more {severity}s in {where} are not listed "
                        f"({seen} in all); fix the ones above and run the check again.",
                        seen - self._cap,
                    )
                )
        return tuple(items)


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _message(error: ValidationError, column: str) -> str:
    # Domain messages start with "field: "; the column is already in the Problem.
    text = str(error)
    prefix = f"{column}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


class RowCheck:
    """Checks the values of one row; remembers whether any of them was an error."""

    __slots__ = ("failed", "file", "line", "log")

    def __init__(self, log: ProblemLog, file: str, line: int | None) -> None:
        self.log = log
        self.file = file
        self.line = line
        self.failed = False

    def value(self, rule: Callable[..., T], column: str, raw: Any, **kwargs: Any) -> T | None:
        """Apply a domain rule to ``raw``; report a failure and return None instead."""
        try:
            return rule(raw, field=column, **kwargs)
        except ValidationError as exc:
            self.report(exc, column)
            return None

    def report(self, exc: ValidationError, column: str) -> None:
        """Report a rule's failure: a warning for an optional value, else a row error."""
        if isinstance(exc, OptionalValueError):
            self.log.warning(
                self.file,
                _message(exc, column) + " The value is left out.",
                line=self.line,
                column=column,
            )
        else:
            self.failed = True
            self.log.error(self.file, _message(exc, column), line=self.line, column=column)

    def error(self, column: str | None, message: str) -> None:
        """Report an error about this row and mark it failed."""
        self.failed = True
        self.log.error(self.file, message, line=self.line, column=column)

    def warning(self, column: str | None, message: str) -> None:
        """Report a warning about this row."""
        self.log.warning(self.file, message, line=self.line, column=column)
