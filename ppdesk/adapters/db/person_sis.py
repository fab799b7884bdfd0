"""The SIS import over the signed-in person's own connection (``ppdesk_api`` import
functions, ``pg_security_import``).

``services.sis_write.write_plan`` writes as it always does; this repository stages each of
its bulk writes instead (COPY into the session's staging tables, which
``begin_sis_import`` made as the owner when the import took its lock), and the one call of
``apply_sis_import`` at the summary row checks and applies them all, revokes the PINs,
closes the status requests the import settles and appends the audit rows. Reads go to the
views like every read of the desk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from ppdesk.adapters.db.pg_security import HIDDEN_COLUMNS
from ppdesk.adapters.db.pg_security_import import CLOSE_ACTION
from ppdesk.adapters.db.pg_sql import API
from ppdesk.adapters.db.repos.pins import OUTSTANDING
from ppdesk.adapters.db.repos.sis import IN_CHUNK, SqlSisRepository
from ppdesk.domain.audit import AuditEntry, Outcome, check_details
from ppdesk.domain.errors import DomainError, PermissionDenied
from ppdesk.domain.roles import Permission, permission_denied_code
from ppdesk.services.sis_rows import Rows

# The entries of write_plan that apply_sis_import writes itself (the summary last).
IMPORT_ACTIONS = frozenset({"staff_add", "role_grant", CLOSE_ACTION, "pin_revoke", "sis_import"})


def _import_refusal(code: str, school_id: int | None) -> DomainError:
    """The desk's error for a refusal of the import functions, carrying its denied row
    (``@service`` writes it after the rollback, so the refusal keeps exactly one row)."""
    if code == "import_invalid":
        error: DomainError = PermissionDenied(f"Refused by the database ({code}).")
    else:
        error = PermissionDenied(permission_denied_code(Permission.IMPORT_SIS))
    return error.with_audit(
        AuditEntry(
            "sis_import",
            Outcome.DENIED,
            None,
            None,
            school_id,
            {
                "permission": Permission.IMPORT_SIS.value,
                "dry_run": False,
                "reason": code,
                "refused_by": "database",
            },
        )
    )


class PersonSisRepository(SqlSisRepository):
    """Reads through the views; the import's writes staged, then applied by one function."""

    def __init__(self, session: Session, acts: Any, reads: Callable[[str], str]) -> None:
        super().__init__(session)
        self.acts = acts
        self.reads = reads  # person_uow.without_hidden_columns
        self.begun = False
        self.batch = 0
        self.new_schools: list[int] = []

    # -- reading ------------------------------------------------------------------------
    def _fetch(self, stmt: Any) -> Iterator[tuple[Any, ...]]:
        """As the workstation's, with the hidden columns read as NULL (the raw cursor
        bypasses the engine's rewrite)."""
        compiled = stmt.compile(
            dialect=self.s.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        cursor = self._raw().cursor()
        try:
            cursor.execute(self.reads(str(compiled)))
            while batch := cursor.fetchmany(5000):
                yield from batch
        finally:
            cursor.close()

    def keys_elsewhere(
        self, student_numbers: Sequence[str], guardian_ids: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        """``sis_keys_elsewhere``: the keys another school's rows hold (the unique indexes
        span the district; the views show the caller's schools)."""
        if not student_numbers and not guardian_ids:
            return set(), set()
        got = self.s.execute(
            text(f"SELECT * FROM {API}.sis_keys_elsewhere(:s, :g)"),
            {"s": list(student_numbers), "g": list(guardian_ids)},
        ).one()
        if got.refusal is not None:
            raise _import_refusal(str(got.refusal), None)
        return set(got.students), set(got.guardians)

    # -- staging ------------------------------------------------------------------------
    def lock_imports(self) -> bool:
        if not super().lock_imports():
            return False
        refusal = self.s.execute(text(f"SELECT refusal FROM {API}.begin_sis_import()")).scalar()
        if refusal is not None:
            raise _import_refusal(str(refusal), None)
        self.begun = True
        self.acts.sis_import = self  # the schools, requests and audit hand over to it
        return True

    def _stage(self, table: str, op: str, columns: list[str], rows: Iterable[Any]) -> None:
        self.batch += 1
        batch = self.batch
        names = ", ".join(["batch", *columns])
        raw = self._raw()
        with raw.cursor() as cur:
            with cur.copy(f"COPY pg_temp.sis_stage_{table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([batch, *row])
            cur.execute(
                "INSERT INTO pg_temp.sis_stage_batch (batch, tbl, op, cols) "
                "VALUES (%s, %s, %s, %s)",
                (batch, table, op, columns),
            )

    def _allocate_ids(self, table: str, count: int) -> list[int]:
        if count <= 0:
            return []
        got = self.s.execute(
            text(f"SELECT ids, refusal FROM {API}.reserve_sis_ids(:t, :n)"),
            {"t": table, "n": count},
        ).one()
        if got.refusal is not None:
            raise _import_refusal(str(got.refusal), None)
        return [int(i) for i in got.ids]

    def _insert(self, table: str, rows: Rows[Mapping[str, object]]) -> None:
        if not len(rows):
            return
        columns = list(next(iter(rows)))
        self._stage(table, "insert", columns, ([r[c] for c in columns] for r in rows))

    def _update(self, table: str, rows: Rows[Mapping[str, object]]) -> None:
        if not len(rows):
            return
        hidden = HIDDEN_COLUMNS.get(table, frozenset())
        # The stored student PIN is not readable here: an update leaves it as it is.
        columns = ["id", *(c for c in next(iter(rows)) if c != "id" and c not in hidden)]
        self._stage(table, "update", columns, ([r[c] for c in columns] for r in rows))

    def _set_values(self, table: str, ids: Iterable[int], **values: object) -> None:
        found = sorted(ids)
        if not found:
            return
        columns = ["id", *values]
        self._stage(table, "update", columns, ([i, *values.values()] for i in found))

    def _delete(self, table: str, ids: Iterable[int], *, column: str = "id") -> None:
        found = sorted(set(ids))
        if found:
            self._stage(table, "delete", [column], ([i] for i in found))

    def _copy_into(self, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
        with (
            self._raw().cursor() as cur,
            cur.copy(f"COPY pg_temp.{table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def revoke_pins(
        self, reasons: dict[int, str], *, now: datetime, by_id: int | None
    ) -> list[tuple[int, int, int]]:
        """Staged: ``apply_sis_import`` revokes the outstanding PINs of these links. Returns
        those outstanding now (as the caller may see them); the function revokes and audits
        what is outstanding when it runs, a PIN issued meanwhile included."""
        self._copy_into("sis_stage_revoke", "link_id, reason", sorted(reasons.items()))
        found: list[tuple[int, int, int]] = []
        links = sorted(reasons)
        for chunk in (links[i : i + IN_CHUNK] for i in range(0, len(links), IN_CHUNK)):
            found += [
                (int(r[0]), int(r[1]), int(r[2]))
                for r in self.s.execute(
                    text(
                        "SELECT id, link_id, student_id FROM parent_pin "
                        "WHERE status IN :st AND link_id IN :links"
                    ).bindparams(
                        bindparam("st", expanding=True), bindparam("links", expanding=True)
                    ),
                    {"st": [str(s) for s in OUTSTANDING], "links": chunk},
                )
            ]
        return sorted(found)

    # -- what the import's other repositories hand over ---------------------------------
    def add_school(self, fields: dict[str, Any]) -> int:
        (school_id,) = self._allocate_ids("school", 1)
        columns = ["id", *fields]
        self._stage("school", "insert", columns, [[school_id, *fields.values()]])
        self.new_schools.append(school_id)
        return school_id

    def update_school(self, school_id: int, fields: dict[str, Any]) -> None:
        columns = ["id", *fields]
        self._stage("school", "update", columns, [[school_id, *fields.values()]])

    def mark_sis_fed(self, school_ids: Sequence[int]) -> list[int]:
        """Staged; the schools ``apply_sis_import`` will mark (as the caller sees them)."""
        ids = sorted(set(school_ids))
        if not ids:
            return []
        self._copy_into("sis_stage_carried", "school_id", ([i] for i in ids))
        known = set(
            self.s.execute(
                text(
                    "SELECT id FROM school WHERE id IN :ids AND sis_fed_since IS NULL "
                    "AND status_local_since IS NULL"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": ids},
            ).scalars()
        )
        return [i for i in ids if i in known or i in self.new_schools]

    def stage_unverified(self, link_ids: Sequence[int]) -> None:
        self._copy_into("sis_stage_unverified", "link_id", ([i] for i in sorted(set(link_ids))))

    def apply(self, entries: Sequence[AuditEntry]) -> list[int]:
        """The one call that applies the staged import, with the summary entry's details
        (the function counts the PINs revoked and the requests closed itself)."""
        summary = entries[-1]
        others = {e.action for e in entries[:-1]}
        if summary.action != "sis_import" or not others <= IMPORT_ACTIONS:
            raise ValueError("the import's audit entries end with its summary")
        got = self.s.execute(
            text(f"SELECT * FROM {API}.apply_sis_import(:d, :s)"),
            {"d": check_details(summary.details), "s": summary.school_id},
        ).one()
        if got.refusal is not None:
            raise _import_refusal(str(got.refusal), summary.school_id)
        self.begun = False
        self.acts.sis_import = None
        return [0] * (len(entries) - 1) + [int(got.audit_seq)]


def is_import_denial(entries: Sequence[AuditEntry]) -> bool:
    """The service's refusal of an import at an existing school (``sis_import._denied``)."""
    return (
        len(entries) == 1
        and entries[0].action == "sis_import"
        and entries[0].outcome is Outcome.DENIED
        and entries[0].target_type == "school"
        and entries[0].school_id is not None
    )


def note_import_denial(s: Session, entry: AuditEntry) -> int:
    """Record the service's refusal through ``note_import_refusal`` (``audit_note`` takes
    only the caller's own schools, and the school refused is not one of them)."""
    s.execute(
        text(f"SELECT refusal FROM {API}.note_import_refusal(:c, :d)"),
        {"c": entry.target_id, "d": bool((entry.details or {}).get("dry_run"))},
    ).scalar_one()
    return 0
