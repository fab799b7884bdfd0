"""SIS import readers: OneRoster CSV and ppdesk's own template, to a ``SisSnapshot``.

``read_sis`` picks the reader from the path; the format rules are in docs/import.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ppdesk.adapters.sis.oneroster import read_oneroster
from ppdesk.adapters.sis.template import read_template, write_blank_template
from ppdesk.domain.sis import Problem, SisSnapshot

__all__ = ["read_oneroster", "read_sis", "read_template", "write_blank_template"]


def read_sis(
    path: str | Path,
    *,
    verified_from_role: bool = False,
    today: date | None = None,
    encoding: str | None = None,
) -> SisSnapshot:
    """Read an import of either format: .xlsx (template), .zip (OneRoster), or a folder.

    A folder holding users.csv is OneRoster; one holding Students.csv is the template.
    ``verified_from_role`` only applies to OneRoster (the template has a per-link flag).
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_template(path, today=today, encoding=encoding)
    if path.is_dir():
        names = {child.name.lower() for child in path.iterdir()}
        if "users.csv" not in names and "students.csv" in names:
            return read_template(path, today=today, encoding=encoding)
        if "users.csv" not in names:
            problem = Problem(
                path.name,
                None,
                None,
                "error",
                "holds neither a OneRoster export (users.csv) nor the ppdesk template "
                "(Students.csv).",
            )
            return SisSnapshot((), (), (), (), (), (), (problem,), "unknown", False)
    return read_oneroster(
        path, verified_from_role=verified_from_role, today=today, encoding=encoding
    )
