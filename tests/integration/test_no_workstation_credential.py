"""A workstation with NO database credential (issue 19, point 1): its settings say
``sign_in = "database"`` and hold the database URL with no user and no password, its
keyring holds no database password, and nothing connects before sign-in. The login dialog
and the CLI's ``--user`` connect as the person (their own SCRAM password, checked by
PostgreSQL), and the start-up checks (schema, database id, PIN keys) are made over that
connection through ``ppdesk_api.desk_info()``.

PostgreSQL only, on a cluster of its own: the suite's server trusts 127.0.0.1, so only a
server with ``scram-sha-256`` in pg_hba can refuse a wrong password, and its log
(``log_connections = on``) shows every connection the desk made, as whom.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from PySide6.QtCore import Qt
from sqlalchemy import event
from sqlalchemy.pool import Pool

from ppdesk import bootstrap
from ppdesk.adapters.db import schema
from ppdesk.adapters.settings_store import settings_path
from ppdesk.cli.main import main
from ppdesk.domain.errors import (
    AuthenticationFailed,
    ConfigurationError,
    NotAvailable,
    SchemaError,
    SecretsUnavailable,
)
from ppdesk.domain.settings import Settings
from ppdesk.services import lookup, pins
from ppdesk.services.person_auth import authenticator_for
from tests.support.cluster import PG_BIN, Cluster, free_port, make_certificates, scratch_folder
from tests.support.db import PgDatabases, pg_base_url
from tests.support.pg_roles import district_database

PW = "principal's own database passphrase 4"  # synthetic
WAIT_MS = 10_000


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if pg_base_url() is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 server binaries are needed (apt-get install postgresql-15)")
    folder = scratch_folder()
    certs = folder / "certs"
    certs.mkdir()
    _ca, crt, key = make_certificates(certs, "localhost")
    hba = (
        "local all postgres trust\n"
        "host all postgres 127.0.0.1/32 trust\n"  # the administrator (this test)
        "host all all 127.0.0.1/32 scram-sha-256\n"  # everyone else: their own password
    )
    (folder / "pg").mkdir()
    server = Cluster(folder / "pg", free_port(), hba, crt, key, extra_conf="log_connections = on\n")
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def databases(cluster: Cluster) -> Iterator[PgDatabases]:
    dbs = PgDatabases(cluster.url("postgres"))
    yield dbs
    dbs.drop_all()


@pytest.fixture
def district(databases: PgDatabases, cluster: Cluster, memory_keyring: Any) -> Iterator[dict]:
    """The district database (tests/support/pg_roles.py) with personal logins on and the
    principal's own SCRAM password; this workstation's settings without any credential."""
    with district_database(databases) as d:
        db, principal = d["db"], d["names"]["principal"]
        with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres") as conn:
            verifier = conn.pgconn.encrypt_password(
                PW.encode(), principal.encode(), b"scram-sha-256"
            ).decode()
        assert db.admin(
            "SELECT refusal FROM ppdesk_api.set_login_password(%s, %s)", principal, verifier
        ) == [(None,)]
        assert bootstrap.db_person_logins(db.url, mode="on").staff_group == f"{db.prefix}_staff"
        d["ctx"].uow.engine.dispose()  # the administrator's workstation is done
        url = f"postgresql://127.0.0.1:{cluster.port}/{db.name}"  # no user, no password
        config = settings_path()
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f'database_url = "{url}"\nsign_in = "database"\n', encoding="utf-8")
        # The keyring holds this database's PIN keys (imported once), no database password.
        assert [e for (_s, e) in memory_keyring.store if e.startswith("pin-keys:")]
        assert not [e for (_s, e) in memory_keyring.store if e.startswith("db-password:")]
        yield {**d, "url": url, "principal_name": principal, "cluster": cluster}


class Opened(list[tuple[str, str]]):
    """Every database connection this process opened (user, database), in order, and
    ``live``: the place in that order of each not closed since, by its DBAPI connection."""

    def __init__(self) -> None:
        super().__init__()
        self.live: dict[int, int] = {}

    def still_open(self) -> list[tuple[int, str, str]]:
        """(place in the order, user, database) of each connection still open."""
        return sorted((i, *self[i]) for i in self.live.values())


@contextmanager
def desk_connections() -> Iterator[Opened]:
    """Every database connection this process opens meanwhile, and which are still open."""
    seen = Opened()

    def _opened(dbapi_conn: Any, _record: Any) -> None:
        seen.live[id(dbapi_conn)] = len(seen)
        seen.append((dbapi_conn.info.user, dbapi_conn.info.dbname))

    def _closed(dbapi_conn: Any, _record: Any) -> None:
        seen.live.pop(id(dbapi_conn), None)

    event.listen(Pool, "connect", _opened)
    event.listen(Pool, "close", _closed)
    event.listen(Pool, "close_detached", _closed)
    try:
        yield seen
    finally:
        event.remove(Pool, "connect", _opened)
        event.remove(Pool, "close", _closed)
        event.remove(Pool, "close_detached", _closed)


_AUTHORIZED = re.compile(
    r"connection authorized: user=(\S+) database=(\S+)(?: application_name=(\S+))?"
)


def server_log(cluster: Cluster, since: int) -> list[str]:
    text = (cluster.folder / "server.log").read_bytes()[since:].decode("utf-8", "replace")
    return text.splitlines()


def log_size(cluster: Cluster) -> int:
    return (cluster.folder / "server.log").stat().st_size


def desk_logins(lines: list[str], database: str) -> list[str]:
    """The users of the desk's connections (application_name ppdesk) to ``database``."""
    found = [_AUTHORIZED.search(line) for line in lines]
    return [m[1] for m in found if m and m[2] == database and m[3] == "ppdesk"]


