"""The CSV fast path: pyarrow's CSV reader, no Python loop over records.

pyarrow parses every cell as a string (no type inference, no null conversion: an
empty cell is ""), honours quotes, doubled quotes and line breaks inside quoted
values, and — with `ignore_empty_lines=False` — returns a blank line as a record of
empty cells, so record k of its table is row k of the file. Empty rows are then
dropped with a vectorised mask, keeping the numbers of the others.

A record wider or narrower than the header is handed to `invalid_row_handler`. When
pyarrow reads on one thread it knows the record's number: the record is set aside,
parsed with `csv` (one call per ragged record, never per record), fitted to the
header and put back in place, and reported as `ragged_row`. On several threads the
number is unknown, so the multi-threaded attempt gives up at the first ragged record
and the caller retries on one thread.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from checks.read.common import arrow_frame, columns_together, empty_frame, fit
from checks.read.csv_records import Parsed, ragged_row
from checks.text.stacked import joined

#: pyarrow's per-block size: large blocks mean fewer, bigger parallel tasks.
_BLOCK_SIZE = 1 << 24


class _RaggedRecords:
    """Collects the records pyarrow finds not as wide as the header."""

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.texts: list[str] = []

    def __call__(self, row: pacsv.InvalidRow) -> str:
        if row.number is None:
            return "error"  # multi-threaded: cannot put it back in place
        self.numbers.append(row.number)
        self.texts.append(row.text)
        return "skip"


def read_arrow(data: bytes | Path, start: int, sep: str, width: int, *,
               threads: bool) -> Parsed | None:
    """The table from UTF-8 `data` (text from byte `start`, after a BOM) whose header
    has `width` fields; None when pyarrow cannot read it (the caller then uses the
    careful path).

    `data` is the file's bytes, or the path of the file: pyarrow then reads it block
    by block, so the file is never in memory beside its table."""
    names = [f"c{position}" for position in range(width)]
    ragged = _RaggedRecords()
    try:
        with _input(data, start) as source:
            table = pacsv.read_csv(
                source,
                read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK_SIZE,
                                               use_threads=threads),
                parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True,
                                                 ignore_empty_lines=False,
                                                 invalid_row_handler=ragged),
                # large_string: pandas' "str" columns hold that type, so the table
                # becomes the frame without a copy.
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.large_string()),
                    strings_can_be_null=False, quoted_strings_can_be_null=False,
                    null_values=[]),
            )
    except (pa.ArrowException, ValueError, OSError):
        return None  # a ragged record on several threads, bad UTF-8, …
    if any(column.null_count for column in table.columns):
        return None  # never expected with these options; do not guess
    numbers = _record_numbers(table.num_rows, ragged.numbers)
    if numbers is None:
        return None
    counts: dict[int, int] = {}
    if ragged.numbers:
        try:
            table, numbers, counts = _put_back(table, numbers, ragged, sep, width)
        except csv.Error:
            return None  # e.g. a huge ragged value: the careful path explains it
    return _assemble(table, numbers, counts, width)


def _input(data: bytes | Path, start: int) -> pa.NativeFile:
    """An Arrow input stream of the text from byte `start`."""
    if isinstance(data, Path):
        stream = pa.OSFile(str(data))
        stream.seek(start)
        return stream
    return pa.BufferReader(pa.py_buffer(data)[start:])


def _record_numbers(valid: int, ragged: list[int]) -> np.ndarray | None:
    """Record number of each row pyarrow kept: all numbers but the ragged ones.
    None when the ragged numbers do not fit (then do not trust them)."""
    total = valid + len(ragged)
    if not ragged:
        return np.arange(1, total + 1)
    set_aside = np.asarray(ragged, dtype=np.int64)
    if len(set(ragged)) != len(ragged) or set_aside.min() < 1 or set_aside.max() > total:
        return None
    kept = np.ones(total, dtype=bool)
    kept[set_aside - 1] = False
    return np.flatnonzero(kept) + 1


def _put_back(table: pa.Table, numbers: np.ndarray, ragged: _RaggedRecords, sep: str,
              width: int) -> tuple[pa.Table, np.ndarray, dict[int, int]]:
    """The ragged records parsed, fitted to the header and merged in record order;
    with the field count of each that is not empty, for the findings (a long record
    may have text only beyond the header's width: it is still not an empty row)."""
    records = [_parse_record(text, sep) for text in ragged.texts]
    fitted = [fit(record, width) for record in records]
    extra = pa.table({name: pa.array([row[position] for row in fitted], pa.large_string())
                      for position, name in enumerate(table.column_names)})
    merged = pa.concat_tables([table, extra])
    all_numbers = np.concatenate([numbers, np.asarray(ragged.numbers, dtype=np.int64)])
    order = np.argsort(all_numbers, kind="stable")
    counts = {number: len(record) for number, record in zip(ragged.numbers, records,
                                                             strict=True) if any(record)}
    return merged.take(pa.array(order)), all_numbers[order], counts


def _parse_record(text: str, sep: str) -> list[str]:
    """One record's text as fields, split as the careful path splits it."""
    return [field for part in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
            for field in part]


def _assemble(table: pa.Table, numbers: np.ndarray, ragged: dict[int, int],
              width: int) -> Parsed | None:
    """Header = first non-empty record; data = the non-empty records after it.
    `ragged` maps the number of each non-empty ragged record to its field count."""
    filled = _non_empty(table) | np.isin(numbers, np.fromiter(ragged, np.int64, len(ragged)))
    kept = np.flatnonzero(filled)
    if kept.size == 0:
        return Parsed((), empty_frame())
    header_at = int(kept[0])
    if int(numbers[header_at]) in ragged:
        return None  # pyarrow and csv disagree on the header: let csv read it all
    headers = tuple(str(cell) for _count, cells in _column_groups(table.slice(header_at, 1))
                    for cell in cells.to_pylist())
    rows = kept[1:]
    if rows.size == table.num_rows - header_at - 1:
        body = table.slice(header_at + 1)
    else:
        body = table.take(pa.array(rows))
    row_numbers = numbers[rows]
    frame = arrow_frame(body, width, row_numbers)
    findings = tuple(ragged_row(int(number), ragged[int(number)], width)
                     for number in row_numbers[np.isin(row_numbers, list(ragged))])
    return Parsed(headers, frame, findings)


def _non_empty(table: pa.Table) -> np.ndarray:
    """Per record, whether any cell has text (a loop over groups of columns, not rows)."""
    filled = np.zeros(table.num_rows, dtype=bool)
    for count, cells in _column_groups(table):
        lengths = pc.binary_length(cells).to_numpy()
        filled |= (lengths.reshape(count, table.num_rows) > 0).any(axis=0)
    return filled


def _column_groups(table: pa.Table) -> Iterator[tuple[int, pa.ChunkedArray]]:
    """The table's cells column after column, a few columns at a time (`CELLS_TOGETHER`
    cells, one column at least), as (how many columns, their cells): a very wide file
    asked column by column paid Arrow's cost per call 16,384 times per question."""
    together = columns_together(table.num_rows)
    columns = table.columns
    for first in range(0, len(columns), together):
        part = columns[first:first + together]
        yield len(part), joined(part)
