"""Staff sign in to PostgreSQL with their directory password (pg_hba ``ldap``) or their own
SCRAM password, over TLS that ppdesk verifies (``verify-full``) because the host is not
this machine (issue 19, points 1 and 6).

Slow (a cluster of its own and a slapd): runs when PPDESK_RUN_SLOW=1, as in CI. Needs the
Debian packages slapd, ldap-utils and postgresql-15 (.ci/run installs them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ppdesk import bootstrap
from ppdesk.adapters.db import engine as db_engine
from ppdesk.cli.main import main
from tests.support.cluster import (
    LDAP_SUFFIX,
    PG_BIN,
    Cluster,
    Directory,
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

HOST = "db.ppdesk.test"  # resolved by hostaddr=127.0.0.1; the certificate names it
ANN_DIRECTORY_PW = "ann's directory passphrase"  # synthetic
BOB_PW = "bob's own database passphrase"
PAT_PW = "principal passphrase 1"


@pytest.fixture(scope="module")
def servers() -> Iterator[dict]:
    for tool in ("slapd", "ldapadd"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            pytest.fail(f"{tool} is needed (apt-get install slapd ldap-utils)")
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 server binaries are needed (apt-get install postgresql-15)")
    folder = scratch_folder()
    certs = folder / "certs"
    certs.mkdir()
    ca, crt, key = make_certificates(certs, HOST)
    directory = Directory(folder / "ldap", free_port())
    ldap = (
        f'ldap ldapserver=127.0.0.1 ldapport={directory.port} ldapprefix="uid=" '
        f'ldapsuffix=",ou=people,{LDAP_SUFFIX}"'
    )
    hba = (
        "local all postgres trust\n"
        "host all postgres 127.0.0.1/32 trust\n"
        "hostssl all bob 127.0.0.1/32 scram-sha-256\n"
        f"hostssl all all 127.0.0.1/32 {ldap}\n"
    )
    cluster = Cluster(folder / "pg", free_port(), hba, crt, key)
    (folder / "pg").mkdir()
    try:
        directory.start()
        directory.add_person("ann", ANN_DIRECTORY_PW)
        cluster.start()
        yield {"cluster": cluster, "directory": directory, "ca": ca, "home": folder / "home"}
    finally:
        cluster.stop()
        directory.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def district(servers: dict) -> dict:
    """A ppdesk database on the cluster with roles applied, pat (principal), ann (directory
    login) and bob (own password login)."""
    url = district_with_pat_ann_bob(servers["cluster"], pat_pw=PAT_PW, bob_pw=BOB_PW)
    return {"url": url, **servers}


def _person_url(district: dict, user: str, *, host: str = HOST, ca: bool = True) -> str:
    port = district["cluster"].port
    query = "hostaddr=127.0.0.1"
    if ca:
        query += f"&sslrootcert={district['ca']}"
    return f"postgresql://{user}@{host}:{port}/ppdesk?{query}"


def _connect_as(url: str, password: str) -> tuple[str, bool, int]:
    engine = db_engine.create_engine(url, password=password)
    try:
        with engine.connect() as conn:
            who = conn.execute(text("SELECT session_user")).scalar_one()
            ssl = conn.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar_one()
            staff_id = conn.execute(
                text("SELECT staff_id FROM ppdesk_api.session_start()")
            ).scalar_one()
            conn.commit()
        return str(who), bool(ssl), int(staff_id)
    finally:
        engine.dispose()


def test_a_directory_password_logs_in_through_pg_hba_ldap(district: dict, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(district["home"]))  # no ~/.postgresql/root.crt of the machine
    who, ssl, staff_id = _connect_as(_person_url(district, "ann"), ANN_DIRECTORY_PW)
    assert (who, ssl) == ("ann", True)
    assert staff_id > 0
    with pytest.raises(OperationalError, match="LDAP authentication failed"):
        _connect_as(_person_url(district, "ann"), "not ann's password")


def test_an_own_password_logs_in_with_scram(district: dict, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(district["home"]))
    assert _connect_as(_person_url(district, "bob"), BOB_PW)[:2] == ("bob", True)
    with pytest.raises(OperationalError, match="password authentication failed"):
        _connect_as(_person_url(district, "bob"), "a guess")


def test_a_network_host_is_reached_only_with_a_verified_certificate(
    district: dict, monkeypatch
) -> None:
    monkeypatch.setenv("HOME", str(district["home"]))
    # No CA to check the server against: refused before any password is sent.
    with pytest.raises(OperationalError, match="root certificate file"):
        _connect_as(_person_url(district, "ann", ca=False), ANN_DIRECTORY_PW)
    # A certificate for another name: refused.
    with pytest.raises(OperationalError, match="does not match host name"):
        _connect_as(_person_url(district, "ann", host="other.ppdesk.test"), ANN_DIRECTORY_PW)


def test_the_desk_signs_people_in_through_the_database(district: dict, monkeypatch) -> None:
    """With `db person-logins on`, the desk's and the CLI's sign-in is the database's: a
    directory password or an own SCRAM password, checked by PostgreSQL over verified TLS."""
    from ppdesk.domain.errors import AuthenticationFailed
    from ppdesk.services.person_auth import DatabaseAuthenticator, authenticator_for

    monkeypatch.setenv("HOME", str(district["home"]))
    runner = CliRunner()
    on = runner.invoke(main, ["--database", district["url"], "db", "person-logins", "on"])
    assert on.exit_code == 0, on.output
    workstation_url = _person_url(district, "postgres")
    rt = bootstrap.open_app(database=workstation_url)
    try:
        auth = authenticator_for(rt.ctx)
        assert isinstance(auth, DatabaseAuthenticator)
        assert auth.login("ann", ANN_DIRECTORY_PW).username == "ann"
        assert auth.login("bob", BOB_PW).username == "bob"
        for user, wrong in (("ann", "a guess"), ("bob", ANN_DIRECTORY_PW), ("nobody", "x")):
            with pytest.raises(AuthenticationFailed):
                auth.login(user, wrong)
    finally:
        rt.close()
    off = runner.invoke(main, ["--database", district["url"], "db", "person-logins", "off"])
    assert off.exit_code == 0, off.output
