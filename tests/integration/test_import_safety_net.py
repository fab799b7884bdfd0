"""A safety net for a truncated feed (issue 16, point 4): an import that would make more
students and guardians inactive than the threshold stops, changes nothing, and says how
to confirm; the confirmation names the count."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.gen_oneroster import generate
from ppdesk.cli.main import main
from ppdesk.services import sis_import
from tests.integration.test_import import apply, counts, dump, importer
from tests.support.seed import PASSWORD


def _sets(tmp_path: Path, students: int = 60) -> tuple[Path, Path]:
    """A full export and the same export cut at a row boundary half way (a lost tail)."""
    full = tmp_path / "full"
    generate(full, students, 1.5, 3)
    cut = tmp_path / "cut"
    cut.mkdir()
    for path in full.iterdir():
        (cut / path.name).write_bytes(path.read_bytes())
    rows = _rows(full / "users.csv")
    _write(cut / "users.csv", rows[: len(rows) // 2])
    return full, cut


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def test_a_truncated_feed_stops_and_changes_nothing_until_confirmed(
    app: Any, runtime: Any, tmp_path: Path
) -> None:
    admin = importer(app)
    full, cut = _sets(tmp_path)
    apply(app, admin, full)
    plan = sis_import.preview_import(app, admin, cut)
    assert plan.ok and plan.needs_confirmation
    gone = plan.counts.students_deactivated + plan.counts.guardians_deactivated
    assert plan.deactivations == gone > plan.deactivation_threshold >= 10
    assert any(
        "--allow-deactivations" in p.message and p.severity == "warning" for p in plan.problems
    )
    before, rows_before = dump(runtime), counts(runtime)
    for allow in (None, 0, gone - 1):
        with pytest.raises(sis_import.DeactivationsNotConfirmed) as refused:
            apply(app, admin, cut, allow_deactivations=allow)
        message = str(refused.value)
        assert f"--allow-deactivations {gone}" in message and "stay revoked" in message
        assert "Nothing was changed" in message
        assert dump(runtime) == before and counts(runtime) == rows_before
    result = apply(app, admin, cut, allow_deactivations=gone)
    assert result.counts.students_deactivated == plan.counts.students_deactivated > 0


def test_few_deactivations_need_no_confirmation(app: Any, runtime: Any, tmp_path: Path) -> None:
    admin = importer(app)
    full, _ = _sets(tmp_path)
    apply(app, admin, full)
    rows = _rows(full / "users.csv")
    students = [i for i, row in enumerate(rows) if row[5] == "student"]
    gone = set(students[:3])  # three students left the district
    _write(full / "users.csv", [row for i, row in enumerate(rows) if i not in gone])
    plan = sis_import.preview_import(app, admin, full)
    assert 3 <= plan.deactivations <= 10 and not plan.needs_confirmation
    assert apply(app, admin, full).counts.students_deactivated == 3


def test_the_cli_stops_with_exit_3_and_confirms_with_the_count(
    app: Any, runtime: Any, db_url: str, tmp_path: Path
) -> None:
    importer(app)
    full, cut = _sets(tmp_path)
    runner = CliRunner()

    def cli(*args: str) -> Any:
        return runner.invoke(
            main,
            ["--database", db_url, "import", "oneroster", *args, "--user", "importer"],
            env={"PPDESK_PASSWORD": PASSWORD},
            catch_exceptions=False,
        )

    assert cli(str(full)).exit_code == 0
    dry = cli(str(cut), "--dry-run")
    assert dry.exit_code == 0 and "Applying it needs --allow-deactivations" in dry.output
    count = int(dry.output.split("Applying it needs --allow-deactivations ")[1].split()[0])

    def data() -> dict[str, Any]:  # the login's audit row and last-login time aside
        return {k: v for k, v in dump(runtime).items() if k != "staff"}

    before = data()
    refused = cli(str(cut))
    assert refused.exit_code == 3
    assert f"--allow-deactivations {count}" in refused.output and "stay revoked" in refused.output
    assert data() == before
    done = cli(str(cut), "--allow-deactivations", str(count))
    assert done.exit_code == 0, done.output
    assert data() != before
