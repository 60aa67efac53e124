"""The careful CSV path: Python's `csv` module, record by record.

It runs only when pyarrow cannot read a file (see `csv_reader`), so a loop per
record is acceptable here, and it is the reference the fast path is tested against:
both must give the same table for the same file.
"""

from __future__ import annotations

import csv
import io

from checks.i18n import _, number
from checks.model.findings import Finding
from checks.model.limits import MAX_COLUMNS
from checks.read.common import NotReadable, empty_frame, fit, text_frame
from checks.read.csv_records import Parsed, ragged_row

#: Appended to the text, on a line of its own: the reader returns it as a record of
#: its own unless a quoted value is still open at the end of the file, which then
#: swallows it (Private Use characters: no spreadsheet writes them).
_END_LINE = "\n\ue000preflight end of file\ue000"


def read_careful(text: str, sep: str) -> Parsed:
    """The table of `text`: empty rows skipped but counted in the row numbers, the
    header = first non-empty record, ragged records fitted to it and reported.

    NotReadable when a quotation mark opens a value that is never closed and the
    value swallows the lines after it: they would all become one cell, silently. A
    value left open on the last line only (nothing after it but line breaks) is kept,
    as Excel keeps it."""
    _allow_values_as_long_as(text)
    reader = csv.reader(io.StringIO(text + _END_LINE, newline=""), delimiter=sep)
    headers: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    ragged: list[Finding] = []
    row = 0
    try:
        for record in reader:
            row += 1
            if record == [_END_LINE[1:]]:
                break
            if record and record[-1].endswith(_END_LINE):
                record[-1] = _open_value(record[-1][:-len(_END_LINE)], row)
            if not any(record):
                continue
            if headers is None:
                _refuse_width(len(record), row)
                headers = record
                continue
            if len(record) != len(headers):
                ragged.append(ragged_row(row, len(record), len(headers)))
                record = fit(record, len(headers))
            rows.append(record)
            numbers.append(row)
    except csv.Error:
        raise NotReadable(_csv_error_message(row + 1)) from None
    if headers is None:
        return Parsed((), empty_frame())
    return Parsed(tuple(headers), text_frame(rows, len(headers), numbers), tuple(ragged))


def _allow_values_as_long_as(text: str) -> None:
    """Let the csv module read a value as long as the whole text (its default limit,
    131,072 characters, would refuse a long note that pyarrow read fine). The limit
    is process-wide and only ever raised: no value can be longer than its file, and an
    unclosed quote is recognised by `_open_value`, not by this limit."""
    needed = len(text) + len(_END_LINE)
    if csv.field_size_limit() < needed:
        csv.field_size_limit(needed)


def _refuse_width(width: int, row: int) -> None:
    if width > MAX_COLUMNS:
        raise NotReadable(_(
            "The header (row {row}) has {count} columns, more than a spreadsheet can have "
            "({limit}): the file's line breaks were probably lost, or it is not a table. Open "
            "it in Excel and save it as CSV UTF-8 or XLSX, and check it again.").format(
                row=row, count=number(width), limit=number(MAX_COLUMNS)))


def _open_value(value: str, row: int) -> str:
    """The value a quotation mark left open at the end of the file, if it spans no
    line but its own."""
    if "\n" in value.rstrip("\r\n") or "\r" in value.rstrip("\r\n"):
        raise NotReadable(_(
            "Row {row} opens a quotation mark (\") that is never closed, so everything after "
            "it, to the end of the file, would be read as one value. Add the closing "
            "quotation mark (or remove the opening one) on that row, save the file and "
            "check it again.").format(row=row))
    return value


def _csv_error_message(row: int) -> str:
    """csv's own wording means nothing to a person; the row and what to do do."""
    return _("The file could not be read as CSV at row {row}. Open it in Excel, save it "
             "again as CSV UTF-8 and check it again.").format(row=row)
