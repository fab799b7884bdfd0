"""Matching a spoken address against the record (security question 4, section IV).

The SIS keeps an address the way it is printed on an envelope: the street line (with the
unit) and, on the next line, ``City, ST ZIP``; some exports put everything on one line
with commas. A guardian answers with the street line, often abbreviated ("12 Elm St Apt
4"), sometimes with the city, state or ZIP after it. The street line must match (house
number, directionals, street name, suffix and unit, with the usual USPS abbreviations
read either way); the city, state and ZIP are optional extras that must agree with the
record when given. An extra the record does not hold (a city on a record that has none)
cannot agree, so it does not match: the rule never guesses.

A record without a state is taken to be in California (the district's state).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ppdesk.domain.text import digits_only, fold

_MAX_ANSWER = 300
DEFAULT_STATE = "ca"

# USPS Publication 28 suffixes, directionals and unit designators (the common ones), plus
# what people say. Every spelling maps to one canonical token on both sides.
_ADDRESS_WORDS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "avn": "ave", "aven": "ave",
    "boulevard": "blvd", "blv": "blvd", "boul": "blvd", "road": "rd", "drive": "dr",
    "drv": "dr", "lane": "ln", "court": "ct", "place": "pl", "terrace": "ter",
    "circle": "cir", "highway": "hwy", "parkway": "pkwy", "pky": "pkwy", "square": "sq",
    "trail": "trl", "freeway": "fwy", "plaza": "plz", "alley": "aly", "heights": "hts",
    "center": "ctr", "point": "pt", "mount": "mt", "fort": "ft", "saint": "st",
    "expressway": "expy", "crescent": "cres", "canyon": "cyn", "walk": "walk",
    "way": "way", "row": "row", "path": "path", "loop": "loop", "mall": "mall",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw",
    "apartment": "apt", "unit": "apt", "suite": "apt", "ste": "apt", "space": "apt",
    "spc": "apt", "lot": "apt", "trailer": "apt", "trlr": "apt", "room": "apt", "rm": "apt",
    "departamento": "apt", "depto": "apt", "dept": "apt", "no": "apt", "number": "apt",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}  # fmt: skip
_UNIT = "apt"

_STATE_NAMES = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas",
    "ca": "california", "co": "colorado", "ct": "connecticut",
    "de": "delaware", "dc": "district of columbia", "fl": "florida", "ga": "georgia",
    "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana", "ia": "iowa",
    "ks": "kansas", "ky": "kentucky", "la": "louisiana", "me": "maine", "md": "maryland",
    "ma": "massachusetts", "mi": "michigan", "mn": "minnesota", "ms": "mississippi",
    "mo": "missouri", "mt": "montana", "ne": "nebraska", "nv": "nevada",
    "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico", "ny": "new york",
    "nc": "north carolina", "nd": "north dakota", "oh": "ohio", "ok": "oklahoma",
    "or": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina",
    "sd": "south dakota", "tn": "tennessee", "tx": "texas", "ut": "utah", "vt": "vermont",
    "va": "virginia", "wa": "washington", "wv": "west virginia", "wi": "wisconsin",
    "wy": "wyoming", "pr": "puerto rico",
}  # fmt: skip
_STATE_ALIASES = {"ca": ("calif", "cal")}
# Spoken city names ("LA"); only used when the record's city is the long form.
_CITY_ALIASES: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    ("los", "angeles"): (("la",), ("l", "a"))
}

_PO_BOX = re.compile(r"\b(?:p\s*\.?\s*o\s*\.?|post\s+office)\s*box\b")
_ADDRESS_PUNCT = re.compile(r"[.,;:'\"’()\-\u2010-\u2015]")


def _prepare(text: str) -> str:
    if not isinstance(text, str) or len(text) > _MAX_ANSWER:
        return ""
    return fold(unicodedata.normalize("NFKC", text))


def address_tokens(text: str) -> list[str]:
    """Folded words of an address, abbreviations and punctuation normalised."""
    s = _prepare(text).replace("#", " apt ")
    s = _PO_BOX.sub(" po box ", s)
    s = _ADDRESS_PUNCT.sub(" ", s)
    s = re.sub(r"\b(apt|unit|ste|suite|spc|no)(\d)", r"\1 \2", s)
    tokens: list[str] = []
    for token in s.split():
        word = _ADDRESS_WORDS.get(token, token)
        if word == _UNIT and tokens and tokens[-1] == _UNIT:
            continue  # "Apt #5", "Unit No. 5"
        tokens.append(word)
    return tokens


def _state_spellings() -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for code, name in _STATE_NAMES.items():
        spellings = [(code,), tuple(name.split())]
        spellings += [(alias,) for alias in _STATE_ALIASES.get(code, ())]
        out[code] = tuple(sorted(spellings, key=len, reverse=True))
    return out


_STATES = _state_spellings()


def _unit_canonical(tokens: list[str]) -> list[str]:
    """The street with its unit last and the unit's id in one token ("4 b" -> "4b")."""
    if _UNIT not in tokens:
        return tokens
    i = tokens.index(_UNIT)
    if i + 1 >= len(tokens):
        return tokens
    unit_id = tokens[i + 1]
    end = i + 2
    # "Apt 4-B" / "Apt 4 B": a single letter (or digit) after the number belongs to it.
    # A unit said first ("Apt B, 1 Elm St") is followed by the house number: no merge.
    if (
        i > 0
        and end < len(tokens)
        and len(tokens[end]) == 1
        and unit_id[-1].isdigit() != tokens[end].isdigit()
    ):
        unit_id += tokens[end]
        end += 1
    return tokens[:i] + tokens[end:] + [_UNIT, unit_id]


