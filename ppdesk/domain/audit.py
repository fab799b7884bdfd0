"""The audit trail's hash chain (pure).

Each row's hash covers its own fields and the previous row's hash, so changing, deleting,
inserting or swapping a row breaks every link after it. ``verify_chain`` walks rows in
sequence order and names the first bad one.

The hash alone is unkeyed: whoever can write the table can recompute it. So each row also
carries a MAC of its hash made with the audit key, which is kept with the PIN keys outside
the database (``row_mac``); a chain recomputed without that key fails at its first
rewritten row. And because deleting the tail and rewinding the head leaves a shorter chain
that is still consistent, the district keeps a checkpoint outside the database (the
sequence and hash of the head at some moment, MACed): ``verify_chain`` with a checkpoint
proves that nothing at or before it changed and nothing was cut.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
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
    row_mac: str | None = None


@dataclass(frozen=True)
class AuditScope:
    """Which audit rows a reader sees: rows about a school in ``school_ids``; rows about no
    school whose actor holds a role at one of those schools (``staff_ids``); rows about no
    school and with no staff actor (the portal, the system) only with ``every_school``."""

    school_ids: frozenset[int]
    staff_ids: frozenset[int]
    every_school: bool


# Rows appended by the database's own functions (``ppdesk db roles``) name a workstation
# starting with this; the database holds no audit key, so those rows are not signed.
DATABASE_WORKSTATION = "db:"

# A function from a message to its MAC with the audit key (``PinCrypto.audit_mac``).
Mac = Callable[[str], str]


def row_mac(mac: Mac, row_hash_value: str) -> str:
    return mac("audit-row\x00" + row_hash_value)


@dataclass(frozen=True)
class Checkpoint:
    """The chain head at one moment, kept by the district outside the database."""

    database_id: str
    seq: int
    head: str
    at: str  # ISO time, informative only

    def payload(self) -> str:
        return json.dumps(
            {
                "format": "ppdesk-audit-checkpoint-1",
                "database_id": self.database_id,
                "seq": self.seq,
                "head": self.head,
                "at": self.at,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def signed(self, mac: Mac) -> str:
        """One line of JSON: the payload and its MAC (for a file or a log collector)."""
        data = json.loads(self.payload())
        data["mac"] = mac("audit-checkpoint\x00" + self.payload())
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def parse(cls, text: str, mac: Mac) -> Checkpoint:
        """Read a signed checkpoint; ``ValueError`` if it is damaged or its MAC is wrong."""
        try:
            data = json.loads(text.strip().splitlines()[-1])
            cp = cls(str(data["database_id"]), int(data["seq"]), str(data["head"]), str(data["at"]))
            given = str(data["mac"])
        except (ValueError, KeyError, IndexError, TypeError):
            raise ValueError("This is not a ppdesk audit checkpoint.") from None
        if data.get("format") != "ppdesk-audit-checkpoint-1":
            raise ValueError("This is not a ppdesk audit checkpoint.")
        if not hmac.compare_digest(given, mac("audit-checkpoint\x00" + cp.payload())):
            raise ValueError(
                "The checkpoint's signature does not match: it was changed, or it was made "
                "with other keys."
            )
        return cp


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
    macs_checked: bool = False
    checkpoint_seq: int | None = None
    unsigned_db_rows: int = 0

    def describe(self) -> str:
        if not self.intact:
            return f"broken at sequence {self.first_bad_seq}: {self.problem}"
        text = f"intact ({self.rows} rows"
        text += ", signatures checked" if self.macs_checked else ", signatures NOT checked"
        if self.unsigned_db_rows:
            text += f"; {self.unsigned_db_rows} rows appended by database functions are not signed"
        if self.checkpoint_seq is not None:
            text += f", matches the checkpoint at sequence {self.checkpoint_seq}"
        return text + ")"


def verify_chain(
    records: Iterable[AuditRecord],
    *,
    head_seq: int | None = None,
    head_hash: str | None = None,
    mac: Mac | None = None,
    mac_from_seq: int | None = None,
    checkpoint: Checkpoint | None = None,
) -> ChainReport:
    """Check sequence continuity, each link and each row's own hash; with ``mac``, each
    row's MAC from ``mac_from_seq`` on; with ``checkpoint``, that its row is there with
    the same hash (so nothing at or before it changed) and that the chain reaches it."""
    expected_seq = 1
    prev = GENESIS_HASH
    count = 0
    signed_from = 1 if mac_from_seq is None else mac_from_seq
    unsigned_db = 0

    def bad(seq: int | None, problem: str) -> ChainReport:
        return ChainReport(False, count, seq, problem, mac is not None)

    for rec in records:
        count += 1
        if rec.seq != expected_seq:
            missing = expected_seq if rec.seq > expected_seq else rec.seq
            return bad(missing, f"expected sequence {expected_seq}, found {rec.seq}")
        if rec.prev_hash != prev:
            return bad(rec.seq, "link to the previous row does not match")
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
            return bad(rec.seq, "row content does not match its hash")
        if mac is not None and rec.seq >= signed_from:
            if rec.row_mac is None and rec.workstation.startswith(DATABASE_WORKSTATION):
                unsigned_db += 1  # appended inside the database, which has no key
            elif rec.row_mac is None:
                return bad(rec.seq, "the row carries no signature")
            elif not hmac.compare_digest(rec.row_mac, row_mac(mac, rec.row_hash)):
                return bad(
                    rec.seq, "the row's signature does not match (rewritten without the key)"
                )
        if checkpoint is not None and rec.seq == checkpoint.seq and rec.row_hash != checkpoint.head:
            return bad(rec.seq, "the row differs from the checkpoint: the chain was rewritten")
        prev = rec.row_hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if checkpoint is not None and last_seq < checkpoint.seq:
        return bad(
            last_seq + 1,
            f"the chain ends at sequence {last_seq}, before the checkpoint at "
            f"{checkpoint.seq}: rows were cut",
        )
    if head_seq is not None and head_seq != last_seq:
        return bad(last_seq + 1, f"rows after sequence {last_seq} are missing")
    if head_hash is not None and head_seq and head_hash != prev:
        return bad(last_seq, "last row does not match the chain head")
    if checkpoint is not None and checkpoint.seq == 0 and checkpoint.head != GENESIS_HASH:
        return bad(0, "the checkpoint does not match this chain")
    return ChainReport(
        True,
        count,
        macs_checked=mac is not None,
        unsigned_db_rows=unsigned_db,
        checkpoint_seq=checkpoint.seq if checkpoint is not None else None,
    )
