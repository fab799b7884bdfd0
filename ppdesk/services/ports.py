"""What the services need from the outside world, as protocols and plain records.

The SQLAlchemy implementations live in ``ppdesk.adapters.db``, the file writers and readers
in ``ppdesk.adapters``; bootstrap wires them in. Services see only these protocols and
records (frozen dataclasses), never an ORM object, a session or an adapter module. Every
port is typed: a misspelt method or a wrong argument fails mypy (see
tests/architecture/test_ports_typed.py).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from ppdesk.domain.audit import AuditEntry, AuditRecord, AuditScope, ChainState
from ppdesk.domain.letters import LetterData, LetterOptions, RenderResult, SchoolLetterhead
from ppdesk.domain.pin import PinStatus
from ppdesk.domain.reports import (
    AdoptionRow,
    CancelCheck,
    Column,
    EmergencyContactChange,
    ExportMeta,
    ExportResult,
    OutreachRow,
    ProgressCallback,
    RosterAnchor,
    RosterQuery,
    RosterRow,
    RosterSource,
    TabPage,
)
from ppdesk.domain.roles import Role
from ppdesk.domain.settings import Settings
from ppdesk.domain.sis import SisSnapshot
from ppdesk.services.records import (
    ClosableRequest,
    EmergencyContactRow,
    FailedVerificationRow,
    GuardianHit,
    GuardianRow,
    InsertOutcome,
    LinkRow,
    LostPin,
    PinRow,
    PortalLinkRow,
    SchoolLetterRow,
    StatusRequestRow,
    StudentHit,
    StudentRow,
    VerificationRow,
)
from ppdesk.services.sis_rows import (
    ContactChange,
    EmergencyContactUpdate,
    GuardianPhone,
    GuardianUpdate,
    GuardianValues,
    LinkUpdate,
    NewEmergencyContact,
    NewGrant,
    NewLink,
    NewStaff,
    Rows,
    StaffUpdate,
    StudentUpdate,
    StudentValues,
)
from ppdesk.services.sis_state import DbState

#: A column value handed to a bulk write (the SIS import, the demo school).
Row = Mapping[str, object]


@dataclass(frozen=True)
class StaffRecord:
    id: int
    username: str
    display_name: str
    email: str | None
    password_hash: str | None
    active: bool
    failed_logins: int
    locked_at: datetime | None
    last_login_at: datetime | None


@dataclass(frozen=True)
class GrantRecord:
    id: int
    staff_id: int
    role: Role
    school_id: int | None
    local_district: str | None
    granted_by_id: int | None
    granted_at: datetime
    reason: str | None


@dataclass(frozen=True)
class SchoolRecord:
    id: int
    code: str
    name: str
    address: str | None
    phone: str | None
    principal_name: str | None
    local_district: str | None
    portal_url: str | None
    pin_expiry_days: int | None = None  # None: the default
    bulk_letters_enabled: bool = True
    outreach_days: int | None = None  # None: the default
    # When an SIS import first carried the school; None: the desk records the verified
    # parent and legal guardian status itself (guide section III).
    sis_fed_since: datetime | None = None
    # When a district administrator switched the school back to desk recording.
    status_local_since: datetime | None = None

    @property
    def status_from_sis(self) -> bool:
        """True when the SIS decides the verified status: the desk records requests."""
        return self.sis_fed_since is not None


class StaffRepository(Protocol):
    def get(self, staff_id: int) -> StaffRecord | None: ...
    def get_by_username(self, username: str) -> StaffRecord | None: ...
    def count(self) -> int: ...
    def add(
        self,
        *,
        username: str,
        display_name: str,
        email: str | None,
        password_hash: str | None,
        school_id: int | None = None,
    ) -> int:
        """A new account; ``school_id``: the school it is added for (who may add it is
        checked there)."""
        ...

    def list_all(self) -> Sequence[StaffRecord]: ...
    def update(self, staff_id: int, **fields: object) -> None: ...
    def record_failed_login(
        self, staff_id: int, *, limit: int, now: datetime
    ) -> tuple[int, bool] | None: ...
    def record_login(self, staff_id: int, **fields: object) -> bool: ...


class GrantRepository(Protocol):
    def active_for(self, staff_id: int) -> Sequence[GrantRecord]: ...
    def usable_for(self, staff_id: int) -> Sequence[GrantRecord]: ...
    def active_all(self) -> Sequence[GrantRecord]: ...
    def add(
        self,
        *,
        staff_id: int,
        role: Role,
        school_id: int | None,
        local_district: str | None,
        granted_by_id: int | None,
        granted_at: datetime,
        reason: str | None,
    ) -> int: ...
    def revoke(
        self, grant_id: int, *, revoked_by_id: int, revoked_at: datetime, reason: str | None
    ) -> None: ...


class SchoolRepository(Protocol):
    def get(self, school_id: int) -> SchoolRecord | None: ...
    def get_by_code(self, code: str) -> SchoolRecord | None: ...
    def list_all(self) -> Sequence[SchoolRecord]: ...
    def local_districts(self) -> dict[int, str | None]: ...
    def add(self, **fields: object) -> int: ...
    def update(self, school_id: int, **fields: object) -> None: ...


class AuditRepository(Protocol):
    def append(
        self, entry: AuditEntry, *, actor: str, actor_staff_id: int | None, workstation: str
    ) -> int: ...
    def append_many(
        self,
        entries: Sequence[AuditEntry],
        *,
        actor: str,
        actor_staff_id: int | None,
        workstation: str,
    ) -> list[int]: ...
    def iter_records(self, chunk: int = 1000) -> Iterator[AuditRecord]: ...
    def chain_state(self) -> ChainState: ...
    def verifiable_chains(self) -> frozenset[int] | None:
        """The chains a verify walks: None for every chain, else those this connection may
        read whole (a person's own connection: their schools')."""
        ...

    def start_signing(self) -> int | None:
        """Rows from the next one on must carry a MAC (the keys were just made); the new
        boundary, or None when rows were already signed (then it stays)."""
        ...

    def query(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor: str | None = None,
        action: str | None = None,
        target_id: str | None = None,
        limit: int | None = None,
        scope: AuditScope | None = None,
    ) -> Sequence[AuditRecord]: ...


class PeopleRepository(Protocol):
    """Students, guardians, their links and emergency contacts (``uow.people``)."""

    def student(self, student_id: int) -> StudentRow | None: ...
    def student_by_number(self, number: str) -> StudentRow | None: ...
    def guardian(self, guardian_id: int) -> GuardianRow | None: ...
    def link(self, link_id: int) -> LinkRow | None: ...
    def link_and_student(self, link_id: int) -> tuple[LinkRow, StudentRow | None] | None:
        """The link and its student in one read (``None``: no such link)."""
        ...

    def links_of_student(self, student_id: int) -> list[tuple[LinkRow, GuardianRow]]: ...
    def links_of_guardian(self, guardian_id: int) -> list[LinkRow]: ...
    def verified_links_of_school(self, school_id: int) -> list[LinkRow]: ...
    def emergency_contacts(self, student_id: int) -> list[EmergencyContactRow]: ...
    def lock_guardian(self, guardian_id: int, at: datetime) -> None: ...
    def unlock_guardian(self, guardian_id: int, at: datetime) -> None: ...
    def set_registered_email(self, guardian_id: int, email: str) -> None: ...
    def set_legal_guardian(
        self, link_id: int, *, verified: bool, by: str, at: datetime, source: str
    ) -> None: ...
    def search_students_by_number(
        self, term: str, school_ids: Sequence[int] | None, teacher_id: int | None, limit: int
    ) -> list[StudentHit]: ...
    def search_students_by_name(
        self,
        term: str,
        school_ids: Sequence[int] | None,
        teacher_id: int | None,
        limit: int,
        *,
        words: Sequence[str] = (),
    ) -> list[StudentHit]: ...
    def search_guardians_by_name(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]: ...
    def search_guardians_by_phone(
        self, digits: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]: ...
    def search_guardians_by_email(
        self, term: str, school_ids: Sequence[int] | None, limit: int
    ) -> list[GuardianHit]: ...
    def letter_candidates(
        self,
        school_id: int,
        *,
        grades: Sequence[str] | None = None,
        homerooms: Sequence[str | None] | None = None,
    ) -> list[tuple[LinkRow, GuardianRow, StudentRow]]: ...
    def bulk_insert(self, model_name: str, rows: Iterable[Row], chunk: int = 5000) -> None: ...
    def max_id(self, model_name: str) -> int: ...
    def count_students(self) -> int: ...


class PinRepository(Protocol):
    """Parent PINs, their disclosures, verifications and redemption attempts (``uow.pins``)."""

    def expire_due(self, now: datetime, *, link_id: int | None = None) -> int: ...
    def get(self, pin_id: int) -> PinRow | None: ...
    def active_for_link(self, link_id: int) -> PinRow | None: ...
    def active_for_disclosure(self, link_id: int, *, channel: str, action: str) -> PinRow | None:
        """The active PIN of a link, read to be disclosed on ``channel`` by the act
        ``action`` (``pin_reveal``, ``letter_print``). Where the database records every
        disclosure itself (personal logins: ``ppdesk_api.disclose_pin``), this read is the
        recorded disclosure; elsewhere it is ``active_for_link``."""
        ...

    def disclosure_recorded(self, pin_id: int, channel: str) -> bool:
        """Whether this unit of work's read of ``pin_id`` (``active_for_disclosure``) was
        already its recorded disclosure on ``channel`` (personal logins), so the service
        must not read it again to record it. False where the service records it."""
        ...

    def for_school_letter(self, letter_id: int, pin_id: int) -> PinRow | None:
        """The PIN ``pin_id`` of the queued letter ``letter_id``, read to print that letter.
        Where the database records every disclosure itself (personal logins:
        ``ppdesk_api.print_school_letter``), this read of an active PIN is the recorded
        print (and closes the letter); elsewhere it is ``get``."""
        ...

    def held_for_link(self, link_id: int, *, lock: bool = False) -> PinRow | None: ...
    def outstanding_for_link(self, link_id: int) -> PinRow | None: ...
    def by_letter_number(self, letter_number: str) -> PinRow | None: ...
    def held_of_guardian(self, guardian_id: int) -> list[PinRow]: ...
    def activate(self, pin_id: int, *, at: datetime, by_id: int, verification_id: int) -> bool: ...
    def latest_for_link(self, link_id: int) -> PinRow | None: ...
    def by_request(self, request_id: str) -> PinRow | None: ...
    def by_hash(self, pin_hash: str) -> PinRow | None: ...
    def try_insert(
        self,
        *,
        link_id: int,
        student_id: int,
        guardian_id: int,
        request_id: str,
        pin_hash: str,
        issued_at: datetime,
        issued_by_id: int,
        verification_id: int | None,
        expires_at: datetime,
        bulk_run: str | None = None,
        status: str = PinStatus.ACTIVE,
        letter_number: str | None = None,
        channel: str | None = None,
    ) -> tuple[InsertOutcome, int | None]:
        """``channel``: where a PIN issued at the counter is disclosed right away (the
        database's ``issue_pin`` records that disclosure itself); None for a held one."""
        ...

    def set_ciphertext(self, pin_id: int, key_id: str, blob: bytes) -> None: ...
    def end(
        self,
        pin_id: int,
        *,
        status: str,
        at: datetime,
        by_id: int | None,
        reason: str | None,
        from_statuses: Sequence[str] = (PinStatus.ACTIVE, PinStatus.HELD),
    ) -> bool: ...
    def add_disclosure(
        self,
        *,
        pin_id: int,
        staff_id: int,
        channel: str,
        at: datetime,
        verification_id: int | None = None,
        batch: str | None = None,
    ) -> None: ...
    def letter_pin_state(
        self, link_ids: Sequence[int], *, lock: bool = False, chunk: int = 500
    ) -> tuple[dict[int, PinRow], set[int]]: ...
    def add_disclosures(
        self,
        pin_ids: Iterable[int],
        *,
        staff_id: int,
        channel: str,
        at: datetime,
        batch: str | None = None,
    ) -> int: ...
    def add_verification(
        self,
        *,
        link_id: int,
        guardian_id: int,
        staff_id: int,
        mode: str,
        started_at: datetime,
        office: str = "school",
    ) -> int: ...
    def verification(self, verification_id: int) -> VerificationRow | None: ...
    def complete_verification(
        self,
        verification_id: int,
        *,
        outcome: str,
        completed_at: datetime,
        question_results: str,
        id_type: str | None,
        id_failures: str,
    ) -> None: ...
    def latest_passed_verification(self, link_id: int, staff_id: int) -> VerificationRow | None: ...
    def failed_verification_times(self, guardian_id: int, since: datetime) -> list[datetime]: ...
    def failed_verifications(
        self, guardian_id: int, since: datetime | None, limit: int = 50
    ) -> list[FailedVerificationRow]: ...
    def lock_redemption(self, student_number: str) -> None: ...
    def add_attempt(self, student_number: str, at: datetime, outcome: str) -> None: ...
    def failed_attempts_since(self, student_number: str, since: datetime) -> int: ...
    def redemption_failures_since(self, student_number: str, since: datetime) -> list[datetime]: ...
    def clear_attempts(self, student_number: str) -> int: ...


class RosterRepository(Protocol):
    """The roster stream and the reports' aggregate queries (``uow.roster``)."""

    def classes(self, school_ids: Sequence[int]) -> list[tuple[str, str | None, str | None]]: ...
    def count_links(
        self, school_ids: Sequence[int], *, grade: str | None = None, homeroom: str | None = None
    ) -> int: ...
    def stream(
        self,
        school_ids: Sequence[int],
        *,
        grade: str | None = None,
        homeroom: str | None = None,
        link_ids: Sequence[int] | None = None,
        student_ids: Sequence[int] | None = None,
    ) -> Generator[RosterSource, None, None]: ...  # closed early when an export is cancelled
    def count_tab(self, school_ids: Sequence[int], query: RosterQuery, now: datetime) -> int: ...
    def stream_tab(
        self, school_ids: Sequence[int], query: RosterQuery, now: datetime
    ) -> Generator[RosterSource, None, None]: ...  # closed early when an export is cancelled
    def tab_page(
        self,
        school_ids: Sequence[int],
        query: RosterQuery,
        now: datetime,
        *,
        offset: int,
        limit: int,
        anchor: RosterAnchor | None = None,
    ) -> TabPage: ...
    def link_was_redeemed(self, link_id: int) -> bool: ...
    def portal_links_to_remove(self, school_ids: Sequence[int]) -> list[PortalLinkRow]: ...
    def adoption(
        self, school_ids: Sequence[int], *, grade: str | None = None, homeroom: str | None = None
    ) -> list[AdoptionRow]: ...
    def outreach(
        self, school_ids: Sequence[int], *, grade: str | None = None, homeroom: str | None = None
    ) -> Generator[OutreachRow, None, None]: ...
    def emergency_contacts_changed(
        self,
        school_ids: Sequence[int],
        since: datetime,
        *,
        grade: str | None = None,
        homeroom: str | None = None,
    ) -> list[EmergencyContactChange]: ...


class StatusRequestRepository(Protocol):
    """Requests that the office record a verified parent and legal guardian in the SIS
    (``uow.status_requests``)."""

    def add(
        self,
        *,
        link_id: int,
        student_id: int,
        guardian_id: int,
        requested_by_id: int,
        requested_at: datetime,
        documents: str,
        note: str | None,
        kind: str = "verify",
    ) -> int: ...
    def get(self, request_id: int) -> StatusRequestRow | None: ...
    def open_for_links(self, link_ids: Sequence[int]) -> dict[int, StatusRequestRow]: ...
    def open_rows(self, school_ids: Sequence[int]) -> list[StatusRequestRow]: ...
    def closable(
        self, school_ids: Sequence[int], unverified_links: Sequence[int] = ()
    ) -> list[ClosableRequest]: ...
    def removals_requested(self) -> set[int]: ...
    def close(
        self,
        closes: Sequence[ClosableRequest],
        *,
        at: datetime,
        import_seq: int | None,
        import_file: str | None,
    ) -> None: ...
    def mark_sis_fed(self, school_ids: Sequence[int], at: datetime) -> list[int]: ...
    def withdraw(self, request_id: int, *, at: datetime, outcome: str) -> bool: ...


class SchoolLetterRepository(Protocol):
    """Letters of district verifications that the student's school prints
    (``uow.school_letters``)."""

    def add(
        self,
        *,
        link_id: int,
        school_id: int,
        pin_id: int,
        verification_id: int,
        queued_by_id: int,
        queued_at: datetime,
    ) -> int: ...
    def get(self, letter_id: int) -> SchoolLetterRow | None: ...
    def open_for_link(self, link_id: int) -> SchoolLetterRow | None: ...
    def open_rows(self, school_ids: Sequence[int]) -> list[SchoolLetterRow]: ...
    def close(self, letter_id: int, *, at: datetime, outcome: str, by_id: int | None) -> bool: ...


class SisRepository(Protocol):
    """Bulk reads and writes of the SIS import (``uow.sis``)."""

    def lock_imports(self) -> bool: ...
    def load_state(self, now: datetime) -> DbState: ...
    def keys_elsewhere(
        self, student_numbers: Sequence[str], guardian_ids: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        """Of these keys (none in ``load_state``'s rows), those that rows the reader
        cannot see hold: another school's, over a personal login."""
        ...

    # Ids are reserved before the rows are written: a student PIN's ciphertext names its row.
    def reserve_staff_ids(self, count: int) -> list[int]: ...
    def reserve_student_ids(self, count: int) -> list[int]: ...
    def reserve_guardian_ids(self, count: int) -> list[int]: ...
    # Every row of one ``update_...`` call sets the same columns.
    def add_staff(self, rows: Rows[NewStaff]) -> None: ...
    def update_staff(self, rows: Rows[StaffUpdate]) -> None: ...
    def grant_roles(self, rows: Rows[NewGrant]) -> None: ...
    def add_students(self, rows: Rows[StudentValues]) -> None: ...
    def update_students(self, rows: Rows[StudentValues] | Rows[StudentUpdate]) -> None: ...
    def deactivate_students(self, ids: Iterable[int], *, at: datetime) -> None: ...
    def add_guardians(self, rows: Rows[GuardianValues]) -> None: ...
    def update_guardians(self, rows: Rows[GuardianValues] | Rows[GuardianUpdate]) -> None: ...
    def deactivate_guardians(self, ids: Iterable[int], *, at: datetime) -> None: ...
    def remove_guardian_phones(self, guardian_ids: Iterable[int]) -> None: ...
    def add_guardian_phones(self, rows: Rows[GuardianPhone]) -> None: ...
    def add_links(self, rows: Rows[NewLink]) -> None: ...
    def update_links(self, rows: Rows[LinkUpdate]) -> None: ...
    def deactivate_links(self, ids: Iterable[int]) -> None: ...
    def add_emergency_contacts(self, rows: Rows[NewEmergencyContact]) -> None: ...
    def update_emergency_contacts(self, rows: Rows[EmergencyContactUpdate]) -> None: ...
    def remove_emergency_contacts(self, ids: Iterable[int]) -> None: ...
    def record_contact_changes(self, rows: Rows[ContactChange]) -> None: ...
    # After the last student, guardian and link write: what a bulk load left (search rows).
    def finish_writes(self) -> None: ...
    def revoke_pins(
        self, reasons: dict[int, str], *, now: datetime, by_id: int | None
    ) -> list[tuple[int, int, int]]: ...


class KeysRepository(Protocol):
    """The database's side of the PIN keys (``uow.keys``)."""

    def fingerprint(self) -> str | None: ...
    def replace_fingerprint(self, fingerprint: str) -> None: ...
    def active_pins(self) -> list[LostPin]: ...
    def revoke_all_active(self, *, at: datetime, by_id: int | None, reason: str) -> int: ...
    def clear_student_pins(self) -> int: ...


class LoginRepository(Protocol):
    """Personal database logins on a shared PostgreSQL database (``uow.logins``)."""

    def supported(self) -> bool: ...
    def exists(self, username: str) -> bool: ...
    def can_login(self, username: str) -> bool: ...
    def create(self, username: str, password: str | None) -> None: ...
    def set_password(self, username: str, password: str | None) -> None: ...
    def disable(self, username: str) -> None: ...
    def enable(self, username: str) -> None: ...


class PinKeys(Protocol):
    """The PIN key ring (``adapters.crypto.PinCrypto``): AES-GCM with associated data, and
    keyed lookup hashes."""

    @property
    def current_key_id(self) -> str: ...
    def encrypt(self, plaintext: str, aad: bytes) -> tuple[str, bytes]: ...
    def decrypt(self, key_id: str | None, blob: bytes | None, aad: bytes) -> str: ...
    def lookup_hash(self, canonical: str, *, purpose: str = "pin") -> str: ...
    def audit_mac(self, message: str) -> str: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the ``with`` block without ``commit()`` rolls back."""

    @property
    def staff(self) -> StaffRepository: ...
    @property
    def grants(self) -> GrantRepository: ...
    @property
    def schools(self) -> SchoolRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def people(self) -> PeopleRepository: ...
    @property
    def pins(self) -> PinRepository: ...
    @property
    def roster(self) -> RosterRepository: ...
    @property
    def sis(self) -> SisRepository: ...
    @property
    def keys(self) -> KeysRepository: ...
    @property
    def logins(self) -> LoginRepository: ...
    @property
    def status_requests(self) -> StatusRequestRepository: ...
    @property
    def school_letters(self) -> SchoolLetterRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def now(self) -> datetime: ...


class UnitOfWorkFactory(Protocol):
    """Opens a unit of work. ``transaction=False`` (reads only, ``readonly=True``): no
    database transaction of its own (no BEGIN and ROLLBACK round trips), each statement
    reads what was committed when it started: for a read of one or two statements that
    need not agree with each other, such as a counter search (its grants, then the
    search). A unit of work that cannot read without a transaction opens one anyway."""

    def __call__(self, *, readonly: bool = False, transaction: bool = True) -> UnitOfWork: ...


# -- files ---------------------------------------------------------------------------------
class LetterWriter(Protocol):
    """One PDF being written, fed letters by the caller (``adapters.letters.LetterWriter``).

    It draws what it is handed and nothing else: it gets no unit of work."""

    @property
    def cancelled(self) -> bool: ...
    @property
    def result(self) -> RenderResult: ...
    def add(self, letters: Sequence[LetterData]) -> bool: ...


class LettersPort(Protocol):
    """The PDF letter renderer (``ppdesk.adapters.letters``)."""

    def open_letters(
        self,
        path: Path | str,
        *,
        school: SchoolLetterhead,
        options: LetterOptions,
        total: int | None = None,
        progress: ProgressCallback | None = None,
        is_cancelled: CancelCheck | None = None,
    ) -> AbstractContextManager[LetterWriter]: ...

    def render_letters(
        self,
        path: Path | str,
        letters: Iterable[LetterData],
        *,
        school: SchoolLetterhead,
        options: LetterOptions,
        total: int | None = None,
        progress: ProgressCallback | None = None,
        is_cancelled: CancelCheck | None = None,
    ) -> RenderResult: ...
    def available_languages(self, folder: Path | None = None) -> list[str]: ...
    def unprintable(self, text: str) -> str: ...


class SpreadsheetPort(Protocol):
    """The .xlsx writers (``ppdesk.adapters.xlsx``)."""

    def write_roster(
        self,
        path: str | PathLike[str],
        rows: Iterable[RosterRow],
        meta: ExportMeta,
        *,
        total: int | None = None,
        progress: ProgressCallback | None = None,
        is_cancelled: CancelCheck | None = None,
        scratch_folder: str | PathLike[str] | None = None,
    ) -> ExportResult: ...
    def write_table_xlsx(
        self,
        path: str | PathLike[str],
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[object]],
        meta_lines: Sequence[str],
        *,
        total: int | None = None,
        progress: ProgressCallback | None = None,
        is_cancelled: CancelCheck | None = None,
        scratch_folder: str | PathLike[str] | None = None,
    ) -> ExportResult: ...


class PdfTablePort(Protocol):
    """The PDF report writer (``ppdesk.adapters.reports.pdf``)."""

    def write_table_pdf(
        self,
        path: str | PathLike[str],
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[object]],
        meta_lines: Sequence[str],
        *,
        time_zone: tzinfo | None = None,
        landscape_page: bool | None = None,
        is_cancelled: CancelCheck | None = None,
    ) -> ExportResult: ...


class SisReaders(Protocol):
    """The SIS import readers and the blank template (``ppdesk.adapters.sis``)."""

    def read_template(
        self, path: str | Path, *, today: date | None = None, encoding: str | None = None
    ) -> SisSnapshot: ...
    def read_oneroster(
        self,
        path: str | Path,
        *,
        verified_from_role: bool = False,
        today: date | None = None,
        encoding: str | None = None,
    ) -> SisSnapshot: ...
    def read_sis(
        self,
        path: str | Path,
        *,
        verified_from_role: bool = False,
        today: date | None = None,
        encoding: str | None = None,
    ) -> SisSnapshot: ...
    def write_blank_template(self, path: str | Path) -> Path: ...


class FilePorts(Protocol):
    """The file adapters (``ctx.files``), and the staging registry of hidden files the
    services create beside their targets (``ppdesk.adapters.staging``)."""

    @property
    def letters(self) -> LettersPort: ...
    @property
    def xlsx(self) -> SpreadsheetPort: ...
    @property
    def reports_pdf(self) -> PdfTablePort: ...
    @property
    def sis(self) -> SisReaders: ...
    def register_staging(self, path: Path) -> None: ...
    def unregister_staging(self, path: Path) -> None: ...


# -- keys, settings, secrets ------------------------------------------------------------------
class KeyMaterial(Protocol):
    """A set of PIN keys (``adapters.secrets.PinKeyMaterial``); the services only name it."""

    @property
    def current_key_id(self) -> str: ...


class KeyStore(Protocol):
    """Moving PIN keys between this workstation's key store and the database
    (``bootstrap.KeysPort``)."""

    def current(self) -> KeyMaterial: ...
    def seal(self, material: KeyMaterial, passphrase: str) -> bytes: ...
    def unseal(self, data: bytes, passphrase: str) -> KeyMaterial: ...
    def install(self, material: KeyMaterial) -> str: ...
    def crypto(self, material: KeyMaterial) -> PinKeys: ...
    def load(self, *, create: bool = False) -> PinKeys: ...
    def generate(self) -> KeyMaterial: ...
    def fingerprint(self, material: KeyMaterial) -> str: ...
    def store_then_claim(self, material: KeyMaterial) -> str: ...
    def forget(self, material: KeyMaterial) -> None: ...
    def has_fingerprint(self) -> bool: ...


class SettingsStore(Protocol):
    """The workstation's settings file (``adapters.settings_store.SettingsStore``)."""

    def load(self) -> Settings: ...
    def save(self, settings: Settings) -> None: ...


class SecretStore(Protocol):
    """The workstation's key ring for database passwords (``adapters.secrets.SecretStore``)."""

    def get_password(self, name: str) -> str | None: ...
    def set_password(self, name: str, password: str) -> None: ...
    def delete_password(self, name: str) -> bool:
        """Remove the password kept for ``name``; True if there was one."""
        ...


class DatabaseProbe(Protocol):
    """Trying a database before it is saved in the settings (``bootstrap.test_connection``)."""

    def test_connection(self, url: str, password: str | None = None) -> str:
        """Connect to ``url`` (with ``password``, or the one in the key ring), run a trivial
        query and say what answered; ``DatabaseUnavailable`` with the reason, never the
        password."""
        ...


class PersonUnitOfWorkFactory(UnitOfWorkFactory, Protocol):
    """The units of work on one person's own database connection; ``dispose`` closes it."""

    def dispose(self) -> None: ...

    def countersign_with(self, signer: Callable[[], Callable[[str], str] | None]) -> None:
        """Sign the audit rows the database appends for this person, after each commit, with
        the MAC function ``signer`` returns (the audit key's; None: no keys, unsigned)."""
        ...


class PersonConnector(Protocol):
    def connect(self, username: str, password: str) -> PersonUnitOfWorkFactory:
        """Connect as ``username`` with ``password`` and start a ppdesk session there;
        ``AuthenticationFailed`` when the database (or the directory) refuses. Returns the
        units of work on that connection (the desk's work after sign-in)."""
