"""The shape of a value rule, shared by every module of `checks.check.cells`.

A `CellCheck` looks at one whole column (index = spreadsheet row numbers, values =
text, "" for an empty cell) and answers with whole columns too: which cells pass,
what the safe fix is, and a detail for the message. Empty cells always pass a value
rule: emptiness is `required_missing`'s business. Nothing here loops over rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from checks.check.memo import remember
from checks.text.vectorised import blank as _blank
from checks.text.vectorised import per_unique, spread_texts, take_rows

ColumnTest = Callable[[pd.Series], pd.Series]


class DateOrder(StrEnum):
    """How to read an ambiguous date such as 03/04/2025."""

    UNKNOWN = "unknown"
    DAY_FIRST = "day_first"
    MONTH_FIRST = "month_first"


@dataclass(frozen=True)
class CheckOptions:
    date_order: DateOrder = DateOrder.UNKNOWN


@dataclass(frozen=True)
class ColumnContext:
    """What a rule's verdicts, fixes or details read from the *other* cells of its
    column (the common length of zero-padded IDs, a date order proven by other dates),
    kept as counts that add up cell by cell.

    Counts make an edit cheap to follow (`checks.check.incremental`): the column's
    counts after an edit are its counts before, minus the edited cells' old counts,
    plus their new ones, without reading the rest of the column. What the counts
    decide is all the rule reads from the column, so when the decision is unchanged
    only the edited cells need judging again, by the rule `bound` to that decision.

    tally:  cells → their counts (a Counter; the column's is the sum of its cells').
    decide: a column's counts → what the rule reads from them (hashable, compared).
    bound:  a decision → the rule judging any cells as cells of a column with that
            decision (a `CellCheck` without context, not `whole_column`).
    verdicts_own: whether the decision leaves each cell's verdict its own (a date
            passes or fails whatever the order; only the fix and the detail of a
            failing one follow the order). When the decision changes, only the cells
            that failed before, or fail now, can change: not the whole column.
    """

    tally: Callable[[pd.Series], Counter[Hashable]]
    decide: Callable[[Counter[Hashable]], Hashable]
    bound: Callable[[Hashable], CellCheck]
    verdicts_own: bool = False


@dataclass(frozen=True)
class CellCheck:
    """One value rule on one column.

    passes:  column → bool column, True where the cell has no such problem.
    propose: column → the safe fix per cell (a str), or None/NA where there is none.
             Only failing cells are read.
    explain: column → a short text per cell used as `{detail}` in the message.
    whole_column: whether `propose`/`explain` read cells other than the failing ones
             (the common length of zero-padded IDs). The engine then calls them on the
             whole column; otherwise on the failing cells only, all at once (so a rule
             can still use them together, e.g. a date order proven by other failing
             values), which spares building a whole column of fixes and details for a
             few failing cells.
    context: what the rule reads from other cells of its column, for a rule whose
             verdict, fix or detail depends on them (`ColumnContext`); None when each
             cell is judged from its own text, and its fix and detail too.
    """

    rule: str
    passes: ColumnTest
    propose: ColumnTest | None = None
    explain: ColumnTest | None = None
    whole_column: bool = False
    context: ColumnContext | None = None


def blank(values: pd.Series) -> pd.Series:
    """Whether each cell is empty or only spaces."""
    return _blank(values)


def verdict(passes: ColumnTest, values: pd.Series) -> pd.Series:
    """`passes(values)`, remembered for the column within a check: the schema asks
    once, and the rule's own fix and message (`on_failing`) ask again."""
    return remember(passes, values, lambda: passes(values))


def failing_cells(values: pd.Series, passes: ColumnTest, failing: np.ndarray) -> pd.Series:
    """The cells of `values` that fail `passes` (`failing`), the same object each time
    it is asked within a check: a rule's fix and its message both read them, and what
    they derive from them (their distinct values, a reading of them) is then found
    again rather than made twice."""
    return remember(("failing", passes), values, lambda: (take_rows(values, failing),))[0]


def on_failing(values: pd.Series, passes: ColumnTest, compute: ColumnTest,
               default: str | None) -> pd.Series:
    """Run `compute` once per distinct *failing* value and spread the results on the
    whole column; passing cells get `default` ("" → str dtype, None → object).

    Failing values are few, which keeps the costlier fix and message work off the bulk
    of the column; they are handed over all at once, so a rule can still use them
    together (a date order proven by other values of the column).
    """
    failing = (~verdict(passes, values)).to_numpy(dtype=bool)
    found = (per_unique(failing_cells(values, passes, failing), compute).to_numpy(dtype=object)
             if failing.any()
             else np.empty(0, dtype=object))
    if default == "":
        return spread_texts(len(values), failing, found, values.index)
    out = np.full(len(values), default, dtype=object)
    if failing.any():
        out[failing] = found
        if default is None:
            out[pd.isna(out)] = None  # NaN and None both mean "no fix": keep one
    return pd.Series(out, index=values.index, dtype=object if default is None else "str")
