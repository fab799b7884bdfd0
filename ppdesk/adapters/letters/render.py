"""Render PIN letters (and homeroom sign-out sheets) to one PDF file.

One page per letter (two for a letter that does not fit on one at 9 pt). The PIN reaches the
page content and nothing else: no log line, no exception message, no file other than the 0600
partial PDF that becomes the result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ppdesk.adapters.letters.canvas_forms import FormCache
from ppdesk.adapters.letters.fonts import LATIN_FONT, register_core
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
        register_core()  # the other scripts' fonts when a letter needs them
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


class LetterWriter:
    """One PDF being written, fed letters by the caller (``open_letters``).

    ``add`` draws what it is given and nothing else: it holds no database session and
    pulls nothing, so whoever feeds it decides what happens between two batches (a letter
    run issues the next homeroom's PINs there). With ``options.sign_out_sheets`` each run
    of letters with the same homeroom *within one call* is preceded by its sign-out sheet:
    hand one homeroom per call.
    """

    def __init__(
        self,
        canv: Canvas,
        run: _Run,
        *,
        total: int | None,
        progress: Progress | None,
        is_cancelled: Cancelled | None,
    ) -> None:
        self._canv, self._run = canv, run
        self._total, self._progress, self._is_cancelled = total, progress, is_cancelled
        self._composer = LetterComposer(
            canv,
            FormCache(canv),
            run.templates,
            run.school,
            run.size,
            run.qr,
            bilingual=run.options.bilingual,
        )
        self._sheets = SheetComposer(canv, run.staff, run.school, run.size)
        self._cancelled = False
        self._finished = False
        self.pages = 0
        self.sign_out_pages = 0
        self.letters = 0

    @property
    def cancelled(self) -> bool:
        """Whether the run was cancelled (asks ``is_cancelled`` again until it says yes)."""
        if not self._cancelled and self._is_cancelled is not None and self._is_cancelled():
            self._cancelled = True
        return self._cancelled

    def add(self, letters: Sequence[LetterData]) -> bool:
        """Draw ``letters`` (sign-out sheets first, see the class). ``is_cancelled()`` is
        asked before each letter; returns ``False`` once the run is cancelled (nothing
        more is drawn then), ``True`` otherwise."""
        if self._finished:
            raise RuntimeError("this letter file is already finished")
        batches: Iterable[tuple[str | None, list[LetterData]]]
        if self._run.options.sign_out_sheets:
            batches = homeroom_groups(letters, consecutive=True)
        else:
            batches = [(None, list(letters))]
        for homeroom, batch in batches:
            if self.cancelled:
                return False
            if self._run.options.sign_out_sheets and batch:
                drawn = self._sheets.draw(homeroom, batch)
                self.pages += drawn
                self.sign_out_pages += drawn
            for letter in batch:
                if self.cancelled:
                    return False
                # One page, or two for a letter that does not fit on one at 9 pt.
                self.pages += self._composer.draw(letter, self._run.language_of(letter))
                self._canv.showPage()
                self.letters += 1
                if self._progress is not None:
                    self._progress(self.letters, self._total)
        return True

    @property
    def result(self) -> RenderResult:
        """What was written; ``cancelled`` with no pages when the run was cancelled."""
        if self._cancelled:
            return RenderResult(pages=0, letters=0, cancelled=True)
        return RenderResult(
            pages=self.pages,
            letters=self.letters,
            cancelled=False,
            sign_out_pages=self.sign_out_pages,
        )

    def _finish(self) -> None:
        self._finished = True
        if self.cancelled:
            raise Abort
        if self.letters == 0:
            raise ValidationError("letters.none_to_print", field="letters")
        self._canv.save()


@contextlib.contextmanager
def open_letters(
    path: Path | str,
    *,
    school: SchoolLetterhead,
    options: LetterOptions,
    total: int | None = None,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> Iterator[LetterWriter]:
    """A ``LetterWriter`` for ``path``, written atomically when the block ends.

    ``progress(done, total)`` is called after each letter. If the block raises, or the run
    was cancelled (``writer.result.cancelled``), nothing is left at ``path``. A run with no
    letter at all is refused (``ValidationError``).
    """
    target = Path(path)
    run = _Run(school, options)
    with atomic_output(target) as handle:
        writer = LetterWriter(
            _canvas(handle, options, run.size),
            run,
            total=total,
            progress=progress,
            is_cancelled=is_cancelled,
        )
        yield writer
        writer._finish()


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
    """Write each letter to ``path`` (atomically; one page, two for a letter that does not
    fit on one at 9 pt); returns what was written.

    ``total`` (if known) is passed to ``progress(done, total)``, called after each letter.
    ``is_cancelled()`` is checked before each letter; on cancel nothing is left at ``path``
    and the result says ``cancelled=True``. With ``options.sign_out_sheets`` each run of
    letters with the same homeroom is preceded by its sign-out sheet(s).
    """
    with open_letters(
        path,
        school=school,
        options=options,
        total=total,
        progress=progress,
        is_cancelled=is_cancelled,
    ) as writer:
        batches: Iterable[tuple[str | None, list[LetterData]]]
        if options.sign_out_sheets:
            batches = homeroom_groups(letters, consecutive=True, is_cancelled=is_cancelled)
        else:
            batches = ((None, [letter]) for letter in letters)
        for _homeroom, batch in batches:
            if not writer.add(batch):
                break
    return writer.result


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
    return RenderResult(pages=pages, letters=count, cancelled=False, sign_out_pages=pages)
