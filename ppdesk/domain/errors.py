"""Domain errors. Each carries a message written for the person at the desk.

Services raise these; the GUI and CLI show ``str(error)`` as it is. A message never
contains a PIN, a password or a key.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: an expected refusal, explained in plain words."""


class ValidationError(DomainError):
    """Input that cannot be accepted. ``field`` names where the problem is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
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


class DatabaseMissing(DomainError):
    """A SQLite database file that should exist does not (a mistyped path)."""
