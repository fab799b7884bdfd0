"""Hostile and broken files through ``ppdesk import`` in a real subprocess, on both engines
(issue 16, points 2-3): refused with the message, nothing written, and the process's peak
RSS (VmHWM, else resource.getrusage) under 300 MB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ppdesk.domain.roles import Role
from tests.fixtures.sis.helpers import copy_set
from tests.integration.test_import import dump as dump_all
from tests.support.seed import PASSWORD, add_staff

# Runs the CLI and prints its own peak RSS last, whatever the exit status.
WRAPPER = """
import json, resource, sys
try:
    from ppdesk.cli.main import main
    main(sys.argv[1:], prog_name="ppdesk")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
else:
    code = 0
try:  # Linux: this process's own high-water mark (ru_maxrss survives exec: it reported
    # the parent pytest worker's peak, 392 MB late in a CI run, not the import's)
    with open("/proc/self/status") as fh:
        peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) // 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"peak_mb": peak, "code": code}), file=sys.stderr)
"""


def _import(db_url: str, path: Path, tmp_path: Path) -> tuple[str, dict[str, int]]:
    env = {**os.environ, "PPDESK_PASSWORD": PASSWORD, "PPDESK_DATA_DIR": str(tmp_path / "d")}
    command = [sys.executable, "-c", WRAPPER, "--database", db_url]
    command += ["import", "oneroster", str(path), "-u", "importer"]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert len(done.stdout) + len(done.stderr) < 100_000  # no giant echoed line
    figures: dict[str, int] = json.loads(done.stderr.strip().splitlines()[-1])
    return done.stdout + done.stderr, figures


def dump(runtime: Any) -> dict[str, Any]:
    """Every row but the audit trail and the staff table (the sign-in's last-login time)."""
    return {k: v for k, v in dump_all(runtime).items() if k != "staff"}


@pytest.fixture
def importer(app: Any) -> None:
    add_staff(app, "importer", Role.DISTRICT_ADMIN, school_code=None, local_district=None)


def test_a_zip_bomb_is_refused_unread(
    importer: None, runtime: Any, db_url: str, tmp_path: Path
) -> None:
    folder = copy_set(tmp_path / "set")
    (folder / "users.csv").unlink()
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for child in sorted(folder.iterdir()):
            archive.write(child, child.name)
        with archive.open("users.csv", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MiB of NUL bytes in about 300 KB
                member.write(block)
    before = dump(runtime)
    output, figures = _import(db_url, bomb, tmp_path)
    assert figures["code"] == 2 and "zip bomb" in output and "nothing was changed" in output
    assert figures["peak_mb"] < 300
    assert dump(runtime) == before


def test_a_mixed_encoding_is_refused_naming_line_and_byte(
    importer: None, runtime: Any, db_url: str, tmp_path: Path
) -> None:
    folder = copy_set(tmp_path)
    users = folder / "users.csv"
    data = users.read_bytes()
    at = data.index(b"\np-2,") + 1
    users.write_bytes(data[:at] + data[at:].replace(b"Jorge", "Jórge".encode("cp1252"), 1))
    before = dump(runtime)
    output, figures = _import(db_url, folder, tmp_path)
    assert figures["code"] == 2 and "mixes UTF-8" in output and "0xF3" in output
    assert "users.csv, line 12" in output
    assert figures["peak_mb"] < 300
    assert dump(runtime) == before
