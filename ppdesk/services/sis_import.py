"""Import students, guardians and staff from the SIS: a dry run, and the all-or-nothing apply.

``preview_import`` reads and checks the files, compares them with the database and
returns an ``ImportPlan`` (adds, updates, deactivations, PIN revocations, every problem
with file, line and column) without writing anything. ``apply_import`` does the same,
refuses with ``ImportRejected`` while any error remains, and otherwise writes the whole
plan in one transaction with its audit rows. The rules are in docs/import.md.

Both need ``Permission.IMPORT_SIS`` at every school the import touches (principal there,
or a district administrator). The readers are reached through ``ctx.files.sis``
(``ppdesk.adapters.sis``); reading a district takes seconds: call from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ppdesk.domain.audit import AuditEntry, Outcome
from ppdesk.domain.errors import Conflict, DomainError, ValidationError
from ppdesk.domain.roles import Permission, permission_denied_code, role_allows
from ppdesk.domain.settings import check_encoding
from ppdesk.domain.sis import Problem, SisSchool, SisSnapshot, count_problems, gc_paused
from ppdesk.services.access import AuditedDenial, grants_allow, grants_for, service
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.ports import SchoolRecord, SisReaders, UnitOfWork
from ppdesk.services.sis_plan import Change, Plan, plan_import
from ppdesk.services.sis_state import StudentKey
from ppdesk.services.sis_write import student_pin_aad, write_plan

__all__ = [
    "Change",
    "DeactivationsNotConfirmed",
    "ImportCounts",
    "ImportPlan",
    "ImportRejected",
    "ImportResult",
    "Problem",
    "apply_import",
    "count_problems",
    "preview_import",
    "write_blank_template",
]

KINDS = ("oneroster", "template", "auto")

#: Up to this many students and guardians may be made inactive without a confirmation,
#: whatever the percentage (a small school's ordinary leavers).
DEACTIVATION_FLOOR = 10

#: Plan counter keys and the names they have in ``ImportCounts``.
COUNT_NAMES = {
    "school_add": "schools_added",
    "school_update": "schools_updated",
    "staff_add": "staff_added",
    "staff_update": "staff_updated",
    "role_grant": "roles_granted",
    "student_add": "students_added",
    "student_update": "students_updated",
    "student_reactivate": "students_reactivated",
    "student_deactivate": "students_deactivated",
    "guardian_add": "guardians_added",
    "guardian_update": "guardians_updated",
    "guardian_reactivate": "guardians_reactivated",
    "guardian_deactivate": "guardians_deactivated",
    "link_add": "links_added",
    "link_update": "links_updated",
    "link_reactivate": "links_reactivated",
    "link_deactivate": "links_deactivated",
    "emergency_contact_add": "contacts_added",
    "emergency_contact_update": "contacts_updated",
    "emergency_contact_remove": "contacts_removed",
    "pin_revoke": "pins_revoked",
}


@dataclass(frozen=True)
class ImportCounts:
    """How many records an import adds, updates, (re)activates and deactivates."""

    schools_added: int = 0
    schools_updated: int = 0
    staff_added: int = 0
    staff_updated: int = 0
    roles_granted: int = 0
    students_added: int = 0
    students_updated: int = 0
    students_reactivated: int = 0
    students_deactivated: int = 0
    guardians_added: int = 0
    guardians_updated: int = 0
    guardians_reactivated: int = 0
    guardians_deactivated: int = 0
    links_added: int = 0
    links_updated: int = 0
    links_reactivated: int = 0
    links_deactivated: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    contacts_removed: int = 0
    pins_revoked: int = 0

    @property
    def total(self) -> int:
        """All changes together (0: the database already matches the SIS)."""
        return sum(self.as_dict().values())

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_NAMES.values()}


@dataclass(frozen=True)
class ImportPlan:
    """What an import would change (or, in ``ImportResult``, changed).

    ``changes`` lists each change with the SIS key and the names of the fields that
    change, never their values. ``problems`` are the readers' and the comparison's.
    """

    source: str
    source_kind: str
    full: bool
    school_codes: tuple[str, ...]
    counts: ImportCounts
    #: A ``sis_plan.ChangeLog`` (compact; equal to a tuple of the same changes).
    changes: Sequence[Change]
    problems: tuple[Problem, ...]
    #: Students plus guardians the import makes inactive, and how many it may without
    #: ``allow_deactivations`` (docs/import.md, "A safety net for a truncated feed").
    deactivations: int = 0
    deactivation_threshold: int = DEACTIVATION_FLOOR
    #: (school code, the local district it gets from the files, or None) for each school.
    local_districts: tuple[tuple[str, str | None], ...] = ()

    @property
    def needs_confirmation(self) -> bool:
        """True when applying needs ``allow_deactivations`` of at least ``deactivations``."""
        return self.deactivations > self.deactivation_threshold

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def error_count(self) -> int:
        """Every error, those not listed one by one included."""
        return count_problems(self.problems, "error")

    @property
    def ok(self) -> bool:
        """True when the import may be applied."""
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    """An applied import: its plan, the audit row and the PINs revoked."""

    plan: ImportPlan
    audit_seq: int
    revoked_pin_ids: tuple[int, ...]

    @property
    def counts(self) -> ImportCounts:
        return self.plan.counts

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.plan.warnings


class ImportRejected(ValidationError):
    """The files have errors: nothing was imported. ``problems`` lists all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        total = count_problems(errors, "error")
        shown = "\n".join(f"  {p}" for p in errors[:10])
        more = f"\n  ... and {total - 10:,} more" if total > 10 else ""
        super().__init__("sis.import_rejected", total=total, problems=f"{shown}{more}")


