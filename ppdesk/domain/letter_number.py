"""Letter numbers: the short, printed name of one bulk PIN letter, for the hand-over.

A bulk letter's PIN is *held* (it does not link) until staff verify the guardian at the
counter. The letter carries a letter number, ``L-XXXX-XXXX``, as text and as a Code 128
barcode in the staff corner; typing or scanning it at the desk finds the letter.

The number is drawn with ``secrets`` from the PIN alphabet (8 symbols, 40 bits), independently
of the PIN: nothing about the PIN can be learnt from it, and no letter number can be guessed
from another one. It is not a secret either: it only names the letter for staff.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable

from ppdesk.domain.messages import CATALOGUE
from ppdesk.domain.pin import ALPHABET, BASE, has_valid_check

PREFIX = "L"
LETTER_NUMBER_SYMBOLS = 8
LETTER_NUMBER_LENGTH = len(PREFIX) + 1 + LETTER_NUMBER_SYMBOLS + 1  # "L-XXXX-XXXX"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_TYPED = re.compile(r"^\s*L[\s\-_.]*([0-9A-Z\s\-_.]{8,16})\s*$")

HELD_PIN_MESSAGE = CATALOGUE["redemption.not_activated"]


def generate_letter_number(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A new letter number, ``L-XXXX-XXXX`` (``randbelow`` injectable for tests only).

    Typed into a PIN field, "L" reads as "1" and the number has 9 symbols like a PIN; a draw
    whose check symbol would then fit (1 in 32) is drawn again, so a letter number typed by
    mistake is always a typo, never a failed attempt against the student.
    """
    while True:
        symbols = "".join(ALPHABET[randbelow(BASE)] for _ in range(LETTER_NUMBER_SYMBOLS))
        if not has_valid_check("1" + symbols):
            return f"{PREFIX}-{symbols[:4]}-{symbols[4:]}"


def parse_letter_number(text: str) -> str | None:
    """The canonical letter number in typed or scanned text, or ``None`` if it is not one.

    Forgiving like PIN input: case, spaces, dashes, O/0, I/L/1 and U/V. A barcode scanner
    types the number and Enter; the Enter never reaches here.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    folded = unicodedata.normalize("NFKC", text).upper()
    match = _TYPED.match(folded)
    if match is None:
        return None
    body = re.sub(r"[\s\-_.]", "", match.group(1)).translate(_LOOKALIKES)
    if len(body) != LETTER_NUMBER_SYMBOLS or any(c not in ALPHABET for c in body):
        return None
    return f"{PREFIX}-{body[:4]}-{body[4:]}"
