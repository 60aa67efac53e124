"""The grid's status column: each row's problems in words, beside the cell colours.

The check page colours error cells red and warning cells amber, which says nothing to
a colour-blind reader, a screen reader or a black-and-white print. The status column
says the same in words ("2 errors: Email, Workflow · 1 warning: Customer ID"), in the
session's language; the Fix page's editor of the lines still in error has it too (its
editable cells cannot be coloured). Like the colours, it is computed for the visible
page only, with whole-column operations on that page's findings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from checks.i18n import N_, _, counted, number
from checks.model.findings import POSITION
from checks.model.rules import Severity
from checks.views.grid import column_labels

#: What the pages use (through `checks.views`).
__all__ = ["SEVERITY_WORDS", "STATUS", "row_status", "status_title", "with_status"]

#: The title of the column that says in words what the cell colours say, so that no
#: problem is shown by colour alone (colour-blind readers, screen readers, a print).
STATUS = N_("Status")
#: At most this many column names in a status; the rest are counted ("+2").
STATUS_COLUMNS = 3


def _say_errors(count: int) -> str:
    return counted(count, "{count} error", "{count} errors")


def _say_warnings(count: int) -> str:
    return counted(count, "{count} warning", "{count} warnings")


def _say_notes(count: int) -> str:
    return counted(count, "{count} note", "{count} notes")


#: How many findings of each severity, in words ("2 errors", "1 avertissement"), worst
#: first (the order a reader meets them): the grid's status, the heatmap's hover labels.
SEVERITY_WORDS: dict[str, Callable[[int], str]] = {
    Severity.ERROR.value: _say_errors, Severity.WARNING.value: _say_warnings,
    Severity.INFO.value: _say_notes}


def _named_columns(labels: pd.Series) -> pd.Series:
    """Per row position, the distinct column labels its findings name, the first
    `STATUS_COLUMNS` then "+n" for the rest. Runs on one page's findings only."""
    named = labels.dropna()
    named = named[~pd.MultiIndex.from_arrays([named.index, named.to_numpy()]).duplicated()]
    if named.empty:
        return pd.Series(dtype=object)
    kept = named.groupby(level=0).head(STATUS_COLUMNS)
    listed = kept.groupby(level=0).agg(", ".join).astype(object)
    more = named.groupby(level=0).size() - STATUS_COLUMNS
    more = more[more > 0]
    words = more.map({n: number(int(n)) for n in more.unique()}).astype(object)
    listed.loc[more.index] = listed.loc[more.index] + ", +" + words
    return listed


def labelled(labels: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each value after its label in the session's "{label}: {value}" ("Email: Invalid
    email address"), or the other alone where one is missing. The template is cut
    around its fields once, so joining is whole-column string arithmetic."""
    template = _("{label}: {value}")
    before, rest = template.split("{label}", 1)
    middle, after = rest.split("{value}", 1)
    has_label, has_value = pd.notna(labels), pd.notna(values)
    said = np.where(has_label, labels, values).astype(object)
    both = has_label & has_value
    said[both] = (before + labels[both].astype(str) + middle + values[both].astype(str)
                  + after)
    return said


def findings_on(findings: pd.DataFrame, rows: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """The findings on `rows`, in the order of the lines then of the columns (as the
    eye reads them), and where each one's line is in `rows`."""
    at = rows.get_indexer(findings["row"].to_numpy(dtype="int64", na_value=-1))
    on_rows, at = findings[at >= 0], at[at >= 0]
    order = np.lexsort((on_rows[POSITION].to_numpy(dtype="int64", na_value=-1), at))
    return on_rows.iloc[order], at[order]


def _with_columns(counts: pd.Series, columns: pd.Series) -> pd.Series:
    """"2 errors: Email, Workflow", or "2 errors" when the findings name no column (a
    line with the wrong number of cells)."""
    named = columns.reindex(counts.index).to_numpy(dtype=object)
    return pd.Series(labelled(counts.to_numpy(dtype=object), named), index=counts.index)


def row_status(findings: pd.DataFrame, headers: Sequence[str], rows: pd.Index) -> pd.Series:
    """For the given rows, their problems in words: "2 errors: Email, Workflow · 1
    warning: Customer ID", "" for a row without findings. Index = those rows.

    The grid colours error cells red and warning cells amber; this says the same
    without colour. Only the page's findings are picked out (as in `severity_frame`),
    then counted per row and severity with whole-column operations; each distinct
    count is worded once. Columns are named in the file's order, as the eye reads
    the row."""
    status = np.full(len(rows), "", dtype=object)
    on_page, at = findings_on(findings, rows)
    labels = column_labels(on_page, headers).set_axis(at)
    severities = on_page["severity"].to_numpy(dtype=object)
    for severity, say in SEVERITY_WORDS.items():  # three severities, not rows
        mine = labels[severities == severity]
        if mine.empty:
            continue
        counts = mine.groupby(level=0).size()
        words = counts.map({n: say(int(n)) for n in counts.unique()}).astype(object)
        part = _with_columns(words, _named_columns(mine)).to_numpy(dtype=object)
        where = counts.index.to_numpy()
        earlier = status[where]
        status[where] = np.where(earlier == "", part, earlier + " · " + part)
    return pd.Series(status, index=rows, dtype=object, name=_(STATUS))


def unique_title(title: str, labels: Sequence[str]) -> str:
    """`title`, made unlike every column label of the file (a file may have its own
    "Status" column): "Status (2)", "Status (3)"… while it is taken."""
    chosen, taken, copy = title, set(labels), 1
    while chosen in taken:
        copy += 1
        chosen = f"{title} ({copy})"
    return chosen


def with_first_column(page: pd.DataFrame, title: str, values: pd.Series) -> pd.DataFrame:
    """The page's cells with a column of words first, under `title` made unique
    (same rows, same order; a row without a value gets an empty cell)."""
    unique = unique_title(title, [str(label) for label in page.columns])
    out = page.copy(deep=False)
    out.insert(0, unique, values.reindex(page.index).fillna("").to_numpy(dtype=object))
    return out


def status_title(labels: Sequence[str]) -> str:
    """The status column's title in the session's language, unlike every label."""
    return unique_title(_(STATUS), labels)


def with_status(page: pd.DataFrame, status: pd.Series) -> pd.DataFrame:
    """The page's cells with the status column first (same rows, same order)."""
    return with_first_column(page, _(STATUS), status)
