"""PostgreSQL connection options: TLS by default across a network, PgBouncer-safe."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from ppdesk.adapters.db import engine as db_engine


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ann@db.district.example/ppdesk",
        "postgresql://ann@10.1.2.3:6432/ppdesk",
        "postgresql://ann@[2001:db8::5]/ppdesk",
    ],
)
def test_a_network_host_needs_a_verified_certificate(url: str) -> None:
    args = db_engine.postgres_connect_args(make_url(url))
    assert args["sslmode"] == "verify-full"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1/ppdesk",
        "postgresql://postgres@localhost/ppdesk",
        "postgresql://postgres@[::1]/ppdesk",
        "postgresql:///ppdesk?host=/var/run/postgresql",
    ],
)
def test_this_machine_needs_no_tls(url: str) -> None:
    assert "sslmode" not in db_engine.postgres_connect_args(make_url(url))


def test_an_explicit_sslmode_in_the_url_is_kept() -> None:
    u = make_url("postgresql://ann@db.district.example/ppdesk?sslmode=require")
    assert "sslmode" not in db_engine.postgres_connect_args(u)  # libpq reads it from the URL


def test_kerberos_authenticates_inside_tls_unless_the_url_says_otherwise() -> None:
    """No GSSAPI encryption by default, whichever libpq is loaded (the binary wheel's
    default is ``disable``, a system libpq's ``prefer``): pg_hba's ``hostssl ... gss``
    (docs/district-setup.md, tests/slow/test_kerberos_login.py)."""
    u = make_url("postgresql://ann@db.district.example/ppdesk")
    assert db_engine.postgres_connect_args(u)["gssencmode"] == "disable"
    u = make_url("postgresql://ann@db.district.example/ppdesk?gssencmode=prefer")
    assert "gssencmode" not in db_engine.postgres_connect_args(u)  # libpq reads it from the URL


def test_no_prepared_statements() -> None:
    args = db_engine.postgres_connect_args(make_url("postgresql://ann@127.0.0.1/ppdesk"))
    assert args["prepare_threshold"] is None
    assert "-c lock_timeout=5000ms" in args["options"]


# The pool of one idle connection is checked on a real engine in
# tests/integration/test_engine_pool.py (the unit tier builds no engine).
