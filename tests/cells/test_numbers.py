"""number_format: what is a plain number, which fixes are safe, and which are not."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from checks.check.cells.base import CellCheck
from checks.check.cells.numbers import AMBIGUOUS_DETAIL, RULE, number_checks

INDEX = [7, 3, 42]  # spreadsheet rows: not a default RangeIndex, not sorted
(CHECK,) = number_checks()


def run(check: CellCheck, values: list[str], index: list[int] | None = None) -> pd.DataFrame:
    """passes / fix / detail of `check` on `values`, asserting types and alignment."""
    column = pd.Series(values, index=index, dtype="str")
    passes, fix, detail = check.passes(column), check.propose(column), check.explain(column)
    assert passes.dtype == bool
    assert fix.dtype == object
    assert detail.dtype == "str"
    for result in (passes, fix, detail):
        assert result.index.equals(column.index)
    return pd.DataFrame({"passes": passes, "fix": fix, "detail": detail})


def one(value: str) -> tuple[bool, str | None, str]:
    row = run(CHECK, [value]).iloc[0]
    return bool(row["passes"]), row["fix"], row["detail"]


def test_the_check() -> None:
    assert CHECK.rule == RULE == "number_format"


@pytest.mark.parametrize("value", [
    "0", "1234.56", "-1", "-0.5", "1.234", "007", "-0", "12345678901234567890.5",
    "", "   ", "\u00a0",  # empty cells are required_missing's business
])
def test_valid(value: str) -> None:
    assert one(value) == (True, None, "")


@pytest.mark.parametrize(("value", "fix"), [
    ("1 234,56", "1234.56"),
    ("1\u00a0234,56", "1234.56"),
    ("1\u202f234,56", "1234.56"),
    ("1234,56", "1234.56"),
    ("1.234,56", "1234.56"),
    ("1,234.56", "1234.56"),
    ("1 234", "1234"),
    ("-12,5", "-12.5"),
    ("12 345 678,9", "12345678.9"),
    ("1 234.5", "1234.5"),
    ("1,234,567", "1234567"),
    ("1.234.567", "1234567"),
    ("1.234.567,89", "1234567.89"),
    ("1,234,567.89", "1234567.89"),
    ("1'234.50", "1234.50"),
    ("1\u2019234", "1234"),
    ("1234,567", "1234.567"),  # four digits before the comma: cannot be grouping
    ("0,125", "0.125"),
    ("-0,5", "-0.5"),
    (" 12 ", "12"),
    ("12\u00a0", "12"),
    ("\t-3.5\n", "-3.5"),
    ("+5", "5"),
    ("\u22125", "-5"),
    ("- 5", "-5"),
    (".5", "0.5"),
    ("-.5", "-0.5"),
    ("5.", "5"),
])
def test_fixed(value: str, fix: str) -> None:
    assert one(value) == (False, fix, f" (did you mean '{fix}'?)")


@pytest.mark.parametrize("value", ["1,234", "-1,234", "12,345", "999,000", "012,345"])
def test_ambiguous_comma_has_no_fix(value: str) -> None:
    assert one(value) == (False, None, AMBIGUOUS_DETAIL)


@pytest.mark.parametrize("value", [
    "€12", "12 €", "$1,234.56", "12%", "1e3", "1.2E+05", "(12)", "12-", "abc", "1 23",
    "1,23,456", "1.2.3", "--5", "+", "-", ".", "1,2,3", "0x1F", "١٢٣", "1 234,5,6",
    "5,", "1 234.", "12 34",
])
def test_invalid_without_fix(value: str) -> None:
    assert one(value) == (False, None, "")


def test_alignment_with_repeated_values() -> None:
    values = ["1 234,56", "12", "1,234", "", "1 234,56", "x"]
    index = [10, 2, 99, 5, 7, 3]
    out = run(CHECK, values, index)
    assert out["passes"].to_dict() == {10: False, 2: True, 99: False, 5: True, 7: False,
                                       3: False}
    assert out["fix"].to_dict() == {10: "1234.56", 2: None, 99: None, 5: None,
                                     7: "1234.56", 3: None}
    assert out["detail"].to_dict() == {10: " (did you mean '1234.56'?)", 2: "",
                                        99: AMBIGUOUS_DETAIL, 5: "",
                                        7: " (did you mean '1234.56'?)", 3: ""}


def test_alignment_non_default_index() -> None:
    out = run(CHECK, ["1,5", "2", "  "], INDEX)
    assert out["fix"].tolist() == ["1.5", None, None]
    assert out["passes"].tolist() == [False, True, True]


def test_empty_column() -> None:
    out = run(CHECK, [])
    assert out.empty


# ── properties ─────────────────────────────────────────────────────────────────

NUMBERISH = st.from_regex(r"\A[-+\u2212]? ?[0-9]{0,4}([,. '\u00a0][0-9]{0,4}){0,3}\Z")
ANY_TEXT = st.one_of(NUMBERISH, st.text(max_size=20))


@given(st.lists(ANY_TEXT, max_size=12))
def test_every_fix_passes_and_ambiguity_has_no_fix(values: list[str]) -> None:
    out = run(CHECK, values)
    fixes = [fix for fix in out["fix"] if fix is not None]
    assert run(CHECK, fixes)["passes"].all()
    assert not out["passes"][out["fix"].notna()].any()  # fixes only on failing cells
    ambiguous = out["detail"].eq(AMBIGUOUS_DETAIL)
    assert out["fix"][ambiguous].isna().all()
    assert not out["passes"][ambiguous].any()


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 12))
def test_floats_with_a_period_pass(number: float, decimals: int) -> None:
    values = [f"{number:f}", f"{number:.{decimals}f}"]
    assert run(CHECK, values)["passes"].all()


@given(st.text())
def test_random_text_never_raises(value: str) -> None:
    run(CHECK, [value, value, "1"])


STYLES = {  # how people write 1234567.89: (thousands mark, decimal mark)
    "french": ("\u202f", ","), "french_nbsp": ("\u00a0", ","), "spaces": (" ", ","),
    "german": (".", ","), "english": (",", "."), "swiss": ("'", "."),
    "comma_only": ("", ","),
}


def render(integer: int, decimals: str, negative: bool, style: str) -> str:
    thousands, mark = STYLES[style]
    digits = f"{integer:,}".replace(",", thousands) if thousands else str(integer)
    return ("-" if negative else "") + digits + (mark + decimals if decimals else "")


@given(st.integers(0, 10**12), st.from_regex(r"\A[0-9]{0,4}\Z"), st.booleans(),
       st.sampled_from(sorted(STYLES)))
def test_a_fix_means_the_number_that_was_written(integer: int, decimals: str,
                                                 negative: bool, style: str) -> None:
    value = render(integer, decimals, negative, style)
    passes, fix, detail = one(value)
    assume(not passes)  # e.g. German "1.234": a valid decimal, read as such by Upflow
    expected = Decimal(("-" if negative else "") + str(integer)
                       + ("." + decimals if decimals else ""))
    if fix is None:  # the only reason to refuse a locale-formatted number
        assert detail == AMBIGUOUS_DETAIL
        assert value.lstrip("-").count(",") == 1 and len(value.split(",")[1]) == 3
    else:
        assert Decimal(fix) == expected
