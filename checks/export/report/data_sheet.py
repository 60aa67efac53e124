"""The Data sheet: the user's headers (as written) and cells, every cell as text, with
the marks of the findings (`checks.export.report.marks`) as fills and comments.

A data row sits on the sheet row of its spreadsheet row number, so "row 5" in a
finding is row 5 of the sheet (lines the reader skipped, such as blank lines, stay
empty rows). When the row numbers cannot be kept (more rows than Excel holds, numbers
out of order, labels that are not numbers), column A gives each line's row number in
the file instead, and the Summary says so. With more data rows than Excel holds, the
sheet holds only the rows that have findings; columns beyond Excel's limit are left
out (the Findings sheet still lists every finding).

Speed: the rows are built a chunk at a time, column by column (cleaning is vectorised
per column); nearly all the time is openpyxl's per-cell XML serialisation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter

from checks.check.validate import CheckResult
from checks.export.report import limits
from checks.export.report.cells import CHUNK_ROWS, column_values, mark, text_cell
from checks.export.report.cleaning import Notes, clean, clean_one
from checks.export.report.marks import Marks, marks
from checks.export.report.streaming import StreamedSheet
from checks.i18n import _, number
from checks.model.table import Table

#: Widths (in characters) of the Data sheet's columns are measured on this many rows.
_WIDTH_SAMPLE = 200


def write_data(sheet: StreamedSheet, result: CheckResult, notes: Notes) -> None:
    """Stream `result`'s table into `sheet`, noting in `notes` what had to be left out."""
    table = result.table
    data = table.data
    n_columns = max(len(table.headers), data.shape[1])
    found = marks(result, n_columns)

    keep_numbers = _row_numbers_fit(data.index)
    offset = 0 if keep_numbers else 1
    width = min(n_columns, limits.MAX_COLUMNS - offset)
    if width < n_columns:
        notes.lines.append(_(
            "The file has {count} columns; Excel holds {limit}, so the Data sheet shows the "
            "first {shown} only. The Findings sheet lists every finding.").format(
                count=number(n_columns), limit=number(limits.MAX_COLUMNS), shown=number(width)))
    order = _rows_shown(data, found, keep_numbers, notes)

    ws = sheet.ws
    _data_widths(ws, table.headers, data, width, offset)
    ws.freeze_panes = "B2" if offset else "A2"
    sheet.start()
    sheet.append(_header_row(ws, table, found, width, offset, notes))

    cell_marks = found.cells[found.cells["col"] < width]
    if not keep_numbers:
        cell_marks = _onto_rows(cell_marks, order)
    by_column = {col: group.sort_values("pos") for col, group in cell_marks.groupby("col")}

    previous = 1  # the sheet row last written (the header)
    for start in range(0, len(order), CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, len(order))
        block = data.iloc[start:stop] if keep_numbers else data.iloc[order[start:stop]]
        grid = np.empty((stop - start, width + offset), dtype=object)
        if offset:
            grid[:, 0] = [_row_number(ws, number) for number in block.index]
        for col in range(min(width, block.shape[1])):
            text = clean(block.iloc[:, col], notes, data=True)
            values = column_values(text, ws)
            group = by_column.get(col)
            if group is not None:
                lo, hi = np.searchsorted(group["pos"].to_numpy("int64"), [start, stop])
                for pos, rank, comment in group.iloc[lo:hi][["pos", "rank", "text"]].itertuples(
                        index=False):
                    value = values[pos - start]
                    if not isinstance(value, Cell):
                        value = text_cell(ws, value)
                    values[pos - start] = mark(value, int(rank), comment)
            grid[:, col + offset] = values
        rows = grid.tolist()
        if keep_numbers:
            numbers = block.index.to_numpy("int64")
            if len(numbers) and numbers[-1] - previous == len(numbers):
                for values in rows:  # no gap: the common case
                    sheet.append(values)
            else:
                for row_number, values in zip(numbers.tolist(), rows, strict=True):
                    for _gap in range(row_number - previous - 1):
                        sheet.append([])  # a line the reader skipped
                    sheet.append(values)
                    previous = row_number
            if len(numbers):
                previous = int(numbers[-1])
        else:
            for values in rows:
                sheet.append(values)

    last_row = max(sheet.rows, 1)
    last_col = width + offset
    if last_col:
        ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{last_row}"


