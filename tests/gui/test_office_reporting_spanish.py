"""The roster, letters and reporting tabs in Spanish, loaded and after a plan and a run."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.helpers import WAIT_MS, log_in, wait_idle
from tests.gui.test_office_spanish import Checker, spanish  # noqa: F401 - the fixture


def test_office_a_tabs_are_in_spanish(qtbot: Any, desk: Any, spanish: None) -> None:  # noqa: F811
    window = log_in(qtbot, desk, "principal")
    profile = window.desk.profile
    checker = Checker(
        [profile.display_name, profile.username, *profile.schools, str(desk.runtime.description)]
    )
    tabs = window.ui.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Lista" in titles and "Cartas" in titles

    roster = window.office_widget("roster")
    window.show_tab(roster)
    qtbot.waitUntil(lambda: roster.loaded, timeout=WAIT_MS)
    checker.data += [roster.countLabel.text()]  # numbers only besides translated words
    checker.check("roster")
    pins = {roster.proxy.index(r, roster.model.COL_PARENT_PIN).data() for r in range(50)}
    assert "No emitido" in pins and "Not issued" not in pins
    assert roster.model.headerData(roster.model.COL_LAST, Qt.Orientation.Horizontal) == "Apellido"

    letters = window.office_widget("letters")
    window.show_tab(letters)
    letters.gradeCombo.setCurrentIndex(letters.gradeCombo.findData("2"))
    letters.count()
    qtbot.waitUntil(lambda: letters.plan is not None, timeout=WAIT_MS)
    checker.data += [letters.plan.school_name]
    checker.check("letters plan")
    assert "cartas para" in letters.planLabel.text()

    reporting = window.office_widget("reporting")
    window.show_tab(window.ui.reportingTab)
    qtbot.waitUntil(lambda: reporting.loaded == 3, timeout=WAIT_MS)
    for index in range(reporting.pages.count()):
        reporting.pages.setCurrentIndex(index)
        checker.check(f"reporting page {index}")
    assert reporting.chart.series()[0].barSets()[0].label() == "PIN emitido"
    wait_idle(qtbot, desk)
    assert not checker.problems, "\n".join(f"{w}: {t!r}" for t, w in checker.problems.items())
