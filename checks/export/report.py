"""The error report: a checked table as an Excel workbook a person can work through.

`error_report(result)` returns the bytes of an .xlsx file with these sheets:

* **Data** — the user's headers (as written) and cells, every cell as text. A data row
  sits on the sheet row of its spreadsheet row number, so "row 5" in a finding is row 5
  of the sheet (lines the reader skipped, such as blank lines, stay empty rows). Cells
  with an error are filled red, with a warning amber, with only information not at
  all; each gets a comment holding its messages and suggested fixes. Header cells of
  columns with column-level findings get the same treatment; a finding about a whole
  line (``ragged_row``) goes on the line's first cell. When the row numbers cannot be
  kept (more rows than Excel holds, numbers out of order), column A gives each line's
  row number in the file instead, and the Summary says so.
* **Findings** — every finding (Row, Column, Value, Rule, Severity, Message, Suggested
  fix) with an autofilter and a frozen header.
* **Summary** — file, organization, counts, and one line per rule that occurred with
  the catalogue's help texts (what it means, why Upflow cares, how to fix it), plus a
  note for everything the report had to change to fit in Excel (below).
* **Changes** — only when a change log is given (`checks.fix.fixes.apply_fixes`).

The report is a *view* of the data, never a way back into Upflow: the corrected CSV
(`checks.export.csv`) keeps every cell exactly. So the report may alter what Excel cannot
hold, and says so in the Summary:

* no cell is ever a formula: every text cell that openpyxl would read as a formula
  (``=…``) or an error code (``#N/A``) is written with the string type, and no value is
  ever converted to a number (``000123`` stays text);
* characters XML 1.0 forbids (control characters other than tab, line feed and
  carriage return; U+FFFE, U+FFFF) would make the file unreadable, so they are shown as
  ``U+FFFD`` (�) in the report only;
* a cell holds at most 32,767 characters: longer text is cut, with a visible marker;
* a sheet holds at most 1,048,576 rows and 16,384 columns: with more data rows, the
  Data sheet holds only the rows that have findings; columns beyond the limit, and
  findings or changes beyond the row limit, are left out. Each case is noted.

Nothing is written to disk: openpyxl's own `save` spools every sheet to a temporary
file, so the sheets are instead streamed straight into a zip archive held in memory
(openpyxl's write-only mode with the sheet writer's output set to the zip entry;
openpyxl is pinned to 3.1.x, and the tests fail if a temporary file is used).

Speed: the workbook is built in write-only mode; a cell object (`WriteOnlyCell`) is
made only for cells with a finding, a formula-like or error-code text, and the header,
while every other cell is passed as a plain string (cleaning is vectorised per column).
Nearly all the time is openpyxl's per-cell XML serialisation, about 7 µs a written cell:
100,000 rows × 20 columns with 2% of cells flagged take about 20 s.
"""

from __future__ import annotations

import datetime
import io
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from checks.check.validate import CheckResult
from checks.model.findings import POSITION
from checks.model.rules import RULES, Severity

__all__ = ["CHANGES_SHEET", "DATA_SHEET", "ERROR_FILL", "FINDINGS_SHEET", "MAX_CELL_CHARS",
           "MAX_COLUMNS", "MAX_ROWS", "REPLACEMENT", "SUMMARY_SHEET", "WARNING_FILL",
           "error_report"]

DATA_SHEET = "Data"
FINDINGS_SHEET = "Findings"
SUMMARY_SHEET = "Summary"
CHANGES_SHEET = "Changes"

#: Excel's limits (rows include the header row).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767

#: Longest comment text: Excel holds more, but nobody reads a longer comment.
MAX_COMMENT_CHARS = 8_000

ERROR_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C")

#: Shown in place of a character Excel cannot hold (the Unicode replacement character).
REPLACEMENT = "\ufffd"

#: Characters XML 1.0 forbids: openpyxl raises IllegalCharacterError on the C0 ones,
#: and U+FFFE/U+FFFF would make Excel call the file corrupt. (Literal characters, so
#: the same pattern works with Python's re and with pyarrow's RE2.)
_ILLEGAL = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"

