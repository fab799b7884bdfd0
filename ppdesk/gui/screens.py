"""Windows that open inside the screen they are on (at 1366x768 the letter
preview's Print and Close were below the screen)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room kept for the window manager's title bar and borders, which Qt's size excludes.
FRAME_ALLOWANCE = 40


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to the available area of its screen (never below what its layout
    needs) and move it inside that area."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = min(window.width(), area.width())
    height = min(window.height(), area.height() - FRAME_ALLOWANCE)
    least = window.minimumSizeHint()
    window.resize(max(width, least.width()), max(height, least.height()))
    if not window.isVisible():
        return  # placed when shown (centred on its parent), now that it fits
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    window.move(max(x, area.x()), max(y, area.y()))
