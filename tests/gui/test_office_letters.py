"""The bulk letters tab: plan, run with the real service, cancel half-way, print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from ppdesk.gui.office import letters_tab
from ppdesk.services.letters import plan_bulk
from tests.gui.helpers import WAIT_MS, log_in, wait_idle


def _tab(qtbot: Any, desk: Any) -> Any:
    window = log_in(qtbot, desk, "principal")
    tab = window.office_widget("letters")
    assert tab is not None
    tab.gradeCombo.setCurrentIndex(tab.gradeCombo.findData("3"))
    tab.count()
    qtbot.waitUntil(lambda: tab.plan is not None, timeout=WAIT_MS)
    assert tab.plan.letters > 2 and tab.runButton.isEnabled()
    assert str(tab.plan.letters) in tab.planLabel.text()
    return tab


def test_cancel_half_way_leaves_nothing(
    qtbot: Any, desk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, desk)
    before = tab.plan
    real = letters_tab.bulk_letters
    seen: list[int] = []

    def pressing_cancel_half_way(*args: Any, **kwargs: Any) -> Any:
        report = kwargs["progress"]

        def progress(done: int, total: int | None) -> None:
            report(done, total)
            seen.append(done)
            if total and done >= total // 2:
                tab.cancel()  # what the Cancel button does, at the worker's pace

        return real(*args, **{**kwargs, "progress": progress})

    monkeypatch.setattr(letters_tab, "bulk_letters", pressing_cancel_half_way)
    tab.run()
    out_dir = tab.out_dir
    qtbot.waitUntil(lambda: tab.result is not None, timeout=WAIT_MS)
    wait_idle(qtbot, desk)
    assert tab.result.cancelled and tab.result.path is None
    assert 0 < max(seen) < before.letters
    assert not out_dir.exists() or not any(out_dir.iterdir())
    assert tab.pdf is None and not tab.previewButton.isEnabled()
    assert "Cancelled" in tab.resultLabel.text()
    # Nothing was recorded: the same letters still need the same new PINs.
    d = desk.desk
    again = plan_bulk(d.ctx, d.session, **tab.choices())
    assert again.new_pins_needed == before.new_pins_needed
    assert again.letters == before.letters


def test_run_then_print_and_save(qtbot: Any, desk: Any, printed: Any, tmp_path: Path) -> None:
    tab = _tab(qtbot, desk)
    plan = tab.plan
    tab.run()
    qtbot.waitUntil(lambda: tab.result is not None, timeout=WAIT_MS)
    wait_idle(qtbot, desk)
    assert not tab.result.cancelled and tab.result.letters == plan.letters
    assert not tab.out_dir.exists()  # the PDF is kept in memory only
    saved = tmp_path / "letters.pdf"
    tab.save_to(saved)
    reader = PdfReader(saved)
    assert len(reader.pages) == tab.result.pages
    assert tab.result.sign_out_pages >= 1
    pages = tab.print_letters()
    assert pages == tab.result.pages and printed.files[-1].exists()
    tab.show_preview()
    assert tab.preview is not None and tab.preview.isVisible()
    tab.preview.reject()
