"""What every export shares: the selection, the scope check, and publishing the file.

An export writes to a hidden pending file beside the destination, commits its audit row
(and, for PINs, its disclosures), and only then renames the file into place: a file that
exists has always been recorded, and a cancel or an error leaves neither.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import NotFound, ValidationError
from ppdesk.domain.reports import (
    CancelCheck,
    Column,
    ExportResult,
    ExportSummary,
    ProgressCallback,
)
from ppdesk.domain.roles import Permission, permission_denied_code
from ppdesk.domain.selection import resolve
from ppdesk.domain.settings import DEFAULT_TIME_ZONE, check_time_zone
from ppdesk.domain.text import ID_MAX, NAME_MAX, clean_text
from ppdesk.services.access import AuditedDenial, audit, require, schools_with
from ppdesk.services.context import AppContext, StaffSession, wired
from ppdesk.services.ports import FilePorts, SchoolRecord, UnitOfWork

# Part files start like the writers' own, so a sweep of leftovers after a crash finds them.
PENDING_PREFIX = ".ppdesk-"
PENDING_SUFFIX = ".part"


@dataclass(frozen=True)
class Selection:
    """A roster selection, cleaned: school code (``None``: every school in scope), grade,
    homeroom (its name or its teacher's name)."""

    school_code: str | None = None
    grade: str | None = None
    homeroom: str | None = None


def clean_selection(school_code: str | None, grade: str | None, homeroom: str | None) -> Selection:
    """Validate the selection typed by the user (``ValidationError`` naming the field)."""
    return Selection(
        clean_text(school_code, field="school", max_len=ID_MAX),
        clean_text(grade, field="grade", max_len=4),
        clean_text(homeroom, field="homeroom", max_len=NAME_MAX),
    )


def resolve_selection(
    uow: UnitOfWork, schools: Sequence[SchoolRecord], selection: Selection
) -> Selection:
    """The selection with its grade and homeroom as stored ("4th" -> "4", "Kowalski" ->
    "Rm 14 - Mr. Kowalski"), by the rule letters use (``domain.selection``); a grade or
    homeroom that matches nothing is a ``ValidationError``, never an empty file."""
    if not selection.grade and not selection.homeroom:
        return selection
    classes = uow.roster.classes([s.id for s in schools])
    where = f"at {schools[0].name}" if len(schools) == 1 else "at these schools"
    grades, room = resolve(selection.grade, selection.homeroom, classes, where)
    return Selection(selection.school_code, grades[0] if grades else None, room)


def scope_schools(
    uow: UnitOfWork,
    session: StaffSession,
    permission: Permission,
    school_code: str | None,
    *,
    action: str,
) -> list[SchoolRecord]:
    """The schools a selection covers, after checking ``permission`` (audited refusal).

    With a code: that school, where the staff member must hold ``permission``. Without:
    every school where they hold it (a principal granted a whole local district gets the
    district-wide roster).
    """
    if school_code is not None:
        school = uow.schools.get_by_code(school_code)
        if school is None:
            raise NotFound("export.school_not_found", code=school_code)
        require(
            uow,
            session,
            permission,
            school,
            action=action,
            target_type="school",
            target_id=school_code,
        )
        return [school]
    schools = schools_with(uow, session, permission)
    if not schools:
        raise AuditedDenial(
            permission_denied_code(permission),
            AuditEntry(action, Outcome.DENIED, details={"permission": permission.value}),
        )
    return sorted(schools, key=lambda s: s.code)


def describe_schools(schools: Sequence[SchoolRecord]) -> str:
    if len(schools) == 1:
        return f"{schools[0].code} {schools[0].name}"
    codes = ", ".join(s.code for s in schools[:10])
    more = f" and {len(schools) - 10} more" if len(schools) > 10 else ""
    return f"{len(schools)} schools: {codes}{more}"


def selection_details(schools: Sequence[SchoolRecord], selection: Selection) -> dict[str, Any]:
    """The selection as audit details (school codes capped, the count always given)."""
    return {
        "schools": [s.code for s in schools[:50]],
        "school_count": len(schools),
        "grade": selection.grade,
        "homeroom": selection.homeroom,
    }


def audit_target(schools: Sequence[SchoolRecord]) -> tuple[str | None, str | None, int | None]:
    if len(schools) == 1:
        return "school", schools[0].code, schools[0].id
    return None, None, None


def output_path(out_path: str | os.PathLike[str], suffixes: Sequence[str]) -> Path:
    """The file to write: one of ``suffixes``, in a folder that exists."""
    target = Path(out_path).expanduser().resolve()
    if target.suffix.lower() not in suffixes:
        raise ValidationError("export.out_suffix", suffixes=" or ".join(suffixes), field="out")
    if not target.parent.is_dir():
        raise ValidationError("export.out_folder_missing", folder=str(target.parent), field="out")
    if target.is_dir():
        raise ValidationError("export.out_is_folder", path=str(target), field="out")
    return target


def files_port(ctx: AppContext) -> FilePorts:
    return wired(ctx.files, "The file writers")


def pending_path(ctx: AppContext, target: Path) -> Path:
    """A hidden sibling of ``target`` where the finished file waits for its audit row.

    It is registered as a staging file (removed at the next start if ppdesk dies while
    it exists); :func:`drop_pending` removes it and ends the registration.
    """
    pending = target.with_name(
        f"{PENDING_PREFIX}{target.name}.{uuid.uuid4().hex[:12]}{PENDING_SUFFIX}"
    )
    files_port(ctx).register_staging(pending)
    return pending


def publish(pending: Path, target: Path) -> None:
    os.replace(pending, target)


def drop_pending(ctx: AppContext, pending: Path) -> None:
    """Remove the pending file if it is still there (not published) and unregister it."""
    try:
        pending.unlink(missing_ok=True)
    finally:
        files_port(ctx).unregister_staging(pending)


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """Midnight at the start of ``day`` in the school's time ``zone``, as an aware datetime."""
    return datetime.combine(day, time(), tzinfo=zone)


def as_instant(value: date | datetime, zone: tzinfo, *, end_of_day: bool = False) -> datetime:
    """A date as the start of that day in the school's time ``zone`` (or of the next, for an
    inclusive end); a naive datetime is a time in that zone."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return start_of_day(value + timedelta(days=1) if end_of_day else value, zone)


def school_zone(ctx: AppContext) -> tzinfo:
    """The school's time zone (the ``time_zone`` setting; Los Angeles by default): every
    calendar day ppdesk computes (a PIN's use-by day, a letter's date, a report's dates) is
    a day in this zone, never in the workstation's own."""
    name = getattr(ctx.settings, "time_zone", None) or DEFAULT_TIME_ZONE
    try:
        return check_time_zone(name)
    except ValidationError:
        return check_time_zone(DEFAULT_TIME_ZONE)


def local_time(moment: datetime, zone: tzinfo) -> str:
    """ "2026-12-02 18:41 PST": a moment as the school reads it."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone(zone):%Y-%m-%d %H:%M:%S %Z}"


def meta_lines(
    session: StaffSession,
    schools: Sequence[SchoolRecord],
    now: datetime,
    *extra: str,
    zone: tzinfo = UTC,
) -> list[str]:
    """The lines under a report's title: school, the caller's lines, who ran it, when."""
    return [
        f"School: {describe_schools(schools)}",
        *extra,
        f"Run by: {session.display_name} ({session.username}) on {session.workstation}",
        f"Run at: {local_time(now, zone)}",
        "Confidential: student and family information (FERPA). Keep it on a school computer.",
    ]


def write_table(
    ctx: AppContext,
    target: Path,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    lines: Sequence[str],
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> tuple[ExportResult, Path]:
    """Write a report table (.pdf or .xlsx by ``target``'s suffix) to a hidden pending file
    beside ``target``; return the writer's result and that pending file."""
    files = files_port(ctx)
    pending = pending_path(ctx, target)
    try:
        if target.suffix.lower() == ".pdf":
            # On paper times are the school's (each with its zone), not UTC.
            result = files.reports_pdf.write_table_pdf(
                pending,
                title,
                [replace(c, title=c.title.replace(" (UTC)", "")) for c in columns],
                rows,
                lines,
                time_zone=school_zone(ctx),
                is_cancelled=is_cancelled,
            )
        else:
            result = files.xlsx.write_table_xlsx(
                pending, title, columns, rows, lines, progress=progress, is_cancelled=is_cancelled
            )
    except BaseException:
        drop_pending(ctx, pending)
        raise
    return result, pending


REPORT_EXPORT_ACTION = "report_export"


def report_entry(
    report: str,
    schools: Sequence[SchoolRecord],
    target: Path,
    details: dict[str, Any] | None = None,
) -> Callable[[int], AuditEntry]:
    """The audit row of a report export, given the rows written: what, where, how many."""
    target_type, target_id, school_id = audit_target(schools)

    def entry(rows: int) -> AuditEntry:
        return AuditEntry(
            REPORT_EXPORT_ACTION,
            Outcome.SUCCESS,
            target_type,
            target_id,
            school_id,
            (details or {})
            | {
                "report": report,
                "rows": rows,
                "format": target.suffix.lower()[1:],
                "file": target.name,
            },
        )

    return entry


def export_report(
    ctx: AppContext,
    session: StaffSession,
    target: Path,
    *,
    report: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    schools: Sequence[SchoolRecord],
    now: datetime,
    notes: Sequence[str] = (),
    details: dict[str, Any] | None = None,
) -> ExportSummary:
    """Write a report's rows under its title lines (times in the school's zone), then audit
    the export and publish the file."""
    lines = meta_lines(session, schools, now, *notes, zone=school_zone(ctx))
    result, pending = write_table(ctx, target, title, columns, rows, lines)
    return finish_export(
        ctx, session, result, pending, target, report_entry(report, schools, target, details)
    )


def finish_export(
    ctx: AppContext,
    session: StaffSession,
    result: ExportResult,
    pending: Path,
    target: Path,
    audit_entry: Callable[[int], AuditEntry],
) -> ExportSummary:
    """Audit the export (``audit_entry(rows)``), then publish the file; a cancel records
    nothing and leaves no file."""
    try:
        if result.cancelled:
            return ExportSummary(None, result.rows, result.cleaned_characters, cancelled=True)
        with ctx.uow() as uow:
            audit(uow, ctx, session, audit_entry(result.rows))
            uow.commit()
        publish(pending, target)
    finally:
        drop_pending(ctx, pending)
    return ExportSummary(str(target), result.rows, result.cleaned_characters)
