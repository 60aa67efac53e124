"""Pieces shared by the CSV and XLSX readers: the text frame, row numbers and the
file-level findings that do not depend on the format.

Both readers must hand back exactly the same shape (integer column labels, pandas'
"str" dtype, "" for an empty cell, spreadsheet row numbers as the index) so that the
rest of the engine never needs to know where a table came from.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.internals import create_dataframe_from_blocks
from pandas.arrays import ArrowStringArray

from checks.i18n import N_, _
from checks.model.findings import Finding, finding

#: pandas' default string dtype ("str"); every cell column is of this dtype.
TEXT_DTYPE = pd.Series([], dtype="str").dtype

#: Appended to unreadable-file messages: what Preflight tried, so the user knows
#: what to save the file as.
SUPPORTED = N_("Preflight reads CSV (UTF-8, UTF-16, Windows-1252), XLSX, XLS (Excel 97-2003) "
               "and ODS (LibreOffice) files.")


class NotReadable(Exception):
    """Internal: the file cannot be read at all. `detail` is the plain message that
    becomes the `file_unreadable` finding; it never reaches the caller as an
    exception."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def row_index(numbers: Sequence[int]) -> pd.Index:
    """Row numbers as an index: a RangeIndex when they are consecutive (the usual
    case, and what the CSV fast path produces), so that both CSV paths give
    identical tables."""
    count = len(numbers)
    if count == 0:
        return pd.RangeIndex(0)
    first, last = int(numbers[0]), int(numbers[-1])
    if last - first == count - 1:
        return pd.RangeIndex(first, first + count)
    return pd.Index(numbers, dtype="int64")


#: How many cells of short columns are handled as one Arrow array together (`text_frame`,
#: `checks.read.csv_arrow`): Arrow's cost per call is then paid per group of columns, not
#: per column of a very wide file, and a long column is still one group of its own.
CELLS_TOGETHER = 65_536


def columns_together(rows: int) -> int:
    """How many columns of `rows` cells make one group of `CELLS_TOGETHER` cells (one
    column at least)."""
    return max(1, CELLS_TOGETHER // max(rows, 1))


def text_frame(rows: Sequence[Sequence[str]], width: int, numbers: Sequence[int]) -> pd.DataFrame:
    """A frame of `width` text columns labelled 0..width-1 from rows already padded to
    `width`, indexed by the spreadsheet row numbers.

    Built through pyarrow, like the CSV fast path's frames (same storage, and 4×
    faster than letting pandas convert lists of Python strings). Short columns share
    one Arrow array, each a slice of it: one array per column cost a 16,384-column
    file a tenth of a second. Long columns keep one array each, so that no list of
    the whole file's cells is ever made.
    """
    count = len(rows)
    together = columns_together(count)  # columns per shared array
    columns: dict[str, pa.Array] = {}
    for first in range(0, width, together):
        part = range(first, min(width, first + together))
        cells = pa.array([row[position] for position in part for row in rows], pa.large_string())
        columns.update({f"c{position}": cells.slice(at * count, count)
                        for at, position in enumerate(part)})
    return arrow_frame(pa.table(columns) if width else pa.table({}), width, numbers)


def arrow_frame(table: pa.Table, width: int, numbers: Sequence[int]) -> pd.DataFrame:
    """A pyarrow table of strings as a text frame: "str" columns 0..width-1, index =
    the row numbers.

    Each Arrow text column becomes pandas' text array as it is, one block of the
    frame each (pandas' own layout for such columns, made by its low-level
    constructor: the arrays are already what the frame holds, so nothing needs
    inferring or checking). pyarrow's `to_pandas` made a 16,384-column file pay
    seven times as much, and `pd.DataFrame` of the arrays twice. Any other column
    type goes through `to_pandas`."""
    if all(_text_type(column.type) is TEXT_DTYPE for column in table.columns):
        return create_dataframe_from_blocks(
            [(ArrowStringArray(column, dtype=TEXT_DTYPE), np.array([position]))
             for position, column in enumerate(table.columns)],
            index=row_index(numbers), columns=pd.RangeIndex(width))
    frame = table.to_pandas(types_mapper=_text_type)
    frame.index = row_index(numbers)
    frame.columns = pd.RangeIndex(width)
    return frame


def _text_type(arrow_type: pa.DataType) -> object:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return TEXT_DTYPE
    return None


def empty_frame(width: int = 0) -> pd.DataFrame:
    """No records, `width` text columns."""
    return text_frame([], width, [])


def fit(row: Sequence[str], width: int) -> list[str]:
    """The row cut or padded with "" to `width` cells.

    A short record is padded so every column has a cell; a long record keeps its
    first `width` cells: the extra cells have no header to go under, and the
    `ragged_row` finding tells the user about the line, so nothing is silently lost.
    """
    if len(row) >= width:
        return list(row[:width])
    return [*row, *([""] * (width - len(row)))]


def column_letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based position (0 → A, 26 → AA): the name a
    person sees above the column."""
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def duplicate_header_findings(headers: Sequence[str]) -> list[Finding]:
    """One `duplicate_header` per repeated occurrence of a header.

    Headers are compared after stripping surrounding spaces (" Email" and "Email" are
    the same column for Upflow); empty headers are not names, so they never repeat.
    """
    first_seen: dict[str, int] = {}
    found: list[Finding] = []
    for position, text in enumerate(headers):
        key = text.strip()
        if not key:
            continue
        if key in first_seen:
            detail = _(" (columns {first} and {second})").format(
                first=column_letter(first_seen[key]), second=column_letter(position))
            found.append(finding("duplicate_header", column=text, detail=detail))
        else:
            first_seen[key] = position
    return found


def empty_file_findings(headers: Sequence[str], frame: pd.DataFrame, *,
                        what: str | None = None) -> list[Finding]:
    """`file_empty` when there is no header, or a header and no data records, or
    nothing but blank space (spaces, tabs, line breaks) in the header and the cells:
    such a file looks empty to anyone who opens it. `what` is the subject of the
    sentence in the current language ("The sheet 'Customers'"); the file when None."""
    what = what or _("The file")
    if not headers:
        return [finding("file_empty", detail=_(
            "{what} is empty: it has no header line and no data.").format(what=what))]
    if not any(header.strip() for header in headers) and _all_blank(frame):
        return [finding("file_empty", detail=_(
            "{what} is empty: it holds only blank space, no header line and no "
            "data.").format(what=what))]
    if len(frame) == 0:
        return [finding("file_empty", detail=_(
            "{what} has a header line but no data lines below it.").format(what=what))]
    return []


def _all_blank(frame: pd.DataFrame) -> bool:
    """Whether every cell is blank (column by column; called only when the header is)."""
    return not any(frame[column].str.strip().str.len().gt(0).any() for column in frame.columns)


def header_findings(headers: Sequence[str], frame: pd.DataFrame, *,
                    what: str | None = None) -> list[Finding]:
    """The findings every format shares: an empty file and repeated headers."""
    return [*empty_file_findings(headers, frame, what=what),
            *duplicate_header_findings(headers)]
