"""One audit chain per school (migration 0010, docs/audit.md): what is new to tamper with.

Rows of the district and of two schools are appended interleaved; the attacker is a real
second process (``psql`` / ``sqlite3``) as in ``test_audit_tamper``. Each chain must be
caught on its own: a row deleted from one school's chain among the others' rows, a whole
school's chain deleted with its head, a row moved to another school's chain, a head made up
for a new chain, a head rewound; and a database migrated from one district-wide chain keeps
its old rows verifiable while the schools' chains grow from it.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from sqlalchemy import text

from ppdesk.domain.audit import GENESIS_HASH, AuditEntry, row_hash
from ppdesk.services.audit_trail import check_chain, make_checkpoint
from tests.integration.test_audit_tamper import attacker
from tests.support.seed import add_school


def _append(ctx, school_id: int | None, i: int) -> int:
    with ctx.uow() as uow:
        seq = uow.audit.append(
            AuditEntry("test_event", school_id=school_id, details={"i": i}),
            actor="tester",
            actor_staff_id=None,
            workstation="ws",
        )
        uow.commit()
    return seq


def _three_chains(ctx) -> dict[int | None, list[int]]:
    """Rows of the district and two schools, interleaved: chain -> sequences."""
    a = add_school(ctx, "4001", "School A")
    b = add_school(ctx, "4002", "School B")
    out: dict[int | None, list[int]] = {None: [], a: [], b: []}
    for i in range(4):
        for school in (a, None, b):
            out[school].append(_append(ctx, school, i))
    return out


def _records(ctx):
    with ctx.uow(readonly=True) as uow:
        return {r.seq: r for r in uow.audit.iter_records()}


def test_each_school_has_its_own_linear_chain(runtime) -> None:
    chains = _three_chains(runtime.ctx)
    records = _records(runtime.ctx)
    with runtime.ctx.uow(readonly=True) as uow:
        heads = uow.audit.chain_state().heads
    for school, seqs in chains.items():
        chain = school or 0
        rows = [records[s] for s in seqs]
        # each row links to the previous row of its own school, not to the row before it
        for earlier, later in pairwise(rows):
            assert later.prev_hash == earlier.row_hash
        assert heads[chain] == (rows[-1].seq, rows[-1].row_hash)
    report = check_chain(runtime.ctx)
    assert report.intact and report.rows == len(records) and report.macs_checked


def test_a_row_deleted_from_one_school_chain_is_caught(runtime, db_url) -> None:
    chains = _three_chains(runtime.ctx)
    a = next(s for s in chains if s is not None)
    victim = chains[a][1]
    done = attacker(db_url, f"DELETE FROM audit_event WHERE seq = {victim}")
    assert done.returncode == 0, done.stderr
    report = check_chain(runtime.ctx)
    assert not report.intact
    assert f"school {a}" in (report.problem or "")
    # named between the row before it in its chain and the row after it
    assert chains[a][0] < (report.first_bad_seq or 0) <= chains[a][2]


def test_a_row_moved_to_another_school_chain_is_caught(runtime, db_url) -> None:
    chains = _three_chains(runtime.ctx)
    a, b = (s for s in chains if s is not None)
    last_a = chains[a][-1]
    # the last row of A re-labelled as B's: its own hash (which covers its school) fails
    done = attacker(db_url, f"UPDATE audit_event SET school_id = {b} WHERE seq = {last_a}")
    assert done.returncode == 0, done.stderr
    report = check_chain(runtime.ctx)
    assert not report.intact and report.first_bad_seq == last_a


def test_a_whole_school_chain_deleted_with_its_head_is_caught_by_the_checkpoint(
    runtime, db_url, tmp_path: Path
) -> None:
    chains = _three_chains(runtime.ctx)
    b = [s for s in chains if s is not None][1]
    checkpoint = make_checkpoint(runtime.ctx)
    done = attacker(
        db_url,
        f"DELETE FROM audit_event WHERE school_id = {b};"
        f"DELETE FROM audit_chain_head WHERE chain = {b}",
    )
    assert done.returncode == 0, done.stderr
    # The other chains are whole and B left no trace: consistent without the checkpoint...
    assert check_chain(runtime.ctx).intact
    # ...not with it.
    report = check_chain(runtime.ctx, checkpoint=checkpoint)
    assert not report.intact and "cut" in (report.problem or "")
    assert f"school {b}" in (report.problem or "")


def test_heads_are_guarded_per_chain(runtime, db_url) -> None:
    chains = _three_chains(runtime.ctx)
    a, b = (s for s in chains if s is not None)
    records = _records(runtime.ctx)
    new_school = add_school(runtime.ctx, "4003", "School C")
    refused = {
        # a chain's head rewound to an earlier row of that chain
        "rewind": f"UPDATE audit_chain_head SET last_seq = {chains[a][0]}, "
        f"last_hash = '{records[chains[a][0]].row_hash}' WHERE chain = {a}",
        # a head moved onto another chain's row
        "borrow": f"UPDATE audit_chain_head SET last_seq = {chains[b][-1]}, "
        f"last_hash = '{records[chains[b][-1]].row_hash}' WHERE chain = {a}",
        # a new chain's head that does not start at the fork
        "made-up head": "INSERT INTO audit_chain_head (id, chain, last_seq, last_hash) "
        f"VALUES ({new_school + 1}, {new_school}, 0, '{'1' * 64}')",
        "fork moved": f"UPDATE audit_chain_head SET fork_hash = '{'2' * 64}' WHERE chain = 0",
        "head deleted": f"DELETE FROM audit_chain_head WHERE chain = {b}",
        # a row appended to A's chain that links to B's last row
        "cross link": "INSERT INTO audit_event (seq, occurred_at, actor, workstation, action, "
        "school_id, outcome, details, prev_hash, row_hash) VALUES "
        f"({max(records) + 1}, '2026-01-01', 'm', 'w', 'a', {a}, 'success', '{{}}', "
        f"'{records[chains[b][-1]].row_hash}', '{'3' * 64}')",
    }
    for what, sql in refused.items():
        done = attacker(db_url, sql, disable=False)
        assert done.returncode != 0, what
        assert "protected" in done.stderr or "append-only" in done.stderr, (what, done.stderr)
    # An empty head at the fork is accepted (it claims nothing) and verifies.
    done = attacker(
        db_url,
        "INSERT INTO audit_chain_head (id, chain, last_seq, last_hash) "
        f"VALUES ({new_school + 1}, {new_school}, 0, '{GENESIS_HASH}')",
        disable=False,
    )
    assert done.returncode == 0, done.stderr
    report = check_chain(runtime.ctx)
    assert report.intact and report.rows == len(records)


def test_rows_from_before_the_chains_still_verify_after_the_migration(db_url) -> None:
    """A database at migration 0006 with rows on the one district-wide chain (written as
    0006 wrote them) is upgraded; the old rows verify, and the schools' chains grow from
    the last of them."""
    from alembic import command

    from ppdesk import bootstrap
    from ppdesk.adapters.db import engine as db_engine
    from ppdesk.adapters.db import schema

    engine = db_engine.create_engine(db_url)
    try:
        schema.upgrade(engine)
        cfg = schema.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        prev, at = GENESIS_HASH, "2026-01-02 03:04:05"
        from datetime import UTC, datetime

        when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        with engine.begin() as conn:
            start = conn.execute(text("SELECT last_seq FROM audit_chain_head")).scalar_one()
            prev = conn.execute(text("SELECT last_hash FROM audit_chain_head")).scalar_one()
            for seq in range(start + 1, start + 4):
                fields = dict(
                    seq=seq,
                    occurred_at=when,
                    actor="old",
                    actor_staff_id=None,
                    workstation="db:old",  # unsigned, as the database's own functions write
                    action="old_event",
                    target_type=None,
                    target_id=None,
                    school_id=None,
                    outcome="success",
                    details="{}",
                    prev_hash=prev,
                )
                digest = row_hash(**fields)  # type: ignore[arg-type]
                conn.execute(
                    text(
                        "INSERT INTO audit_event (seq, occurred_at, actor, workstation, action, "
                        "outcome, details, prev_hash, row_hash) VALUES (:seq, :at, 'old', 'db:old', "
                        "'old_event', 'success', '{}', :prev, :hash)"
                    ),
                    {"seq": seq, "at": at, "prev": prev, "hash": digest},
                )
                conn.execute(
                    text("UPDATE audit_chain_head SET last_seq = :s, last_hash = :h"),
                    {"s": seq, "h": digest},
                )
                prev = digest
            last_old = seq
        schema.upgrade(engine)  # `ppdesk db upgrade`
    finally:
        engine.dispose()
    rt = bootstrap.open_app(database=db_url, create_keys=True)
    try:
        ctx = rt.ctx
        with ctx.uow(readonly=True) as uow:
            state = uow.audit.chain_state()
        assert state.fork_seq == last_old + 1 and state.fork_hash == prev
        school = add_school(ctx, "4100", "After The Fork")
        first_school_row = _append(ctx, school, 1)
        _append(ctx, None, 2)
        records = _records(ctx)
        assert records[first_school_row].prev_hash == prev  # the school's chain starts there
        report = check_chain(ctx)
        assert report.intact, report.describe()
        # Written before the database had keys: the keys' first claim put the signing
        # boundary after them (migration 0022), so they are not "unsigned" rows.
        with ctx.uow(readonly=True) as uow:
            assert uow.audit.chain_state().mac_from_seq == last_old + 1
        assert report.unsigned_db_rows == 0
        # the old rows are checked too: one changed is caught at its sequence
        done = attacker(db_url, f"UPDATE audit_event SET actor = 'x' WHERE seq = {last_old - 1}")
        assert done.returncode == 0, done.stderr
        report = check_chain(ctx)
        assert not report.intact and report.first_bad_seq == last_old - 1
    finally:
        rt.close()
