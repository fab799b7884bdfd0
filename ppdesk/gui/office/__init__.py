"""The office tabs: each lives in its own module here and describes itself with a
``TAB = TabSpec(...)``; ``tabs.office_tabs()`` lists them in tab order and the main window adds
the ones the logged-in role may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ppdesk.gui.desk import Desk
    from ppdesk.services.desk import DeskProfile


@dataclass(frozen=True)
class TabSpec:
    key: str  # "reporting" fills the Reporting tab of section IX instead of adding a tab
    title: str
    visible: Callable[[DeskProfile], bool]
    create: Callable[[Desk, QWidget], QWidget]
