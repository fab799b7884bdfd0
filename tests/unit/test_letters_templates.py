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
