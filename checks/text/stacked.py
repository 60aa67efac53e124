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

__all__ = ["arrow_texts", "joined", "per_column_counts", "stacked_cells"]

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
    cells = joined(data)
    if len(cells) < _SMALL_CHUNKS * cells.num_chunks:
        # Many short columns (a very wide file): their cells copied into one piece, as
        # every rule walks a column chunk by chunk. Long columns are never copied.
        cells = pa.chunked_array([cells.combine_chunks()], type=cells.type)
    return pd.Series(ArrowStringArray(cells, dtype=arrays[0].dtype))


def joined(columns: Sequence[pa.ChunkedArray]) -> pa.ChunkedArray:
    """The cells of Arrow `columns` (at least one, of one type) one column after the
    other, as one chunked array sharing their chunks (no copy)."""
    return pa.chunked_array([chunk for column in columns for chunk in column.chunks],
                            type=columns[0].type)


def per_column_counts(flags: np.ndarray, columns: int) -> np.ndarray:
    """How many of each column's cells are flagged, from one flag per stacked cell
    (`stacked_cells` of `columns` columns of the same length)."""
    if columns == 0:
        return np.zeros(0, dtype=np.int64)
    return flags.reshape(columns, -1).sum(axis=1, dtype=np.int64)
