"""Shared fixtures: isolated settings and data directories, an in-memory keyring, and the
``app`` fixture that runs a test on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import keyring
import pytest

from tests.support.db import PG_ENV, PgDatabases, pg_base_url
from tests.support.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No test depends on the machine's speed (issue 22): Hypothesis neither times each example
# (deadline) nor gives up when data generation is slow on a loaded machine (too_slow).
hypothesis.settings.register_profile(
    "ppdesk",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("ppdesk")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PPDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PPDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PPDESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("PPDESK_PASSWORD", raising=False)
    yield


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases | None]:
    base = pg_base_url()
    if base is None:
        yield None
        return
    dbs = PgDatabases(base)
    yield dbs
    dbs.drop_all()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_databases: PgDatabases | None
) -> Iterator[str]:
    """A migrated, empty database URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'test.sqlite3').as_posix()}"
        return
    if pg_databases is None:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1/postgres)"
        )
    url = pg_databases.new()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def runtime(db_url: str) -> Iterator[object]:
    from ppdesk import bootstrap

    rt = bootstrap.open_app(database=db_url, create_keys=True)
    yield rt
    rt.close()


@pytest.fixture
def app(runtime: object):
    from tests.support.seed import add_school

    ctx = runtime.ctx  # type: ignore[attr-defined]
    add_school(ctx)
    return ctx


# CI sets PPDESK_REQUIRE_POSTGRES=1: then a skipped PostgreSQL test fails the run.
_skipped_pg: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres" in report.keywords:
        _skipped_pg.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("PPDESK_REQUIRE_POSTGRES") == "1" and _skipped_pg:
        print(
            f"\nERROR: {len(_skipped_pg)} PostgreSQL test(s) were skipped but PostgreSQL is required:"
        )
        for nodeid in _skipped_pg[:20]:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


from tests.support.leakcheck import LeakGuard  # noqa: E402

_guard = LeakGuard()
_guard.install()


@pytest.fixture(autouse=True)
def no_pin_leaks() -> Iterator[None]:
    """SECURITY.md 17: no PIN in any log record or domain-error message of any test."""
    _guard.reset()
    yield
    leaks = _guard.leaks()
    assert not leaks, "\n".join(leaks[:5])
