"""Parent Portal PIN policy: alphabet, generation, check symbol, parsing, expiry, status.

A PIN is 8 symbols drawn with ``secrets`` from Crockford's base32 alphabet (no I, L, O, U:
40 bits) plus 1 check symbol, shown as ``XXX-XXX-XXX``. Typed input is forgiving (case,
spaces, dashes, dots, O/0, I/L/1, U/V, full-width characters); the check symbol then tells a
typo from a wrong PIN, so a typo need not count as a failed attempt.

Check symbol: why not Luhn mod N (N=32)? Luhn mod N has one blind spot: it does
not see the adjacent swap of the symbols with values 0 and N-1 ("0Z" <-> "Z0"), the same way
Luhn mod 10 misses 09 <-> 90. We use instead the Damm-style check over the field GF(32)
(quasigroup x∘y = αx ⊕ y, α a primitive element): the check symbol makes the polynomial
Σ v_i·α^(8-i) zero. Because α ≠ 1 and α has order 31, it catches every single-symbol
substitution, every transposition of two different symbols at any distance within the PIN
(adjacent or not) and every adjacent twin error (aa -> bb). It is as cheap as Luhn.

A parent PIN must never look like a student (MyMail) PIN, which is digits only. A PIN whose
9 symbols would all be digits is thrown away and drawn again. Exactly
``ALL_DIGIT_DRAWS`` = 31,250,000 of the 32**8 draws are rejected (10**8 digit-only payloads,
of which the check symbol is a digit for exactly 10 in 32), i.e. 2.84e-5 of them. The PIN
space is 32**8 - ALL_DIGIT_DRAWS and the entropy ``ENTROPY_BITS`` = 39.999959 bits: the
rejection costs 4.1e-5 bit, less than 0.0001 bit. Rejection sampling keeps the accepted
PINs uniform.

Neither ``str()`` nor ``repr()`` of a :class:`Pin` shows its value, and no message here ever
contains the typed text; ``.canonical`` and ``.display`` must be asked for explicitly.
"""

from __future__ import annotations

import enum
import hmac
import math
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.pin_symbols import ALPHABET as ALPHABET
from ppdesk.domain.pin_symbols import BASE as BASE
from ppdesk.domain.pin_symbols import DIGITS as DIGITS
from ppdesk.domain.pin_symbols import GROUP_SIZE as GROUP_SIZE
from ppdesk.domain.pin_symbols import LETTERS as LETTERS
from ppdesk.domain.pin_symbols import PIN_LENGTH as PIN_LENGTH
from ppdesk.domain.pin_symbols import RANDOM_LENGTH as RANDOM_LENGTH
from ppdesk.domain.pin_symbols import check_symbol as check_symbol
from ppdesk.domain.pin_symbols import has_valid_check as has_valid_check
from ppdesk.domain.pin_symbols import is_symbol, times_alpha

# Student (MyMail) PINs in this district are digits only; separators are ignored.
STUDENT_PIN_PATTERN = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.·_/]+")

# Look-alikes accepted when a PIN is typed. U never appears in a PIN (Crockford leaves it
# out); the only symbol it resembles is V, so U is read as V. If the person meant another
# symbol, that is a single substitution, which the check symbol always catches.
_LOOKALIKES = {"O": "0", "I": "1", "L": "1", "U": "V"}

# Typed input longer than this is refused before any work is done on it.
_MAX_TYPED = 64
# Redraws allowed before the random source is declared broken (secrets: never reached;
# the chance of even 3 redraws in a row is below 1e-13).
_MAX_DRAWS = 64


class PinFormatError(ValidationError):
    """The typed text is not shaped like a PIN (length or symbol). Never echoes the text."""


class PinChecksumError(ValidationError):
    """The check symbol does not match: the PIN was almost certainly mistyped."""


class StudentPinGivenError(PinFormatError):
    """Digits only: this is a student (MyMail) PIN, never a Parent Portal PIN."""


class PinStatus(enum.StrEnum):
    """Lifecycle of an issued PIN. A bulk letter's PIN is ``held`` (it does not link) until
    the guardian is verified at the counter and the letter handed over; then ``active``."""

    HELD = "held"
    ACTIVE = "active"
    REDEEMED = "redeemed"
    REVOKED = "revoked"
    EXPIRED = "expired"


#: A PIN not ended yet: a held one may still be handed over, an active one used. Only these
#: run out at their expiry moment (``effective_status``).
OUTSTANDING: frozenset[PinStatus] = frozenset({PinStatus.HELD, PinStatus.ACTIVE})
_BY_VALUE: dict[str, PinStatus] = {s.value: s for s in PinStatus}  # faster than PinStatus(s)


