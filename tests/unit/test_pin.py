"""PIN policy: SECURITY.md checks 1-3, the check symbol, parsing, display, expiry."""

from __future__ import annotations

import ast
import itertools
import math
import pickle
import random
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ppdesk.domain import pin as pin_module
from ppdesk.domain.errors import ValidationError
from ppdesk.domain.pin import (
    ALL_DIGIT_DRAWS,
    ALPHABET,
    DEFAULT_EXPIRY_DAYS,
    ENTROPY_BITS,
    PIN_LENGTH,
    PIN_SPACE,
    RANDOM_LENGTH,
    Pin,
    PinChecksumError,
    PinFormatError,
    PinStatus,
    StudentPinGivenError,
    check_symbol,
    effective_status,
    expires_on,
    generate_pin,
    has_valid_check,
    is_expired,
    looks_like_student_pin,
    parse_pin,
    phonetic,
    phonetic_groups,
    phonetic_text,
    validate_expiry_days,
)

# -- helpers -------------------------------------------------------------------------------


def scripted(values: list[int]) -> Callable[[int], int]:
    """A randbelow that replays ``values`` (to force a given PIN or a collision)."""
    it: Iterator[int] = iter(values)

    def randbelow(n: int) -> int:
        assert n == 32
        return next(it)

    return randbelow


def pin_from_payload(payload: str) -> Pin:
    return Pin(payload + check_symbol(payload))


payloads = st.lists(st.sampled_from(ALPHABET), min_size=8, max_size=8).map("".join)


def valid_canonical(payload: str) -> str:
    canonical = payload + check_symbol(payload)
    assume(any(c not in "0123456789" for c in canonical))
    return canonical


# -- alphabet and entropy (check 2) --------------------------------------------------------


def test_alphabet_is_crockford_base32_without_ambiguous_letters() -> None:
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_entropy_at_least_40_bits_minus_the_documented_rejection() -> None:
    assert len(ALPHABET) ** 8 >= 2**40
    assert len(ALPHABET) ** 8 - ALL_DIGIT_DRAWS == PIN_SPACE
    assert pytest.approx(math.log2(PIN_SPACE)) == ENTROPY_BITS
    assert 2**ENTROPY_BITS >= 2**40 - ALL_DIGIT_DRAWS - 1
    assert 0 < 40 - ENTROPY_BITS < 0.0001  # documented: the all-digit rejection


def test_all_digit_draw_count_recomputed_independently() -> None:
    # The check symbol is XOR-linear in the symbol values, so the 10**8 digit-only
    # payloads split into 4-digit halves whose check symbols XOR together.
    def value(c: str) -> int:
        return ALPHABET.index(c)

    heads = Counter(value(check_symbol(f"{i:04d}0000")) for i in range(10_000))
    tails = Counter(value(check_symbol(f"0000{i:04d}")) for i in range(10_000))
    count = sum(
        nh * nt
        for (h, nh), (t, nt) in itertools.product(heads.items(), tails.items())
        if h ^ t < 10
    )
    assert count == ALL_DIGIT_DRAWS == 31_250_000
    # Linearity itself, spot-checked.
    for i in range(0, 10_000, 997):
        a, b = f"{i:04d}", f"{(i * 7) % 10_000:04d}"
        assert value(check_symbol(a + b)) == value(check_symbol(a + "0000")) ^ value(
            check_symbol("0000" + b)
        )


def chi_square(counts: Counter[str]) -> float:
    total = sum(counts.values())
    expected = total / len(ALPHABET)
    return sum((counts.get(s, 0) - expected) ** 2 / expected for s in ALPHABET)


# Wilson-Hilferty: the chi-square (31 degrees of freedom) quantile for p = 1e-6 is ~84.
# Nine positions tested, so a false alarm happens about once in 100,000 runs.
CHI2_31_P1E6 = 84.0


def test_200k_pins_show_no_bias_per_position_and_no_ambiguous_characters() -> None:
    pins = [generate_pin().canonical for _ in range(200_000)]
    assert {len(p) for p in pins} == {PIN_LENGTH}
    joined = "".join(pins)  # every PIN's symbols in turn: position i is every 9th from i
    for position in range(PIN_LENGTH):
        counts = Counter(joined[position::PIN_LENGTH])
        assert set(counts) <= set(ALPHABET)
        assert chi_square(counts) < CHI2_31_P1E6, f"position {position} looks biased"
    assert not set("ILOU").intersection(*map(set, pins[:1000]))
    assert not any(p.isdigit() for p in pins)  # each has a letter (all symbols are ASCII)
    assert len(set(pins)) > 199_990  # birthday bound: ~0.02 expected repeats


