"""The desk countersigns the audit rows the database's functions append (issue 19, point 4:
"key the chain").

Rows appended inside the database (``ppdesk_private.audit_append``, workstation ``db:...``)
are written with no MAC: the audit key is never in the database. The desk whose act
appended them signs them once its transaction commits (``ppdesk_api.countersign_audit``,
migration 0020's trigger allowing exactly that change), so an owner who switches the
triggers off and recomputes such a row's hash is caught by its MAC, like any desk-signed row.

PostgreSQL only: personal logins exist only there. The attacks are real second processes
(psql as the owner, psql as a person's login role).
"""

from __future__ import annotations

import copy
import subprocess
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from ppdesk.adapters.db import pg_security
from ppdesk.adapters.db.person import PgPersonConnector
from ppdesk.adapters.db.person_uow import Countersigner, PersonUnitOfWorkFactory
from ppdesk.domain.audit import row_hash, row_mac
from ppdesk.services import audit_trail, pins
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.person_auth import authenticator_for
from tests.support.flows import verify
from tests.support.pg_roles import district_database

pytestmark = pytest.mark.postgres

_COLUMNS = (
    "seq, occurred_at, actor, actor_staff_id, workstation, action, target_type, target_id, "
    "school_id, outcome, details, prev_hash, row_hash, row_mac"
)


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _signed_in(d: dict, who: str) -> tuple[AppContext, StaffSession]:
    ctx = copy.copy(d["ctx"])
    ctx.person_connector = PgPersonConnector(d["db"].url)
    session = authenticator_for(ctx).login(d["names"][who], "")
    assert isinstance(ctx.uow, PersonUnitOfWorkFactory)
    return ctx, session


def _rows(db, where: str, *params: object) -> list[tuple]:
    return db.admin(f"SELECT {_COLUMNS} FROM audit_event WHERE {where} ORDER BY seq", *params)


def _max_seq(db) -> int:
    return int(db.admin("SELECT max(seq) FROM audit_event")[0][0])


def _issue(ctx: AppContext, session: StaffSession, link: int) -> None:
    assert verify(ctx, session, link).passed
    pins.issue_pin(ctx, session, link)
    pins.reveal_pin(ctx, session, link)


def _psql(db, user: str, *sqls: str) -> subprocess.CompletedProcess[str]:
    """psql as ``user`` (another process), the statements in one transaction."""
    u = make_url(db.url)
    where = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", user, "-d", db.name]
    commands = [arg for sql in sqls for arg in ("-c", sql)]
    return subprocess.run(
        ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-Atq", *where, "-1", *commands],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
    )


def _as_owner(db, sql: str):
    """The database owner in another process, the protective triggers off around ``sql``."""
    return _psql(
        db,
        "postgres",
        "ALTER TABLE audit_event DISABLE TRIGGER USER;"
        "ALTER TABLE audit_chain_head DISABLE TRIGGER USER",
        sql,
        "ALTER TABLE audit_event ENABLE TRIGGER USER;"
        "ALTER TABLE audit_chain_head ENABLE TRIGGER USER",
    )


def test_a_persons_acts_end_with_their_rows_countersigned(district: dict) -> None:
    db, workstation = district["db"], district["ctx"]
    mac = workstation.keys.audit_mac
    start = _max_seq(db)
    ctx, principal = _signed_in(district, "principal")
    _issue(ctx, principal, district["homeroom_family"].link_ids[0])
    rows = _rows(db, "seq > %s", start)
    acts = [(r[5], r[9]) for r in rows]
    assert acts == [
        ("login", "success"),
        ("verification_start", "success"),
        ("verification", "success"),
        ("pin_issue", "success"),
        ("pin_reveal", "success"),
    ], acts
    for r in rows:
        assert r[4].startswith("db:") and r[2] == principal.username
        assert r[13] == row_mac(mac, r[12]), r  # the audit key's MAC of the row's hash
    # The person's own verify (their school's chain): every row signed, none unsigned.
    report = audit_trail.verify_audit_trail(ctx, principal)
    assert report.intact and report.macs_checked, report.describe()
    assert report.unsigned_db_rows == 0 and "not signed" not in report.describe()
    # The administrator's verify of every chain: the only unsigned rows are those the
    # administrator appended through the functions before (create_login), none of the desk's.
    whole = audit_trail.check_chain(workstation)
    assert whole.intact, whole.describe()
    assert all(seq <= start for seq in whole.unsigned_seqs), whole.describe()
    assert len(_rows(db, "seq > %s AND row_mac IS NULL", start)) == 0
    db.assert_audit_intact()


