"""The cells of many text columns as one column, for work that reads each cell alone.

A very wide file (Excel's widest sheet has 16,384 columns) asked column by column pays
pandas' and Arrow's cost per call once per column, which dwarfs its few cells. Work
that judges or counts each cell on its own (formula safety, whether a cell is filled)
runs once on the stacked cells of its columns' arrays (`checks.text.frame_columns`),
and its answer is split back per column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.extensions import ExtensionArray
from pandas.arrays import ArrowStringArray

from checks.check.memo import array_data

__all__ = ["arrow_texts", "per_column_counts", "stacked_cells"]

#: Below this many cells per chunk on average, the stacked columns are made one piece.
_SMALL_CHUNKS = 1_024


def arrow_texts(arrays: Sequence[ExtensionArray]) -> list[pa.ChunkedArray] | None:
    """The Arrow data behind `arrays` (columns' arrays), when there are some and they
    are all Arrow text of one type (what can be joined into one column); else None."""
    data = [array_data(array) for array in arrays]
    if not data or any(array is None for array in data) or len(
            {array.type for array in data}) != 1:
        return None
    return data


def stacked_cells(arrays: Sequence[ExtensionArray]) -> pd.Series | None:
    """The cells of columns' `arrays` one column after the other, as one text column
    sharing their Arrow chunks (no copy); None unless they are all Arrow text of one
    type."""
    data = arrow_texts(arrays)
    if data is None:
        return None
    chunks = [chunk for array in data for chunk in array.chunks]
    joined = pa.chunked_array(chunks, type=data[0].type)
    if len(joined) < _SMALL_CHUNKS * len(chunks):
        # Many short columns (a very wide file): their cells copied into one piece, as
        # every rule walks a column chunk by chunk. Long columns are never copied.
        joined = pa.chunked_array([joined.combine_chunks()], type=joined.type)
    return pd.Series(ArrowStringArray(joined, dtype=arrays[0].dtype))


def per_column_counts(flags: np.ndarray, columns: int) -> np.ndarray:
    """How many of each column's cells are flagged, from one flag per stacked cell
    (`stacked_cells` of `columns` columns of the same length)."""
    if columns == 0:
        return np.zeros(0, dtype=np.int64)
    return flags.reshape(columns, -1).sum(axis=1, dtype=np.int64)
