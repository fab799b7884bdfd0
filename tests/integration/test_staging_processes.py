"""Staging files left by a crashed ppdesk are removed at the next start (SECURITY.md 39).

A real second Python process plays the crashed (or still running) desk: it registers a
staging file and then dies with ``os._exit`` (no cleanup runs) or keeps running.
Integration tier: each test starts that process (moved from tests/unit/test_staging.py).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ppdesk.adapters import staging

CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from ppdesk.adapters import staging

    registry, staged, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    staging.configure(registry)
    staging.register(staged)
    staged.write_bytes(b"PIN data of a half-written export")
    print("ready", flush=True)
    if mode == "crash":
        os._exit(3)  # no finally, no atexit: as a killed process
    sys.stdin.readline()  # keep running (and holding the lock) until told to finish
    staging.unregister(staged)
    staged.unlink()
    """
)


def _child(tmp_path: Path, staged: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "data"), str(staged), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(autouse=True)
def _no_global_registry():
    yield
    staging.configure(None)


def test_a_crashed_process_leaves_a_file_that_the_next_sweep_removes(tmp_path: Path) -> None:
    staged = tmp_path / "out" / ".ppdesk-roster.xlsx.0123.part"
    staged.parent.mkdir()
    child = _child(tmp_path, staged, "crash")
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    assert child.wait(timeout=30) == 3
    assert staged.exists()  # the crash left it behind

    registry = tmp_path / "data" / "staging"
    assert staging.sweep(registry) == 1
    assert not staged.exists()
    assert list(registry.iterdir()) == []  # marker and lock file gone too
    assert staging.sweep(registry) == 0


def test_a_running_process_keeps_its_file(tmp_path: Path) -> None:
    staged = tmp_path / ".letters.pdf.abc.pending.pdf"
    child = _child(tmp_path, staged, "run")
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        registry = tmp_path / "data" / "staging"
        assert staging.sweep(registry) == 0  # its lock is held: not ours to remove
        assert staged.exists()
    finally:
        child.communicate("finish\n", timeout=30)
    assert child.returncode == 0
    assert not staged.exists()
    assert list((tmp_path / "data" / "staging").glob("*.json")) == []


def test_opening_the_app_sweeps_what_a_crash_left(tmp_path: Path, monkeypatch) -> None:
    from ppdesk import bootstrap

    data = tmp_path / "appdata"
    monkeypatch.setenv("PPDESK_DATA_DIR", str(data))
    staged = tmp_path / ".ppdesk-audit.xlsx.77.part"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(staged), "crash"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.wait(timeout=30)
    assert staged.exists()
    assert bootstrap.sweep_staging() == 1
    assert not staged.exists()
