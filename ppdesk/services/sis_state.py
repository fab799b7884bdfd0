"""What the database holds, as the SIS import compares it: plain rows, keyed the SIS's way.

The SIS repository (``ppdesk.adapters.db.repos.sis``) loads these in a few bulk queries;
``ppdesk.services.sis_plan`` compares them with a snapshot. Students are keyed by student
ID, guardians by the SIS's source id (guardians without one were not imported and are
never touched), staff by lower-case username, schools by code.

Students and guardians, a district's hundreds of thousands of rows, are held compactly: a
``StudentKey`` / ``GuardianKey`` each, with a digest of the fields the import compares
(``student_digest``, ``guardian_digest``; on PostgreSQL computed by the database). The plan
compares the digest of each incoming record with it and asks for the full rows
(``StudentState``, ``GuardianState``) only of those that differ: a re-import of unchanged
files reads none.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Protocol, overload

_md5 = hashlib.md5

#: The student columns ``student_digest`` covers, in its order.
STUDENT_DIGEST_COLUMNS = (
    "school_id",
    "first_name",
    "last_name",
    "dob",
    "grade",
    "homeroom",
    "homeroom_teacher_id",
    "address",
    "zip_code",
    "phone",
    "student_email",
    "home_language",
)
#: The guardian columns ``guardian_digest`` covers, in its order.
GUARDIAN_DIGEST_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "home_phone",
    "work_phone",
    "cell_phone",
    "preferred_language",
)


def digest(values: Iterable[str | int | date | None]) -> bytes:
    """MD5 (a fingerprint, not a secret) of values written one after another, each as
    its length, ``:`` and its text (a date as YYYY-MM-DD), or ``-`` for None.

    The encoding is unambiguous whatever the values hold, so two rows have one digest
    only if every value is the same (barring an MD5 collision). The SIS repository
    computes the same in SQL on PostgreSQL (``repos.sis.digest_sql``); a test keeps the
    two equal.
    """
    parts: list[str] = []
    add = parts.append
    for value in values:
        if value is None:
            add("-")
            continue
        text = (
            value
            if type(value) is str
            else (value.isoformat() if isinstance(value, date) else str(value))
        )
        add(f"{len(text)}:{text}")
    return _md5("".join(parts).encode("utf-8"), usedforsecurity=False).digest()


class SchoolState(NamedTuple):
    id: int
    code: str
    name: str
    address: str | None
    phone: str | None
    principal_name: str | None
    local_district: str | None
    portal_url: str | None


class StaffState(NamedTuple):
    id: int
    username: str
    display_name: str
    email: str | None
    active: bool


class StudentState(NamedTuple):
    """A student as the database holds it before an import, for the plan's diff. Not a
    ``records.StudentRow``: it carries the student PIN's ciphertext (to tell whether the PIN
    changed), is keyed by number, and is a NamedTuple made straight from the fetched row
    because an import loads every student of the district at once."""

    id: int
    student_number: str
    school_id: int
    first_name: str
    last_name: str
    dob: date
    grade: str
    homeroom: str | None
    homeroom_teacher_id: int | None
    address: str | None
    zip_code: str | None
    phone: str | None
    student_email: str | None
    home_language: str | None
    pin_key_id: str | None
    pin_ciphertext: bytes | None
    active: bool


def student_digest(row: StudentState) -> bytes:
    return digest(
        (
            row.school_id,
            row.first_name,
            row.last_name,
            row.dob,
            row.grade,
            row.homeroom,
            row.homeroom_teacher_id,
            row.address,
            row.zip_code,
            row.phone,
            row.student_email,
            row.home_language,
        )
    )


class StudentKey(NamedTuple):
    """A student as every step of an import needs it, held for each student of the
    district: the digest of the compared fields (``STUDENT_DIGEST_COLUMNS``) and the
    student PIN's ciphertext (compared decrypted)."""

    id: int
    school_id: int
    active: bool
    digest: bytes
    pin_key_id: str | None
    pin_ciphertext: bytes | None


