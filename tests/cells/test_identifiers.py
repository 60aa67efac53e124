"""Identifiers damaged by a spreadsheet."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.id_damage import id_damaged_check

CHECK = id_damaged_check()


def verdicts(values: list[str], index: list[int] | None = None) -> pd.DataFrame:
    column = pd.Series(values, index=index, dtype="str")
    out = pd.DataFrame({"passes": CHECK.passes(column), "detail": CHECK.explain(column)})
    assert out["passes"].dtype == bool
    assert out.index.equals(column.index)
    return out


def one(value: str) -> tuple[bool, str]:
    row = verdicts([value]).iloc[0]
    return bool(row["passes"]), row["detail"]


@pytest.mark.parametrize(("value", "expected"), [
    ("1.23E+11", (False, " (scientific notation)")),
    ("1,23E+11", (False, " (scientific notation)")),
    ("4.5e10", (False, " (scientific notation)")),
    ("1E+11", (False, " (scientific notation)")),
    ("1.23457E-05", (False, " (scientific notation)")),
    (" 1.23E+11 ", (False, " (scientific notation)")),
    ("285.0", (False, " (a trailing .0)")),
    ("285.00", (False, " (a trailing .0)")),
    ("285", (True, "")),
    ("285.5", (True, "")),
    ("12E45", (True, "")),  # no decimal part nor exponent sign: may be a real code
    ("CUS-0001", (True, "")),
    ("E+11", (True, "")),
    ("", (True, "")),
])
def test_single_values(value: str, expected: tuple[bool, str]) -> None:
    assert CHECK.rule == "id_damaged"
    assert CHECK.propose is None  # never a fix: the lost digits are gone
    assert one(value) == expected


def test_lost_leading_zeros() -> None:
    out = verdicts(["000123", "000456", "789", "12", "001", "1234567", "ABC", "0", ""],
                   [10, 11, 12, 13, 14, 15, 16, 17, 18])
    lost = " (leading zeros look lost: other IDs have 6 digits)"
    assert out["passes"].to_dict() == {10: True, 11: True, 12: False, 13: False, 14: True,
                                       15: True, 16: True, 17: True, 18: True}
    assert out.loc[[12, 13], "detail"].tolist() == [lost, lost]


def test_padded_length_is_the_most_common_one() -> None:
    out = verdicts(["0001", "0002", "00003", "12", "1234"])
    assert out["passes"].tolist() == [True, True, True, False, True]
    assert out["detail"].iloc[3] == " (leading zeros look lost: other IDs have 4 digits)"


def test_one_stray_padded_id_does_not_condemn_the_column() -> None:
    values = [str(i) for i in range(1, 40)] + ["007"]
    assert verdicts(values)["passes"].all()


def test_no_padded_ids_no_lost_zeros() -> None:
    assert verdicts(["1", "22", "333"])["passes"].all()


def test_empty_column() -> None:
    assert verdicts([]).empty


@given(st.lists(st.text(max_size=12), max_size=10))
def test_never_raises(values: list[str]) -> None:
    out = verdicts(values)
    assert (out["detail"][~out["passes"]] != "").all()
    assert (out["detail"][out["passes"]] == "").all()


@given(st.lists(st.integers(min_value=0, max_value=10**12), max_size=10))
def test_zero_padded_columns_of_the_same_width_pass(numbers: list[int]) -> None:
    assert verdicts([f"{n:013d}" for n in numbers])["passes"].all()
