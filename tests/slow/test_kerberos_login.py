"""Kerberos single sign-on (issue 19, point 1): a person with a ticket from the district's
realm signs in to the desk with NO password typed; PostgreSQL checks the ticket (pg_hba
``gss``) inside the verified TLS connection the desk always makes to a network host.

A realm of its own (MIT krb5kdc on a loopback port, its own krb5.conf through
KRB5_CONFIG, a credential cache of its own through KRB5CCNAME), a PostgreSQL 15 cluster of
its own with the service principal's keytab (``krb_server_keyfile``), and this
workstation's settings with no database credential (``sign_in = "database"``).

Slow: runs when PPDESK_RUN_SLOW=1, as in CI. Needs the Debian packages krb5-kdc,
krb5-admin-server (kadmin.local), krb5-user (kinit) and postgresql-15 (.ci/run installs
them); with PPDESK_RUN_SLOW=1 a missing one fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt

from ppdesk import bootstrap
from ppdesk.adapters.settings_store import settings_path
from ppdesk.cli.main import main
from ppdesk.domain.errors import AuthenticationFailed
from ppdesk.services.person_auth import DatabaseAuthenticator, authenticator_for
from tests.support.cluster import (
    KRB_REALM,
    PG_BIN,
    Cluster,
    Kdc,
    district_with_pat_ann_bob,
    free_port,
    make_certificates,
    scratch_folder,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("PPDESK_RUN_SLOW") != "1", reason="set PPDESK_RUN_SLOW=1 (own cluster)"
    ),
]

HOST = "db.ppdesk.test"  # resolved by hostaddr=127.0.0.1; the certificate and principal name it
ANN_KRB_PW = "ann's kerberos passphrase 7"  # synthetic: typed to kinit only, never to ppdesk
CARL_KRB_PW = "carl's kerberos passphrase 8"
BOB_PW = "bob's own database passphrase 9"
PAT_PW = "principal passphrase 2"
WAIT_MS = 10_000


@pytest.fixture(scope="module")
def servers() -> Iterator[dict]:
    for tool in ("krb5kdc", "kdb5_util", "kadmin.local", "kinit", "kdestroy"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            pytest.fail(f"{tool} is needed (apt-get install krb5-kdc krb5-admin-server krb5-user)")
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 server binaries are needed (apt-get install postgresql-15)")
    folder = scratch_folder()
    certs = folder / "certs"
    certs.mkdir()
    _ca, crt, key = make_certificates(certs, HOST)
    kdc = Kdc(folder / "krb", free_port())
    keytab = folder / "postgres.keytab"
    hba = (
        "local all postgres trust\n"
        "host all postgres 127.0.0.1/32 trust\n"  # the administrator (this test)
        "hostssl all bob 127.0.0.1/32 scram-sha-256\n"  # bob: his own password
        # everyone else: the district's Kerberos, as docs/district-setup.md section 3 says
        f"hostssl all all 127.0.0.1/32 gss include_realm=0 krb_realm={KRB_REALM}\n"
    )
    (folder / "pg").mkdir()
    cluster = Cluster(
        folder / "pg",
        free_port(),
        hba,
        crt,
        key,
        extra_conf=f"krb_server_keyfile = 'FILE:{keytab}'\nlog_connections = on\n",
    )
    with pytest.MonkeyPatch.context() as mp:
        for name, value in kdc.env.items():
            mp.setenv(name, value)  # the realm's, for kinit, libpq and the server alike
        mp.delenv("PGPASSWORD", raising=False)
        try:
            kdc.start()
            kdc.add_person("ann", ANN_KRB_PW)
            kdc.add_person("carl", CARL_KRB_PW)
            kdc.add_service(f"postgres/{HOST}", keytab)
            if os.geteuid() == 0:
                shutil.chown(keytab, "postgres")
            cluster.start()
            yield {"cluster": cluster, "kdc": kdc, "ca": certs / "ca.crt", "home": folder / "home"}
        finally:
            cluster.stop()
            kdc.stop()
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def district(servers: dict) -> dict:
    """A ppdesk database on the cluster with roles applied and personal logins on: pat
    (principal), ann (directory login: Kerberos) and bob (his own SCRAM password)."""
    url = district_with_pat_ann_bob(servers["cluster"], pat_pw=PAT_PW, bob_pw=BOB_PW)
    runner = CliRunner()
    on = runner.invoke(main, ["--database", url, "db", "person-logins", "on"])
    assert on.exit_code == 0, on.output
    return {"url": url, **servers}


@pytest.fixture
def workstation(district: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    """This workstation's settings: the database URL with no user and no password, and
    ``sign_in = "database"`` (the counter workstation of docs/district-setup.md)."""
    home = district["home"]
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))  # no ~/.postgresql/root.crt or ~/.pgpass of ours
    port = district["cluster"].port
    url = f"postgresql://{HOST}:{port}/ppdesk?hostaddr=127.0.0.1&sslrootcert={district['ca']}"
    config = settings_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'database_url = "{url}"\nsign_in = "database"\n', encoding="utf-8")
    kdc: Kdc = district["kdc"]
    kdc.kinit("ann", ANN_KRB_PW)  # what signing in to a domain-joined Windows PC gives
    return district


def desk_sessions(district: dict, user: str = "ann") -> set[tuple]:
    """The desk's sessions of ``user`` on the server: (user, Kerberos principal,
    GSSAPI-authenticated, TLS), read by the administrator. A set: a process whose client
    just closed may still be listed for a moment, and it is the same person's."""
    port = district["cluster"].port
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres") as conn:
        return set(
            conn.execute(
                "SELECT a.usename, g.principal, g.gss_authenticated, s.ssl "
                "FROM pg_stat_activity a JOIN pg_stat_gssapi g USING (pid) "
                "JOIN pg_stat_ssl s USING (pid) "
                "WHERE a.datname = 'ppdesk' AND a.application_name = 'ppdesk' AND a.usename = %s",
                (user,),
            ).fetchall()
        )