class DeactivationsNotConfirmed(ValidationError):
    """The import would make more students and guardians inactive than the threshold
    allows without a confirmation naming the count: nothing was imported."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        c = plan.counts
        super().__init__(
            "sis.deactivations_not_confirmed",
            students=c.students_deactivated,
            guardians=c.guardians_deactivated,
            deactivations=plan.deactivations,
            threshold=plan.deactivation_threshold,
            revoked=c.pins_revoked,
        )


# ------------------------------------------------------------------------ public API


@service
def preview_import(
    ctx: AppContext,
    session: StaffSession,
    path: str | Path,
    *,
    kind: str = "oneroster",
    verified_from_role: bool = False,
    progress: Callable[[str], None] | None = None,
    encoding: str | None = None,
) -> ImportPlan:
    """Dry run: read, check and compare, and say what an import would change.

    Writes nothing at all (no audit row either: nothing happened); a refusal for want
    of ``IMPORT_SIS`` is audited like every refusal. ``encoding``: the legacy encoding
    of the CSV files (default: the workstation setting, else UTF-8; docs/import.md).
    """
    options = _Options(kind, verified_from_role, encoding)
    snapshot = _read(ctx, session, path, options, progress, dry_run=True)
    with ctx.uow(readonly=True) as uow, gc_paused():
        plan, problems = _plan(ctx, uow, session, snapshot, Path(path).name, dry_run=True)
        uow.rollback()
    if progress:
        progress("done")
    return _public(ctx, Path(path).name, snapshot, plan, problems)


@service
def apply_import(
    ctx: AppContext,
    session: StaffSession,
    path: str | Path,
    *,
    kind: str = "oneroster",
    verified_from_role: bool = False,
    progress: Callable[[str], None] | None = None,
    encoding: str | None = None,
    allow_deactivations: int | None = None,
) -> ImportResult:
    """Import the files: all or nothing, in one transaction, audited as ``sis_import``.

    Raises ``ImportRejected`` (listing every problem) when there is any error, and
    ``PermissionDenied`` without ``IMPORT_SIS`` at every school concerned, and
    ``DeactivationsNotConfirmed`` when it would make more students and guardians
    inactive than the threshold and ``allow_deactivations`` is not at least that many;
    in each case nothing is written.
    """
    name = Path(path).name
    options = _Options(kind, verified_from_role, encoding)
    snapshot = _read(ctx, session, path, options, progress, dry_run=False)
    with ctx.uow() as uow, gc_paused():
        plan, problems = _plan(ctx, uow, session, snapshot, name, dry_run=False)
        public = _public(ctx, name, snapshot, plan, problems)
        if public.needs_confirmation and (allow_deactivations or 0) < public.deactivations:
            raise DeactivationsNotConfirmed(public)
        if progress:
            progress("writing")
        audit_seq, revoked = write_plan(ctx, uow, session, snapshot, plan, summary=_summary(public))
        uow.commit()
    if progress:
        progress("done")
    # PINs are counted as revoked, not as they stood when compared (see sis_write).
    counts = replace(public.counts, pins_revoked=len(revoked))
    return ImportResult(replace(public, counts=counts), audit_seq, tuple(revoked))


def write_blank_template(ctx: AppContext, path: str | Path) -> Path:
    """Save the blank ppdesk import template (.xlsx) for the user to fill in."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError("sis.template_is_xlsx", field="file")
    _readers(ctx).write_blank_template(target)
    return target


