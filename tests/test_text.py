"""The fast text helpers (byte scans first, the operation on the flagged cells only)
must give exactly what the plain pandas operation gives, on columns made of several
Arrow chunks, with missing cells and every awkward character."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st
from pandas.arrays import ArrowStringArray

from checks.check.cells.spaces import normalise_list_spaces
from checks.check.memo import memo_scope, remember
from checks.text.vectorised import (
    _clean_spaces,
    all_digits,
    blank,
    clean_spaces,
    contains_any,
    has_missing,
    only_characters,
    spread_texts,
    starts_with_any,
    take_rows,
)

TEXT = pd.Series([], dtype="str").dtype

#: Pieces that exercise every byte scan: odd spaces and their UTF-8 neighbours
#: (U+2013 shares E2 80 with U+2009), separators, digits, formula starts, quotes.
_PIECES = ["a", "Z", "é", "ß", " ", "\u00a0", "\u2007", "\u2009", "\u200b", "\u202f",
           "\ufeff", "\u2013", "€", "\u3000", "\t", "\n", "\r", "\x0b", ",", ";", "0", "7",
           "=", "+", "-", "@", ".", "e", '"', "\\", "(", "✓"]
_CELL = st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))


def chunked(cells: list[str | None], cuts: list[int]) -> pd.Series:
    """A "str" column whose Arrow array is split into chunks at `cuts`."""
    bounds = sorted({0, len(cells), *(cut % (len(cells) + 1) for cut in cuts)})
    chunks = [pa.array(cells[a:b], pa.large_string())
              for a, b in zip(bounds, bounds[1:], strict=False)]
    array = pa.chunked_array(chunks or [pa.array([], pa.large_string())], pa.large_string())
    return pd.Series(ArrowStringArray(array, dtype=TEXT),
                     index=pd.RangeIndex(2, 2 + len(cells)))


_COLUMNS = st.builds(chunked, st.lists(_CELL, max_size=30), st.lists(st.integers(0, 40),
                                                                   max_size=4))


@given(_COLUMNS)
def test_clean_spaces_is_the_plain_operation(values: pd.Series) -> None:
    pd.testing.assert_series_equal(clean_spaces(values), _clean_spaces(values))


@given(_COLUMNS)
def test_blank_is_strip_then_empty(values: pd.Series) -> None:
    expected = values.str.strip().eq("")
    pd.testing.assert_series_equal(blank(values), expected)


@given(_COLUMNS)
def test_byte_scans_match_their_patterns(values: pd.Series) -> None:
    def plain(result: pd.Series) -> np.ndarray:
        return result.to_numpy(dtype=bool, na_value=False)

    assert np.array_equal(starts_with_any(values, "=+-@"),
                          plain(values.str.startswith(("=", "+", "-", "@"))))
    assert np.array_equal(contains_any(values, "eE."),
                          plain(values.str.contains("[eE.]", regex=True)))
    assert np.array_equal(only_characters(values, "0123456789 ().,/+-"),
                          plain(values.str.fullmatch(r"[0-9 ().,/+\-]*")))
    assert np.array_equal(all_digits(values), plain(values.str.fullmatch("[0-9]+")))
    where = np.arange(len(values)) % 3 == 0
    assert np.array_equal(only_characters(values, "0123456789", where=where),
                          plain(values.str.fullmatch("[0-9]*")) & where)


@given(_COLUMNS, st.sampled_from([",", ",;"]))
def test_list_spaces_are_the_plain_operation(values: pd.Series, separators: str) -> None:
    text = values.fillna("")
    expected = _clean_spaces(text).str.replace(f" *([{separators}]) *", r"\1", regex=True)
    pd.testing.assert_series_equal(normalise_list_spaces(text, separators), expected)


@given(_COLUMNS, st.data())
def test_take_rows_is_iloc(values: pd.Series, data: st.DataObject) -> None:
    picked = sorted(data.draw(st.sets(st.integers(0, max(len(values) - 1, 0)),
                                      max_size=len(values))))
    positions = np.asarray(picked, dtype=np.int64)
    pd.testing.assert_series_equal(take_rows(values, positions), values.iloc[positions])
    mask = np.zeros(len(values), dtype=bool)
    mask[positions] = True
    pd.testing.assert_series_equal(take_rows(values, mask), values[mask])


def test_spread_texts_fills_the_other_cells_with_empty_text() -> None:
    index = pd.RangeIndex(2, 6)
    out = spread_texts(4, np.array([False, True, False, True]), ["x", "é y"], index)
    pd.testing.assert_series_equal(out, pd.Series(["", "x", "", "é y"], index=index,
                                                  dtype="str"))


def test_memo_remembers_only_within_a_scope_and_by_data() -> None:
    values = chunked(["a", " b"], [1])
    calls: list[int] = []

    def compute() -> pd.Series:
        calls.append(1)
        return values.str.len()

    remember("length", values, compute)
    remember("length", values, compute)
    assert len(calls) == 2  # outside a scope: computed every time
    with memo_scope():
        first = remember("length", values, compute)
        again = remember("length", values.copy(deep=False).set_axis([7, 8]), compute)
        assert len(calls) == 3  # same Arrow data: remembered, on the asking index
        assert again.index.tolist() == [7, 8] and again.tolist() == first.tolist()
        changed = values.copy()
        changed.iloc[0] = "z"
        remember("length", changed, compute)
        assert len(calls) == 4  # a changed column is new data
        with memo_scope():
            remember("length", values, compute)
            assert len(calls) == 5  # an inner scope starts afresh
        remember("length", values, compute)
        assert len(calls) == 5


@given(st.lists(st.one_of(st.none(), st.text(max_size=5)), max_size=30),
       st.sampled_from(["str", "object"]), st.integers(1, 4))
def test_has_missing_is_pandas_hasnans(cells: list[str | None], dtype: str,
                                       chunks: int) -> None:
    """The count Arrow keeps of a column's nulls says what pandas' mask of every cell
    says, whatever the chunks the column was read in."""
    values = pd.Series(cells, dtype=dtype)
    if dtype == "str" and cells:
        parts = [cells[i::chunks] for i in range(chunks)]
        array = pa.chunked_array([pa.array(part, pa.large_string()) for part in parts])
        values = pd.Series(ArrowStringArray(array, dtype=values.dtype))
    assert has_missing(values) is bool(values.hasnans)
