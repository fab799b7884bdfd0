"""Benchmark: 1,000 PIN letters through ppdesk's renderer vs a bare reportlab baseline.

The baseline draws the same page content (same strings, same fonts, same QR modules) the
naive way: every page draws everything again, no form reuse, wrapping with reportlab's
simpleSplit. Then the whole service, ``ppdesk.services.letters.bulk_letters``, on a
SQLite demo school sized for about as many letters: selection, PINs issued (first run) or
decrypted (reprint), sign-out sheets, disclosures and audit included. Everything lives in
a temporary folder with its own key file; no keyring is touched.
Run: python bench/letters.py [count]. Prints figures; it is not a test.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ppdesk.adapters.letters import (
    LetterData,
    LetterOptions,
    SchoolLetterhead,
    load_templates,
    render_letters,
)
from ppdesk.adapters.letters.fonts import (
    LATIN_BOLD_FONT,
    LATIN_FONT,
    MONO_FONT,
    register_all,
)
from ppdesk.adapters.letters.page import NAVY, TINT
from ppdesk.adapters.letters.qr import draw_qr, qr_matrix
from ppdesk.adapters.letters.templates import substitute

SCHOOL = SchoolLetterhead(
    name="Ramona Heights Elementary School",
    address_lines=("1234 Example Avenue", "Los Angeles, CA 90012"),
    phone="(213) 555-0142",
    principal="Dr. Adaeze Okafor",
)
MIXED = ["en", "es", "ko", "hy", "zh", "tl", "vi", "ru"]


def make_letters(count: int, languages: list[str]) -> list[LetterData]:
    return [
        LetterData(
            guardian_name=f"Guardian Number{n} Núñez",
            student_first=f"Student{n}",
            student_last="Example",
            student_id=f"{n:010d}",
            pin_display=f"K{n % 10}Q-M4X-9PZ",
            pin_expires=date(2025, 3, 3),
            language=languages[n % len(languages)],
            letter_date=date(2025, 2, 10),
            homeroom=f"{n // 30}",
        )
        for n in range(count)
    ]


def baseline(path: Path, letters: list[LetterData]) -> None:
    """Bare reportlab: the English page, drawn in full on every page."""
    register_all()
    en = load_templates()["en"]
    matrix = qr_matrix(SCHOOL.portal_url)
    run = {
        "school_name": SCHOOL.name,
        "school_phone": SCHOOL.phone,
        "principal_name": SCHOOL.principal,
        "portal_url": SCHOOL.portal_url,
        "district_help_phone": SCHOOL.district_help_phone,
    }
    canv = Canvas(str(path), initialFontName=LATIN_FONT, pageCompression=1)
    width = 504.0

    def para(text: str, font: str, size: float, x: float, y: float, w: float) -> float:
        for line in simpleSplit(text, font, size, w):
            canv.drawString(x, y, line)
            y -= size * 1.4
        return y

    for letter in letters:
        values = {
            **run,
            "guardian_name": letter.guardian_name,
            "student_name": f"{letter.student_first} {letter.student_last}",
            "student_first": letter.student_first,
            "pin_expires": en.format_date(letter.pin_expires),
        }
        text = {k: substitute(v, values).replace("**", "") for k, v in en.letter.items()}
        canv.setFillColor(NAVY)
        canv.setFont(LATIN_BOLD_FONT, 7.5)
        canv.drawString(54, 745, SCHOOL.district_name.upper())
        canv.setFont(LATIN_BOLD_FONT, 17)
        canv.drawString(54, 727, SCHOOL.name)
        canv.setFont(LATIN_FONT, 8.5)
        canv.drawString(54, 714, " · ".join(SCHOOL.address_lines))
        canv.drawString(54, 703, f"{text['phone_label']} {SCHOOL.phone} · {SCHOOL.principal}")
        canv.line(54, 695, 558, 695)
        canv.setFont(LATIN_FONT, 10)
        canv.drawRightString(558, 680, en.format_date(letter.letter_date))
        canv.setFont(LATIN_BOLD_FONT, 15)
        canv.drawString(54, 660, text["subject"])
        canv.setFont(LATIN_FONT, 10)
        y = para(text["greeting"], LATIN_FONT, 10, 54, 640, width)
        y = para(text["intro"], LATIN_FONT, 10, 54, y, width)
        canv.setFillColor(TINT)
        canv.roundRect(54, y - 110, width, 108, 6, stroke=0, fill=1)
        canv.setFillColor(NAVY)
        for label, dy in (("student_label", 14), ("student_id_label", 66), ("pin_label", 14)):
            canv.setFont(LATIN_FONT, 8)
            canv.drawString(72 if label != "pin_label" else 312, y - dy, text[label])
        canv.setFont(LATIN_BOLD_FONT, 14)
        canv.drawString(72, y - 36, values["student_name"])
        canv.setFont(MONO_FONT, 13)
        canv.drawString(72, y - 92, letter.student_id)
        canv.setFont(MONO_FONT, 26)
        canv.drawString(330, y - 58, letter.pin_display)
        para(text["pin_expires"], LATIN_FONT, 8.5, 312, y - 80, 230)
        y -= 130
        canv.setFont(LATIN_BOLD_FONT, 12.5)
        canv.drawString(54, y, text["steps_heading"])
        draw_qr(canv, matrix, 470, y - 100, 88, NAVY)
        for key in ("step1_title", "step1_body", "email_tip", "step2_title", "step2_body"):
            font = LATIN_BOLD_FONT if key.endswith("title") else LATIN_FONT
            canv.setFont(font, 10)
            y = para(text[key], font, 10, 80, y - 16, 380)
        for key in ("qr_caption", "help_heading", "help_body", "personal_heading"):
            canv.setFont(LATIN_FONT, 10)
            y = para(text[key], LATIN_FONT, 10, 54, y - 10, width)
        canv.setFont(LATIN_FONT, 9.5)
        y = para(text["personal_note"], LATIN_FONT, 9.5, 68, y, width - 20)
        for key in ("closing", "principal_title"):
            canv.setFont(LATIN_FONT, 10)
            y = para(text[key], LATIN_FONT, 10, 54, y - 14, width)
        canv.showPage()
    canv.save()


def service_runs(folder: Path, count: int) -> list[tuple[str, float, Any]]:
    """``bulk_letters`` twice on a fresh demo school: first run (issues the missing PINs),
    then a reprint of the same letters (every PIN already active)."""
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    os.environ["PPDESK_CONFIG_DIR"] = str(folder / "config")
    os.environ["PPDESK_DATA_DIR"] = str(folder / "data")
    keyring.set_keyring(NullKeyring())  # never the user's keyring: a key file in `folder`

    from ppdesk import bootstrap
    from ppdesk.services import demo, letters
    from ppdesk.services.auth import PasswordAuthenticator

    password = "bench password only"  # a throw-away demo database
    runtime = bootstrap.open_app(database=f"sqlite:///{folder / 'demo.sqlite3'}", create_keys=True)
    try:
        # The demo school has about 1.37 verified guardian links per student.
        demo.create_demo(runtime.ctx, students=math.ceil(count / 1.37), seed=1, password=password)
        session = PasswordAuthenticator(runtime.ctx).login("principal", password)
        runs = []
        for label in ("first run", "reprint"):
            start = time.perf_counter()
            result = letters.bulk_letters(runtime.ctx, session, folder / "service.pdf")
            runs.append((label, time.perf_counter() - start, result))
        return runs
    finally:
        runtime.close()


def timed(label: str, action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    register_all()
    english = make_letters(count, ["en"])
    mixed = make_letters(count, MIXED)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        # Warm-up: font files parsed once per process, as in the app.
        render_letters(base / "warm.pdf", english[:2], school=SCHOOL, options=LetterOptions())
        baseline(base / "warm-base.pdf", english[:2])
        t_base = timed("baseline", lambda: baseline(base / "base.pdf", english))
        t_ppd = timed(
            "ppdesk",
            lambda: render_letters(
                base / "ppd.pdf", english, school=SCHOOL, options=LetterOptions()
            ),
        )
        t_mix = timed(
            "mixed",
            lambda: render_letters(base / "mix.pdf", mixed, school=SCHOOL, options=LetterOptions()),
        )
        bilingual: list[int] = []  # pages: a bilingual letter takes two (issue 18)
        t_bi = timed(
            "bilingual",
            lambda: bilingual.append(
                render_letters(
                    base / "bi.pdf", mixed, school=SCHOOL, options=LetterOptions(bilingual=True)
                ).pages
            ),
        )
        sizes = {p.stem: p.stat().st_size for p in base.glob("*.pdf")}
        service = service_runs(base, count)
    print(f"{count} letters, one page each (bilingual: {bilingual[0]} pages)")
    print(
        f"  bare reportlab baseline (English): {count / t_base:8.1f} pages/s  "
        f"{t_base:6.2f} s  {sizes['base'] / 1e6:6.2f} MB"
    )
    print(
        f"  ppdesk render_letters (English):   {count / t_ppd:8.1f} pages/s  "
        f"{t_ppd:6.2f} s  {sizes['ppd'] / 1e6:6.2f} MB"
    )
    print(
        f"  ppdesk, 8 languages mixed:         {count / t_mix:8.1f} pages/s  "
        f"{t_mix:6.2f} s  {sizes['mix'] / 1e6:6.2f} MB"
    )
    print(
        f"  ppdesk, 8 languages, bilingual:    {count / t_bi:8.1f} letters/s"
        f"{t_bi:6.2f} s  {sizes['bi'] / 1e6:6.2f} MB  ({bilingual[0] / t_bi:.1f} pages/s)"
    )
    print(f"  ppdesk / baseline: {t_base / t_ppd * 100:.0f} % (target >= 70 %)")
    base_rate = count / t_base
    for label, seconds, r in service:  # r: LetterRunResult
        rate = r.pages / seconds
        print(
            f"  bulk_letters, demo school, {label}: {r.letters} letters "
            f"+ {r.sign_out_pages} sign-out pages, {r.new_pins} new PINs: "
            f"{rate:8.1f} pages/s  {seconds:6.2f} s  "
            f"({rate / base_rate * 100:.0f} % of baseline; "
            f"{seconds * 1000 / r.letters:.2f} s per 1,000 letters)"
        )


if __name__ == "__main__":
    main()
