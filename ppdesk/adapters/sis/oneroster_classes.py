"""Homerooms (classes.csv + enrollments.csv) and ppdesk's emergency_contacts.csv."""

from __future__ import annotations

from dataclasses import dataclass, field

from ppdesk.adapters.sis import oneroster_common as c
from ppdesk.adapters.sis.problems import RowCheck
from ppdesk.domain import sis

_CLASS_KNOWN = (
    "status",
    "dateLastModified",
    "title",
    "grades",
    "courseSourcedId",
    "classCode",
    "location",
    "schoolSourcedId",
    "termSourcedIds",
    "subjects",
    "subjectCodes",
    "periods",
    "resources",
)
_ENROLLMENT_KNOWN = (
    "sourcedId",
    "status",
    "dateLastModified",
    "schoolSourcedId",
    "primary",
    "beginDate",
    "endDate",
)


@dataclass(slots=True)
class _Homeroom:
    line: int
    title: str
    school: str
    teachers: list[tuple[bool, int, str]] = field(default_factory=list)


def read_homerooms(roster: c.Roster) -> None:
    """Set each student's homeroom teacher: the teacher of their class of type homeroom."""
    has_classes = roster.files.has("classes.csv") and "classes.csv" not in roster.absent
    has_enrollments = roster.files.has("enrollments.csv") and "enrollments.csv" not in roster.absent
    if not has_classes and not has_enrollments:
        return
    if has_classes != has_enrollments:
        present = "classes.csv" if has_classes else "enrollments.csv"
        roster.log.warning(
            present, "homerooms need both classes.csv and enrollments.csv; none are read."
        )
        return
    homerooms = _read_classes(roster)
    if homerooms is not None:
        _read_enrollments(roster, homerooms)


def _read_classes(roster: c.Roster) -> dict[str, _Homeroom] | None:
    table = roster.table(
        "classes.csv", required=("sourcedId", "classType"), known=_CLASS_KNOWN, needed=False
    )
    if table is None:
        return None
    homerooms: dict[str, _Homeroom] = {}
    for line, values in table.rows():
        if c.is_deleted(table, values):
            continue
        if c.cell(table, values, "classType").strip().lower() != "homeroom":
            continue
        sid = c.cell(table, values, "sourcedId").strip()
        if sid in homerooms:
            roster.log.warning(
                table.name,
                f"homeroom class {sid!r} is also on line {homerooms[sid].line}; the first is used.",
                line=line,
                column=table.label("sourcedId"),
            )
            continue
        homerooms[sid] = _Homeroom(
            line, c.cell(table, values, "title").strip(), c.cell(table, values, "schoolSourcedId")
        )
    return homerooms


def _read_enrollments(roster: c.Roster, homerooms: dict[str, _Homeroom]) -> None:
    table = roster.table(
        "enrollments.csv",
        required=("classSourcedId", "userSourcedId", "role"),
        known=_ENROLLMENT_KNOWN,
        needed=False,
    )
    if table is None:
        return
    class_at, user_at, role_at = (
        table.position("classSourcedId"),
        table.position("userSourcedId"),
        table.position("role"),
    )
    assert class_at is not None and user_at is not None and role_at is not None
    status_at = table.position("status")
    students = roster.students
    # Each student's first homeroom enrollment, and the rare further ones apart: one
    # (line, class) per student rather than a list each.
    placed: dict[str, tuple[int, str]] = {}
    further: dict[str, list[tuple[int, str]]] = {}
    for line, values in table.rows():
        class_sid = values[class_at].strip()
        homeroom = homerooms.get(class_sid)
        if homeroom is None or (
            status_at is not None and values[status_at].strip().lower() == "tobedeleted"
        ):
            continue
        role = values[role_at].strip().lower()
        user = values[user_at].strip()
        if role == "teacher":
            primary = c.cell(table, values, "primary").strip().lower() == "true"
            homeroom.teachers.append((not primary, line, user))
        elif role == "student" and user in students:
            if user in placed:
                further.setdefault(user, []).append((line, class_sid))
            else:
                placed[user] = (line, class_sid)
    column = table.label("classSourcedId")
    for student_sid, entry in placed.items():
        entries = [entry, *further.get(student_sid, ())]
        _assign(roster, table.name, column, student_sid, entries, homerooms)