class GuardianState(NamedTuple):
    id: int
    source_id: str
    first_name: str
    last_name: str
    email: str | None
    home_phone: str | None
    work_phone: str | None
    cell_phone: str | None
    preferred_language: str | None
    active: bool
    contact_preference: str | None = None
    text_opt_in: bool = False


def guardian_digest(row: GuardianState) -> bytes:
    return digest(
        (
            row.first_name,
            row.last_name,
            row.email,
            row.home_phone,
            row.work_phone,
            row.cell_phone,
            row.preferred_language,
        )
    )


class GuardianKey(NamedTuple):
    """A guardian as every step of an import needs it: the digest of the compared fields
    (``GUARDIAN_DIGEST_COLUMNS``), plus the contact preference and text opt-in, which an
    import compares only when its files carry them."""

    id: int
    source_id: str
    active: bool
    digest: bytes
    contact_preference: str | None
    text_opt_in: bool


class LinkState(NamedTuple):
    id: int
    student_id: int
    guardian_id: int
    relationship: str | None
    verified: bool
    active: bool


class ContactState(NamedTuple):
    id: int
    student_id: int
    name: str
    phone: str | None
    relationship: str | None


def contacts_digest(contacts: Iterable[tuple[str, str | None, str | None]]) -> bytes:
    """One digest of a student's emergency contacts, each (name, phone, relationship):
    the same for the same contacts in any order (a multiset), else different."""
    parts = sorted(digest(contact) for contact in contacts)
    return _md5(b"".join(parts), usedforsecurity=False).digest()


DIGEST_SIZE = 16  # MD5


class DigestsById(MutableMapping[int, bytes]):
    """Row id -> digest, held as a sorted array of ids and one bytearray of digests (24
    bytes a row): a district's 100,000 emergency-contact digests took ~14 MB as a dict of
    ints and bytes. Ids given in ascending order (as the repository reads them) are
    appended; others are inserted in place."""

    __slots__ = ("_digests", "_ids")

    def __init__(self, items: Iterable[tuple[int, bytes]] = ()) -> None:
        self._ids = array("q")
        self._digests = bytearray()
        for id, value in items:
            self[id] = value

    def _find(self, id: int) -> int | None:
        ids = self._ids
        at = bisect_left(ids, id)
        return at if at < len(ids) and ids[at] == id else None

    def __setitem__(self, id: int, value: bytes) -> None:
        if len(value) != DIGEST_SIZE:
            raise ValueError("a digest is an MD5 (16 bytes)")
        ids = self._ids
        if not ids or ids[-1] < id:
            ids.append(id)
            self._digests += value
            return
        at = bisect_left(ids, id)
        if at < len(ids) and ids[at] == id:
            self._digests[at * DIGEST_SIZE : (at + 1) * DIGEST_SIZE] = value
            return
        ids.insert(at, id)
        self._digests[at * DIGEST_SIZE : at * DIGEST_SIZE] = value

    def __getitem__(self, id: int) -> bytes:
        at = self._find(id)
        if at is None:
            raise KeyError(id)
        return bytes(self._digests[at * DIGEST_SIZE : (at + 1) * DIGEST_SIZE])

    def __delitem__(self, id: int) -> None:
        at = self._find(id)
        if at is None:
            raise KeyError(id)
        del self._ids[at]
        del self._digests[at * DIGEST_SIZE : (at + 1) * DIGEST_SIZE]

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class KeyedIds(Protocol):
    """A key table's position of a key and the row id at a position (``StudentKeys``,
    ``GuardianKeys``)."""

    def find(self, key: str) -> int | None: ...

    def id_at(self, at: int) -> int: ...


