"""Issue 17 §6 / issue 20 point 4: a refusal from the services reaches the Spanish desk in
Spanish, translated by its error code with its parameters filled in.

Before error codes the desk translated a refusal only when its whole English sentence was a
known one; a sentence with a value in it (here the number of failed verifications) never
matched and stayed English.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from ppdesk.gui.office.i18n import install_translator
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import WAIT_MS, counter_candidate, log_in, open_student
from tests.support.family import good_id, right_answers


@pytest.fixture
def spanish(qapp: Any) -> Iterator[None]:
    assert install_translator("es")  # needs the QApplication (a test may run alone)
    yield
    install_translator("en")


def test_a_refusal_with_a_parameter_reaches_the_spanish_desk_in_spanish(
    qtbot: Any, desk: Any, spanish: None
) -> None:
    from ppdesk.domain.verification import MAX_FAILED_VERIFICATIONS
    from ppdesk.services import verification
    from ppdesk.services.auth import PasswordAuthenticator

    rt = desk.runtime
    summary, view = counter_candidate(rt)
    guardian = next(g for g in view.guardians if g.verified_legal_guardian and not g.locked)

    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    page._select_guardian(guardian.link_id)
    page.open_wizard(reissue=False)
    wizard = page.wizard
    qtbot.waitUntil(wizard.isVisible, timeout=WAIT_MS)

    # Meanwhile, at another workstation, three failed checklists lock the guardian.
    paa = PasswordAuthenticator(rt.ctx).login("parent_access_admin", DEMO_PASSWORD)
    for _ in range(MAX_FAILED_VERIFICATIONS):
        started = verification.start_verification(rt.ctx, paa, guardian.link_id, "in_person")
        outcome = verification.complete_verification(
            rt.ctx, paa, started.verification_id, right_answers(grade="12"), good_id()
        )
    assert outcome.guardian_locked

    # Start verification: the service refuses (GuardianLocked, audited).
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    label = wizard.mode_page.ui.errorLabel
    qtbot.waitUntil(lambda: bool(label.text()), timeout=WAIT_MS)
    assert wizard.currentPage() is wizard.mode_page

    assert label.text() == (
        f"Este tutor está bloqueado tras {MAX_FAILED_VERIFICATIONS} verificaciones fallidas en "
        "24 horas. Un director o un subdirector debe desbloquear al tutor antes de otro intento."
    )


def test_a_refusal_naming_a_pin_state_is_spanish_down_to_the_state(spanish: None) -> None:
    """A parameter that is itself a catalogued word (the PIN's state) is translated too; an
    error without a code (an adapter's sentence) is shown as written."""
    from ppdesk.domain.errors import PinUnavailable, SchemaError
    from ppdesk.gui.errors import describe_error, error_text

    refused = PinUnavailable("pin.none_to_show", state=("pin.state.revoked",))
    assert str(refused) == (
        "There is no active PIN to show (it is revoked). Issue a new one if needed."
    )
    assert error_text(refused) == (
        "No hay ningún PIN activo que mostrar (está revocado). Emita uno nuevo si hace falta."
    )
    assert describe_error(refused).message == error_text(refused)
    legacy = SchemaError("A sentence the catalogue does not know.")
    assert legacy.code is None
    assert error_text(legacy) == "A sentence the catalogue does not know."


def _check_template(_ctx: object, _session: object, path: object) -> None:
    from pathlib import Path

    from ppdesk.adapters.letters.templates import load_template

    load_template(Path(str(path)))


def test_a_broken_letter_template_is_shown_in_spanish(
    qtbot: Any, desk: Any, spanish: None, tmp_path: Any
) -> None:
    """Issue 17 §6: the letter-template checker's refusal (its own code, the file and the
    line) reaches the Spanish desk in Spanish, through the desk's task runner and error
    presenter as any refusal of a print would."""
    from ppdesk.adapters.letters.templates import template_dir

    source = (template_dir() / "en.toml").read_text(encoding="utf-8")
    broken = tmp_path / "en.toml"
    broken.write_text(source.replace('closing = "Sincerely,"', 'closing = "**Sincerely,"', 1))
    line = next(
        n for n, text in enumerate(broken.read_text().splitlines(), 1) if "**Sincerely" in text
    )

    window = log_in(qtbot, desk, "principal")
    presenter = window.desk.presenter
    window.desk.call(_check_template, str(broken), context=window)
    qtbot.waitUntil(lambda: presenter.last_box is not None, timeout=WAIT_MS)
    box = presenter.last_box
    assert box.text() == (
        f"Plantilla de carta en.toml, línea {line}: letter.closing tiene un '**' (negrita) "
        "sin cerrar."
    )
    box.close()
