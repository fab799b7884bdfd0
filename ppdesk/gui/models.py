"""Table models over the services' frozen records: one small class per table, ``COL_*``
constants for its columns, ``ROW_ROLE`` for the record behind a row and ``SORT_ROLE`` for a
sort key (grades sort TK, K, 1, 2 ... and dates by date, not by their text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ppdesk.domain.pin import OUTSTANDING, PinStatus
from ppdesk.domain.settings import DEFAULT_TIME_ZONE, check_time_zone
from ppdesk.services.letter_selection import last_valid_day
from ppdesk.services.lookup import ContactDetail, GuardianDetail, GuardianSummary
from ppdesk.services.records import StudentHit

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_GRADE_ORDER = {g: i for i, g in enumerate(("TK", "K", *(str(n) for n in range(1, 13))))}

PIN_STATUS_LABELS = {
    "none": QT_TRANSLATE_NOOP("models", "not issued"),
    PinStatus.HELD: QT_TRANSLATE_NOOP("models", "held, not handed over"),
    PinStatus.ACTIVE: QT_TRANSLATE_NOOP("models", "active"),
    PinStatus.EXPIRED: QT_TRANSLATE_NOOP("models", "expired"),
    PinStatus.REDEEMED: QT_TRANSLATE_NOOP("models", "used (linked in the portal)"),
    PinStatus.REVOKED: QT_TRANSLATE_NOOP("models", "revoked"),
}
MONTHS = (
    QT_TRANSLATE_NOOP("dates", "Jan"),
    QT_TRANSLATE_NOOP("dates", "Feb"),
    QT_TRANSLATE_NOOP("dates", "Mar"),
    QT_TRANSLATE_NOOP("dates", "Apr"),
    QT_TRANSLATE_NOOP("dates", "May"),
    QT_TRANSLATE_NOOP("dates", "Jun"),
    QT_TRANSLATE_NOOP("dates", "Jul"),
    QT_TRANSLATE_NOOP("dates", "Aug"),
    QT_TRANSLATE_NOOP("dates", "Sep"),
    QT_TRANSLATE_NOOP("dates", "Oct"),
    QT_TRANSLATE_NOOP("dates", "Nov"),
    QT_TRANSLATE_NOOP("dates", "Dec"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("models", text)


def grade_key(grade: str) -> tuple[int, str]:
    return (_GRADE_ORDER.get(grade.strip().upper(), 99), grade)


def format_date(value: date | datetime | None) -> str:
    """A date as staff read it: ``Mar 4, 2015`` (a moment: its day in the school's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_school_zone()).date() if value.tzinfo else value.date()
    month = QCoreApplication.translate("dates", MONTHS[value.month - 1])
    return (
        QCoreApplication.translate("models", "%1 %2, %3")
        .replace("%3", str(value.year))
        .replace("%2", str(value.day))
        .replace("%1", month)
    )


LONG_MONTHS = (
    QT_TRANSLATE_NOOP("months", "January"),
    QT_TRANSLATE_NOOP("months", "February"),
    QT_TRANSLATE_NOOP("months", "March"),
    QT_TRANSLATE_NOOP("months", "April"),
    QT_TRANSLATE_NOOP("months", "May"),
    QT_TRANSLATE_NOOP("months", "June"),
    QT_TRANSLATE_NOOP("months", "July"),
    QT_TRANSLATE_NOOP("months", "August"),
    QT_TRANSLATE_NOOP("months", "September"),
    QT_TRANSLATE_NOOP("months", "October"),
    QT_TRANSLATE_NOOP("months", "November"),
    QT_TRANSLATE_NOOP("months", "December"),
)


def format_date_words(value: date) -> str:
    """A date in words in the interface language, as it is read back to the person who
    typed it: ``April 3, 2015``, ``3 de abril de 2015``."""
    month = QCoreApplication.translate("months", LONG_MONTHS[value.month - 1])
    return (
        QCoreApplication.translate("dates", "{month} {day}, {year}")
        .replace("{year}", str(value.year))
        .replace("{day}", str(value.day))
        .replace("{month}", month)
    )


def _default_zone() -> tzinfo:
    return check_time_zone(DEFAULT_TIME_ZONE)


# Where the desk's calendar days are taken: the school's time zone, read from the desk's
# settings each time (``Desk`` sets it; ``services.exports.school_zone``), never the
# workstation's own zone.
_school_zone: Callable[[], tzinfo] = _default_zone


def use_school_zone(source: Callable[[], tzinfo]) -> None:
    """Take the desk's use-by days in the zone ``source()`` gives (called at each date)."""
    global _school_zone
    _school_zone = source


def school_time(value: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as staff read it (``strftime`` ``fmt``), in the school's time zone: the
    desk's times agree with its days, the letters and the reports, whatever zone the
    workstation is set to."""
    return value.astimezone(_school_zone()).strftime(fmt)


def last_day_text(expires_at: datetime) -> str:
    """The last whole day a PIN can be used, in the school's time zone: the same date the
    letter prints."""
    return format_date(last_valid_day(expires_at, _school_zone()))


def pin_status_text(status: str, expires_at: datetime | None = None) -> str:
    label = _t(PIN_STATUS_LABELS[status]) if status in PIN_STATUS_LABELS else status
    if status in OUTSTANDING and expires_at is not None:
        return (
            QCoreApplication.translate("models", "%1, use by %2")
            .replace("%2", last_day_text(expires_at))
            .replace("%1", label)
        )
    return label


def yes_no(value: bool) -> str:
    return (
        QCoreApplication.translate("models", "yes")
        if value
        else QCoreApplication.translate("models", "no")
    )


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None


class RecordTableModel(QAbstractTableModel):
    """Read-only rows of frozen records, one column per ``Column``."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rec = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(rec)
        if role == ROW_ROLE:
            return rec
        if role == SORT_ROLE:
            key = column.sort_key(rec) if column.sort_key else column.text(rec).casefold()
            return str(key) if not isinstance(key, (str, int, float)) else key
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return _t(self.COLUMNS[section].title)
        return None


def _grade_sort(grade: str) -> str:
    order, text = grade_key(grade)
    return f"{order:03d}{text}"


class StudentTableModel(RecordTableModel):
    """Find a student: ``StudentHit`` rows. No date of birth: it is a security answer."""

    COL_ID, COL_NAME, COL_GRADE, COL_HOMEROOM, COL_SCHOOL = range(5)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(QT_TRANSLATE_NOOP("models", "Student ID"), lambda h: h.student.student_number),
        Column(QT_TRANSLATE_NOOP("models", "Name"), lambda h: h.student.full_name),
        Column(
            QT_TRANSLATE_NOOP("models", "Grade"),
            lambda h: h.student.grade,
            lambda h: _grade_sort(h.student.grade),
        ),
        Column(QT_TRANSLATE_NOOP("models", "Homeroom"), lambda h: h.student.homeroom or ""),
        Column(QT_TRANSLATE_NOOP("models", "School"), lambda h: h.school_code),
    )

    def record(self, row: int) -> StudentHit:
        return self._rows[row]


class GuardianSearchModel(RecordTableModel):
    """Parent search: ``GuardianSummary`` rows (one per guardian and student)."""

    (
        COL_GUARDIAN,
        COL_RELATIONSHIP,
        COL_STUDENT,
        COL_STUDENT_ID,
        COL_LEGAL,
        COL_PIN,
        COL_PHONES,
        COL_EMAIL,
    ) = range(8)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(QT_TRANSLATE_NOOP("models", "Guardian"), lambda g: g.guardian_name),
        Column(QT_TRANSLATE_NOOP("models", "Relationship"), lambda g: g.relationship or ""),
        Column(QT_TRANSLATE_NOOP("models", "Student"), lambda g: g.student_name),
        Column(QT_TRANSLATE_NOOP("models", "Student ID"), lambda g: g.student_number),
        Column(
            QT_TRANSLATE_NOOP("models", "Verified legal guardian"),
            lambda g: yes_no(g.verified_legal_guardian),
        ),
        Column(
            QT_TRANSLATE_NOOP("models", "Parent Portal PIN"),
            lambda g: pin_status_text(g.pin_status, g.pin_expires_at),
        ),
        Column(QT_TRANSLATE_NOOP("models", "Phones"), lambda g: ", ".join(g.phones)),
        Column(QT_TRANSLATE_NOOP("models", "Email"), lambda g: g.email or ""),
    )

    def record(self, row: int) -> GuardianSummary:
        return self._rows[row]