def test_the_owner_recomputing_a_countersigned_row_is_caught(district: dict) -> None:
    """The full recompute on a row appended by the database: before the countersign it was
    only "unsigned"; now its MAC no longer matches the recomputed hash."""
    db, workstation = district["db"], district["ctx"]
    ctx, principal = _signed_in(district, "principal")
    _issue(ctx, principal, district["homeroom_family"].link_ids[0])
    (row,) = _rows(
        db, "seq = (SELECT max(seq) FROM audit_event WHERE school_id = %s)", district["maple"]
    )
    seq, at, actor, staff, ws, action, ttype, _tid, school, outcome, details, prev = row[:12]
    assert row[13] is not None and action == "pin_reveal"
    forged = row_hash(
        seq=seq,
        occurred_at=at,
        actor=actor,
        actor_staff_id=staff,
        workstation=ws,
        action=action,
        target_type=ttype,
        target_id="forged",
        school_id=school,
        outcome=outcome,
        details=details,
        prev_hash=prev,
    )
    done = _as_owner(
        db,
        f"UPDATE audit_event SET target_id = 'forged', row_hash = '{forged}' WHERE seq = {seq};"
        f"UPDATE audit_chain_head SET last_hash = '{forged}' WHERE chain = {school}",
    )
    assert done.returncode == 0, done.stderr
    report = audit_trail.check_chain(workstation)
    assert not report.intact and report.first_bad_seq == seq, report.describe()
    assert "signature does not match" in (report.problem or "")
    # Without the keys the same chain still reads as intact: the MAC is what catches it.
    keyless = copy.copy(workstation)
    keyless.keys = None
    assert audit_trail.check_chain(keyless).intact


def test_a_forged_mac_is_caught(district: dict, monkeypatch) -> None:
    """A row left unsigned (the desk ended between commit and countersign) given a MAC by
    the owner: without the key it cannot be the right one."""
    db, workstation = district["db"], district["ctx"]
    monkeypatch.setattr(Countersigner, "sign", lambda self, db: 0)  # the desk dies first
    ctx, principal = _signed_in(district, "principal")
    start = _max_seq(db)
    _issue(ctx, principal, district["homeroom_family"].link_ids[0])
    monkeypatch.undo()
    unsigned = [r[0] for r in _rows(db, "seq > %s AND row_mac IS NULL", start)]
    assert len(unsigned) == 4, unsigned
    report = audit_trail.check_chain(workstation)
    assert report.intact, report.describe()
    assert set(unsigned) <= set(report.unsigned_seqs)
    assert all(str(seq) in report.describe() for seq in unsigned)  # named
    done = _as_owner(
        db, f"UPDATE audit_event SET row_mac = '{'ab' * 32}' WHERE seq = {unsigned[0]}"
    )
    assert done.returncode == 0, done.stderr
    report = audit_trail.check_chain(workstation)
    assert not report.intact and report.first_bad_seq == unsigned[0], report.describe()
    assert "signature does not match" in (report.problem or "")


