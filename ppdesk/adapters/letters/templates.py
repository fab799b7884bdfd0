"""Letter templates: one TOML file per language in ``resources/letters/``.

A school edits the words without touching code. Every value may use named placeholders
(``{guardian_name}``) and ``**bold**``; ``{{`` and ``}}`` print braces. The loader checks the
file before any letter is printed: a syntax error, an unknown section or key, an unknown
placeholder, or a required placeholder that is missing is a ``TemplateError`` naming the
file and the line. See docs/letters.md for the format.

Every language has two letters: the counter letter (``[letter]``, after a verification at
the desk; it may say so) and the bulk letter, whose PIN is held until the letter is handed
over at the office after a photo ID check. ``[bulk]`` replaces the counter
letter's ``intro`` and adds the activation sentence and the staff corner's label; a template
without it, or whose bulk intro opens like the counter letter's, is refused.
"""

from __future__ import annotations

import re
import threading
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.messages import Param, message

# Placeholders a letter may use; run-wide ones are the same on every page.
RUN_PLACEHOLDERS = frozenset(
    {"school_name", "school_phone", "principal_name", "portal_url", "district_help_phone"}
)
LETTER_PLACEHOLDERS = frozenset(
    {
        "guardian_name",
        "student_name",
        "student_first",
        "student_last",
        "student_id",
        "pin_expires",
        "letter_date",
        "grade",
        "homeroom",
    }
)
SHEET_PLACEHOLDERS = frozenset({"homeroom", "school_name", "count", "page", "pages"})
DATE_PLACEHOLDERS = frozenset({"year", "month", "day", "month_name"})

# section -> key -> placeholders the value must contain. Keys marked optional may be absent.
_LETTER_KEYS: dict[str, frozenset[str]] = {
    "subject": frozenset(),
    "greeting": frozenset({"guardian_name"}),
    "intro": frozenset({"student_name"}),
    "student_label": frozenset(),
    "student_id_label": frozenset(),
    "pin_label": frozenset(),
    "pin_expires": frozenset({"pin_expires"}),
    "steps_heading": frozenset(),
    "step1_title": frozenset(),
    "step1_body": frozenset({"portal_url"}),
    "email_tip": frozenset(),
    "step2_title": frozenset(),
    "step2_body": frozenset(),
    "qr_caption": frozenset(),
    "help_heading": frozenset(),
    "help_body": frozenset({"school_phone", "district_help_phone"}),
    "personal_heading": frozenset(),
    "personal_note": frozenset(),
    "closing": frozenset(),
    "principal_title": frozenset(),
    "phone_label": frozenset(),
}
_OPTIONAL_LETTER_KEYS = frozenset({"email_tip"})
# The bulk letter (held PIN): its intro, the activation sentence, the staff corner's label.
_BULK_KEYS: dict[str, frozenset[str]] = {
    "intro": frozenset({"student_name"}),
    "activation": frozenset(),
    "staff_corner": frozenset(),
}
_SHEET_KEYS: dict[str, frozenset[str]] = {
    "title": frozenset({"homeroom"}),
    "instructions": frozenset(),
    "col_number": frozenset(),
    "col_student": frozenset(),
    "col_student_id": frozenset(),
    "col_guardian": frozenset(),
    "col_letter": frozenset(),
    "col_photo_id": frozenset(),
    "col_signature": frozenset(),
    "col_staff": frozenset(),
    "footer": frozenset({"page", "pages"}),
}
_META_KEYS = {"language", "name", "english_name", "date_format", "months", "direction"}
_REQUIRED_META = _META_KEYS - {"direction"}

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SECTION = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$")
_TOML_LINE = re.compile(r"at line (\d+)")


class TemplateError(ValidationError):
    """A letter template that cannot be used; names the file and the line.

    Each check has its own code (``template.*`` in :mod:`ppdesk.domain.messages`); the
    sentence's ``{where}`` is the file name, with the line when it is known, so the desk
    says it in the interface language.
    """

    def __init__(self, code: str, /, path: Path, line: int | None, **params: Param) -> None:
        where = message("template.where_line", file=path.name, line=line) if line else path.name
        super().__init__(code, field="template", audit_entry=None, where=where, **params)
        self.path = path
        self.line = line


