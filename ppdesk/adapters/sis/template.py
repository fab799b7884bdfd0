"""ppdesk's own import template: one .xlsx (or a folder of .csv files with the same names).

Sheets: Schools, Students, Guardians (one row per student and guardian, with the
verified flag), EmergencyContacts, Staff. The layout is in ``template_layout``; the
blank workbook comes from ``write_blank_template``. Every problem names the file (and
sheet), the row number as Excel shows it and the column header.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ppdesk.adapters.sis import template_layout as t
from ppdesk.adapters.sis.problems import ProblemLog
from ppdesk.adapters.sis.template_cells import CellReader, map_columns, open_source
from ppdesk.adapters.sis.template_guardians import GuardianSheet
from ppdesk.adapters.sis.template_writer import write_blank_template
from ppdesk.adapters.sis.values import check_staff_name, clean_district, clean_language, clean_login
from ppdesk.domain import sis
from ppdesk.domain.sis import gc_paused
from ppdesk.domain.text import fold

logger = logging.getLogger(__name__)

__all__ = ["read_template", "write_blank_template"]


def read_template(
    path: str | Path, *, today: date | None = None, encoding: str | None = None
) -> sis.SisSnapshot:
    """Read and check a filled template (.xlsx, or a folder of .csv); never raises for bad input.

    The result is always ``full=True``: the template lists everything for its schools.
    ``today`` bounds dates of birth (default: the local date).
    """
    path = Path(path)
    log = ProblemLog()
    source = open_source(path, log, encoding)
    if source is None:
        return _empty(log, "template")
    try:
        with gc_paused():
            reader = _TemplateReader(source, log, today or date.today())
            reader.read_all()
            return reader.snapshot(source.kind)
    except Exception as exc:  # a reader bug must still come back as a problem
        logger.exception("template import of %s failed unexpectedly", path.name)
        log.error(
            path.name,
            f"could not be read completely (unexpected {type(exc).__name__}); "
            "please report this with the file.",
        )
        return _empty(log, source.kind)
    finally:
        source.close()


@dataclass(slots=True)
class _StaffDraft:
    line: int
    label: str
    first: str
    last: str
    email: str | None
    role: str | None
    codes: list[str] = field(default_factory=list)


class _TemplateReader:
    def __init__(self, source: Any, log: ProblemLog, today: date) -> None:
        self.source, self.log, self.today = source, log, today
        self.schools: dict[str, tuple[int, sis.SisSchool]] = {}
        self.staff: dict[str, _StaffDraft] = {}
        self.students: dict[str, tuple[int, sis.SisStudent]] = {}
        self.guardians = GuardianSheet(log)
        self.contacts: list[sis.SisEmergencyContact] = []
        self.quiet: set[str] = set()  # keys of rejected rows: no second message about them
        self.guardians_file = source.name
        self.students_file = source.name

    def rows(self, spec: t.Sheet) -> list[CellReader]:
        data = self.source.sheet(spec)
        where = self.source.name
        if data is None:
            if spec.required:
                self.log.error(where, f"has no {spec.name} sheet (or {spec.name}.csv file).")
            elif spec is t.GUARDIANS:
                self.log.warning(where, "has no Guardians sheet: no guardian can get a PIN.")
            return []
        columns = map_columns(data, spec, self.log) if data.header else None
        if columns is None:
            if not data.header and spec.required:
                self.log.error(data.label, "is empty (no header row).")
            return []
        kinds = {c.header: c.kind for c in spec.columns}
        readers = [
            CellReader(self.log, data.label, line, values, columns, kinds)
            for line, values in data.rows
        ]
        if not readers and spec.required:
            self.log.error(data.label, "has a header but no rows.")
        return readers

    def read_all(self) -> None:
        self._schools()
        self._staff()
        self._students()
        for cells in self.rows(t.GUARDIANS):
            self.guardians.add(cells, self._student_known)
            self.guardians_file = cells.check.file
        self._contacts()

    # -- sheets

    def _keep(
        self,
        table: dict[str, Any],
        key: str,
        record: Any,
        cells: CellReader,
        header: str,
        what: str,
    ) -> None:
        label = cells.columns[header][1]
        previous = table.get(key)
        if previous is None:
            if key not in self.quiet:
                table[key] = (cells.line, record)
        elif previous[1] == record:
            cells.check.warning(label, f"repeats row {previous[0]}; the repeat is ignored.")
        else:
            cells.check.error(
                label, f"{what} {key} is also on row {previous[0]} with different values."
            )
            del table[key]
            self.quiet.add(key)

    def _schools(self) -> None:
        for cells in self.rows(t.SCHOOLS):
            code = cells.get("School Code", sis.clean_id)
            school = sis.SisSchool(
                code=code or "",
                name=cells.get("School Name", sis.clean_name, required=True) or "",
                address=cells.get("Address", sis.clean_address),
                phone=cells.get("Phone", sis.clean_phone),
                principal=cells.get("Principal", sis.clean_name),
                local_district=cells.get("Local District", clean_district),
                portal_url=cells.get("Portal URL", sis.clean_url),
            )
            if code is None or cells.check.failed:
                if code:
                    self.quiet.add(code)
                continue
            self._keep(self.schools, code, school, cells, "School Code", "School Code")

    def _school_known(self, cells: CellReader, header: str, code: str | None) -> bool:
        if code is None or code in self.schools:
            return code is not None
        if code not in self.quiet:
            cells.check.error(cells.columns[header][1], f"no school {code} in the Schools sheet.")
        cells.check.failed = True
        return False

    def _staff(self) -> None:
        for cells in self.rows(t.STAFF):
            username = cells.get("Username", clean_login)
            first = cells.get("First Name", sis.clean_name, required=True)
            last = cells.get("Last Name", sis.clean_name, required=True)
            email = cells.get("Email", sis.clean_email)
            code = cells.get("School Code", sis.clean_id, required=False)
            role = cells.get("Role", sis.staff_role)
            too_long = check_staff_name(first, last)
            if too_long:
                cells.check.error(cells.columns["Last Name"][1], too_long)
            if code is not None:
                self._school_known(cells, "School Code", code)
            if username is None or cells.check.failed:
                continue
            draft = self.staff.get(username)
            if draft is None:
                label = cells.columns["Username"][1]
                draft = _StaffDraft(cells.line, label, first, last, email, role)
                self.staff[username] = draft
            elif _staff_key(draft.first, draft.last, draft.email, draft.role) != _staff_key(
                first, last, email, role
            ):
                cells.check.error(
                    cells.columns["Username"][1],
                    f"username {username} is also on row {draft.line} with a different "
                    "name, e-mail or role; only the School Code may differ.",
                )
                continue
            if code is not None and code in draft.codes:
                cells.check.warning(None, f"repeats row {draft.line}; the repeat is ignored.")
            elif code is not None:
                draft.codes.append(code)

    def _students(self) -> None:
        for cells in self.rows(t.STUDENTS):
            student_id = cells.get("Student ID", sis.clean_id)
            school = cells.get("School Code", sis.clean_id)
            grade_raw = cells.raw("Grade")
            if isinstance(grade_raw, str) and sis.is_pre_k_grade(grade_raw):
                cells.check.warning(
                    cells.columns["Grade"][1],
                    f"grade {grade_raw.strip()} is before TK; the student is skipped.",
                )
                if student_id:
                    self.quiet.add(student_id)
                continue
            record = sis.SisStudent(
                student_id=student_id or "",
                school_code=school or "",
                first_name=cells.get("First Name", sis.clean_name, required=True) or "",
                last_name=cells.get("Last Name", sis.clean_name, required=True) or "",
                dob=cells.get("Date of Birth", sis.parse_birth_date, today=self.today),
                grade=cells.get("Grade", sis.canonical_grade) or "",
                homeroom_teacher=self._teacher(cells),
                address=cells.get("Address", sis.clean_address),
                phone=cells.get("Phone", sis.clean_phone),
                student_email=cells.get("Student Email", sis.clean_email),
                student_pin=cells.get("Student PIN", sis.clean_id, required=False),
                home_language=cells.get("Home Language", clean_language),
            )
            self._school_known(cells, "School Code", school)
            if record.dob is not None:
                doubt = sis.birth_date_doubt(record.dob, today=self.today)
                if doubt:
                    cells.check.warning(cells.columns["Date of Birth"][1], doubt)
            if student_id is None or cells.check.failed:
                if student_id:
                    self.quiet.add(student_id)
                continue
            self.students_file = cells.check.file
            self._keep(self.students, student_id, record, cells, "Student ID", "Student ID")

    def _teacher(self, cells: CellReader) -> str | None:
        username: str | None = cells.get("Homeroom Teacher", clean_login, required=False)
        if username is not None and username not in self.staff:
            cells.check.error(
                cells.columns["Homeroom Teacher"][1], f"no username {username} in the Staff sheet."
            )
            return None
        return username

    def _student_known(self, cells: CellReader, header: str) -> str | None:
        student_id: str | None = cells.get(header, sis.clean_id)
        if student_id is None or student_id in self.students:
            return student_id
        if student_id not in self.quiet:
            cells.check.error(
                cells.columns[header][1], f"no student {student_id} in the Students sheet."
            )
        cells.check.failed = True
        return None

    def _contacts(self) -> None:
        seen: dict[tuple[str, str, str], int] = {}
        for cells in self.rows(t.EMERGENCY_CONTACTS):
            student_id = self._student_known(cells, "Student ID")
            name = cells.get("Name", sis.clean_name, required=True)
            phone = cells.get("Phone", sis.clean_phone)
            relationship = cells.get("Relationship", sis.clean_short)
            if not str(cells.raw("Phone") or "").strip() and not cells.check.failed:
                cells.check.error(cells.columns["Phone"][1], "an emergency contact needs a phone.")
            if student_id is None or name is None or phone is None or cells.check.failed:
                continue
            key = (student_id, fold(name), phone)
            if key in seen:
                cells.check.warning(None, f"repeats row {seen[key]}; the repeat is ignored.")
                continue
            seen[key] = cells.line
            self.contacts.append(sis.SisEmergencyContact(student_id, name, phone, relationship))

    # -- result

    def snapshot(self, kind: str) -> sis.SisSnapshot:
        students = tuple(record for _, record in self.students.values())
        student_lines = [line for line, _ in self.students.values()]
        guardians, links = self.guardians.result(set(self.students))
        if links and not any(link.verified_legal_guardian for link in links):
            self.log.warning(
                self.guardians_file,
                "no guardian is marked Yes in Verified Parent/Legal Guardian, so no PIN can "
                "be issued.",
            )
        staff = tuple(
            sis.SisStaff(
                name,
                d.first,
                d.last,
                d.email,
                d.codes[0] if d.codes else None,
                d.role,
                tuple(d.codes[1:]),
            )
            for name, d in self.staff.items()
        )
        return sis.SisSnapshot(
            schools=tuple(record for _, record in self.schools.values()),
            students=students,
            guardians=guardians,
            links=links,
            emergency_contacts=tuple(self.contacts),
            staff=staff,
            problems=self.log.problems(),
            source_kind=kind,
            full=True,
            student_places=sis.Places(self.students_file, student_lines),
            guardian_places=sis.Places(self.guardians_file, self.guardians.kept_lines),
        )


def _staff_key(first: str, last: str, email: str | None, role: str | None) -> tuple[str, ...]:
    return fold(first), fold(last), (email or "").casefold(), role or ""


def _empty(log: ProblemLog, kind: str) -> sis.SisSnapshot:
    return sis.SisSnapshot((), (), (), (), (), (), log.problems(), kind, False)