def test_a_crash_between_commit_and_countersign_leaves_rows_counted_unsigned(
    district: dict, monkeypatch
) -> None:
    """Decided: the rows of a desk that ended between its commit and its countersign stay
    unsigned; a later sign-in does not sign them (it cannot tell the desk's rows from rows
    forged in the person's name). Within one sign-in a countersign that failed (the
    connection lost after the commit) is tried again after the next commit."""
    db, workstation = district["db"], district["ctx"]
    maple_link = district["maple_family"].link_ids[0]
    homeroom_link = district["homeroom_family"].link_ids[0]
    start = _max_seq(db)
    monkeypatch.setattr(Countersigner, "sign", lambda self, db: 0)
    ctx, principal = _signed_in(district, "principal")
    assert verify(ctx, principal, maple_link).passed
    monkeypatch.undo()
    crashed = [r[0] for r in _rows(db, "seq > %s", start)]  # login, and the verification's two
    assert len(crashed) == 3 and not _rows(db, "seq > %s AND row_mac IS NOT NULL", start)
    at_maple = [r[0] for r in _rows(db, "seq > %s AND school_id = %s", start, district["maple"])]
    # The next sign-in and its acts sign their own rows only.
    mid = _max_seq(db)
    ctx2, principal2 = _signed_in(district, "principal")
    assert verify(ctx2, principal2, homeroom_link).passed
    assert [r[0] for r in _rows(db, "seq > %s AND row_mac IS NULL", start)] == crashed
    assert not _rows(db, "seq > %s AND row_mac IS NULL", mid)
    report = audit_trail.verify_audit_trail(ctx2, principal2)  # Maple's chain
    assert report.intact and report.unsigned_db_rows == 2, report.describe()
    assert report.unsigned_seqs == tuple(at_maple)
    assert "2 rows appended by database functions are not signed" in report.describe()
    whole = audit_trail.check_chain(workstation)  # every chain: the login's row too
    assert whole.intact and set(crashed) <= set(whole.unsigned_seqs), whole.describe()

    # A countersign whose connection fails after the commit: kept, signed after the next.
    real_call = Countersigner._call
    calls = []

    def _lost(db, seqs, macs):
        calls.append(list(seqs))
        if len(calls) == 1:
            raise OperationalError("SELECT countersign_audit", {}, Exception("server closed"))
        return real_call(db, seqs, macs)

    monkeypatch.setattr(Countersigner, "_call", staticmethod(_lost))
    before = _max_seq(db)
    pins.issue_pin(ctx2, principal2, homeroom_link)
    issued = [r[0] for r in _rows(db, "seq > %s AND row_mac IS NULL", before)]
    assert issued and issued == [r[0] for r in _rows(db, "seq > %s", before)]  # not signed yet
    assert calls == [issued]
    pins.reveal_pin(ctx2, principal2, homeroom_link)
    assert calls[1] == issued, calls  # at the next commit of the sign-in (the reveal's sweep)
    assert not _rows(db, "seq > %s AND row_mac IS NULL", before)
    assert audit_trail.check_chain(workstation).intact


