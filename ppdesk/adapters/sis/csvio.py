"""Reading one CSV file of an import: encoding, header, rows with their line numbers.

Real SIS exports come with a UTF-8 BOM, CRLF line ends, Windows-1252 text, quoted
newlines in addresses, stray columns and the odd giant field. This module turns all of
that into (line, values) rows or into problems; it never lets ``csv.Error`` or
``UnicodeDecodeError`` escape.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator

from ppdesk.adapters.sis.problems import ProblemLog

#: The csv module's default field limit. A field longer than this is reported as a row
#: error (no legitimate SIS value comes near it) instead of stopping the whole file.
STANDARD_FIELD_LIMIT = 131_072


def detect_encoding(data: bytes, name: str, log: ProblemLog) -> str | None:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 with a warning; None: neither.

    The check decodes in chunks so that a 50 MB file is not held twice in memory.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    bad_at = _first_bad_byte(data, "utf-8")
    if bad_at is None:
        return "utf-8-sig"
    line = data.count(b"\n", 0, bad_at) + 1
    if _first_bad_byte(data, "cp1252") is not None:
        log.error(
            name,
            "is neither UTF-8 nor Windows-1252 text; export it again as CSV UTF-8.",
            line=line,
        )
        return None
    log.warning(
        name,
        f"is not UTF-8 (first non-UTF-8 byte on line {line}); it was read as Windows-1252. "
        "Check that accented names look right, or export the file as CSV UTF-8.",
        line=line,
    )
    return "cp1252"


def _first_bad_byte(data: bytes, encoding: str) -> int | None:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    chunk = 1 << 20
    for start in range(0, len(data), chunk):
        try:
            decoder.decode(view[start : start + chunk])
        except UnicodeDecodeError as exc:
            return start + exc.start
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return max(len(data) - 1, 0)
    return None


def _raise_field_limit(data_length: int) -> None:
    # csv.field_size_limit is process-wide; only ever raise it. A limit above the file's
    # own size means no field can trip csv.Error, and rows() reports long fields itself.
    wanted = min(max(data_length + 1, STANDARD_FIELD_LIMIT), 2**31 - 1)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


class CsvTable:
    """A CSV file with a checked header; iterate ``rows()`` for (line, values)."""

    def __init__(self, name: str, data: bytes, encoding: str, log: ProblemLog) -> None:
        self.name = name
        self.log = log
        self.header: list[str] = []
        self.header_line = 1
        self.row_count = 0
        self._positions: dict[str, int] = {}
        _raise_field_limit(len(data))
        # Streamed decoding: the text of a big file is never held whole in memory.
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
        self._reader = csv.reader(stream, strict=True)
        self._last_line = 0

    # -- header

    def read_header(self, required: Iterable[str], known: Iterable[str] | None) -> bool:
        """Read the header; report duplicate, missing and unknown columns. False: unusable.

        ``known=None`` leaves unknown columns to the caller (the template matches
        headers loosely itself).
        """
        for line, values in self._records():
            self.header = [v.strip() for v in values]
            self.header_line = line
            break
        else:
            return False
        for index, label in enumerate(self.header):
            key = label.lower()
            if not key:
                continue
            if key in self._positions:
                self.log.error(
                    self.name,
                    f"column {label!r} appears twice in the header; only the first is read.",
                    line=self.header_line,
                    column=label,
                )
                continue
            self._positions[key] = index
        usable = True
        for column in required:
            if column.lower() not in self._positions:
                usable = False
                self.log.error(
                    self.name,
                    f"required column {column!r} is missing from the header.",
                    line=self.header_line,
                    column=column,
                )
        if known is not None:
            self._report_unknown({k.lower() for k in (*required, *known)})
        return usable

    def _report_unknown(self, known: set[str]) -> None:
        unknown = [h for h in self.header if h and h.lower() not in known]
        # A misspelt ppdesk extension column would silently lose data (for example
        # nobody marked verified), so each one gets its own warning.
        for label in (h for h in unknown if h.lower().startswith("metadata.ppdesk.")):
            self.log.warning(
                self.name,
                f"column {label!r} is not a ppdesk column (misspelt?); it is ignored.",
                line=self.header_line,
                column=label,
            )
        other = [h for h in unknown if not h.lower().startswith("metadata.")]
        if other:
            self.log.warning(
                self.name,
                "columns not used by ppdesk are ignored: "
                + ", ".join(repr(h) for h in other[:10])
                + (f" and {len(other) - 10} more" if len(other) > 10 else ""),
                line=self.header_line,
            )

    def has(self, column: str) -> bool:
        """True if the header holds ``column`` (any case)."""
        return column.lower() in self._positions

    def position(self, column: str) -> int | None:
        """Index of ``column`` in each row, or None if absent."""
        return self._positions.get(column.lower())

    def columns(self, names: Iterable[str]) -> dict[str, tuple[int | None, str]]:
        """For each name: (its index or None, its label); look-ups without case folding."""
        return {name: (self.position(name), self.label(name)) for name in names}

    def label(self, column: str) -> str:
        """The column's name as written in this file's header."""
        index = self._positions.get(column.lower())
        return self.header[index] if index is not None else column

    # -- rows

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """Non-blank records as (first line, values); a broken one is reported and skipped."""
        reader = self._reader
        while True:
            start = self._last_line + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._last_line = reader.line_num
                self.log.error(
                    self.name,
                    f"the CSV cannot be read here ({exc}); check the quotes on this line.",
                    line=start,
                )
                continue
            self._last_line = reader.line_num
            if values and (values[0].strip() or "".join(values).strip()):
                yield start, values

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Data rows as (first line number, values); bad rows are reported and skipped."""
        width = len(self.header)
        reader = self._reader
        last = self._last_line
        while True:
            # The same loop as _records, inlined: it runs for every row of a big export.
            start = last + 1
            try:
                values = next(reader)
            except StopIteration:
                self._last_line = last
                return
            except csv.Error as exc:
                last = reader.line_num
                self.log.error(
                    self.name,
                    f"the CSV cannot be read here ({exc}); check the quotes on this line.",
                    line=start,
                )
                continue
            last = reader.line_num
            if not values or not (values[0].strip() or "".join(values).strip()):
                continue
            if len(values) != width:
                self.log.error(
                    self.name,
                    f"this row has {len(values)} values but the header has {width} columns; "
                    "check for an unquoted comma or a missing quote.",
                    line=start,
                )
                continue
            if max(map(len, values)) > STANDARD_FIELD_LIMIT:
                longest = max(range(width), key=lambda i: len(values[i]))
                self.log.error(
                    self.name,
                    f"a value of {len(values[longest]):,} characters is far too long; "
                    "the row is skipped.",
                    line=start,
                    column=self.header[longest] or None,
                )
                continue
            self.row_count += 1
            yield start, values


def open_table(
    name: str,
    data: bytes,
    log: ProblemLog,
    *,
    required: Iterable[str],
    known: Iterable[str] | None = (),
    empty_is_error: bool = True,
) -> CsvTable | None:
    """Start reading ``data`` as the CSV file ``name``; None if it has no usable header."""
    encoding = detect_encoding(data, name, log)
    if encoding is None:
        return None
    table = CsvTable(name, data, encoding, log)
    required = tuple(required)
    if not table.read_header(required, known):
        if not table.header:
            report = log.error if empty_is_error else log.warning
            report(name, "the file is empty (no header line).")
        return None
    return table
