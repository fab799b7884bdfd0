"""QR code to the portal address, drawn as vector squares.

The payload is the portal URL and nothing else: a QR code is readable from across a room
and a photo of the letter must not give away the PIN. Vector modules stay sharp on any
printer and cost a few hundred bytes once, inside a reused form.
"""

from __future__ import annotations

import functools

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from ppdesk.domain.errors import ValidationError

QUIET_MODULES = 4


def qr_payload(portal_url: str) -> str:
    """The text encoded in the QR code: the portal URL, checked to be a web address."""
    url = portal_url.strip()
    if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
        raise ValidationError("letters.portal_url_invalid", field="portal_url")
    return url


def qr_matrix(payload: str) -> list[list[bool]]:
    """The module matrix (True = dark), without the quiet zone."""
    return [list(row) for row in _matrix(payload)]


@functools.lru_cache(maxsize=16)
def _matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    # Made once per portal address and process: choosing the mask tries all eight in pure
    # Python (25-30 ms), and every letter of a school carries the same code.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def draw_qr(
    canv: Canvas, matrix: list[list[bool]], x: float, y: float, size: float, color: Color
) -> None:
    """Draw the code with its lower-left corner at (x, y), ``size`` points square.

    The caller keeps ``QUIET_MODULES`` modules of white around it.
    """
    count = len(matrix)
    module = size / count
    path = canv.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        col = 0
        while col < count:
            if row[col]:
                start = col
                while col < count and row[col]:
                    col += 1
                # One rectangle per horizontal run keeps the path short.
                path.rect(x + start * module, top, (col - start) * module, module)
            else:
                col += 1
    canv.setFillColor(color)
    canv.drawPath(path, stroke=0, fill=1)
