"""Findings know their column by position, not by header text: with a header written
twice and the first copy ignored, everything about the second copy lands on it (the
grid's colours, the error report's comments, the fix), never on the first."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from checks import apply_fixes, check_table, demo_definitions, error_report, read_table
from checks.map.headers import IGNORE
from checks.model.findings import POSITION
from checks.views.grid import GridFilter, column_choices, filtered_rows, severity_frame

HEADERS = "Customer name;Contact email address;Client ID (External ID);Contact email address"
CSV = (f"{HEADERS}\n"
       "Acme;ignored@exemple.fr;C-1; anna@exemple.fr \n"
       "Beta;also.ignored@exemple.fr;C-2;paul@exemple.fr\n").encode()


def checked():
    table = read_table(CSV, "contacts.csv")
    return check_table(table, demo_definitions(), overrides={1: IGNORE})


def test_the_finding_names_the_fourth_column() -> None:
    findings = checked().findings
    spaces = findings[findings["rule"] == "whitespace"]
    assert spaces[["row", "column", POSITION]].values.tolist() == [
        [2, "Contact email address", 3]]


def test_the_grid_paints_the_fourth_column() -> None:
    result = checked()
    frame = severity_frame(result.findings, result.table.headers, pd.Index([2, 3]))
    assert frame.loc[2].tolist() == ["", "", "", "warning"]
    assert frame.loc[3].tolist() == ["", "", "", ""]


def test_the_error_report_comments_the_fourth_column() -> None:
    result = checked()
    sheet = openpyxl.load_workbook(io.BytesIO(error_report(result)))["Data"]
    commented = {cell.coordinate for row in sheet.iter_rows(min_row=2) for cell in row
                 if cell.comment is not None}
    assert commented == {"D2"}
    assert "spaces" in sheet["D2"].comment.text
    assert sheet["B2"].fill.fill_type is None


def test_the_fix_is_written_to_the_fourth_column() -> None:
    outcome = apply_fixes(checked(), ["whitespace"])
    assert outcome.table.data.loc[2].tolist() == [
        "Acme", "ignored@exemple.fr", "C-1", "anna@exemple.fr"]
    assert outcome.changes[["row", "column", "after"]].values.tolist() == [
        [2, "Contact email address", "anna@exemple.fr"]]


def test_the_grid_filter_chooses_the_fourth_column_by_its_label() -> None:
    result = checked()
    headers = result.table.headers
    choices = column_choices(result.findings, headers)
    assert choices == ["Contact email address (D)"]
    chosen = GridFilter(columns=frozenset(choices))
    assert filtered_rows(result.table.data.index, result.findings, chosen, headers).tolist() \
        == [2]
    second = GridFilter(columns=frozenset({"Contact email address (B)"}))
    assert filtered_rows(result.table.data.index, result.findings, second, headers).empty
