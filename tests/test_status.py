"""The grid's status column: each row's problems in words, so that no problem is shown
by colour alone (the cells' red and amber say nothing to a colour-blind reader)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checks import check_table, demo_definitions, read_table
from checks.i18n import use_language
from checks.model.findings import POSITION, Finding, findings_frame
from checks.views import page_data, row_status, status_title, with_status
from tests.read.files import csv_bytes

HEADERS = ["Customer name", "Customer ID", "Workflow", "Segment", "Tags"]


@pytest.fixture(scope="module")
def result():
    lines = [HEADERS,
             ["Acme", "C1", "Standard", "SMB", ""],          # row 2: clean
             ["", " C2", "Gold plan", "Gold", ""],           # row 3: errors and a warning
             ["Beta", " C3", "Standard", "SMB", ""]]         # row 4: a warning only
    return check_table(read_table(csv_bytes(lines), "c.csv"), demo_definitions())


def test_a_row_says_its_errors_and_warnings_in_words(result) -> None:
    status = row_status(result.findings, result.table.headers, result.table.data.index)
    assert status.index.tolist() == [2, 3, 4]
    assert status[2] == ""
    assert status[3] == ("3 errors: Customer name, Workflow, Segment · 1 warning: Customer ID")
    assert status[4] == "1 warning: Customer ID"


def test_the_status_speaks_french(result) -> None:
    with use_language("fr"):
        status = row_status(result.findings, result.table.headers, result.table.data.index)
    assert status[3] == ("3 erreurs\u00a0: Customer name, Workflow, Segment · "
                         "1 avertissement\u00a0: Customer ID")
    assert status.name == "État"


def test_only_the_rows_asked_for_are_described(result) -> None:
    status = row_status(result.findings, result.table.headers, pd.Index([4, 3]))
    assert status.index.tolist() == [4, 3]
    assert status.tolist() == ["1 warning: Customer ID",
                               "3 errors: Customer name, Workflow, Segment · 1 warning: "
                               "Customer ID"]
    assert row_status(result.findings, result.table.headers, pd.Index([], dtype="int64")
                      ).empty


def test_many_columns_are_cut_short_and_a_line_finding_is_counted() -> None:
    """Three column names at most, the rest counted; a finding naming no column (a
    line with the wrong number of cells) counts without a name; two findings on one
    cell name it once."""
    headers = list("ABCDEF")
    found = [Finding(2, name, None, "required_missing", "error", "m", position=at)
             for at, name in enumerate(headers)]
    found += [Finding(2, "A", None, "date_format", "error", "m", position=0),
              Finding(3, None, None, "ragged_row", "error", "m"),
              Finding(3, "B", None, "header_alias", "info", "m", position=1)]
    findings = findings_frame(found)
    status = row_status(findings, headers, pd.Index([2, 3]))
    assert status.tolist() == ["7 errors: A, B, C, +3", "1 error · 1 note: B"]


def test_the_status_column_comes_first_under_a_title_of_its_own(result) -> None:
    rows = result.table.data.index
    page = page_data(result.table.data, result.table.headers, rows)
    shown = with_status(page, row_status(result.findings, result.table.headers, rows))
    assert list(shown.columns) == ["Status", *HEADERS]
    assert shown.index.tolist() == rows.tolist()
    assert list(page.columns) == HEADERS  # the page itself is left alone
    assert status_title(["Status", "Status (2)"]) == "Status (3)"  # a file's own "Status"


def test_a_100000_row_file_is_described_page_by_page() -> None:
    """Findings of the whole file, one page described: the page's rows only."""
    rows = 100_000
    numbers = np.repeat(np.arange(2, rows + 2), 2)
    findings = pd.DataFrame({
        "row": pd.array(numbers, dtype="Int64"), "column": np.tile(["A", "B"], rows),
        "value": "x", "rule": "required_missing",
        "severity": np.tile(np.array(["error", "warning"], dtype=object), rows),
        "message": "m", "fix": None,
        POSITION: pd.array(np.tile([0, 1], rows), dtype="Int64")})
    status = row_status(findings, ["A", "B"], pd.RangeIndex(50_002, 50_102))
    assert len(status) == 100
    assert set(status) == {"1 error: A · 1 warning: B"}
