"""Reading one CSV file of an import: encoding, header, rows with their line numbers.

Real SIS exports come with a UTF-8 BOM, CRLF line ends, Windows-1252 text, quoted
newlines in addresses, stray columns and the odd giant field. This module turns all of
that into (line, values) rows or into problems; it never lets ``csv.Error`` or
``UnicodeDecodeError`` escape.

A file is streamed twice (the encoding is checked over the whole file first, then the
rows are read), never held whole in memory. The encoding rule (docs/import.md): UTF-8
with or without a BOM, UTF-16 with a BOM, or the one encoding the operator declared,
each for the whole file. A file with no UTF-8 character at all that reads as
Windows-1252 is read so, with a warning. A file mixing UTF-8 with other bytes is an
error naming the first bad line and byte: it would otherwise overwrite good names with
mojibake. A line longer than ``MAX_LINE_CHARS`` is skipped (with an error) unread.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from ppdesk.adapters.sis.fileset import READ_ERRORS, report_read_error
from ppdesk.adapters.sis.problems import ProblemLog
from ppdesk.domain.sis import show

#: The csv module's default field limit. A field longer than this is reported as a row
#: error (no legitimate SIS value comes near it) instead of stopping the whole file.
STANDARD_FIELD_LIMIT = 131_072
#: The longest physical line (and field) read at all; longer ones are skipped unread so
#: that memory stays bounded whatever the file holds.
MAX_LINE_CHARS = 1 << 20
_CHUNK = 1 << 20
#: A valid UTF-8 sequence of two to four bytes (a non-ASCII character).
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

Opener = Callable[[], io.BufferedReader]


class _Scan:
    """Where the first byte that does not decode is, and what came before it."""

    def __init__(self) -> None:
        self.bad_at: int | None = None  # offset in the file
        self.bad_byte = 0
        self.line = 1
        self.truncated = False
        self.utf8_chars = False  # a valid multi-byte UTF-8 character anywhere


def _scan(opener: Opener, encoding: str, *, look_for_utf8: bool) -> _Scan:
    scan = _Scan()
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with opener() as stream:
        while chunk := stream.read(_CHUNK):
            # bytes.isascii is a C loop; the regex is far slower, so it runs only on
            # a chunk that has a non-ASCII byte at all (and stops at its first match).
            if (
                look_for_utf8
                and not scan.utf8_chars
                and not chunk.isascii()
                and _UTF8_CHAR.search(chunk)
            ):
                scan.utf8_chars = True
            if scan.bad_at is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    # The decoder may hold up to 3 bytes of the previous chunk.
                    at = max(exc.start - (len(exc.object) - len(chunk)), 0)
                    scan.bad_at = offset + at
                    scan.bad_byte = chunk[at] if at < len(chunk) else 0
                    scan.line += chunk.count(b"\n", 0, at)
                    if not look_for_utf8:
                        return scan
                else:
                    scan.line += chunk.count(b"\n")
            offset += len(chunk)
        if scan.bad_at is None:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                scan.bad_at = offset
                scan.truncated = True
    return scan


def detect_encoding(
    opener: Opener, name: str, log: ProblemLog, declared: str | None = None
) -> str | None:
    """The encoding to read ``name`` with, per the rule above; None (with an error) if
    the file does not decode as a whole. May raise one of ``READ_ERRORS``."""
    with opener() as stream:
        start = stream.read(4)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif declared is None or codecs.lookup(declared).name == "utf-8":
        encoding = "utf-8-sig"
    else:
        encoding = declared
    utf8 = encoding == "utf-8-sig"
    scan = _scan(opener, encoding, look_for_utf8=utf8)
    if scan.bad_at is None:
        return encoding
    if scan.truncated:
        log.error(
            name,
            "ends in the middle of a character: the file looks truncated (cut short while "
            "it was copied or exported). Export it again.",
            line=scan.line,
        )
        return None
    where = f"line {scan.line}, byte 0x{scan.bad_byte:02X} at offset {scan.bad_at:,}"
    if not utf8:
        log.error(
            name,
            f"is not {encoding} text as declared ({where}); nothing was read. Check the "
            "encoding option or export the file as CSV UTF-8.",
            line=scan.line,
        )
        return None
    if scan.utf8_chars:
        log.error(
            name,
            f"mixes UTF-8 with another encoding: the first non-UTF-8 byte is on {where}. "
            "Reading it either way would garble names, so nothing was read; fix that line "
            "or export the file again as CSV UTF-8.",
            line=scan.line,
        )
        return None
    if _scan(opener, "cp1252", look_for_utf8=False).bad_at is not None:
        log.error(
            name,
            f"is neither UTF-8 nor Windows-1252 text ({where}); export it again as CSV "
            "UTF-8, or give its encoding (--encoding).",
            line=scan.line,
        )
        return None
    log.warning(
        name,
        f"is not UTF-8 (first non-UTF-8 byte on {where}) and holds no UTF-8 character, so "
        "the whole file was read as Windows-1252. Check that accented names look right, "
        "or export the file as CSV UTF-8.",
        line=scan.line,
    )
    return "cp1252"


def _bounded_lines(
    stream: IO[str], on_long: Callable[[int], None], chars: list[int]
) -> Iterator[str]:
    """The physical lines of ``stream``; one over ``MAX_LINE_CHARS`` is skipped unread
    (reported through ``on_long`` with its line number) and yields an empty line.
    ``chars[0]`` counts the characters yielded."""
    number = 0
    while line := stream.readline(MAX_LINE_CHARS + 1):
        number += 1
        size = len(line)
        chars[0] += size
        if size > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            while rest := stream.readline(MAX_LINE_CHARS):
                if rest.endswith(("\n", "\r")):
                    break
            on_long(number)
            yield "\n"
            continue
        yield line


def _set_field_limit() -> None:
    # csv.field_size_limit is process-wide; only ppdesk's readers use csv. Fields up to
    # MAX_LINE_CHARS are read and rows() reports those over STANDARD_FIELD_LIMIT itself;
    # a longer (multi-line, quoted) field is a csv.Error, reported where it starts.
    if csv.field_size_limit() != MAX_LINE_CHARS:
        csv.field_size_limit(MAX_LINE_CHARS)


class CsvTable:
    """A CSV file with a checked header; iterate ``rows()`` for (line, values)."""

    def __init__(self, name: str, opener: Opener, encoding: str, log: ProblemLog) -> None:
        self.name = name
        self.log = log
        self.header: list[str] = []
        self.header_line = 1
        self.row_count = 0
        self._positions: dict[str, int] = {}
        _set_field_limit()
        # Streamed decoding: the text of a big file is never held whole in memory.
        self._stream = io.TextIOWrapper(opener(), encoding=encoding, newline="")
        #: Characters read so far: a row whose lines hold at most STANDARD_FIELD_LIMIT
        #: cannot have a value over it, so only longer rows are measured value by value.
        self._chars = [0]
        lines = _bounded_lines(self._stream, self._line_too_long, self._chars)
        self._reader = csv.reader(lines, strict=True)
        self._last_line = 0

    def _line_too_long(self, line: int) -> None:
        self.log.error(
            self.name,
            f"this line is longer than {MAX_LINE_CHARS:,} characters; it is skipped unread.",
            line=line,
        )

    def _read_failed(self, exc: BaseException) -> None:
        report_read_error(self.log, self.name, exc)
        self.close()

    def close(self) -> None:
        """Release the file (done by itself once the rows are read to the end)."""
        if not self._stream.closed:
            self._stream.close()

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
                    f"column {show(label)} appears twice in the header; only the first is read.",
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
                    f"required column {show(column)} is missing from the header.",
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
                f"column {show(label)} is not a ppdesk column (misspelt?); it is ignored.",
                line=self.header_line,
                column=label,
            )
        other = [h for h in unknown if not h.lower().startswith("metadata.")]
        if other:
            self.log.warning(
                self.name,
                "columns not used by ppdesk are ignored: "
                + ", ".join(show(h) for h in other[:10])
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
            except READ_ERRORS as exc:
                self._read_failed(exc)
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
        chars = self._chars
        seen = chars[0]
        while True:
            # The same loop as _records, inlined: it runs for every row of a big export.
            start = last + 1
            try:
                values = next(reader)
            except StopIteration:
                self._last_line = last
                self.close()
                return
            except READ_ERRORS as exc:
                self._last_line = last
                self._read_failed(exc)
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
            size, seen = chars[0] - seen, chars[0]
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
            if size > STANDARD_FIELD_LIMIT and max(map(len, values)) > STANDARD_FIELD_LIMIT:
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
    opener: Opener,
    log: ProblemLog,
    *,
    required: Iterable[str],
    known: Iterable[str] | None = (),
    empty_is_error: bool = True,
    encoding: str | None = None,
) -> CsvTable | None:
    """Start reading the CSV file ``name`` (opened by ``opener``); None if it cannot be
    read or has no usable header. ``encoding``: the one the operator declared."""
    try:
        chosen = detect_encoding(opener, name, log, encoding)
        if chosen is None:
            return None
        table = CsvTable(name, opener, chosen, log)
        required = tuple(required)
        usable = table.read_header(required, known)
    except READ_ERRORS as exc:
        report_read_error(log, name, exc)
        return None
    if not usable:
        table.close()
        if not table.header:
            report = log.error if empty_is_error else log.warning
            report(name, "the file is empty (no header line).")
        return None
    return table
