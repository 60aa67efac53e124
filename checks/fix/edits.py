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

import pandas as pd

from checks.check.incremental import recheck_cells
from checks.fix.fixes import CHANGE_COLUMNS, FixOutcome
from checks.i18n import _
from checks.model.errors import UsageError
from checks.model.table import Table

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
    frame = _edits_frame(table, edits)
    data = table.data
    logs: list[pd.DataFrame] = []
    cells: list[tuple[int, int]] = []
    for position, group in frame.groupby("position", sort=True):
        rows = pd.Index(group["row"].to_numpy(dtype="int64"))
        before = data[position].loc[rows]
        after = pd.Series(group["text"].to_numpy(dtype=object), index=rows)
        differs = before.to_numpy(dtype=object) != after.to_numpy(dtype=object)
        if not differs.any():
            continue
        if data is table.data:
            data = table.data.copy()
        changed = rows[differs]
        cells += [(int(row), int(position)) for row in changed]
        column = data[position].copy()
        column.loc[changed] = after[differs].to_numpy(dtype=object)
        data[position] = column
        logs.append(pd.DataFrame({
            "row": pd.array(changed, dtype="Int64"),
            "column": table.headers[int(position)],
            "before": before[differs].to_numpy(dtype=object),
            "after": after[differs].to_numpy(dtype=object),
            "rule": MANUAL_EDIT,
        }))
    changes = _log(logs)
    return (table if data is table.data else table.with_data(data)), changes, cells


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
    return FixOutcome(table, changes.astype({"row": "Int64"}),
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


def _edits_frame(table: Table, edits: CellEdits) -> pd.DataFrame:
    """The edits as columns (row, position, text), checked against the table so a
    stale edit (a row or column that is not there) is a clear error, not a new row."""
    frame = pd.DataFrame(
        [(int(row), int(position), text) for (row, position), text in edits.items()],
        columns=["row", "position", "text"],
    ).astype({"row": "int64", "position": "int64", "text": object})
    if frame.empty:
        return frame
    if not frame["text"].map(lambda value: isinstance(value, str)).all():
        raise UsageError(_("An edited cell must hold text."))
    bad_column = ~frame["position"].between(0, len(table.headers) - 1)
    if bad_column.any():
        position = int(frame.loc[bad_column, "position"].iloc[0])
        raise UsageError(_("Column {number} is not a column of this file.").format(
            number=position + 1))
    bad_row = ~frame["row"].isin(table.data.index)
    if bad_row.any():
        row = int(frame.loc[bad_row, "row"].iloc[0])
        raise UsageError(_("Row {row} is not a line of this file.").format(row=row))
    return frame


def _log(logs: list[pd.DataFrame]) -> pd.DataFrame:
    if not logs:
        return pd.DataFrame({"row": pd.array([], dtype="Int64"),
                             **{name: pd.Series(dtype=object) for name in CHANGE_COLUMNS[1:]}})
    return pd.concat(logs, ignore_index=True)[list(CHANGE_COLUMNS)]
