"""PIN letters at the counter: where the PDF comes from, the preview, and the print path.

``LetterSource`` is the seam to the letters feature (issue 4): any callable returning the PDF
bytes of one guardian's letter for ``(session, link_id)``. Until that feature lands,
``stopgap_letter_source`` reveals the PIN for printing (an audited disclosure, channel
``print``) and lays out a plain one-page letter with Qt. The print path is the same for both:
``print_pdf`` renders every PDF page (``QPdfDocument.render``) onto a ``QPrinter``.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
)
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ppdesk.gui.forms.ui_letter_preview import Ui_LetterPreviewDialog
from ppdesk.services.context import AppContext, StaffSession
from ppdesk.services.desk import LetterFacts

RENDER_DPI = 300  # enough for a sharp PIN box; a 1200-dpi page image would waste memory


class LetterSource(Protocol):
    """Returns the PDF of one guardian's PIN letter (and records the disclosure)."""

    def __call__(self, session: StaffSession, link_id: int) -> bytes: ...


PrinterProvider = Callable[[QWidget | None], QPrinter | None]


def system_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; None when the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the PIN letter")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


# --- the stopgap letter (until issue 4's templates and renderer land) ---------------------


def stopgap_letter_source(ctx: AppContext) -> LetterSource:
    """STOPGAP: a plain one-page letter laid out by Qt, until ppdesk's letter renderer lands.

    Reveals the PIN with channel ``print`` (audited like any disclosure: a passed, recent
    verification by this staff member is required), then renders the page.
    """

    def source(session: StaffSession, link_id: int) -> bytes:
        from ppdesk.services.desk import letter_facts
        from ppdesk.services.pins import reveal_pin

        facts = letter_facts(ctx, session, link_id)
        pin = reveal_pin(ctx, session, link_id, channel="print")
        paper = getattr(ctx.settings, "paper_size", "letter") if ctx.settings else "letter"
        return render_stopgap_letter(facts, pin.display, pin.expires_at, paper=paper)

    return source


def _letter_html(facts: LetterFacts, pin_display: str, expires_at: datetime, today: date) -> str:
    e = html.escape
    expires = expires_at.astimezone().date() if expires_at.tzinfo else expires_at.date()
    portal = e(facts.portal_url or "the Parent Portal")
    school_lines = "<br>".join(e(x) for x in (facts.school_address, facts.school_phone) if x)
    return f"""
<div style="font-family: sans-serif; font-size: 11pt;">
<p style="font-size: 16pt;"><b>{e(facts.school_name)}</b><br>
<span style="font-size: 10pt;">{school_lines}</span></p>
<p>{today:%B} {today.day}, {today.year}</p>
<p>Dear {e(facts.guardian_name)},</p>
<p>Here is your personal Parent Portal PIN for <b>{e(facts.student_name)}</b>
(student ID {e(facts.student_number)}).</p>
<table border="1" cellpadding="14" cellspacing="0" align="center"><tr><td align="center">
<span style="font-family: monospace; font-size: 30pt;"><b>{e(pin_display)}</b></span>
</td></tr></table>
<p align="center">Valid until {expires:%B} {expires.day}, {expires.year}.</p>
<p><b>How to link your student</b></p>
<ol>
<li>Go to {portal} and register for an account with your email address.</li>
<li>Log in, choose <i>Add Student</i>, and enter the student ID, your student's date of
birth and this PIN.</li>
</ol>
<p>This PIN is only for you. It is different from your student's own PIN, which is used for
the student's email password.</p>
<p>Sincerely,<br>{e(facts.principal_name or "The principal")}</p>
<p style="font-size: 8pt; color: #555555;">Printed by ppdesk with the interim letter layout.</p>
</div>"""


def render_stopgap_letter(
    facts: LetterFacts,
    pin_display: str,
    expires_at: datetime,
    *,
    paper: str = "letter",
    today: date | None = None,
) -> bytes:
    """One page of PDF, laid out in memory (no temporary file ever holds the PIN)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    size = QPageSize.PageSizeId.A4 if paper == "a4" else QPageSize.PageSizeId.Letter
    writer.setPageLayout(
        QPageLayout(
            QPageSize(size),
            QPageLayout.Orientation.Portrait,
            _margins_mm(20),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(RENDER_DPI)
    writer.setTitle("Parent Portal PIN letter")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(QFont("sans-serif", 11))
    doc.setHtml(_letter_html(facts, pin_display, expires_at, today or date.today()))
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    painter = QPainter(writer)
    doc.drawContents(painter)
    painter.end()
    buffer.close()
    return bytes(data.data())


def _margins_mm(mm: float) -> QMarginsF:
    return QMarginsF(mm, mm, mm, mm)


# --- the print path -----------------------------------------------------------------------


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
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the letter as PDF", "pin-letter.pdf", "PDF (*.pdf)"
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
    "render_stopgap_letter",
    "stopgap_letter_source",
    "system_printer",
]
