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
from ppdesk.domain.sis import SisGuardian, SisSchool, SisStaff

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
    once complete."""

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
    dob: date | None = None
    homeroom_teacher: str | None = None


@dataclass(slots=True)
class GuardianDraft:
    """A guardian row and what it says about all of its links."""

    line: int
    record: SisGuardian
    relationship: str | None
    verified: bool


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
    #: sourcedId -> "student" | "guardian" | "staff" | "other" for every user row read.
    kinds: dict[str, str] = field(default_factory=dict)
    #: (users.csv line, owner sourcedId, agent sourcedId) for every agentSourcedIds entry,
    #: resolved once all users are known. Plain tuples: there are hundreds of thousands.
    agents: list[tuple[int, str, str]] = field(default_factory=list)
    agents_column: str = "agentSourcedIds"
    #: Users not imported on purpose (tobedeleted, pre-K, rejected): references to them
    #: are dropped without a second message.
    quiet: set[str] = field(default_factory=set)
    deleted_students: list[str] = field(default_factory=list)
    deleted_guardians: list[str] = field(default_factory=list)
    deleted_staff: list[str] = field(default_factory=list)
    emergency: list[tuple[str, str, str, str | None]] = field(default_factory=list)
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
    """Finds repeated keys in one file: identical repeats warn, different ones are errors."""

    def __init__(self, table: CsvTable, key_column: str, what: str) -> None:
        self.table = table
        self.column = table.label(key_column)
        self.what = what
        self.seen: dict[str, tuple[int, int]] = {}
        self.conflicted: set[str] = set()

    def first(self, key: str, line: int, values: list[str], skip: int | None) -> bool:
        """True if this is the first row for ``key``; otherwise report and return False."""
        kept = values if skip is None else values[:skip] + values[skip + 1 :]
        signature = hash(tuple(kept))
        previous = self.seen.get(key)
        if previous is None:
            self.seen[key] = (line, signature)
            return True
        if previous[1] == signature:
            self.table.log.warning(
                self.table.name,
                f"repeats line {previous[0]} exactly; the repeat is ignored.",
                line=line,
                column=self.column,
            )
        else:
            self.conflicted.add(key)
            self.table.log.error(
                self.table.name,
                f"{self.what} {key!r} is also on line {previous[0]} with different values; "
                "keep one row per " + self.what + ".",
                line=line,
                column=self.column,
            )
        return False
