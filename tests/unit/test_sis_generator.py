"""bench/gen_oneroster.py writes a set that the OneRoster reader accepts whole."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ppdesk.adapters.sis.oneroster import read_oneroster

BENCH = Path(__file__).resolve().parents[2] / "bench" / "gen_oneroster.py"


def test_generated_set_parses_cleanly(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("gen_oneroster", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    counts = module.generate(tmp_path / "set", 600, 1.8, 3)
    snap = read_oneroster(tmp_path / "set")
    assert snap.problems == ()
    assert len(snap.students) == counts["students"] == 600
    assert len(snap.guardians) == len(snap.links) == counts["guardians"]
    assert 1.6 * 600 < counts["guardians"] < 2.0 * 600
    assert len(snap.staff) == counts["teachers"] == 24
    assert all(s.homeroom_teacher is not None for s in snap.students)
    assert all(s.address and "\n" in s.address for s in snap.students)
    assert len({s.student_id for s in snap.students}) == 600
