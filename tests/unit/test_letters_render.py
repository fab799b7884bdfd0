"""Rendering PIN letters in process: shared forms, composed text, page size, fallback
language, cancel and error leaving no file. The letters read back by poppler and zbarimg
are tested in tests/integration/test_letters_readback.py, with the helpers defined here."""

from __future__ import annotations

import shutil
import stat
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppdesk.adapters.letters import (
    LetterData,
    LetterOptions,
    SchoolLetterhead,
    render_letters,
)
from ppdesk.domain.errors import ValidationError

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) not installed",
)

SCHOOL = SchoolLetterhead(
    name="Ramona Heights Elementary School",
    address_lines=("1234 Example Avenue", "Los Angeles, CA 90012"),
    phone="(213) 555-0142",
    principal="Dr. Adaeze Okafor",
)
PORTAL = "https://parentportalapp.lausd.net/parentaccess"

# (language, guardian, student first, student last, text that must appear)
CASES = [
    ("en", "María Elena Núñez", "José", "Núñez", "Register for an account"),
    ("es", "María Elena Núñez", "José", "Núñez", "Regístrese para obtener una cuenta"),
    ("ko", "김서연", "민준", "김", "학부모 포털 계정 등록"),
    ("hy", "Անահիտ Պետրոսյան", "Արամ", "Պետրոսյան", "Գրանցվեք Ծնողական պորտալում"),
    ("zh", "王美玲", "小明", "王", "註冊家長入口網站帳戶"),
    ("tl", "Maria Santos", "Jose", "Santos", "Magparehistro para sa account"),
    ("vi", "Nguyễn Thị Hương", "Minh", "Nguyễn", "Đăng ký tài khoản Parent Portal"),
    ("ru", "Ольга Иванова", "Дмитрий", "Иванов", "Зарегистрируйте учётную запись"),
]
EXPECTED_NAME = {"ko": "김민준", "zh": "王小明"}


def letter(
    language: str = "en",
    guardian: str = "María Elena Núñez",
    first: str = "José",
    last: str = "Núñez",
    *,
    student_id: str = "0001234567",
    pin: str = "K7Q-M4X-9PZ",
    homeroom: str | None = "12",
) -> LetterData:
    return LetterData(
        guardian_name=guardian,
        student_first=first,
        student_last=last,
        student_id=student_id,
        pin_display=pin,
        pin_expires=date(2025, 3, 3),
        language=language,
        letter_date=date(2025, 2, 10),
        homeroom=homeroom,
        grade="3",
    )


def pdftotext(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFC", result.stdout)


def squash(text: str) -> str:
    return "".join(text.split())


def fonts_table(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def test_static_parts_are_shared_forms(tmp_path: Path) -> None:
    out = tmp_path / "forms.pdf"
    render_letters(out, [letter(), letter(first="Ana")], school=SCHOOL, options=LetterOptions())
    reader = PdfReader(out)
    names = []
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        names.append({key: xobjects[key].indirect_reference.idnum for key in xobjects})
    assert names[0] and names[0] == names[1]  # the same objects on both pages


def test_nfd_input_prints_composed_and_controls_are_dropped(tmp_path: Path) -> None:
    out = tmp_path / "nfd.pdf"
    guardian = unicodedata.normalize("NFD", "José Núñez") + "\x07"
    render_letters(out, [letter(guardian=guardian)], school=SCHOOL, options=LetterOptions())
    text = unicodedata.normalize("NFC", PdfReader(out).pages[0].extract_text())
    assert "Dear José Núñez," in text


def test_a4_option(tmp_path: Path) -> None:
    out = tmp_path / "a4.pdf"
    render_letters(out, [letter()], school=SCHOOL, options=LetterOptions(page_size="A4"))
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box[2])), round(float(box[3]))) == (595, 842)


def test_unknown_language_falls_back_to_english(tmp_path: Path) -> None:
    out = tmp_path / "am.pdf"  # Amharic: no template (Farsi has one since issue 18)
    render_letters(out, [letter("am")], school=SCHOOL, options=LetterOptions())
    assert "Two steps to get started" in PdfReader(out).pages[0].extract_text()


def test_cancel_half_way_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "cancel.pdf"
    checks = 0
    partial_modes: list[int] = []

    def is_cancelled() -> bool:
        nonlocal checks
        checks += 1
        return checks > 5

    def progress(done: int, total: int | None) -> None:
        partial_modes.extend(stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir())

    result = render_letters(
        out,
        [letter() for _ in range(10)],
        school=SCHOOL,
        options=LetterOptions(),
        total=10,
        progress=progress,
        is_cancelled=is_cancelled,
    )
    assert result.cancelled
    assert list(tmp_path.iterdir()) == []
    # While it was being written, the only file was the private partial PDF.
    assert partial_modes and set(partial_modes) == {0o600}


def test_error_half_way_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "error.pdf"

    def letters():  # type: ignore[no-untyped-def]
        yield letter()
        yield letter()
        raise RuntimeError("SIS connection dropped")

    with pytest.raises(RuntimeError):
        render_letters(out, letters(), school=SCHOOL, options=LetterOptions())
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_kept_when_cancelled(tmp_path: Path) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"previous run")
    result = render_letters(
        out, [letter()], school=SCHOOL, options=LetterOptions(), is_cancelled=lambda: True
    )
    assert result.cancelled and out.read_bytes() == b"previous run"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


def test_no_letters_is_an_error_and_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        render_letters(tmp_path / "none.pdf", [], school=SCHOOL, options=LetterOptions())
    assert list(tmp_path.iterdir()) == []


def test_pin_not_in_repr() -> None:
    assert "K7Q" not in repr(letter()) and "K7Q" not in str(letter())


def test_qr_payload_must_be_a_web_address(tmp_path: Path) -> None:
    school = replace(SCHOOL, portal_url="javascript:alert(1)")
    with pytest.raises(ValidationError, match="portal"):
        render_letters(tmp_path / "x.pdf", [letter()], school=school, options=LetterOptions())
    assert list(tmp_path.iterdir()) == []
