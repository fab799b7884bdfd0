"""Staging files left by a crashed ppdesk are removed at the next start (SECURITY.md 39):
the registry, the sweep and a staged file's life in this process. A real second process
playing the crashed or still running desk is in tests/integration/test_staging_processes.py.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ppdesk.adapters import staging


@pytest.fixture(autouse=True)
def _no_global_registry():
    yield
    staging.configure(None)


def test_staged_file_is_private_registered_and_removed(tmp_path: Path) -> None:
    staging.configure(tmp_path / "data")
    registry = tmp_path / "data" / "staging"
    with staging.staged_file(tmp_path, ".ppdesk-sheet.", ".part") as (path, fd):
        os.write(fd, b"x")
        os.close(fd)
        assert path.parent == tmp_path and path.name.startswith(".ppdesk-sheet.")
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert len(list(registry.glob("*.json"))) == 1
    assert not path.exists()
    assert list(registry.glob("*.json")) == []


def test_a_file_renamed_into_place_is_not_removed_by_a_later_sweep(tmp_path: Path) -> None:
    staging.configure(tmp_path / "data")
    target = tmp_path / "roster.xlsx"
    with staging.staged_file(tmp_path, ".ppdesk-roster.", ".part") as (path, fd):
        os.write(fd, b"done")
        os.close(fd)
        os.replace(path, target)
    assert staging.sweep() == 0
    assert target.read_bytes() == b"done"


def test_an_unreadable_marker_is_skipped_and_the_sweep_goes_on(tmp_path: Path) -> None:
    registry = tmp_path / "staging"
    registry.mkdir()
    (registry / "broken.json").write_text("not json", encoding="utf-8")
    assert staging.sweep(registry) == 0
    assert not (registry / "broken.json").exists()
