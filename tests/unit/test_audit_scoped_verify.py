"""``verify_chain`` over some chains only (a person's verify: the chains of their schools,
the only ones they can read whole)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from ppdesk.domain.audit import (
    GENESIS_HASH,
    AuditRecord,
    ChainReport,
    ChainState,
    chain_of,
    row_hash,
    verify_chain,
)


def _trail(schools: list[int | None]) -> tuple[list[AuditRecord], ChainState]:
    """One row per entry of ``schools`` (None: the district's chain), chained per school
    from the fork at sequence 1."""
    last: dict[int, tuple[int, str]] = {}
    rows = []
    for seq, school in enumerate(schools, start=1):
        prev = last.get(chain_of(school), (0, GENESIS_HASH))[1]
        fields = dict(
            seq=seq,
            occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
            actor="db-user",
            actor_staff_id=None,
            workstation="db:local socket",
            action="student_view",
            target_type="student",
            target_id=str(seq),
            school_id=school,
            outcome="success",
            details="{}",
            prev_hash=prev,
        )
        h = row_hash(**fields)  # type: ignore[arg-type]
        rows.append(AuditRecord(**fields, row_hash=h))  # type: ignore[arg-type]
        last[chain_of(school)] = (seq, h)
    return rows, ChainState(heads=last, fork_seq=1, fork_hash=GENESIS_HASH)


def test_only_the_chains_named_are_walked() -> None:
    rows, state = _trail([1, None, 2, 1, 2, None, 1])
    full = verify_chain(rows, state=state)
    assert full.intact and full.rows == 7
    mine = verify_chain(
        [r for r in rows if r.school_id != 2 or r.seq == 3], state=state, chains={1}
    )
    assert mine.intact and mine.rows == 3
    # A rewritten row of another chain: not seen by the one-school check, seen by the full.
    forged = [replace(r, target_id="x") if r.seq == 5 else r for r in rows]
    assert verify_chain(forged, state=state, chains={1}).intact
    assert verify_chain(forged, state=state).first_bad_seq == 5
    # A rewritten row of the chain checked is found.
    forged = [replace(r, target_id="x") if r.seq == 4 else r for r in rows]
    assert verify_chain(forged, state=state, chains={1}).first_bad_seq == 4


def test_a_cut_tail_and_a_missing_head_are_found_in_the_chains_named() -> None:
    rows, state = _trail([1, 2, 1, 1])
    cut = verify_chain(rows[:-1], state=state, chains={1})
    assert not cut.intact and cut.first_bad_seq == 4
    no_head = ChainState(heads={2: state.heads[2]}, fork_seq=1, fork_hash=GENESIS_HASH)
    assert "has no head" in (verify_chain(rows, state=no_head, chains={1}).problem or "")
    # A school of the scope with no row yet and no head: nothing to check there.
    assert verify_chain(rows, state=state, chains={1, 3}).intact


def test_the_verdict_names_the_chains_checked() -> None:
    report = ChainReport(True, 12, scope=("1001",))
    assert "1001" in report.describe() and "not checked" in report.describe()
    assert "not checked" not in ChainReport(True, 12).describe()