# --------------------------------------------------------------------------- helpers


def _readers(ctx: AppContext) -> SisReaders:
    if ctx.files is None:
        raise DomainError("sis.readers_missing")
    return ctx.files.sis


@dataclass(frozen=True)
class _Options:
    kind: str
    verified_from_role: bool
    encoding: str | None


def _read(
    ctx: AppContext,
    session: StaffSession,
    path: str | Path,
    options: _Options,
    progress: Callable[[str], None] | None,
    *,
    dry_run: bool,
) -> SisSnapshot:
    kind, verified_from_role = options.kind, options.verified_from_role
    if kind not in KINDS:
        raise ValidationError("sis.kind_unknown", kinds=", ".join(KINDS), field="kind")
    encoding = options.encoding or ctx.settings.import_encoding
    if encoding:
        encoding = check_encoding(encoding)
    with ctx.uow(readonly=True) as uow:
        # Refuse before spending seconds on the files of someone who may never import.
        if not any(role_allows(g.role, Permission.IMPORT_SIS) for g in grants_for(uow, session)):
            raise _denied(None, None, dry_run)
    if progress:
        progress("reading")
    readers = _readers(ctx)
    today = ctx.clock().date()
    if kind == "template":
        snapshot: SisSnapshot = readers.read_template(path, today=today, encoding=encoding)
    elif kind == "oneroster":
        snapshot = readers.read_oneroster(
            path, verified_from_role=verified_from_role, today=today, encoding=encoding
        )
    else:
        snapshot = readers.read_sis(
            path, verified_from_role=verified_from_role, today=today, encoding=encoding
        )
    if progress:
        progress("comparing")
    return snapshot


def _plan(
    ctx: AppContext,
    uow: UnitOfWork,
    session: StaffSession,
    snapshot: SisSnapshot,
    name: str,
    *,
    dry_run: bool,
) -> tuple[Plan, tuple[Problem, ...]]:
    proposed = {s.code: s for s in snapshot.schools}
    _require(uow, session, proposed, proposed, dry_run)
    problems = list(snapshot.problems)
    if ctx.keys is None and any(s.student_pin for s in snapshot.students):
        problems.append(
            Problem(
                name,
                None,
                None,
                "error",
                "the files hold student PINs, but the PIN keys are not available on this "
                f"workstation ({ctx.keys_problem or 'no secure key store'}).",
            )
        )
    if any(p.severity == "error" for p in problems):
        if not dry_run:
            raise ImportRejected(problems)
        return Plan(), tuple(problems)
    if not dry_run and not uow.sis.lock_imports():
        raise Conflict("sis.import_running")
    state = uow.sis.load_state(uow.now())
    state.students_elsewhere, state.guardians_elsewhere = uow.sis.keys_elsewhere(
        [s.student_id for s in snapshot.students if s.student_id not in state.students],
        [g.source_id for g in snapshot.guardians if g.source_id not in state.guardians],
    )
    plan = plan_import(snapshot, state, pin_of=_pin_reader(ctx), source=name)
    _require(uow, session, plan.touched_codes - set(proposed), proposed, dry_run)
    problems += plan.problems
    if not dry_run and any(p.severity == "error" for p in plan.problems):
        raise ImportRejected(problems)  # rolled back: nothing written
    return plan, tuple(problems)


