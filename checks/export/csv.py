"""Table → CSV bytes that Upflow's importer accepts, and the split of a table into the
lines that can be imported and the lines that cannot.

The export is the last step of the principle "cells are text": every cell is written
back exactly as it is, so a cell nobody fixed comes out byte for byte as it was read.
A value is quoted only when it has to be (it holds the separator, a double quote, a
carriage return or a line feed), because every unnecessary quote is a difference a
person sees when comparing the corrected file with the original.

Formula-like cells ("=1+1", "@SUM(A1)": see `checks.text.formulas`) are written exactly
too: Upflow reads them as text, and the `formula_like` warning has reported each of
them. Only when the person asks for it (`ExportOptions.neutralise_formulas`, for a
file they will open in a spreadsheet first) does an apostrophe go before them. The
findings list (`findings_csv`) is a file for people, so there it always does, and it
speaks their words (`checks.export.people`).

The writer is vectorised instead of using `csv` or `DataFrame.to_csv` (both work
value by value and write ~40 MB/s; a million-row file would take seconds a person
waits through): per column, a numpy scan of the UTF-8 bytes finds the values that need
quoting, pyarrow quotes those only, then joins the columns with the separator. Each
line ends with the line ending, so the data buffer of the array of lines *is* the
file: it is taken as it is, with no copy per row. Rows go in chunks, a few chunks at
once on threads, so the intermediates stay small next to the output. `write_csv`
writes each chunk away as it comes, so a file is never whole in memory (1,000,000 rows
× 25 columns, 290 MB: about 0.6 s on two cores, under 100 MB on top of the table);
`export_csv` joins the chunks into the bytes a download needs.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.export.people import for_people
from checks.i18n import _
from checks.map.headers import ColumnMapping
from checks.model.errors import UsageError
from checks.model.findings import error_rows, published
from checks.model.separators import SEPARATORS, check_separator, export_separator_for
from checks.model.table import Table
from checks.text.formulas import spreadsheet_safe, spreadsheet_safe_frame
from checks.text.vectorised import offsets_and_bytes

__all__ = ["BOM", "LINE_ENDINGS", "SEPARATORS", "ExportOptions", "check_export_options",
           "default_separator", "export_csv", "export_headers", "findings_csv", "split_by_errors",
           "write_csv"]

#: The UTF-8 byte order mark: lets Excel recognise the file as UTF-8 when opened.
BOM = b"\xef\xbb\xbf"

#: Line endings the export writes: Windows' (Excel's default) and Unix'.
LINE_ENDINGS: tuple[str, ...] = ("\r\n", "\n")

#: Separator when the table has none (it came from a workbook): the CSV default.
DEFAULT_SEPARATOR = ","

#: Rows per chunk: large enough that pyarrow's per-call overhead vanishes, small
#: enough that the per-column intermediates stay a fraction of the output (25,000
#: was faster than 100,000, with a third of the memory in flight).
_CHUNK_ROWS = 25_000

#: Threads writing chunks at once (each holds one chunk's intermediates).
_THREADS = min(4, os.cpu_count() or 1)

_TEXT = pa.large_string()


@dataclass(frozen=True)
class ExportOptions:
    """How the CSV is written. Checked when used (`export_csv`), so options can be
    built straight from user input and a bad choice surfaces as one UsageError."""

    # ; , | — None: the table's own (";" for a tab-separated file), "," for a workbook
    separator: str | None = None
    bom: bool = False               # UTF-8 byte order mark, for people who open it in Excel
    line_ending: str = "\r\n"       # "\r\n" or "\n"
    canonical_headers: bool = True  # Upflow's names for mapped columns; False: as written
    # An apostrophe before every formula-like cell (never by default: Upflow would
    # import the apostrophe with the value); headers are written as they are.
    neutralise_formulas: bool = False
    # Column positions the person left out of the corrected file (a duplicate, a
    # column of notes): the other columns keep their order.
    leave_out: frozenset[int] = frozenset()


def export_csv(table: Table, mapping: ColumnMapping | None = None,
               options: ExportOptions = ExportOptions()) -> bytes:
    """The table as UTF-8 CSV bytes: header line, then one line per row, every line
    ending with the line ending (the last one too).

    `mapping` (from the check of this table) gives the canonical headers; without it,
    or with `options.canonical_headers` False, the headers are written as they are.
    """
    return b"".join(_csv_parts(table, mapping, options))


def write_csv(table: Table, file: BinaryIO, mapping: ColumnMapping | None = None,
              options: ExportOptions = ExportOptions()) -> None:
    """`export_csv`, written to a binary file chunk by chunk: the same bytes, but a
    large table's CSV is never whole in memory (the CLI writes its outputs so)."""
    for part in _csv_parts(table, mapping, options):
        file.write(part)


