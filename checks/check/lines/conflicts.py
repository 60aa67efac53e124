"""Lines of the same customer that disagree on a detail: `customer_conflict`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.spaces import to_bool
from checks.check.implements import Implements
from checks.check.lines.base import (
    EMPTY,
    FrameTest,
    LineCheck,
    arrow,
    mask,
    quoted_ids,
    repeated_keys,
)
from checks.check.memo import remember
from checks.model.columns import CUSTOMER_DETAIL_COLUMNS
from checks.text.vectorised import as_text, clean_spaces, take_rows

#: The rule this module implements: a relation between lines, reported besides any
#: problem of the value itself, so it has no priority.
IMPLEMENTS = (Implements("customer_conflict"),)


def conflict_checks(id_column: str, present: set[str]) -> list[LineCheck]:
    """Lines of the same customer must agree on its details; a repeated line may leave a
    detail empty (contact files repeat only the ID and the name)."""
    checks = []
    for name in CUSTOMER_DETAIL_COLUMNS:
        if name in present and name != id_column:
            checks.append(LineCheck("customer_conflict", name,
                                    _agrees_with_first(id_column, name),
                                    quoted_ids(id_column), (id_column,)))
    return checks


def _agrees_with_first(id_column: str, column: str) -> FrameTest:
    """Each line whose ID and value are both given has the value of the first such
    line of its customer. Only lines whose ID occurs more than once can disagree, so
    the comparison (and the cleaning of the values) runs on those alone."""

    def passes(frame: pd.DataFrame) -> pd.Series:
        ids = clean_spaces(frame[id_column])
        codes, repeated = repeated_keys(ids)
        agrees = np.ones(len(frame), dtype=bool)
        candidates = np.flatnonzero(repeated & ~_empty(ids))
        if not candidates.size:
            return mask(agrees, frame)
        values = arrow(clean_spaces(as_text(take_rows(frame[column], candidates))))
        given = ~to_bool(pc.equal(values, EMPTY))
        rows, values = candidates[given], values.filter(pa.array(given))
        if rows.size:
            _keys, first_at, which = np.unique(codes[rows], return_index=True,
                                               return_inverse=True)
            same = pc.equal(values, values.take(pa.array(first_at[which])))
            agrees[rows] = to_bool(same)
        return mask(agrees, frame)
    return passes


def _empty(values: pd.Series) -> np.ndarray:
    """Per cell, whether it is "" (remembered: every conflict rule asks about the IDs)."""
    return remember("empty", values, lambda: to_bool(pc.equal(arrow(values), EMPTY)))