def _assign(
    roster: c.Roster,
    file: str,
    column: str,
    student_sid: str,
    entries: list[tuple[int, str]],
    homerooms: dict[str, _Homeroom],
) -> None:
    draft = roster.students[student_sid]
    line, class_sid = entries[0]
    if len(entries) > 1:
        at_school = [e for e in entries if homerooms[e[1]].school.strip() == draft.school_sid]
        line, class_sid = (at_school or entries)[0]
        if len(at_school) != 1:
            roster.log.warning(
                file,
                f"student {draft.student_id} is enrolled in {len(entries)} homerooms; "
                f"the one on line {line} is used.",
                line=line,
                column=column,
            )
    teachers = sorted(homerooms[class_sid].teachers)
    if not teachers:
        return
    teacher_sid = teachers[0][2]
    staff = roster.staff.get(teacher_sid)
    if staff is None:
        if teacher_sid not in roster.quiet:
            roster.log.warning(
                file,
                f"the teacher {teacher_sid!r} of homeroom {class_sid!r} is not a teacher "
                "in users.csv; the homeroom teacher is left empty.",
                line=teachers[0][1],
                column="userSourcedId",
            )
        return
    draft.homeroom_teacher = staff.username


def read_emergency_contacts(roster: c.Roster) -> None:
    """emergency_contacts.csv (ppdesk extension): studentSourcedId, name, phone, relationship."""
    table = roster.table(
        c.EMERGENCY_FILE,
        required=("studentSourcedId", "name", "phone"),
        known=("relationship", "status", "dateLastModified"),
        needed=False,
    )
    if table is None:
        return
    label = table.label
    student_at, name_at, phone_at = (
        table.position("studentSourcedId"),
        table.position("name"),
        table.position("phone"),
    )
    assert student_at is not None and name_at is not None and phone_at is not None
    relationship_at = table.position("relationship")
    status_at = table.position("status")
    seen: dict[tuple[str, str, str], int] = {}
    name_label, phone_label = label("name"), label("phone")
    # Names and relationships that passed their (pure) rule: repeats skip it.
    names: dict[str, str] = {}
    folded: dict[str, str] = {}  # checked names and their casefold, one string each
    relationships: dict[str, str] = {}
    for line, values in table.rows():
        if status_at is not None and values[status_at] and c.is_deleted(table, values):
            continue
        check = RowCheck(roster.log, table.name, line)
        student = values[student_at].strip()
        raw_name = values[name_at]
        name = names.get(raw_name)
        if name is None:
            name = check.value(sis.clean_name, name_label, raw_name, required=True)
            if name is not None and len(names) < 50_000:
                names[raw_name] = name
        raw_phone = values[phone_at]
        phone = sis.quick_phone(raw_phone) or check.value(sis.clean_phone, phone_label, raw_phone)
        relationship = None
        if relationship_at is not None and (raw := values[relationship_at]):
            relationship = relationships.get(raw)
            if relationship is None:
                relationship = check.value(sis.clean_short, label("relationship"), raw)
                if relationship is not None and len(relationships) < 50_000:
                    relationships[raw] = relationship
        if check.failed or name is None:
            continue
        if phone is None:
            if not raw_phone.strip():
                check.warning(phone_label, "an emergency contact needs a phone; row skipped.")
            continue
        draft = roster.students.get(student)
        if draft is None:
            if student not in roster.quiet:
                check.warning(
                    label("studentSourcedId"),
                    f"no student with sourcedId {sis.show(student)} in users.csv; row skipped.",
                )
            continue
        fold = folded.get(name)
        if fold is None:
            fold = name.casefold()
            if len(folded) < 50_000:
                folded[name] = fold
        # Keyed by the draft's student ID (one per student sourcedId, kept anyway)
        # rather than by this row's own copy of the sourcedId.
        key = (draft.student_id, fold, phone)
        if key in seen:
            check.warning(None, f"repeats the contact on line {seen[key]}; the repeat is ignored.")
            continue
        seen[key] = line
        if draft.dob is not None:  # a student without one is left out, with an error
            roster.emergency.append(
                sis.new_emergency_contact(draft.student_id, name, phone, relationship)
            )
