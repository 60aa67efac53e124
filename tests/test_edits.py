"""Manual edits: written where asked, logged like fixes, and never touching other cells."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import (
    Table,
    apply_edits,
    apply_fixes,
    changed_cells,
    check_table,
    read_table,
    recheck_with_edits,
)
from checks.fix.edits import MANUAL_EDIT
from checks.fix.fixes import CHANGE_COLUMNS
from checks.model.errors import UsageError
from checks.model.rules import RULES
from tests.helpers import DEFS

TEXT = (
    "Customer name;Customer ID;Account manager;Contract end;Town;Town\n"
    "Acme;C1;camille.martin@northwind.example;31/12/2026;Paris;Lyon\n"
    ";C2;nobody@northwind.example;2026-01-31;;Nantes\n"
    "Globex;C3;lea.dubois@northwind.example;2026-02-30;Lille;\n"
)


def table_of(text: str = TEXT):
    return read_table(text.encode("utf-8"), "file.csv")


def test_edits_are_written_and_logged_with_the_header_as_written() -> None:
    table = table_of()
    edited, log = apply_edits(table, {(3, 0): "Beta", (4, 3): "2026-02-28", (2, 5): "Lyon 2"})
    assert edited.data.loc[3, 0] == "Beta"
    assert edited.data.loc[4, 3] == "2026-02-28"
    assert edited.data.loc[2, 5] == "Lyon 2"
    assert list(log.columns) == list(CHANGE_COLUMNS)
    assert log.values.tolist() == [
        [3, "Customer name", "", "Beta", MANUAL_EDIT],
        [4, "Contract end", "2026-02-30", "2026-02-28", MANUAL_EDIT],
        [2, "Town", "Lyon", "Lyon 2", MANUAL_EDIT],
    ]
    assert log["row"].dtype == "Int64"
    # the input table is never changed in place
    assert table.data.loc[3, 0] == ""


def test_a_repeated_header_is_edited_at_its_own_position() -> None:
    edited, _ = apply_edits(table_of(), {(2, 4): "Marseille"})
    assert edited.data.loc[2].tolist()[4:] == ["Marseille", "Lyon"]


def test_the_cells_dtype_stays_text() -> None:
    table = table_of()
    edited, _ = apply_edits(table, {(2, 1): "000123"})
    assert edited.data[1].dtype == table.data[1].dtype
    assert edited.data.loc[2, 1] == "000123"


def test_no_edit_or_an_edit_to_the_same_text_changes_nothing() -> None:
    table = table_of()
    for edits in ({}, {(2, 0): "Acme"}):
        edited, log = apply_edits(table, edits)
        assert log.empty and list(log.columns) == list(CHANGE_COLUMNS)
        assert edited.data.equals(table.data)


@pytest.mark.parametrize(("edits", "message"), [
    ({(9, 0): "x"}, "Row 9 is not a line"),
    ({(2, 6): "x"}, "Column 7 is not a column"),
    ({(2, -1): "x"}, "Column 0 is not a column"),
    ({(2, 0): None}, "must hold text"),
])
def test_a_stale_or_bad_edit_is_a_plain_usage_error(edits, message) -> None:
    with pytest.raises(UsageError, match=message):
        apply_edits(table_of(), edits)


def test_manual_edit_is_a_change_log_label_not_a_catalogue_rule() -> None:
    assert MANUAL_EDIT not in RULES


def test_recheck_with_edits_checks_the_edited_table_and_logs_fixes_then_edits() -> None:
    result = check_table(table_of(), DEFS)
    fixed = apply_fixes(result)
    assert "required_missing" in fixed.result.findings["rule"].tolist()
    final = recheck_with_edits(fixed, {(3, 0): "Beta", (4, 3): "2026-02-28"})
    assert final.table.data.loc[3, 0] == "Beta"
    remaining = final.result.findings
    assert "required_missing" not in remaining["rule"].tolist()
    assert not ((remaining["rule"] == "date_format") & (remaining["row"] == 4)).any()
    assert final.changes["rule"].tolist() == [*fixed.changes["rule"], MANUAL_EDIT, MANUAL_EDIT]
    # checked exactly as the fixed table was
    assert final.result.definitions == fixed.result.definitions
    assert final.result.options == fixed.result.options


def test_recheck_without_an_effective_edit_returns_the_outcome_itself() -> None:
    fixed = apply_fixes(check_table(table_of(), DEFS))
    assert recheck_with_edits(fixed, {}) is fixed
    assert recheck_with_edits(fixed, {(2, 0): "Acme"}) is fixed


def test_an_edit_on_a_file_without_fixes_still_logs_a_typed_row() -> None:
    fixed = apply_fixes(check_table(table_of("Customer name;Customer ID\nAcme;C1\n"), DEFS))
    assert fixed.changes.empty
    final = recheck_with_edits(fixed, {(2, 0): "Acme Ltd"})
    assert final.changes.values.tolist() == [[2, "Customer name", "Acme", "Acme Ltd",
                                              MANUAL_EDIT]]
    assert final.changes["row"].dtype == "Int64"


def test_changed_cells_compares_column_by_column_and_reads_cleared_cells_as_empty() -> None:
    before = pd.DataFrame({0: ["a", "b", "c"], 2: ["x", "", "z"]}, index=[2, 5, 7], dtype="str")
    after = before.copy()
    after.loc[5, 0] = "B"
    after.loc[7, 2] = None
    after.loc[5, 2] = None  # was already empty: not an edit
    assert changed_cells(before, after) == {(5, 0): "B", (7, 2): ""}
    assert changed_cells(before, before.copy()) == {}


def test_changed_cells_refuses_other_lines() -> None:
    before = pd.DataFrame({0: ["a"]}, index=[2], dtype="str")
    with pytest.raises(UsageError, match="not the lines that were shown"):
        changed_cells(before, before.set_axis([3]))


# ── properties ───────────────────────────────────────────────────────────────────────

_TEXTS = st.text(alphabet=st.sampled_from(list("ab ;,\"\n\t0é")), max_size=6)


@st.composite
def table_and_edits(draw):
    width = draw(st.integers(1, 4))
    height = draw(st.integers(1, 5))
    first = draw(st.integers(2, 50))
    rows = list(range(first, first + height))
    cells = {position: draw(st.lists(_TEXTS, min_size=height, max_size=height))
             for position in range(width)}
    data = pd.DataFrame(cells, index=rows, dtype="str")
    headers = tuple(draw(st.lists(st.sampled_from(["A", "B", ""]), min_size=width,
                                  max_size=width)))
    table = Table(name="t.csv", headers=headers, data=data)
    edits = draw(st.dictionaries(st.tuples(st.sampled_from(rows), st.integers(0, width - 1)),
                                 _TEXTS, max_size=8))
    return table, edits


@given(table_and_edits())
def test_untouched_cells_are_unchanged_and_edited_cells_hold_the_edit(case) -> None:
    table, edits = case
    edited, log = apply_edits(table, edits)
    assert edited.headers == table.headers
    assert edited.data.index.equals(table.data.index)
    for position in table.data.columns:
        for row in table.data.index:
            expected = edits.get((row, position), table.data.loc[row, position])
            assert edited.data.loc[row, position] == expected
    logged = set(zip(log["row"].astype(int), log["before"], log["after"], strict=True))
    assert logged == {(row, table.data.loc[row, position], text)
                      for (row, position), text in edits.items()
                      if table.data.loc[row, position] != text}


@given(table_and_edits())
def test_editing_twice_to_the_same_values_is_idempotent(case) -> None:
    table, edits = case
    once, _ = apply_edits(table, edits)
    twice, log = apply_edits(once, edits)
    assert log.empty
    assert twice.data.equals(once.data)


@given(table_and_edits())
def test_changed_cells_of_an_edit_are_the_effective_edits(case) -> None:
    table, edits = case
    edited, _ = apply_edits(table, edits)
    effective = {key: text for key, text in edits.items()
                 if table.data.loc[key[0], key[1]] != text}
    assert changed_cells(table.data, edited.data) == effective