_SEVERITY_RANK = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}
_SEVERITY_LABEL = {Severity.ERROR.value: "Error", Severity.WARNING.value: "Warning",
                   Severity.INFO.value: "Note"}
_FILLS = {0: ERROR_FILL, 1: WARNING_FILL}

_AUTHOR = "Preflight"
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

#: Rows handled at once when building sheet rows: bounds the Python objects alive.
_CHUNK_ROWS = 20_000

#: Widths (in characters) of the Data sheet's columns are measured on this many rows.
_WIDTH_SAMPLE = 200


@dataclass
class _Notes:
    """What the report had to change to fit in Excel, for the Summary. Counts are kept
    apart for the user's data (Data sheet) and the rest (a finding repeats its value)."""

    replaced: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    truncated: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    lines: list[str] = field(default_factory=list)

    def count(self, replaced: int, truncated: int, data: bool) -> None:
        self.replaced[data] += replaced
        self.truncated[data] += truncated


# ── public entry ──────────────────────────────────────────────────────────────────


def error_report(result: CheckResult, changes: pd.DataFrame | None = None) -> bytes:
    """The error report workbook of `result` as .xlsx bytes (built in memory only).

    `changes` is the change log of applied fixes (columns row, column, before, after,
    rule, as `checks.fix.fixes.apply_fixes` returns it); given, it adds a Changes sheet.
    """
    notes = _Notes()
    buffer = io.BytesIO()
    archive = ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)
    workbook = Workbook(write_only=True)

    with _Sheet(workbook, archive, DATA_SHEET, zip64=_is_huge(result.table.data)) as sheet:
        _write_data(sheet, result, notes)
    with _Sheet(workbook, archive, FINDINGS_SHEET) as sheet:
        _write_findings(sheet, result.findings, notes)
    if changes is not None:
        with _Sheet(workbook, archive, CHANGES_SHEET) as sheet:
            _write_changes(sheet, changes, notes)
    with _Sheet(workbook, archive, SUMMARY_SHEET) as sheet:
        _write_summary(sheet, result, changes, notes)

    # The Summary is written last (it reports what the other sheets had to change)
    # but shown third; each sheet keeps the part name it was streamed under.
    parts = {ws.title: ws._id for ws in workbook.worksheets}
    sheets = workbook._sheets
    sheets.insert(2, sheets.pop(sheets.index(workbook[SUMMARY_SHEET])))

    workbook.properties.modified = (datetime.datetime.now(tz=datetime.UTC)
                                    .replace(tzinfo=None))
    _InMemoryExcelWriter(workbook, archive, parts).save()
    return buffer.getvalue()


# ── writing sheets into the in-memory archive ────────────────────────────────────