def desk_backends(db: Any) -> set[str]:
    """The users of the desk's server processes (application_name ppdesk) on ``db``. A
    process whose client just closed its connection may still be listed for a moment: it
    is the same person's, so the set of users is what is compared, without waiting; how
    many connections the desk holds is counted on its side (``Opened.live``)."""
    query = (
        "SELECT usename FROM pg_stat_activity WHERE datname = %s AND application_name = 'ppdesk'"
    )
    return {u for (u,) in db.admin(query, db.name)}


def logins_recorded(db: Any) -> list[tuple]:
    return db.admin("SELECT actor, outcome FROM audit_event WHERE action = 'login' ORDER BY seq")


@pytest.mark.postgres
def test_the_cli_signs_in_as_the_person_with_no_workstation_credential(district: dict) -> None:
    db, principal, cluster = district["db"], district["principal_name"], district["cluster"]
    before = logins_recorded(db)
    since = log_size(cluster)
    runner = CliRunner()
    with desk_connections() as opened:
        ok = runner.invoke(
            main, ["staff", "list", "--user", principal], env={"PPDESK_PASSWORD": PW}
        )
        assert ok.exit_code == 0, ok.output
        assert principal in ok.output
        wrong = runner.invoke(
            main, ["staff", "list", "--user", principal], env={"PPDESK_PASSWORD": "not it"}
        )
        assert wrong.exit_code == 2, wrong.output
        assert "Wrong user name or password" in wrong.output
        assert "Traceback" not in wrong.output and PW not in wrong.output
    # Only the person's own role ever connected: the desk's own view and the server's.
    assert opened and {user for user, _db in opened} == {principal}, opened
    lines = server_log(cluster, since)
    assert desk_logins(lines, db.name) == [principal], lines
    # The refused connection: recorded by the server (its log), not in the audit trail,
    # which the desk could only reach by connecting.
    assert any(f'password authentication failed for user "{principal}"' in ln for ln in lines)
    assert logins_recorded(db) == [*before, (principal, "success")]


