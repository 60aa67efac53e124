"""Which cells and headers of the Data sheet are filled and commented, from the findings.

Findings carry their column's position in the file (`POSITION`), so a mark goes on the
column the finding is about, not on the first column of the same header:

* a finding about a cell marks that cell (its row, its column's position);
* a finding about a whole line (``ragged_row``, no position) marks the line's first cell;
* a finding about a column (no row) marks its header; one about a header text rather
  than one column (a header written twice, found while reading) marks the header of
  every column of that text; one about a column the file lacks marks nothing.

Several findings on one cell make one mark: the worst severity's fill, and every
message (worst first) in the comment. Everything is vectorised over the findings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checks.check.validate import CheckResult
from checks.export.report.cells import SEVERITY_LABEL, SEVERITY_RANK
from checks.export.report.cleaning import Notes, clean
from checks.i18n import _
from checks.model.findings import POSITION
from checks.text.templates import fill_texts


@dataclass(frozen=True)
class Marks:
    """Cells to highlight: `cells` (pos: data row position, col: data column position,
    rank: worst severity, text: the comment), `headers` (col, rank, text). Both are
    sorted by their keys, so the Data sheet can take each column's marks in order."""

    cells: pd.DataFrame
    headers: pd.DataFrame


def _no_marks() -> Marks:
    return Marks(pd.DataFrame({"pos": pd.Series(dtype="int64"),
                               "col": pd.Series(dtype="int64"),
                               "rank": pd.Series(dtype="int64"),
                               "text": pd.Series(dtype="object")}),
                 pd.DataFrame({"col": pd.Series(dtype="int64"),
                               "rank": pd.Series(dtype="int64"),
                               "text": pd.Series(dtype="object")}))


def marks(result: CheckResult, n_columns: int) -> Marks:
    """The marks of `result`'s findings on a Data sheet of `n_columns` columns."""
    findings = result.findings
    if findings.empty:
        return _no_marks()
    findings = findings.reset_index(drop=True)

    scratch = Notes()  # the Findings sheet counts the changes made to these texts
    message = clean(findings["message"], scratch, data=False)
    fix = findings["fix"]
    has_fix = fix.notna().to_numpy(bool)
    labels = {severity: _(label) for severity, label in SEVERITY_LABEL.items()}
    label = findings["severity"].map(labels).fillna(_("Note"))
    text = fill_texts(_("{severity}: {message}"), severity=label,
                      message=message).astype("object")
    if has_fix.any():
        fixes = clean(fix[has_fix], scratch, data=False)
        text[has_fix] = fill_texts(_("{comment}\nSuggested fix: {fix}"), comment=text[has_fix],
                                   fix=fixes.astype("object"))
    rank = findings["severity"].map(SEVERITY_RANK).fillna(2).astype("int64")
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
    return Marks(cells, columns)


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