class _Keyed:
    """Index by key and the columns every compact key table holds (id, active, digest)."""

    __slots__ = ("_active", "_at", "_digest", "_id")

    def __init__(self) -> None:
        self._at: dict[str, int] = {}
        self._id = array("q")
        self._active = bytearray()
        self._digest = bytearray()

    def _put(self, key: str, id: int, active: bool, digest: bytes) -> int:
        if len(digest) != DIGEST_SIZE:
            raise ValueError("a row digest is an MD5 (16 bytes)")
        at = self._at.get(key)
        if at is None:
            at = self._at[key] = len(self._id)
            self._id.append(id)
            self._active.append(bool(active))
            self._digest += digest
            return at
        self._id[at] = id
        self._active[at] = bool(active)
        self._digest[at * DIGEST_SIZE : (at + 1) * DIGEST_SIZE] = digest
        return at

    def _digest_of(self, at: int) -> bytes:
        return bytes(self._digest[at * DIGEST_SIZE : (at + 1) * DIGEST_SIZE])

    # The plan reads a district's keys through these, by position, without making a
    # ``StudentKey`` / ``GuardianKey`` for each (that was a third of a re-import's compare).
    def find(self, key: str) -> int | None:
        """The position of ``key``'s columns (for the ``*_at`` readers), or None."""
        return self._at.get(key)

    def id_at(self, at: int) -> int:
        return self._id[at]

    def active_at(self, at: int) -> bool:
        return bool(self._active[at])

    def digest_is(self, at: int, digest: bytes) -> bool:
        """True if the row at ``at`` has this digest."""
        return self._digest[at * DIGEST_SIZE : (at + 1) * DIGEST_SIZE] == digest

    def span(self) -> int:
        """One more than the highest position (a removed key's stays taken): the size
        of a table of flags or values by position."""
        return len(self._id)

    def positions(self) -> Iterator[tuple[str, int]]:
        """(key, position) of every row held."""
        return iter(self._at.items())

    def id_pairs(self) -> Iterator[tuple[str, int]]:
        """(key, id) of every row held."""
        ids = self._id
        return ((key, ids[at]) for key, at in self._at.items())

    def active_ids(self) -> Iterator[int]:
        """The ids of the active rows held."""
        ids, active = self._id, self._active
        return (ids[at] for at in self._at.values() if active[at])

    def __len__(self) -> int:
        return len(self._at)

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __delitem__(self, key: str) -> None:
        del self._at[key]  # its columns stay, unreachable


class StudentKeys(_Keyed, MutableMapping[str, StudentKey]):
    """Student number -> ``StudentKey``, held as columns (arrays) rather than a tuple, a
    digest ``bytes`` and an int per student; each ``StudentKey`` is made when asked for.
    For a district that is ~100 bytes less per student than a dict of keys."""

    __slots__ = ("_pin", "_pin_key", "_school")

    def __init__(self) -> None:
        super().__init__()
        self._school = array("q")
        self._pin_key: list[str | None] = []
        self._pin: list[bytes | None] = []

    def __setitem__(self, number: str, key: StudentKey) -> None:
        self.add(number, *key)

    def add(
        self,
        number: str,
        id: int,
        school_id: int,
        active: bool,
        digest: bytes,
        pin_key_id: str | None,
        pin_ciphertext: bytes | None,
    ) -> None:
        """``self[number] = StudentKey(id, ...)`` without making the ``StudentKey``."""
        at = self._put(number, id, active, digest)
        if at == len(self._school):
            self._school.append(school_id)
            self._pin_key.append(pin_key_id)
            self._pin.append(pin_ciphertext)
        else:
            self._school[at] = school_id
            self._pin_key[at] = pin_key_id
            self._pin[at] = pin_ciphertext

    def __getitem__(self, number: str) -> StudentKey:
        return self._key(self._at[number])

    def get(self, number: str, default: StudentKey | None = None) -> StudentKey | None:  # type: ignore[override]
        at = self._at.get(number)
        return default if at is None else self._key(at)

    def school_at(self, at: int) -> int:
        return self._school[at]

    def has_pin_at(self, at: int) -> bool:
        return self._pin[at] is not None

    def key_at(self, at: int) -> StudentKey:
        """The ``StudentKey`` at a position ``find`` gave."""
        return self._key(at)

    def _key(self, at: int) -> StudentKey:
        return StudentKey(
            self._id[at], self._school[at], bool(self._active[at]), self._digest_of(at),
            self._pin_key[at], self._pin[at],
        )  # fmt: skip


