"""Issue 17 §4: a date that can only be read one way is accepted in any order; an ambiguous
one is read month first (en_US and es_US both write month/day) and is always shown back in
words, in the interface language, before it counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ppdesk.gui.office.i18n import install_translator
from tests.gui.helpers import counter_candidate, log_in, open_student, start_wizard


@pytest.fixture
def spanish() -> Iterator[None]:
    assert install_translator("es")
    yield
    install_translator("en")


def _questions(qtbot: Any, desk: Any) -> Any:
    summary, _view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    return start_wizard(qtbot, page)


def _type_dob(qtbot: Any, wizard: Any, text: str) -> str:
    edit = wizard.questions.ui.dobEdit
    edit.clear()
    qtbot.keyClicks(edit, text)
    hint = wizard.questions.dob_hint
    assert hint.isVisible()
    return str(hint.text())


def test_the_date_of_birth_is_read_back_in_words(qtbot: Any, desk: Any) -> None:
    wizard = _questions(qtbot, desk)
    assert wizard.questions.dob_hint.text() == ""  # nothing typed, nothing said
    assert _type_dob(qtbot, wizard, "20/9/2016") == "Read as September 20, 2016."
    assert _type_dob(qtbot, wizard, "4/3/2015") == "Read as April 3, 2015."
    assert _type_dob(qtbot, wizard, "March 4th 2015") == "Read as March 4, 2015."
    assert _type_dob(qtbot, wizard, "31/31/2015").startswith("Not understood as a date")
    wizard.reject()


def test_the_read_back_says_what_was_typed_never_the_record(qtbot: Any, desk: Any) -> None:
    _summary, view = counter_candidate(desk.runtime)
    wizard = _questions(qtbot, desk)
    other = view.dob.replace(year=view.dob.year - 1)
    said = _type_dob(qtbot, wizard, f"{other.month}/{other.day}/{other.year}")
    assert str(other.year) in said and str(view.dob.year) not in said
    wizard.reject()


def test_the_date_of_birth_is_read_back_in_spanish(qtbot: Any, desk: Any, spanish: None) -> None:
    wizard = _questions(qtbot, desk)
    assert _type_dob(qtbot, wizard, "4/3/2015") == "Leído como 3 de abril de 2015."
    assert _type_dob(qtbot, wizard, "20/9/2016") == "Leído como 20 de septiembre de 2016."
    assert _type_dob(qtbot, wizard, "4 de mayo de 2015") == "Leído como 4 de mayo de 2015."
    assert _type_dob(qtbot, wizard, "hoy").startswith("No se entiende como fecha")
    wizard.reject()


def test_the_photo_id_expiry_is_read_back_in_words(qtbot: Any, desk: Any, spanish: None) -> None:
    from tests.gui.helpers import answer_questions, correct_answers

    summary, view = counter_candidate(desk.runtime)
    window = log_in(qtbot, desk, "principal")
    page = open_student(qtbot, window, summary.student_id)
    wizard = start_wizard(qtbot, page)
    answer_questions(qtbot, wizard, correct_answers(view))
    ui = wizard.photo.ui
    qtbot.keyClicks(ui.expiryEdit, "25/12/2031")  # day first: only a day can be 25
    assert ui.expiryHint.text() == "Leído como 25 de diciembre de 2031."
    wizard.reject()