@dataclass(frozen=True)
class RecordAddress:
    """A record's address cut into its parts (canonical tokens)."""

    street: tuple[str, ...]
    city: tuple[str, ...]
    state: str | None
    zip_code: str | None


def _strip_zip(tokens: list[str]) -> tuple[list[str], str | None]:
    if len(tokens) >= 2 and re.fullmatch(r"\d{4}", tokens[-1]) and len(tokens[-2]) == 5:
        tokens = tokens[:-1]  # ZIP+4: keep the five-digit ZIP
    if tokens and re.fullmatch(r"\d{5}", tokens[-1]) and tokens[-2:-1] not in (["box"], [_UNIT]):
        return tokens[:-1], tokens[-1]
    return tokens, None


def _strip_state(tokens: list[str]) -> tuple[list[str], str | None]:
    for code, spellings in _STATES.items():
        for spelling in spellings:
            n = len(spelling)
            if len(tokens) > n - 1 and tuple(tokens[len(tokens) - n :]) == spelling:
                return tokens[: len(tokens) - n], code
    return tokens, None


def _joined(parts: list[list[str]]) -> list[str]:
    return [token for part in parts for token in part]


def _looks_like_street(tokens: list[str]) -> bool:
    return bool(tokens) and (tokens[0][0].isdigit() or tokens[0] in (_UNIT, "po"))


def parse_record_address(
    text: str | None, zip_code: str | None = None, city: str | None = None
) -> RecordAddress:
    """Cut a stored address (one line with commas, or several lines) into its parts.

    ``zip_code`` and ``city``, when the record keeps them in their own fields, win over
    what the text holds.
    """
    raw = text if isinstance(text, str) and len(text) <= _MAX_ANSWER else ""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    parts = lines if len(lines) > 1 else [p for p in re.split(r"[,;]", raw) if p.strip()]
    tokens_of = [address_tokens(p) for p in parts]
    tokens_of = [t for t in tokens_of if t]
    street: list[str] = []
    city_tokens: list[str] = []
    state = zip_found = None
    if tokens_of:
        last, zip_found = _strip_zip(tokens_of[-1])
        if len(tokens_of) > 1 or zip_found:
            # Never on a bare street line: "12 Elm Ct" and "5 Oak St NE" end in state codes.
            last, state = _strip_state(last)
        if len(tokens_of) == 1:
            street = last  # one unpunctuated line: the city cannot be told from the street
        elif zip_found or state:
            if last:
                city_tokens, street = last, _joined(tokens_of[:-1])
            elif len(tokens_of) >= 3 and not _looks_like_street(tokens_of[-2]):
                city_tokens, street = tokens_of[-2], _joined(tokens_of[:-2])
            else:
                street = _joined(tokens_of[:-1])
        elif _looks_like_street(last):
            street = _joined(tokens_of)
        else:
            city_tokens, street = last, _joined(tokens_of[:-1])
    if city:
        city_tokens = address_tokens(city)
    zip_digits = digits_only(zip_code or "")[:5] or zip_found
    return RecordAddress(
        tuple(_unit_canonical(street)),
        tuple(city_tokens),
        state or DEFAULT_STATE,
        zip_digits if zip_digits and len(zip_digits) == 5 else None,
    )


def _extras_agree(extra: list[str], record: RecordAddress) -> bool:
    """True if ``extra`` is [city] [state] [ZIP[+4]], each agreeing with the record."""
    i = 0
    if record.city:
        forms = [record.city, *_CITY_ALIASES.get(record.city, ())]
        for form in sorted(forms, key=len, reverse=True):
            if tuple(extra[i : i + len(form)]) == form:
                i += len(form)
                break
    if record.state:
        for spelling in _STATES.get(record.state, ((record.state,),)):
            if tuple(extra[i : i + len(spelling)]) == spelling:
                i += len(spelling)
                break
    if i < len(extra) and re.fullmatch(r"\d{5}", extra[i]):
        if record.zip_code is not None and extra[i] != record.zip_code:
            return False
        i += 1
        if i < len(extra) and re.fullmatch(r"\d{4}", extra[i]):
            i += 1
    return i == len(extra)


def address_matches(
    given: str,
    expected_line: str | None,
    expected_zip: str | None = None,
    expected_city: str | None = None,
) -> bool:
    """True if the street line given equals the record's, and any city, state or ZIP
    given after it agrees with the record."""
    record = parse_record_address(expected_line, expected_zip, expected_city)
    if not record.street:
        return False
    tokens = address_tokens(given)
    for k in range(len(tokens), 0, -1):
        street, extra = tokens[:k], tokens[k:]
        if tuple(_unit_canonical(street)) == record.street and _extras_agree(extra, record):
            return True
    return False
