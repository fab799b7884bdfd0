"""The real main window signed in AS THE PERSON (issue 19, points 1 and 2): a principal with
their own SCRAM login role signs in through the login dialog, finds a student, opens the
page, verifies the guardian and issues the PIN, verifies again and is shown it, and checks
the audit trail from the Audit tab. Every row is the database functions', with the
principal as the actor, and no statement goes over the workstation's own engine after the
sign-in.

PostgreSQL only: personal logins exist only on a shared PostgreSQL database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import event

from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import (
    WAIT_MS,
    check_identity,
    correct_answers,
    fill_photo_id,
    log_in,
    open_student,
    search,
    start_wizard,
    wait_outcome,
)
from tests.support.db import _admin_conninfo
from tests.support.pg_roles import district_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def district(pg_databases) -> Iterator[dict]:
    if pg_databases is None:
        pytest.skip("PostgreSQL tests need PPDESK_TEST_POSTGRES_URL")
    with district_database(pg_databases) as d:
        yield d


def _scram(username: str, password: str, url: str) -> str:
    """A SCRAM-SHA-256 verifier made by libpq on this machine (the password stays here)."""
    with psycopg.connect(_admin_conninfo(url)) as conn:
        raw = conn.pgconn.encrypt_password(
            password.encode("utf-8"), username.encode("utf-8"), b"scram-sha-256"
        )
    return raw.decode("ascii")


def _answer(qtbot: Any, wizard: Any, answers: Any) -> None:
    """``answer_questions``, with a word Qt's key simulation cannot type (a letter outside
    ASCII in the synthetic family's names) entered as an input method would."""
    for edit, value in zip(wizard.questions.edits(), answers.fields(), strict=True):
        edit.clear()
        if value.isascii():
            qtbot.keyClicks(edit, value)
        else:
            edit.insert(value)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.photo, timeout=WAIT_MS)


def _verify_in_wizard(qtbot: Any, page: Any) -> Any:
    wizard = start_wizard(qtbot, page)
    _answer(qtbot, wizard, correct_answers(page.view))
    fill_photo_id(qtbot, wizard)
    check_identity(qtbot, wizard)
    wait_outcome(qtbot, wizard)
    return wizard


def _finish(qtbot: Any, page: Any, wizard: Any) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)


def test_the_main_window_works_as_the_person(qtbot: Any, district: dict, printed: Any) -> None:
    from ppdesk import bootstrap
    from ppdesk.adapters.db.person_uow import PersonUnitOfWorkFactory
    from ppdesk.gui.app import DeskApp

    db = district["db"]
    me = district["names"]["principal"]
    family = district["homeroom_family"]
    link = family.link_ids[0]
    # The principal's own password login (SCRAM), and the desk signs people in as themselves.
    refused = db.admin(
        "SELECT refusal FROM ppdesk_api.set_login_password(%s, %s)",
        me,
        _scram(me, DEMO_PASSWORD, db.url),
    )
    assert refused == [(None,)]
    assert db.admin("SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = %s", me) == [
        ("SCRAM-SHA-256$",)
    ]
    bootstrap.db_person_logins(db.url, mode="on")
    (start,) = db.admin("SELECT max(seq) FROM audit_event")[0]

    rt = bootstrap.open_app(database=db.url)
    app = DeskApp(runtime=rt, printer_provider=printed)
    qtbot.addWidget(app.login)
    app.start()
    try:
        workstation = rt.ctx.uow.engine
        window = log_in(qtbot, app, me)
        assert isinstance(rt.ctx.uow, PersonUnitOfWorkFactory)
        assert rt.ctx.uow.engine.url.username == me
        shared: list[str] = []

        def tripwire(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            shared.append(statement)

        event.listen(workstation, "before_cursor_execute", tripwire)
        try:
            # Search, open the student.
            hits = search(qtbot, window.find_page, family.student_number)
            assert [h.student_id for h in hits] == [family.student_id]
            page = open_student(qtbot, window, family.student_id)
            assert page.current_guardian().link_id == link
            # Verify and issue: the outcome page shows the new PIN.
            wizard = _verify_in_wizard(qtbot, page)
            qtbot.waitUntil(lambda: wizard.outcome_page.pin is not None, timeout=WAIT_MS)
            issued = wizard.outcome_page.ui.pinLabel.text()
            assert issued
            _finish(qtbot, page, wizard)
            qtbot.waitUntil(
                lambda: (
                    page.view is not None
                    and page.current_guardian() is not None
                    and page.current_guardian().link_id == link
                    and page.current_guardian().pin_status == "active"
                ),
                timeout=WAIT_MS,
            )
            # Verify again: the PIN is shown (revealed), the same one.
            wizard = _verify_in_wizard(qtbot, page)
            qtbot.waitUntil(lambda: wizard.outcome_page.pin is not None, timeout=WAIT_MS)
            assert wizard.outcome_page.ui.pinLabel.text() == issued
            _finish(qtbot, page, wizard)
            # The Audit tab's check: this principal's school's chain, named.
            tab = window.office_widget("audit")
            assert tab is not None
            window.ui.tabs.setCurrentWidget(tab)
            qtbot.waitUntil(lambda: not tab.loading, timeout=WAIT_MS)
            tab.verify_button.click()
            qtbot.waitUntil(lambda: tab.last_report is not None, timeout=WAIT_MS)
            report = tab.last_report
            verdict = tab.verdict_label.text()
        finally:
            event.remove(workstation, "before_cursor_execute", tripwire)
    finally:
        app.shutdown()
        rt.close()
    assert shared == [], shared[:3]
    assert report.intact and report.scope == ("1001",), report.describe()
    assert "1001" in verdict and "not checked" in verdict, verdict

    rows = db.admin(
        "SELECT actor, action, outcome, target_id, workstation, details FROM audit_event "
        "WHERE seq > %s ORDER BY seq",
        start,
    )
    acts = [(a, act, o) for a, act, o, _t, _w, _d in rows if act not in ("student_view",
            "audit_read")]  # fmt: skip
    assert acts == [
        (me, "login", "success"),
        (me, "verification_start", "success"),
        (me, "verification", "success"),
        (me, "pin_issue", "success"),
        (me, "verification_start", "success"),
        (me, "verification", "success"),
        (me, "pin_reveal", "success"),
        (me, "audit_verify", "success"),
    ], acts
    # Every row written inside the database, as the person.
    assert {a for a, *_ in rows} == {me}
    assert all(w.startswith("db:") for *_x, w, _d in rows)
    assert json.loads(rows[-1][-1])["chains"] == ["1001"]
    assert db.admin("SELECT count(*) FROM parent_pin WHERE link_id = %s AND status = 'active'",
                    link) == [(1,)]  # fmt: skip
    db.assert_audit_intact()
