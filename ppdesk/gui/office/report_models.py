"""Table models of the reporting tab: adoption rows, the outreach list, emergency contact
changes. Column titles are translated through the ``ReportTables`` context."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ppdesk.domain.reports import language_name
from ppdesk.gui.models import Column, RecordTableModel, _grade_sort, format_date, yes_no
from ppdesk.gui.sis_request_dialog import translated_documents

# Column titles, listed so pyside6-lupdate extracts them (translated in headerData).
_COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("ReportTables", "Grade"),
    QT_TRANSLATE_NOOP("ReportTables", "Homeroom"),
    QT_TRANSLATE_NOOP("ReportTables", "Students"),
    QT_TRANSLATE_NOOP("ReportTables", "Guardians"),
    QT_TRANSLATE_NOOP("ReportTables", "Verified"),
    QT_TRANSLATE_NOOP("ReportTables", "PINs issued"),
    QT_TRANSLATE_NOOP("ReportTables", "Connected"),
    QT_TRANSLATE_NOOP("ReportTables", "Expired unused"),
    QT_TRANSLATE_NOOP("ReportTables", "Issued %"),
    QT_TRANSLATE_NOOP("ReportTables", "Connected %"),
    QT_TRANSLATE_NOOP("ReportTables", "Students connected %"),
    QT_TRANSLATE_NOOP("ReportTables", "Student"),
    QT_TRANSLATE_NOOP("ReportTables", "Student ID"),
    QT_TRANSLATE_NOOP("ReportTables", "Guardian"),
    QT_TRANSLATE_NOOP("ReportTables", "Why"),
    QT_TRANSLATE_NOOP("ReportTables", "Relationship"),
    QT_TRANSLATE_NOOP("ReportTables", "Was"),
    QT_TRANSLATE_NOOP("ReportTables", "Verified legal guardian"),
    QT_TRANSLATE_NOOP("ReportTables", "Phone"),
    QT_TRANSLATE_NOOP("ReportTables", "Email"),
    QT_TRANSLATE_NOOP("ReportTables", "Language"),
    QT_TRANSLATE_NOOP("ReportTables", "When"),
    QT_TRANSLATE_NOOP("ReportTables", "Change"),
    QT_TRANSLATE_NOOP("ReportTables", "Contact"),
    QT_TRANSLATE_NOOP("ReportTables", "Requested"),
    QT_TRANSLATE_NOOP("ReportTables", "Guardian SIS ID"),
    QT_TRANSLATE_NOOP("ReportTables", "Documents seen"),
    QT_TRANSLATE_NOOP("ReportTables", "Update"),
    QT_TRANSLATE_NOOP("ReportTables", "Note"),
    QT_TRANSLATE_NOOP("ReportTables", "Requested by"),
)


def percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.0%}"


class _Translated(RecordTableModel):
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        title = super().headerData(section, orientation, role)
        if isinstance(title, str):
            return QCoreApplication.translate("ReportTables", title)
        return title


# What the office does in the SIS for each request (``sis_requests.UPDATE_LABELS``).
_UPDATES = (
    QT_TRANSLATE_NOOP("ReportTables", "Record the verified status"),
    QT_TRANSLATE_NOOP("ReportTables", "Remove the verified status"),
)


def _update_text(kind: str) -> str:
    from ppdesk.services.sis_requests import UPDATE_LABELS

    return QCoreApplication.translate("ReportTables", UPDATE_LABELS.get(kind, kind))


# The domain's outreach reasons (``outreach_reason``), listed for pyside6-lupdate.
_REASONS = (
    QT_TRANSLATE_NOOP(
        "ReportTables",
        "Not yet a verified parent/legal guardian: the parent brings documents to "
        "the office (section III), then a PIN can be issued",
    ),
    QT_TRANSLATE_NOOP("ReportTables", "No PIN issued yet"),
    QT_TRANSLATE_NOOP("ReportTables", "PIN issued, not redeemed yet"),
    QT_TRANSLATE_NOOP("ReportTables", "PIN expired unused: reissue"),
    QT_TRANSLATE_NOOP("ReportTables", "PIN revoked: issue a new one if needed"),
    QT_TRANSLATE_NOOP("ReportTables", "Bulk letter printed, not handed over yet"),
)


# The emergency contact report's changes (``domain.reports.CONTACT_CHANGE_WORDS``) and
# the text opt-in values, listed for pyside6-lupdate.
_CHANGES = (
    QT_TRANSLATE_NOOP("ReportTables", "New"),
    QT_TRANSLATE_NOOP("ReportTables", "Changed"),
    QT_TRANSLATE_NOOP("ReportTables", "Removed"),
    QT_TRANSLATE_NOOP("ReportTables", "Home phone changed"),
    QT_TRANSLATE_NOOP("ReportTables", "Work phone changed"),
    QT_TRANSLATE_NOOP("ReportTables", "Cell phone changed"),
    QT_TRANSLATE_NOOP("ReportTables", "Contact preference changed"),
    QT_TRANSLATE_NOOP("ReportTables", "Text opt-in changed"),
    QT_TRANSLATE_NOOP("ReportTables", "Yes"),
    QT_TRANSLATE_NOOP("ReportTables", "No"),
)


def _contact_value(value: str | None) -> str:
    """A phone number as it is; a text opt-in's Yes/No in the interface language."""
    if value in ("Yes", "No"):
        return QCoreApplication.translate("ReportTables", value)
    return value or ""


