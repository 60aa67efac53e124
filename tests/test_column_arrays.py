"""A frame's columns' arrays taken all at once (`column_arrays`), for a very wide file:
the same arrays, in the same order, as pandas hands over column by column, whatever
the frame's layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from checks.read import read_table
from checks.text.frame_columns import column_arrays
from checks.text.stacked import stacked_cells

_CELL = st.one_of(st.none(), st.text(max_size=4))


def _public(frame: pd.DataFrame) -> list:
    return [values.array for _label, values in frame.items()]


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    """Text frames as reading makes them, with some columns of another kind, moved
    around, inserted and deleted, so that pandas' blocks are out of column order."""
    rows = draw(st.integers(0, 4))
    width = draw(st.integers(0, 6))
    frame = pd.DataFrame({n: pd.Series(draw(st.lists(_CELL, min_size=rows, max_size=rows)),
                                       dtype="str") for n in range(width)})
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["int", "float", "object", "text"]))
        values = {"int": np.arange(rows), "float": np.linspace(0, 1, rows),
                  "object": np.array(["x"] * rows, dtype=object),
                  "text": pd.array(["y"] * rows, dtype="str")}[kind]
        frame.insert(draw(st.integers(0, frame.shape[1])), f"added {_}", values)
    if frame.shape[1] and draw(st.booleans()):
        frame = frame.drop(columns=frame.columns[draw(st.integers(0, frame.shape[1] - 1))])
    return frame[draw(st.permutations(list(frame.columns)))] if draw(st.booleans()) else frame


@given(frames())
def test_the_arrays_are_those_pandas_hands_over(frame: pd.DataFrame) -> None:
    found, public = column_arrays(frame), _public(frame)
    assert len(found) == len(public)
    for mine, theirs in zip(found, public, strict=True):
        if isinstance(theirs, pd.arrays.NumpyExtensionArray):
            assert np.array_equal(np.asarray(mine), np.asarray(theirs))
        else:
            assert mine is theirs  # the very array: what is remembered of it is found again


def test_a_read_wide_file_gives_its_arrays_from_its_blocks() -> None:
    """Reading's text table has one block per column, all taken at once; their cells
    stacked are the file's cells, column after column."""
    header = ";".join(f"Extra {n}" for n in range(300))
    lines = [";".join(f"r{row}c{n}" for n in range(300)) for row in (1, 2)]
    table = read_table(("\r\n".join([header, *lines]) + "\r\n").encode(), "wide.csv")
    arrays = column_arrays(table.data)
    assert [array is theirs for array, theirs in zip(arrays, _public(table.data), strict=True)
            ] == [True] * 300
    assert stacked_cells(arrays).tolist() == [f"r{row}c{n}" for n in range(300) for row in (1, 2)]
