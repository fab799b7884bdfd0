"""Error codes: every code raised is catalogued, every catalogued code has Spanish, and no
secret can become a parameter of a message.

The raise sites are found with ``ast``: every call of a ``DomainError`` subclass in
``ppdesk`` whose first argument is a string shaped like a code must name a catalogued code,
and in the modules converted to codes (``CONVERTED``) every such call must pass a code. The
Spanish is read back from the compiled ``.qm`` through a real ``QTranslator``.
"""

from __future__ import annotations

import ast
import functools
import importlib
import logging
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

import ppdesk
from ppdesk.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from ppdesk.domain.messages import (
    CATALOGUE,
    CODE_PATTERN,
    WITHHELD,
    SecretParameter,
    fields,
    is_secret_name,
    number_fields,
    render,
)
from ppdesk.domain.pin import generate_pin
from ppdesk.gui.office.i18n import translations_dir

ROOT = Path(ppdesk.__file__).resolve().parent

# Modules whose every domain error is raised with a code (grows as modules are converted).
CONVERTED = {
    "ppdesk/adapters/crypto.py",
    "ppdesk/adapters/db/engine.py",
    "ppdesk/adapters/db/person.py",
    "ppdesk/adapters/db/schema.py",
    "ppdesk/adapters/db/uow.py",
    "ppdesk/adapters/letters/output.py",
    "ppdesk/adapters/letters/page.py",
    "ppdesk/adapters/letters/qr.py",
    "ppdesk/adapters/letters/render.py",
    "ppdesk/adapters/letters/templates.py",
    "ppdesk/adapters/secrets.py",
    "ppdesk/adapters/settings_store.py",
    "ppdesk/adapters/sis/values.py",
    "ppdesk/bootstrap.py",
    "ppdesk/cli/pins.py",
    "ppdesk/cli/roster_cmd.py",
    "ppdesk/domain/pin.py",
    "ppdesk/domain/selection.py",
    "ppdesk/domain/settings.py",
    "ppdesk/domain/sis.py",
    "ppdesk/domain/text.py",
    "ppdesk/domain/verification.py",
    "ppdesk/gui/office/roster.py",
    "ppdesk/services/access.py",
    "ppdesk/services/audit_trail.py",
    "ppdesk/services/auth.py",
    "ppdesk/services/custody.py",
    "ppdesk/services/demo.py",
    "ppdesk/services/exports.py",
    "ppdesk/services/first_run.py",
    "ppdesk/services/handover.py",
    "ppdesk/services/keys.py",
    "ppdesk/services/letter_run.py",
    "ppdesk/services/letter_selection.py",
    "ppdesk/services/letters.py",
    "ppdesk/services/lookup.py",
    "ppdesk/services/person_auth.py",
    "ppdesk/services/pins.py",
    "ppdesk/services/redemption.py",
    "ppdesk/services/roster.py",
    "ppdesk/services/settings_service.py",
    "ppdesk/services/sis_import.py",
    "ppdesk/services/sis_requests.py",
    "ppdesk/services/sis_write.py",
    "ppdesk/services/staff.py",
    "ppdesk/services/verification.py",
}

# Raises that pass on a refusal already written elsewhere, as it was given.
PASS_THROUGH = {
    # the key store's refusal, kept as text when the keys were loaded
    ("ppdesk/services/pins.py", "SecretsUnavailable(ctx.keys_problem)"),
    ("ppdesk/services/sis_write.py", "SecretsUnavailable(ctx.keys_problem)"),
    # a checkpoint that does not parse: domain.audit's sentence (the audit chain's own text)
    ("ppdesk/services/audit_trail.py", "ValidationError(str(exc))"),
}

# Errors whose constructor passes its own code to DomainError (checked through the
# super().__init__ call).
FIXED_CODE_CLASSES = {"DeactivationsNotConfirmed", "ImportRejected"}

