"""The PIN alphabet and its check symbol (the reasons are in ``ppdesk.domain.pin``'s docstring).

Apart from ``pin`` so that ``domain.messages`` can recognise a PIN-shaped parameter without
importing ``domain.errors`` back through ``pin``. Pure arithmetic: no errors, no randomness.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)  # 32
RANDOM_LENGTH = 8
PIN_LENGTH = RANDOM_LENGTH + 1
GROUP_SIZE = 3
DIGITS = frozenset("0123456789")
LETTERS = frozenset(ALPHABET) - DIGITS
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}


def is_symbol(symbol: str) -> bool:
    """True for one upper-case symbol of the PIN alphabet."""
    return symbol in _INDEX


# --- check symbol over GF(32) -------------------------------------------------------------

# GF(32) = GF(2)[x] / (x^5 + x^2 + 1); α = x. Addition is XOR.
_FIELD_POLY = 0b100101


def times_alpha(value: int) -> int:
    value <<= 1
    if value & 0b100000:
        value ^= _FIELD_POLY
    return value


# α·v for every v of GF(32): the fold below is a table lookup and an XOR per symbol.
_TIMES_ALPHA = tuple(times_alpha(v) for v in range(BASE))
_SYMBOLS = frozenset(_INDEX)


def _fold(symbols: str) -> int:
    """Σ v_i·α^(n-i) by Horner's rule; ``symbols`` are all of the alphabet."""
    state = 0
    for c in symbols:
        state = _TIMES_ALPHA[state] ^ _INDEX[c]
    return state


def check_symbol(payload: str) -> str:
    """Return the check symbol for 8 canonical symbols (upper case, alphabet only)."""
    if len(payload) != RANDOM_LENGTH or not _SYMBOLS.issuperset(payload):
        raise ValueError("payload must be 8 symbols of the PIN alphabet")
    # Choose c so that α·state ⊕ c = 0, i.e. c = α·state.
    return ALPHABET[_TIMES_ALPHA[_fold(payload)]]


def has_valid_check(canonical: str) -> bool:
    """True if 9 canonical symbols carry a correct check symbol."""
    if len(canonical) != PIN_LENGTH or not _SYMBOLS.issuperset(canonical):
        return False
    return _fold(canonical) == 0
