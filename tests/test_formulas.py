"""The one definition of "a spreadsheet would run it" and the apostrophe that stops it,
checked against a plain re-statement of the rule, cell by cell."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandas.arrays import ArrowStringArray

from checks.text.formulas import (
    FORMULA_STARTS,
    NUMBER_LIKE,
    formula_cells,
    spreadsheet_safe,
    spreadsheet_safe_frame,
)
from tests.privacy.formula_files import ATTACKS

_SPACES = " \t\r\n\u00a0\u2007\u202f\u2009\u200b\ufeff"


def expected(value: str) -> bool:
    """The rule in words: once surrounding spaces are cleaned, it starts with = + - @
    and is not a sign followed only by digits, spaces, parentheses, dots and commas."""
    clean = re.sub(f"[{_SPACES[4:]}\\t\\r\\n]", " ", value).strip(" ")
    return clean[:1] in set(FORMULA_STARTS) and not re.fullmatch(r"[+-][0-9 ().,]*", clean)


def column(values: list[str | None], chunks: int = 1) -> pd.Series:
    """An Arrow-backed "str" column, in several Arrow chunks when asked (as the CSV
    reader makes them for a large file)."""
    if chunks == 1 or len(values) < chunks:
        return pd.Series(values, dtype="str")
    cuts = np.array_split(np.arange(len(values)), chunks)
    array = pa.chunked_array([pa.array([values[i] for i in cut], pa.large_string())
                              for cut in cuts])
    return pd.Series(ArrowStringArray(array, dtype=pd.Series([], dtype="str").dtype))


@pytest.mark.parametrize("value", ATTACKS)
def test_the_attacks_are_formula_like(value: str) -> None:
    assert formula_cells(column([value])).tolist() == [True]


@pytest.mark.parametrize(("value", "formula"), [
    ("-12.5", False), ("+33 1 42 68 53 00", False), ("-1 234,56", False), ("-", False),
    ("+", False), ("-(12)", False), ("+1-555-0100", True), ("-1/2", True), ("--", True),
    (" =1", True), ("\t=1", True), ("\r\n@x", True), ("\u00a0-Smith", True), ("a=b", False),
    ("", False), ("1+1", False), ("+1e5", True),
])
def test_examples(value: str, formula: bool) -> None:
    assert formula_cells(column([value])).tolist() == [formula]
    assert expected(value) is formula


def test_the_pattern_is_the_documented_one() -> None:
    assert NUMBER_LIKE == r"[+-][0-9 ().,]*"
    assert FORMULA_STARTS == "=+-@"


_TEXTS = st.text(alphabet=st.sampled_from(list("=+-@ ().,/*&01239aZé") + list(_SPACES)),
                 max_size=8)


@given(st.lists(st.one_of(_TEXTS, st.text(max_size=6)), max_size=12), st.integers(1, 3))
def test_the_verdicts_are_the_rule_cell_by_cell(values: list[str], chunks: int) -> None:
    series = column(values, chunks)
    assert formula_cells(series).tolist() == [expected(value) for value in values]
    assert formula_cells(pd.Series(values, dtype=object)).tolist() == [
        expected(value) for value in values]


@given(st.lists(st.one_of(_TEXTS, st.none()), max_size=12), st.integers(1, 3))
def test_safe_prefixes_exactly_the_formula_like_cells(values: list[str | None],
                                                      chunks: int) -> None:
    series = column(values, chunks)
    safe = spreadsheet_safe(series)
    assert len(safe) == len(values) and safe.index.equals(series.index)
    for value, out in zip(values, safe.tolist(), strict=True):
        if value is None:
            assert pd.isna(out)
        elif expected(value):
            assert out == "'" + value
        else:
            assert out == value
    assert not formula_cells(safe).any(), "an apostrophe first is never formula-like"


def test_a_column_without_formulas_comes_back_as_it_is() -> None:
    series = column(["Acme", "-12.5", "", None])
    assert spreadsheet_safe(series) is series


def test_the_frame_keeps_numbers_and_neutralises_every_text_column() -> None:
    frame = pd.DataFrame({
        "row": pd.array([2, 3, None], dtype="Int64"),
        "value": pd.Series(list(ATTACKS[:3]), dtype=object),
        "other": pd.Series(["ok", "@x", None], dtype="str"),
        "count": [1, -2, 3],
        "flag": [True, False, True],
    })
    safe = spreadsheet_safe_frame(frame)
    assert safe["value"].tolist() == ["'" + value for value in ATTACKS[:3]]
    assert safe["other"].tolist()[:2] == ["ok", "'@x"] and pd.isna(safe["other"].iloc[2])
    for name in ("row", "count", "flag"):
        assert safe[name].equals(frame[name])
    assert frame["value"].tolist() == list(ATTACKS[:3]), "the input frame is left alone"


def test_a_frame_with_nothing_to_do_is_returned_as_it_is() -> None:
    frame = pd.DataFrame({"a": ["x", "y"], "n": [1, 2]})
    assert spreadsheet_safe_frame(frame) is frame
