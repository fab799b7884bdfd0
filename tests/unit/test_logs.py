"""The app log: one line per record, whatever the data holds (SECURITY.md 22)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ppdesk.adapters.logs import FORMAT, OneLineFormatter, log_incident

FORGED = "Ana\n2026-11-29 08:00:00,000 INFO ppdesk.audit admin granted district_admin"
ANSI = "Bruno \x1b[2K\x1b[1A\x1b[31mERROR\x1b[0m \r\u2028Smith"


@pytest.fixture
def log_file(tmp_path: Path) -> object:
    path = tmp_path / "ppdesk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(OneLineFormatter(FORMAT))
    logger = logging.getLogger("ppdesk.test_logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield path, logger
    logger.removeHandler(handler)
    handler.close()


def test_a_forged_line_and_terminal_escapes_stay_in_one_record(log_file) -> None:
    path, logger = log_file
    logger.info("guardian renamed to %s", FORGED)
    logger.warning("guardian renamed to %s", ANSI)
    logger.info("guardian renamed to %s", "José Núñez 김")

    lines = path.read_text(encoding="utf-8").splitlines()

    assert len(lines) == 3
    forged, ansi, accents = lines
    assert " INFO ppdesk.test_logs guardian renamed to Ana\\n2026-11-29" in forged
    assert "\x1b" not in ansi and "\\x1b[31mERROR" in ansi and "\\r\\u2028Smith" in ansi
    assert "Jos\\xe9 N\\xfa\\xf1ez \\uae40" in accents  # escaped, never lost
    assert all(line.isascii() and line.isprintable() for line in lines)


def test_an_incident_with_its_traceback_is_one_record(log_file) -> None:
    path, logger = log_file
    try:
        raise RuntimeError(f"bad row: {FORGED}")
    except RuntimeError as exc:
        incident = log_incident(logger, exc)

    (line,) = path.read_text(encoding="utf-8").splitlines()

    assert f"incident {incident}: RuntimeError" in line
    assert "Traceback (most recent call last):\\n" in line and "admin granted" in line
