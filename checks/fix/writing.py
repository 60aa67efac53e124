"""Writing a few cells into a column: what an edit and a fix switched on or off do.

A person's edit writes a cell or two of a long column, and so does switching a fix of
few cells. pandas' assignment into an Arrow text column rebuilds the column whole;
slicing the untouched cells around the new ones (zero-copy) costs only the cells
written, which is what keeps an edit's cost to its cells (`checks.check.incremental`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.arrays import ArrowStringArray

from checks.check.memo import arrow_data

#: Above this many pieces, `with_cells` rebuilds the column rather than slicing it.
_MANY_PIECES = 64


def with_cells(values: pd.Series, positions: np.ndarray, texts: np.ndarray) -> pd.Series:
    """`values` with the cells at `positions` (ascending, distinct) replaced by `texts`.

    An edit writes a cell or two of a long column: pandas' assignment into an Arrow
    column rebuilds it whole, where slicing the untouched cells around the new ones
    (zero-copy) costs the cells written. Many cells, or a column already in many
    pieces, are written in one Arrow pass instead."""
    array = arrow_data(values)
    if array is None or values.dtype != "str" or not pa.types.is_large_string(array.type):
        out = values.copy()
        out.iloc[positions] = texts
        return out
    if array.num_chunks + 2 * len(positions) > _MANY_PIECES:
        mask = np.zeros(len(array), dtype=bool)
        mask[positions] = True
        whole = pc.replace_with_mask(array.combine_chunks(), pa.array(mask),
                                     pa.array(list(texts), array.type))
        pieces = [whole]
    else:
        pieces, start = [], 0
        for at, text in zip(positions.tolist(), texts, strict=True):
            pieces += array.slice(start, at - start).chunks
            pieces.append(pa.array([text], array.type))
            start = at + 1
        pieces += array.slice(start).chunks
    taken = ArrowStringArray(pa.chunked_array([p for p in pieces if len(p)] or pieces[:1],
                                              type=array.type), dtype=values.dtype)
    return pd.Series(taken, index=values.index, name=values.name)
