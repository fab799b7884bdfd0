"""Issue 17 §7: what a screen reader (NVDA, Narrator) reads from Qt's accessibility tree.

- Every interactive control (buttons, check boxes, radio buttons, fields, combo boxes, spin
  boxes, tables, lists, tabs) in every window the walk of ``tests/gui/walk.py`` reaches, in
  English and Spanish, has an accessible name and an accessible description (what it does:
  its ``accessibleDescription``, or its tooltip, which Qt reads out in its place): walked
  through ``QAccessible.queryAccessibleInterface`` from each visible window down, as a screen
  reader does, not by asking the widgets. In Spanish no name or description read out is an
  English sentence of the catalogue.
- The Tab key goes through each window in reading order: inside a form (a group box, a tab
  page) top to bottom and left to right on one row, and from form to form the same way; a
  form is left only once its controls are done.
- Every kind of focusable control shows that it has the focus (it looks different with it).
- A fact shown by colour (the adoption chart's series) also has a pattern.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QTabWidget,
    QWidget,
    QWizard,
)

from ppdesk.gui.office.i18n import UI_LANGUAGES, install_translator
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


def unnamed(label: str, names: list[str], undescribed: list[str] | None = None) -> list[str]:
    """Interactive controls without a name in the visible windows; every name and
    description read goes to ``names``, each control without a description to
    ``undescribed``."""
    QApplication.processEvents()
    found = []
    for window in visible_windows():
        iface = QAccessible.queryAccessibleInterface(window)
        assert iface is not None and iface.isValid(), window
        for node in _tree(iface):
            if node.role() not in INTERACTIVE or node.state().invisible:
                continue
            name = node.text(QAccessible.Text.Name).strip()
            description = node.text(QAccessible.Text.Description).strip()
            names.extend((name, description))
            if not description and undescribed is not None:
                undescribed.append(f"{label} [{type(window).__name__}]: {_describe(node)} {name!r}")
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


def test_every_interactive_control_has_an_accessible_name_and_description(
    qtbot: Any, make_desk: Any, tmp_path: Any, language: str
) -> None:
    problems: list[str] = []
    undescribed: list[str] = []
    labels: list[str] = []

    names_read: list[str] = []

    def visit(label: str) -> None:
        labels.append(label)
        problems.extend(unnamed(label, names_read, undescribed))

    walk_desk(qtbot, make_desk, visit, tmp_path)
    assert len(labels) > 60, labels  # the walk got everywhere
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert not undescribed, "controls without a description:\n" + "\n".join(
        dict.fromkeys(undescribed)
    )
    if language == "es":
        # The interface languages are listed by their own names ("English", "Español").
        english = ENGLISH_NAMES | (translated_sources() - set(UI_LANGUAGES.values()))
        left = sorted(set(names_read) & english)
        assert not left, f"English names or descriptions read out in Spanish: {left}"


def translated_sources() -> set[str]:
    """Every English sentence the Spanish catalogue translates into something else (with
    its "&" mnemonics removed, as a screen reader reads them)."""
    from xml.etree import ElementTree

    from ppdesk.gui.office.i18n import translations_dir

    root = ElementTree.parse(translations_dir() / "ppdesk_es.ts").getroot()
    found = set()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if translation and translation != source and len(source) > 3:
            found.add(source.replace("&", "").strip())
    return found


def test_a_control_without_a_description_is_found(qtbot: Any) -> None:
    """The description check can fail: a bare button is reported, the same button with a
    tooltip or a description is not."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    layout = QVBoxLayout(window)
    bare, tipped, described = QPushButton("A"), QPushButton("B"), QPushButton("C")
    tipped.setToolTip("Does B.")
    described.setAccessibleDescription("Does C.")
    for button in (bare, tipped, described):
        layout.addWidget(button)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    missing: list[str] = []
    assert unnamed("probe", [], missing) == []
    assert [m for m in missing if "probe" in m and "'A'" in m]
    assert not [m for m in missing if "probe" in m and ("'B'" in m or "'C'" in m)]


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
    # The chain is a ring: read it from the control a reader meets first: in the form met
    # first (top, then left), in its inner form met first, and so on.
    first = min(
        chain,
        key=lambda w: [(_global(p).top(), _global(p).left()) for p in _path(w, window)],
    )
    at = chain.index(first)
    return chain[at:] + chain[:at]


