"""A connection lost while a PIN is being committed (SECURITY.md 8 and 9). PostgreSQL only.

Both faults are real; the database is not mocked.

8: the backend serving ``issue_pin`` is killed with ``pg_terminate_backend()`` from another
session after the PIN INSERT and before the COMMIT: either right after the INSERT (the next
statement of the transaction fails) or just before the COMMIT is sent (from the engine's
``commit`` event, which runs before the driver's ``commit()``, so the COMMIT itself fails).
The server rolls the transaction back, so nothing may be saved or shown as issued; the
caller gets a plain ``DatabaseUnavailable``; retrying with the same request id then issues
exactly one PIN.

9: the ambiguous commit. The app talks to PostgreSQL through a small TCP proxy. When armed,
the proxy forwards the app's COMMIT to the server, waits for the server's answer
(CommandComplete ``COMMIT`` then ReadyForQuery, so the transaction is committed on the
server), swallows that answer and closes the app's socket. This is what a network cut right
after the COMMIT was sent looks like to the client: the driver's ``commit()`` fails with a
lost connection although the server committed. Killing the backend after a successful
commit would not do: the client would already know that it succeeded. The caller gets
``DatabaseUnavailable``; retrying with the same request id re-reads the PIN by its request
id, discloses it again and audits that disclosure as a retry; there is still one PIN.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from ppdesk import bootstrap
from ppdesk.domain.errors import DatabaseUnavailable
from ppdesk.domain.pin import parse_pin
from ppdesk.domain.roles import Role
from ppdesk.services import pins
from ppdesk.services.audit_trail import check_chain
from tests.support.family import make_family
from tests.support.flows import verify
from tests.support.seed import add_school, staff_with_role

# Only the PostgreSQL case of the ``db_url`` fixture: each test gets its own database.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("db_url", ["postgres"], indirect=True),
]

APP_NAME = "ppdesk"  # the application_name engine.py gives every connection
PIN_INSERT = "INSERT INTO PARENT_PIN"


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def admin(db_url: str) -> Iterator[psycopg.Connection]:
    """A session of its own, straight to the server: kills backends and reads the truth."""
    conn = psycopg.connect(_libpq_url(db_url), application_name="ppdt_fault", autocommit=True)
    yield conn
    conn.close()


def _counts(admin: psycopg.Connection) -> dict[str, int]:
    def one(sql: str) -> int:
        row = admin.execute(sql).fetchone()
        assert row is not None
        return int(row[0])

    return {
        "pins": one("SELECT count(*) FROM parent_pin"),
        "disclosures": one("SELECT count(*) FROM pin_disclosure"),
        "audit": one("SELECT count(*) FROM audit_event"),
        "issue_audit": one(
            "SELECT count(*) FROM audit_event WHERE action = 'pin_issue' AND outcome = 'success'"
        ),
        "retry_audit": one("SELECT count(*) FROM audit_event WHERE action = 'pin_disclose'"),
    }


def _pins_for(admin: psycopg.Connection, request_id: str) -> list[tuple[int, str, str]]:
    return admin.execute(
        "SELECT id, status, pin_hash FROM parent_pin WHERE request_id = %s", (request_id,)
    ).fetchall()


def _ready(ctx) -> tuple[object, int]:
    """A parent access administrator and a freshly verified guardian link."""
    paa = staff_with_role(ctx, Role.PARENT_ACCESS_ADMIN)
    fam = make_family(ctx)
    link_id = fam.link_ids[0]
    assert verify(ctx, paa, link_id).passed
    return paa, link_id


def _plain(message: str) -> None:
    """A sentence for the desk: no driver, SQL or traceback text."""
    for word in ("psycopg", "INSERT", "COMMIT", "Traceback", "sqlalche", "pid"):
        assert word not in message, message


def _lost_connection(exc: BaseException) -> None:
    """Raised because the driver lost its connection (not a mocked or other error)."""
    cause = exc.__cause__
    assert isinstance(cause, DBAPIError) and cause.connection_invalidated, repr(cause)
    assert isinstance(cause.orig, psycopg.OperationalError), repr(cause.orig)


# --- SECURITY 8: the backend killed between the PIN INSERT and the COMMIT ----------------


class _KillBeforeCommit:
    """Engine listeners that terminate the app's backend once, after its PIN INSERT.

    ``after_insert``: as soon as the INSERT INTO parent_pin has run. ``at_commit``: from the
    engine's ``commit`` event, i.e. after every statement of the transaction and just before
    the driver sends COMMIT. Before killing, the backend is checked on the server side: it
    is one of the app's, idle inside a transaction that has written (it has an xid).
    """

    def __init__(self, engine, admin: psycopg.Connection, moment: str) -> None:
        self.engine = engine
        self.admin = admin
        self.moment = moment
        self.armed = True
        self.pending: int | None = None  # backend pid of a transaction that inserted a PIN
        self.killed: list[int] = []
        self.seen: list[tuple[str, str, bool]] = []
        event.listen(engine, "after_cursor_execute", self._after_execute)
        event.listen(engine, "commit", self._before_commit)
        event.listen(engine, "rollback", self._forget)

    def remove(self) -> None:
        event.remove(self.engine, "after_cursor_execute", self._after_execute)
        event.remove(self.engine, "commit", self._before_commit)
        event.remove(self.engine, "rollback", self._forget)

    def _kill(self, pid: int) -> None:
        row = self.admin.execute(
            "SELECT application_name, state, backend_xid IS NOT NULL "
            "FROM pg_stat_activity WHERE pid = %s",
            (pid,),
        ).fetchone()
        assert row is not None, "the app's backend should be alive before the fault"
        self.seen.append(row)
        ok = self.admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone()
        assert ok == (True,)
        self.killed.append(pid)
        self.armed = False
        self.pending = None

    def _after_execute(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not self.armed or not statement.lstrip().upper().startswith(PIN_INSERT):
            return
        # The same number ``SELECT pg_backend_pid()`` gives on this connection (libpq's
        # PQbackendPID), read without sending another statement.
        self.pending = cursor.connection.info.backend_pid
        if self.moment == "after_insert":
            self._kill(self.pending)

    def _before_commit(self, conn) -> None:
        if self.armed and self.pending is not None and self.moment == "at_commit":
            assert conn.connection.dbapi_connection.info.backend_pid == self.pending
            self._kill(self.pending)

    def _forget(self, conn) -> None:
        if self.armed:
            self.pending = None


@pytest.mark.parametrize("moment", ["after_insert", "at_commit"])
def test_backend_killed_between_insert_and_commit_saves_nothing_and_retry_issues_one_pin(
    db_url: str, admin: psycopg.Connection, moment: str
) -> None:
    rt = bootstrap.open_app(database=db_url, create_keys=True)
    fault: _KillBeforeCommit | None = None
    try:
        add_school(rt.ctx)
        ctx = rt.ctx
        paa, link_id = _ready(ctx)
        before = _counts(admin)
        request_id = str(uuid.uuid4())

        fault = _KillBeforeCommit(rt.engine, admin, moment)
        with pytest.raises(DatabaseUnavailable) as caught:
            pins.issue_pin(ctx, paa, link_id, request_id=request_id)
        message = str(caught.value)
        # Killed before the COMMIT was sent, but the client cannot tell that from a COMMIT
        # whose answer was lost (check 9), so at commit time it says the outcome is unknown.
        expected = {
            "after_insert": "Nothing was saved",
            "at_commit": "not known whether the change was saved",
        }[moment]
        assert expected in message, message
        _plain(message)
        _lost_connection(caught.value)

        # The fault really hit the backend holding the uncommitted PIN, and only once.
        assert len(fault.killed) == 1, fault.killed
        assert fault.seen == [(APP_NAME, "idle in transaction", True)]
        gone = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (fault.killed[0],)
        ).fetchone()
        assert gone == (0,)

        # Nothing saved: no PIN, no disclosure, no audit row of any kind.
        assert _counts(admin) == before
        assert _pins_for(admin, request_id) == []

        fault.remove()
        fault = None
        issued = pins.issue_pin(ctx, paa, link_id, request_id=request_id)
        assert issued.display and issued.link_id == link_id

        ((pin_id, status, pin_hash),) = _pins_for(admin, request_id)
        assert pin_id == issued.pin_id and status == "active"
        assert pin_hash == ctx.keys.lookup_hash(parse_pin(issued.display).canonical)
        after = _counts(admin)
        assert after["pins"] == before["pins"] + 1
        assert after["disclosures"] == before["disclosures"] + 1
        assert after["issue_audit"] == before["issue_audit"] + 1
        assert after["retry_audit"] == before["retry_audit"]  # a first issue, not a re-read
        assert check_chain(ctx).intact
    finally:
        if fault is not None:
            fault.remove()
        rt.close()


# --- SECURITY 9: the ambiguous commit ---------------------------------------------------

_UNTYPED_CODES = {80877102, 80877103, 80877104}  # CancelRequest, SSLRequest, GSSENCRequest
_COMMIT_DONE = b"C" + struct.pack("!I", 4 + len(b"COMMIT\x00")) + b"COMMIT\x00"


class _CommitReplyDropper:
    """A TCP proxy in front of PostgreSQL that can lose the answer to one COMMIT.

    It reads the frontend protocol (the untyped start-up messages, then type byte + length
    messages). Armed, on the next simple-query ``COMMIT`` it starts swallowing the server's
    bytes, forwards the COMMIT, waits until the server has answered (ReadyForQuery), keeps
    that answer for the test and closes both sockets: the server has committed, the client
    only sees its connection drop.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.armed = threading.Event()
        self.fired = threading.Event()
        self.swallowed = b""
        self.commits_seen = 0
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, db_url: str) -> str:
        u = make_url(db_url).set(host="127.0.0.1", port=self.port)
        # Plain protocol on the wire, so the proxy can read it (the test server has no TLS).
        u = u.update_query_dict({"sslmode": "disable", "gssencmode": "disable"})
        return u.render_as_string(hide_password=False)

    def close(self) -> None:
        self.listener.close()
        with self._lock:
            for s in self._socks:
                _close(s)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._socks += [client, server]
            link = _Link(self, client, server)
            threading.Thread(target=link.client_to_server, daemon=True).start()
            threading.Thread(target=link.server_to_client, daemon=True).start()


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()


