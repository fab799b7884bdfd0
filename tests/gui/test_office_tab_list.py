"""Every office tab module is in ``office_tabs()``, in the order the main window shows them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from ppdesk.gui.office.tabs import office_tabs

OFFICE = Path(__file__).resolve().parents[2] / "ppdesk" / "gui" / "office"


def test_every_module_that_defines_a_tab_is_listed_once() -> None:
    defining = sorted(
        path.stem
        for path in OFFICE.glob("*.py")
        if re.search(r"^TAB = TabSpec\(", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert len(defining) == 8
    listed = office_tabs()
    modules = [importlib.import_module(f"ppdesk.gui.office.{name}") for name in defining]
    assert sorted(id(m.TAB) for m in modules) == sorted(id(spec) for spec in listed)
    assert [spec.key for spec in listed][:2] == ["roster", "letters"]
