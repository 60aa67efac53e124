"""Main contact: "1" or empty."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.contacts import MAIN_CONTACT_NO, MAIN_CONTACT_YES, main_contact_checks

CHECK = main_contact_checks()[0]
YES = " (write 1 to mark the main contact)"
NO = " (leave the cell empty for a contact that is not the main one)"


def one(value: str) -> tuple[bool, str | None, str]:
    column = pd.Series([value], dtype="str")
    passes = bool(CHECK.passes(column).iloc[0])
    fix = CHECK.propose(column).iloc[0]
    return passes, fix, CHECK.explain(column).iloc[0]


@pytest.mark.parametrize(("value", "expected"), [
    ("1", (True, None, "")),
    ("", (True, None, "")),
    ("   ", (True, None, "")),  # only spaces: an empty cell
    (" 1 ", (False, "1", YES)),  # Main contact has no whitespace rule: this is the finding
    ("1\n", (False, "1", YES)),
    ("yes", (False, "1", YES)),
    ("YES", (False, "1", YES)),
    ("True", (False, "1", YES)),
    ("x", (False, "1", YES)),
    (" X ", (False, "1", YES)),
    ("oui", (False, "1", YES)),
    ("y", (False, "1", YES)),
    ("1.0", (False, "1", YES)),
    ("0", (False, "", NO)),  # "" is a real fix (empty the cell), not "no fix"
    ("false", (False, "", NO)),
    ("No", (False, "", NO)),
    ("NON", (False, "", NO)),
    ("n", (False, "", NO)),
    (" 0 ", (False, "", NO)),
    ("2", (False, None, "")),
    ("maybe", (False, None, "")),
    ("11", (False, None, "")),
])
def test_main_contact(value: str, expected: tuple[bool, str | None, str]) -> None:
    assert CHECK.rule == "main_contact_format"
    assert one(value) == expected


def test_alignment() -> None:
    column = pd.Series(["yes", "1", "no", "", "yes"], index=[8, 2, 5, 40, 3], dtype="str")
    assert CHECK.passes(column).to_dict() == {8: False, 2: True, 5: False, 40: True, 3: False}
    assert CHECK.propose(column).to_dict() == {8: "1", 2: None, 5: "", 40: None, 3: "1"}
    assert CHECK.explain(column).index.equals(column.index)


def test_empty_column() -> None:
    column = pd.Series([], dtype="str")
    assert CHECK.passes(column).empty and CHECK.propose(column).empty
    assert CHECK.explain(column).empty


def test_vocabularies_do_not_overlap() -> None:
    assert not MAIN_CONTACT_YES & MAIN_CONTACT_NO


@given(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(sorted(MAIN_CONTACT_YES
                                                                      | MAIN_CONTACT_NO))),
                max_size=8))
def test_fixes_pass_and_nothing_raises(values: list[str]) -> None:
    column = pd.Series(values, dtype="str")
    passes = CHECK.passes(column)
    fixes = CHECK.propose(column)
    assert len(CHECK.explain(column)) == len(values)
    assert fixes[passes].isna().all()
    proposed = pd.Series(fixes[~passes].dropna().tolist(), dtype="str")
    assert CHECK.passes(proposed).all()
    assert set(proposed) <= {"1", ""}