# --- how many draws are all digits ---------------------------------------------------------


def _count_all_digit_pins() -> int:
    """How many of the 32**8 payloads give 9 digit-only symbols (dynamic programming)."""
    states = [0] * BASE
    states[0] = 1
    for _ in range(RANDOM_LENGTH):
        nxt = [0] * BASE
        for state, count in enumerate(states):
            if count:
                for digit in range(10):
                    nxt[times_alpha(state) ^ digit] += count
        states = nxt
    return sum(count for state, count in enumerate(states) if times_alpha(state) < 10)


ALL_DIGIT_DRAWS = _count_all_digit_pins()
PIN_SPACE = BASE**RANDOM_LENGTH - ALL_DIGIT_DRAWS
ENTROPY_BITS = math.log2(PIN_SPACE)


# --- the value object ---------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class Pin:
    """A valid Parent Portal PIN. Build with :func:`generate_pin` or :func:`parse_pin`.

    ``Pin(text)`` accepts only the 9-symbol canonical form (e.g. after decryption);
    ``str()``/``repr()`` print ``Pin(<hidden>)``.
    """

    _canonical: str = field(repr=False)

    def __post_init__(self) -> None:
        value = self._canonical
        if not isinstance(value, str) or not has_valid_check(value):
            raise PinFormatError("pin.not_canonical", field="pin")
        if LETTERS.isdisjoint(value):
            raise StudentPinGivenError("pin.needs_a_letter", field="pin")

    @property
    def canonical(self) -> str:
        """The 9 symbols, upper case, no separators: the form that is hashed and stored."""
        return self._canonical

    @property
    def groups(self) -> tuple[str, str, str]:
        """The three groups of three symbols."""
        c = self._canonical
        return (c[0:3], c[3:6], c[6:9])

    @property
    def display(self) -> str:
        """The printed and spoken form, ``XXX-XXX-XXX``."""
        return "-".join(self.groups)

    def __repr__(self) -> str:
        return "Pin(<hidden>)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pin):
            return NotImplemented
        return hmac.compare_digest(self._canonical, other._canonical)

    def __hash__(self) -> int:
        return hash(("Pin", self._canonical))


def looks_like_student_pin(text: str) -> bool:
    """True if ``text`` (ignoring spaces, dashes and dots) is digits only, like a student PIN."""
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    return STUDENT_PIN_PATTERN.fullmatch(compact) is not None


_SYMBOL_BITS = 5  # BASE == 2**5: one symbol is exactly five random bits
_SHIFTS = tuple(_SYMBOL_BITS * i for i in reversed(range(RANDOM_LENGTH)))


def _secret_values() -> list[int]:
    """8 symbol values from one ``secrets.randbits(40)``: the 40 bits are uniform, so each
    group of five is uniform on 0..31 and independent of the others (the same distribution
    as 8 ``secrets.randbelow(32)``, with one call to the operating system's source instead
    of about 16)."""
    bits = secrets.randbits(_SYMBOL_BITS * RANDOM_LENGTH)
    return [(bits >> shift) & (BASE - 1) for shift in _SHIFTS]


def generate_pin(randbelow: Callable[[int], int] | None = None) -> Pin:
    """Draw a new PIN: 8 symbols from ``secrets`` plus its check.

    ``randbelow`` (called with 32 for each symbol) is injectable only so tests can force
    collisions or a biased source. Draws whose 9 symbols would all be digits are rejected
    and drawn again.
    """
    for _ in range(_MAX_DRAWS):
        if randbelow is None:
            values = _secret_values()
        else:
            values = [randbelow(BASE) for _ in range(RANDOM_LENGTH)]
            if any(not isinstance(v, int) or not 0 <= v < BASE for v in values):
                raise ValueError("random source returned a value outside 0..31")
        payload = "".join([ALPHABET[v] for v in values])
        canonical = payload + check_symbol(payload)
        if not LETTERS.isdisjoint(canonical):
            return Pin(canonical)
    raise RuntimeError("PIN random source keeps giving digit-only draws; it is broken")