_UNREADABLE = object()  # a stored student PIN this workstation cannot decrypt


def _pin_reader(ctx: AppContext) -> Callable[[StudentKey], Any]:
    keys = ctx.keys

    def pin_of(row: StudentKey) -> Any:
        if row.pin_ciphertext is None:
            return None
        if keys is None:
            return _UNREADABLE
        try:
            return keys.decrypt(row.pin_key_id, row.pin_ciphertext, student_pin_aad(row.id))
        except DomainError:
            return _UNREADABLE  # rewritten with the current key

    return pin_of


def _denied(code: str | None, school_id: int | None, dry_run: bool) -> AuditedDenial:
    params = {} if code is None else {"school": code}
    return AuditedDenial(
        "permission.import_sis_school" if code else permission_denied_code(Permission.IMPORT_SIS),
        AuditEntry(
            "sis_import",
            Outcome.DENIED,
            "school" if code else None,
            code,
            school_id,
            {"permission": Permission.IMPORT_SIS.value, "dry_run": dry_run},
        ),
        **params,
    )


def _require(
    uow: UnitOfWork,
    session: StaffSession,
    codes: Iterable[str],
    proposed: dict[str, SisSchool],
    dry_run: bool,
) -> None:
    """IMPORT_SIS at each school, as it is and as the import would make it."""
    codes = sorted(codes)
    if not codes:
        return
    # The grants and schools read once, not once per school (a district has hundreds).
    grants = grants_for(uow, session)
    schools = {s.code: s for s in uow.schools.list_all()}
    for code in codes:
        existing = schools.get(code)
        wanted = proposed.get(code)
        records: list[SchoolRecord] = [existing] if existing is not None else []
        if wanted is not None and (
            existing is None
            or (
                wanted.local_district
                and existing.local_district is not None
                and wanted.local_district != existing.local_district
            )
        ):
            # A school the import creates (or moves to another local district) is judged
            # by where it will be: a district administrator of that district may. Giving
            # a school its first local district is no move: its principal may.
            records.append(
                SchoolRecord(-1, code, wanted.name, None, None, None, wanted.local_district, None)
            )
        for school in records:
            if not grants_allow(grants, Permission.IMPORT_SIS, school):
                raise _denied(code, existing.id if existing else None, dry_run)


def _public(
    ctx: AppContext, name: str, snapshot: SisSnapshot, plan: Plan, problems: tuple[Problem, ...]
) -> ImportPlan:
    counts = ImportCounts(**{COUNT_NAMES[k]: v for k, v in plan.counts.items() if v})
    percent = ctx.settings.import_deactivation_percent
    threshold = max(DEACTIVATION_FLOOR, plan.active_in_scope * percent // 100)
    if plan.deactivations > threshold:
        problems = (
            *problems,
            Problem(
                name,
                None,
                None,
                "warning",
                f"this import would make {plan.deactivations:,} students and guardians "
                f"inactive, over the threshold of {threshold:,} ({percent}% of the "
                f"{plan.active_in_scope:,} active now); applying it needs a confirmation "
                f"naming that count (--allow-deactivations {plan.deactivations}). Revoked "
                "PINs stay revoked. Is the export complete?",
            ),
        )
    return ImportPlan(
        source=name,
        source_kind=snapshot.source_kind,
        full=snapshot.full,
        school_codes=tuple(sorted(s.code for s in snapshot.schools)),
        counts=counts,
        changes=plan.changes,
        problems=problems,
        deactivations=plan.deactivations,
        deactivation_threshold=threshold,
        local_districts=tuple(sorted((s.code, s.local_district) for s in snapshot.schools)),
    )


def _summary(plan: ImportPlan) -> dict[str, Any]:
    details: dict[str, Any] = {
        "source_kind": plan.source_kind,
        "full": plan.full,
        "file": plan.source[:200],
        "school_count": len(plan.school_codes),
        "schools": list(plan.school_codes[:50]),
        "warning_count": len(plan.warnings),
    }
    details.update({f"{k}_count": v for k, v in plan.counts.as_dict().items()})
    return details