@dataclass(frozen=True)
class LetterTemplate:
    """The words of one language's letter, checked and NFC-normalised."""

    path: Path
    language: str
    name: str
    english_name: str
    direction: str
    date_format: str
    months: tuple[str, ...]
    letter: Mapping[str, str]
    sheet: Mapping[str, str] | None
    bulk: Mapping[str, str]

    @property
    def rtl(self) -> bool:
        """True for a right-to-left letter (Farsi, Arabic): the page is laid out mirrored."""
        return self.direction == "rtl"

    def fill(self, key: str, values: Mapping[str, str], *, section: str = "letter") -> str:
        """The value of ``key`` with its placeholders replaced (markup kept)."""
        source = {"letter": self.letter, "bulk": self.bulk}.get(section, self.sheet or {})
        return substitute(source[key], values)

    def format_date(self, value: date) -> str:
        """A date in this language's words, e.g. 'March 3, 2025' or '2025년 3월 3일'."""
        return substitute(
            self.date_format,
            {
                "year": str(value.year),
                "month": str(value.month),
                "day": str(value.day),
                "month_name": self.months[value.month - 1],
            },
        )


def placeholders(text: str) -> list[str]:
    """Names used in ``text``; a lone brace or an empty name is returned as given."""
    found = []
    for match in _FIELD.finditer(text):
        whole = match.group(0)
        if whole in ("{{", "}}"):
            continue
        found.append(match.group(1) if match.group(1) is not None else whole)
    return found


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` by ``values[name]``; never evaluates attributes or formats."""

    def repl(match: re.Match[str]) -> str:
        found = match.group(0)
        if found in ("{{", "}}"):
            return found[0]
        return values.get(match.group(1) or "", "")

    return _FIELD.sub(repl, text)


class _Locator:
    """Finds the line of a section, a key, or a placeholder inside a key's value."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def section(self, name: str) -> int | None:
        for number, line in enumerate(self.lines, 1):
            match = _SECTION.match(line)
            if match and match.group(1) == name:
                return number
        return None

    def key(self, section: str, key: str) -> int | None:
        current = ""
        pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|{re.escape(key)})\s*=")
        for number, line in enumerate(self.lines, 1):
            match = _SECTION.match(line)
            if match:
                current = match.group(1)
            elif current == section and pattern.match(line):
                return number
        return None

    def token(self, start: int | None, token: str) -> int | None:
        if start is None:
            return None
        for number in range(start, len(self.lines) + 1):
            if token in self.lines[number - 1]:
                return number
        return start


def _check_value(
    path: Path,
    where: _Locator,
    section: str,
    key: str,
    value: object,
    allowed: frozenset[str],
    required: frozenset[str],
) -> str:
    line = where.key(section, key)
    if not isinstance(value, str):
        raise TemplateError("template.not_text", path, line, item=f"{section}.{key}")
    text = unicodedata.normalize("NFC", value)
    used = placeholders(text)
    for name in used:
        if name in ("{", "}"):
            raise TemplateError(
                "template.lone_brace",
                path,
                where.token(line, name),
                item=f"{section}.{key}",
                brace=name,
            )
        if name not in allowed:
            known = ", ".join("{" + n + "}" for n in sorted(allowed))
            raise TemplateError(
                "template.unknown_placeholder",
                path,
                where.token(line, "{" + name + "}"),
                item=f"{section}.{key}",
                name=name,
                known=known,
            )
    for name in sorted(required - set(used)):
        raise TemplateError(
            "template.missing_placeholder", path, line, item=f"{section}.{key}", name=name
        )
    if text.count("**") % 2:
        raise TemplateError("template.unclosed_bold", path, line, item=f"{section}.{key}")
    return text


def _check_section(
    path: Path,
    where: _Locator,
    data: dict[str, object],
    section: str,
    schema: dict[str, frozenset[str]],
    allowed: frozenset[str],
    optional: frozenset[str] = frozenset(),
) -> dict[str, str]:
    raw = data.get(section)
    if not isinstance(raw, dict):
        raise TemplateError(
            "template.missing_section", path, where.section(section), section=section
        )
    for key in raw:
        if key not in schema:
            raise TemplateError(
                "template.unknown_entry", path, where.key(section, key), name=key, section=section
            )
    checked = {}
    for key, required in schema.items():
        if key not in raw:
            if key in optional:
                continue
            raise TemplateError(
                "template.missing_entry", path, where.section(section), name=key, section=section
            )
        checked[key] = _check_value(path, where, section, key, raw[key], allowed, required)
    return checked


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TemplateError(
            "template.unreadable", path, None, reason=exc.__class__.__name__
        ) from exc


def load_template(path: Path, *, require_sheet: bool = False) -> LetterTemplate:
    """Read and check one template file. Raises ``TemplateError`` on any problem."""
    return _parse(path, _read(path), require_sheet=require_sheet)


def _parse(path: Path, raw: bytes, *, require_sheet: bool) -> LetterTemplate:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            "template.unreadable", path, None, reason=exc.__class__.__name__
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        raise TemplateError(
            "template.not_toml", path, int(found.group(1)) if found else None, detail=str(exc)
        ) from exc
    where = _Locator(text)
    for section in data:
        if section not in ("meta", "letter", "bulk", "sign_out"):
            raise TemplateError(
                "template.unknown_section", path, where.section(section), section=section
            )

    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise TemplateError("template.missing_section", path, where.section("meta"), section="meta")
    for key in meta:
        if key not in _META_KEYS:
            raise TemplateError(
                "template.unknown_entry", path, where.key("meta", key), name=key, section="meta"
            )
    for key in sorted(_REQUIRED_META - set(meta)):
        raise TemplateError(
            "template.missing_entry", path, where.section("meta"), name=key, section="meta"
        )
    months = meta["months"]
    if not (
        isinstance(months, list) and len(months) == 12 and all(isinstance(m, str) for m in months)
    ):
        raise TemplateError("template.months", path, where.key("meta", "months"))
    language = meta["language"]
    if not isinstance(language, str) or language != path.stem:
        raise TemplateError(
            "template.language_not_file_name",
            path,
            where.key("meta", "language"),
            expected=path.stem,
        )
    direction = meta.get("direction", "ltr")
    if direction not in ("ltr", "rtl"):
        raise TemplateError("template.direction", path, where.key("meta", "direction"))
    date_format = _check_value(
        path, where, "meta", "date_format", meta["date_format"], DATE_PLACEHOLDERS, frozenset()
    )
    for key in ("name", "english_name"):
        _check_value(path, where, "meta", key, meta[key], frozenset(), frozenset())

    letter = _check_section(
        path,
        where,
        data,
        "letter",
        _LETTER_KEYS,
        RUN_PLACEHOLDERS | LETTER_PLACEHOLDERS,
        _OPTIONAL_LETTER_KEYS,
    )
    if "bulk" not in data:
        raise TemplateError("template.missing_bulk", path, None)
    bulk = _check_section(
        path, where, data, "bulk", _BULK_KEYS, RUN_PLACEHOLDERS | LETTER_PLACEHOLDERS
    )
    if not _words(bulk["activation"]):
        raise TemplateError("template.bulk_activation_empty", path, where.key("bulk", "activation"))
    if _first_sentence(bulk["intro"]) == _first_sentence(letter["intro"]):
        raise TemplateError("template.bulk_intro_like_counter", path, where.key("bulk", "intro"))
    sheet = None
    if "sign_out" in data or require_sheet:
        sheet = _check_section(path, where, data, "sign_out", _SHEET_KEYS, SHEET_PLACEHOLDERS)
    return LetterTemplate(
        path=path,
        language=language,
        name=unicodedata.normalize("NFC", str(meta["name"])),
        english_name=str(meta["english_name"]),
        direction=direction,
        date_format=date_format,
        months=tuple(unicodedata.normalize("NFC", m) for m in months),
        letter=letter,
        sheet=sheet,
        bulk=bulk,
    )


def _words(text: str) -> str:
    return " ".join(re.sub(r"\*\*", "", text).split())


def _first_sentence(text: str) -> str:
    words = _words(text)
    return re.split(r"(?<=[.!?。！？։])\s*", words, maxsplit=1)[0].casefold()


def template_dir(override: Path | None = None) -> Path:
    """Where the templates are: ``override`` or ``resources/letters``."""
    from ppdesk.adapters.letters.fonts import resources_dir

    return override or resources_dir() / "letters"


def available_languages(folder: Path | None = None) -> list[str]:
    """Language codes that have a template file, sorted."""
    return sorted(p.stem for p in template_dir(folder).glob("*.toml"))


# Checked templates by the exact bytes of the folder's files: a letter reads the files
# again (a school may edit them while the desk runs) but parses and checks them only when
# they changed. The parsing took 30-40 ms of every letter, more than drawing it.
_parsed: dict[tuple[tuple[str, bytes], ...], dict[str, LetterTemplate]] = {}
_parsed_lock = threading.Lock()
_PARSED_KEPT = 8


def load_templates(folder: Path | None = None) -> dict[str, LetterTemplate]:
    """Load and check every template in the folder; English must be among them."""
    base = template_dir(folder)
    files = [(p, _read(p)) for p in sorted(base.glob("*.toml"))]
    key = tuple((str(p), raw) for p, raw in files)
    with _parsed_lock:
        known = _parsed.get(key)
    if known is not None:
        return dict(known)
    loaded = {p.stem: _parse(p, raw, require_sheet=p.stem == "en") for p, raw in files}
    if "en" not in loaded:
        raise TemplateError("template.english_required", base / "en.toml", None)
    with _parsed_lock:
        if len(_parsed) >= _PARSED_KEPT:
            _parsed.clear()
        _parsed[key] = loaded
    return dict(loaded)
