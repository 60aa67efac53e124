"""boolean_format: true/false in any case; the usual yes/no spellings are fixed."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.base import CellCheck
from checks.check.cells.booleans import RULE, SPELLINGS, boolean_checks

INDEX = [7, 3, 42]  # spreadsheet rows: not a default RangeIndex, not sorted
(CHECK,) = boolean_checks()


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
    assert CHECK.rule == RULE == "boolean_format"


@pytest.mark.parametrize("value", ["true", "false", "True", "FALSE", "tRuE", "", "  "])
def test_valid(value: str) -> None:
    assert one(value) == (True, None, "")


@pytest.mark.parametrize(("value", "fix"), [
    ("yes", "true"), ("Yes", "true"), ("YES", "true"), ("y", "true"), ("Y", "true"),
    ("1", "true"), ("oui", "true"), ("OUI", "true"), ("vrai", "true"), ("Vrai", "true"),
    ("no", "false"), ("No", "false"), ("n", "false"), ("N", "false"), ("0", "false"),
    ("non", "false"), ("Non", "false"), ("faux", "false"), ("FAUX", "false"),
    (" true", "true"), ("TRUE ", "true"), ("false\u00a0", "false"), ("\tyes\n", "true"),
])
def test_fixed(value: str, fix: str) -> None:
    assert one(value) == (False, fix, f" (did you mean '{fix}'?)")


@pytest.mark.parametrize("value", [
    "maybe", "x", "ok", "-", "2", "1.0", "t", "f", "truee", "ja", "si", "yes no", "true,false",
])
def test_invalid_without_fix(value: str) -> None:
    assert one(value) == (False, None, "")


def test_alignment_with_repeated_values() -> None:
    out = run(CHECK, ["yes", "true", "", "yes", "maybe", "0"], index=[5, 4, 3, 2, 1, 0])
    assert out["passes"].tolist() == [False, True, True, False, False, False]
    assert out["fix"].to_dict() == {5: "true", 4: None, 3: None, 2: "true", 1: None,
                                     0: "false"}


def test_alignment_non_default_index() -> None:
    out = run(CHECK, ["oui", "", "FALSE"], INDEX)
    assert out["fix"].tolist() == ["true", None, None]
    assert out["detail"].tolist() == [" (did you mean 'true'?)", "", ""]


def test_empty_column() -> None:
    assert run(CHECK, []).empty


# ── properties ─────────────────────────────────────────────────────────────────

def any_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True)))


SPELLED = st.sampled_from(sorted(SPELLINGS)).flatmap(any_case)
PADDED = st.tuples(st.sampled_from(["", " ", "\u00a0", "\t"]), SPELLED,
                   st.sampled_from(["", " ", "\n"])).map("".join)


@given(st.sampled_from(["true", "false"]).flatmap(any_case))
def test_true_and_false_pass_in_any_case(value: str) -> None:
    assert one(value) == (True, None, "")


@given(st.lists(st.one_of(PADDED, st.text(max_size=8)), max_size=10))
def test_every_fix_passes(values: list[str]) -> None:
    out = run(CHECK, values)
    fixes = [fix for fix in out["fix"] if fix is not None]
    assert set(fixes) <= {"true", "false"}
    assert run(CHECK, fixes)["passes"].all()
    assert not out["passes"][out["fix"].notna()].any()


@given(PADDED)
def test_known_spellings_always_get_the_right_fix(value: str) -> None:
    passes, fix, _ = one(value)
    expected = SPELLINGS[value.strip(" \u00a0\t\n").lower()]
    assert passes or fix == expected