class GuardianKeys(_Keyed, MutableMapping[str, GuardianKey]):
    """Guardian source id -> ``GuardianKey``, held as columns like ``StudentKeys``."""

    __slots__ = ("_opt_in", "_preference")

    def __init__(self) -> None:
        super().__init__()
        self._preference: list[str | None] = []
        self._opt_in = bytearray()

    def __setitem__(self, source_id: str, key: GuardianKey) -> None:
        if key.source_id != source_id:
            raise ValueError("a guardian is keyed by its own source id")
        self.add(source_id, key.id, key.active, key.digest, key.contact_preference,
                 key.text_opt_in)  # fmt: skip

    def add(
        self,
        source_id: str,
        id: int,
        active: bool,
        digest: bytes,
        contact_preference: str | None,
        text_opt_in: bool,
    ) -> None:
        """``self[source_id] = GuardianKey(id, source_id, ...)`` without making it."""
        at = self._put(source_id, id, active, digest)
        if at == len(self._preference):
            self._preference.append(contact_preference)
            self._opt_in.append(bool(text_opt_in))
        else:
            self._preference[at] = contact_preference
            self._opt_in[at] = bool(text_opt_in)

    def __getitem__(self, source_id: str) -> GuardianKey:
        return self._key(source_id, self._at[source_id])

    def get(self, source_id: str, default: GuardianKey | None = None) -> GuardianKey | None:  # type: ignore[override]
        at = self._at.get(source_id)
        return default if at is None else self._key(source_id, at)

    def preference_at(self, at: int) -> str | None:
        return self._preference[at]

    def opt_in_at(self, at: int) -> bool:
        return bool(self._opt_in[at])

    def _key(self, source_id: str, at: int) -> GuardianKey:
        return GuardianKey(
            self._id[at], source_id, bool(self._active[at]), self._digest_of(at),
            self._preference[at], bool(self._opt_in[at]),
        )  # fmt: skip


class LinkTable(Sequence[LinkState]):
    """The links an import compares, held as columns (arrays); each ``LinkState`` is made
    when read. A district's 180,000 links took ~30 MB as a list of tuples and ints."""

    __slots__ = ("_flags", "_guardian", "_id", "_relationship", "_student")

    def __init__(self, links: Iterable[LinkState] = ()) -> None:
        self._id = array("q")
        self._student = array("q")
        self._guardian = array("q")
        self._relationship: list[str | None] = []
        self._flags = bytearray()  # 1: verified, 2: active
        for link in links:
            self.append(link)

    def append(self, link: LinkState) -> None:
        self.add(*link)

    def add(
        self,
        id: int,
        student_id: int,
        guardian_id: int,
        relationship: str | None,
        verified: bool,
        active: bool,
    ) -> None:
        """``append(LinkState(id, ...))`` without making the ``LinkState``."""
        self._id.append(id)
        self._student.append(student_id)
        self._guardian.append(guardian_id)
        self._relationship.append(relationship)
        self._flags.append((1 if verified else 0) | (2 if active else 0))

    def __len__(self) -> int:
        return len(self._id)

    def _link(self, at: int) -> LinkState:
        flags = self._flags[at]
        return LinkState(
            self._id[at], self._student[at], self._guardian[at], self._relationship[at],
            bool(flags & 1), bool(flags & 2),
        )  # fmt: skip

    @overload
    def __getitem__(self, at: int) -> LinkState: ...
    @overload
    def __getitem__(self, at: slice) -> list[LinkState]: ...
    def __getitem__(self, at: int | slice) -> LinkState | list[LinkState]:
        if isinstance(at, slice):
            return [self._link(i) for i in range(len(self))[at]]
        return self._link(range(len(self))[at])

    def __iter__(self) -> Iterator[LinkState]:
        return map(self._link, range(len(self)))


