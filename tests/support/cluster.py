"""Throwaway servers for slow tests: a PostgreSQL cluster with TLS and a pg_hba of our own,
an OpenLDAP directory (slapd) and a Kerberos realm (MIT krb5kdc), all on 127.0.0.1 and
removed afterwards."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PG_BIN = Path("/usr/lib/postgresql/15/bin")
LDAP_SUFFIX = "dc=ppdesk,dc=test"
LDAP_ADMIN = f"cn=admin,{LDAP_SUFFIX}"
LDAP_ADMIN_PW = "directory-admin-1"  # synthetic
KRB_REALM = "PPDESK.TEST"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _wait(check, what: str, seconds: float = 60) -> None:
    # Waiting for a server to come up, not timing anything: the bound only stops a hang.
    for _ in range(int(seconds * 10)):
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


def make_certificates(folder: Path, host: str) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for ``host``: (ca.crt, server.crt, server.key)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ppdesk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, crt_path, key_path = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    crt_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, crt_path, key_path


@dataclass
class Directory:
    """slapd with one organisation and people under ``ou=people``."""

    folder: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        data = self.folder / "data"
        data.mkdir(parents=True)
        conf = self.folder / "slapd.conf"
        conf.write_text(
            "include /etc/ldap/schema/core.schema\n"
            "include /etc/ldap/schema/cosine.schema\n"
            "include /etc/ldap/schema/inetorgperson.schema\n"
            f"pidfile {self.folder}/slapd.pid\n"
            "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
            f'database mdb\nsuffix "{LDAP_SUFFIX}"\nrootdn "{LDAP_ADMIN}"\n'
            f"rootpw {LDAP_ADMIN_PW}\ndirectory {data}\n",
            encoding="utf-8",
        )
        slapd = shutil.which("slapd") or "/usr/sbin/slapd"
        self.proc = subprocess.Popen(
            [slapd, "-f", str(conf), "-h", f"ldap://127.0.0.1:{self.port}/", "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self._answers, "slapd")
        self.add(
            f"dn: {LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\n"
            "o: ppdesk test district\ndc: ppdesk\n\n"
            f"dn: ou=people,{LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n"
        )

    def _answers(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError("slapd exited")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def add(self, ldif: str) -> None:
        subprocess.run(
            ["ldapadd", "-x", "-H", f"ldap://127.0.0.1:{self.port}", "-D", LDAP_ADMIN,
             "-w", LDAP_ADMIN_PW],
            input=ldif.encode(), check=True, capture_output=True,
        )  # fmt: skip

    def add_person(self, uid: str, password: str) -> None:
        self.add(
            f"dn: uid={uid},ou=people,{LDAP_SUFFIX}\nobjectClass: inetOrgPerson\n"
            f"uid: {uid}\ncn: {uid}\nsn: {uid}\nuserPassword: {password}\n"
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@dataclass
class Kdc:
    """An MIT Kerberos realm of its own: a KDC on a loopback port, its database, its
    ``krb5.conf`` and a credential cache in ``folder``. ``env`` points the Kerberos library
    (of the tools, of libpq and of the server) at them, away from ``/etc/krb5.conf``."""

    folder: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            "KRB5_CONFIG": str(self.folder / "krb5.conf"),
            "KRB5_KDC_PROFILE": str(self.folder / "kdc.conf"),
            "KRB5CCNAME": f"FILE:{self.folder / 'ccache'}",
        }

    def start(self) -> None:
        self.folder.mkdir(parents=True)
        where = f"127.0.0.1:{self.port}"
        (self.folder / "kdc.conf").write_text(
            f"[kdcdefaults]\n kdc_listen = {where}\n kdc_tcp_listen = {where}\n"
            f"[realms]\n {KRB_REALM} = {{\n"
            f"  database_name = {self.folder / 'principal'}\n"
            f"  key_stash_file = {self.folder / 'stash'}\n"
            f"  acl_file = {self.folder / 'kadm5.acl'}\n }}\n"
            f"[logging]\n kdc = FILE:{self.folder / 'kdc.log'}\n",
            encoding="utf-8",
        )
        # The service principal is the host name libpq is given, as is: no DNS, no reverse
        # lookup; TCP only (one port to reserve).
        (self.folder / "krb5.conf").write_text(
            f"[libdefaults]\n default_realm = {KRB_REALM}\n dns_lookup_kdc = false\n"
            " dns_lookup_realm = false\n rdns = false\n dns_canonicalize_hostname = false\n"
            " udp_preference_limit = 1\n"
            f"[realms]\n {KRB_REALM} = {{\n  kdc = {where}\n }}\n"
            f"[domain_realm]\n .ppdesk.test = {KRB_REALM}\n",
            encoding="utf-8",
        )
        # The master key is the stash file's; nobody types it.
        self._run(["kdb5_util", "create", "-s", "-r", KRB_REALM, "-P", os.urandom(16).hex()])
        self.proc = subprocess.Popen(
            [shutil.which("krb5kdc") or "/usr/sbin/krb5kdc", "-n", "-P",
             str(self.folder / "kdc.pid")],
            env={**os.environ, **self.env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait(self._answers, "krb5kdc")

    def _answers(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError("krb5kdc exited")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def _run(self, cmd: list[str], stdin: str | None = None) -> None:
        tool = shutil.which(cmd[0]) or f"/usr/sbin/{cmd[0]}"
        done = subprocess.run(
            [tool, *cmd[1:]], input=stdin.encode() if stdin is not None else None,
            env={**os.environ, **self.env}, capture_output=True,
        )  # fmt: skip
        if done.returncode != 0:  # its own words (the command line holds a password)
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr.decode(errors='replace')}")

    def add_person(self, name: str, password: str) -> None:
        assert '"' not in password  # kadmin's command line takes it in double quotes
        self._run(["kadmin.local", "-q", f'addprinc -pw "{password}" {name}'])

    def add_service(self, principal: str, keytab: Path) -> None:
        """A service principal with a random key, written to ``keytab``."""
        self._run(["kadmin.local", "-q", f"addprinc -randkey {principal}"])
        self._run(["kadmin.local", "-q", f"ktadd -k {keytab} {principal}"])

    def kinit(self, name: str, password: str) -> None:
        """A ticket for ``name`` in this realm's credential cache (the password on stdin)."""
        self._run(["kinit", name], stdin=password + "\n")

    def kdestroy(self) -> None:
        self._run(["kdestroy", "-q"])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@dataclass