class _Sheet:
    """A write-only worksheet whose XML streams into a zip entry of the in-memory
    archive instead of openpyxl's temporary file. A context manager: the entry is
    complete (or cleanly abandoned) when the block ends. Set column widths and frozen
    panes before `start` (or the first `append`), which writes the sheet's head."""

    def __init__(self, workbook: Workbook, archive: ZipFile, title: str,
                 zip64: bool = False):
        self.ws = workbook.create_sheet(title)
        # The part name, xl/worksheets/sheetN.xml, is fixed now: the XML is streamed.
        self.ws._id = len(workbook.worksheets)
        self._archive = archive
        self._zip64 = zip64
        self._stream = None
        self.rows = 0

    def __enter__(self) -> _Sheet:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def start(self) -> None:
        entry = ZipInfo(self.ws.path[1:], date_time=time.localtime()[:6])
        entry.compress_type = ZIP_DEFLATED
        self._stream = self._archive.open(entry, "w", force_zip64=self._zip64)
        self.ws._writer = WorksheetWriter(self.ws, out=self._stream)
        self.ws._writer.write_top()

    def append(self, values: Sequence[object]) -> None:
        if self._stream is None:
            self.start()
        self.ws.append(values)
        self.rows += 1

    def close(self) -> None:
        if self._stream is None:
            self.start()
        self.ws.close()
        self._stream.close()

    def abort(self) -> None:
        """After a failure: end openpyxl's generators while their stream is open, so
        that nothing tries to write to a closed stream when they are collected."""
        try:
            if self.ws._rows is not None:
                self.ws._rows.close()
            if self.ws._writer is not None:
                self.ws._writer.xf.close()
        finally:
            if self._stream is not None:
                self._stream.close()


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's writer, except that sheets are already in the archive: it only
    records them (relations, comments) instead of copying a temporary file. `parts`:
    the part number each sheet (by title) was streamed under."""

    def __init__(self, workbook: Workbook, archive: ZipFile, parts: dict[str, int]):
        super().__init__(workbook, archive)
        self._parts = parts

    def write_worksheet(self, ws):  # openpyxl's signature
        ws._id = self._parts[ws.title]  # openpyxl numbered it by position
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        ws._rels = ws._writer._rels
        self.manifest.append(ws)


def _is_huge(data: pd.DataFrame) -> bool:
    """Whether the Data sheet's XML may pass 2 GiB, so that its zip entry needs ZIP64
    (only then: ZIP64 headers are left out of ordinary files). About 80 bytes of XML
    a cell plus its text."""
    if data.size * 80 < 1_000_000_000 and data.size * MAX_CELL_CHARS < 1_000_000_000:
        return False
    chars = sum(int(data[name].str.len().sum()) for name in data.columns)
    return data.size * 80 + chars * 1.2 > 1_800_000_000


# ── cleaning text for Excel ──────────────────────────────────────────────────────


_MARKER = "… [cut: {n:,} characters in all; Excel cells hold at most 32,767]"


def _clean(values: pd.Series, notes: _Notes, data: bool) -> pd.Series:
    """Text Excel can hold: None → "", forbidden characters → �, long text cut with a
    marker. Vectorised; a copy is made only when something changes."""
    text = values if values.dtype == "str" else pd.Series(values, dtype="str")
    if text.hasnans:
        text = text.fillna("")
    illegal = text.str.contains(_ILLEGAL, regex=True, na=False)
    replaced = int(illegal.sum())
    if replaced:
        text = text.where(~illegal, text.str.replace(_ILLEGAL, REPLACEMENT, regex=True))
    lengths = text.str.len()
    long = lengths > MAX_CELL_CHARS
    truncated = int(long.sum())
    if truncated:
        text = text.copy()
        for label in text.index[long.to_numpy()]:
            text[label] = _cut(text[label])
    notes.count(replaced, truncated, data)
    return text


def _cut(text: str) -> str:
    marker = _MARKER.format(n=len(text))
    return text[: MAX_CELL_CHARS - len(marker)] + marker


def _clean_one(value: object) -> str:
    """`_clean` for one value of the Summary."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _clean(pd.Series([str(value)], dtype="str"), _Notes(), data=False).iloc[0]


def _text_cell(ws: object, value: str | None, bold: bool = False) -> WriteOnlyCell:
    """A cell that is text whatever it looks like: ``=SUM(A1)`` or ``#N/A`` included.

    Every cell made here has a style (the Text number format): openpyxl's write-only
    `append` reuses an unstyled cell object for the next value of the row, which would
    copy a comment onto it.
    """
    cell = WriteOnlyCell(ws, value=value)
    if value is not None:
        cell.data_type = "s"
    cell.number_format = "@"
    if bold:
        cell.font = _BOLD
    return cell


def _needs_cell(text: pd.Series) -> np.ndarray:
    """Texts openpyxl would not store as plain strings: formulas and error codes."""
    return (text.str.startswith("=", na=False) | text.isin(ERROR_CODES)).to_numpy(bool)


