"""The audit trail: appends serialised on the chain head, reads in sequence order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, false, insert, or_, select, true, update
from sqlalchemy.orm import Session

from ppdesk.adapters.db import clock
from ppdesk.adapters.db.models import AuditChainHead, AuditEvent
from ppdesk.domain.audit import (
    AuditEntry,
    AuditRecord,
    AuditScope,
    check_details,
    row_hash,
    row_mac,
)

INSERT_CHUNK = 1_000


def _record(row: AuditEvent) -> AuditRecord:
    occurred = row.occurred_at
    if occurred.tzinfo is None:  # SQLite keeps naive UTC
        occurred = occurred.replace(tzinfo=UTC)
    return AuditRecord(
        seq=row.seq,
        occurred_at=occurred,
        actor=row.actor,
        actor_staff_id=row.actor_staff_id,
        workstation=row.workstation,
        action=row.action,
        target_type=row.target_type,
        target_id=row.target_id,
        school_id=row.school_id,
        outcome=row.outcome,
        details=row.details,
        prev_hash=row.prev_hash,
        row_hash=row.row_hash,
        row_mac=row.row_mac,
    )


# The audit key's MAC function, or None on a workstation without the PIN keys.
AuditSigner = Callable[[], Callable[[str], str] | None]


class SqlAuditRepository:
    def __init__(self, session: Session, signer: AuditSigner | None = None) -> None:
        self.s = session
        self._signer = signer

    def append(
        self, entry: AuditEntry, *, actor: str, actor_staff_id: int | None, workstation: str
    ) -> int:
        """Append one audit row; returns its sequence number."""
        (seq,) = self.append_many(
            [entry], actor=actor, actor_staff_id=actor_staff_id, workstation=workstation
        )
        return seq

    def append_many(
        self,
        entries: Sequence[AuditEntry],
        *,
        actor: str,
        actor_staff_id: int | None,
        workstation: str,
    ) -> list[int]:
        """Append rows in order (one database time, each row hashing the one before);
        returns their sequence numbers. The only place the chain is extended."""
        if not entries:
            return []
        # Locking the single head row serialises writers on PostgreSQL; on SQLite the
        # write transaction (BEGIN IMMEDIATE) already does.
        head = self.s.execute(
            select(AuditChainHead.last_seq, AuditChainHead.last_hash)
            .where(AuditChainHead.id == 1)
            .with_for_update()
        ).one()
        occurred_at = clock.db_now(self.s)
        seq, prev = int(head[0]), str(head[1])
        mac = self._signer() if self._signer is not None else None
        rows: list[dict[str, Any]] = []
        for entry in entries:
            seq += 1
            fields: dict[str, Any] = {
                "seq": seq,
                "occurred_at": occurred_at,
                "actor": actor,
                "actor_staff_id": actor_staff_id,
                "workstation": workstation,
                "action": entry.action,
                "target_type": entry.target_type,
                "target_id": entry.target_id,
                "school_id": entry.school_id,
                "outcome": entry.outcome.value,
                "details": check_details(entry.details),
                "prev_hash": prev,
            }
            prev = row_hash(**fields)
            signature = row_mac(mac, prev) if mac is not None else None
            rows.append({**fields, "row_hash": prev, "row_mac": signature})
        self.s.flush()  # pending ORM rows first, so foreign keys and order hold
        for start in range(0, len(rows), INSERT_CHUNK):
            self.s.execute(insert(AuditEvent.__table__), rows[start : start + INSERT_CHUNK])
        self.s.execute(
            update(AuditChainHead.__table__)
            .where(AuditChainHead.__table__.c.id == 1)
            .values(last_seq=seq, last_hash=prev)
        )
        return [r["seq"] for r in rows]

    def iter_records(self, chunk: int = 1000) -> Iterator[AuditRecord]:
        last = 0
        while True:
            rows = list(
                self.s.scalars(
                    select(AuditEvent)
                    .where(AuditEvent.seq > last)
                    .order_by(AuditEvent.seq)
                    .limit(chunk)
                )
            )
            if not rows:
                return
            for row in rows:
                yield _record(row)
            last = rows[-1].seq
            self.s.expunge_all()

    def head(self) -> tuple[int, str]:
        head = self.s.execute(select(AuditChainHead).where(AuditChainHead.id == 1)).scalar_one()
        return head.last_seq, head.last_hash

    def mac_from_seq(self) -> int:
        """Rows from this sequence on must be signed (those before migration 0006 are not)."""
        value = self.s.scalar(select(AuditChainHead.mac_from_seq).where(AuditChainHead.id == 1))
        return 1 if value is None else int(value)

    def query(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor: str | None = None,
        action: str | None = None,
        target_id: str | None = None,
        limit: int | None = None,
        scope: AuditScope | None = None,
    ) -> Sequence[AuditRecord]:
        """Rows filtered in SQL, oldest first; with ``limit``, the newest ``limit`` of them.
        With ``scope``, only the rows that reader may see (``AuditScope``)."""
        q = select(AuditEvent).order_by(AuditEvent.seq)
        if scope is not None:
            unattributed = and_(AuditEvent.school_id.is_(None), AuditEvent.actor_staff_id.is_(None))
            q = q.where(
                or_(
                    AuditEvent.school_id.in_(sorted(scope.school_ids)),
                    and_(
                        AuditEvent.school_id.is_(None),
                        AuditEvent.actor_staff_id.in_(sorted(scope.staff_ids)),
                    ),
                    and_(unattributed, true() if scope.every_school else false()),
                )
            )
        if since is not None:
            q = q.where(AuditEvent.occurred_at >= since)
        if until is not None:
            q = q.where(AuditEvent.occurred_at < until)
        if actor:
            q = q.where(AuditEvent.actor == actor)
        if action:
            q = q.where(AuditEvent.action == action)
        if target_id:
            q = q.where(AuditEvent.target_id == target_id)
        if limit:
            q = q.order_by(None).order_by(AuditEvent.seq.desc()).limit(limit)
            return sorted((_record(r) for r in self.s.scalars(q)), key=lambda r: r.seq)
        return [_record(r) for r in self.s.scalars(q)]
