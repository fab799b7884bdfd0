"""Bulk letters and the roster export print progress as whole lines when standard error is
not a terminal (a scheduled run's log): ``ppdesk letters`` and ``ppdesk roster export`` run
in a real subprocess whose standard error is a pipe, on both engines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ppdesk.cli.progress import progress_printer
from ppdesk.services import demo

PASSWORD = "demo passphrase 1"

# The CLI, with the PIN keys the test process made handed over in an in-memory keyring.
WRAPPER = """
import json, os, sys, keyring
from tests.support.memory_keyring import MemoryKeyring
backend = MemoryKeyring()
for service, user, secret in json.loads(os.environ["TEST_KEYRING"]):
    backend.set_password(service, user, secret)
keyring.set_keyring(backend)
from ppdesk.cli.main import main
main(sys.argv[1:], prog_name="ppdesk")
"""


def _run(db_url: str, keyring: Any, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PPDESK_PASSWORD": PASSWORD,
        "TEST_KEYRING": json.dumps([[s, u, p] for (s, u), p in keyring.store.items()]),
    }
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, "--database", db_url, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,  # standard error is a pipe, not a terminal
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _progress_lines(stderr: str, unit: str) -> list[tuple[int, int]]:
    assert "\r" not in stderr  # no carriage-return bar in a log
    pattern = re.compile(rf"^  ([\d,]+) of ([\d,]+) {unit} \((\d+)%\)$")
    found = []
    for line in stderr.splitlines():
        m = pattern.match(line)
        if m:
            done, total = (int(m.group(i).replace(",", "")) for i in (1, 2))
            assert int(m.group(3)) == done * 100 // total
            found.append((done, total))
    return found


@pytest.fixture
def demo_school(runtime: Any) -> demo.DemoResult:
    return demo.create_demo(runtime.ctx, students=1500, seed=3, password=PASSWORD)


def test_letters_and_roster_export_log_progress_lines_to_a_pipe(
    runtime: Any, db_url: str, demo_school: demo.DemoResult, memory_keyring: Any, tmp_path: Path
) -> None:
    principal = next(a for a in demo_school.accounts if "principal" in a and "assistant" not in a)
    out = tmp_path / "letters.pdf"
    done = _run(
        db_url, memory_keyring, tmp_path, "letters", "--out", str(out), "--grade", "3",
        "-u", principal,
    )  # fmt: skip
    lines = _progress_lines(done.stderr, "letters")
    total = lines[-1][1]
    assert lines[-1] == (total, total) and total > 50
    # About every tenth: at least ten lines, counting up, never two for the same count.
    assert len(lines) >= 10
    assert [d for d, _ in lines] == sorted({d for d, _ in lines})
    assert out.exists()

    roster = tmp_path / "roster.xlsx"
    done = _run(db_url, memory_keyring, tmp_path, "roster", "export", "--out", str(roster),
                "-u", principal)  # fmt: skip
    lines = _progress_lines(done.stderr, "rows")
    total = lines[-1][1]
    assert total >= demo_school.links  # one row per link, and per student without one
    assert lines[-1] == (total, total)
    assert len(lines) >= 2 and [d for d, _ in lines] == sorted({d for d, _ in lines})
    assert roster.exists()


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.text = ""
        self.tty = tty

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty


def test_progress_lines_without_a_total_and_on_a_terminal() -> None:
    log = _Stream(tty=False)
    report = progress_printer("rows", stream=log, every=1_000)  # type: ignore[arg-type]
    for done in range(0, 3_500, 100):
        report(done, None)
    assert log.text.splitlines() == ["  1,000 rows", "  2,000 rows", "  3,000 rows"]
    term = _Stream(tty=True)
    report = progress_printer("letters", stream=term)  # type: ignore[arg-type]
    for done in range(0, 4):
        report(done, 3)
    assert term.text == "\r  1/3 letters\r  2/3 letters\r  3/3 letters\n"
