"""Letter templates: every shipped one loads; broken ones fail with file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ppdesk.adapters.letters import (
    TemplateError,
    available_languages,
    load_template,
    load_templates,
)
from ppdesk.adapters.letters.fonts import missing_glyphs, register_all
from ppdesk.adapters.letters.templates import template_dir
from ppdesk.domain.errors import ValidationError

SHIPPED = template_dir()
LANGUAGES = ["en", "es", "ko", "hy", "zh", "tl", "vi", "ru"]


def test_every_language_is_shipped_and_valid() -> None:
    assert set(LANGUAGES) <= set(available_languages())
    loaded = load_templates()
    for code in LANGUAGES:
        assert loaded[code].language == code
    assert loaded["en"].sheet is not None


def test_dates_are_written_in_each_language() -> None:
    loaded = load_templates()
    day = date(2025, 3, 3)
    assert loaded["en"].format_date(day) == "March 3, 2025"
    assert loaded["es"].format_date(day) == "3 de marzo de 2025"
    assert loaded["ko"].format_date(day) == "2025년 3월 3일"
    assert loaded["zh"].format_date(day) == "2025年3月3日"
    assert loaded["ru"].format_date(day) == "3 марта 2025 г."


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_character_of_every_template_has_a_glyph(code: str) -> None:
    register_all()
    template = load_template(SHIPPED / f"{code}.toml")
    texts = [*template.letter.values(), *(template.sheet or {}).values(), *template.months]
    texts += [template.name, template.date_format]
    for text in texts:
        plain = text.replace("**", "")
        assert missing_glyphs(plain) == set(), (code, plain)
        assert missing_glyphs(plain, bold=True) == set(), (code, plain)


def _copy_with(tmp_path: Path, old: str, new: str, name: str = "en.toml") -> Path:
    source = (SHIPPED / "en.toml").read_text(encoding="utf-8")
    assert old in source
    target = tmp_path / name
    target.write_text(source.replace(old, new, 1), encoding="utf-8")
    return target


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_unknown_placeholder_names_file_and_line(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, "Dear {guardian_name},", "Dear {guardian_name} {guardain_name},")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.path == path
    assert error.line == _line_of(path, "{guardain_name}")
    assert f"en.toml, line {error.line}" in str(error)
    assert "{guardain_name}" in str(error)


def test_unknown_placeholder_inside_a_multiline_value_points_at_its_own_line(
    tmp_path: Path,
) -> None:
    path = _copy_with(tmp_path, "receive an email: open it", "receive an email at {email}: open it")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.line == _line_of(path, "{email}")
    assert caught.value.line != _line_of(path, "step1_body =")


def test_missing_required_placeholder_is_refused(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, "Dear {guardian_name},", "Dear parent,")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.line == _line_of(path, "greeting =")
    assert "{guardian_name}" in str(caught.value)


def test_attribute_access_is_not_a_placeholder(tmp_path: Path) -> None:
    path = _copy_with(
        tmp_path, "Dear {guardian_name},", "Dear {guardian_name.__class__} {guardian_name},"
    )
    with pytest.raises(TemplateError, match="unknown placeholder"):
        load_template(path)


def test_pin_is_not_a_placeholder(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, "Dear {guardian_name},", "Dear {guardian_name}, your PIN is {pin}")
    with pytest.raises(TemplateError, match=r"\{pin\}"):
        load_template(path)


def test_lone_brace_unknown_key_and_missing_key(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, "Dear {guardian_name},", "Dear {guardian_name}, {")
    with pytest.raises(TemplateError, match="lone"):
        load_template(path)
    path = _copy_with(tmp_path, 'closing = "Sincerely,"', 'closing = "Sincerely,"\nclosnig = "x"')
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.line == _line_of(path, "closnig")
    path = _copy_with(tmp_path, 'closing = "Sincerely,"', "")
    with pytest.raises(TemplateError, match="missing the key 'closing'") as caught:
        load_template(path)
    assert caught.value.line == _line_of(path, "[letter]")


def test_toml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, 'closing = "Sincerely,"', 'closing = "Sincerely,')
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.line == _line_of(path, 'closing = "Sincerely,')


def test_file_name_must_match_language(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, 'language = "en"', 'language = "en"', name="es.toml")
    with pytest.raises(TemplateError, match="language must be 'es'"):
        load_template(path)


def test_direction_is_ltr_or_rtl(tmp_path: Path) -> None:
    # Right to left is laid out since issue 18 (Farsi and Arabic letters); anything else
    # is still refused with the line.
    path = _copy_with(
        tmp_path, 'english_name = "English"', 'english_name = "English"\ndirection = "rtl"'
    )
    assert load_template(path).rtl
    path = _copy_with(
        tmp_path, 'english_name = "English"', 'english_name = "English"\ndirection = "ttb"'
    )
    with pytest.raises(TemplateError, match="right to left") as caught:
        load_template(path)
    assert caught.value.line == _line_of(path, 'direction = "ttb"')


def test_folder_without_english_is_refused(tmp_path: Path) -> None:
    (tmp_path / "es.toml").write_text((SHIPPED / "es.toml").read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(TemplateError, match="English"):
        load_templates(tmp_path)


# --- each check has its own error code (issue 17 §6) ------------------------------------

_EN = (SHIPPED / "en.toml").read_text(encoding="utf-8")
_ACTIVATION = (
    'activation = "Your school will give you this letter after checking your photo ID. '
    'The PIN works once the office has done so."'
)
# code -> (text to replace in en.toml, replacement); None: a case built by hand below.
_BROKEN: dict[str, tuple[str, str] | None] = {
    "template.unreadable": None,
    "template.not_toml": ('closing = "Sincerely,"', 'closing = "Sincerely,'),
    "template.unknown_section": ("[letter]", "[extra]\nx = 1\n\n[letter]"),
    "template.missing_section": None,
    "template.unknown_entry": ('closing = "Sincerely,"', 'closing = "Sincerely,"\nclosnig = "x"'),
    "template.missing_entry": ('closing = "Sincerely,"', ""),
    "template.months": ('"November", "December"', '"November"'),
    "template.language_not_file_name": ('language = "en"', 'language = "es"'),
    "template.direction": ('english_name = "English"', 'english_name = "English"\ndirection = "x"'),
    "template.not_text": ('closing = "Sincerely,"', "closing = 3"),
    "template.lone_brace": ('"Dear {guardian_name},"', '"Dear {guardian_name}, {"'),
    "template.unknown_placeholder": ('"Dear {guardian_name},"', '"Dear {guardian_name} {x},"'),
    "template.missing_placeholder": ('"Dear {guardian_name},"', '"Dear parent,"'),
    "template.unclosed_bold": ('closing = "Sincerely,"', 'closing = "**Sincerely,"'),
    "template.missing_bulk": ("[bulk]", "[bulk_removed]"),
    "template.bulk_activation_empty": (_ACTIVATION, 'activation = "  "'),
    "template.bulk_intro_like_counter": (
        'intro = """Below is your personal',
        'intro = """Thank you for verifying your identity with our school. Below is your personal',
    ),
    "template.english_required": None,
}