def test_countersign_is_write_once_and_only_for_the_callers_own_rows(district: dict) -> None:
    """psql as the people's own login roles, and as the owner with the triggers on."""
    db, names = district["db"], district["names"]
    start = _max_seq(db)
    ctx, principal = _signed_in(district, "principal")
    assert verify(ctx, principal, district["maple_family"].link_ids[0]).passed
    signed = _rows(db, "seq > %s", start)
    seq, mac = signed[-1][0], signed[-1][13]
    assert mac is not None
    other = "cd" * 32

    # Another person's row: refused, nothing changed.
    done = _psql(db, names["office"], f"SELECT ppdesk_api.countersign_audit('{{{seq}}}', "
                 f"'{{{other}}}')")  # fmt: skip
    assert done.returncode != 0 and "was not appended by you" in done.stderr, done
    # The person's own row, signed already: refused; the same MAC again changes nothing.
    done = _psql(db, names["principal"], f"SELECT ppdesk_api.countersign_audit('{{{seq}}}', "
                 f"'{{{other}}}')")  # fmt: skip
    assert done.returncode != 0 and "signed already" in done.stderr, done
    done = _psql(db, names["principal"], f"SELECT ppdesk_api.countersign_audit('{{{seq}}}', "
                 f"'{{{mac}}}')")  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "0", done
    assert _rows(db, "seq = %s", seq)[0][13] == mac
    # A desk-signed row (not appended in the database): refused.
    (desk_row,) = db.admin("SELECT max(seq) FROM audit_event WHERE workstation NOT LIKE 'db:%'")
    done = _psql(db, names["principal"], f"SELECT ppdesk_api.countersign_audit("
                 f"'{{{desk_row[0]}}}', '{{{other}}}')")  # fmt: skip
    assert done.returncode != 0 and "was not appended by you" in done.stderr, done
    # The staff role has no privilege on the table: no direct UPDATE either.
    done = _psql(db, names["principal"], f"UPDATE public.audit_event SET row_mac = '{other}' "
                 f"WHERE seq = {seq}")  # fmt: skip
    assert done.returncode != 0, done
    # The owner with the triggers on: an UPDATE of row_mac, even NULL to a value on a row
    # appended by the database, is refused outside countersign_audit.
    note = _psql(db, names["principal"], "SELECT ppdesk_api.audit_note('audit_read', "
                 "'success', NULL, NULL, NULL, '{}')")  # fmt: skip
    assert note.returncode == 0, note
    unsigned = int(note.stdout.strip())
    assert _rows(db, "seq = %s AND row_mac IS NULL", unsigned)
    done = _psql(db, "postgres", f"UPDATE audit_event SET row_mac = '{other}' "
                 f"WHERE seq = {unsigned}")  # fmt: skip
    assert done.returncode != 0 and "append-only" in done.stderr, done
    # A malformed MAC, and a MAC with a change to another column, are refused too.
    done = _psql(db, names["principal"], f"SELECT ppdesk_api.countersign_audit("
                 f"'{{{unsigned}}}', '{{nothex}}')")  # fmt: skip
    assert done.returncode != 0 and "64 hex digits" in done.stderr, done
    done = _psql(db, "postgres", f"SELECT set_config('ppdesk.countersign', '{unsigned}', true)",
                 f"UPDATE audit_event SET row_mac = '{other}', target_id = 'x' "
                 f"WHERE seq = {unsigned}")  # fmt: skip
    assert done.returncode != 0 and "append-only" in done.stderr, done
    assert _rows(db, "seq = %s AND row_mac IS NULL", unsigned)
    # audit_to_sign lists only the rows of the caller's own transaction.
    listed = _psql(db, names["principal"], "SELECT ppdesk_api.audit_note('audit_read', "
                   "'success', NULL, NULL, NULL, '{}')",
                   "SELECT seq FROM ppdesk_api.audit_to_sign()")  # fmt: skip
    assert listed.returncode == 0, listed
    own = listed.stdout.split()
    assert len(own) == 2 and own[0] == own[1], listed.stdout  # the note's row, listed
    later = _psql(db, names["principal"], "SELECT count(*) FROM ppdesk_api.audit_to_sign()")
    assert later.stdout.strip() == "0", later
    # The person may countersign their own unsigned row (their desk holds the key); a
    # wrong MAC makes the row fail verification, as any tampering does.
    done = _psql(db, names["principal"], f"SELECT ppdesk_api.countersign_audit("
                 f"'{{{unsigned}}}', '{{{other}}}')")  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "1", done
    report = audit_trail.check_chain(district["ctx"])
    assert not report.intact and report.first_bad_seq == unsigned, report.describe()


def test_the_function_checks_know_the_countersign_functions(district: dict) -> None:
    db = district["db"]
    names = pg_security.RoleNames.for_database(db.name)
    engine = create_engine(db.url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            assert pg_security.security_problems(conn, names) == []
        db.admin(f'GRANT EXECUTE ON FUNCTION ppdesk_api.audit_to_sign() TO "{names.login_admin}"')
        db.admin("DROP FUNCTION ppdesk_api.countersign_audit(integer[], text[])")
        with engine.connect() as conn:
            problems = pg_security.security_problems(conn, names)
    finally:
        engine.dispose()
    assert "function ppdesk_api.countersign_audit(integer[], text[]) is missing" in problems
    assert "function ppdesk_api.audit_to_sign() is executable beyond the staff role" in problems
