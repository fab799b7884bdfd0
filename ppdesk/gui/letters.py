"""PIN letters at the counter: where the PDF comes from, the preview, and the print path.

``LetterSource`` is the seam to the letters feature: any callable returning the PDF bytes of
one guardian's letter for ``(session, link_id)``; the desk uses ``service_letter_source``
(the letters service). The print path renders every PDF page (``QPdfDocument.render``) onto
a ``QPrinter``: the system print dialog's printer, or a PDF-file printer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
)
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ppdesk.gui import files
from ppdesk.gui.forms.ui_letter_preview import Ui_LetterPreviewDialog
from ppdesk.gui.screens import fit_to_screen
from ppdesk.services.context import AppContext, StaffSession

RENDER_DPI = 300  # enough for a sharp PIN box; a 1200-dpi page image would waste memory


class LetterSource(Protocol):
    """Returns the PDF of one guardian's PIN letter (and records the disclosure)."""

    def __call__(self, session: StaffSession, link_id: int) -> bytes: ...


PrinterProvider = Callable[[QWidget | None], QPrinter | None]


def system_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; None when the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("LetterPreviewDialog", "Print the PIN letter"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


# --- where the letter comes from ---------------------------------------------------------

LETTER_DIR_PREFIX = "ppdesk-letter-"
STALE_AFTER_S = 600


def service_letter_source(ctx: AppContext) -> LetterSource:
    """The letters service (``ppdesk.services.letters.single_letter``): the guardian's
    letter in their language (one page, two if bilingual), recorded as a "print" disclosure.

    The service writes a file; it goes to a private temporary folder (0700, the PDF itself
    0600) that is removed as soon as the bytes are read, so the PIN is on disk for
    milliseconds. While it exists the PDF is registered as a staging file, so if ppdesk
    dies meanwhile the next start removes it (SECURITY.md 39); ``sweep_stale_letter_dirs``
    removes the empty folders such a crash leaves.
    """

    def source(session: StaffSession, link_id: int) -> bytes:
        from ppdesk.services.exports import files_port
        from ppdesk.services.letters import single_letter

        port = files_port(ctx)
        with tempfile.TemporaryDirectory(prefix=LETTER_DIR_PREFIX) as folder:
            path = Path(folder) / "pin-letter.pdf"
            port.register_staging(path)
            try:
                single_letter(ctx, session, link_id, path)
                return path.read_bytes()
            finally:
                path.unlink(missing_ok=True)
                port.unregister_staging(path)

    return source


def sweep_stale_letter_dirs(max_age_s: float = STALE_AFTER_S) -> int:
    """Remove letter folders a crashed desk left behind (ours only); returns how many.

    "Ours": owned by this user on POSIX; on Windows the temp folder is the user's own.
    """
    removed = 0
    now = time.time()
    getuid = getattr(os, "getuid", None)  # POSIX only
    for folder in Path(tempfile.gettempdir()).glob(f"{LETTER_DIR_PREFIX}*"):
        try:
            info = folder.stat()
            if getuid is not None and info.st_uid != getuid():
                continue
            if now - info.st_mtime < max_age_s:
                continue
            shutil.rmtree(folder)
            removed += 1
        except OSError:
            continue
    return removed


# --- the print path -----------------------------------------------------------------------


def _margins_mm(mm: float) -> QMarginsF:
    return QMarginsF(mm, mm, mm, mm)


def open_pdf(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """Load PDF bytes from memory; keep the buffer alive as long as the document."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise ValueError("The letter is not a readable PDF.")
    return document, buffer


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Render every page of ``pdf`` onto ``printer``; return the number of pages printed.

    Each page is drawn as an image (what the printer prints), over a white text layer taken
    from the PDF, so a letter "printed" to a PDF file stays searchable.
    """
    document, buffer = open_pdf(pdf)
    try:
        first = document.pagePointSize(0)
        printer.setFullPage(True)
        printer.setPageSize(QPageSize(first, QPageSize.Unit.Point, "letter page"))
        printer.setPageMargins(_margins_mm(0), QPageLayout.Unit.Millimeter)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("The printer could not be opened.")
        try:
            for page in range(document.pageCount()):
                if page:
                    printer.newPage()
                _print_page(painter, printer, document, page)
        finally:
            painter.end()
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


def _print_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    points = document.pagePointSize(page)
    target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    scale = min(target.width() / points.width(), target.height() / points.height())
    _draw_text_layer(painter, document, page, scale)
    dpi = min(printer.resolution(), RENDER_DPI)
    image = document.render(
        page, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    )
    painter.drawImage(
        QRectF(target.x(), target.y(), points.width() * scale, points.height() * scale), image
    )


def _draw_text_layer(painter: QPainter, document: QPdfDocument, page: int, scale: float) -> None:
    text = document.getAllText(page).text()
    painter.save()
    painter.setPen(QColor("white"))
    start = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            selection = document.getSelectionAtIndex(page, start, len(line))
            box = selection.boundingRectangle() if selection.isValid() else QRectF()
            font = painter.font()
            font.setPixelSize(max(1, round((box.height() or 12) * scale * 0.8)))
            painter.setFont(font)
            painter.drawText(QPointF(box.left() * scale, box.bottom() * scale), line)
        start += len(line) + (2 if "\r\n" in text else 1)
    painter.restore()


# --- the preview --------------------------------------------------------------------------


class LetterPreviewDialog(QDialog):
    """The letter in a PDF view, with Print… and Save as PDF…; wiped when closed."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        printer_provider: PrinterProvider,
        on_printed: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_LetterPreviewDialog()
        self.ui.setupUi(self)
        fit_to_screen(self)  # Print and Close stay on a 1366x768 screen
        self.ui.infoLabel.setText(title)
        self._pdf: bytes | None = pdf
        self._printer_provider = printer_provider
        self._on_printed = on_printed
        self._document, self._buffer = open_pdf(pdf)
        self.view = QPdfView(self.ui.viewHost)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self._document)
        self.ui.viewLayout.addWidget(self.view)
        self.ui.printButton.clicked.connect(self._on_print)
        self.ui.saveButton.clicked.connect(self._on_save)
        self.ui.closeButton.clicked.connect(self.reject)
        self.finished.connect(self._wipe)
        self.ui.printButton.setFocus()

    def _on_print(self) -> None:
        if self._pdf is None:
            return
        printer = self._printer_provider(self)
        if printer is None:
            return
        pages = print_pdf(self._pdf, printer)
        if self._on_printed is not None:
            self._on_printed(pages)
        self.accept()

    def _on_save(self) -> None:
        if self._pdf is None:
            return
        name, _ = files.save_file_name(
            self, self.tr("Save the letter as PDF"), "pin-letter.pdf", "PDF (*.pdf)"
        )
        if name:
            save_private(Path(name), self._pdf)

    def _wipe(self, _result: int = 0) -> None:
        self._document.close()  # the view then shows no page
        self._buffer.close()
        self._buffer.setData(QByteArray())
        self._pdf = None


def save_private(path: Path, data: bytes) -> None:
    """Write a letter readable by the current user only (it holds a PIN)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def pdf_printer(path: Path) -> QPrinter:
    """A QPrinter writing a PDF file (tests and "print to file")."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


__all__ = [
    "LetterPreviewDialog",
    "LetterSource",
    "PrinterProvider",
    "pdf_printer",
    "print_pdf",
    "service_letter_source",
    "sweep_stale_letter_dirs",
    "system_printer",
]
