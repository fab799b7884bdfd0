"""Issue 22, point 2: an installed ppdesk started on an empty database makes no demo data;
the first-run dialog creates the first account (principal or district administrator), the
school and the PIN keys, and that account then logs in. Both engines."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import create_engine, func, select

from ppdesk.adapters.db.models import Staff, Student
from tests.gui.helpers import WAIT_MS

PASSWORD = "first principal passphrase"


def _start(qtbot: Any, db_url: str) -> Any:
    from ppdesk.gui.app import DeskApp, open_runtime

    app = DeskApp(database=db_url, opener=functools.partial(open_runtime, demo_if_empty=False))
    qtbot.addWidget(app.login)
    shown: list[Any] = []
    app.first_run_shown.connect(shown.append)
    app.start()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    return app, shown[0]


def _counts(db_url: str) -> tuple[int, int]:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return (
                conn.execute(select(func.count()).select_from(Staff)).scalar_one(),
                conn.execute(select(func.count()).select_from(Student)).scalar_one(),
            )
    finally:
        engine.dispose()


def _fill(qtbot: Any, dialog: Any, *, confirm: str = PASSWORD) -> None:
    qtbot.keyClicks(dialog.schoolCodeEdit, "1234")
    qtbot.keyClicks(dialog.schoolNameEdit, "Maple Grove Elementary")
    dialog.userEdit.clear()
    qtbot.keyClicks(dialog.userEdit, "pat")
    qtbot.keyClicks(dialog.nameEdit, "Pat Principal")
    qtbot.keyClicks(dialog.passwordEdit, PASSWORD)
    qtbot.keyClicks(dialog.confirmEdit, confirm)


def test_an_empty_database_asks_for_the_first_principal_then_they_log_in(
    qtbot: Any, db_url: str
) -> None:
    app, dialog = _start(qtbot, db_url)
    try:
        assert app.runtime.demo is None
        assert "demo" not in app.login.ui.statusLabel.text().lower()
        assert _counts(db_url) == (0, 0)  # no demo school, no accounts
        _fill(qtbot, dialog, confirm="something else")
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
        assert "differ" in dialog.errorLabel.text()
        assert _counts(db_url) == (0, 0)
        qtbot.keyClicks(dialog.confirmEdit, PASSWORD)
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        assert dialog.result_.username == "pat"
        assert app.runtime.ctx.keys is not None, dialog.result_.keys_problem
        assert app.login.ui.userEdit.text() == "pat"
        ready: list[Any] = []
        app.desk_ready.connect(ready.append)
        qtbot.keyClicks(app.login.ui.passwordEdit, PASSWORD)
        qtbot.keyClick(app.login.ui.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(ready), timeout=WAIT_MS)
        assert "Role: Principal" in ready[0].status_texts()
        assert _counts(db_url) == (1, 0)
        with app.runtime.ctx.uow(readonly=True) as uow:
            actions = [r.action for r in uow.audit.query()]
        assert "staff_first_principal" in actions
    finally:
        app.shutdown()


def test_the_first_account_may_be_a_district_admin(qtbot: Any, db_url: str) -> None:
    from ppdesk.domain.roles import Role

    app, dialog = _start(qtbot, db_url)
    try:
        dialog.districtRadio.setChecked(True)
        qtbot.keyClicks(dialog.districtEdit, "Central")
        dialog.userEdit.clear()
        qtbot.keyClicks(dialog.userEdit, "dana")
        qtbot.keyClicks(dialog.nameEdit, "Dana District")
        qtbot.keyClicks(dialog.passwordEdit, PASSWORD)
        qtbot.keyClicks(dialog.confirmEdit, PASSWORD)
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=WAIT_MS)
        assert dialog.result_.role is Role.DISTRICT_ADMIN
        with app.runtime.ctx.uow(readonly=True) as uow:
            staff = uow.staff.get_by_username("dana")
            grants = uow.grants.active_for(staff.id)
        assert [(g.role, g.local_district) for g in grants] == [(Role.DISTRICT_ADMIN, "Central")]
    finally:
        app.shutdown()
