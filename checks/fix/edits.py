"""Manual edits: the cells a person corrected by hand, written into the table and logged.

Fixes (`checks.fix.fixes`) handle what the checker is sure about; the rest needs a person.
An edit names a cell by its spreadsheet row number and its column *position* (headers
can repeat or be empty, positions cannot), and holds the new text. Edits are logged
in the same columns as fixes (`row, column, before, after, rule`) under the pseudo-rule
`manual_edit`, so the change log, the error report and the CLI's JSON read one shape.
`manual_edit` is deliberately not in the rule catalogue: it is not a problem the
checker reports, only a line of the change log.

After editing, the table is checked again with the same definitions, options and
column choices (`recheck_with_edits`), so what remains is always the check of exactly
the cells that will be exported. Only what the edited cells can change is checked
again (`checks.check.incremental`): an edit costs its cells, not the file.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from checks.check.incremental import recheck_cells
from checks.fix.fixes import CHANGE_COLUMNS, FixOutcome
from checks.fix.writing import with_cells
from checks.i18n import _
from checks.model.errors import UsageError
from checks.model.findings import object_column
from checks.model.table import Table
from checks.text.vectorised import take_rows

__all__ = ["MANUAL_EDIT", "CellEdits", "apply_edits", "changed_cells", "recheck_with_edits"]

#: The change log's rule for a value a person typed (not a catalogue rule).
MANUAL_EDIT = "manual_edit"

#: {(spreadsheet row number, column position): new text}
CellEdits = Mapping[tuple[int, int], str]


def apply_edits(table: Table, edits: CellEdits) -> tuple[Table, pd.DataFrame]:
    """A copy of `table` with the edited cells replaced, and the log of what changed.

    An edit that writes the text a cell already holds changes nothing and is not
    logged, so applying the same edits twice is the same as applying them once.
    Every cell that is not edited keeps its exact text. Writes go one column at a
    time (one vectorised assignment per edited column), never cell by cell.
    """
    edited, changes, _cells = _apply(table, edits)
    return edited, changes


def _apply(table: Table, edits: CellEdits
           ) -> tuple[Table, pd.DataFrame, list[tuple[int, int]]]:
    """`apply_edits`, and the cells it changed (row number, column position)."""
    rows, positions, texts = _checked(table, edits)
    data = table.data
    at = data.index.get_indexer(rows)
    columns: dict[int, pd.Series] = {}
    logs: list[pd.DataFrame] = []
    cells: list[tuple[int, int]] = []
    for position in np.unique(positions):
        mine = positions == position
        lines, after = at[mine], texts[mine]
        order = np.argsort(lines, kind="stable")
        before = np.empty(len(lines), dtype=object)
        before[order] = take_rows(data[position], lines[order]).to_numpy(dtype=object)
        differs = before != after
        if not differs.any():
            continue
        changed = rows[mine][differs]
        cells += [(int(row), int(position)) for row in changed]
        order = np.argsort(lines[differs])
        columns[int(position)] = with_cells(data[position], lines[differs][order],
                                            after[differs][order])
        count = len(changed)
        logs.append(pd.DataFrame({  # object text, as the fixes' log: joined without casts
            "row": pd.array(changed, dtype="Int64"),
            "column": object_column([table.headers[int(position)]] * count),
            "before": object_column(before[differs]),
            "after": object_column(after[differs]),
            "rule": object_column([MANUAL_EDIT] * count),
        }))
    if not columns:
        return table, _log(logs), cells
    data = data.copy(deep=False)  # columns are replaced, never written
    for position, column in columns.items():
        data[position] = column
    return table.with_data(data), _log(logs), cells


def recheck_with_edits(outcome: FixOutcome, edits: CellEdits) -> FixOutcome:
    """The fixed table with a person's edits on top, checked again exactly as the
    fixed table was (same definitions, options and column choices).

    The change log holds the fixes first, then the edits, so a cell fixed and then
    edited shows both steps. Without any effective edit the outcome is returned
    as it is: nothing changed, so nothing needs checking again.
    """
    table, edit_log, cells = _apply(outcome.table, edits)
    if edit_log.empty:
        return outcome
    changes = pd.concat([outcome.changes, edit_log], ignore_index=True) \
        if not outcome.changes.empty else edit_log
    if changes["row"].dtype != "Int64":  # a cast that changes nothing costs a millisecond
        changes = changes.astype({"row": "Int64"})
    return FixOutcome(table, changes,
                      recheck_cells(outcome.result, table, cells))


def changed_cells(before: pd.DataFrame, after: pd.DataFrame) -> dict[tuple[int, int], str]:
    """The edits that turn `before` into `after`: both indexed by row number, with
    columns named by position; a missing value in `after` (a cleared cell) is "".

    This is how an edited grid becomes edits: compare it with what was shown,
    column by column, instead of trusting any per-cell bookkeeping.
    """
    if not before.index.equals(after.index):
        raise UsageError(_("The edited lines are not the lines that were shown: show the "
                           "lines again before applying the edits."))
    edits: dict[tuple[int, int], str] = {}
    for position in before.columns:
        old = before[position].astype(object).where(before[position].notna(), "")
        new = after[position].astype(object).where(after[position].notna(), "").astype(str)
        differs = old.to_numpy(dtype=object) != new.to_numpy(dtype=object)
        if differs.any():
            rows = before.index[differs]
            edits.update(zip(((int(r), int(position)) for r in rows), new[differs],
                             strict=True))
    return edits


def _checked(table: Table, edits: CellEdits) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The edits as arrays (row, position, text), checked against the table so a
    stale edit (a row or column that is not there) is a clear error, not a new row."""
    rows = np.array([int(row) for row, _position in edits], dtype=np.int64)
    positions = np.array([int(position) for _row, position in edits], dtype=np.int64)
    texts = np.empty(len(edits), dtype=object)
    texts[:] = list(edits.values())
    if not all(isinstance(text, str) for text in texts):
        raise UsageError(_("An edited cell must hold text."))
    bad_column = (positions < 0) | (positions > len(table.headers) - 1)
    if bad_column.any():
        raise UsageError(_("Column {number} is not a column of this file.").format(
            number=int(positions[bad_column][0]) + 1))
    bad_row = table.data.index.get_indexer(rows) < 0
    if bad_row.any():
        raise UsageError(_("Row {row} is not a line of this file.").format(
            row=int(rows[bad_row][0])))
    return rows, positions, texts


def _log(logs: list[pd.DataFrame]) -> pd.DataFrame:
    if not logs:
        return pd.DataFrame({"row": pd.array([], dtype="Int64"),
                             **{name: pd.Series(dtype=object) for name in CHANGE_COLUMNS[1:]}})
    if len(logs) == 1:
        return logs[0]  # built in CHANGE_COLUMNS' order, indexed 0…n-1
    return pd.concat(logs, ignore_index=True)[list(CHANGE_COLUMNS)]
