"""One audit scope for every way of reading the trail (issue 19): a one-school principal
sees and exports only their school's rows, from the service behind the Audit tab, the
exporter behind the tab's and the Reporting tab's export, and the CLI's ``report audit``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ppdesk.cli.main import main
from ppdesk.domain.roles import Role
from ppdesk.services import audit_trail, reports
from tests.support.family import make_family
from tests.support.flows import verify_and_issue
from tests.support.seed import PASSWORD, add_school, staff_with_role


def _two_schools(app):
    other_id = add_school(app, "1002", "Cedar Hill Elementary", local_district="Central")
    mine = staff_with_role(app, Role.PRINCIPAL, "1001")
    theirs = staff_with_role(app, Role.PRINCIPAL, "1002")
    for code in ("1001", "1002"):
        paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN, code)
        fam = make_family(app, school_code=code)
        verify_and_issue(app, paa, fam.link_ids[0])
    return mine, theirs, other_id


def test_a_one_school_principal_reads_only_their_schools_rows(app) -> None:
    mine, theirs, other_id = _two_schools(app)
    rows = audit_trail.read_audit_trail(app, mine, limit=None)
    assert rows and any(r.action == "pin_issue" for r in rows)
    assert all(r.school_id != other_id for r in rows)
    assert not {r.actor for r in rows} & {theirs.username, "parent_access_admin_1002"}
    # The other principal sees the mirror image; the filters still apply inside the scope.
    theirs_rows = audit_trail.read_audit_trail(app, theirs, action="pin_issue", limit=None)
    assert [r.school_id for r in theirs_rows] == [other_id]
    admin = staff_with_role(app, Role.DISTRICT_ADMIN)
    everything = audit_trail.read_audit_trail(app, admin, action="pin_issue", limit=None)
    assert len(everything) == 2


def test_the_one_exporter_and_the_cli_keep_to_the_readers_school(
    app, db_url, tmp_path: Path
) -> None:
    mine, theirs, _other_id = _two_schools(app)
    today = date.today()
    out = tmp_path / "tab.xlsx"
    summary = reports.export_audit_trail(
        app, mine, out, since=today - timedelta(days=1), action="pin_issue"
    )
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))[1:]
    assert summary.rows == len(rows) == 1 and rows[0][8] == "1001"
    cli_out = tmp_path / "cli.xlsx"
    r = CliRunner().invoke(
        main,
        [
            "--database",
            db_url,
            "report",
            "audit",
            "--out",
            str(cli_out),
            "--since",
            (today - timedelta(days=1)).isoformat(),
            "-u",
            theirs.username,
        ],
        env={"PPDESK_PASSWORD": PASSWORD},
    )
    assert r.exit_code == 0, r.output
    body = list(openpyxl.load_workbook(cli_out).worksheets[0].iter_rows(values_only=True))[1:]
    assert body and {row[8] for row in body} <= {"1002", None}
    assert mine.username not in {row[2] for row in body}
