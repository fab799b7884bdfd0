"""Read a OneRoster 1.1 or 1.2 CSV export (a folder or a .zip) into a ``SisSnapshot``.

Files read: manifest.csv (optional), orgs.csv, users.csv, demographics.csv, roles.csv
(1.2 layout), classes.csv + enrollments.csv (homerooms, optional) and ppdesk's own
emergency_contacts.csv (optional). The columns, ppdesk's ``metadata.ppdesk.*``
extension columns and every rule are documented in docs/import.md.

Nothing here raises on bad input: every problem, including an unexpected failure of
the reader itself, ends up in ``SisSnapshot.problems``.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from ppdesk.adapters.sis import oneroster_common as c
from ppdesk.adapters.sis.csvio import open_table
from ppdesk.adapters.sis.fileset import open_file_set
from ppdesk.adapters.sis.oneroster_classes import read_emergency_contacts, read_homerooms
from ppdesk.adapters.sis.oneroster_tables import read_demographics, read_orgs, read_roles
from ppdesk.adapters.sis.oneroster_users import read_users
from ppdesk.adapters.sis.problems import ProblemLog
from ppdesk.domain import sis
from ppdesk.domain.sis import gc_paused

logger = logging.getLogger(__name__)

#: Manifest ``file.*`` entries of the files ppdesk reads.
_MANIFEST_FILES = ("orgs", "users", "demographics", "roles", "classes", "enrollments")
_MODES = frozenset({"bulk", "delta", "absent"})


def read_oneroster(
    path: str | Path,
    *,
    verified_from_role: bool = False,
    today: date | None = None,
    encoding: str | None = None,
) -> sis.SisSnapshot:
    """Read and check a OneRoster CSV export; never raises for bad input.

    ``verified_from_role``: a guardian row without a ``metadata.ppdesk.
    verifiedLegalGuardian`` value counts as verified parent and legal guardian when its
    role is parent or guardian (never when it is relative). ``today`` bounds dates of
    birth (default: the local date). ``encoding``: the legacy encoding the operator
    declared for every file (default: UTF-8, see docs/import.md).
    """
    path = Path(path)
    log = ProblemLog()
    files = open_file_set(path, log)
    if files is None:
        return _empty(log, "oneroster")
    roster = c.Roster(files, log, today or date.today(), True, verified_from_role)
    roster.encoding = encoding
    kind = "oneroster"
    try:
        with files, gc_paused():
            kind = _read_all(roster)
            return _snapshot(roster, kind)
    except Exception as exc:  # a reader bug must still come back as a problem
        logger.exception("OneRoster import of %s failed unexpectedly", path.name)
        log.error(
            files.origin,
            f"could not be read completely (unexpected {type(exc).__name__}); "
            "please report this with the file set.",
        )
        return _empty(log, kind)


def _read_all(roster: c.Roster) -> str:
    version = _read_manifest(roster)
    layout = "1.2" if roster.files.has("roles.csv") and "roles.csv" not in roster.absent else "1.1"
    read_orgs(roster)
    if layout == "1.2":
        read_roles(roster)
    read_users(roster, layout=layout)
    read_demographics(roster)
    read_homerooms(roster)
    read_emergency_contacts(roster)
    if version in ("1.1", "1.2") and version != layout:
        roster.log.warning(
            roster.files.label("manifest.csv"),
            f"says oneroster.version {version}, but the files are in the {layout} layout "
            f"({'with' if layout == '1.2' else 'without'} roles.csv); they were read as {layout}.",
        )
    return f"oneroster-{layout}"


def _read_manifest(roster: c.Roster) -> str | None:
    """Read manifest.csv: sets ``roster.full`` and ``roster.absent``; returns the version."""
    files, log = roster.files, roster.log
    if not files.has("manifest.csv"):
        log.warning(
            "manifest.csv",
            "is missing, so the export is taken as complete (bulk): students, guardians "
            "and staff of its schools that are not in it will be treated as gone.",
        )
        return None
    label = files.label("manifest.csv")
    table = open_table(
        label,
        files.opener("manifest.csv"),
        log,
        required=("propertyName", "value"),
        encoding=roster.encoding,
    )
    if table is None:
        roster.full = False  # cannot tell bulk from delta: never treat it as complete
        return None
    properties: dict[str, tuple[str, int | None]] = {}
    name_at, value_at = table.position("propertyName"), table.position("value")
    assert name_at is not None and value_at is not None
    for row_line, values in table.rows():
        properties[values[name_at].strip().lower()] = (values[value_at].strip(), row_line)
    modes = []
    for stem in _MANIFEST_FILES:
        value, line = properties.get(f"file.{stem}", ("", None))
        mode = value.lower()
        name = f"{stem}.csv"
        if mode and mode not in _MODES:
            log.error(
                label,
                f"file.{stem} must be bulk, delta or absent.",
                line=line,
                column=table.label("value"),
            )
            continue
        if mode == "absent":
            roster.absent.add(name)
            if files.has(name):
                log.warning(label, f"says {name} is absent; the file is ignored.", line=line)
        elif mode in ("bulk", "delta"):
            modes.append(mode)
            if not files.has(name) and stem in ("classes", "enrollments"):
                log.error(label, f"lists {name} as {mode}, but the file is missing.", line=line)
    roster.full = "delta" not in modes
    return properties.get("oneroster.version", ("", None))[0] or None


def _links(roster: c.Roster) -> list[sis.SisLink]:
    users = roster.files.label("users.csv")
    kinds, quiet = roster.kinds, roster.quiet
    pairs: dict[tuple[str, str], None] = {}
    mentioned: set[str] = set()
    for line, owner, agent in roster.agents:
        if owner in quiet:
            continue
        owner_is_student = kinds.get(owner) == "student"
        guardian = agent if owner_is_student else owner
        mentioned.add(guardian)
        if agent in quiet:
            continue
        agent_kind = kinds.get(agent)
        if agent_kind == ("guardian" if owner_is_student else "student"):
            pairs[(owner, agent) if owner_is_student else (agent, owner)] = None
            continue
        if agent_kind is None:
            message = f"no user with sourcedId {sis.show(agent)} in users.csv"
        else:
            role = {"staff": "a teacher or staff member", "other": "not a parent or guardian"}
            message = f"{sis.show(agent)} is {role.get(agent_kind, 'a ' + agent_kind)}"
        roster.log.warning(
            users, message + "; this link is ignored.", line=line, column=roster.agents_column
        )
    if roster.full:
        _students_without_guardian(roster, {s for s, _ in pairs}, users)
    links = []
    for student_sid, guardian_sid in pairs:
        student = roster.students.get(student_sid)
        draft = roster.guardians.get(guardian_sid)
        if student is None or draft is None or student.dob is None:
            continue
        links.append(
            sis.SisLink(student.student_id, guardian_sid, draft.relationship, draft.verified)
        )
    for sid, draft in roster.guardians.items():
        if sid not in mentioned:
            roster.log.warning(
                users,
                f"guardian {sis.show(sid)} is linked to no student.",
                line=draft.line,
                column=roster.agents_column,
            )
    return links


def _students_without_guardian(roster: c.Roster, linked: set[str], users: str) -> None:
    for sid, draft in roster.students.items():
        if sid not in linked and draft.dob is not None:
            roster.log.warning(
                users,
                f"student {draft.student_id} is left with no guardian (no parent or guardian "
                "links to them), so no PIN letter can go to their family.",
                line=draft.line,
                column=roster.agents_column,
            )


def _snapshot(roster: c.Roster, kind: str) -> sis.SisSnapshot:
    users = roster.files.label("users.csv")
    students: list[sis.SisStudent] = []
    for sid, d in roster.students.items():
        if d.dob is None:
            if sid not in roster.quiet:
                roster.log.error(
                    users,
                    f"student {d.student_id} has no birthDate in demographics.csv.",
                    line=d.line,
                    column="sourcedId",
                )
            continue
        students.append(
            sis.SisStudent(
                d.student_id,
                d.school_code,
                d.first_name,
                d.last_name,
                d.dob,
                d.grade,
                d.homeroom_teacher,
                d.address,
                d.phone,
                d.email,
                d.pin,
                d.home_language,
            )
        )
    links = _links(roster)
    if links and not any(link.verified_legal_guardian for link in links):
        roster.log.warning(
            users,
            "no guardian is marked as verified parent and legal guardian, so no PIN can be "
            f"issued; fill {c.META_VERIFIED} or use the verified-from-role option.",
            column=c.META_VERIFIED,
        )
    by_student = {s_sid: d.student_id for s_sid, d in roster.students.items()}
    contacts = [
        sis.SisEmergencyContact(by_student[sid], name, phone, relationship)
        for sid, name, phone, relationship in roster.emergency
        if sid in by_student and roster.students[sid].dob is not None
    ]
    return sis.SisSnapshot(
        schools=tuple(o.school for o in roster.orgs.values() if o.school is not None),
        students=tuple(students),
        guardians=tuple(g.record for g in roster.guardians.values()),
        links=tuple(links),
        emergency_contacts=tuple(contacts),
        staff=tuple(roster.staff.values()),
        problems=roster.log.problems(),
        source_kind=kind,
        full=roster.full,
        deleted_student_ids=tuple(roster.deleted_students),
        deleted_guardian_ids=tuple(roster.deleted_guardians),
        deleted_staff_usernames=tuple(roster.deleted_staff),
    )


def _empty(log: ProblemLog, kind: str) -> sis.SisSnapshot:
    return sis.SisSnapshot((), (), (), (), (), (), log.problems(), kind, False)


__all__ = ["read_oneroster"]
