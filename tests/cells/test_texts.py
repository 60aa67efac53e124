"""text_too_long: at most 2,000 characters, counted as Unicode characters."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.text_fields import MAX_CHARACTERS, RULE, text_checks
from checks.model.rules import rule

INDEX = [7, 3, 42]  # spreadsheet rows: not a default RangeIndex, not sorted
(CHECK,) = text_checks()


def run(values: list[str], index: list[int] | None = None) -> pd.DataFrame:
    """passes / detail on `values`, asserting types and alignment."""
    column = pd.Series(values, index=index, dtype="str")
    passes, detail = CHECK.passes(column), CHECK.explain(column)
    assert passes.dtype == bool
    assert detail.dtype == "str"
    assert passes.index.equals(column.index) and detail.index.equals(column.index)
    return pd.DataFrame({"passes": passes, "detail": detail})


def test_the_check() -> None:
    assert CHECK.rule == RULE == "text_too_long"
    assert CHECK.propose is None  # only the user knows what to cut
    assert MAX_CHARACTERS == 2000


@pytest.mark.parametrize(("value", "passes", "detail"), [
    ("", True, ""),
    ("   ", True, ""),
    ("Premium customer", True, ""),
    ("x" * 2000, True, ""),
    ("é" * 2000, True, ""),  # characters, not UTF-8 bytes
    ("😀" * 2000, True, ""),
    ("x" * 2001, False, "2,001"),
    ("x" * 2345, False, "2,345"),
    ("é" * 10_000, False, "10,000"),
    (" " * 2001, True, ""),  # only spaces: an empty cell
])
def test_length(value: str, passes: bool, detail: str) -> None:
    row = run([value]).iloc[0]
    assert (bool(row["passes"]), row["detail"]) == (passes, detail)


def test_detail_fits_the_message() -> None:
    message = rule(RULE).message.format(column="Notes", detail="2,345", value="", fix="")
    assert message.startswith("'Notes' holds 2,345 characters;")


def test_alignment_non_default_index() -> None:
    out = run(["a" * 2500, "", "b"], INDEX)
    assert out["passes"].tolist() == [False, True, True]
    assert out["detail"].tolist() == ["2,500", "", ""]


def test_empty_column() -> None:
    assert run([]).empty


@given(st.integers(0, 3000), st.sampled_from(["x", "é", "😀", "\n"]))
def test_passes_exactly_up_to_the_limit(length: int, char: str) -> None:
    row = run([char * length]).iloc[0]
    too_long = length > MAX_CHARACTERS and char != "\n"
    assert bool(row["passes"]) is not too_long
    assert row["detail"] == (f"{length:,}" if too_long else "")


@given(st.text())
def test_random_text_never_raises(value: str) -> None:
    run([value, value])
