"""The whitespace rule, for single values and for list cells."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.base import CellCheck
from checks.check.cells.spaces import (
    list_whitespace_check,
    normalise_list_spaces,
    whitespace_check,
)

INDEX = [7, 3, 42]  # spreadsheet rows: not a default RangeIndex, not sorted


def run(check: CellCheck, values: list[str], index: list[int] | None = None) -> pd.DataFrame:
    """passes / fix / detail of `check` on `values`, asserting alignment on the way."""
    column = pd.Series(values, index=index, dtype="str")
    out = pd.DataFrame({"passes": check.passes(column)})
    assert out["passes"].dtype == bool
    for name, func in (("fix", check.propose), ("detail", check.explain)):
        if func is not None:
            result = func(column)
            assert result.index.equals(column.index)
            out[name] = result.astype(object)
    assert out.index.equals(column.index)
    return out


def one(check: CellCheck, value: str) -> tuple[bool, str | None]:
    row = run(check, [value]).iloc[0]
    fix = row["fix"] if "fix" in row else None
    return bool(row["passes"]), (None if pd.isna(fix) else fix)


@pytest.mark.parametrize(("value", "fix"), [
    ("SMB", None),
    ("", None),
    ("a b", None),
    ("Key accounts – soft", None),
    (" SMB ", "SMB"),
    ("SMB ", "SMB"),
    ("SMB\u00a0", "SMB"),
    ("a\u00a0b", "a b"),
    ("line\nbreak", "line break"),
    ("a\r\nb", "a  b"),
    ("\tx", "x"),
    ("x\u202f", "x"),
    ("   ", ""),  # only spaces: really an empty cell
])
def test_whitespace(value: str, fix: str | None) -> None:
    assert one(whitespace_check(), value) == (fix is None, fix)


@pytest.mark.parametrize(("value", "fix"), [
    ("Strategic,VIP", None),
    ("Strategic VIP", None),  # a space inside an item is the item's own business
    ("Strategic, VIP", "Strategic,VIP"),
    ("A ; B", "A;B"),
    (" A , B ", "A,B"),
    ("A,\u00a0B", "A,B"),
    ("A,,B", None),  # empty item: multi_select_option's problem, not whitespace
    ("", None),
])
def test_list_whitespace(value: str, fix: str | None) -> None:
    assert one(list_whitespace_check(",;"), value) == (fix is None, fix)


def test_list_whitespace_only_around_its_own_separators() -> None:
    assert one(list_whitespace_check(","), "a ; b") == (True, None)
    assert one(list_whitespace_check(","), "a , b") == (False, "a,b")


def test_list_whitespace_needs_a_separator() -> None:
    with pytest.raises(ValueError):
        list_whitespace_check("")


def test_alignment_on_spreadsheet_rows() -> None:
    out = run(whitespace_check(), ["ok", " bad", ""], INDEX)
    assert out["passes"].to_dict() == {7: True, 3: False, 42: True}
    assert out["fix"].to_dict() == {7: None, 3: "bad", 42: None}


def test_empty_column() -> None:
    for check in (whitespace_check(), list_whitespace_check(",;")):
        out = run(check, [])
        assert out.empty


def test_missing_values_pass() -> None:
    column = pd.Series(["x", None], dtype="str")
    assert whitespace_check().passes(column).tolist() == [True, True]


@given(st.lists(st.text(), max_size=8))
def test_never_raises_and_fixes_pass(values: list[str]) -> None:
    for check in (whitespace_check(), list_whitespace_check(",;"), list_whitespace_check(",")):
        column = pd.Series(values, dtype="str")
        passes = check.passes(column)
        fixes = check.propose(column)
        assert len(passes) == len(values)
        assert fixes[passes].isna().all()
        proposed = fixes[~passes]
        assert proposed.notna().all()  # whitespace can always be fixed
        again = pd.Series(proposed.tolist(), dtype="str")
        assert check.passes(again).all()
        assert whitespace_check().passes(again).all()


@given(st.text())
def test_list_normalisation_is_idempotent(value: str) -> None:
    once = normalise_list_spaces(pd.Series([value], dtype="str"), ",;")
    assert normalise_list_spaces(once, ",;").tolist() == once.tolist()
