"""Windows that open inside the screen they are on, down to 1024x700: windows fitted to
the screen's available area, button rows that wrap, one-line labels that elide (the whole
text in a tooltip) instead of widening their window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

#: Room kept for the window manager's title bar and borders, which Qt's size excludes,
#: until the window is shown and its real frame is known.
FRAME_ALLOWANCE = 40
SIDE_ALLOWANCE = 16


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to the available area of its screen (never below what its layout
    needs) and move it inside that area."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    sides = max(frame.width() - window.width(), 0 if window.isVisible() else SIDE_ALLOWANCE)
    bars = max(frame.height() - window.height(), 0 if window.isVisible() else FRAME_ALLOWANCE)
    width = min(window.width(), area.width() - sides)
    height = min(window.height(), area.height() - bars)
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    window.resize(max(width, least.width()), max(height, least.height()))
    if not window.isVisible():
        return  # placed when shown (centred on its parent), now that it fits
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    window.move(max(x, area.x()), max(y, area.y()))


class FlowLayout(QLayout):
    """Lays its widgets out left to right and wraps to a new row when the next one does not
    fit, so a row of buttons never makes its window wider than the screen (the Spanish
    student view's PIN buttons need 880 px in one row)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """One row: every widget at its size hint."""
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """The widest single widget: everything else can wrap."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, row_height = area.x(), y + row_height + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


def wrap_row(parent_layout: QBoxLayout, row: QBoxLayout) -> FlowLayout:
    """Replace the row layout ``row`` (a child of ``parent_layout``) by a ``FlowLayout``
    holding the same widgets in the same order (spacers dropped)."""
    flow = FlowLayout()
    index = parent_layout.indexOf(row)
    while row.count():
        item = row.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            flow.addWidget(widget)
    parent_layout.takeAt(index)
    row.setParent(None)
    parent_layout.insertLayout(index, flow)
    return flow


class ElidedLabel(QLabel):
    """A one-line label that never asks for more width than ``least``: text that does not
    fit ends in "…" and the whole text is its tooltip (and its accessible name)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, least: int = 60) -> None:
        super().__init__(parent)
        self._least = least
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._least, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.drawFrame(painter)  # the style sheet's border, as QLabel draws it
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )

    def elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()
