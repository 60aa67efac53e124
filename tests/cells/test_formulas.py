"""Values a spreadsheet would run as formulas."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.formula_like import formula_check

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
    ("+1+1", "'+'"),  # made of number characters, but a sum: a spreadsheet computes 2
    ("-2+3", "'-'"),
    ("+1-555-0100", "'+'"),  # a phone number a spreadsheet turns into -654
    ("-1/2", "'-'"),
    ("+1 (555) 010-9999", "'+'"),
    ("--", "'-'"),
])
def test_formula_like(value: str, detail: str) -> None:
    assert CHECK.rule == "formula_like"
    assert CHECK.propose is None
    assert verdicts([value]).iloc[0].tolist() == [False, detail]


@pytest.mark.parametrize("value", [
    "", "Acme", "a=b", "john@acme.com", "+33 1 42 68 53 00", "+33 (0)1 42 68 53 00", "-",
    "-12.5", "+12,5", "-1 234,56", "-(12)", "+", "+447911123456", "10-20", "Smith-Jones",
    " -12.5 ", "1+1", "2025-01-01",
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


def test_the_rule_is_the_shared_definition() -> None:
    """The rule reports exactly the cells the files for people neutralise."""
    from checks.text.formulas import formula_cells

    values = ["=1", "+1+1", "-12.5", " @x", "\t=1", "plain", "", "+33 1 42"]
    assert (~verdicts(values)["passes"]).tolist() == formula_cells(
        pd.Series(values, dtype="str")).tolist()