def _csv_parts(table: Table, mapping: ColumnMapping | None,
               options: ExportOptions) -> Iterator[bytes | np.ndarray]:
    """The CSV's bytes in order: BOM, header line, then the rows chunk by chunk.
    Options are checked before anything is produced."""
    separator = _separator(table, options)
    line_ending = _line_ending(options)
    kept = [position for position in range(len(table.headers))
            if position not in options.leave_out]
    written = export_headers(table, mapping, canonical=options.canonical_headers)
    headers = tuple(written[position] for position in kept)
    if options.bom or (headers and headers[0].startswith("\ufeff")):
        # A first header starting with U+FEFF would start the file with the BOM's own
        # bytes, which every reader drops as a BOM: a BOM before it keeps it as text.
        yield BOM
    if not headers:
        return
    yield from _lines(_header_columns(headers), separator, line_ending)
    yield from _lines(_data_columns(table, kept, options.neutralise_formulas),
                      separator, line_ending)


def export_headers(table: Table, mapping: ColumnMapping | None = None, *,
                   canonical: bool = True) -> tuple[str, ...]:
    """The header texts the export writes: for an active mapped column its target
    (Upflow's name for it, so the importer recognises it), for any other column the
    header as the user wrote it."""
    if not canonical or mapping is None:
        return table.headers
    _check_mapping(table, mapping)
    targets = {column.position: column.target for column in mapping.active}
    return tuple(targets.get(position) or header
                 for position, header in enumerate(table.headers))


def split_by_errors(table: Table, findings: pd.DataFrame) -> tuple[Table, Table]:
    """(accepted, rejected): the rows without any error finding, and the rows with at
    least one, both with the table's headers and their own row numbers.

    Only a finding on a row rejects it: a file- or column-level error (row null) is
    about the file, not about a line, so it leaves every line where it is. The read
    findings of the table follow their rows; those without a row stay with both.
    """
    rejected = table.data.index.isin(error_rows(findings))
    return _subset(table, ~rejected), _subset(table, rejected)


def findings_csv(findings: pd.DataFrame, options: ExportOptions = ExportOptions()) -> bytes:
    """The findings as a CSV file for a person: plain column titles, each rule's title
    and each severity in the current language (`checks.export.people`), the export's
    separator and line ending, and always a byte order mark, since this file is opened
    in Excel, which reads accents wrong without one. Every text a spreadsheet would
    run as a formula gets an apostrophe before it
    (`checks.text.formulas.spreadsheet_safe`), the cells' values, the messages quoting
    them and the column titles alike. Machines read the command line's JSON instead."""
    separator = check_separator(options.separator or DEFAULT_SEPARATOR)
    readable = for_people(published(findings))
    text = spreadsheet_safe_frame(readable).to_csv(index=False, sep=separator,
                                                   lineterminator=_line_ending(options))
    return BOM + text.encode("utf-8")


# ── options ─────────────────────────────────────────────────────────────────────────

def check_export_options(table: Table, options: ExportOptions) -> None:
    """UsageError for a separator or line ending the export cannot write: lets a
    caller refuse before it creates an output file."""
    _separator(table, options)
    _line_ending(options)


def _separator(table: Table, options: ExportOptions) -> str:
    if options.separator:
        return check_separator(options.separator)
    return default_separator(table)


def default_separator(table: Table) -> str:
    """The separator the corrected file is written with when none is chosen: the
    table's own when Upflow reads it, ";" for a tab-separated file, "," for a
    workbook's sheet."""
    return export_separator_for(table.separator, DEFAULT_SEPARATOR)


def _line_ending(options: ExportOptions) -> str:
    if options.line_ending not in LINE_ENDINGS:
        raise UsageError(_("The line ending must be \\r\\n (Windows) or \\n (Unix), not "
                           "{ending}.").format(ending=repr(options.line_ending)))
    return options.line_ending


def _check_mapping(table: Table, mapping: ColumnMapping) -> None:
    """A mapping made for another table would silently rename the wrong columns."""
    written = tuple(column.header for column in mapping.columns)
    if written != table.headers:
        raise UsageError(_("The column mapping was made for other headers than this "
                           "table's: check the table again before exporting it."))


# ── splitting ───────────────────────────────────────────────────────────────────────

def _subset(table: Table, keep: np.ndarray) -> Table:
    data = table.data[keep]
    own = table.findings["row"]
    findings = table.findings[own.isna() | own.isin(data.index)].reset_index(drop=True)
    return replace(table, data=data, findings=findings)


# ── writing ─────────────────────────────────────────────────────────────────────────

