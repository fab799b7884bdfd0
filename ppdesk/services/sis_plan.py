"""Compare a SIS snapshot with the database: every add, update, deactivation and PIN revocation.

Pure: no database, no keys. ``plan_import`` takes the snapshot, the current rows
(``DbState``) and a function that tells the current student PIN of a row, and returns a
``Plan`` that the import service writes (or, for a dry run, only shows). The rules are
in docs/import.md ("Applying an import"). In short:

* records are matched by the SIS's keys (student ID, guardian source id, username,
  school code), so unchanged data plans nothing at all;
* the scope of deactivations is the snapshot's schools: a full import deactivates the
  students of those schools it no longer lists, their links, and the guardians left with
  no active link; a delta deactivates what it marks deleted, within the same schools;
* a link that ends, or loses the verified parent and legal guardian flag, has its active
  PIN revoked.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any, NamedTuple, overload

from ppdesk.domain.roles import Role
from ppdesk.domain.sis import (
    Places,
    Problem,
    SisEmergencyContact,
    SisGuardian,
    SisLink,
    SisSchool,
    SisSnapshot,
    SisStudent,
)
from ppdesk.services.sis_plan_contacts import plan_contacts
from ppdesk.services.sis_state import (
    ContactState,
    DbState,
    GuardianState,
    LinkState,
    StudentKey,
    StudentState,
    digest,
)

#: Students whose full rows are read and compared at a time (those whose digest differs).
ROW_BATCH = 2000

#: Role granted at their schools to staff the SIS lists with each role hint.
GRANTED_ROLES = {"teacher": Role.TEACHER, "office_staff": Role.OFFICE_STAFF}

STUDENT_FIELDS = (
    "school",
    "first_name",
    "last_name",
    "dob",
    "grade",
    "homeroom",
    "homeroom_teacher",
    "address",
    "zip_code",
    "phone",
    "student_email",
    "home_language",
)
GUARDIAN_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "home_phone",
    "work_phone",
    "cell_phone",
    "preferred_language",
    "contact_preference",
    "text_opt_in",
)
GUARDIAN_PHONES = frozenset({"home_phone", "work_phone", "cell_phone"})
#: The guardian fields the emergency contact report lists when an import changes them
#: (guide section VIII): phone numbers, the contact preference and the text opt-in.
CONTACT_FIELDS = (*sorted(GUARDIAN_PHONES), "contact_preference", "text_opt_in")

# A trailing five-digit ZIP (or ZIP+4), but not a PO box number.
_ZIP = re.compile(r"(?<![\d-])(?<!box )(\d{5})(?:-\d{4})?\s*$", re.IGNORECASE)


def zip_of(address: str | None) -> str | None:
    """The ZIP code at the end of an address ("..., CA 90012" -> "90012"), or None."""
    if not address:
        return None
    # Only the end can match: a ZIP+4 (10 characters) and the 4 characters its look-behinds
    # read. Searching the whole address tried the pattern at each of its characters.
    match = _ZIP.search(address.rstrip()[-16:])
    return match.group(1) if match else None


class Change(NamedTuple):
    """One planned change. ``fields`` names what changes (never a value: PINs are secret).

    A named tuple, not a dataclass: a first import plans half a million of them.
    """

    kind: str  # school, staff, role, student, guardian, link, emergency_contact, pin
    action: str  # add, update, reactivate, deactivate, remove, grant, revoke
    key: str
    fields: tuple[str, ...] = ()


class ChangeLog(Sequence[Change]):
    """The changes of a plan, in order, held as runs: consecutive changes of one kind,
    action and fields share one entry and list only their keys. A first import plans
    half a million changes; as ``Change`` tuples they took ~50 MB.

    A key may be given as an object and a function that makes the key text from it
    (a new link's "student/guardian"), called when the change is read. Equal to any
    sequence of the same changes (``plan.changes == ()`` when there are none).
    """

    __slots__ = ("_keys", "_runs", "_starts")

    def __init__(self, changes: Iterable[Change] = ()) -> None:
        self._keys: list[Any] = []
        #: (kind, action, fields, the function making a key's text or None) per run
        self._runs: list[tuple[str, str, tuple[str, ...], Callable[[Any], str] | None]] = []
        self._starts = array("q")  # index in _keys of each run's first change
        for change in changes:
            self.append(change)

    def add(
        self,
        kind: str,
        action: str,
        key: Any,
        fields: tuple[str, ...] = (),
        text: Callable[[Any], str] | None = None,
    ) -> None:
        """Append a change; ``key`` is its key, or the object ``text`` makes it from."""
        runs = self._runs
        if not runs or runs[-1] != (kind, action, fields, text):
            self._starts.append(len(self._keys))
            runs.append((kind, action, fields, text))
        self._keys.append(key)

    def append(self, change: Change) -> None:
        self.add(change.kind, change.action, change.key, change.fields)

    def __len__(self) -> int:
        return len(self._keys)

    def _change(self, run: int, at: int) -> Change:
        kind, action, fields, text = self._runs[run]
        key = self._keys[at]
        return Change(kind, action, key if text is None else text(key), fields)

    @overload
    def __getitem__(self, at: int) -> Change: ...
    @overload
    def __getitem__(self, at: slice) -> list[Change]: ...
    def __getitem__(self, at: int | slice) -> Change | list[Change]:
        if isinstance(at, slice):
            return [self[i] for i in range(len(self))[at]]
        at = range(len(self))[at]
        return self._change(bisect_right(self._starts, at) - 1, at)

    def __iter__(self) -> Iterator[Change]:
        starts, total = self._starts, len(self._keys)
        for run in range(len(self._runs)):
            end = starts[run + 1] if run + 1 < len(starts) else total
            for at in range(starts[run], end):
                yield self._change(run, at)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"ChangeLog({list(self)!r})"


def link_key(link: LinkWrite) -> str:
    """The key a link's change is listed under: "student ID/guardian source id"."""
    return f"{link.student_id}/{link.guardian_source_id}"


@dataclass(frozen=True, slots=True)
class StudentWrite:
    """A student to add or rewrite: the validated ``SisStudent`` plus what the import
    derives for it (homeroom, teacher) and the ``StudentKey`` of the row it replaces, if
    any. What is written, as opposed to what was read (``SisStudent``) and what was there
    (the state)."""

    record: SisStudent
    homeroom: str | None
    teacher: str | None  # lower-case username
    #: The row it replaces, as its compact key (the full row is let go once compared:
    #: a roll-over rewrites nearly every student).
    existing: StudentKey | None = None
    pin_changed: bool = True
    #: The first or last name changes (the search columns are rewritten too).
    renamed: bool = True


@dataclass(frozen=True, slots=True)
class LinkWrite:
    student_id: str
    guardian_source_id: str
    relationship: str | None
    verified: bool
    existing: LinkState | None = None

    @property
    def verified_changed(self) -> bool:
        return self.existing is None or self.existing.verified != self.verified


@dataclass
class Plan:
    """Everything an import would do. Built by ``plan_import``; written by the service."""

    state: DbState = field(default_factory=DbState)
    counts: Counter[str] = field(default_factory=Counter)
    changes: ChangeLog = field(default_factory=ChangeLog)
    problems: list[Problem] = field(default_factory=list)
    #: School codes the importer needs IMPORT_SIS at: the snapshot's, plus the schools
    #: students are moved away from.
    touched_codes: set[str] = field(default_factory=set)
    new_schools: list[SisSchool] = field(default_factory=list)
    school_updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    new_staff: list[tuple[str, str, str | None]] = field(default_factory=list)
    staff_updates: list[tuple[int, str, str | None]] = field(default_factory=list)
    new_grants: list[tuple[str, Role, str]] = field(default_factory=list)
    new_students: list[StudentWrite] = field(default_factory=list)
    student_updates: list[StudentWrite] = field(default_factory=list)
    deactivate_students: list[int] = field(default_factory=list)
    new_guardians: list[SisGuardian] = field(default_factory=list)
    guardian_updates: list[tuple[GuardianState, SisGuardian, bool]] = field(default_factory=list)
    deactivate_guardians: list[int] = field(default_factory=list)
    new_links: list[LinkWrite] = field(default_factory=list)
    link_updates: list[LinkWrite] = field(default_factory=list)
    deactivate_links: list[int] = field(default_factory=list)
    #: link id -> why its active PIN (if it has one when written) is revoked
    revoke: dict[int, str] = field(default_factory=dict)
    link_keys: dict[int, str] = field(default_factory=dict)  # link id -> "student/guardian"
    #: Links with an open removal request that the files carry as not verified.
    sis_unverified: list[int] = field(default_factory=list)
    new_contacts: list[SisEmergencyContact] = field(default_factory=list)
    contact_updates: list[tuple[int, SisEmergencyContact]] = field(default_factory=list)
    remove_contacts: list[int] = field(default_factory=list)
    #: The rows of ``remove_contacts``, as they are before the import.
    removed_contacts: list[ContactState] = field(default_factory=list)
    #: Active students of the import's schools and active guardians linked to them, now:
    #: the base of the deactivation threshold.
    active_in_scope: int = 0

    @property
    def deactivations(self) -> int:
        """Students and guardians this import would make inactive."""
        return len(self.deactivate_students) + len(self.deactivate_guardians)

    def note(self, kind: str, action: str, key: str, fields: tuple[str, ...] = ()) -> None:
        self.counts[f"{kind}_{action}"] += 1
        self.changes.add(kind, action, key, fields)


def plan_import(
    snapshot: SisSnapshot,
    state: DbState,
    *,
    pin_of: Callable[[StudentKey], str | None],
    source: str = "import",
) -> Plan:
    """Compare ``snapshot`` with ``state``. ``pin_of`` decrypts a row's student PIN."""
    plan = Plan(state=state)
    codes = {s.code for s in snapshot.schools}
    plan.touched_codes |= codes
    _schools(plan, snapshot, state)
    _staff(plan, snapshot, state)
    _students(plan, snapshot, state, codes, pin_of, source)
    _guardians(plan, snapshot, state, source)
    _links(plan, snapshot, state, codes)
    contacts = plan_contacts(snapshot, state)
    plan.new_contacts.extend(contacts.new)
    plan.contact_updates.extend(contacts.updates)
    plan.remove_contacts.extend(contacts.removals)
    plan.removed_contacts.extend(contacts.removed)
    for action, number, fields in contacts.notes:
        plan.note("emergency_contact", action, number, fields)
    plan.active_in_scope = _active_in_scope(state, codes)
    return plan


def _active_in_scope(state: DbState, codes: set[str]) -> int:
    school_ids = {s.id for code, s in state.schools.items() if code in codes}
    keys = state.students
    students = {
        keys.id_at(at)
        for _, at in keys.positions()
        if keys.active_at(at) and keys.school_at(at) in school_ids
    }
    linked = {
        link.guardian_id for link in state.links if link.active and link.student_id in students
    }
    # The active ones among them (no set of every active guardian: it cost ~10 MB).
    guardians = sum(1 for i in state.guardians.active_ids() if i in linked)
    return len(students) + guardians


def _schools(plan: Plan, snapshot: SisSnapshot, state: DbState) -> None:
    for school in snapshot.schools:
        current = state.schools.get(school.code)
        if current is None:
            plan.new_schools.append(school)
            plan.note("school", "add", school.code)
            continue
        # An optional value the SIS leaves blank keeps what the school has: the school
        # record may have been completed by hand (address, portal URL for the letters).
        wanted = {
            "name": school.name,
            "address": school.address,
            "phone": school.phone,
            "principal_name": school.principal,
            "local_district": school.local_district,
            "portal_url": school.portal_url,
        }
        changed = {k: v for k, v in wanted.items() if v is not None and v != getattr(current, k)}
        if changed:
            plan.school_updates.append((current.id, changed))
            plan.note("school", "update", school.code, tuple(changed))


def _staff(plan: Plan, snapshot: SisSnapshot, state: DbState) -> None:
    school_ids = {code: s.id for code, s in state.schools.items()}
    for person in snapshot.staff:
        username = person.username.lower()
        display = f"{person.first_name} {person.last_name}"
        current = state.staff.get(username)
        if current is None:
            plan.new_staff.append((username, display, person.email))
            plan.note("staff", "add", username)
        elif (current.display_name, current.email) != (display, person.email):
            plan.staff_updates.append((current.id, display, person.email))
            fields = tuple(
                name
                for name, old, new in (
                    ("display_name", current.display_name, display),
                    ("email", current.email, person.email),
                )
                if old != new
            )
            plan.note("staff", "update", username, fields)
        role = GRANTED_ROLES.get(person.role or "")
        if role is None or (current is not None and not current.active):
            continue
        for code in dict.fromkeys((person.school_code, *person.also_school_codes)):
            if code is None:
                continue
            school_id = school_ids.get(code)
            if current is not None and (current.id, role.value, school_id) in state.grants:
                continue
            plan.new_grants.append((username, role, code))
            plan.note("role", "grant", f"{username}@{code}", (role.value,))


def _students(
    plan: Plan,
    snapshot: SisSnapshot,
    state: DbState,
    codes: set[str],
    pin_of: Callable[[StudentKey], str | None],
    source: str,
) -> None:
    code_of = {s.id: code for code, s in state.schools.items()}
    school_ids = {code: s.id for code, s in state.schools.items()}
    user_of = {s.id: name for name, s in state.staff.items()}
    staff_ids = {name: s.id for name, s in state.staff.items()}
    display = {p.username.lower(): f"{p.first_name} {p.last_name}" for p in snapshot.staff}
    for name, person in state.staff.items():
        display.setdefault(name, person.display_name)
    keys = state.students
    find = keys.find
    # The rows the files list, as a flag by position (a set of every number took ~5 MB).
    listed = bytearray(keys.span())
    # First each record against the digest of its row; the rows of those that differ
    # (and of a delta's students without a homeroom teacher) are then read in one go.
    todo: list[tuple[SisStudent, StudentKey | None, str | None, str | None, bool]] = []
    for index, record in enumerate(snapshot.students):
        at = find(record.student_id)
        if at is not None:
            listed[at] = 1
        if at is None and record.student_id in state.students_elsewhere:
            plan.problems.append(
                _elsewhere(
                    source,
                    snapshot.student_places,
                    index,
                    f"student {record.student_id} is a student of a school outside your "
                    "schools (the student number is taken there); you cannot import them.",
                )
            )
        teacher = record.homeroom_teacher.lower() if record.homeroom_teacher else None
        if teacher is not None and teacher not in display:
            plan.problems.append(
                Problem(
                    source,
                    None,
                    None,
                    "warning",
                    f"student {record.student_id}: homeroom teacher {teacher!r} is not a "
                    "staff member; no homeroom teacher is recorded.",
                )
            )
            teacher = None
        if at is None:
            homeroom = display[teacher] if teacher else None
            todo.append((record, None, homeroom, teacher, True))
            continue
        # The StudentKey is made only where it is needed (a PIN to decrypt, a row to read).
        key = None
        pin_changed = False
        if record.student_pin is not None or keys.has_pin_at(at):
            key = keys.key_at(at)
            pin_changed = pin_of(key) != record.student_pin
        if teacher is None and not snapshot.full:
            # A delta without classes does not say who the homeroom teacher is: the
            # row's own is kept, so the row is needed.
            todo.append((record, key or keys.key_at(at), None, None, pin_changed))
            continue
        homeroom = display[teacher] if teacher else None
        teacher_id = staff_ids.get(teacher) if teacher else None
        same = (
            keys.active_at(at)
            and not pin_changed
            and (teacher is None or teacher_id is not None)
            and keys.digest_is(
                at,
                digest(
                    (
                        school_ids.get(record.school_code),
                        record.first_name,
                        record.last_name,
                        record.dob,
                        record.grade,
                        homeroom,
                        teacher_id,
                        record.address,
                        zip_of(record.address),
                        record.phone,
                        record.student_email,
                        record.home_language,
                    )
                ),
            )
        )
        if not same:
            todo.append((record, key or keys.key_at(at), homeroom, teacher, pin_changed))
    # The full rows are read a batch at a time and let go once compared: a roll-over
    # differs in nearly every student, and all their rows at once took ~80 MB.
    for start in range(0, len(todo), ROW_BATCH):
        batch = todo[start : start + ROW_BATCH]
        rows = state.student_rows([key.id for _, key, _, _, _ in batch if key is not None])
        for item in batch:
            _student_change(plan, snapshot, rows, code_of, user_of, *item)
    del todo
    if snapshot.full:
        gone = [
            (number, keys.id_at(at))
            for number, at in keys.positions()
            if keys.active_at(at) and not listed[at] and code_of.get(keys.school_at(at)) in codes
        ]
    else:
        gone = []
        for number in dict.fromkeys(snapshot.deleted_student_ids):
            current_key = state.students.get(number)
            if current_key is None or not current_key.active:
                continue
            if code_of.get(current_key.school_id) not in codes:
                plan.problems.append(
                    Problem(
                        source,
                        None,
                        None,
                        "warning",
                        f"student {number} is marked deleted but is not at a school of this "
                        "import; the student is left as is.",
                    )
                )
                continue
            gone.append((number, current_key.id))
    for number, gone_id in gone:
        plan.deactivate_students.append(gone_id)
        plan.note("student", "deactivate", number)


def _student_change(
    plan: Plan,
    snapshot: SisSnapshot,
    rows: dict[int, StudentState],
    code_of: dict[int, str],
    user_of: dict[int, str],
    record: SisStudent,
    key: StudentKey | None,
    homeroom: str | None,
    teacher: str | None,
    pin_changed: bool,
) -> None:
    """Plan one student whose digest differs (or who is new), against its full row."""
    if key is None:
        plan.new_students.append(StudentWrite(record, homeroom, teacher))
        plan.note("student", "add", record.student_id)
        return
    current = rows[key.id]
    if teacher is None and not snapshot.full:
        teacher = user_of.get(current.homeroom_teacher_id or -1)
        homeroom = current.homeroom
    old_code = code_of.get(current.school_id, "")
    old = (
        old_code,
        current.first_name,
        current.last_name,
        current.dob,
        current.grade,
        current.homeroom,
        user_of.get(current.homeroom_teacher_id or -1),
        current.address,
        current.zip_code,
        current.phone,
        current.student_email,
        current.home_language,
    )
    new = (
        record.school_code,
        record.first_name,
        record.last_name,
        record.dob,
        record.grade,
        homeroom,
        teacher,
        record.address,
        zip_of(record.address),
        record.phone,
        record.student_email,
        record.home_language,
    )
    if old == new and not pin_changed and current.active:
        return
    fields = tuple(n for n, a, b in zip(STUDENT_FIELDS, old, new, strict=True) if a != b)
    if pin_changed:
        fields += ("student_pin",)
    if old_code != record.school_code and old_code:
        plan.touched_codes.add(old_code)
    renamed = (current.first_name, current.last_name) != (record.first_name, record.last_name)
    plan.student_updates.append(StudentWrite(record, homeroom, teacher, key, pin_changed, renamed))
    plan.note("student", "update" if current.active else "reactivate", record.student_id, fields)


def _elsewhere(source: str, places: Places | None, index: int, message: str) -> Problem:
    """The error for a record whose key a row outside the importer's schools holds."""
    if places is None:
        return Problem(source, None, None, "error", message)
    return Problem(places.file, places.line(index), None, "error", message)


def _guardians(plan: Plan, snapshot: SisSnapshot, state: DbState, source: str) -> None:
    keys = state.guardians
    find = keys.find
    todo: list[tuple[SisGuardian, int | None]] = []  # the record, its row's id if any
    for index, record in enumerate(snapshot.guardians):
        at = find(record.source_id)
        if at is None and record.source_id in state.guardians_elsewhere:
            plan.problems.append(
                _elsewhere(
                    source,
                    snapshot.guardian_places,
                    index,
                    f"guardian {record.source_id} is a guardian of students of schools "
                    "outside your schools only (the guardian ID is taken there); you cannot "
                    "import them.",
                )
            )
        if at is None:
            todo.append((record, None))
            continue
        # A source without contact preference or text opt-in (None) keeps the database's.
        same = (
            keys.active_at(at)
            and record.contact_preference in (None, keys.preference_at(at))
            and record.text_opt_in in (None, keys.opt_in_at(at))
            and keys.digest_is(
                at,
                digest(
                    (
                        record.first_name,
                        record.last_name,
                        record.email,
                        record.home_phone,
                        record.work_phone,
                        record.cell_phone,
                        record.preferred_language,
                    )
                ),
            )
        )
        if not same:
            todo.append((record, keys.id_at(at)))
    rows = state.guardian_rows([i for _, i in todo if i is not None])
    for record, row_id in todo:
        if row_id is None:
            plan.new_guardians.append(record)
            plan.note("guardian", "add", record.source_id)
            continue
        current = rows[row_id]
        old = (
            current.first_name,
            current.last_name,
            current.email,
            current.home_phone,
            current.work_phone,
            current.cell_phone,
            current.preferred_language,
            current.contact_preference,
            current.text_opt_in,
        )
        new = (
            record.first_name,
            record.last_name,
            record.email,
            record.home_phone,
            record.work_phone,
            record.cell_phone,
            record.preferred_language,
            current.contact_preference
            if record.contact_preference is None
            else record.contact_preference,
            current.text_opt_in if record.text_opt_in is None else record.text_opt_in,
        )
        if old == new and current.active:
            continue
        fields = tuple(n for n, a, b in zip(GUARDIAN_FIELDS, old, new, strict=True) if a != b)
        plan.guardian_updates.append((current, record, bool(GUARDIAN_PHONES & set(fields))))
        plan.note(
            "guardian", "update" if current.active else "reactivate", record.source_id, fields
        )


class _ById:
    """Row id -> key (student number, guardian source id), as a sorted array of ids and
    the keys in the same order: ~16 bytes an entry where a dict took ~80."""

    __slots__ = ("_ids", "_keys")

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted(((i, key) for key, i in pairs), key=itemgetter(0))
        self._ids = array("q", map(itemgetter(0), ordered))
        self._keys = [key for _, key in ordered]

    def get(self, id: int) -> str | None:
        at = bisect_left(self._ids, id)
        if at < len(self._ids) and self._ids[at] == id:
            return self._keys[at]
        return None


def _links(plan: Plan, snapshot: SisSnapshot, state: DbState, codes: set[str]) -> None:
    code_of = {s.id: code for code, s in state.schools.items()}
    students = state.students
    number_of = _ById(students.id_pairs())
    # Guardian id -> source id (not the key: each ``GuardianKey`` would be made and held).
    source_of = _ById(state.guardians.id_pairs())
    if snapshot.full:
        guardians = state.guardians
        listed_guardians = bytearray(guardians.span())  # by position, as in _students
        for g in snapshot.guardians:
            if (at := guardians.find(g.source_id)) is not None:
                listed_guardians[at] = 1
        gone = {guardians.id_at(at) for _, at in guardians.positions() if not listed_guardians[at]}
        del listed_guardians
    else:
        gone = {
            state.guardians[sid].id
            for sid in snapshot.deleted_guardian_ids
            if sid in state.guardians
        }
    # Where each student stands once the import is applied: the snapshot's school for a
    # student it lists (active), else the row's own; inactive if this import ends it.
    # (By position in state.students: only their links are compared. A dict of every
    # listed number took ~5 MB.)
    school_after: list[str | None] = [None] * students.span()
    for student in snapshot.students:
        if (at := students.find(student.student_id)) is not None:
            school_after[at] = student.school_code
    ended = set(plan.deactivate_students)

    def after_of(number: str) -> tuple[str | None, bool]:
        at = students.find(number)
        assert at is not None  # number_of holds the numbers of state.students
        school = school_after[at]
        active = students.id_at(at) not in ended and (school is not None or students.active_at(at))
        return (code_of.get(students.school_at(at)) if school is None else school), active

    # Each listed link is taken out when met in the database: those left are new. (One
    # database link per pair: guardian_link is unique on student and guardian.)
    wanted = {(link.student_id, link.guardian_source_id): link for link in snapshot.links}
    # Only guardians the import may deactivate need their links counted (~20 MB for all).
    remaining: Counter[int] = Counter()  # guardian id -> active links after the import
    in_scope: set[int] = set()  # guardians with a link to a student of these schools
    for link in state.links:
        source = source_of.get(link.guardian_id)
        number = number_of.get(link.student_id)
        if source is None or number is None:
            continue  # a guardian the SIS did not provide: not the import's to change
        after, active_after = after_of(number)
        scoped = after in codes
        counted = link.guardian_id in gone
        if scoped and counted:
            in_scope.add(link.guardian_id)
        listed = wanted.pop((number, source), None)
        if listed is not None:
            if counted:
                remaining[link.guardian_id] += 1
            if (
                link.active
                and link.relationship == listed.relationship
                and link.verified == listed.verified_legal_guardian
                and link.id not in state.removals_requested
            ):
                continue  # unchanged (the quick case of what follows)
            if scoped_local := after in state.status_local_codes:
                # Switched back to desk recording: the desk's status of this link stands.
                listed = replace(listed, verified_legal_guardian=link.verified)
            if link.id in state.removals_requested and not scoped_local:
                if listed.verified_legal_guardian:
                    # Removed at the desk (custody change) and not yet in the SIS: the
                    # removal holds until an import carries it.
                    listed = replace(listed, verified_legal_guardian=False)
                else:
                    plan.sis_unverified.append(link.id)  # closes the removal request
            _link_update(plan, link, listed)
            continue
        ends = link.active and (not active_after or (scoped and (snapshot.full or counted)))
        if ends:
            plan.deactivate_links.append(link.id)
            plan.note("link", "deactivate", f"{number}/{source}")
            plan.revoke[link.id] = (
                "student no longer in the SIS"
                if not active_after
                else "guardian link no longer in the SIS"
            )
            plan.link_keys[link.id] = f"{number}/{source}"
        elif link.active and counted:
            remaining[link.guardian_id] += 1
    del number_of
    for key, new in wanted.items():
        write = LinkWrite(key[0], key[1], new.relationship, new.verified_legal_guardian)
        plan.new_links.append(write)
        # Its key's text is made when the change is read (~12 MB of strings otherwise).
        plan.counts["link_add"] += 1
        plan.changes.add("link", "add", write, (), link_key)
    del wanted
    for guardian_id in sorted(gone):
        source = source_of.get(guardian_id)
        assert source is not None  # gone holds ids of state.guardians
        guardian = state.guardians[source]
        if guardian.active and guardian_id in in_scope and not remaining[guardian_id]:
            plan.deactivate_guardians.append(guardian_id)
            plan.note("guardian", "deactivate", guardian.source_id)
    for link_id, why in plan.revoke.items():
        # Counted from the PINs active now; the write revokes whatever is active then.
        if link_id in state.active_pin_links:
            plan.counts["pin_revoke"] += 1
            plan.changes.append(Change("pin", "revoke", plan.link_keys[link_id], (why,)))


def _link_update(plan: Plan, current: LinkState, record: SisLink) -> None:
    key = f"{record.student_id}/{record.guardian_source_id}"
    fields = tuple(
        name
        for name, changed in (
            ("relationship", current.relationship != record.relationship),
            ("verified_legal_guardian", current.verified != record.verified_legal_guardian),
        )
        if changed
    )
    if not fields and current.active:
        return
    plan.link_updates.append(
        LinkWrite(
            record.student_id,
            record.guardian_source_id,
            record.relationship,
            record.verified_legal_guardian,
            current,
        )
    )
    plan.note("link", "update" if current.active else "reactivate", key, fields)
    if current.verified and not record.verified_legal_guardian:
        plan.revoke[current.id] = "no longer the verified parent and legal guardian"
        plan.link_keys[current.id] = key