def _is_form(widget: QWidget) -> bool:
    """A group box, or a tab's page (the page of a QTabWidget's stack)."""
    if isinstance(widget, QGroupBox):
        return True
    stack = widget.parentWidget()
    return stack is not None and isinstance(stack.parentWidget(), QTabWidget)


def _path(widget: QWidget, window: QWidget) -> list[QWidget]:
    """The forms holding ``widget``, outermost first, then ``widget`` itself."""
    path = [widget]
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if _is_form(parent):
            path.insert(0, parent)
        parent = parent.parentWidget()
    return path


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _before(a: QRect, b: QRect) -> bool:
    """True when ``b`` comes before ``a`` in reading order: on an earlier row, or on the
    same row further left."""
    above = b.bottom() < a.top()
    same_row = not (b.top() > a.bottom() or b.bottom() < a.top())
    return above or (same_row and b.right() < a.left())


def _name(widget: QWidget) -> str:
    title = widget.title() if isinstance(widget, QGroupBox) else ""
    return f"{type(widget).__name__}#{widget.objectName()}" + (f" '{title}'" if title else "")


def out_of_reading_order(window: QWidget, label: str) -> list[str]:
    """Where Tab goes against the reading order. At every level (the window, each form in
    it) the Tab key meets the level's parts (controls and inner forms) one after the other:
    each part is visited once, without coming back to it later, and a part never comes
    before the one visited just earlier in reading order (an earlier row, or the same row
    further left)."""
    QApplication.processEvents()
    chain = _focus_chain(window)
    paths = [_path(widget, window) for widget in chain]
    levels: list[QWidget] = [window]
    for path in paths:
        levels.extend(path[:-1])
    problems = []
    for level in dict.fromkeys(levels):
        parts: list[QWidget] = []
        for path in paths:
            if level is window:
                part = path[0]
            elif level in path[:-1]:
                part = path[path.index(level) + 1]
            else:
                continue
            if not parts or parts[-1] is not part:
                parts.append(part)
        where = "the window" if level is window else _name(level)
        seen: set[int] = set()
        for part in parts:
            if id(part) in seen:
                problems.append(f"{label}: in {where}, Tab comes back to {_name(part)}")
            seen.add(id(part))
        for a, b in itertools.pairwise(parts):
            ra, rb = _global(a), _global(b)
            if _before(ra, rb):
                problems.append(
                    f"{label}: in {where}, Tab goes from {_name(a)} {ra.getRect()} back to "
                    f"{_name(b)} {rb.getRect()}"
                )
    return problems


