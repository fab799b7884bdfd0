"""The child side of tests/gui/test_screens_fit.py: walks every window of the desk on this
process's (offscreen) screen and writes what does not fit to ``PPDESK_WALK_REPORT``. Not
collected on its own (the file name does not start with ``test_``); run by that test."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QTabBar, QWidget

from tests.gui.walk import visible_windows, walk_desk


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _scroll_viewport(widget: QWidget) -> QWidget | None:
    """The scrolling area ``widget`` is in: a scroll area's viewport, or a tab bar (its tabs
    and their close buttons scroll with its arrows)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QTabBar):
            return parent
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return parent
        parent = grand
    return None


def _clipped(widget: QWidget) -> str:
    """The ancestor (up to the window) that does not show all of ``widget``, if any."""
    rect = _global(widget)
    parent = widget.parentWidget()
    while parent is not None:
        if not _global(parent).contains(rect):
            return f"{type(parent).__name__} {parent.objectName()!r}"
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return ""


def misfits(label: str) -> tuple[list[str], list[dict[str, Any]]]:
    QApplication.processEvents()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    problems: list[str] = []
    seen: list[dict[str, Any]] = []
    for window in visible_windows():
        frame = window.frameGeometry()
        name = f"{label} [{type(window).__name__}]"
        seen.append({"label": name, "frame": [frame.x(), frame.y(), frame.width(), frame.height()]})
        if not screen.contains(frame):
            problems.append(
                f"{name}: window {frame.width()}x{frame.height()} at "
                f"({frame.x()},{frame.y()}) is not inside the screen"
            )
        inside = _global(window)
        for button in window.findChildren(QAbstractButton):
            if not button.isVisible() or button.window() is not window:
                continue
            viewport = _scroll_viewport(button)
            area = _global(viewport) if viewport is not None else _global(button)
            if viewport is None and _clipped(button):
                text = button.text() or button.objectName() or type(button).__name__
                problems.append(f"{name}: button {text!r} is cut off by {_clipped(button)}")
            if not (screen.contains(area) and inside.contains(area)):
                text = (
                    button.text()
                    or button.toolTip()
                    or button.objectName()
                    or type(button).__name__
                )
                problems.append(f"{name}: button {text!r} at {area.getRect()} is off the screen")
    return problems, seen


def test_walk(qtbot: Any, make_desk: Any, tmp_path: Path) -> None:
    report = os.environ.get("PPDESK_WALK_REPORT")
    if not report:
        pytest.skip("run by tests/gui/test_screens_fit.py")
    from ppdesk.gui.office.i18n import install_translator

    install_translator(os.environ.get("PPDESK_WALK_LANG", "en"))
    problems: list[str] = []
    windows: list[dict[str, Any]] = []
    labels: list[str] = []

    def visit(label: str) -> None:
        labels.append(label)
        found, seen = misfits(label)
        problems.extend(found)
        windows.extend(seen)

    try:
        walk_desk(qtbot, make_desk, visit, tmp_path)
    finally:
        install_translator("en")
        screen = QGuiApplication.primaryScreen().availableGeometry()
        Path(report).write_text(
            json.dumps(
                {
                    "screen": [screen.width(), screen.height()],
                    "labels": labels,
                    "windows": windows,
                    "problems": problems,
                }
            )
        )
