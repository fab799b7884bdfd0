"""The catalogue of refusal messages: one English sentence per stable error code.

A domain error carries a code (``"pin.not_active"``) and named parameters; the sentence is
rendered from the template here with ``str.format``-style fields (``{username}``). The GUI
translates the same template through Qt (context ``messages``: ``pyside6-lupdate`` reads
this file, see ``ppdesk.gui.office.i18n``) and fills in the same parameters, so the Spanish
desk says the refusal in Spanish; the CLI prints the English.

Codes are stable: scripts, tests and translations refer to them. To add one: add the
entry here, raise it (``raise NotFound("student.not_found")``), run ``pyside6-lupdate``,
write the Spanish in ``resources/translations/ppdesk_es.ts`` and run ``pyside6-lrelease``.
``tests/unit/test_error_codes.py`` fails on a code raised but not catalogued, a code without
Spanish, or a Spanish sentence whose fields differ from the English.

Parameters are plain values (text, whole numbers). A PIN, password, passphrase or key is
never a parameter: :func:`check_params` refuses parameter names that say so and values of
any other type (a :class:`ppdesk.domain.pin.Pin` among them), and withholds a text value
shaped like a Parent Portal PIN with a valid check symbol.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Final

Param = str | int

WITHHELD: Final = "[withheld]"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for ``pyside6-lupdate`` (context ``messages``); returns it unchanged."""
    return source


_PERMISSION_DENIED = {
    "permission.lookup": QT_TRANSLATE_NOOP(
        "messages", "Your role does not allow looking up students here."
    ),
    "permission.lookup_all_students": QT_TRANSLATE_NOOP(
        "messages", "Your role only shows the students of your own homeroom."
    ),
    "permission.verify_identity": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal, an assistant principal or a parent access account administrator "
        "can verify a parent's identity.",
    ),
    "permission.manage_pin": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal, an assistant principal or a parent access account administrator "
        "can issue, reissue, revoke or reveal a Parent Portal PIN.",
    ),
    "permission.bulk_letters": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can print letters in bulk."
    ),
    "permission.export_roster": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or an assistant principal can export the Student/Parent PIN roster.",
    ),
    "permission.record_legal_guardian": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or an assistant principal can record a verified parent and legal "
        "guardian.",
    ),
    "permission.unlock_guardian": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can unlock a guardian."
    ),
    "permission.grant_parent_access_admin": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or a district administrator can grant or revoke the parent access "
        "account administrator role.",
    ),
    "permission.grant_any_role": QT_TRANSLATE_NOOP(
        "messages", "Only a district administrator can grant or revoke this role."
    ),
    "permission.read_audit": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can read the audit trail."
    ),
    "permission.import_sis": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or a district administrator can import SIS data."
    ),
    "permission.import_sis_school": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or a district administrator can import SIS data. (The import "
        "concerns school {school}, which is outside your schools.)",
    ),
    "permission.manage_staff": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or a district administrator can manage staff accounts."
    ),
    "permission.manage_keys": QT_TRANSLATE_NOOP(
        "messages",
        "Only a principal or a district administrator can export or import PIN keys.",
    ),
    "permission.read_reports": QT_TRANSLATE_NOOP(
        "messages", "Only a principal or an assistant principal can run these reports."
    ),
    "permission.read_office_reports": QT_TRANSLATE_NOOP(
        "messages",
        "Only school office staff, parent access account administrators, principals and "
        "assistant principals can run these reports.",
    ),
}

_SESSIONS = {
    "auth.wrong_password": QT_TRANSLATE_NOOP("messages", "Wrong user name or password."),
    "auth.account_locked": QT_TRANSLATE_NOOP(
        "messages",
        "This account is locked after too many failed logins. Ask your principal or district "
        "administrator to unlock it.",
    ),
    "auth.step_up": QT_TRANSLATE_NOOP(
        "messages",
        "For your protection, enter your password again before showing, printing or "
        "exporting PINs.",
    ),
    "password.too_short": QT_TRANSLATE_NOOP(
        "messages", "password: use at least {minimum} characters (a short phrase works well)."
    ),
    "password.too_long": QT_TRANSLATE_NOOP("messages", "password: at most {maximum} characters."),
    "password.nul_byte": QT_TRANSLATE_NOOP("messages", "password: contains a NUL byte."),
    "database.busy": QT_TRANSLATE_NOOP(
        "messages",
        "This record is being changed on another workstation, so nothing was saved. Please "
        "try again in a moment.",
    ),
}

CATALOGUE: Final[Mapping[str, str]] = {
    **_PERMISSION_DENIED,
    **_SESSIONS,
}

CODE_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")

# Parameter names that would carry a secret. Refused whatever the value.
_SECRET_NAME = re.compile(r"(^|_)(pin|pins|password|passwords|passphrase|secret|key|token)$")
_PIN_SEPARATORS = re.compile(r"[\s\-.]+")


def fields(template: str) -> set[str]:
    """The names of the ``{fields}`` of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name.lower()))


def _looks_like_pin(value: str) -> bool:
    """A Parent Portal PIN: 9 symbols of the PIN alphabet, not all digits, valid check."""
    from ppdesk.domain.pin_symbols import ALPHABET, PIN_LENGTH, has_valid_check

    text = _PIN_SEPARATORS.sub("", value).upper()
    if len(text) != PIN_LENGTH or text.isdigit() or any(c not in ALPHABET for c in text):
        return False
    return has_valid_check(text)


class SecretParameter(TypeError):
    """A raise site tried to put a secret in a message. Names the parameter, never the value."""


def check_params(code: str, params: Mapping[str, object]) -> dict[str, Param]:
    """The parameters of ``code``, checked: exactly the template's fields, plain values, no
    secrets. A text value shaped like a valid PIN is replaced by ``[withheld]``."""
    for name in params:
        if is_secret_name(name):
            raise SecretParameter(f"error {code}: parameter {name!r} is a secret")
    wanted = fields(CATALOGUE[code])
    if set(params) != wanted:
        raise TypeError(f"error {code} takes parameters {sorted(wanted)}, got {sorted(params)}")
    checked: dict[str, Param] = {}
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise SecretParameter(
                f"error {code}: parameter {name!r} is a {type(value).__name__}, not text or "
                "a number"
            )
        checked[name] = WITHHELD if isinstance(value, str) and _looks_like_pin(value) else value
    return checked


def render(code: str, params: Mapping[str, Param], template: str | None = None) -> str:
    """The sentence of ``code`` with its parameters (``template``: a translation of it)."""
    return (template or CATALOGUE[code]).format_map(params)


def _check_catalogue() -> None:
    for code, template in CATALOGUE.items():
        if not CODE_PATTERN.fullmatch(code):
            raise AssertionError(f"malformed error code {code!r}")
        for name in fields(template):
            if is_secret_name(name) or not name.isidentifier():
                raise AssertionError(f"error {code}: field {name!r} is not allowed")


_check_catalogue()
