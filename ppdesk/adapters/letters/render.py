"""Render PIN letters (and homeroom sign-out sheets) to one PDF file.

One page per letter. The PIN reaches the page content and nothing else: no log line, no
exception message, no file other than the 0600 partial PDF that becomes the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ppdesk.adapters.letters.canvas_forms import FormCache
from ppdesk.adapters.letters.fonts import LATIN_FONT, register_all
from ppdesk.adapters.letters.languages import choose_language
from ppdesk.adapters.letters.letter import LetterComposer, logo_readable
from ppdesk.adapters.letters.model import LetterData, LetterOptions, RenderResult, SchoolLetterhead
from ppdesk.adapters.letters.output import Abort, atomic_output
from ppdesk.adapters.letters.page import clean, page_size
from ppdesk.adapters.letters.qr import qr_matrix, qr_payload
from ppdesk.adapters.letters.signout import SheetComposer, homeroom_groups
from ppdesk.adapters.letters.templates import LetterTemplate, load_templates
from ppdesk.domain.errors import ValidationError

Progress = Callable[[int, int | None], None]
Cancelled = Callable[[], bool]


def _check_school(school: SchoolLetterhead) -> None:
    if not clean(school.name):
        raise ValidationError("letters.school_name_required", field="school_name")
    if school.logo_path is not None and not logo_readable(Path(school.logo_path)):
        raise ValidationError(
            "letters.logo_unreadable", path=str(school.logo_path), field="logo_path"
        )


def _canvas(handle: object, options: LetterOptions, size: tuple[float, float]) -> Canvas:
    # The initial font must be one of ours: reportlab would otherwise reference
    # Helvetica, a font that is not embedded.
    canv = Canvas(
        handle,
        pagesize=size,
        initialFontName=LATIN_FONT,
        initialFontSize=10,
        pageCompression=1,
    )
    canv.setTitle(options.title)
    canv.setCreator("ppdesk")
    canv.setAuthor("")
    canv.setSubject("")
    return canv


class _Run:
    """State shared by the letter and sheet composers of one render call."""

    def __init__(self, school: SchoolLetterhead, options: LetterOptions) -> None:
        _check_school(school)
        register_all()
        self.school = school
        self.options = options
        self.size = page_size(options.page_size)
        self.templates: dict[str, LetterTemplate] = load_templates(options.templates_dir)
        self.qr = qr_matrix(qr_payload(school.portal_url))
        self.staff = self.templates.get(options.staff_language) or self.templates["en"]
        if self.staff.sheet is None:
            self.staff = self.templates["en"]

    def language_of(self, letter: LetterData) -> str:
        return choose_language(letter.language, self.templates)


def render_letters(
    path: Path | str,
    letters: Iterable[LetterData],
    *,
    school: SchoolLetterhead,
    options: LetterOptions,
    total: int | None = None,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> RenderResult:
    """Write one page per letter to ``path`` (atomically); returns what was written.

    ``total`` (if known) is passed to ``progress(done, total)``, called after each letter.
    ``is_cancelled()`` is checked before each letter; on cancel nothing is left at ``path``
    and the result says ``cancelled=True``. With ``options.sign_out_sheets`` each run of
    letters with the same homeroom is preceded by its sign-out sheet(s).
    """
    target = Path(path)
    run = _Run(school, options)
    done = pages = 0
    cancelled = False
    with atomic_output(target) as handle:
        canv = _canvas(handle, options, run.size)
        composer = LetterComposer(
            canv,
            FormCache(canv),
            run.templates,
            school,
            run.size,
            run.qr,
            bilingual=options.bilingual,
        )
        sheets = SheetComposer(canv, run.staff, school, run.size)
        batches: Iterable[tuple[str | None, list[LetterData]]]
        if options.sign_out_sheets:
            batches = homeroom_groups(letters, consecutive=True, is_cancelled=is_cancelled)
        else:
            batches = ((None, [letter]) for letter in letters)
        for homeroom, batch in batches:
            if options.sign_out_sheets and batch:
                pages += sheets.draw(homeroom, batch)
            for letter in batch:
                if is_cancelled is not None and is_cancelled():
                    cancelled = True
                    raise Abort
                composer.draw(letter, run.language_of(letter))
                canv.showPage()
                pages += 1
                done += 1
                if progress is not None:
                    progress(done, total)
        if is_cancelled is not None and is_cancelled():
            cancelled = True
            raise Abort
        if done == 0:
            raise ValidationError("letters.none_to_print", field="letters")
        canv.save()
    if cancelled:
        return RenderResult(pages=0, letters=0, cancelled=True)
    return RenderResult(pages=pages, letters=done, cancelled=False)


def render_sign_out_sheets(
    path: Path | str,
    letters: Iterable[LetterData],
    *,
    school: SchoolLetterhead,
    options: LetterOptions,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> RenderResult:
    """Write only the sign-out sheets (no PINs on them): one or more pages per homeroom.

    Letters are grouped by homeroom whatever their order. ``progress(homerooms_done,
    homerooms_total)`` is called after each homeroom.
    """
    target = Path(path)
    run = _Run(school, options)
    groups = list(homeroom_groups(letters, consecutive=False, is_cancelled=is_cancelled))
    if is_cancelled is not None and is_cancelled():
        return RenderResult(pages=0, letters=0, cancelled=True)
    if not groups:
        raise ValidationError("letters.none_to_list", field="letters")
    pages = count = 0
    cancelled = False
    with atomic_output(target) as handle:
        canv = _canvas(handle, options, run.size)
        sheets = SheetComposer(canv, run.staff, school, run.size)
        for index, (homeroom, batch) in enumerate(groups, 1):
            if is_cancelled is not None and is_cancelled():
                cancelled = True
                raise Abort
            pages += sheets.draw(homeroom, batch)
            count += len(batch)
            if progress is not None:
                progress(index, len(groups))
        canv.save()
    if cancelled:
        return RenderResult(pages=0, letters=0, cancelled=True)
    return RenderResult(pages=pages, letters=count, cancelled=False)
