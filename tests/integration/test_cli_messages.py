"""Issue 22, point 5: messages an IT technician can act on, each with a documented exit
code (``ppdesk.cli.exit_codes``), run as subprocesses like a technician's shell does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ppdesk.cli import exit_codes


def _ppdesk(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    full = {**os.environ, **(env or {})}
    full["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PPDESK_PASSWORD", "PPDESK_DATABASE_URL"):
        if env is None or name not in env:
            full.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "ppdesk", *args],
        capture_output=True,
        text=True,
        env=full,
        input=stdin if stdin is not None else "",
        timeout=300,
        check=False,
    )


def _settings(text: str) -> None:
    folder = Path(os.environ["PPDESK_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(text, encoding="utf-8")


def test_an_unsupported_database_url_says_what_is_supported() -> None:
    r = _ppdesk("--database", "mysql://root@localhost/ppdesk", "db", "status")
    assert r.returncode == exit_codes.EX_CONFIG, (r.returncode, r.stderr)
    assert "Unsupported database 'mysql'" in r.stderr and "postgresql://" in r.stderr
    assert "something went wrong" not in r.stderr and "Traceback" not in r.stderr


def test_a_mistyped_sqlite_path_in_db_status_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "ppdesk.sqlite3"
    r = _ppdesk("--database", f"sqlite:///{missing.as_posix()}", "db", "status")
    assert r.returncode == exit_codes.EX_NOINPUT, (r.returncode, r.stderr)
    assert f"There is no SQLite database at {missing}" in r.stderr
    assert "empty database" not in r.stdout
    assert not missing.parent.exists()


def test_db_status_exit_codes(runtime: object, db_url: str) -> None:
    r = _ppdesk("--database", db_url, "db", "status")
    assert r.returncode == exit_codes.OK, r.stderr  # the fixture's database is current
    assert "up to date" in r.stdout
    from sqlalchemy import text

    from ppdesk.adapters.db.engine import create_engine

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    r = _ppdesk("--database", db_url, "db", "status")
    assert r.returncode == exit_codes.DB_NEEDS_UPGRADE, (r.returncode, r.stdout)
    assert "needs upgrade" in r.stdout
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    r = _ppdesk("--database", db_url, "db", "status")
    assert r.returncode == exit_codes.DB_NEWER, (r.returncode, r.stdout)


def test_a_settings_value_of_the_wrong_type_names_the_file_and_the_key() -> None:
    _settings('idle_lock_minutes = "five"\n')
    r = _ppdesk("db", "status")
    assert r.returncode == exit_codes.EX_CONFIG, (r.returncode, r.stderr)
    assert "settings.toml: idle_lock_minutes must be a whole number" in r.stderr
    assert "'five'" in r.stderr and "TypeError" not in r.stderr


def test_an_unknown_settings_key_is_reported(tmp_path: Path) -> None:
    _settings("idle_lock_minuets = 5\npin_expiry_days = 14\n")  # a typo, and a retired key
    r = _ppdesk("--database", f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}", "db", "status")
    assert "unknown setting 'idle_lock_minuets' ignored" in r.stderr
    assert "pin_expiry_days" not in r.stderr


@pytest.mark.parametrize(
    ("args", "env_name"),
    [
        (("staff", "list", "--user", "pat"), "PPDESK_PASSWORD"),
        (("keys", "export", "--out", "k.ppdeskkeys", "--user", "pat"), "PPDESK_PASSWORD"),
    ],
)
def test_a_password_prompt_without_a_terminal_names_the_variable(
    tmp_path: Path, args: tuple[str, ...], env_name: str
) -> None:
    database = f"sqlite:///{(tmp_path / 'db.sqlite3').as_posix()}"
    r = _ppdesk("--database", database, *args, stdin="")
    assert r.returncode == exit_codes.REFUSED, (r.returncode, r.stderr)
    assert env_name in r.stderr and "Aborted!" not in r.stderr


def test_output_closed_early_is_not_an_incident(tmp_path: Path) -> None:
    """`ppdesk staff list | head -0`: the reader is gone before ppdesk writes; no incident,
    no traceback, exit code 141 as a shell reports a closed pipe."""
    database = f"sqlite:///{(tmp_path / 'db.sqlite3').as_posix()}"
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    demo = ["demo", "--students", "10", "--password", "demo pass phrase 1"]
    cmd = [sys.executable, "-m", "ppdesk", "--database", database, *demo]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader went away
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "ppdesk",
                "--database",
                database,
                "staff",
                "list",
                "-u",
                "principal",
            ],
            env={**env, "PPDESK_PASSWORD": "demo pass phrase 1"},
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        os.close(write_end)
    assert "incident" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == exit_codes.EX_PIPE, (proc.returncode, proc.stderr)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_sqlite_database_is_private(tmp_path: Path) -> None:
    """Issue 22, point 7: the file that holds student data is 0600 in a 0700 folder, like
    the key file (and SQLite's -wal/-shm files follow the database file's mode)."""
    import stat

    database = tmp_path / "new-folder" / "ppdesk.sqlite3"
    r = _ppdesk("--database", f"sqlite:///{database.as_posix()}", "demo", "--students", "10")
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    for path in [database, *database.parent.glob("ppdesk.sqlite3-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