@pytest.mark.postgres
def test_the_login_dialog_signs_in_as_the_person_and_opens_a_student(
    qtbot: Any, district: dict
) -> None:
    from ppdesk.gui.app import DeskApp

    db, principal, cluster = district["db"], district["principal_name"], district["cluster"]
    family = district["homeroom_family"]
    before = logins_recorded(db)
    since = log_size(cluster)
    with desk_connections() as opened:
        app = DeskApp()  # the real opener: settings file, open_app, on a worker thread
        qtbot.addWidget(app.login)
        app.start()
        try:
            ui = app.login.ui
            qtbot.waitUntil(lambda: app.login.runtime is not None, timeout=WAIT_MS)
            assert f"127.0.0.1:{cluster.port}/{db.name}" in ui.databaseLabel.text()
            assert "PIN features are off" not in ui.statusLabel.text()  # read at sign-in
            assert opened == []  # nothing connected before sign-in
            qtbot.keyClicks(ui.userEdit, principal)
            qtbot.keyClicks(ui.passwordEdit, "a wrong password")
            qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
            qtbot.waitUntil(
                lambda: "Wrong user name or password" in ui.statusLabel.text(), timeout=WAIT_MS
            )
            assert app.window is None and ui.passwordEdit.text() == ""
            qtbot.keyClicks(ui.passwordEdit, PW)
            qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: app.window is not None, timeout=WAIT_MS)
            window = app.window
            qtbot.addWidget(window)
            ctx = app.runtime.ctx
            assert ctx.keys is not None and ctx.keys_problem is None  # keys checked, usable
            assert (
                ctx.database_id
                == db.admin("SELECT value FROM ppdesk_meta WHERE key = 'database_id'")[0][0]
            )
            page = window.find_page
            qtbot.keyClicks(page.ui.queryEdit, family.student_number)
            qtbot.waitUntil(
                lambda: not page.pending and page.last_query == family.student_number,
                timeout=WAIT_MS,
            )
            assert [r.student_id for r in page.model.records()] == [family.student_id]
            qtbot.keyClick(page.ui.queryEdit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: window.student_pages() != [], timeout=WAIT_MS)
            student = window.student_pages()[0]
            qtbot.waitUntil(lambda: student.view is not None, timeout=WAIT_MS)
            assert student.view.student_id == family.student_id
            assert student.guardians.rowCount() == len(student.view.guardians) > 0
            # One connection, the person's: on the desk's side and on the server's.
            assert [who for _i, *who in opened.still_open()] == [[principal, db.name]]
            assert desk_backends(db) == {principal}
        finally:
            app.shutdown()
    assert opened and {user for user, _db in opened} == {principal}, opened
    lines = server_log(cluster, since)
    assert set(desk_logins(lines, db.name)) == {principal}, lines
    assert any(f'password authentication failed for user "{principal}"' in ln for ln in lines)
    # One login recorded, by the database as the person; the refused one is in the server's
    # log only (there was no connection to record it over).
    assert logins_recorded(db) == [*before, (principal, "success")]


def _sign_in(principal: str, password: str = PW) -> tuple[bootstrap.Runtime, Any]:
    """This workstation (its settings file) opened, and ``principal`` signed in."""
    rt = bootstrap.open_app()
    try:
        return rt, authenticator_for(rt.ctx).login(principal, password)
    except BaseException:
        rt.close()
        raise


@pytest.mark.postgres
def test_schema_keys_and_refusals_are_checked_over_the_persons_connection(
    district: dict,
) -> None:
    db, principal = district["db"], district["principal_name"]

    # Before sign-in nothing connects: a unit of work says why.
    with desk_connections() as opened:
        rt = bootstrap.open_app()
        try:
            assert rt.schema_state is None and rt.ctx.keys is None
            with pytest.raises(NotAvailable, match="sign in first"), rt.ctx.uow() as uow:
                uow.staff.count()
        finally:
            rt.close()
    assert opened == []

    # Signed in: the person's connection, and what the start-up checks give elsewhere.
    with desk_connections() as live:
        rt, session = _sign_in(principal)
        try:
            family = district["homeroom_family"]
            hits = lookup.find_students(rt.ctx, session, family.student_number)
            assert [h.student_id for h in hits] == [family.student_id]
            assert rt.ctx.keys is not None
            [(first, _user, _db)] = live.still_open()
            # The idle lock's unlock signs in again: the new connection replaces the old one.
            authenticator_for(rt.ctx).reauthenticate(session, PW)
            assert lookup.find_students(rt.ctx, session, family.student_number)
            [(now, user, name)] = live.still_open()  # one connection open: a new one
            assert now > first and (user, name) == (principal, db.name)
            assert desk_backends(db) == {principal}
        finally:
            rt.close()

    # An outdated schema: the same message as a workstation with its own connection gets.
    head = schema.head_revision()
    older = ScriptDirectory.from_config(schema.alembic_config()).get_revision(head)
    assert older is not None and isinstance(older.down_revision, str)
    db.admin("UPDATE alembic_version SET version_num = %s", older.down_revision)
    logins = logins_recorded(db)
    with pytest.raises(SchemaError) as outdated:
        _sign_in(principal)
    with pytest.raises(SchemaError) as elsewhere:
        bootstrap.open_app(database=db.url, settings=Settings())  # its own connection
    assert str(outdated.value) == str(elsewhere.value)
    assert "needs an upgrade" in str(outdated.value) and "db upgrade" in str(outdated.value)
    assert logins_recorded(db) == logins  # refused before the login was recorded
    db.admin("UPDATE alembic_version SET version_num = %s", head)

    # Rules that predate desk_info(): said plainly, no login recorded.
    db.admin("DROP FUNCTION ppdesk_api.desk_info()")
    with pytest.raises(SchemaError, match="db roles --apply"):
        _sign_in(principal)
    assert logins_recorded(db) == logins
    check = bootstrap.db_roles(db.url, check=True)
    assert "function ppdesk_api.desk_info() is missing" in check.problems
    bootstrap.db_roles(db.url, apply=True)

    # Keys of another database: PIN features off, for the same reason a workstation with
    # its own connection gives at start; the desk still works.
    (fingerprint,) = db.admin("SELECT value FROM ppdesk_meta WHERE key = 'key_fingerprint'")[0]
    db.admin("UPDATE ppdesk_meta SET value = %s WHERE key = 'key_fingerprint'", "0" * 64)
    elsewhere_rt = bootstrap.open_app(database=db.url, settings=Settings())  # own connection
    try:
        expected = elsewhere_rt.ctx.keys_problem
    finally:
        elsewhere_rt.close()
    assert expected is not None and "keys import" in expected
    rt, session = _sign_in(principal)
    try:
        assert rt.ctx.keys is None and rt.ctx.keys_problem == expected
        with pytest.raises(SecretsUnavailable) as refused:  # read again first, still not
            pins.keys_of(rt.ctx)
        assert str(refused.value) == expected
        assert lookup.find_students(rt.ctx, session, district["homeroom_family"].student_number)
    finally:
        rt.close()
    db.admin("UPDATE ppdesk_meta SET value = %s WHERE key = 'key_fingerprint'", fingerprint)

    assert logins_recorded(db) == [*logins, (principal, "success")]  # that sign-in
    logins = logins_recorded(db)

    # The administrator switched personal logins off: refused, saying so.
    db.admin("UPDATE ppdesk_meta SET value = 'off' WHERE key = 'person_logins'")
    with pytest.raises(NotAvailable, match="person-logins"):
        _sign_in(principal)
    db.admin("UPDATE ppdesk_meta SET value = 'on' WHERE key = 'person_logins'")

    # A disabled login (NOLOGIN) and a name with no login role: the usual message.
    teacher = district["names"]["teacher"]
    assert db.admin("SELECT refusal FROM ppdesk_api.disable_login(%s)", teacher) == [(None,)]
    for who in (teacher, "nobody_here"):
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            _sign_in(who, "whatever")
    assert logins_recorded(db) == logins
    _sign_in(principal)[0].close()
    assert logins_recorded(db) == [*logins, (principal, "success")]