def test_the_tab_order_check_sees_forms_out_of_order(qtbot: Any) -> None:
    """The check can fail: Tab from a lower group box up to a higher one, and Tab leaving a
    group box and coming back to it, are both reported; the reading order is not."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    window = QWidget()
    layout = QVBoxLayout(window)
    boxes, fields = [], []
    for title in ("Upper", "Middle", "Lower"):
        box = QGroupBox(title, window)
        inner = QVBoxLayout(box)
        pair = [QLineEdit(box), QLineEdit(box)]
        for edit in pair:
            inner.addWidget(edit)
        layout.addWidget(box)
        boxes.append(box)
        fields.extend(pair)
    qtbot.addWidget(window)
    window.resize(300, 400)
    window.show()
    qtbot.waitExposed(window)
    up1, up2, mid1, mid2, low1, low2 = fields

    def order(*widgets: QWidget) -> list[str]:
        for a, b in itertools.pairwise(widgets):
            QWidget.setTabOrder(a, b)
        return out_of_reading_order(window, "probe")

    assert order(up1, up2, mid1, mid2, low1, low2) == []
    backwards = order(up1, up2, low1, low2, mid1, mid2)  # Tab goes up from Lower to Middle
    assert any("in the window" in p and "back to QGroupBox# 'Middle'" in p for p in backwards)
    interleaved = order(up1, mid1, up2, mid2, low1, low2)
    assert any("comes back to QGroupBox# 'Upper'" in p for p in interleaved), interleaved
    inside = order(up1, up2, mid2, mid1, low1, low2)
    assert inside and all("in QGroupBox# 'Middle'" in p for p in inside), inside


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


# -- visible focus ---------------------------------------------------------------------------


def _kind(widget: QWidget) -> str:
    editable = isinstance(widget, QComboBox) and widget.isEditable()
    return type(widget).__name__ + (" (editable)" if editable else "")


def shows_focus(widget: QWidget) -> bool:
    """True when ``widget`` looks different with the keyboard focus than without it.

    The window is marked as moved through by the keyboard (what pressing Tab does, and what
    Qt's styles need to draw a focus frame) in both pictures; only the focus differs."""
    window = widget.window()
    keyboard = Qt.WidgetAttribute.WA_KeyboardFocusChange
    window.setFocus()
    widget.clearFocus()
    window.setAttribute(keyboard, True)
    widget.update()
    QApplication.processEvents()
    without = widget.grab().toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    window.setAttribute(keyboard, True)
    widget.update()
    QApplication.processEvents()
    assert widget.hasFocus(), _kind(widget)
    return widget.grab().toImage() != without


def _focusable(window: QWidget) -> Iterator[QWidget]:
    for widget in window.findChildren(QWidget):
        if (
            shiboken6.isValid(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            yield widget


def test_every_kind_of_focusable_control_shows_the_focus(qtbot: Any, desk: Any) -> None:
    """The login dialog, every tab of the principal's main window and a student: each kind
    of control the Tab key can reach looks different when it has the focus."""
    from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student

    checked: dict[str, bool] = {}
    where: dict[str, str] = {}

    def check(window: QWidget) -> None:
        window.activateWindow()
        qtbot.waitActive(window)
        for widget in list(_focusable(window)):
            # processEvents runs deleteLater: a widget may be gone by its turn
            if shiboken6.isValid(widget) and _kind(widget) not in checked:
                checked[_kind(widget)] = shows_focus(widget)
                where[_kind(widget)] = f"{_name(widget)} in {type(window).__name__}"

    qtbot.waitUntil(lambda: desk.login.runtime is not None, timeout=WAIT_MS)
    check(desk.login)
    window = log_in(qtbot, desk, "principal")
    tabs = window.ui.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not desk.runner.busy, timeout=WAIT_MS)
        check(window)
    summary, _view = counter_candidate(desk.runtime)
    open_student(qtbot, window, summary.student_id)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=WAIT_MS)
    check(window)

    expected = {
        "QPushButton",
        "QLineEdit",
        "QComboBox",
        "QComboBox (editable)",
        "QCheckBox",
        "QRadioButton",
        "QSpinBox",
        "QDateEdit",
        "QPlainTextEdit",
        "QTableView",
        "QTableWidget",
        "QTabBar",
    }
    assert expected <= set(checked), sorted(checked)  # the kinds the desk uses were reached
    hidden = sorted(where[kind] for kind, shown in checked.items() if not shown)
    assert not hidden, f"controls that do not show the focus: {hidden}"


def test_a_control_whose_focus_is_styled_away_is_found(qtbot: Any) -> None:
    """The check above can fail: a button whose style sheet draws it the same with and
    without the focus (what ``outline: none`` and a flat border do) is reported."""
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    window = QWidget()
    layout = QVBoxLayout(window)
    plain, flat = QPushButton("Plain"), QPushButton("Flat")
    flat.setStyleSheet("QPushButton { border: none; outline: none; background: white; }")
    for widget in (QLineEdit(), plain, flat):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    assert shows_focus(plain)
    assert not shows_focus(flat)


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