# Codes raised through an expression, not a literal (the ast scan cannot read them).
DYNAMIC_CODES = {f"permission.{p}" for p in ("lookup", "lookup_all_students")}


def _error_class_names() -> set[str]:
    for package in ("ppdesk.domain", "ppdesk.services", "ppdesk.adapters"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations" in info.name:
                continue
            importlib.import_module(info.name)
    names: set[str] = set()
    todo: list[type] = [DomainError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


@functools.cache
def _calls() -> tuple[tuple[str, int, ast.Call], ...]:
    """(module path, line, call) for every call of a domain error class in ppdesk, parsed
    once for the tests of this module (the sources do not change during a run)."""
    return tuple(_scan_calls())


def _scan_calls() -> Iterator[tuple[str, int, ast.Call]]:
    names = _error_class_names()
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or "forms" in path.parts:
            continue
        rel = path.relative_to(ROOT.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names or name == "__init__":  # super().__init__("code", ...) too
                yield rel, node.lineno, node


def _code_of(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def test_every_raised_code_is_catalogued() -> None:
    unknown, uncoded = [], []
    for rel, line, call in _calls():
        code = _code_of(call)
        if code is not None and CODE_PATTERN.fullmatch(code):
            if code not in CATALOGUE:
                unknown.append(f"{rel}:{line}: {code}")
        elif (
            rel in CONVERTED
            and _name(call) != "__init__"
            and not _is_code_expression(call)
            and (rel, ast.unparse(call)) not in PASS_THROUGH
        ):
            uncoded.append(f"{rel}:{line}: {ast.unparse(call)[:80]}")
    assert not unknown, "codes raised but not in the catalogue:\n" + "\n".join(unknown)
    assert not uncoded, "raised without a code in a converted module:\n" + "\n".join(uncoded)


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _is_code_expression(call: ast.Call) -> bool:
    """A code passed on (``exc.code``), computed by a named function, or fixed by the
    class's own constructor."""
    if _name(call) in FIXED_CODE_CLASSES:
        return True
    if not call.args:
        return False
    first = call.args[0]
    if isinstance(first, ast.Attribute) and first.attr == "code":
        return True
    if isinstance(first, ast.Call) and isinstance(first.func, ast.Name):
        return first.func.id == "permission_denied_code"
    if isinstance(first, ast.IfExp):
        return all(
            (isinstance(b, ast.Constant) and b.value in CATALOGUE)
            or (isinstance(b, ast.Call) and getattr(b.func, "id", "") == "permission_denied_code")
            for b in (first.body, first.orelse)
        )
    return False


def test_no_raise_site_passes_a_secret_parameter() -> None:
    bad = [
        f"{rel}:{line}: {kw.arg}"
        for rel, line, call in _calls()
        for kw in call.keywords
        if kw.arg and is_secret_name(kw.arg)
    ]
    assert not bad, bad


def test_the_scan_sees_the_raise_sites() -> None:
    """The ast scan is not vacuous: it finds the raises of the converted modules."""
    found = {rel for rel, _, call in _calls() if _code_of(call) in CATALOGUE}
    assert found >= CONVERTED - {"ppdesk/domain/verification.py"}
    assert sum(1 for _ in _calls()) > 100


@pytest.fixture(scope="module")
def spanish() -> QTranslator:
    translator = QTranslator()
    assert translator.load(str(translations_dir() / "ppdesk_es.qm"))
    return translator


def test_every_code_has_spanish(spanish: QTranslator) -> None:
    missing, broken = [], []
    for code, english in sorted(CATALOGUE.items()):
        text = spanish.translate("messages", english)
        if not text or text == english:
            missing.append(code)
        elif fields(text) != fields(english):
            broken.append(f"{code}: {sorted(fields(text))} != {sorted(fields(english))}")
    assert not missing, "error codes without Spanish:\n" + "\n".join(missing)
    assert not broken, "Spanish with other fields than the English:\n" + "\n".join(broken)


def test_a_code_without_spanish_would_fail(spanish: QTranslator) -> None:
    """The check above can fail: a sentence nobody translated comes back empty."""
    assert spanish.translate("messages", "A refusal nobody has translated yet.") == ""


def test_permission_codes_cover_every_permission() -> None:
    from ppdesk.domain.roles import Permission, permission_denied_code

    for permission in Permission:
        assert permission_denied_code(permission) in CATALOGUE
    assert set(CATALOGUE) >= DYNAMIC_CODES


def test_message_rendered_from_code_and_parameters() -> None:
    exc = ValidationError("password.too_short", minimum=12, field="password")
    assert exc.code == "password.too_short"
    assert dict(exc.params) == {"minimum": 12}
    assert exc.field == "password"
    assert str(exc) == "password: use at least 12 characters (a short phrase works well)."
    assert str(exc) == render("password.too_short", {"minimum": 12})


def test_wrong_parameters_are_refused() -> None:
    with pytest.raises(TypeError):
        ValidationError("password.too_short", field="password")  # minimum missing
    with pytest.raises(TypeError):
        NotFound("auth.wrong_password", username="x")  # not a field of the sentence
    with pytest.raises(TypeError):
        NotFound("auth.wrong_pasword")  # shaped like a code, not catalogued


def test_audited_refusal_carries_a_typed_entry() -> None:
    from ppdesk.domain.audit import AuditEntry, Outcome
    from ppdesk.services.access import AuditedDenial

    entry = AuditEntry("pin_issue", Outcome.DENIED)
    exc = AuditedDenial("permission.manage_pin", entry)
    assert isinstance(exc, PermissionDenied)
    assert exc.audit_entry is entry
    assert exc.code == "permission.manage_pin"


# --- secrets ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pin", "password", "new_password", "passphrase", "key"])
def test_secret_parameter_names_are_refused(name: str) -> None:
    secret = "correct horse battery staple"
    with pytest.raises(SecretParameter) as caught:
        NotFound("permission.import_sis_school", **{name: secret})
    assert secret not in str(caught.value)


def test_a_pin_object_is_refused_and_never_shown() -> None:
    pin = generate_pin()
    with pytest.raises(SecretParameter) as caught:
        NotFound("permission.import_sis_school", school=pin)  # type: ignore[arg-type]
    assert pin.canonical not in str(caught.value)
    assert pin.display not in str(caught.value)


def test_a_pin_value_under_any_name_never_reaches_a_message_or_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every catalogued sentence, each text field given a real PIN: the PIN is withheld in
    the English, in the Spanish rendering and in what the error presenter logs."""
    from ppdesk.gui.errors import describe_error

    caplog.set_level(logging.DEBUG)
    pins = [generate_pin() for _ in range(5)]
    values = [p.display for p in pins] + [p.canonical.lower() for p in pins]
    tried = 0
    for code, english in CATALOGUE.items():
        names = fields(english)
        text_names = names - number_fields(english)
        if not text_names:
            continue
        for value in values:
            exc = DomainError(code, **{n: value if n in text_names else 1 for n in names})
            tried += 1
            report = describe_error(exc)
            for shown in (str(exc), report.message, repr(exc.params)):
                assert value not in shown and value.upper() not in shown.upper()
                assert WITHHELD in shown
    assert tried >= 10
    for value in values:
        assert value.upper() not in caplog.text.upper()


def test_a_malformed_database_url_never_shows_its_password() -> None:
    from ppdesk.adapters.db.engine import parse_url
    from ppdesk.domain.errors import ConfigurationError

    for url in ("u:s3cret-pw@host", "not a url://u:s3cret-pw@h/x", "u:s3cret-pw@pw@host"):
        with pytest.raises(ConfigurationError) as refused:
            parse_url(url)
        assert refused.value.code == "config.url_invalid"
        assert "s3cret-pw" not in str(refused.value)
        assert "***@" in str(refused.value)