def _broken(tmp_path: Path, code: str) -> Path:
    case = _BROKEN[code]
    if code == "template.unreadable":
        path = tmp_path / "en.toml"
        path.write_bytes(b"\xff\xfe not utf-8 \xff")
        return path
    if code == "template.missing_section":  # no [sign_out], which English must have
        path = tmp_path / "en.toml"
        path.write_text(_EN.split("\n[sign_out]")[0], encoding="utf-8")
        return path
    assert case is not None
    old, new = case
    assert old in _EN, old
    path = tmp_path / "en.toml"
    text = _EN.replace(old, new, 1)
    if code == "template.missing_bulk":  # no [bulk] at all (a renamed one is an unknown section)
        head, _, rest = text.partition("[bulk_removed]")
        text = head + "[" + rest.split("\n[", 1)[1]
    path.write_text(text, encoding="utf-8")
    return path


def test_every_template_check_has_a_code_that_is_catalogued() -> None:
    from ppdesk.domain.messages import CATALOGUE

    template_codes = {c for c in CATALOGUE if c.startswith("template.")}
    assert template_codes - {"template.where_line"} == set(_BROKEN)


@pytest.mark.parametrize("code", sorted(_BROKEN))
def test_each_broken_template_is_refused_with_its_own_code(tmp_path: Path, code: str) -> None:
    if code == "template.english_required":
        (tmp_path / "es.toml").write_text((SHIPPED / "es.toml").read_text("utf-8"), "utf-8")
        with pytest.raises(TemplateError) as caught:
            load_templates(tmp_path)
    else:
        with pytest.raises(TemplateError) as caught:
            load_template(_broken(tmp_path, code), require_sheet=True)
    error = caught.value
    assert error.code == code
    assert error.field == "template"
    assert str(error).startswith("Letter template en.toml")
    if error.line is not None:
        assert str(error).startswith(f"Letter template en.toml, line {error.line}: ")


def test_a_template_error_renders_in_spanish_with_its_line(tmp_path: Path) -> None:
    """The sentence and the nested "file, line" are both translated by code (Qt, context
    ``messages``), the parameters filled in; the English stays for the CLI."""
    from PySide6.QtCore import QTranslator

    from ppdesk.domain.messages import render
    from ppdesk.gui.office.i18n import translations_dir

    spanish = QTranslator()
    assert spanish.load(str(translations_dir() / "ppdesk_es.qm"))
    path = _broken(tmp_path, "template.unknown_placeholder")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    error = caught.value
    line = _line_of(path, "{x}")
    assert error.line == line
    assert error.code is not None
    english = render(error.code, error.params)
    assert english == str(error)
    assert english.startswith(f"Letter template en.toml, line {line}: letter.greeting uses ")

    def to_spanish(text: str) -> str:
        return spanish.translate("messages", text) or text

    text = render(error.code, error.params, to_spanish)
    assert text.startswith(
        f"Plantilla de carta en.toml, línea {line}: letter.greeting usa el marcador "
        "desconocido {x}. Marcadores conocidos: {district_help_phone}, "
    )
