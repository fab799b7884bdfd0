"""Issue 17 §7: what a screen reader (NVDA, Narrator) reads from Qt's accessibility tree.

- Every interactive control (buttons, check boxes, radio buttons, fields, combo boxes, spin
  boxes, tables, lists, tabs) in every window the walk of ``tests/gui/walk.py`` reaches, in
  English and Spanish, has an accessible name: walked through
  ``QAccessible.queryAccessibleInterface`` from each visible window down, as a screen reader
  does, not by asking the widgets.
- The Tab key goes through each form in reading order: top to bottom, and left to right on
  one row.
- A fact shown by colour (the adoption chart's series) also has a pattern.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGroupBox,
    QTabWidget,
    QWidget,
    QWizard,
)

from ppdesk.gui.office.i18n import install_translator
from tests.gui.walk import visible_windows, walk_desk

R = QAccessible.Role
#: Roles a person acts on: each needs a name a screen reader can say.
INTERACTIVE = {
    R.PushButton,
    R.CheckBox,
    R.RadioButton,
    R.ComboBox,
    R.EditableText,
    R.SpinBox,
    R.Table,
    R.List,
    R.Tree,
    R.PageTab,
    R.Slider,
    R.ButtonMenu,
    R.ButtonDropDown,
}


def _tree(iface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    yield iface
    if depth > 40:
        return
    role = iface.role()
    if role in (R.Table, R.List, R.Tree):
        return  # the cells are data, named by their headers and text
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from _tree(child, depth + 1)


def _describe(iface: QAccessibleInterface) -> str:
    obj = iface.object()
    name = obj.objectName() if obj is not None else ""
    parent = obj.parent() if obj is not None else None
    where = type(parent).__name__ if parent is not None else ""
    return f"{iface.role().name} {type(obj).__name__}#{name} in {where}"


def _combo_name(iface: QAccessibleInterface) -> str:
    """What Windows reads as a combo box's name: its accessible name, else its label's text
    (Qt's buddy label; here through the Labelled relation Qt reports for it)."""
    obj = iface.object()
    own = obj.accessibleName() if isinstance(obj, QWidget) else ""
    if own.strip():
        return own
    for other, _relation in iface.relations(QAccessible.Relation.Label):
        text = other.text(QAccessible.Text.Name).replace("&", "").strip()
        if text:
            return text
    return ""


def unnamed(label: str, names: list[str]) -> list[str]:
    """Interactive controls without a name in the visible windows; every name read goes
    to ``names``."""
    QApplication.processEvents()
    found = []
    for window in visible_windows():
        iface = QAccessible.queryAccessibleInterface(window)
        assert iface is not None and iface.isValid(), window
        for node in _tree(iface):
            if node.role() not in INTERACTIVE or node.state().invisible:
                continue
            name = node.text(QAccessible.Text.Name).strip()
            names.append(name)
            if not name:
                found.append(f"{label} [{type(window).__name__}]: {_describe(node)}")
            elif node.role() == R.ComboBox and not _combo_name(node):
                # On Linux Qt names a combo box by its value ("All grades"), which says
                # nothing; Windows screen readers get its accessible name or its label's.
                found.append(
                    f"{label} [{type(window).__name__}]: {_describe(node)} has no label "
                    f"(only its value {name!r})"
                )
    return found


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    installed = install_translator(request.param)
    assert installed or request.param == "en"
    yield request.param
    install_translator("en")


def test_every_interactive_control_has_an_accessible_name(
    qtbot: Any, make_desk: Any, tmp_path: Any, language: str
) -> None:
    problems: list[str] = []
    labels: list[str] = []

    names_read: list[str] = []

    def visit(label: str) -> None:
        labels.append(label)
        problems.extend(unnamed(label, names_read))

    walk_desk(qtbot, make_desk, visit, tmp_path)
    assert len(labels) > 60, labels  # the walk got everywhere
    assert not problems, "\n".join(dict.fromkeys(problems))
    if language == "es":
        left = sorted(set(names_read) & ENGLISH_NAMES)
        assert not left, f"English names read out in the Spanish interface: {left}"


#: The names ppdesk gives controls Qt cannot name by itself (in English).
ENGLISH_NAMES = {
    "Students found",
    "Guardians found",
    "Staff members",
    "Audit trail",
    "Problems found in the files",
    "Portal adoption by grade",
    "Outreach list",
    "New emergency contacts",
    "SIS updates to make",
    "Roster",
    "Clear the field",
}


# -- tab order ------------------------------------------------------------------------------


def _focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets the Tab key visits, in order, starting from the window."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget not in chain and len(chain) < 500:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.window() is window
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    if not chain:
        return chain
    # The chain is a ring: read it from the control a reader meets first (top, then left).
    first = min(chain, key=lambda w: (_global(w).top(), _global(w).left()))
    at = chain.index(first)
    return chain[at:] + chain[:at]


def _form_of(widget: QWidget, window: QWidget) -> QWidget:
    """The form a control belongs to: its nearest group box, tab page or window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QGroupBox):
            return parent
        grand = parent.parentWidget()
        if grand is not None and isinstance(grand.parentWidget(), QTabWidget):
            return parent  # a tab's page
        parent = grand
    return window


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def out_of_reading_order(window: QWidget, label: str) -> list[str]:
    """Pairs of controls in one form that Tab visits against the reading order: the second
    is on an earlier row, or on the same row further left."""
    QApplication.processEvents()
    chain = _focus_chain(window)
    by_form: dict[int, list[QWidget]] = {}
    for widget in chain:
        by_form.setdefault(id(_form_of(widget, window)), []).append(widget)
    problems = []
    for widgets in by_form.values():
        for a, b in itertools.pairwise(widgets):
            ra, rb = _global(a), _global(b)
            above = rb.bottom() < ra.top()
            same_row = not (rb.top() > ra.bottom() or rb.bottom() < ra.top())
            if above or (same_row and rb.right() < ra.left()):
                problems.append(
                    f"{label}: Tab goes from {type(a).__name__}#{a.objectName()} "
                    f"{ra.getRect()} back to {type(b).__name__}#{b.objectName()} {rb.getRect()}"
                )
    return problems


def test_tab_order_follows_reading_order(qtbot: Any, make_desk: Any, tmp_path: Any) -> None:
    problems: list[str] = []
    checked: list[str] = []

    def visit(label: str) -> None:
        for window in visible_windows():
            if (
                isinstance(window, (QDialog, QWizard))
                or label.endswith(("main window", "student view", "lock page"))
                or "tab '" in label
            ):
                name = f"{label} [{type(window).__name__}]"
                if name not in checked:
                    checked.append(name)
                    problems.extend(out_of_reading_order(window, name))

    walk_desk(qtbot, make_desk, visit, tmp_path, roles=("principal", "parent_access_admin"))
    assert len(checked) > 30, checked
    assert not problems, "\n".join(problems)


# -- colour ---------------------------------------------------------------------------------


def test_the_adoption_chart_tells_its_series_apart_without_colour(qtbot: Any, desk: Any) -> None:
    from tests.gui.helpers import WAIT_MS, log_in

    window = log_in(qtbot, desk, "principal")
    reporting = window.office_widget("reporting")
    window.show_tab(window.ui.reportingTab)
    qtbot.waitUntil(lambda: bool(reporting.chart.series()), timeout=WAIT_MS)
    series = reporting.chart.series()[0]
    patterns = [bar_set.brush().style() for bar_set in series.barSets()]
    assert len(patterns) >= 2
    assert len(set(patterns)) == len(patterns), patterns  # each series its own pattern
    assert all(bar_set.label() for bar_set in series.barSets())  # named in the legend