def test_sign_in_database_needs_a_shared_database(tmp_path: Path) -> None:
    config = settings_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('sign_in = "database"\n', encoding="utf-8")  # the SQLite default
    with pytest.raises(ConfigurationError, match="PostgreSQL"):
        bootstrap.open_app()
    config.write_text('sign_in = "people"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="workstation or database"):
        bootstrap.open_app()
    assert not list(tmp_path.glob("data/*.sqlite3"))  # nothing was created


@pytest.mark.postgres
def test_keys_are_imported_on_the_workstation_as_the_person(
    district: dict, memory_keyring: Any, tmp_path: Path
) -> None:
    """The keys reach a workstation without a database credential the usual way: a person
    allowed to manage keys signs in there and imports the sealed file (CLI ``keys import``);
    the database records it as that person."""
    from ppdesk.services import keys as keys_service
    from tests.support.seed import login

    db, principal = district["db"], district["principal_name"]
    passphrase = "a sealing passphrase 99"  # synthetic
    admin_rt = bootstrap.open_app(database=db.url, settings=Settings())  # its own connection
    try:
        sealed = keys_service.export_keys(admin_rt.ctx, login(admin_rt.ctx, principal), passphrase)
    finally:
        admin_rt.close()
    memory_keyring.store.clear()  # a new workstation: no keys, no password
    rt, _session = _sign_in(principal)
    try:
        assert rt.ctx.keys is None and "keys import" in str(rt.ctx.keys_problem)
    finally:
        rt.close()
    sealed_file = tmp_path / "district.ppdeskkeys"
    sealed_file.write_bytes(sealed)
    done = CliRunner().invoke(
        main,
        ["keys", "import", str(sealed_file), "--user", principal],
        env={"PPDESK_PASSWORD": PW, "PPDESK_KEYS_PASSPHRASE": passphrase},
    )
    assert done.exit_code == 0, done.output
    assert [e for (_s, e) in memory_keyring.store if e.startswith("pin-keys:")]
    assert not [e for (_s, e) in memory_keyring.store if e.startswith("db-password:")]
    rows = db.admin("SELECT actor, outcome FROM audit_event WHERE action = 'keys_import'")
    assert rows == [(principal, "success")]
    rt, _session = _sign_in(principal)  # the next sign-in finds them
    try:
        assert rt.ctx.keys is not None and rt.ctx.keys_problem is None
    finally:
        rt.close()
