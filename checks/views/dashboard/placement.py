"""Where the findings are: per column of the file, and per block of lines × column.

Two columns of a file may share a header (or both have none), so a finding's column is
its position (`checks.model.findings.POSITION`), not its header text: each column of
the file is labelled as the check page's grid labels it (`display_headers`: a repeated
or empty header gets its column letter, "ID (D)", "(column B)"), and charts, filters
and the heatmap all go by that label (`column_labels`). A finding about a column the
file lacks (a missing mandatory column) has no position; it keeps its column's name.
With unique headers every label is the header itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from checks.i18n import N_, number
from checks.model.rules import Severity
from checks.views.grid import column_labels, display_headers

#: At most this many row blocks in the heatmap: enough to see where problems cluster,
#: few enough to read (100,000 lines make 50 blocks of 2,000).
MAX_BLOCKS = 50

#: The severities in the order they are listed and stacked, worst first.
SEVERITIES: tuple[str, ...] = (Severity.ERROR.value, Severity.WARNING.value,
                               Severity.INFO.value)

#: Where a line's finding that names no column (a line with the wrong number of
#: cells) goes in the heatmap, so that every line finding is counted somewhere (the
#: figure shows it in the session's language).
WHOLE_LINE = N_("(whole line)")

COLUMN_COLUMNS: tuple[str, ...] = ("column", *SEVERITIES, "total")
BLOCK_COLUMNS: tuple[str, ...] = ("label", "first", "last", "lines")


def _column_order(headers: Sequence[str]) -> dict[str, int]:
    """Where each label sorts: its column's position in the file. A name (a finding
    without a position) sorts at the first column with that header, as it did before
    positions; a name no column has is left out (it sorts after every column)."""
    order: dict[str, int] = {}
    for position, (label, header) in enumerate(zip(display_headers(headers), headers,
                                                   strict=True)):  # columns, not rows
        order.setdefault(label, position)
        order.setdefault(header, position)
    return order


def by_column(findings: pd.DataFrame, headers: Sequence[str] = ()) -> pd.DataFrame:
    """One line per column with findings: how many errors, warnings and notes name it,
    and their total; most findings first, ties in the file's order (then by label)."""
    labels = column_labels(findings, headers)
    named = labels.notna().to_numpy(dtype=bool)
    table = pd.crosstab(labels[named].astype(str), findings["severity"][named].astype(str))
    table = table.reindex(columns=list(SEVERITIES), fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    order = _column_order(headers)
    table["_rank"] = [order.get(label, len(headers)) for label in table.index]
    table = table.sort_values(["total", "_rank"], ascending=[False, True], kind="stable")
    frame = table.rename_axis("column").reset_index()
    frame.columns.name = None
    return frame[list(COLUMN_COLUMNS)].reset_index(drop=True)


def _block_label(first: int, last: int) -> str:
    return number(first) if first == last else f"{number(first)}–{number(last)}"


def row_blocks(index: pd.Index, max_blocks: int = MAX_BLOCKS) -> pd.DataFrame:
    """The file's lines split into at most `max_blocks` blocks of consecutive lines
    (equal sizes but the last), labelled by their spreadsheet row numbers ("2–2,001").
    Row numbers may skip (a quoted value over several lines), so blocks are cut by
    position and labelled by the numbers the spreadsheet shows."""
    if max_blocks < 1:
        raise ValueError("A heatmap has at least one block of lines.")
    numbers = np.asarray(index, dtype="int64")
    if len(numbers) == 0:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name != "label" else object)
                             for name in BLOCK_COLUMNS})
    size = -(-len(numbers) // max_blocks)  # ceiling division
    starts = np.arange(0, len(numbers), size)
    ends = np.minimum(starts + size, len(numbers)) - 1
    first, last = numbers[starts], numbers[ends]
    return pd.DataFrame({
        "label": [_block_label(int(a), int(b)) for a, b in zip(first, last, strict=True)],
        "first": first, "last": last, "lines": ends - starts + 1,
    }, columns=list(BLOCK_COLUMNS))


def _heatmap_columns(labels: pd.Series, headers: Sequence[str]) -> list[str]:
    """The heatmap's columns: those with line findings, in the file's order, then any
    other name findings use (alphabetically), then the whole-line column when a
    finding has none."""
    order = _column_order(headers)
    present = labels.dropna().unique().tolist()
    ordered = sorted(present, key=lambda label: (order.get(label, len(headers)), label))
    if labels.isna().any():
        ordered.append(WHOLE_LINE)
    return ordered


def _heat_counts(findings: pd.DataFrame, index: pd.Index, headers: Sequence[str],
                 max_blocks: int) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """The blocks, the heatmap's column names and the counts of line findings per
    severity (in SEVERITIES' order) × block × column, in one pass over the findings."""
    blocks = row_blocks(index, max_blocks)
    on_lines = findings[findings["row"].notna().to_numpy(dtype=bool)]
    labels = column_labels(on_lines, headers)
    names = _heatmap_columns(labels, headers) if len(blocks) else []
    counts = np.zeros((len(SEVERITIES), len(blocks), len(names)), dtype="int64")
    if len(on_lines) and len(blocks):
        rows = on_lines["row"].to_numpy(dtype="int64")
        # A finding belongs to the last block starting at or before its row.
        block = np.searchsorted(blocks["first"].to_numpy(), rows, side="right") - 1
        block = np.clip(block, 0, len(blocks) - 1)
        filled = labels.to_numpy(dtype=object).copy()
        filled[labels.isna().to_numpy(dtype=bool)] = WHOLE_LINE
        position = pd.Index(names, dtype=object).get_indexer(filled)
        severity = pd.Index(SEVERITIES, dtype=object).get_indexer(
            on_lines["severity"].to_numpy(dtype=object))
        known = severity >= 0
        cell = (severity * len(blocks) + block) * len(names) + position
        counts = np.bincount(cell[known], minlength=counts.size).reshape(counts.shape)
    return blocks, names, counts


def _frame(counts: np.ndarray, blocks: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(counts, index=pd.Index(blocks["label"], name="rows"),
                        columns=pd.Index(names, name="column"))


def problem_heatmap(findings: pd.DataFrame, index: pd.Index, headers: Sequence[str] = (),
                    max_blocks: int = MAX_BLOCKS) -> pd.DataFrame:
    """How many line findings fall in each block of lines (rows of the result, labelled
    as in `row_blocks`) and each column (columns of the result, labelled as in
    `column_labels`), whatever their severity."""
    blocks, names, counts = _heat_counts(findings, index, headers, max_blocks)
    return _frame(counts.sum(axis=0), blocks, names)


def severity_heatmaps(findings: pd.DataFrame, index: pd.Index, headers: Sequence[str] = (),
                      max_blocks: int = MAX_BLOCKS) -> dict[str, pd.DataFrame]:
    """`problem_heatmap` split by severity (keys in SEVERITIES' order), every frame
    with the same blocks and columns: errors and warnings are drawn apart, each in
    its own colour, since a block of warnings is not a block of errors."""
    blocks, names, counts = _heat_counts(findings, index, headers, max_blocks)
    return {severity: _frame(counts[at], blocks, names)
            for at, severity in enumerate(SEVERITIES)}
