"""Issue 15 point 6 at the desk: office staff and parent access admins get the Reporting tab
with the reports that show no PIN (portal adoption, new emergency contacts) and can export
them; the outreach list (PIN status per guardian) is not there for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.helpers import WAIT_MS, audit_rows, log_in


@pytest.mark.parametrize("user", ["office_staff", "parent_access_admin"])
def test_point6_office_staff_get_the_reports_without_pins(
    qtbot: Any, desk: Any, tmp_path: Path, user: str
) -> None:
    window = log_in(qtbot, desk, user)
    tabs = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    assert "Reporting" in tabs
    tab = window.office_widget("reporting")
    window.show_tab(window.ui.reportingTab)
    qtbot.waitUntil(lambda: tab.loaded == 2, timeout=WAIT_MS)
    pages = [tab.pages.tabText(i) for i in range(tab.pages.count())]
    assert pages == ["Portal adoption", "New emergency contacts", "SIS updates to make"]
    assert tab.adoption_model.rowCount() > 0
    assert tab.outreach_model.rowCount() == 0  # never loaded
    out = tmp_path / "contacts.xlsx"
    tab.export("contacts", str(out))
    qtbot.waitUntil(lambda: tab.last_export is not None, timeout=WAIT_MS)
    assert out.is_file()
    assert not [r for r in audit_rows(desk.runtime, actor=user) if r.outcome == "denied"]
