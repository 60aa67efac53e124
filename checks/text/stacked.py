"""The cells of many text columns as one column, for work that reads each cell alone.

A very wide file (Excel's widest sheet has 16,384 columns) asked column by column pays
pandas' and Arrow's cost per call once per column, which dwarfs its few cells. Its
columns' arrays are taken from the frame all at once (`column_arrays`), and work that
judges or counts each cell on its own (formula safety, whether a cell is filled) runs
once on the stacked cells, its answer split back per column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.extensions import ExtensionArray
from pandas.arrays import ArrowStringArray

__all__ = ["arrow_texts", "column_arrays", "per_column_counts", "stacked_cells"]

#: Below this many cells per chunk on average, the stacked columns are made one piece.
_SMALL_CHUNKS = 1_024


def column_arrays(frame: pd.DataFrame) -> list[ExtensionArray]:
    """Each column's array (what `frame[label].array` holds), in the frame's order.

    pandas hands a column over as a Series in 30–50 µs (an index, flags, references to
    track), which a file of 16,384 columns paid for half a second on every pass over
    its columns; the frame's blocks hold the same arrays and give them all in about
    20 ms. The blocks are pandas' internals rather than its public API, so a frame
    laid out in any other way (a block of several numpy columns) is asked column by
    column, the public way."""
    arrays = _block_arrays(frame)
    return arrays if arrays is not None else [values.array for _label, values in frame.items()]


def _block_arrays(frame: pd.DataFrame) -> list[ExtensionArray] | None:
    """The columns' arrays from the frame's blocks, when each block holds one
    extension array (a text table's layout); else None."""
    blocks = getattr(getattr(frame, "_mgr", None), "blocks", None)
    if blocks is None:
        return None
    found: list[ExtensionArray | None] = [None] * frame.shape[1]
    for block in blocks:
        values = getattr(block, "values", None)
        places = getattr(getattr(block, "mgr_locs", None), "as_array", ())
        if not isinstance(values, ExtensionArray) or values.ndim != 1 or len(places) != 1:
            return None
        found[int(places[0])] = values
    return found if all(array is not None for array in found) else None  # type: ignore[return-value]


def arrow_texts(arrays: Sequence[ExtensionArray]) -> list[pa.ChunkedArray] | None:
    """The Arrow data behind `arrays` (columns' arrays), when there are some and they
    are all Arrow text of one type (what can be joined into one column); else None."""
    data = [getattr(array, "_pa_array", None) for array in arrays]
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
