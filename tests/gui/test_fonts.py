"""Issue 17 §6: the shipped fonts are registered, so names in every supported script are
drawn with real glyphs in the desk (Hangul showed as empty boxes)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

NAMES = {
    "Korean": "김민준",
    "Chinese": "王小明",
    "Armenian": "Արամ",
    "Arabic": "مريم",
    "Hebrew": "דוד",
    "Hindi": "अनाया",
    "Thai": "สมชาย",
}


def test_desk_start_up_registers_the_shipped_families(qapp: Any) -> None:
    from ppdesk.gui import fonts
    from ppdesk.gui.app import ensure_application

    ensure_application()
    families = list(fonts._registered)  # registered by the start-up itself
    for family in ("NanumGothic", "Droid Sans Fallback", "Noto Sans Armenian", "Noto Sans Thai"):
        assert family in families


@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_script_is_drawn_with_real_glyphs(qapp: Any, script: str) -> None:
    from ppdesk.gui.app import ensure_application

    ensure_application()
    layout = QTextLayout(NAMES[script], QFont(QApplication.font()))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    for run in runs:
        assert all(index != 0 for index in run.glyphIndexes()), (
            script,
            run.rawFont().familyName(),
        )
