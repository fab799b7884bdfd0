"""The office tabs (issue 8): each lives in its own module here and describes itself with a
``TAB = TabSpec(...)``. The main window adds the ones the logged-in role may use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ppdesk.gui.desk import Desk
    from ppdesk.services.desk import DeskProfile

# In tab order. A module that does not exist (yet) is skipped.
TAB_MODULES = (
    "roster",
    "letters_tab",
    "reporting",
    "audit_tab",
    "staff_tab",
    "import_tab",
    "settings_tab",
)


@dataclass(frozen=True)
class TabSpec:
    key: str  # "reporting" fills the Reporting tab of section IX instead of adding a tab
    title: str
    visible: Callable[[DeskProfile], bool]
    create: Callable[[Desk, QWidget], QWidget]


def office_tabs() -> list[TabSpec]:
    specs = []
    for name in TAB_MODULES:
        try:
            module = importlib.import_module(f"ppdesk.gui.office.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"ppdesk.gui.office.{name}":
                raise
            continue
        specs.append(module.TAB)
    return specs