def parse_pin(text: str) -> Pin:
    """Read a typed PIN: case, spaces, dashes, dots and look-alikes (O→0, I/L→1, U→V) are
    forgiven. Raises :class:`StudentPinGivenError` for digits only, :class:`PinFormatError`
    for a wrong length or a symbol not used in PINs, :class:`PinChecksumError` for a wrong
    check symbol. No message contains the typed text.
    """
    if not isinstance(text, str):
        raise PinFormatError("pin.typed_not_text", field="pin")
    if len(text) > _MAX_TYPED:
        raise PinFormatError("pin.typed_far_too_long", length=PIN_LENGTH, field="pin")
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if not compact:
        raise PinFormatError("pin.typed_empty", field="pin")
    symbols = "".join(_LOOKALIKES.get(c, c) for c in compact)
    for position, symbol in enumerate(symbols, start=1):
        if not is_symbol(symbol):
            raise PinFormatError("pin.typed_bad_character", position=position, field="pin")
    if all(c in DIGITS for c in symbols):
        raise StudentPinGivenError("pin.typed_student_pin", field="pin")
    if len(symbols) != PIN_LENGTH:
        raise PinFormatError(
            "pin.typed_length", length=PIN_LENGTH, entered=len(symbols), field="pin"
        )
    if not has_valid_check(symbols):
        raise PinChecksumError("pin.typed_mistyped", field="pin")
    return Pin(symbols)


# --- reading a PIN aloud ------------------------------------------------------------------

_SPOKEN = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four",
    "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
    "A": "alpha", "B": "bravo", "C": "charlie", "D": "delta", "E": "echo",
    "F": "foxtrot", "G": "golf", "H": "hotel", "J": "juliet", "K": "kilo",
    "M": "mike", "N": "november", "P": "papa", "Q": "quebec", "R": "romeo",
    "S": "sierra", "T": "tango", "V": "victor", "W": "whiskey", "X": "x-ray",
    "Y": "yankee", "Z": "zulu",
}  # fmt: skip


def phonetic(pin: Pin) -> list[str]:
    """One entry per symbol for reading over the phone, e.g. ``["7 seven", "K kilo", ...]``."""
    return [f"{c} {_SPOKEN[c]}" for c in pin.canonical]


def phonetic_groups(pin: Pin) -> list[str]:
    """The three groups spelled out, e.g. ``["7 seven, K kilo, 2 two", ...]``."""
    words = phonetic(pin)
    return [", ".join(words[i : i + GROUP_SIZE]) for i in range(0, PIN_LENGTH, GROUP_SIZE)]


def phonetic_text(pin: Pin) -> str:
    """The whole PIN spelled out in one line, groups separated by `` / ``."""
    return " / ".join(phonetic_groups(pin))


# --- redemption lockout -------------------------------------------------------------------

# Failed redemptions (not typos: a wrong check symbol is not counted) against one student ID
# within the window lock redemption for it until staff clear the lock.
MAX_FAILED_REDEMPTIONS = 10
REDEMPTION_WINDOW = timedelta(hours=24)


# --- expiry -------------------------------------------------------------------------------

DEFAULT_EXPIRY_DAYS = 21  # NIST SP 800-63B: codes sent by post are valid at most 21 days
NIST_MAILED_CODE_MAX_DAYS = 21
MIN_EXPIRY_DAYS = 1
MAX_EXPIRY_DAYS = 90  # a school may choose longer than NIST's 21; the GUI should warn


def validate_expiry_days(days: int) -> int:
    """Return ``days`` if it is a whole number of days in 1..90, else raise ValidationError."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValidationError("pin.expiry_not_whole", field="pin_expiry_days")
    if not MIN_EXPIRY_DAYS <= days <= MAX_EXPIRY_DAYS:
        raise ValidationError(
            "pin.expiry_range",
            minimum=MIN_EXPIRY_DAYS,
            maximum=MAX_EXPIRY_DAYS,
            default=DEFAULT_EXPIRY_DAYS,
            field="pin_expiry_days",
        )
    return days


def _require_aware(value: datetime, name: str) -> None:
    # Naive and aware datetimes cannot be compared; the database gives UTC-aware times.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")


def expires_on(issued_at: datetime, days: int = DEFAULT_EXPIRY_DAYS) -> datetime:
    """The moment a PIN issued at ``issued_at`` (aware) stops being valid."""
    _require_aware(issued_at, "issued_at")
    return issued_at + timedelta(days=validate_expiry_days(days))


def is_expired(expires_at: datetime, now: datetime) -> bool:
    """True from the expiry moment on (both times timezone-aware)."""
    _require_aware(expires_at, "expires_at")
    _require_aware(now, "now")
    return now >= expires_at


def effective_status(status: PinStatus | str, expires_at: datetime, now: datetime) -> PinStatus:
    """The status as it stands at ``now``: an outstanding (``active`` or ``held``) PIN past its
    expiry is ``expired``, whatever the stored row still says. ``status`` may be the stored
    text; anything but a ``PinStatus`` value raises ``ValueError``."""
    state = _BY_VALUE.get(status)
    if state is None:
        raise ValueError(f"not a PIN status: {status!r}")
    if state in OUTSTANDING and is_expired(expires_at, now):
        return PinStatus.EXPIRED
    return state
