"""The audit trail's hash chains (pure).

Each row's hash covers its own fields and the previous row's hash, so changing, deleting,
inserting or swapping a row breaks every link after it. ``verify_chain`` walks rows in
sequence order and names the first bad one.

Since migration 0010 there is one chain per school (and one for the district, for rows about
no school), so that appends at one school never wait for another school's (docs/audit.md).
A row links to the last row of its own chain; the sequence numbers still order all rows.

The hash alone is unkeyed: whoever can write the table can recompute it. So each row also
carries a MAC of its hash made with the audit key, which is kept with the PIN keys outside
the database (``row_mac``); a chain recomputed without that key fails at its first
rewritten row. Rows appended inside the database by its functions get their MAC from the
desk that called them, once its transaction commits (a countersign); the MAC is over the
hash and is not itself hashed. And because deleting the tail and rewinding the head leaves a shorter chain
that is still consistent, the district keeps a checkpoint outside the database (every
chain's head at some moment, MACed): ``verify_chain`` with a checkpoint proves that nothing
at or before it changed and nothing was cut.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Collection, Iterable, Mapping
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
# starting with this; the database holds no audit key, so those rows are written unsigned,
# and the desk whose act appended them countersigns them once its transaction commits
# (``ppdesk_api.countersign_audit``): from then on their MAC is checked like any other row's.
# A row still unsigned (the desk ended between its commit and the countersign, or had no
# keys) is counted and named in the verdict, not failed.
DATABASE_WORKSTATION = "db:"

# Rows a workstation without the PIN keys appends (a new workstation before `keys import`,
# whose `keys import` login itself comes first; a keyring that is locked) cannot be signed:
# their workstation is written with this prefix, and the verdict counts and names them
# like the database's unsigned rows instead of calling the trail broken. A signed row after
# one on its chain vouches for it (its MAC covers its hash, which covers the link).
KEYLESS_WORKSTATION = "nokeys:"


def keyless_workstation(workstation: str, limit: int) -> str:
    """How a workstation without the keys names itself on its audit rows."""
    return (KEYLESS_WORKSTATION + workstation)[:limit]


# How many unsigned rows the verdict names by sequence.
UNSIGNED_NAMED = 20

# A function from a message to its MAC with the audit key (``PinCrypto.audit_mac``).
Mac = Callable[[str], str]


def row_mac(mac: Mac, row_hash_value: str) -> str:
    return mac("audit-row\x00" + row_hash_value)


def chain_of(school_id: int | None) -> int:
    """The chain a row is appended to: its school's, or the district's (0) for a row about
    no school (a login, a staff change, a district-wide export)."""
    return 0 if school_id is None else school_id


@dataclass(frozen=True)
class ChainState:
    """What the database says about its chains: each chain's head (the sequence and hash of
    its last row), the fork (rows before ``fork_seq`` form the one district-wide chain of
    migrations before 0010; from it on each school has its own chain, every one starting from
    ``fork_hash``, the hash of the last row before the fork) and ``mac_from_seq``."""

    heads: Mapping[int, tuple[int, str]]
    fork_seq: int = 1
    fork_hash: str = GENESIS_HASH
    mac_from_seq: int = 1


#: The audit action of a key recovery (``services.keys.recover_keys``): new keys, the old
#: ones lost, so the signatures before it cannot be checked any more.
KEY_RECOVERY_ACTION = "keys_recover"


def key_recovery_seq(candidates: Iterable[AuditRecord], mac: Mac | None) -> int | None:
    """The latest successful key recovery row whose signature the current audit key makes
    (an owner cannot forge one without the key); None when there is none."""
    if mac is None:
        return None
    best: int | None = None
    for rec in candidates:
        if (
            rec.action == KEY_RECOVERY_ACTION
            and rec.outcome == "success"
            and rec.row_mac is not None
            and hmac.compare_digest(rec.row_mac, row_mac(mac, rec.row_hash))
            and (best is None or rec.seq > best)
        ):
            best = rec.seq
    return best


def heads_digest(heads: Mapping[int, tuple[int, str]]) -> str:
    """One hash over every chain's head: the district's head of school heads."""
    payload = json.dumps(
        [[chain, seq, head] for chain, (seq, head) in sorted(heads.items())],
        separators=(",", ":"),
    )
    return hashlib.sha256(("audit-heads\x00" + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """The chain heads at one moment, kept by the district outside the database.

    ``heads`` maps each chain (a school's id, 0 for the district) to the sequence and hash
    of its last row; ``seq`` is the highest of those sequences and ``head`` the digest of
    all of them. A format-1 checkpoint (one district-wide chain, before migration 0010)
    reads as the district chain's head alone.
    """

    database_id: str
    seq: int
    head: str
    at: str  # ISO time, informative only
    heads: Mapping[int, tuple[int, str]] | None = None
    #: The row from which on every row is signed, as the database said then (``mac_from_seq``;
    #: None in checkpoints made before it was recorded): a boundary moved later is caught.
    signed_from: int | None = None

    @classmethod
    def of(
        cls,
        database_id: str,
        heads: Mapping[int, tuple[int, str]],
        at: str,
        signed_from: int | None = None,
    ) -> Checkpoint:
        seq = max((s for s, _h in heads.values()), default=0)
        return cls(database_id, seq, heads_digest(heads), at, dict(heads), signed_from)

    def chain_heads(self) -> Mapping[int, tuple[int, str]]:
        return self.heads if self.heads is not None else {0: (self.seq, self.head)}

    def payload(self) -> str:
        data: dict[str, Any] = {
            "format": "ppdesk-audit-checkpoint-1",
            "database_id": self.database_id,
            "seq": self.seq,
            "head": self.head,
            "at": self.at,
        }
        if self.heads is not None:
            data["format"] = "ppdesk-audit-checkpoint-2"
            data["heads"] = {str(c): [s, h] for c, (s, h) in sorted(self.heads.items())}
        if self.signed_from is not None:
            data["signed_from"] = self.signed_from
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

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
            heads = None
            if data.get("format") == "ppdesk-audit-checkpoint-2":
                heads = {int(c): (int(v[0]), str(v[1])) for c, v in dict(data["heads"]).items()}
            elif data.get("format") != "ppdesk-audit-checkpoint-1":
                raise ValueError
            cp = cls(
                str(data["database_id"]),
                int(data["seq"]),
                str(data["head"]),
                str(data["at"]),
                heads,
                None if data.get("signed_from") is None else int(data["signed_from"]),
            )
            given = str(data["mac"])
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise ValueError("This is not a ppdesk audit checkpoint.") from None
        if not hmac.compare_digest(given, mac("audit-checkpoint\x00" + cp.payload())):
            raise ValueError(
                "The checkpoint's signature does not match: it was changed, or it was made "
                "with other keys."
            )
        if heads is not None and cp.head != heads_digest(heads):
            raise ValueError("This is not a ppdesk audit checkpoint.")
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
    # The sequences of the first UNSIGNED_NAMED of those rows.
    unsigned_seqs: tuple[int, ...] = ()
    # Rows written by a workstation without the PIN keys (``KEYLESS_WORKSTATION``), and the
    # sequences of the first UNSIGNED_NAMED of them.
    keyless_rows: int = 0
    keyless_seqs: tuple[int, ...] = ()
    # The school codes of the chains checked when only some were (a person's verify: the
    # chains they may read whole); None: every chain.
    scope: tuple[str, ...] | None = None
    # The sequence of the key recovery whose new keys sign the trail now: signatures of the
    # rows before it were made with the lost keys and are not checked (None: no recovery).
    rekeyed_at: int | None = None

    def describe(self) -> str:
        if not self.intact:
            return f"broken at sequence {self.first_bad_seq}: {self.problem}"
        text = f"intact ({self.rows} rows"
        if self.scope is not None:
            text += (
                f" of the chains of school {', '.join(self.scope) or '(none)'} only; the "
                "district's chain and other schools' chains were not checked"
            )
        text += ", signatures checked" if self.macs_checked else ", signatures NOT checked"
        if self.unsigned_db_rows:
            named = ", ".join(str(seq) for seq in self.unsigned_seqs)
            more = ", ..." if self.unsigned_db_rows > len(self.unsigned_seqs) else ""
            text += (
                f"; {self.unsigned_db_rows} rows appended by database functions are not signed "
                f"(no desk countersigned them: sequence {named}{more})"
            )
        if self.keyless_rows:
            named = ", ".join(str(seq) for seq in self.keyless_seqs)
            more = ", ..." if self.keyless_rows > len(self.keyless_seqs) else ""
            text += (
                f"; {self.keyless_rows} rows written by a workstation without the PIN keys are "
                f"not signed (sequence {named}{more})"
            )
        if self.rekeyed_at is not None:
            text += (
                f"; the signatures of the rows before sequence {self.rekeyed_at} were made with "
                "the keys lost in the key recovery there and are not checked (their hashes "
                "and links are)"
            )
        if self.checkpoint_seq is not None:
            text += f", matches the checkpoint at sequence {self.checkpoint_seq}"
        return text + ")"


def verify_chain(
    records: Iterable[AuditRecord],
    *,
    state: ChainState | None = None,
    mac: Mac | None = None,
    checkpoint: Checkpoint | None = None,
    chains: Collection[int] | None = None,
    rekeyed_at: int | None = None,
) -> ChainReport:
    """Walk every row in sequence order and check each chain: a row before the fork must
    follow the one before it (no gap); from the fork on, a row must link to the last row of
    its own chain (its school's, or the district's), and sequences only grow (a rolled-back
    append leaves a gap). Each row's own hash is recomputed; with ``mac``, each row's MAC
    from ``state.mac_from_seq`` on; with ``state``, every chain must end at its head; with
    ``checkpoint``, every chain it names must still hold the row it names with the same hash
    (nothing at or before it changed) and reach it (nothing was cut). With ``chains`` only
    those chains are walked, from the fork on (a person's verify: the rows of other chains,
    and those before the fork, are not all visible to them), each to its head in ``state``.

    ``rekeyed_at`` is the sequence of the ``keys_recover`` row of the keys that sign now
    (``key_recovery_seq``): the keys before it are lost, so the MACs of the rows before it
    are not checked; that row itself must be there, a key recovery, and signed (with the
    current key, which no owner has)."""
    st = state or ChainState(heads={})
    fork_seq, signed_from = st.fork_seq, st.mac_from_seq
    if rekeyed_at is not None:
        signed_from = max(signed_from, rekeyed_at)
    rekey_seen = False
    # chain -> (seq, hash) of its last row seen; every chain but the district's starts at
    # the fork (the district's chain continues the one chain from before it).
    last: dict[int, tuple[int, str]] = {0: (0, GENESIS_HASH)}
    start = (fork_seq - 1, st.fork_hash)
    wanted = dict(checkpoint.chain_heads()) if checkpoint is not None else {}
    if chains is not None:
        wanted = {c: h for c, h in wanted.items() if c in chains}
    matched: set[int] = set()
    count = 0
    previous_seq = 0
    unsigned_db = 0
    unsigned_seqs: list[int] = []
    keyless = 0
    keyless_seqs: list[int] = []

    def bad(seq: int | None, problem: str) -> ChainReport:
        return ChainReport(False, count, seq, problem, mac is not None)

    def chain_name(chain: int) -> str:
        return "the district's chain" if chain == 0 else f"the chain of school {chain}"

    if (
        mac is not None
        and checkpoint is not None
        and checkpoint.signed_from is not None
        and signed_from > checkpoint.signed_from
    ):
        return bad(
            checkpoint.signed_from,
            f"the database says rows are signed from sequence {signed_from}, the checkpoint "
            f"from {checkpoint.signed_from}: the signing boundary was moved",
        )
    for rec in records:
        if chains is not None and (rec.seq < fork_seq or chain_of(rec.school_id) not in chains):
            continue
        count += 1
        if rec.seq <= previous_seq:
            return bad(rec.seq, f"sequence {rec.seq} is out of order")
        if rec.seq < fork_seq:
            chain = 0
            if rec.seq != previous_seq + 1:
                return bad(
                    previous_seq + 1, f"expected sequence {previous_seq + 1}, found {rec.seq}"
                )
        else:
            if chains is None and previous_seq < fork_seq - 1:
                return bad(
                    previous_seq + 1, f"expected sequence {previous_seq + 1}, found {rec.seq}"
                )
            chain = chain_of(rec.school_id)
            if chains is None and previous_seq < fork_seq and last[0] != start:
                return bad(fork_seq - 1, "the last row before the fork does not match the chains")
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
        prev_seq, prev_hash = last.get(chain, start)
        if rec.prev_hash != prev_hash:
            where = prev_seq + 1 if rec.seq > prev_seq + 1 else rec.seq
            return bad(
                where,
                f"link to the previous row of {chain_name(chain)} (sequence {prev_seq}) does "
                "not match: a row is missing, inserted or changed",
            )
        if mac is not None and rec.seq >= signed_from:
            if rec.row_mac is None and rec.workstation.startswith(DATABASE_WORKSTATION):
                unsigned_db += 1  # appended inside the database, never countersigned
                if len(unsigned_seqs) < UNSIGNED_NAMED:
                    unsigned_seqs.append(rec.seq)
            elif rec.row_mac is None and rec.workstation.startswith(KEYLESS_WORKSTATION):
                keyless += 1  # a workstation without the keys wrote it
                if len(keyless_seqs) < UNSIGNED_NAMED:
                    keyless_seqs.append(rec.seq)
            elif rec.row_mac is None:
                return bad(rec.seq, "the row carries no signature")
            elif not hmac.compare_digest(rec.row_mac, row_mac(mac, rec.row_hash)):
                return bad(
                    rec.seq, "the row's signature does not match (rewritten without the key)"
                )
        if rec.seq == rekeyed_at:
            if rec.action != KEY_RECOVERY_ACTION or rec.outcome != "success":
                return bad(rec.seq, "the row of the key recovery is not a key recovery")
            rekey_seen = True
        if chain in wanted and rec.seq == wanted[chain][0]:
            if rec.row_hash != wanted[chain][1]:
                return bad(rec.seq, "the row differs from the checkpoint: the chain was rewritten")
            matched.add(chain)
        last[chain] = (rec.seq, rec.row_hash)
        previous_seq = rec.seq
    if rekeyed_at is not None and not rekey_seen and (chains is None or 0 in chains):
        return bad(rekeyed_at, "the row of the key recovery is gone")
    if chains is None and previous_seq < fork_seq - 1 and state is not None:
        return bad(previous_seq + 1, f"rows after sequence {previous_seq} are missing")
    for chain, (seq, head) in sorted(wanted.items()):
        if chain in matched or (seq, head) == (0, GENESIS_HASH):
            continue
        if chain != 0 and (seq, head) == start:
            continue  # the chain was empty then
        reached = last.get(chain, start)[0]
        if reached < seq:
            return bad(
                reached + 1,
                f"{chain_name(chain)} ends at sequence {reached}, before the checkpoint at "
                f"{seq}: rows were cut",
            )
        return bad(seq, f"the row of the checkpoint at sequence {seq} is gone: rewritten")
    if state is not None:
        walked = set(last) | set(st.heads) if chains is None else set(chains)
        for chain in sorted(walked):
            if chain not in last and chain not in st.heads:
                continue  # a chain of the scope with no row yet
            seq, head = last.get(chain, start)
            if chain not in st.heads:
                return bad(seq, f"{chain_name(chain)} has no head")
            head_seq, head_hash = st.heads[chain]
            if head_seq > seq:
                return bad(seq + 1, f"rows of {chain_name(chain)} after sequence {seq} are missing")
            if head_seq < seq or head_hash != head:
                return bad(seq, f"the last row of {chain_name(chain)} does not match its head")
    return ChainReport(
        True,
        count,
        rekeyed_at=rekeyed_at if mac is not None else None,
        macs_checked=mac is not None,
        unsigned_db_rows=unsigned_db,
        unsigned_seqs=tuple(unsigned_seqs),
        keyless_rows=keyless,
        keyless_seqs=tuple(keyless_seqs),
        checkpoint_seq=checkpoint.seq if checkpoint is not None else None,
    )
