"""The audit trail's hash chain (pure).

Each row's hash covers its own fields and the previous row's hash, so changing, deleting,
inserting or swapping a row breaks every link after it. ``verify_chain`` walks rows in
sequence order and names the first bad one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

GENESIS_HASH = "0" * 64

# Keys that must never be written into an audit row's details.
FORBIDDEN_DETAIL_KEYS = frozenset({"pin", "password", "secret", "key", "ciphertext", "token"})


class Outcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILED = "failed"


@dataclass(frozen=True)
class AuditEntry:
    """What a service asks to record. The time and sequence come from the database."""

    action: str
    outcome: Outcome = Outcome.SUCCESS
    target_type: str | None = None
    target_id: str | None = None
    school_id: int | None = None
    details: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    occurred_at: datetime
    actor: str
    actor_staff_id: int | None
    workstation: str
    action: str
    target_type: str | None
    target_id: str | None
    school_id: int | None
    outcome: str
    details: str
    prev_hash: str
    row_hash: str


def _secret_like(key: str) -> bool:
    k = key.lower()
    if k.endswith(("_id", "_ids", "_count", "_status", "_changed")):
        return False  # references and counts, not secrets
    return any(word in k for word in FORBIDDEN_DETAIL_KEYS)


def check_details(details: Mapping[str, Any] | None) -> str:
    """Serialise details canonically, refusing keys that name a secret."""
    details = dict(details or {})
    for key in details:
        if _secret_like(key):
            raise ValueError(f"audit details may not carry a secret-like key: {key!r}")
    return json.dumps(
        details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def canonical_time(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor: str,
    actor_staff_id: int | None,
    workstation: str,
    action: str,
    target_type: str | None,
    target_id: str | None,
    school_id: int | None,
    outcome: str,
    details: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            canonical_time(occurred_at),
            actor,
            actor_staff_id,
            workstation,
            action,
            target_type,
            target_id,
            school_id,
            outcome,
            details,
            prev_hash,
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    rows: int
    first_bad_seq: int | None = None
    problem: str | None = None

    def describe(self) -> str:
        if self.intact:
            return f"intact ({self.rows} rows)"
        return f"broken at sequence {self.first_bad_seq}: {self.problem}"


def verify_chain(
    records: Iterable[AuditRecord], *, head_seq: int | None = None, head_hash: str | None = None
) -> ChainReport:
    """Check sequence continuity, each link and each row's own hash."""
    expected_seq = 1
    prev = GENESIS_HASH
    count = 0
    for rec in records:
        count += 1
        if rec.seq != expected_seq:
            missing = expected_seq if rec.seq > expected_seq else rec.seq
            return ChainReport(
                False, count, missing, f"expected sequence {expected_seq}, found {rec.seq}"
            )
        if rec.prev_hash != prev:
            return ChainReport(False, count, rec.seq, "link to the previous row does not match")
        recomputed = row_hash(
            seq=rec.seq,
            occurred_at=rec.occurred_at,
            actor=rec.actor,
            actor_staff_id=rec.actor_staff_id,
            workstation=rec.workstation,
            action=rec.action,
            target_type=rec.target_type,
            target_id=rec.target_id,
            school_id=rec.school_id,
            outcome=rec.outcome,
            details=rec.details,
            prev_hash=rec.prev_hash,
        )
        if recomputed != rec.row_hash:
            return ChainReport(False, count, rec.seq, "row content does not match its hash")
        prev = rec.row_hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq != last_seq:
        return ChainReport(
            False, count, last_seq + 1, f"rows after sequence {last_seq} are missing"
        )
    if head_hash is not None and head_seq and head_hash != prev:
        return ChainReport(False, count, last_seq, "last row does not match the chain head")
    return ChainReport(True, count)