def _column_values(text: pd.Series, ws: object) -> np.ndarray:
    """Cleaned texts as the objects to append: None for empty, a text cell where a
    plain string would become a formula or an error, else the string itself."""
    values = text.to_numpy(dtype=object)
    values[(text == "").to_numpy(bool)] = None
    for i in np.flatnonzero(_needs_cell(text)):
        values[i] = _text_cell(ws, values[i])
    return values


# ── the Data sheet ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Marks:
    """Cells to highlight: `cells` (pos: data row position, col: data column position,
    rank: worst severity, text: the comment), `headers` (col, rank, text)."""

    cells: pd.DataFrame
    headers: pd.DataFrame


def _write_data(sheet: _Sheet, result: CheckResult, notes: _Notes) -> None:
    table = result.table
    data = table.data
    index = data.index
    n_columns = max(len(table.headers), data.shape[1])
    marks = _marks(result, n_columns)

    keep_numbers = _row_numbers_fit(index)
    offset = 0 if keep_numbers else 1
    width = min(n_columns, MAX_COLUMNS - offset)
    if width < n_columns:
        notes.lines.append(
            f"The file has {n_columns:,} columns; Excel holds {MAX_COLUMNS:,}, so the Data "
            f"sheet shows the first {width:,} only. The Findings sheet lists every finding.")

    order = np.arange(len(data))
    if not keep_numbers:
        if len(data) > MAX_ROWS - 1:
            order = np.unique(marks.cells["pos"].to_numpy("int64"))
            note = (f"The file has {len(data):,} data rows, more than Excel's "
                    f"{MAX_ROWS - 1:,}: the Data sheet shows only the {len(order):,} rows "
                    "that have findings")
            if len(order) > MAX_ROWS - 1:
                order = order[: MAX_ROWS - 1]
                note += f" (the first {len(order):,} of them)"
            notes.lines.append(note + ". Column A gives each line's row number in your file.")
        else:
            notes.lines.append("Column A of the Data sheet gives each line's row number in "
                               "your file (the row numbers could not be kept as sheet rows).")

    ws = sheet.ws
    _data_widths(ws, table.headers, data, width, offset)
    ws.freeze_panes = "B2" if offset else "A2"
    sheet.start()

    header = [_text_cell(ws, "Row in file", bold=True)] if offset else []
    header_marks = marks.headers.set_index("col")
    names = list(table.headers[:width]) + [""] * (width - len(table.headers[:width]))
    names = _clean(pd.Series(names, dtype="str"), notes, data=True).tolist()
    for col, name in enumerate(names):
        cell = _text_cell(ws, name or None, bold=True)
        if col in header_marks.index:
            mark = header_marks.loc[col]
            _mark(cell, int(mark["rank"]), str(mark["text"]))
        header.append(cell)
    sheet.append(header)

    cell_marks = marks.cells[marks.cells["col"] < width]
    if not keep_numbers:
        # Marks point at data positions; the sheet lists `order`'s rows.
        positions = cell_marks["pos"].to_numpy("int64")
        where = np.searchsorted(order, positions)
        found = np.zeros(len(positions), bool)
        inside = where < len(order)
        found[inside] = order[where[inside]] == positions[inside]
        cell_marks = cell_marks[found].assign(pos=where[found])
    by_column = {col: group.sort_values("pos") for col, group in cell_marks.groupby("col")}

    previous = 1  # the sheet row last written (the header)
    for start in range(0, len(order), _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, len(order))
        block = data.iloc[start:stop] if keep_numbers else data.iloc[order[start:stop]]
        grid = np.empty((stop - start, width + offset), dtype=object)
        if offset:
            grid[:, 0] = [_row_number(ws, number) for number in block.index]
        for col in range(min(width, block.shape[1])):
            text = _clean(block.iloc[:, col], notes, data=True)
            values = _column_values(text, ws)
            group = by_column.get(col)
            if group is not None:
                lo, hi = np.searchsorted(group["pos"].to_numpy("int64"), [start, stop])
                for pos, rank, comment in group.iloc[lo:hi][["pos", "rank", "text"]].itertuples(
                        index=False):
                    value = values[pos - start]
                    if not isinstance(value, Cell):
                        value = _text_cell(ws, value)
                    values[pos - start] = _mark(value, int(rank), comment)
            grid[:, col + offset] = values
        rows = grid.tolist()
        if keep_numbers:
            numbers = block.index.to_numpy("int64")
            if len(numbers) and numbers[-1] - previous == len(numbers):
                for values in rows:  # no gap: the common case
                    sheet.append(values)
            else:
                for number, values in zip(numbers.tolist(), rows, strict=True):
                    for _ in range(number - previous - 1):
                        sheet.append([])  # a line the reader skipped
                    sheet.append(values)
                    previous = number
            if len(numbers):
                previous = int(numbers[-1])
        else:
            for values in rows:
                sheet.append(values)

    last_row = max(sheet.rows, 1)
    last_col = width + offset
    if last_col:
        ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{last_row}"


