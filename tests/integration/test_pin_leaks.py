"""SECURITY.md 17, end to end: after a PIN is issued, revealed, printed and exported, it is
in the letter and the roster it was made for and nowhere else. The app log (the real
one-line file format, at DEBUG), stdout and stderr, every table of the database, the
database file itself, the data folder (keys, staging, logs) and the system temp folder are
searched for every written form of it.

The whole-run guard in ``tests/support/leakcheck.py`` checks log records and domain-error
messages in every test; this test adds the places that guard cannot see.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ppdesk.adapters.db.models import Base
from ppdesk.adapters.logs import FORMAT, OneLineFormatter
from ppdesk.adapters.xlsx.roster import ROSTER_SHEET
from ppdesk.domain.pin import parse_pin
from ppdesk.domain.roles import Role
from ppdesk.services import letters, pins, roster
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.seed import staff_with_role


def written_forms(display: str) -> set[str]:
    """Every way a PIN could be written: canonical and grouped, either case."""
    canonical = parse_pin(display).canonical
    forms = {canonical, display, "-".join(canonical[i : i + 3] for i in range(0, 9, 3))}
    return forms | {f.lower() for f in forms}


def files_holding(folder: Path, forms: set[str], *, skip: Path) -> list[str]:
    """Files under ``folder`` (not under ``skip``) whose bytes hold one of ``forms``, as
    UTF-8 or UTF-16 (SQLite stores text as UTF-8; a Windows tool might write UTF-16)."""
    needles = {f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le")}
    found = []
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_relative_to(skip):
            continue
        data = path.read_bytes()
        if any(n in data for n in needles):
            found.append(str(path.relative_to(folder)))
    return found


@pytest.fixture
def app_log(tmp_path: Path) -> object:
    """The app's own log format into a file, at DEBUG, for this test only."""
    path = tmp_path / "data" / "logs" / "ppdesk-test.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(OneLineFormatter(FORMAT))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


def test_a_pin_is_only_in_the_files_made_for_it(
    app,
    runtime,
    tmp_path: Path,
    app_log: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = tmp_path / "made-for-it"
    out.mkdir()

    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    principal = staff_with_role(app, Role.PRINCIPAL)
    fam = make_family(app, guardians=1)
    issued = verify_and_issue(app, paa, fam.link_ids[0])
    assert verify(app, paa, fam.link_ids[0]).passed
    revealed = pins.reveal_pin(app, paa, fam.link_ids[0])
    letters.single_letter(app, paa, fam.link_ids[0], out / "letter.pdf")
    roster.export_roster(app, principal, out / "roster.xlsx")
    logging.getLogger("ppdesk").info("export done for link %s", fam.link_ids[0])
    forms = written_forms(issued.display)

    # The search can find it: the roster made for it holds it, and the reveal showed it.
    assert revealed.display == issued.display
    wb = openpyxl.load_workbook(out / "roster.xlsx", read_only=True)
    cells = {c for row in wb[ROSTER_SHEET].iter_rows(values_only=True) for c in row}
    wb.close()
    assert issued.display in cells

    captured = capfd.readouterr()
    for where, text in (("stdout", captured.out), ("stderr", captured.err)):
        assert not [f for f in forms if f in text], f"a PIN appeared on {where}"
    log_text = app_log.read_text(encoding="utf-8")
    assert "export done for link" in log_text  # the log file is being written
    assert not [f for f in forms if f in log_text], "a PIN appeared in the app log"

    # Every column of every row of every table, the audit trail included.
    with runtime.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                text = " ".join(str(v) for v in row)
                hit = [f for f in forms if f in text]
                assert not hit, f"a PIN appeared in table {table.name}"

    # The database file (SQLite), keys, staging, logs and the system temp folder.
    assert files_holding(tmp_path, forms, skip=out) == []
    assert sorted(p.name for p in out.iterdir()) == ["letter.pdf", "roster.xlsx"]
