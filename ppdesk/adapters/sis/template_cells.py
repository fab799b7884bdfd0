"""Reading the template's sheets, from an .xlsx or from a folder of .csv files.

Both give the same thing: for each sheet, its header and its rows as (row number,
cell values). An .xlsx cell may be a number, a date or a boolean; ``CellReader`` turns
each one into what the value rules expect and refuses what would be a silent loss
(a student ID stored as a number has lost its leading zeros if it had any).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ppdesk.adapters.sis import template_layout as t
from ppdesk.adapters.sis.csvio import open_table
from ppdesk.adapters.sis.fileset import FileSet, open_file_set
from ppdesk.adapters.sis.problems import ProblemLog, RowCheck
from ppdesk.domain import sis
from ppdesk.domain.errors import ValidationError

Row = tuple[int, Sequence[Any]]


class SheetData:
    """One sheet (or CSV file): its label for problems, header, and a row iterator."""

    def __init__(self, label: str, header: list[str], rows: Iterator[Row]) -> None:
        self.label = label
        self.header = header
        self.rows = rows


class XlsxSource:
    """The sheets of a workbook, matched to the layout by name (case and spaces ignored)."""

    kind = "template-xlsx"

    def __init__(self, path: Path, log: ProblemLog) -> None:
        import openpyxl  # imported here: only the template needs it

        self.name = path.name
        self.log = log
        self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        self._sheets = {t.header_key(ws.title): ws for ws in self._book.worksheets}

    def sheet(self, spec: t.Sheet) -> SheetData | None:
        """The sheet named like ``spec``, or None if the workbook has none."""
        ws = self._sheets.get(t.header_key(spec.name))
        if ws is None:
            return None
        ws.reset_dimensions()  # some writers store a wrong size; read what is there
        rows = enumerate(ws.iter_rows(values_only=True), start=1)
        label = f"{self.name} [{ws.title}]"
        for _number, values in rows:
            if _blank(values):
                continue
            header = ["" if v is None else str(v).strip() for v in values]
            return SheetData(label, header, _skip_blank(rows))
        return SheetData(label, [], iter(()))

    def close(self) -> None:
        """Close the workbook file."""
        self._book.close()


class CsvFolderSource:
    """A folder of Students.csv, Guardians.csv, ...: one CSV file per sheet."""

    kind = "template-csv"

    def __init__(self, files: FileSet, log: ProblemLog, encoding: str | None = None) -> None:
        self.name = files.origin
        self.log = log
        self.encoding = encoding
        self._files = files
        self._by_key = {t.header_key(Path(n).stem): n for n in files.names()}

    def sheet(self, spec: t.Sheet) -> SheetData | None:
        """The CSV file named like ``spec`` (Students.csv, students.csv, ...), or None."""
        name = self._by_key.get(t.header_key(spec.name))
        if name is None:
            return None
        label = self._files.label(name)
        table = open_table(
            label,
            self._files.opener(name),
            self.log,
            required=(),
            known=None,
            encoding=self.encoding,
        )
        if table is None:
            return SheetData(label, [], iter(()))
        return SheetData(label, table.header, iter(table.rows()))

    def close(self) -> None:
        """Release the folder (nothing to do)."""
        self._files.close()


def open_source(
    path: Path, log: ProblemLog, encoding: str | None = None
) -> XlsxSource | CsvFolderSource | None:
    """An .xlsx workbook or a folder of CSV files; None (with a problem) otherwise."""
    if path.is_dir():
        files = open_file_set(path, log)
        return CsvFolderSource(files, log, encoding) if files is not None else None
    if not path.exists():
        log.error(path.name, "does not exist.")
        return None
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        log.error(path.name, "is not an .xlsx workbook or a folder of .csv files.")
        return None
    try:
        return XlsxSource(path, log)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        log.error(path.name, f"cannot be opened as an .xlsx workbook ({type(exc).__name__}).")
        return None


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _skip_blank(rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[Row]:
    for number, values in rows:
        if not _blank(values):
            yield number, values


def map_columns(
    data: SheetData, spec: t.Sheet, log: ProblemLog
) -> dict[str, tuple[int | None, str]] | None:
    """Find each layout column in the header: {layout header: (index, header as written)}.

    Reports missing required columns (then returns None), repeated and unknown ones.
    """
    found: dict[str, tuple[int | None, str]] = {c.header: (None, c.header) for c in spec.columns}
    by_key = {t.header_key(c.header): c.header for c in spec.columns}
    unknown: list[str] = []
    for index, text in enumerate(data.header):
        key = t.header_key(text)
        if not key:
            continue
        header = by_key.get(key)
        if header is None:
            unknown.append(text)
        elif found[header][0] is not None:
            log.error(
                data.label,
                f"column {text!r} appears twice; only the first is read.",
                line=1,
                column=text,
            )
        else:
            found[header] = (index, text)
    if unknown:
        listed = ", ".join(map(repr, unknown))
        log.warning(data.label, f"columns not in the template are ignored: {listed}", line=1)
    missing = [c.header for c in spec.columns if c.required and found[c.header][0] is None]
    for header in missing:
        log.error(data.label, f"required column {header!r} is missing.", line=1, column=header)
    return None if missing else found


class CellReader:
    """Reads the cells of one row through the value rules; problems name row and column."""

    __slots__ = ("check", "columns", "kinds", "line", "values")

    def __init__(
        self,
        log: ProblemLog,
        label: str,
        line: int,
        values: Sequence[Any],
        columns: dict[str, tuple[int | None, str]],
        kinds: dict[str, str],
    ) -> None:
        self.check = RowCheck(log, label, line)
        self.line = line
        self.values, self.columns, self.kinds = values, columns, kinds

    def raw(self, header: str) -> Any:
        """The cell under ``header`` as stored (None when empty or beyond the row)."""
        index = self.columns[header][0]
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def get(self, header: str, rule: Any, **kwargs: Any) -> Any:
        """The checked value of the cell under ``header`` (None if blank or bad)."""
        label = self.columns[header][1]
        value = self.raw(header)
        kind = self.kinds[header]
        if isinstance(value, datetime | date) and kind == t.DATE:
            return self._date(label, value, kwargs["today"])
        text = self._text(label, kind, value)
        if text is None:
            return None
        try:
            return rule(text, field=label, **kwargs)
        except ValidationError as exc:
            self.check.report(exc, label)
            return None

    def _text(self, label: str, kind: str, value: Any) -> str | None:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, int | float):
            if kind in t.TEXT_KINDS and kind != t.PHONE:
                shown = "" if kind == t.PIN else f" ({value})"
                self.check.error(
                    label,
                    f"is stored as a number{shown}, so leading zeros may have been lost; "
                    "format the column as Text and type or paste the values again.",
                )
                return None
            if kind == t.DATE:
                self.check.error(
                    label,
                    f"is a plain number ({value}), not a date; format the cell as a date "
                    "or type the date as YYYY-MM-DD.",
                )
                return None
            return str(int(value)) if float(value).is_integer() else str(value)
        if isinstance(value, datetime | date | time):
            self.check.error(label, "holds a date or time where text is expected.")
            return None
        return str(value)

    def _date(self, label: str, value: date, today: date) -> date | None:
        if isinstance(value, datetime):
            if value.time() != time(0):
                self.check.error(label, "holds a date with a time of day; enter the date only.")
                return None
            value = value.date()
        try:
            return sis.check_birth_date(value, field=label, today=today)
        except ValidationError as exc:
            self.check.report(exc, label)
            return None
