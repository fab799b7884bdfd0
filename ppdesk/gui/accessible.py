"""Names for screen readers (NVDA and Narrator read Qt's accessibility tree).

Qt names most controls itself: a button by its text, a field by its buddy label, a table in
a group box by the box's title. ``complete_names`` fills in what it leaves empty under a
widget: the clear button inside a search field, and the text field of an editable combo box
(named like its combo box). Tables and lone fields get their names where they are built.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

#: The object name Qt gives the action behind a line edit's clear button.
CLEAR_ACTION = "_q_qlineeditclearaction"


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
    """Name the clear buttons and editable combo box fields under ``root``."""
    clear = QCoreApplication.translate("accessible", "Clear the field")
    for edit in root.findChildren(QLineEdit):
        action = edit.findChild(QAction, CLEAR_ACTION)
        if action is not None and not action.text():
            action.setText(clear)  # the button's name and tooltip; it still shows an icon
    for combo in root.findChildren(QComboBox):
        line = combo.lineEdit()
        if line is not None and not line.accessibleName():
            line.setAccessibleName(combo.accessibleName() or label_text(combo))