def _held_overdue(text: str) -> str | None:
    """The 'not handed over for N days' reason in the interface language, or None."""
    import re

    found = re.fullmatch(
        r"Bulk letter not handed over for (\d+) days or more: call the family to come to "
        r"the office with a photo ID",
        text,
    )
    if found is None:
        return None
    return QCoreApplication.translate(
        "ReportTables",
        "Bulk letter not handed over for %1 days or more: call the family to come to the "
        "office with a photo ID",
    ).replace("%1", found.group(1))


def _reason(text: str) -> str:
    overdue = _held_overdue(text)
    if overdue is not None:
        return overdue
    return QCoreApplication.translate("ReportTables", text) if text in _REASONS else text


def _language(code: str | None) -> str:
    name = language_name(code)
    return QCoreApplication.translate("languages", name) if name else ""


def _grade_text(row: Any) -> str:
    return str(row.grade or QCoreApplication.translate("ReportTables", "All grades"))


def _homeroom_text(row: Any) -> str:
    if row.homeroom:
        return str(row.homeroom)
    return QCoreApplication.translate("ReportTables", "(grade total)") if row.grade else ""


class AdoptionModel(_Translated):
    """Per homeroom, grade subtotal and school total (``AdoptionRow``)."""

    COL_GRADE, COL_HOMEROOM, COL_STUDENTS, COL_GUARDIANS = range(4)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("Grade", _grade_text, lambda r: _grade_sort(r.grade or "~")),
        Column("Homeroom", _homeroom_text),
        Column("Students", lambda r: str(r.students), lambda r: r.students),
        Column("Guardians", lambda r: str(r.guardians), lambda r: r.guardians),
        Column("Verified", lambda r: str(r.guardians_verified), lambda r: r.guardians_verified),
        Column("PINs issued", lambda r: str(r.pins_issued), lambda r: r.pins_issued),
        Column("Connected", lambda r: str(r.pins_redeemed), lambda r: r.pins_redeemed),
        Column("Expired unused", lambda r: str(r.pins_expired), lambda r: r.pins_expired),
        Column("Issued %", lambda r: percent(r.issued_rate), lambda r: r.issued_rate or 0.0),
        Column("Connected %", lambda r: percent(r.redeemed_rate), lambda r: r.redeemed_rate or 0.0),
        Column(
            "Students connected %",
            lambda r: percent(r.students_connected_rate),
            lambda r: r.students_connected_rate or 0.0,
        ),
    )


class OutreachModel(_Translated):
    """Guardians to contact (``OutreachRow``)."""

    COL_STUDENT, COL_STUDENT_ID, COL_GRADE = range(3)

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("Student", lambda r: r.student_name),
        Column("Student ID", lambda r: r.student_id),
        Column("Grade", lambda r: r.grade, lambda r: _grade_sort(r.grade)),
        Column("Homeroom", lambda r: r.homeroom or ""),
        Column("Guardian", lambda r: r.guardian_name),
        Column("Why", lambda r: _reason(r.reason)),  # the full text is in the tooltip
        Column("Relationship", lambda r: r.relationship or ""),
        Column("Verified legal guardian", lambda r: yes_no(r.verified_legal_guardian)),
        Column("Phone", lambda r: r.phone or ""),
        Column("Email", lambda r: r.email or ""),
        Column("Language", lambda r: _language(r.preferred_language)),
    )


class ContactChangeModel(_Translated):
    """Emergency contacts added or changed (``EmergencyContactChange``)."""

    COL_WHEN = 0

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(
            "When",
            lambda r: format_date(r.changed_at),
            lambda r: r.changed_at.isoformat(),
        ),
        Column("Change", lambda r: QCoreApplication.translate("ReportTables", r.change)),
        Column("Student", lambda r: r.student_name),
        Column("Student ID", lambda r: r.student_id),
        Column("Grade", lambda r: r.grade, lambda r: _grade_sort(r.grade)),
        Column("Homeroom", lambda r: r.homeroom or ""),
        Column("Contact", lambda r: r.contact_name),
        Column("Relationship", lambda r: r.relationship or ""),
        Column("Phone", lambda r: _contact_value(r.phone)),
        Column("Was", lambda r: _contact_value(r.was)),
    )


class SisUpdateModel(_Translated):
    """Open requests to record a verified parent and legal guardian in the SIS
    (``StatusRequestRow``), oldest first."""

    COL_REQUESTED = 0

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(
            "Requested",
            lambda r: format_date(r.requested_at),
            lambda r: r.requested_at.isoformat(),
        ),
        Column("Student", lambda r: r.student_name),
        Column("Student ID", lambda r: r.student_number),
        Column("Grade", lambda r: r.grade, lambda r: _grade_sort(r.grade)),
        Column("Guardian", lambda r: r.guardian_name),
        Column("Guardian SIS ID", lambda r: r.guardian_sis_id or ""),
        Column("Relationship", lambda r: r.relationship or ""),
        Column("Update", lambda r: _update_text(r.kind)),
        Column("Documents seen", lambda r: translated_documents(r.documents)),
        Column("Note", lambda r: r.note or ""),
        Column("Requested by", lambda r: r.requested_by),
    )
