"""Page geometry, colours and the small drawing helpers shared by letters and sheets."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, LETTER

from ppdesk.adapters.letters.typeset import Style
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.letters import full_name as full_name  # re-exported for the composers
from ppdesk.domain.letters import printable

# Text as it may be printed: no control characters, NFC, single spaces.
clean = printable

PAGE_SIZES = {"letter": LETTER, "a4": A4}

NAVY = Color(0.106, 0.227, 0.369)
INK = Color(0.09, 0.10, 0.12)
GREY = Color(0.36, 0.39, 0.44)
TINT = Color(0.925, 0.945, 0.973)
LINE = Color(0.78, 0.82, 0.87)
WHITE = Color(1, 1, 1)

# Nothing a parent must read on a letter is set under READABLE points: a style shrunk to fit
# the page stops there (``Style.scaled(scale, READABLE)``), and a letter that still does not
# fit flows onto a second page (``letter.LetterComposer``).
READABLE = 9.0

BODY = Style(10, 14, INK)
SMALL = Style(9, 12, GREY)
LABEL = Style(9, 11, GREY)
HEADING = Style(12.5, 17, NAVY, bold=True)
SUBHEAD = Style(10.5, 14, NAVY, bold=True)
SUBJECT = Style(15, 20, NAVY, bold=True)

MARGIN_X = 54.0  # 0.75 in
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 36.0


def page_size(name: str) -> tuple[float, float]:
    """Width and height in points of 'letter' or 'a4'."""
    try:
        width, height = PAGE_SIZES[name.strip().lower()]
        return float(width), float(height)
    except KeyError:
        raise ValidationError("letters.paper_size_unknown", name=name, field="page_size") from None
