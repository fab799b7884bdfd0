"""Issue 15 point 10: the Help menu shows the school's support contacts (from the settings,
with the reference guide's district numbers by default), links to the quick guides and
trainings of sections XI and XII, and ppdesk's short counter guide."""

from __future__ import annotations

from typing import Any

from tests.gui.helpers import log_in


def _action(menu: Any, text: str) -> Any:
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_point10_help_menu_contacts_guides_and_counter_guide(
    qtbot: Any, desk: Any, monkeypatch: Any
) -> None:
    from dataclasses import replace

    from ppdesk.gui import help_menu

    monkeypatch.setattr(help_menu.QDesktopServices, "openUrl", lambda _url: True)
    window = log_in(qtbot, desk, "office_staff")
    hm = window.help_menu
    hm.settings = replace(
        hm.settings, support_parent_engagement="Ms. Rivera, Parent Center (213) 555-0170"
    )
    _action(hm.menu, "Support contacts…").trigger()
    text = hm.last_dialog.text()
    assert "Ms. Rivera, Parent Center (213) 555-0170" in text
    assert "(213) 241-5200" in text and "(213) 481-3350" in text  # section XI defaults
    assert "(818) 252-5400" in text  # a Local District PACE team
    _action(hm.menu, "Counter guide…").trigger()
    assert "verified parent and legal guardian" in hm.last_dialog.text()
    guides = _action(hm.menu, "Quick guides and trainings").menu()
    assert len(guides.actions()) >= 4
    guides.actions()[0].trigger()
    assert hm.opened == ["https://achieve.lausd.net/Page/10470"]