class GuardianDetailModel(RecordTableModel):
    """The guardians of one student in the student view."""

    (
        COL_NAME,
        COL_RELATIONSHIP,
        COL_LEGAL,
        COL_PIN,
        COL_PORTAL_EMAIL,
        COL_LOCKED,
    ) = range(6)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(QT_TRANSLATE_NOOP("models", "Guardian"), lambda g: g.name),
        Column(QT_TRANSLATE_NOOP("models", "Relationship"), lambda g: g.relationship or ""),
        Column(
            QT_TRANSLATE_NOOP("models", "Verified legal guardian"),
            lambda g: yes_no(g.verified_legal_guardian),
        ),
        Column(
            QT_TRANSLATE_NOOP("models", "Parent Portal PIN"),
            lambda g: pin_status_text(g.pin_status, g.pin_expires_at),
        ),
        Column(
            QT_TRANSLATE_NOOP("models", "Portal account"),
            lambda g: (
                g.registered_portal_email or QCoreApplication.translate("models", "not registered")
            ),
        ),
        Column(
            QT_TRANSLATE_NOOP("models", "Verification lock"),
            lambda g: (
                QCoreApplication.translate("models", "LOCKED")
                if g.locked
                else QCoreApplication.translate("models", "no")
            ),
        ),
    )

    def record(self, row: int) -> GuardianDetail:
        return self._rows[row]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The guardian's name column tells its link id on hover: what an administrator
        gives ``ppdesk letters --guardian-link``."""
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == self.COL_NAME
            and 0 <= index.row() < len(self._rows)
        ):
            rec = self._rows[index.row()]
            return (
                QCoreApplication.translate("models", "%1 (link id %2)")
                .replace("%1", rec.name)
                .replace("%2", str(rec.link_id))
            )
        return super().data(index, role)


class ContactModel(RecordTableModel):
    """Emergency contacts of one student."""

    COL_NAME, COL_RELATIONSHIP, COL_PHONE = range(3)
    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column(QT_TRANSLATE_NOOP("models", "Name"), lambda c: c.name),
        Column(QT_TRANSLATE_NOOP("models", "Relationship"), lambda c: c.relationship or ""),
        Column(QT_TRANSLATE_NOOP("models", "Phone"), lambda c: c.phone or ""),
    )

    def record(self, row: int) -> ContactDetail:
        return self._rows[row]


def sorting_proxy(model: RecordTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that sorts by each column's sort key, case-insensitively."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