def login_audit(district: dict) -> list[tuple]:
    port = district["cluster"].port
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=ppdesk") as conn:
        return conn.execute(
            "SELECT actor, outcome FROM audit_event WHERE action = 'login' ORDER BY seq"
        ).fetchall()


def test_a_ticket_signs_the_person_in_with_no_password(workstation: dict) -> None:
    before = login_audit(workstation)
    rt = bootstrap.open_app()
    try:
        auth = authenticator_for(rt.ctx)
        assert isinstance(auth, DatabaseAuthenticator)
        session = auth.login("ann", "")  # nothing typed
        assert session.username == "ann"
        with rt.ctx.uow(readonly=True) as uow:
            me = uow.staff.get_by_username("ann")  # through the person's own connection
        assert me is not None and me.id == session.staff_id
        # On the server: ann's session, authenticated by her Kerberos ticket, over TLS.
        assert desk_sessions(workstation) == {("ann", f"ann@{KRB_REALM}", True, True)}
        # The idle lock's unlock: no password either, while the ticket is there.
        again = auth.reauthenticate(session, "")
        assert again.username == "ann"
    finally:
        rt.close()
    assert login_audit(workstation) == [*before, ("ann", "success"), ("ann", "success")]
    log = (workstation["cluster"].folder / "server.log").read_text(encoding="utf-8")
    assert f'identity="ann@{KRB_REALM}" method=gss' in log
    # The CLI the same way, with an empty PPDESK_PASSWORD: ann is signed in (the login
    # recorded), then refused as ann, who is not a principal, would be.
    cli = CliRunner().invoke(main, ["staff", "list", "--user", "ann"], env={"PPDESK_PASSWORD": ""})
    assert cli.exit_code == 2 and "Only a principal or a district administrator" in cli.output
    assert login_audit(workstation)[-3:] == [("ann", "success")] * 3


def test_without_a_ticket_or_with_another_persons_sign_in_is_refused(
    workstation: dict,
) -> None:
    kdc: Kdc = workstation["kdc"]
    before = login_audit(workstation)
    rt = bootstrap.open_app()
    try:
        auth = authenticator_for(rt.ctx)
        kdc.kdestroy()  # signed out of Windows, or the ticket gone
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            auth.login("ann", "")
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            auth.login("ann", ANN_KRB_PW)  # typing the directory password does not help
        # carl's ticket signs in carl only: not ann, whose name is typed.
        kdc.kinit("carl", CARL_KRB_PW)
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            auth.login("ann", "")
    finally:
        rt.close()
    assert login_audit(workstation) == before  # refused by the server: its log records it
    log = (workstation["cluster"].folder / "server.log").read_text(encoding="utf-8")
    assert 'GSSAPI authentication failed for user "ann"' in log


def test_an_own_password_account_still_needs_its_password(workstation: dict) -> None:
    """An empty password is sent to the database, which refuses it for SCRAM; and libpq
    does not fill in a password stored on this machine (~/.pgpass, PGPASSWORD)."""
    home: Path = workstation["home"]
    pgpass = home / ".pgpass"
    pgpass.write_text(f"*:*:*:bob:{BOB_PW}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    rt = bootstrap.open_app()
    try:
        auth = authenticator_for(rt.ctx)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PGPASSWORD", BOB_PW)
            with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
                auth.login("bob", "")
        assert auth.login("bob", BOB_PW).username == "bob"
    finally:
        rt.close()
        pgpass.unlink()


def test_the_login_dialog_signs_in_with_the_password_field_empty(
    qtbot: Any, workstation: dict
) -> None:
    from ppdesk.gui.app import DeskApp

    app = DeskApp()  # the real opener: settings file, open_app, on a worker thread
    qtbot.addWidget(app.login)
    app.start()
    try:
        ui = app.login.ui
        qtbot.waitUntil(lambda: app.login.runtime is not None, timeout=WAIT_MS)
        qtbot.keyClicks(ui.userEdit, "ann")
        assert ui.passwordEdit.text() == ""
        qtbot.keyClick(ui.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.window is not None, timeout=WAIT_MS)
        window = app.window
        qtbot.addWidget(window)
        assert window.desk.session.username == "ann"
        assert desk_sessions(workstation) == {("ann", f"ann@{KRB_REALM}", True, True)}
        before = login_audit(workstation)

        # The idle lock: unlocked with the password field empty, by the ticket.
        window.lock()
        lock = window.lock_page.ui
        assert lock.userEdit.text() == "ann" and lock.passwordEdit.text() == ""
        qtbot.keyClick(lock.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.locked, timeout=WAIT_MS)

        # A step-up ("type your password again"): confirmed with the field empty.
        confirmed: list[bool] = []
        window.desk.step_up("Confirm it is you.", lambda: confirmed.append(True), window)
        prompt = window.desk.last_prompt
        assert prompt.ui.passwordEdit.text() == ""
        prompt.accept()
        qtbot.waitUntil(lambda: confirmed == [True], timeout=WAIT_MS)

        # Without the ticket, neither signs in: the lock stays, with the usual message.
        workstation["kdc"].kdestroy()
        window.lock()
        qtbot.keyClick(lock.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: "Wrong user name or password" in lock.errorLabel.text(), timeout=WAIT_MS
        )
        assert window.locked
        # Each sign-in again is a login the database recorded as ann.
        assert login_audit(workstation) == [*before, ("ann", "success"), ("ann", "success")]
    finally:
        app.shutdown()