def test_chi_square_detects_a_biased_generator() -> None:
    # A test that cannot fail is a defect: a source that favours low values is caught.
    rng = random.Random(7)

    def biased(n: int) -> int:
        return min(rng.randrange(n), rng.randrange(n)) if rng.random() < 0.2 else rng.randrange(n)

    pins = [generate_pin(biased).canonical for _ in range(50_000)]
    assert chi_square(Counter(p[0] for p in pins)) > CHI2_31_P1E6


# -- generator source (check 1) ------------------------------------------------------------


def test_pin_module_does_not_import_random() -> None:
    source = Path(pin_module.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "random" not in imported
    assert "import random" not in source
    assert "secrets" in imported


def test_output_does_not_depend_on_the_random_module(monkeypatch: pytest.MonkeyPatch) -> None:
    random.seed(1234)
    first = [generate_pin() for _ in range(5)]
    random.seed(1234)
    second = [generate_pin() for _ in range(5)]
    assert first != second

    def boom(*_: object, **__: object) -> None:
        raise AssertionError("random module used")

    for name in ("random", "randrange", "randint", "choice", "choices", "getrandbits"):
        monkeypatch.setattr(random, name, boom)
    assert isinstance(generate_pin(), Pin)


def test_default_source_is_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without an injected source the 8 symbols are the 40 bits of one secrets.randbits
    # call, five bits a symbol, most significant first.
    assert generate_pin.__defaults__ == (None,)
    payload = "7KX2M9QA"
    bits = 0
    for c in payload:
        bits = bits << 5 | ALPHABET.index(c)
    asked: list[int] = []

    def randbits(k: int) -> int:
        asked.append(k)
        return bits

    monkeypatch.setattr(secrets, "randbits", randbits)
    assert generate_pin().canonical == payload + check_symbol(payload)
    assert asked == [40]


def test_injected_source_forces_a_collision() -> None:
    values = [ALPHABET.index(c) for c in "7KX2M9QA"]
    a = generate_pin(scripted(values))
    b = generate_pin(scripted(values))
    assert a == b and hash(a) == hash(b)
    assert a.canonical.startswith("7KX2M9QA")


def test_bad_source_values_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_pin(lambda n: n)


# -- never like a student PIN --------------------------------------------------------------


def test_all_digit_draw_is_redrawn() -> None:
    assert check_symbol("00000000") == "0"  # 000000000 would be all digits
    values = [0] * 8 + [ALPHABET.index(c) for c in "ABCDEFGH"]
    calls: list[int] = []
    source = scripted(values)

    def counting(n: int) -> int:
        calls.append(n)
        return source(n)

    result = generate_pin(counting)
    assert len(calls) == 16
    assert result.canonical.startswith("ABCDEFGH")


def test_all_digit_payload_with_letter_check_is_kept() -> None:
    payload = next(f"{i:08d}" for i in range(100) if check_symbol(f"{i:08d}").isalpha())
    result = generate_pin(scripted([int(c) for c in payload]))
    assert result.canonical == payload + check_symbol(payload)


def test_broken_source_that_only_gives_digits_raises() -> None:
    with pytest.raises(RuntimeError):
        generate_pin(lambda n: 0)


def test_looks_like_student_pin() -> None:
    assert looks_like_student_pin("123456")
    assert looks_like_student_pin(" 1234-5678 ")
    assert looks_like_student_pin("１２３４")  # full-width digits
    assert not looks_like_student_pin("")
    assert not looks_like_student_pin("12A4")
    for _ in range(200):
        pin = generate_pin()
        assert not looks_like_student_pin(pin.display)
        assert not looks_like_student_pin(pin.canonical)


def test_digits_only_input_is_called_a_student_pin() -> None:
    for typed in ("123456789", "1234 5678", "000-000-000", "OIL-010-101"):
        with pytest.raises(StudentPinGivenError) as err:
            parse_pin(typed)
        assert "student" in str(err.value).lower()
    assert issubclass(StudentPinGivenError, PinFormatError)


def test_pin_constructor_refuses_all_digits() -> None:
    with pytest.raises(StudentPinGivenError):
        Pin("000000000")


# -- the check symbol ----------------------------------------------------------------------


def sample_pins(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # test data only; the PIN module never uses random
    return [generate_pin(rng.randrange).canonical for _ in range(n)]


def test_every_single_substitution_is_caught() -> None:
    for canonical in sample_pins(300, 1):
        assert has_valid_check(canonical)
        for i, other in itertools.product(range(PIN_LENGTH), ALPHABET):
            if other != canonical[i]:
                assert not has_valid_check(canonical[:i] + other + canonical[i + 1 :])


def test_every_transposition_of_distinct_symbols_is_caught() -> None:
    # Adjacent swaps (the brief) and swaps at any distance (a bonus of the GF(32) check).
    for canonical in sample_pins(300, 2):
        for i, j in itertools.combinations(range(PIN_LENGTH), 2):
            if canonical[i] != canonical[j]:
                s = list(canonical)
                s[i], s[j] = s[j], s[i]
                assert not has_valid_check("".join(s)), (i, j)


def test_the_zero_z_swap_that_luhn_mod_32_misses_is_caught() -> None:
    for payload in ("0Z345678", "AB0ZCDEF", "ABCDEF0Z"):
        canonical = payload + check_symbol(payload)
        i = payload.index("0")
        swapped = canonical[:i] + "Z0" + canonical[i + 2 :]
        assert not has_valid_check(swapped)
    # The last payload symbol swapped with the check symbol.
    payload = next(p for p in (f"ABCDEFG{c}" for c in ALPHABET) if check_symbol(p) != p[-1])
    canonical = payload + check_symbol(payload)
    assert not has_valid_check(canonical[:7] + canonical[8] + canonical[7])


def luhn_mod_32_is_valid(text: str) -> bool:
    """Reference Luhn mod N, to record why it was not used."""
    total, factor = 0, 1
    for ch in reversed(text):
        addend = factor * ALPHABET.index(ch)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return total % 32 == 0


def test_luhn_mod_32_would_have_missed_the_zero_z_swap() -> None:
    # Find a Luhn-valid string containing "0Z"; swapping to "Z0" keeps it Luhn-valid.
    base = "0Z1234567"
    valid = next(base[:8] + c for c in ALPHABET if luhn_mod_32_is_valid(base[:8] + c))
    assert luhn_mod_32_is_valid("Z0" + valid[2:])


@given(payloads, st.integers(0, 8), st.sampled_from(ALPHABET))
def test_substitution_property(payload: str, i: int, other: str) -> None:
    canonical = payload + check_symbol(payload)
    assume(canonical[i] != other)
    assert not has_valid_check(canonical[:i] + other + canonical[i + 1 :])


@given(payloads, st.integers(0, 7))
def test_adjacent_transposition_property(payload: str, i: int) -> None:
    canonical = payload + check_symbol(payload)
    assume(canonical[i] != canonical[i + 1])
    swapped = canonical[:i] + canonical[i + 1] + canonical[i] + canonical[i + 2 :]
    assert not has_valid_check(swapped)


def test_check_symbol_refuses_bad_payloads() -> None:
    for bad in ("", "ABCDEFG", "ABCDEFGHJ", "abcdefgh", "ABCDEFGI"):
        with pytest.raises(ValueError):
            check_symbol(bad)
    assert not has_valid_check("abc")


# -- parsing (check 3) ---------------------------------------------------------------------

_LOOKALIKE_OF = {"0": "0Oo", "1": "1IiLl", "V": "VvUu"}
_SEPARATORS = ["", "", " ", "-", ".", "  ", " - ", "\u2013", "\t"]
separator = st.sampled_from(_SEPARATORS)
# How each symbol may be typed: itself, its lower case or a look-alike.
_TYPED_AS = {c: _LOOKALIKE_OF.get(c, c + c.lower()) for c in ALPHABET}


@st.composite
def typed_forms(draw: st.DrawFn) -> tuple[str, str]:
    """A PIN as someone may type it: a leading space or not, then each symbol as itself,
    its lower case or a look-alike, a quarter of them full-width (as some keyboards type),
    each followed by a separator. Every choice, the payload's symbols included, is read from
    one drawn byte string (a byte per choice, taken modulo the number of options): the same
    forms as about fifty small draws per example, at a fraction of Hypothesis's cost, and
    shrinking the bytes towards zero shrinks towards the plain canonical PIN (no space, the
    symbol itself, no full width, no separator).
    """
    size = RANDOM_LENGTH + 1 + 3 * PIN_LENGTH
    picks = iter(draw(st.binary(min_size=size, max_size=size)))
    # 256 is a multiple of 32: each payload symbol is uniform, as in ``payloads``.
    canonical = valid_canonical("".join(ALPHABET[next(picks) % 32] for _ in range(RANDOM_LENGTH)))
    out = [" " if next(picks) % 2 else ""]
    for c in canonical:
        forms = _TYPED_AS[c]
        ch = forms[next(picks) % len(forms)]
        if next(picks) % 4 == 3:
            ch = chr(ord(ch) + 0xFEE0)  # full-width form
        out.append(ch)
        out.append(_SEPARATORS[next(picks) % len(_SEPARATORS)])
    return canonical, "".join(out)


@given(typed_forms())
@settings(max_examples=500)
def test_typed_forms_normalise_to_the_same_pin(case: tuple[str, str]) -> None:
    canonical, typed = case
    parsed = parse_pin(typed)
    assert parsed.canonical == canonical
    assert parsed == Pin(canonical)
    assert parse_pin(parsed.display) == parsed
    assert parse_pin(parsed.display.lower()) == parsed


def test_round_trip_of_generated_pins() -> None:
    for _ in range(500):
        pin = generate_pin()
        assert parse_pin(pin.display) == pin
        assert parse_pin(pin.canonical.lower()) == pin
        assert parse_pin(" ".join(pin.groups)) == pin
        assert parse_pin(".".join(pin.groups)) == pin


def test_format_errors() -> None:
    pin = generate_pin()
    cases = [
        "",
        "   ",
        pin.canonical[:8],
        pin.canonical + "A",
        pin.canonical[:4] + "#" + pin.canonical[5:],
        pin.canonical[:4] + "\x00" + pin.canonical[5:],
        pin.canonical[:4] + "É" + pin.canonical[5:],
        "A" * 65,
    ]
    for typed in cases:
        with pytest.raises(PinFormatError) as err:
            parse_pin(typed)
        assert err.value.field == "pin"
        assert not isinstance(err.value, PinChecksumError)
    with pytest.raises(PinFormatError):
        parse_pin(None)  # type: ignore[arg-type]


def test_wrong_check_symbol_is_a_checksum_error() -> None:
    pin = generate_pin()
    wrong = next(c for c in "ABC" if c != pin.canonical[-1])
    with pytest.raises(PinChecksumError) as err:
        parse_pin(pin.canonical[:8] + wrong)
    assert "mistyped" in str(err.value)
    assert isinstance(err.value, ValidationError)
    assert not isinstance(err.value, PinFormatError)


def assert_message_hides(message: str, typed: str, canonical: str) -> None:
    assert typed.strip() not in message
    for i in range(len(canonical) - 2):
        assert canonical[i : i + 3] not in message


def test_error_messages_never_contain_the_pin() -> None:
    for canonical in sample_pins(200, 3):
        pin = Pin(canonical)
        mutated = [
            canonical[:8] + next(c for c in ALPHABET if c != canonical[8]),  # checksum
            canonical[:8],  # too short
            canonical + canonical[:3],  # too long
            canonical[:3] + "!" + canonical[4:],  # bad symbol
            pin.display.lower()[:-1] + ("x" if canonical[-1] != "X" else "y"),
        ]
        for typed in mutated:
            with pytest.raises(ValidationError) as err:
                parse_pin(typed)
            assert_message_hides(str(err.value), typed, canonical)
            assert_message_hides(repr(err.value), typed, canonical)


def test_strict_constructor_takes_only_the_canonical_form() -> None:
    pin = generate_pin()
    for bad in (pin.display, pin.canonical.lower(), pin.canonical[:8], 123):
        with pytest.raises(PinFormatError):
            Pin(bad)  # type: ignore[arg-type]


# -- the value object hides its value ------------------------------------------------------


def test_repr_and_str_hide_the_value() -> None:
    pin = generate_pin()
    for shown in (repr(pin), str(pin), f"{pin}", f"{pin!r}", format(pin, ""), repr([pin])):
        assert pin.canonical not in shown
        assert pin.display not in shown
        assert "<hidden>" in shown
    assert repr(pin) == "Pin(<hidden>)"


def test_pin_is_immutable_and_has_no_instance_dict() -> None:
    pin = generate_pin()
    with pytest.raises(AttributeError):
        pin._canonical = "ABCDEFGHJ"  # type: ignore[misc]
    assert not hasattr(pin, "__dict__")
    assert pickle.loads(pickle.dumps(pin)) == pin


def test_accessors() -> None:
    pin = pin_from_payload("7KX2M9QA")
    assert pin.canonical == "7KX2M9QA" + check_symbol("7KX2M9QA")
    assert len(pin.canonical) == 9
    assert pin.groups == (pin.canonical[:3], pin.canonical[3:6], pin.canonical[6:])
    assert pin.display == f"7KX-2M9-QA{pin.canonical[-1]}"
    assert pin != pin_from_payload("7KX2M9QB")
    assert pin != "7KX2M9QA"


def test_phonetic() -> None:
    pin = pin_from_payload("7KX2M9QA")
    words = phonetic(pin)
    assert len(words) == 9
    assert words[:3] == ["7 seven", "K kilo", "X x-ray"]
    groups = phonetic_groups(pin)
    assert groups[0] == "7 seven, K kilo, X x-ray"
    assert len(groups) == 3
    assert phonetic_text(pin) == " / ".join(groups)
    spoken = {phonetic(pin_from_payload(c * 7 + "A"))[0] for c in ALPHABET}
    assert len(spoken) == 32  # every symbol has its own word


# -- expiry and status ---------------------------------------------------------------------


def test_expiry() -> None:
    issued = datetime(2026, 1, 10, 15, 30, tzinfo=UTC)
    assert DEFAULT_EXPIRY_DAYS == 21
    assert expires_on(issued) == issued + timedelta(days=21)
    assert expires_on(issued, 1) == issued + timedelta(days=1)
    end = expires_on(issued, 21)
    assert not is_expired(end, end - timedelta(seconds=1))
    assert is_expired(end, end)
    pacific = timezone(timedelta(hours=-8))
    assert is_expired(end, end.astimezone(pacific))


def test_expiry_needs_aware_times() -> None:
    with pytest.raises(ValueError):
        expires_on(datetime(2026, 1, 10), 21)
    with pytest.raises(ValueError):
        is_expired(datetime(2026, 1, 10, tzinfo=UTC), datetime(2026, 1, 10))


@pytest.mark.parametrize("days", [0, -1, 91, 365, True, 21.0, "21"])
def test_expiry_setting_out_of_range(days: object) -> None:
    with pytest.raises(ValidationError) as err:
        validate_expiry_days(days)  # type: ignore[arg-type]
    assert err.value.field == "pin_expiry_days"


@pytest.mark.parametrize("days", [1, 21, 90])
def test_expiry_setting_in_range(days: int) -> None:
    assert validate_expiry_days(days) == days


def test_status() -> None:
    assert [s.value for s in PinStatus] == ["held", "active", "redeemed", "revoked", "expired"]
    now = datetime(2026, 2, 1, tzinfo=UTC)
    past, future = now - timedelta(days=1), now + timedelta(days=1)
    assert effective_status(PinStatus.ACTIVE, future, now) is PinStatus.ACTIVE
    assert effective_status(PinStatus.ACTIVE, past, now) is PinStatus.EXPIRED
    assert effective_status(PinStatus.REVOKED, past, now) is PinStatus.REVOKED
    assert effective_status(PinStatus.REDEEMED, future, now) is PinStatus.REDEEMED
    assert effective_status(PinStatus.HELD, future, now) is PinStatus.HELD
    assert effective_status(PinStatus.HELD, past, now) is PinStatus.EXPIRED
    assert effective_status("active", past, now) is PinStatus.EXPIRED  # the stored text
    assert effective_status("redeemed", past, now) is PinStatus.REDEEMED
    assert effective_status("active", now, now) is PinStatus.EXPIRED  # from the moment on
    with pytest.raises(ValueError):
        effective_status("lost", future, now)


def test_letter_numbers_are_random_forgiving_to_type_and_not_pins() -> None:
    from ppdesk.domain.letter_number import generate_letter_number, parse_letter_number

    drawn = {generate_letter_number() for _ in range(2000)}
    assert len(drawn) == 2000
    for number in list(drawn)[:50]:
        assert re.fullmatch(r"L-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", number)
        assert parse_letter_number(number.lower().replace("-", " ")) == number
        assert parse_letter_number(f"  {number}\t") == number
        # Typed into a PIN field: refused, never a PIN. A number whose eight symbols are all
        # digits (about 1 in 11,000; e.g. L-9883-6446) is refused as a student PIN instead
        # of as a typo: both are refusals.
        with pytest.raises((PinChecksumError, StudentPinGivenError)) as refused:
            parse_pin(number)
        if refused.type is StudentPinGivenError:
            assert number.replace("L-", "").replace("-", "").isdigit(), number
    assert parse_letter_number("l-abcd-efgh") == "L-ABCD-EFGH"
    assert parse_letter_number("LOIL1-0000") == "L-0111-0000"  # O/0, I/L/1 forgiven
    for text in ("", "Maria Nunez", "L-ABC", "ABCD-EFGH", "L-ABCD-EFGH-J", "123-456-789"):
        assert parse_letter_number(text) is None
