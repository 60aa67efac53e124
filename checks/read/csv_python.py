"""The careful CSV path: Python's `csv` module, record by record.

It runs only when pyarrow cannot read a file (see `csv_reader`), so a loop per
record is acceptable here, and it is the reference the fast path is tested against:
both must give the same table for the same file.
"""

from __future__ import annotations

import csv
import io

from checks.findings import Finding
from checks.read.common import NotReadable, empty_frame, fit, text_frame
from checks.read.csv_records import Parsed, ragged_row


def read_careful(text: str, sep: str) -> Parsed:
    """The table of `text`: empty rows skipped but counted in the row numbers, the
    header = first non-empty record, ragged records fitted to it and reported."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    headers: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    ragged: list[Finding] = []
    row = 0
    try:
        for record in reader:
            row += 1
            if not any(record):
                continue
            if headers is None:
                headers = record
                continue
            if len(record) != len(headers):
                ragged.append(ragged_row(row, len(record), len(headers)))
                record = fit(record, len(headers))
            rows.append(record)
            numbers.append(row)
    except csv.Error as error:
        raise NotReadable(_csv_error_message(row + 1, error)) from None
    if headers is None:
        return Parsed((), empty_frame())
    return Parsed(tuple(headers), text_frame(rows, len(headers), numbers), tuple(ragged))


def _csv_error_message(row: int, error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (f"Row {row} has a value longer than {csv.field_size_limit():,} characters: "
                "a quotation mark is probably not closed, so the rest of the file reads as "
                "one value. Check the quotes on that row and save the file again.")
    return f"The file could not be read as CSV at row {row} ({error})."