def _recv_exact(s: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


class _Link:
    def __init__(self, proxy: _CommitReplyDropper, client: socket.socket, server: socket.socket):
        self.proxy = proxy
        self.client = client
        self.server = server
        self.cut = threading.Event()  # from now on the server's bytes never reach the client
        self.answered = threading.Event()  # the server answered the swallowed COMMIT
        self.reply = b""

    def client_to_server(self) -> None:
        try:
            untyped = True
            while True:
                if untyped:
                    head = _recv_exact(self.client, 8)
                    length, code = struct.unpack("!II", head)
                    message = head + _recv_exact(self.client, length - 8)
                    untyped = code in _UNTYPED_CODES
                    self.server.sendall(message)
                    continue
                head = _recv_exact(self.client, 5)
                kind, length = head[:1], struct.unpack("!I", head[1:])[0]
                body = _recv_exact(self.client, length - 4)
                is_commit = kind == b"Q" and body.rstrip(b"\x00").strip().upper() == b"COMMIT"
                if is_commit:
                    self.proxy.commits_seen += 1
                if is_commit and self.proxy.armed.is_set():
                    self.proxy.armed.clear()
                    self.cut.set()
                    self.server.sendall(head + body)
                    if self.answered.wait(10):
                        self.proxy.swallowed = self.reply
                        self.proxy.fired.set()  # before the client can see the cut
                    _close(self.client)
                    _close(self.server)
                    return
                self.server.sendall(head + body)
        except (OSError, EOFError):
            _close(self.server)
            _close(self.client)

    def server_to_client(self) -> None:
        try:
            while True:
                data = self.server.recv(65536)
                if not data:
                    raise EOFError
                if self.cut.is_set():
                    self.reply += data
                    if b"Z\x00\x00\x00\x05" in self.reply:  # ReadyForQuery
                        self.answered.set()
                    continue
                self.client.sendall(data)
        except (OSError, EOFError):
            _close(self.client)


def test_ambiguous_commit_is_reported_and_a_retry_returns_the_same_pin(
    db_url: str, admin: psycopg.Connection
) -> None:
    u = make_url(db_url)
    proxy = _CommitReplyDropper((u.host or "localhost", u.port or 5432))
    rt = bootstrap.open_app(database=proxy.url(db_url), create_keys=True)
    try:
        add_school(rt.ctx)
        ctx = rt.ctx
        assert proxy.commits_seen > 0, "the app's traffic should go through the proxy"
        paa, link_id = _ready(ctx)
        before = _counts(admin)
        request_id = str(uuid.uuid4())

        # Lose the answer to the COMMIT of the transaction that inserted the PIN (the
        # engine's ``commit`` event runs just before the driver sends that COMMIT).
        inserted: list[bool] = []

        def _saw_insert(conn, cursor, statement, *args) -> None:
            if statement.lstrip().upper().startswith(PIN_INSERT):
                inserted.append(True)

        def _arm(conn) -> None:
            if inserted and not proxy.fired.is_set():
                proxy.armed.set()

        event.listen(rt.engine, "after_cursor_execute", _saw_insert)
        event.listen(rt.engine, "commit", _arm)
        try:
            with pytest.raises(DatabaseUnavailable) as caught:
                pins.issue_pin(ctx, paa, link_id, request_id=request_id)
        finally:
            event.remove(rt.engine, "after_cursor_execute", _saw_insert)
            event.remove(rt.engine, "commit", _arm)
        assert inserted == [True]
        assert "not known whether the change was saved" in str(caught.value)
        _plain(str(caught.value))
        _lost_connection(caught.value)

        # The server did commit: its answer to the COMMIT was swallowed, not an error.
        assert proxy.fired.is_set()
        assert _COMMIT_DONE in proxy.swallowed, proxy.swallowed[:80]
        ((pin_id, status, pin_hash),) = _pins_for(admin, request_id)
        assert status == "active"
        committed = _counts(admin)
        assert committed["pins"] == before["pins"] + 1
        assert committed["issue_audit"] == before["issue_audit"] + 1
        assert committed["disclosures"] == before["disclosures"] + 1

        # Retry (the desk's Retry sends the same request id): the same PIN, not a second.
        again = pins.issue_pin(ctx, paa, link_id, request_id=request_id)
        assert again.pin_id == pin_id and again.link_id == link_id
        assert pin_hash == ctx.keys.lookup_hash(parse_pin(again.display).canonical)
        assert [row[0] for row in _pins_for(admin, request_id)] == [pin_id]

        after = _counts(admin)
        assert after["pins"] == committed["pins"]
        assert after["issue_audit"] == committed["issue_audit"]
        assert after["disclosures"] == committed["disclosures"] + 1
        assert after["retry_audit"] == before["retry_audit"] + 1
        (details,) = admin.execute(
            "SELECT details FROM audit_event WHERE action = 'pin_disclose' "
            "ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        assert json.loads(details) == {"pin_id": pin_id, "channel": "screen", "retry": True}
        assert check_chain(ctx).intact
    finally:
        rt.close()
        proxy.close()
