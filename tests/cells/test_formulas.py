"""Values a spreadsheet would run as formulas."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.cells.formulas import formula_check

CHECK = formula_check()


def verdicts(values: list[str], index: list[int] | None = None) -> pd.DataFrame:
    column = pd.Series(values, index=index, dtype="str")
    out = pd.DataFrame({"passes": CHECK.passes(column), "detail": CHECK.explain(column)})
    assert out["passes"].dtype == bool
    assert out.index.equals(column.index)
    return out


@pytest.mark.parametrize(("value", "detail"), [
    ("=SUM(A1:A3)", "'='"),
    ("=1+1", "'='"),
    ("+cmd|' /C calc'!A0", "'+'"),
    ("-Smith", "'-'"),
    ("-2+3+cmd", "'-'"),
    ("@john", "'@'"),
    ("@SUM(1)", "'@'"),
    ("\t=HYPERLINK(\"http://x\")", "'='"),  # a leading tab does not protect it
    (" =1", "'='"),
    ("+1e5", "'+'"),
])
def test_formula_like(value: str, detail: str) -> None:
    assert CHECK.rule == "formula_like"
    assert CHECK.propose is None
    assert verdicts([value]).iloc[0].tolist() == [False, detail]


@pytest.mark.parametrize("value", [
    "", "Acme", "a=b", "john@acme.com", "+33 1 42 68 53 00", "+1 (555) 010-9999", "-",
    "-12.5", "+12,5", "--", "+", "-1/2", "10-20", "Smith-Jones",
])
def test_not_formula_like(value: str) -> None:
    assert verdicts([value]).iloc[0].tolist() == [True, ""]


def test_alignment() -> None:
    out = verdicts(["=1", "ok", "@x"], [5, 1, 9])
    assert out["passes"].to_dict() == {5: False, 1: True, 9: False}
    assert out["detail"].to_dict() == {5: "'='", 1: "", 9: "'@'"}
    assert verdicts([]).empty


@given(st.lists(st.text(), max_size=8))
def test_never_raises(values: list[str]) -> None:
    out = verdicts(values)
    assert out["detail"][~out["passes"]].str.len().eq(3).all()


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)
                 .map(lambda x: f"{x:f}")))
def test_numbers_are_not_formulas(number: int | str) -> None:
    assert verdicts([str(number)])["passes"].all()


def test_the_byte_scan_knows_number_like_characters_exactly() -> None:
    """Number-likeness is a byte scan over `_NUMBER_CHARACTERS`: the same verdict as
    the documented pattern NUMBER_LIKE, for every character."""
    import re

    from checks.cells.formulas import _NUMBER_CHARACTERS, NUMBER_LIKE

    for code in range(0x2100):
        character = chr(code)
        assert (character in _NUMBER_CHARACTERS) == bool(re.fullmatch(NUMBER_LIKE, character))