def _rows_shown(data: pd.DataFrame, found: Marks, keep_numbers: bool,
                notes: Notes) -> np.ndarray:
    """The positions of the data rows the sheet lists, in order: all of them, or only
    those with findings when there are more than Excel holds."""
    order = np.arange(len(data))
    if keep_numbers:
        return order
    if len(data) > limits.MAX_ROWS - 1:
        order = np.unique(found.cells["pos"].to_numpy("int64"))
        rows, limit, with_findings = (number(len(data)), number(limits.MAX_ROWS - 1),
                                      number(len(order)))
        if len(order) > limits.MAX_ROWS - 1:
            order = order[: limits.MAX_ROWS - 1]
            note = _("The file has {rows} data rows, more than Excel's {limit}: the Data "
                     "sheet shows only the {shown} rows that have findings (the first "
                     "{first} of them). Column A gives each line's row number in your "
                     "file.").format(rows=rows, limit=limit, shown=with_findings,
                                     first=number(len(order)))
        else:
            note = _("The file has {rows} data rows, more than Excel's {limit}: the Data "
                     "sheet shows only the {shown} rows that have findings. Column A gives "
                     "each line's row number in your file.").format(
                         rows=rows, limit=limit, shown=with_findings)
        notes.lines.append(note)
    else:
        notes.lines.append(_("Column A of the Data sheet gives each line's row number in "
                             "your file (the row numbers could not be kept as sheet rows)."))
    return order


def _header_row(ws: object, table: Table, found: Marks, width: int, offset: int,
                notes: Notes) -> list[WriteOnlyCell]:
    """The bold header cells (column A's title first when it lists row numbers), with
    the marks of column-level findings."""
    header = [text_cell(ws, _("Row in file"), bold=True)] if offset else []
    header_marks = found.headers.set_index("col")
    names = list(table.headers[:width]) + [""] * (width - len(table.headers[:width]))
    names = clean(pd.Series(names, dtype="str"), notes, data=True).tolist()
    for col, name in enumerate(names):
        cell = text_cell(ws, name or None, bold=True)
        if col in header_marks.index:
            header_mark = header_marks.loc[col]
            mark(cell, int(header_mark["rank"]), str(header_mark["text"]))
        header.append(cell)
    return header


def _onto_rows(cell_marks: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """Marks point at data positions; the sheet lists `order`'s rows: the marks moved
    onto the sheet's rows, without those of rows left out."""
    positions = cell_marks["pos"].to_numpy("int64")
    where = np.searchsorted(order, positions)
    found = np.zeros(len(positions), bool)
    inside = where < len(order)
    found[inside] = order[where[inside]] == positions[inside]
    return cell_marks[found].assign(pos=where[found])


def _row_numbers_fit(index: pd.Index) -> bool:
    """Whether every data row can sit on the sheet row of its spreadsheet row number."""
    if len(index) == 0:
        return True
    return bool(pd.api.types.is_integer_dtype(index) and index.is_unique
                and index.is_monotonic_increasing and index[0] >= 2
                and index[-1] <= limits.MAX_ROWS)


def _row_number(ws: object, value: object) -> object:
    """The row number for column A: a number, or the label as text if it is not one."""
    if isinstance(value, int | np.integer):
        return int(value)
    return text_cell(ws, clean_one(value) or None)  # a label from a hand-built table


def _data_widths(ws: object, headers: Sequence[str], data: pd.DataFrame, width: int,
                 offset: int) -> None:
    """Column widths from the headers and the first rows, between 8 and 50 characters
    (the first 1,000 columns only; the others keep Excel's default width)."""
    if offset:
        ws.column_dimensions["A"].width = 11  # type: ignore[attr-defined]
    sample = data.iloc[:_WIDTH_SAMPLE]
    for col in range(min(width, 1_000)):
        longest = len(headers[col]) if col < len(headers) else 0
        if col < sample.shape[1] and len(sample):
            lengths = sample.iloc[:, col].str.len()
            longest = max(longest, int(lengths.max()) if lengths.notna().any() else 0)
        letter = get_column_letter(col + 1 + offset)
        ws.column_dimensions[letter].width = min(max(longest + 2, 8), 50)  # type: ignore
