"""Domain errors. Each carries a stable code and named parameters.

Services raise these with a code from the catalogue (:mod:`ppdesk.domain.messages`) and the
values the sentence needs: ``raise NotFound("student.not_found")``,
``raise ValidationError("staff.username_taken", username=name, field="username")``.
``str(error)`` is the English sentence rendered from the catalogue; the GUI renders the
same code in the interface language (``ppdesk.gui.errors.error_text``), the CLI prints the
English. A parameter is never a PIN, a password or a key: the catalogue refuses secret
parameter names and values (:func:`ppdesk.domain.messages.check_params`).

A refusal that must be audited carries its row in ``audit_entry``; ``@service`` writes it
after the act's transaction has rolled back.

Older raise sites pass an English sentence instead of a code (``code`` is then ``None``);
they are shown as written and cannot be translated. New code always passes a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from ppdesk.domain.messages import CATALOGUE, CODE_PATTERN, Param, check_params, render

if TYPE_CHECKING:
    from ppdesk.domain.audit import AuditEntry


class DomainError(Exception):
    """Base class: an expected refusal, explained in plain words."""

    code: str | None
    params: Mapping[str, Param]
    audit_entry: AuditEntry | None

    def __init__(
        self,
        code: str,
        /,
        *,
        audit_entry: AuditEntry | None = None,
        **params: Param,
    ) -> None:
        if code in CATALOGUE:
            checked = check_params(code, params)
            self.code = code
            self.params = MappingProxyType(checked)
            message = render(code, checked)
        else:
            if params or CODE_PATTERN.fullmatch(code):
                raise TypeError(f"unknown error code {code!r}")
            self.code = None
            self.params = MappingProxyType({})
            message = code
        super().__init__(message)
        self.audit_entry = audit_entry

    def with_audit(self, entry: AuditEntry) -> DomainError:
        """This error, carrying the audit row that ``@service`` writes after the rollback."""
        self.audit_entry = entry
        return self


class ValidationError(DomainError):
    """Input that cannot be accepted. ``field`` names where the problem is."""

    def __init__(
        self,
        code: str,
        /,
        *,
        field: str | None = None,
        audit_entry: AuditEntry | None = None,
        **params: Param,
    ) -> None:
        super().__init__(code, audit_entry=audit_entry, **params)
        self.field = field


class NotFound(DomainError):
    """The record asked for does not exist (or is outside the staff member's schools)."""


class PermissionDenied(DomainError):
    """The staff member's role does not allow this act."""


class AuthenticationFailed(DomainError):
    """Wrong user name or password (never says which)."""


class AccountLocked(DomainError):
    """The staff account is locked after repeated failed logins."""


class StepUpRequired(DomainError):
    """The act needs a recent password entry; ask for the password again."""


class VerificationRequired(DomainError):
    """No passed, recent identity verification by this staff member for this guardian."""


class GuardianNotEligible(DomainError):
    """The guardian is not the verified parent and legal guardian (section III)."""


class RecordIncomplete(DomainError):
    """The student's record lacks what a security question needs (no address, phone or
    emergency contact): the checklist does not start and nothing is counted."""


class GuardianLocked(DomainError):
    """Too many failed verifications; a principal or assistant principal must unlock."""


class PinUnavailable(DomainError):
    """The PIN cannot be shown: it was redeemed, revoked, expired, or the key is missing."""


class SecretsUnavailable(DomainError):
    """No secure key store: PIN features are refused (fail closed)."""


class Conflict(DomainError):
    """Someone else changed the record at the same time; try again."""


class DatabaseBusy(Conflict):
    """A transient refusal by the database (serialization failure, deadlock, lock held
    too long): the transaction was rolled back and may simply be run again."""


class RedemptionLocked(DomainError):
    """Too many failed redemptions for this student in 24 hours."""


class SchemaError(DomainError):
    """The database schema does not match this program (upgrade needed or too new)."""


class DatabaseUnavailable(DomainError):
    """The database cannot be reached (network, server down, wrong address)."""


class ConfigurationError(ValidationError):
    """The workstation's configuration is wrong: a settings file value of the wrong type,
    an unsupported database URL. The message names the file or setting to fix."""


class NotAvailable(DomainError):
    """A task this program cannot do over the connection in use yet (a personal database
    login where the database has no function for it): refused before anything is saved."""


class DatabaseMissing(DomainError):
    """A SQLite database file that should exist does not (a mistyped path)."""


class StatusFromSis(DomainError):
    """The school's verified parent and legal guardian status comes from the SIS: the desk
    records a request for the office instead of the status (guide section III)."""