def _header_columns(headers: Sequence[str]) -> list[pa.ChunkedArray]:
    """The header line as one-row columns, so headers go through the very same quoting
    as the cells."""
    return [pa.chunked_array([pa.array([header], _TEXT)]) for header in headers]


def _data_columns(table: Table, positions: Sequence[int],
                  neutralise: bool = False) -> list[pa.ChunkedArray]:
    """The cell columns at `positions` as Arrow text, without copying pandas'
    Arrow-backed "str" columns; a missing value (never expected: cells are "" when
    empty) is written as an empty cell. `neutralise`: formula-like cells get an
    apostrophe first."""
    columns = []
    for position in positions:
        cells = table.data[position]
        array = pa.chunked_array(spreadsheet_safe(cells) if neutralise else cells)
        if array.type != _TEXT:
            array = array.cast(_TEXT)
        columns.append(pc.fill_null(array, "") if array.null_count else array)
    return columns


def _lines(columns: list[pa.ChunkedArray], separator: str,
           line_ending: str) -> Iterator[np.ndarray]:
    """The UTF-8 bytes of the rows of `columns`, chunk by chunk, in order.

    Chunks are written on a few threads: pyarrow's kernels and numpy's comparisons
    release the GIL, so this scales with the cores (1.7× on two). Only a few chunks
    are in flight at once, so a consumer that writes each chunk away holds a few
    chunks, not the file.
    """
    rows = len(columns[0])

    def chunk_bytes(start: int) -> np.ndarray:
        chunk = [_contiguous(column.slice(start, _CHUNK_ROWS)) for column in columns]
        return _line_bytes(_join_line(chunk, separator, line_ending))

    starts = iter(range(0, rows, _CHUNK_ROWS))
    if rows <= _CHUNK_ROWS:
        yield from (chunk_bytes(start) for start in starts)
        return
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        pending: deque[Future[np.ndarray]] = deque(
            pool.submit(chunk_bytes, start) for start in islice(starts, _THREADS))
        while pending:
            done = pending.popleft().result()
            next_start = next(starts, None)
            if next_start is not None:
                pending.append(pool.submit(chunk_bytes, next_start))
            yield done


def _contiguous(column: pa.ChunkedArray) -> pa.Array:
    """One array for the rows of a chunk; a copy only when they straddle two of
    Arrow's chunks."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _join_line(columns: list[pa.Array], separator: str, line_ending: str) -> pa.Array:
    """Each row's line: quoted cells joined by the separator, ending with the line
    ending (appended to the last cell, so no separator comes before it)."""
    cells = [_quoted(column, separator) for column in columns]
    cells[-1] = pc.binary_join_element_wise(cells[-1], _text(line_ending), _text(""))
    return pc.binary_join_element_wise(*cells, _text(separator))


def _quoted(column: pa.Array, separator: str) -> pa.Array:
    """The column with quotes around exactly the values that need them (see
    `_needs_quotes`), their inner quotes doubled; all other values untouched."""
    needs = _needs_quotes(column, separator)
    if not needs.any():
        return column
    mask = pa.array(needs)
    chosen = column.filter(mask)
    escaped = pc.replace_substring(chosen, '"', '""')
    wrapped = pc.binary_join_element_wise(_text('"'), escaped, _text('"'), _text(""))
    return pc.replace_with_mask(column, mask, wrapped)


def _text(value: str) -> pa.Scalar:
    """A text scalar of the columns' Arrow type (the join kernels want one type)."""
    return pa.scalar(value, _TEXT)


def _needs_quotes(column: pa.Array, separator: str) -> np.ndarray:
    """Whether each value holds the separator, a double quote, "\r" or "\n": the
    characters a CSV reader would otherwise take as structure.

    Searched in the column's UTF-8 bytes at once with numpy (6× faster than one
    pyarrow substring search per character): these four characters are ASCII, and
    an ASCII byte never occurs inside a multi-byte UTF-8 character, so a byte match
    is a character match. Each hit is mapped back to its value by the offsets.
    """
    offsets, data = offsets_and_bytes(column)
    hits = np.flatnonzero(_special_bytes(data, separator))
    needs = np.zeros(len(column), dtype=bool)
    if hits.size:
        needs[np.searchsorted(offsets, hits + offsets[0], side="right") - 1] = True
    return needs


def _special_bytes(data: np.ndarray, separator: str) -> np.ndarray:
    """Per byte, whether it is one of the characters that force quotes."""
    special = data == ord(separator)
    for character in ('"', "\n", "\r"):
        special |= data == ord(character)
    return special


def _line_bytes(lines: pa.Array) -> np.ndarray:
    """The lines' text concatenated: an Arrow string array stores its values one after
    the other in one data buffer, so the bytes from the first value's start to the
    last one's end are exactly those values joined — a view, not a copy."""
    return offsets_and_bytes(lines)[1]
