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
from array import array
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
    """Resolve every agentSourcedIds entry, in users.csv order, into links and warnings.

    A pair is usually listed from both sides; it becomes a link where it is first met,
    and is recognised again without a table of pairs: met again means that the other
    side's row came first and lists this one (or this cell lists it twice).
    """
    users = roster.files.label("users.csv")
    students, guardians, quiet = roster.students, roster.guardians, roster.quiet
    links: list[sis.SisLink] = []
    for owner in roster.owners:
        if owner in quiet:
            continue
        draft: c.StudentDraft | c.GuardianDraft | None = students.get(owner)
        owner_is_student = draft is not None
        if draft is None:
            draft = guardians.get(owner)
            if draft is None:
                continue  # a conflicting repeat dropped it (and made it quiet)
        agents = c.split_list(draft.agents)
        for n, agent in enumerate(agents):
            guardian_draft = guardians.get(agent if owner_is_student else owner)
            if guardian_draft is not None:
                guardian_draft.linked = True  # mentioned: not "linked to no student"
            if agent in quiet:
                continue
            other = guardians.get(agent) if owner_is_student else students.get(agent)
            if other is not None:
                if (n and agent in agents[:n]) or (
                    other.line < draft.line and _lists(other.agents, owner)
                ):
                    continue  # this pair is already a link
                student = draft if owner_is_student else other
                assert isinstance(student, c.StudentDraft) and guardian_draft is not None
                student.linked = True
                if student.dob is not None:
                    links.append(
                        sis.new_link(
                            student.student_id,
                            guardian_draft.source_id,
                            guardian_draft.relationship,
                            guardian_draft.verified,
                        )
                    )
                continue
            roster.log.warning(
                users,
                _bad_agent(roster, agent) + "; this link is ignored.",
                line=draft.line,
                column=roster.agents_column,
            )
    if roster.full:
        _students_without_guardian(roster, users)
    for sid, guardian in guardians.items():
        if not guardian.linked:
            roster.log.warning(
                users,
                f"guardian {sis.show(sid)} is linked to no student.",
                line=guardian.line,
                column=roster.agents_column,
            )
    return links


def _lists(cell: str, sid: str) -> bool:
    """True if the agentSourcedIds ``cell`` lists ``sid`` (``split_list`` semantics)."""
    if "," not in cell:
        return cell.strip() == sid
    return sid in cell and sid in c.split_list(cell)


def _bad_agent(roster: c.Roster, agent: str) -> str:
    """Why an agentSourcedIds entry gives no link (the other side is of the wrong kind)."""
    if agent in roster.students:
        return f"{sis.show(agent)} is a student"
    if agent in roster.guardians:
        return f"{sis.show(agent)} is a guardian"
    if agent in roster.staff:
        return f"{sis.show(agent)} is a teacher or staff member"
    if agent in roster.others:
        return f"{sis.show(agent)} is not a parent or guardian"
    return f"no user with sourcedId {sis.show(agent)} in users.csv"


def _students_without_guardian(roster: c.Roster, users: str) -> None:
    for draft in roster.students.values():
        if not draft.linked and draft.dob is not None:
            roster.log.warning(
                users,
                f"student {draft.student_id} is left with no guardian (no parent or guardian "
                "links to them), so no PIN letter can go to their family.",
                line=draft.line,
                column=roster.agents_column,
            )


def _snapshot(roster: c.Roster, kind: str) -> sis.SisSnapshot:
    users = roster.files.label("users.csv")
    for sid, d in roster.students.items():
        if d.dob is None and sid not in roster.quiet:
            roster.log.error(
                users,
                f"student {d.student_id} has no birthDate in demographics.csv.",
                line=d.line,
                column="sourcedId",
            )
    links = _links(roster)
    if links and not any(link.verified_legal_guardian for link in links):
        roster.log.warning(
            users,
            "no guardian is marked as verified parent and legal guardian, so no PIN can be "
            f"issued; fill {c.META_VERIFIED} or use the verified-from-role option.",
            column=c.META_VERIFIED,
        )
    # Each draft is let go as soon as its record is built (last first, then reversed),
    # so that drafts and records of a big export are never all in memory together.
    students: list[sis.SisStudent] = []
    student_lines = array("I")  # 4 bytes a student, beside the records
    drafts = roster.students
    while drafts:
        d = drafts.popitem()[1]
        if d.dob is not None:
            student_lines.append(d.line)
            students.append(
                sis.new_student(
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
    students.reverse()
    student_lines.reverse()
    guardians: list[sis.SisGuardian] = []
    guardian_lines = array("I")
    while roster.guardians:
        g = roster.guardians.popitem()[1]
        guardian_lines.append(g.line)
        guardians.append(g.record())
    guardians.reverse()
    guardian_lines.reverse()
    return sis.SisSnapshot(
        schools=tuple(o.school for o in roster.orgs.values() if o.school is not None),
        students=tuple(students),
        guardians=tuple(guardians),
        links=tuple(links),
        emergency_contacts=tuple(roster.emergency),
        staff=tuple(roster.staff.values()),
        problems=roster.log.problems(),
        source_kind=kind,
        full=roster.full,
        deleted_student_ids=tuple(roster.deleted_students),
        deleted_guardian_ids=tuple(roster.deleted_guardians),
        deleted_staff_usernames=tuple(roster.deleted_staff),
        student_places=sis.Places(users, student_lines),
        guardian_places=sis.Places(users, guardian_lines),
    )


def _empty(log: ProblemLog, kind: str) -> sis.SisSnapshot:
    return sis.SisSnapshot((), (), (), (), (), (), log.problems(), kind, False)


__all__ = ["read_oneroster"]