def _row_numbers_fit(index: pd.Index) -> bool:
    """Whether every data row can sit on the sheet row of its spreadsheet row number."""
    if len(index) == 0:
        return True
    return bool(pd.api.types.is_integer_dtype(index) and index.is_unique
                and index.is_monotonic_increasing and index[0] >= 2 and index[-1] <= MAX_ROWS)


def _row_number(ws: object, value: object) -> object:
    """The row number for column A: a number, or the label as text if it is not one."""
    if isinstance(value, int | np.integer):
        return int(value)
    return _text_cell(ws, _clean_one(value) or None)  # a label from a hand-built table


def _mark(cell: WriteOnlyCell, rank: int, text: str) -> WriteOnlyCell:
    fill = _FILLS.get(rank)
    if fill is not None:
        cell.fill = fill
    cell.comment = _comment(text)
    return cell


def _comment(text: str) -> Comment:
    if len(text) > MAX_COMMENT_CHARS:
        text = text[: MAX_COMMENT_CHARS - 40] + "… [cut: see the Findings sheet]"
    lines = sum(max(1, math.ceil(len(line) / 48)) for line in text.split("\n"))
    return Comment(text, _AUTHOR, height=min(max(60, 15 * lines + 12), 600), width=300)


def _marks(result: CheckResult, n_columns: int) -> _Marks:
    """Which cells and headers to fill and comment, from the findings (vectorised)."""
    findings = result.findings
    empty = _Marks(pd.DataFrame({"pos": pd.Series(dtype="int64"),
                                 "col": pd.Series(dtype="int64"),
                                 "rank": pd.Series(dtype="int64"),
                                 "text": pd.Series(dtype="object")}),
                   pd.DataFrame({"col": pd.Series(dtype="int64"),
                                 "rank": pd.Series(dtype="int64"),
                                 "text": pd.Series(dtype="object")}))
    if findings.empty:
        return empty
    findings = findings.reset_index(drop=True)

    scratch = _Notes()
    message = _clean(findings["message"], scratch, data=False)
    fix = findings["fix"]
    has_fix = fix.notna().to_numpy(bool)
    label = findings["severity"].map(_SEVERITY_LABEL).fillna("Note")
    text = (label + ": " + message).astype("object")
    if has_fix.any():
        fixes = _clean(fix[has_fix], scratch, data=False)
        text[has_fix] = text[has_fix] + "\nSuggested fix: " + fixes.astype("object")
    rank = findings["severity"].map(_SEVERITY_RANK).fillna(2).astype("int64")
    frame = pd.DataFrame({"row": findings["row"], "col": findings[POSITION],
                          "rank": rank, "text": text})

    cells = frame[frame["row"].notna()]
    data_index = result.table.data.index
    unique = ~data_index.duplicated()
    lookup = pd.Series(np.flatnonzero(unique), index=data_index[unique])
    pos = lookup.reindex(cells["row"].astype("int64").to_numpy()).to_numpy()
    col = cells["col"].fillna(0).to_numpy("int64")  # a whole line: its first cell
    cells = pd.DataFrame({"pos": pos, "col": col, "rank": cells["rank"].to_numpy(),
                          "text": cells["text"].to_numpy()})
    cells = cells[cells["pos"].notna()].astype({"pos": "int64"})
    cells = _combine(cells, ["pos", "col"])

    # A finding about a column of the file marks its header. One about a header text
    # rather than one column (a header written twice, found while reading) marks every
    # column of that header; one about a column the file lacks marks nothing.
    columns = frame[frame["row"].isna()]
    every: dict[str, list[int]] = {}
    for position, header in enumerate(result.table.headers):
        every.setdefault(header, []).append(position)
    by_header = findings.loc[columns.index, "column"].map(every)
    columns = columns.assign(col=columns["col"].astype(object).where(
        columns["col"].notna(), by_header)).explode("col").dropna(subset=["col"])
    columns = columns.astype({"col": "int64"})[["col", "rank", "text"]]
    columns = _combine(columns[columns["col"] < n_columns], ["col"])
    return _Marks(cells, columns)


