"""What the Fix page's editor says about the cells still to correct.

Streamlit's data editor cannot colour an editable cell (a pandas Styler only reaches
its read-only columns), and colour alone would not do anyway. So the editor says it
in words, twice: a pinned "To correct" column names, on each line, every cell with an
error and its problem ("Email: Invalid email address · Workflow: Workflow not
found"), and every column with an error on the lines shown says so in its title
("Email · 2 to correct"), its tooltip giving each problem, its rows and how to fix
it. The page colours the "To correct" cells, which are read-only. Values are never
marked: a mark in a cell would be edited and exported with it.

Like the status column, everything is computed for the lines shown only, with
whole-column operations on their findings; the loop over columns with an error runs
once per such column, never per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from checks.i18n import N_, _, ngettext, number
from checks.model.findings import POSITION
from checks.model.rules import RULES, Severity
from checks.views.grid import column_labels, display_headers
from checks.views.status import findings_on, labelled, with_first_column

#: What the pages use (through `checks.views`).
__all__ = ["TO_CORRECT", "ColumnMark", "column_marks", "to_correct", "with_corrections"]

#: The title of the column naming, on each line, the cells to correct and why.
TO_CORRECT = N_("To correct")


@dataclass(frozen=True)
class ColumnMark:
    """A column with errors on the lines shown: its title and its tooltip."""

    label: str
    help: str


def _errors_on(findings: pd.DataFrame, rows: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """The error findings on `rows`, in the order of the lines then of the columns,
    and where each one's line is in `rows`."""
    on_rows, at = findings_on(findings, rows)
    errors = on_rows["severity"].to_numpy(dtype=object) == Severity.ERROR.value
    return on_rows[errors], at[errors]


def _titles(codes: pd.Series) -> pd.Series:
    """Each rule's title in the session's language, worded once per rule."""
    return codes.map({code: _(RULES[code].title) for code in codes.unique()}).astype(object)


def to_correct(findings: pd.DataFrame, headers: Sequence[str], rows: pd.Index) -> pd.Series:
    """For the given rows, each cell with an error and its problem ("Email: Invalid
    email address · Workflow: Workflow not found"), "" for a line without error; a
    problem of the whole line (no column) by its title alone. Index = those rows."""
    out = np.full(len(rows), "", dtype=object)
    errors, at = _errors_on(findings, rows)
    if len(errors):
        said = labelled(column_labels(errors, headers).to_numpy(dtype=object),
                        _titles(errors["rule"]).to_numpy(dtype=object))
        joined = pd.Series(said, index=at).groupby(level=0, sort=False).agg(" · ".join)
        out[joined.index.to_numpy()] = joined.to_numpy(dtype=object)
    return pd.Series(out, index=rows, dtype=object, name=_(TO_CORRECT))


def column_marks(findings: pd.DataFrame, headers: Sequence[str],
                 rows: pd.Index) -> dict[int, ColumnMark]:
    """{position: title and tooltip} of each column with an error on the lines shown."""
    errors, _at = _errors_on(findings, rows)
    errors = errors[errors[POSITION].notna()]
    labels = display_headers(headers)
    marks: dict[int, ColumnMark] = {}
    for position, column in errors.groupby(POSITION, sort=True):
        lines = column["row"].nunique()
        problems = []
        for code, found in column.groupby("rule", sort=False):
            numbers = ", ".join(number(int(row)) for row in found["row"].unique())
            rows_said = ngettext("row {rows}", "rows {rows}", found["row"].nunique()).format(
                rows=numbers)
            problems.append(_("{problem} ({rows}): {how}").format(
                problem=_(RULES[str(code)].title), rows=rows_said,
                how=_(RULES[str(code)].how_to_fix)))
        label = labels[int(position)]
        marks[int(position)] = ColumnMark(
            _("{column} · {count} to correct").format(column=label, count=number(lines)),
            _("To correct in this column: {problems}").format(problems=" ".join(problems)))
    return marks


def with_corrections(page: pd.DataFrame, corrections: pd.Series) -> pd.DataFrame:
    """The page's columns with the "To correct" column first (same rows, same order)."""
    return with_first_column(page, _(TO_CORRECT), corrections)