class Cluster:
    """A PostgreSQL 15 cluster of its own (initdb), TLS on, and the pg_hba lines given."""

    folder: Path
    port: int
    hba: str
    cert: Path
    key: Path
    extra_conf: str = ""  # more postgresql.conf lines (log_connections = on, ...)

    @property
    def data(self) -> Path:
        return self.folder / "pgdata"

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
            check=True, capture_output=True,
        )  # fmt: skip
        for src, name in ((self.cert, "server.crt"), (self.key, "server.key")):
            target = self.data / name
            shutil.copy(src, target)
            target.chmod(0o600)
            if os.geteuid() == 0:
                shutil.chown(target, "postgres")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as f:
            f.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nssl = on\n"
                "password_encryption = 'scram-sha-256'\nfsync = off\n" + self.extra_conf
            )
        (self.data / "pg_hba.conf").write_text(self.hba, encoding="utf-8")
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                          str(self.folder / "server.log"), "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                          "stop"]),
            capture_output=True,
        )  # fmt: skip


def scratch_folder() -> Path:
    """A folder the postgres user can reach (pytest's tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="ppdesk-cluster-", dir="/tmp"))
    folder.chmod(0o755)
    return folder


def district_with_pat_ann_bob(cluster: Cluster, *, pat_pw: str, bob_pw: str) -> str:
    """A ppdesk database ``ppdesk`` on ``cluster`` set up as README says, with the roles
    applied: pat (the first principal), ann (a directory login: pg_hba decides how she
    authenticates) and bob (his own SCRAM password). Returns its URL."""
    import psycopg
    from click.testing import CliRunner

    from ppdesk import bootstrap
    from ppdesk.cli.main import main

    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute("CREATE DATABASE ppdesk")
    url = cluster.url("ppdesk")
    runner = CliRunner()

    def cli(*args: str, **env: str) -> None:
        r = runner.invoke(main, ["--database", url, *args], env=env, catch_exceptions=False)
        assert r.exit_code == 0, r.output

    cli("db", "upgrade")
    cli("staff", "add", "pat", "--name", "Pat", "--school", "1234", "--school-name", "Maple",
        "--first-principal", PPDESK_NEW_PASSWORD=pat_pw)  # fmt: skip
    bootstrap.db_roles(url, apply=True)
    cli("staff", "add", "ann", "--name", "Ann Office", "--school", "1234", "--directory",
        "--user", "pat", PPDESK_PASSWORD=pat_pw)  # fmt: skip
    cli("staff", "add", "bob", "--name", "Bob Office", "--school", "1234", "--login",
        "--user", "pat", PPDESK_PASSWORD=pat_pw, PPDESK_NEW_PASSWORD=bob_pw)  # fmt: skip
    return url
