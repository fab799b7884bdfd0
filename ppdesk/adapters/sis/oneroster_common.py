"""State shared by the OneRoster readers while one file set is read.

The readers fill a ``Roster`` file by file (orgs, roles, users, demographics, classes
and enrollments, emergency contacts); ``oneroster.py`` then turns it into a snapshot.
Keys are OneRoster ``sourcedId``s; records are kept as drafts until every file is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ppdesk.adapters.sis.csvio import CsvTable, open_table
from ppdesk.adapters.sis.fileset import FileSet
from ppdesk.adapters.sis.problems import ProblemLog
from ppdesk.domain.sis import (
    SisEmergencyContact,
    SisGuardian,
    SisSchool,
    SisStaff,
    new_guardian,
)

# Extension columns (documented in docs/import.md).
META_ADDRESS = "metadata.ppdesk.address"
META_PHONE = "metadata.ppdesk.phone"
META_PRINCIPAL = "metadata.ppdesk.principal"
META_LOCAL_DISTRICT = "metadata.ppdesk.localDistrict"
META_PORTAL_URL = "metadata.ppdesk.portalUrl"
META_VERIFIED = "metadata.ppdesk.verifiedLegalGuardian"
META_RELATIONSHIP = "metadata.ppdesk.relationship"
META_PREFERRED_LANGUAGE = "metadata.ppdesk.preferredLanguage"
META_WORK_PHONE = "metadata.ppdesk.workPhone"
META_HOME_LANGUAGE = "metadata.ppdesk.homeLanguage"
META_STUDENT_PIN = "metadata.ppdesk.studentPin"

EMERGENCY_FILE = "emergency_contacts.csv"

STUDENT_ROLES = frozenset({"student"})
GUARDIAN_ROLES = frozenset({"parent", "guardian", "relative"})
#: OneRoster staff roles and the ppdesk role hint each one gives.
STAFF_ROLE_HINTS = {
    "teacher": "teacher",
    "principal": "principal",
    "administrator": "office_staff",
    "siteadministrator": "office_staff",
    "officestaff": "office_staff",
}
#: Known OneRoster roles that ppdesk does not import.
OTHER_ROLES = frozenset(
    {"aide", "proctor", "counselor", "districtadministrator", "systemadministrator"}
)


def cell(table: CsvTable, values: list[str], column: str) -> str:
    """The value of ``column`` in a row, or "" when the file has no such column."""
    index = table.position(column)
    return values[index] if index is not None else ""


def is_deleted(table: CsvTable, values: list[str]) -> bool:
    """True for a row whose status is tobedeleted."""
    return cell(table, values, "status").strip().lower() == "tobedeleted"


def split_list(value: str) -> list[str]:
    """A OneRoster list field ("a,b, c") as its non-empty items."""
    if "," not in value:
        value = value.strip()
        return [value] if value else []
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(slots=True)
class Org:
    """One row of orgs.csv."""

    line: int
    type: str
    name: str
    parent: str | None
    school: SisSchool | None = None


@dataclass(slots=True)
class StudentDraft:
    """A OneRoster student row waiting for its date of birth and homeroom (they come
    from other files of the export). Mutable and unvalidated; it becomes a ``SisStudent``
    once complete. ``agents`` is the row's raw agentSourcedIds cell, resolved into links
    once every user is known; ``linked`` is set when a link to a guardian is found."""

    line: int
    student_id: str
    school_code: str
    school_sid: str
    first_name: str
    last_name: str
    grade: str
    address: str | None
    phone: str | None
    email: str | None
    pin: str | None
    home_language: str | None
    agents: str = ""
    dob: date | None = None
    homeroom_teacher: str | None = None
    linked: bool = False


@dataclass(slots=True)
class GuardianDraft:
    """A guardian row: the fields of its ``SisGuardian`` (built last) and what it says
    about all of its links (``agents`` and ``linked`` as for ``StudentDraft``)."""

    line: int
    source_id: str
    first_name: str
    last_name: str
    email: str | None
    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    preferred_language: str | None
    relationship: str | None
    verified: bool
    agents: str = ""
    linked: bool = False

    def record(self) -> SisGuardian:
        """The guardian as the snapshot holds it."""
        return new_guardian(
            self.source_id,
            self.first_name,
            self.last_name,
            self.email,
            self.home_phone,
            self.work_phone,
            self.cell_phone,
            self.preferred_language,
            None,
            None,
        )


@dataclass
class Roster:
    """Everything read so far from one OneRoster file set."""

    files: FileSet
    log: ProblemLog
    today: date
    full: bool
    verified_from_role: bool
    orgs: dict[str, Org] = field(default_factory=dict)
    roles: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    students: dict[str, StudentDraft] = field(default_factory=dict)
    guardians: dict[str, GuardianDraft] = field(default_factory=dict)
    staff: dict[str, SisStaff] = field(default_factory=dict)
    staff_lines: dict[str, int] = field(default_factory=dict)
    #: Users read whose roles ppdesk does not import (an aide, no role): a link to one
    #: is reported as such. Every other user read is in students, guardians or staff,
    #: or in ``quiet``.
    others: set[str] = field(default_factory=set)
    #: Students and guardians whose row has agentSourcedIds, in users.csv order: their
    #: links are resolved in that order once every user is known.
    owners: list[str] = field(default_factory=list)
    agents_column: str = "agentSourcedIds"
    #: Users not imported on purpose (tobedeleted, pre-K, rejected): references to them
    #: are dropped without a second message.
    quiet: set[str] = field(default_factory=set)
    deleted_students: list[str] = field(default_factory=list)
    deleted_guardians: list[str] = field(default_factory=list)
    deleted_staff: list[str] = field(default_factory=list)
    emergency: list[SisEmergencyContact] = field(default_factory=list)
    #: Files the manifest marks "absent": present or not, they are not read.
    absent: set[str] = field(default_factory=set)
    #: The encoding the operator declared, or None for the rule in csvio.
    encoding: str | None = None

    def table(
        self,
        name: str,
        *,
        required: tuple[str, ...],
        known: tuple[str, ...] = (),
        needed: bool = True,
    ) -> CsvTable | None:
        """Open one file of the set; report it missing when ``needed``; None if unusable."""
        if name in self.absent:
            return None
        if not self.files.has(name):
            if needed:
                self.log.error(name, "is missing from the export.")
            return None
        return open_table(
            self.files.label(name),
            self.files.opener(name),
            self.log,
            required=required,
            known=known,
            empty_is_error=needed,
            encoding=self.encoding,
        )


class Deduper:
    """Finds repeated keys in one file: identical repeats warn, different ones are errors.

    Each key seen is kept with one int, its first line and a 61-bit hash of that row's
    values (``dateLastModified`` left out) packed together: a 100,000-student users.csv
    has nearly 300,000 keys, and a (line, hash) tuple each would cost three objects.
    """

    _LINE_BITS = 32  # a line number: at most a 512 MiB file's count of lines
    _LINE_MASK = (1 << _LINE_BITS) - 1
    _HASH_MASK = (1 << 61) - 1

    def __init__(self, table: CsvTable, key_column: str, what: str) -> None:
        self.table = table
        self.column = table.label(key_column)
        self.what = what
        self.seen: dict[str, int] = {}
        self.conflicted: set[str] = set()

    def first(self, key: str, line: int, values: list[str], skip: int | None) -> bool:
        """True if this is the first row for ``key``; otherwise report and return False."""
        if skip is None:
            signature = hash(tuple(values)) & self._HASH_MASK
        else:
            modified = values[skip]
            values[skip] = ""
            signature = hash(tuple(values)) & self._HASH_MASK
            values[skip] = modified
        previous = self.seen.get(key)
        if previous is None:
            self.seen[key] = signature << self._LINE_BITS | line
            return True
        previous_line = previous & self._LINE_MASK
        if previous >> self._LINE_BITS == signature:
            self.table.log.warning(
                self.table.name,
                f"repeats line {previous_line} exactly; the repeat is ignored.",
                line=line,
                column=self.column,
            )
        else:
            self.conflicted.add(key)
            self.table.log.error(
                self.table.name,
                f"{self.what} {key!r} is also on line {previous_line} with different values; "
                "keep one row per " + self.what + ".",
                line=line,
                column=self.column,
            )
        return False