@dataclass
class DbState:
    """The rows an import may change, loaded in one transaction."""

    schools: dict[str, SchoolState] = field(default_factory=dict)
    staff: dict[str, StaffState] = field(default_factory=dict)
    #: (staff id, role, school id) of every grant ever made, revoked ones included: an
    #: import never grants again what a principal took away.
    grants: set[tuple[int, str, int | None]] = field(default_factory=set)
    #: Keyed by student number and guardian source id, in compact tables; the links may
    #: be a ``LinkTable`` or a plain list.
    students: StudentKeys = field(default_factory=StudentKeys)
    guardians: GuardianKeys = field(default_factory=GuardianKeys)
    links: Sequence[LinkState] = field(default_factory=LinkTable)
    #: The emergency contacts of each student id, given as rows (the in-memory database,
    #: tests). The repository holds ``contact_digests`` instead and reads the rows of the
    #: students whose contacts differ (``load_contacts``): a district's 100,000 contacts
    #: took ~35 MB as rows.
    contacts: dict[int, list[ContactState]] = field(default_factory=dict)
    contact_digests: MutableMapping[int, bytes] = field(default_factory=DigestsById)
    load_contacts: Callable[[Sequence[int]], Iterable[ContactState]] | None = None
    #: Links with an active PIN that has not yet expired.
    active_pin_links: set[int] = field(default_factory=set)
    #: Links whose verified status a principal or AP removed at the desk, with the request
    #: to remove it in the SIS still open: an import does not verify them again.
    removals_requested: set[int] = field(default_factory=set)
    #: Codes of schools a district administrator switched back to desk recording: an import
    #: leaves the verified status of their existing links alone.
    status_local_codes: set[str] = field(default_factory=set)
    #: Student numbers and guardian source ids of the files that rows outside the reader's
    #: sight hold (another school's, over a personal login; ``keys_elsewhere``).
    students_elsewhere: set[str] = field(default_factory=set)
    guardians_elsewhere: set[str] = field(default_factory=set)
    #: The full rows of some students and guardians, by id (the repository reads them
    #: from the database; without a loader, the rows given to ``add_student`` and
    #: ``add_guardian``).
    load_students: Callable[[Sequence[int]], Iterable[StudentState]] | None = None
    load_guardians: Callable[[Sequence[int]], Iterable[GuardianState]] | None = None
    _student_rows: dict[int, StudentState] = field(default_factory=dict, repr=False)
    _guardian_rows: dict[int, GuardianState] = field(default_factory=dict, repr=False)

    def add_student(self, row: StudentState) -> None:
        """Hold a student given as a full row (the in-memory database, tests)."""
        self.students[row.student_number] = StudentKey(
            row.id, row.school_id, row.active, student_digest(row), row.pin_key_id,
            row.pin_ciphertext,
        )  # fmt: skip
        self._student_rows[row.id] = row

    def add_guardian(self, row: GuardianState) -> None:
        """Hold a guardian given as a full row (the in-memory database, tests)."""
        self.guardians[row.source_id] = GuardianKey(
            row.id, row.source_id, row.active, guardian_digest(row), row.contact_preference,
            row.text_opt_in,
        )  # fmt: skip
        self._guardian_rows[row.id] = row

    def contact_digest(self, student_id: int) -> bytes | None:
        """``contacts_digest`` of the student's contacts, or None if they have none."""
        if self.load_contacts is None:
            rows = self.contacts.get(student_id)
            return (
                contacts_digest((c.name, c.phone, c.relationship) for c in rows) if rows else None
            )
        return self.contact_digests.get(student_id)

    def contact_rows(self, student_ids: Sequence[int]) -> dict[int, list[ContactState]]:
        """The contacts of these students, by student id (in contact id order)."""
        if self.load_contacts is None:
            return {i: self.contacts[i] for i in student_ids if i in self.contacts}
        rows: dict[int, list[ContactState]] = {}
        for row in self.load_contacts(student_ids) if student_ids else ():
            rows.setdefault(row.student_id, []).append(row)
        return rows

    def student_rows(self, ids: Sequence[int]) -> dict[int, StudentState]:
        """The full rows of these students, by id."""
        if self.load_students is None:
            return {i: self._student_rows[i] for i in ids}
        return {r.id: r for r in self.load_students(ids)} if ids else {}

    def guardian_rows(self, ids: Sequence[int]) -> dict[int, GuardianState]:
        """The full rows of these guardians, by id."""
        if self.load_guardians is None:
            return {i: self._guardian_rows[i] for i in ids}
        return {r.id: r for r in self.load_guardians(ids)} if ids else {}
