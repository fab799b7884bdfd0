"""The audit trail: appends serialised per chain (a school's, or the district's), reads in
sequence order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, false, func, insert, or_, select, text, true, update
from sqlalchemy.orm import Session

from ppdesk.adapters.db.models import AuditChainHead, AuditEvent, table_of
from ppdesk.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditRecord,
    AuditScope,
    ChainState,
    chain_of,
    check_details,
    keyless_workstation,
    row_hash,
    row_mac,
)
from ppdesk.domain.text import NAME_MAX

INSERT_CHUNK = 1_000


def _utc(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite's strftime
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _record(row: AuditEvent) -> AuditRecord:
    return AuditRecord(
        seq=row.seq,
        occurred_at=row.occurred_at,
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


def start_signing(conn: Connection | Session) -> int | None:
    """From the next row on every row must be signed: a database's keys were just claimed
    (``keys init``, or a SQLite file's first start). Moves the district head's
    ``mac_from_seq`` past every row written so far, in the caller's transaction, only while
    no row carries a MAC (the protection trigger allows nothing else, migration 0022).
    Returns the new boundary, or None when signing had already started."""
    nxt = conn.execute(select(func.coalesce(func.max(AuditEvent.seq), 0) + 1)).scalar_one()
    signed = select(AuditEvent.seq).where(AuditEvent.row_mac.is_not(None)).exists()
    t = table_of(AuditChainHead)
    moved = conn.execute(
        update(t)
        .where(t.c.chain == 0, func.coalesce(t.c.mac_from_seq, 1) < nxt, ~signed)
        .values(mac_from_seq=nxt)
    )
    return int(nxt) if moved.rowcount else None  # type: ignore[attr-defined]


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
        """Append rows in order (one database time; each row hashing the last row of its
        own chain: its school's, or the district's); returns their sequence numbers. The
        only place the chains are extended from Python.

        Only the heads of the chains written are locked (in chain order, so two writers
        never wait for each other crosswise); the sequence numbers are drawn after the
        locks, so they grow along every chain. The database's trigger checks each row and
        moves its chain's head (docs/audit.md)."""
        if not entries:
            return []
        postgres = self.s.get_bind().dialect.name == "postgresql"
        chains = sorted({chain_of(e.school_id) for e in entries})
        self.s.flush()  # pending ORM rows first, so foreign keys and order hold
        last: dict[int, tuple[int, str]] = {}
        occurred_at: datetime | None = None
        first_seq = 0
        for i, chain in enumerate(chains):
            final = i == len(chains) - 1
            row = self._lock_head(chain, postgres, draw=len(entries) if final else 0)
            if row is None:
                self._start_chain(chain)
                row = self._lock_head(chain, postgres, draw=len(entries) if final else 0)
                assert row is not None
            last[chain] = (int(row[0]), str(row[1]))
            if final:
                first_seq, occurred_at = int(row[2]), _utc(row[3])
        assert occurred_at is not None
        if postgres and len(entries) > 1:
            seqs = sorted(
                int(v)
                for v in self.s.scalars(
                    text("SELECT nextval('audit_event_seq') FROM generate_series(2, :n)"),
                    {"n": len(entries)},
                )
            )
            seqs = [first_seq, *seqs]
        else:
            seqs = list(range(first_seq, first_seq + len(entries)))
        mac = self._signer() if self._signer is not None else None
        if mac is None:
            workstation = keyless_workstation(workstation, NAME_MAX)
        rows: list[dict[str, Any]] = []
        for seq, entry in zip(seqs, entries, strict=True):
            chain = chain_of(entry.school_id)
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
                "prev_hash": last[chain][1],
            }
            digest = row_hash(**fields)
            signature = row_mac(mac, digest) if mac is not None else None
            rows.append({**fields, "row_hash": digest, "row_mac": signature})
            last[chain] = (seq, digest)
        for start in range(0, len(rows), INSERT_CHUNK):
            self.s.execute(insert(table_of(AuditEvent)), rows[start : start + INSERT_CHUNK])
        return [r["seq"] for r in rows]

    def _lock_head(self, chain: int, postgres: bool, *, draw: int) -> Row[Any] | None:
        """Lock one chain's head: (last_seq, last_hash, first new sequence, database time)
        in one statement. The sequence is drawn only after the lock (PostgreSQL would
        evaluate it before locking in a plain ``SELECT ... FOR UPDATE``)."""
        if postgres:
            seq = "nextval('audit_event_seq')" if draw else "0"
            sql = (
                "WITH h AS MATERIALIZED (SELECT last_seq, last_hash FROM audit_chain_head "
                "WHERE chain = :c FOR UPDATE) "
                f"SELECT h.last_seq, h.last_hash, {seq}, clock_timestamp() FROM h"
            )
        else:  # the write transaction (BEGIN IMMEDIATE) already serialises everything
            sql = (
                "SELECT last_seq, last_hash, "
                "COALESCE((SELECT max(seq) FROM audit_event), 0) + 1, "
                "strftime('%Y-%m-%d %H:%M:%f', 'now') FROM audit_chain_head WHERE chain = :c"
            )
        return self.s.execute(text(sql), {"c": chain}).first()

    def _start_chain(self, chain: int) -> None:
        """The first row of a school's chain: its head, empty at the fork (the database
        refuses any other new head). Two writers may race here; one insert wins."""
        self.s.execute(
            text(
                "INSERT INTO audit_chain_head (id, chain, last_seq, last_hash) "
                "SELECT :c + 1, :c, fork_seq - 1, fork_hash FROM audit_chain_head "
                "WHERE chain = 0 ON CONFLICT DO NOTHING"
            ),
            {"c": chain},
        )

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

    def verifiable_chains(self) -> frozenset[int] | None:
        return None  # this connection reads every row

    def start_signing(self) -> int | None:
        """From the next row on every row must be signed (the keys were just made)."""
        return start_signing(self.s)

    def chain_state(self) -> ChainState:
        """Every chain's head, the fork and ``mac_from_seq`` (rows from it on are signed;
        those before migration 0006 are not)."""
        heads: dict[int, tuple[int, str]] = {}
        fork_seq, fork_hash, mac_from = 1, GENESIS_HASH, 1
        t = AuditChainHead
        for chain, seq, head, f_seq, f_hash, m_from in self.s.execute(
            select(t.chain, t.last_seq, t.last_hash, t.fork_seq, t.fork_hash, t.mac_from_seq)
        ):
            heads[int(chain)] = (int(seq), str(head))
            if chain == 0:
                fork_seq = 1 if f_seq is None else int(f_seq)
                fork_hash = f_hash or GENESIS_HASH
                mac_from = 1 if m_from is None else int(m_from)
        return ChainState(heads, fork_seq, fork_hash, mac_from)

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
