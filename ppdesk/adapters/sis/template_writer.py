"""Write the blank import template: an Instructions sheet and one sheet per layout sheet.

Made for office staff who keep spreadsheets: required headers are coloured and carry
a note, ID columns are formatted as Text before anyone types in them (so 00123 stays
00123), dates show as YYYY-MM-DD, and Yes/No, Grade and Role cells offer a list.
"""

from __future__ import annotations

from pathlib import Path

from ppdesk.adapters.sis import template_layout as t

_REQUIRED_FILL = "FCE4D6"
_OPTIONAL_FILL = "EDEDED"
_LAST_ROW = 1_048_576

_GENERAL = (
    "How to fill in this workbook",
    "",
    "Fill one sheet per kind of record: Schools, Students, Guardians, EmergencyContacts, "
    "Staff. Keep the header row as it is (the order of the columns does not matter).",
    "Columns with an orange header are required; grey ones are optional. Hover over a "
    "header to read its note.",
    "IDs (Student ID, Guardian ID, School Code, Student PIN, Username) are text: keep "
    "leading zeros. A number cell in an ID column is refused, because Excel drops the "
    "zeros of numbers.",
    "Date of Birth: a date cell, or text written as YYYY-MM-DD (2015-03-04 is 4 March "
    "2015). Text like 03/04/2015 is refused: day and month could be swapped.",
    "Grade: TK, K, 1 to 12. Students in earlier grades (PK) are skipped.",
    "Guardians: one row per student and guardian. A parent of two students has two rows "
    "with the same Guardian ID; the name and phones may be left blank on the second row.",
    "Verified Parent/Legal Guardian: Yes only when MiSiS lists the person as the "
    "verified parent and legal guardian of that student (REF-6363.1 section III). Only "
    "they can be given a Parent Portal PIN. Blank means No.",
    "The import checks the whole workbook first and lists every problem with its sheet, "
    "row and column. Nothing is imported until there are no errors; warnings do not stop "
    "the import.",
    "Everything this workbook lists for its schools replaces what ppdesk has: a student "
    "missing from the Students sheet is treated as having left.",
)


def write_blank_template(path: str | Path) -> Path:
    """Write the blank template workbook to ``path`` (.xlsx) and return the path."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    book = Workbook()
    notes = book.active
    notes.title = "Instructions"
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 11
    notes.column_dimensions["C"].width = 90
    row = 1
    for number, text in enumerate(_GENERAL):
        notes.cell(row=row, column=1, value=text)
        notes.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        notes.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        if number == 0:
            notes.cell(row=row, column=1).font = Font(bold=True, size=14)
        else:
            notes.row_dimensions[row].height = 32
        row += 1
    for spec in t.SHEETS:
        row += 1
        notes.cell(row=row, column=1, value=f"Sheet {spec.name}").font = Font(bold=True)
        notes.cell(row=row, column=3, value=spec.note)
        row += 1
        for column in spec.columns:
            notes.cell(row=row, column=1, value=column.header)
            notes.cell(row=row, column=2, value="required" if column.required else "optional")
            notes.cell(row=row, column=3, value=column.note)
            row += 1

    for spec in t.SHEETS:
        sheet = book.create_sheet(spec.name)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = Font(bold=True)
            colour = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
            cell.fill = PatternFill("solid", fgColor=colour)
            note = ("Required. " if column.required else "Optional. ") + column.note
            cell.comment = Comment(note.strip(), "ppdesk", width=260, height=110)
            dimension = sheet.column_dimensions[letter]
            dimension.width = column.width
            if column.kind in t.TEXT_KINDS:
                dimension.number_format = "@"  # Text: Excel keeps leading zeros
            elif column.kind == t.DATE:
                dimension.number_format = "yyyy-mm-dd"
            _add_validation(sheet, column, f"{letter}2:{letter}{_LAST_ROW}")
    book.save(path)
    return path


def _add_validation(sheet: object, column: t.Column, cells: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if column.kind == t.FLAG:
        rule = DataValidation(type="list", formula1='"' + ",".join(t.YES_NO) + '"')
        rule.error = "Choose Yes or No."
    elif column.kind == t.GRADE:
        rule = DataValidation(type="list", formula1='"' + ",".join(t.GRADE_CHOICES) + '"')
        rule.error = "Choose TK, K or 1 to 12."
    elif column.kind == t.ROLE:
        rule = DataValidation(type="list", formula1='"' + ",".join(t.ROLE_CHOICES) + '"')
        rule.error = "Choose Teacher, Office staff, Assistant principal or Principal."
    elif column.kind == t.DATE:
        rule = DataValidation(
            type="date", operator="between", formula1="DATE(1900,1,1)", formula2="TODAY()"
        )
        rule.error = "Enter a date between 1900-01-01 and today, as YYYY-MM-DD."
    else:
        return
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = column.header
    sheet.add_data_validation(rule)  # type: ignore[attr-defined]
    rule.add(cells)
