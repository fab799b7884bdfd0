"""Names for screen readers (NVDA and Narrator read Qt's accessibility tree).

Qt names most controls itself: a button by its text, a field by its buddy label, a table in
a group box by the box's title. ``complete_names`` fills in what it leaves empty under a
widget: the clear button inside a search field, and the text field of an editable combo box
(named like its combo box). Tables and lone fields get their names where they are built.

Every control also has a description (``accessibleDescription``, or its tooltip, which Qt
reads out when there is no description): written where the control is built, in the
Designer forms and the office tabs' code. ``complete_names`` describes the few buttons Qt
makes itself (a tab bar's scroll arrows).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTabBar,
    QToolButton,
    QWidget,
)

#: The object name Qt gives the action behind a line edit's clear button.
CLEAR_ACTION = "_q_qlineeditclearaction"

#: The desk's one style sheet: the focus is always visible. Qt's styles mark the focus on
#: buttons, fields and boxes themselves, but not on a table or list without a current row
#: (an empty search result): those get a highlighted frame while they have the focus. The
#: padding keeps the frame the same size with and without the focus. Nothing here may
#: remove a focus mark (no ``outline: none``): tests/gui/test_accessibility.py checks every
#: kind of control with and without the focus.
FOCUS_STYLE = """
QAbstractItemView { border: 1px solid palette(mid); padding: 1px; }
QAbstractItemView:focus { border: 2px solid palette(highlight); padding: 0px; }
"""


class FocusMarkStyle(QProxyStyle):
    """The platform's style, with a dotted frame inside a push button that has the keyboard
    focus. Fusion marks a focused button with the same highlighted frame it gives the
    default button, so Tab onto "Log in" (the default) changed nothing on screen."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        state = option.state
        if (
            element == QStyle.ControlElement.CE_PushButton
            and state & QStyle.StateFlag.State_HasFocus
            and state & QStyle.StateFlag.State_KeyboardFocusChange
        ):
            painter.save()
            color = option.palette.color(QPalette.ColorRole.ButtonText)
            painter.setPen(QPen(color, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(3, 3, -4, -4))
            painter.restore()


def apply_focus_style(app: QApplication) -> None:
    """Make the focus always visible: :class:`FocusMarkStyle` and :data:`FOCUS_STYLE`
    (once per application)."""
    if app.property("ppdesk_focus_style"):
        return
    app.setProperty("ppdesk_focus_style", True)
    app.setStyle(FocusMarkStyle(app.style().name()))
    app.setStyleSheet(app.styleSheet() + FOCUS_STYLE)


def label_text(widget: QWidget) -> str:
    """The text of the label whose buddy is ``widget`` (no "&"), or ""."""
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for label in parent.findChildren(QLabel):
        if label.buddy() is widget:
            return label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return ""


def complete_names(root: QWidget) -> None:
    """Name the clear buttons and editable combo box fields under ``root``; describe the
    editable combo box fields like their combo box, and a tab bar's scroll arrows."""
    clear = QCoreApplication.translate("accessible", "Clear the field")
    for edit in root.findChildren(QLineEdit):
        action = edit.findChild(QAction, CLEAR_ACTION)
        if action is not None and not action.text():
            action.setText(clear)  # the button's name and tooltip; it still shows an icon
    scroll = {
        "ScrollLeftButton": QCoreApplication.translate(
            "accessible", "Show the tabs hidden to the left."
        ),
        "ScrollRightButton": QCoreApplication.translate(
            "accessible", "Show the tabs hidden to the right."
        ),
    }
    for bar in root.findChildren(QTabBar):
        for button in bar.findChildren(QToolButton):
            if button.objectName() in scroll and not button.accessibleDescription():
                button.setAccessibleDescription(scroll[button.objectName()])
    for combo in root.findChildren(QComboBox):
        line = combo.lineEdit()
        if line is not None and not line.accessibleName():
            line.setAccessibleName(combo.accessibleName() or label_text(combo))
        if line is not None and not line.accessibleDescription():
            line.setAccessibleDescription(combo.accessibleDescription())