def _combine(marks: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One mark per cell: the worst severity, the texts worst first."""
    if marks.empty:
        return marks.reset_index(drop=True)
    shared = marks.duplicated(keys, keep=False)
    if not shared.any():  # the common case: one finding per cell, no Python join
        return marks.sort_values(keys).reset_index(drop=True)
    several = marks[shared].sort_values([*keys, "rank"], kind="stable")
    grouped = several.groupby(keys, sort=False)
    joined = pd.DataFrame({"rank": grouped["rank"].min(),
                           "text": grouped["text"].agg("\n\n".join)}).reset_index()
    return pd.concat([marks[~shared], joined]).sort_values(keys).reset_index(drop=True)


def _data_widths(ws: object, headers: Sequence[str], data: pd.DataFrame, width: int,
                 offset: int) -> None:
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


# ── the Findings and Changes sheets ──────────────────────────────────────────────


_FINDINGS_HEADERS = ("Row", "Column", "Value", "Rule", "Severity", "Message", "Suggested fix")
_FINDINGS_WIDTHS = (8, 24, 30, 24, 10, 90, 30)
_CHANGES_HEADERS = ("Row", "Column", "Before", "After", "Rule")
_CHANGES_WIDTHS = (8, 24, 30, 30, 24)


def _write_findings(sheet: _Sheet, findings: pd.DataFrame, notes: _Notes) -> None:
    columns = ["row", "column", "value", "rule", "severity", "message", "fix"]
    written = _write_records(sheet, findings, columns, _FINDINGS_HEADERS, _FINDINGS_WIDTHS,
                             notes)
    if written < len(findings):
        notes.lines.append(f"The Findings sheet lists the first {written:,} of "
                           f"{len(findings):,} findings (Excel's row limit).")


def _write_changes(sheet: _Sheet, changes: pd.DataFrame, notes: _Notes) -> None:
    columns = ["row", "column", "before", "after", "rule"]
    written = _write_records(sheet, changes, columns, _CHANGES_HEADERS, _CHANGES_WIDTHS, notes)
    if written < len(changes):
        notes.lines.append(f"The Changes sheet lists the first {written:,} of "
                           f"{len(changes):,} changes (Excel's row limit).")


def _write_records(sheet: _Sheet, frame: pd.DataFrame, columns: list[str],
                   headers: Sequence[str], widths: Sequence[int], notes: _Notes) -> int:
    """A table with a bold, frozen header and an autofilter; returns the rows written."""
    ws = sheet.ws
    for position, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(position)].width = width
    ws.freeze_panes = "A2"
    sheet.start()
    sheet.append([_text_cell(ws, name, bold=True) for name in headers])
    count = min(len(frame), MAX_ROWS - 1)
    for start in range(0, count, _CHUNK_ROWS):
        block = frame.iloc[start:min(start + _CHUNK_ROWS, count)]
        grid = np.empty((len(block), len(columns)), dtype=object)
        for position, name in enumerate(columns):
            values = block[name] if name in block else pd.Series([None] * len(block))
            if name == "row":
                grid[:, position] = [None if pd.isna(v) else int(v) for v in values]
            else:
                grid[:, position] = _column_values(_clean(values, notes, data=False), ws)
        for values in grid.tolist():
            sheet.append(values)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count


# ── the Summary sheet ─────────────────────────────────────────────────────────────


_SUMMARY_HEADERS = ("Rule", "Title", "Severity", "Count", "What it means", "Why Upflow cares",
                    "How to fix it")
_SUMMARY_WIDTHS = (26, 36, 10, 9, 60, 60, 60)


def _write_summary(sheet: _Sheet, result: CheckResult, changes: pd.DataFrame | None,
                   notes: _Notes) -> None:
    ws = sheet.ws
    for position, width in enumerate(_SUMMARY_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(position)].width = width
    sheet.start()

    def line(label: str, value: object) -> None:
        cell = value if isinstance(value, int) else _text_cell(ws, _clean_one(value) or None)
        sheet.append([_text_cell(ws, label, bold=True), cell])

    table = result.table
    summary = result.summary
    sheet.append([_text_cell(ws, "Preflight error report", bold=True)])
    line("File", table.name)
    if table.sheet:
        line("Sheet", table.sheet)
    line("Organization", result.definitions.organization)
    line("Source system", str(result.definitions.source_system.value))
    line("Rows checked", int(table.rows))
    line("Errors", summary.errors)
    line("Warnings", summary.warnings)
    line("Information", summary.infos)
    if changes is not None:
        line("Cells fixed", len(changes))
    for text in _notes_lines(notes):
        line("Note", text)
    sheet.append([])

    sheet.append([_text_cell(ws, name, bold=True) for name in _SUMMARY_HEADERS])
    for code, count, severity in _rule_counts(result.findings):
        rule = RULES.get(code)
        texts = ((rule.title, rule.meaning, rule.why, rule.how_to_fix) if rule
                 else ("", "", "", ""))
        sheet.append([_text_cell(ws, _clean_one(code)), _wrapped(ws, texts[0]),
                      _text_cell(ws, severity), count, _wrapped(ws, texts[1]),
                      _wrapped(ws, texts[2]), _wrapped(ws, texts[3])])


def _wrapped(ws: object, text: str) -> WriteOnlyCell:
    cell = _text_cell(ws, _clean_one(text) or None)
    cell.alignment = _WRAP
    return cell


def _rule_counts(findings: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(rule, count, severity) of every rule found: errors first, then by count."""
    if findings.empty:
        return []
    counts = findings.groupby("rule", sort=False).agg(count=("rule", "size"),
                                                      severity=("severity", "first"))
    counts["rank"] = counts["severity"].map(_SEVERITY_RANK).fillna(3)
    counts = counts.reset_index().sort_values(["rank", "count", "rule"],
                                              ascending=[True, False, True])
    return [(str(r.rule), int(r.count), str(r.severity))
            for r in counts.itertuples(index=False)]


def _notes_lines(notes: _Notes) -> list[str]:
    def where(counts: dict[bool, int]) -> str:
        n, what = ((counts[True], "cell of your data") if counts[True]
                   else (counts[False], "value in this report"))
        if n == 1:
            return f"1 {what} holds"
        return f"{n:,} {what.replace('cell', 'cells').replace('value', 'values')} hold"

    lines = list(notes.lines)
    if any(notes.replaced.values()):
        lines.append(f"{where(notes.replaced)} invisible control characters that Excel "
                     f"cannot show: this report shows them as {REPLACEMENT}. The corrected "
                     "CSV keeps them unchanged.")
    if any(notes.truncated.values()):
        lines.append(f"{where(notes.truncated)} more than {MAX_CELL_CHARS:,} characters, "
                     "Excel's limit: this report cuts them and marks the cut. The corrected "
                     "CSV keeps them whole.")
    return lines
