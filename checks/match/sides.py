"""The two identifier columns, turned into integer codes once.

Every later step of `match_identifiers` (classes, pairs, rows, lines) works on these
codes rather than on text: one factorisation of both columns is what lets a million
identifiers per side be classified in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checks.match.keys import without_spaces
from checks.model.errors import UsageError
from checks.model.table import Table
from checks.text.vectorised import as_text


@dataclass(frozen=True)
class Side:
    """One side's identifier column. `codes` numbers each line's value the same way on
    both sides (the row of `values` it belongs to), -1 for an empty line."""

    key: str  # "left" or "right"
    name: str
    values: pd.Series  # text, index = spreadsheet row numbers
    codes: np.ndarray

    @property
    def rows(self) -> np.ndarray:
        return self.values.index.to_numpy("int64")


def identifier_column(table: Table, column: str, name: str) -> pd.Series:
    """The column's cells as text, by header text (the first of duplicate headers).

    Raises UsageError naming the table's columns, so that a mistyped header can be
    corrected from the message alone.
    """
    if column not in table.headers:
        shown = ", ".join(repr(h) for h in table.headers[:12])
        more = f" and {len(table.headers) - 12} more" if len(table.headers) > 12 else ""
        found = f"its columns are {shown}{more}" if table.headers else "it has no columns"
        raise UsageError(f"{name} has no column {column!r}: {found}")
    return as_text(table.column(table.headers.index(column)))


def distinct_values(left: pd.Series, right: pd.Series,
                    names: tuple[str, str]) -> tuple[pd.DataFrame, tuple[Side, Side]]:
    """Distinct non-empty values (left's in file order, then right's own) with their
    count per side, and each side's lines coded by them.

    One factorisation of both columns turns every later step into integer work.
    """
    filled = [without_spaces(column).ne("").to_numpy(bool) for column in (left, right)]
    both = pd.concat([left[filled[0]], right[filled[1]]], ignore_index=True)
    codes, uniques = pd.factorize(both)
    split = int(filled[0].sum())
    sides = []
    for key, name, column, mask, own in zip(("left", "right"), names, (left, right), filled,
                                            (codes[:split], codes[split:]), strict=True):
        line_codes = np.full(len(column), -1, dtype="int64")
        line_codes[mask] = own
        sides.append(Side(key, name, column, line_codes))
    values = pd.DataFrame({"value": pd.Series(uniques, dtype="str")})
    for side in sides:
        used = side.codes[side.codes >= 0]
        values[f"{side.key}_count"] = np.bincount(used, minlength=len(values)).astype("int64")
    return values, (sides[0], sides[1])
