"""Typed workbook cells read as Upflow needs them, in XLSX, XLS and ODS alike: a real
boolean is `true`/`false`, a real date its calendar date, a number the plain number, an
ID stored as a number its full digits; none of them gets a format finding, and the
corrected file holds those values."""

from __future__ import annotations

import datetime as dt

import pytest

from checks import apply_fixes, check_table, demo_definitions, export_csv, read_table
from checks.read import notices
from tests.read.files import Formatted, ods_bytes, xls_bytes, xlsx_bytes

HEADER = ["Customer name", "Customer ID", "Direct debit", "Contract end", "Credit limit"]
ROWS = [["Acme", 123456789012, True, dt.date(2025, 12, 31), 1234.5],
        ["Beta", 201, False, dt.date(2026, 1, 2), 30000]]
EXPECTED = [["Acme", "123456789012", "true", "2025-12-31", "1234.5"],
            ["Beta", "201", "false", "2026-01-02", "30000"]]


@pytest.mark.parametrize("write", [xlsx_bytes, xls_bytes, ods_bytes], ids=["xlsx", "xls", "ods"])
def test_typed_cells_are_upflows_values(write) -> None:
    table = read_table(write({"Clients": [HEADER, *ROWS]}), "clients.bin")
    assert table.data.values.tolist() == EXPECTED
    result = check_table(table, demo_definitions())
    assert not {"boolean_format", "date_format", "number_format", "id_damaged"} & set(
        result.findings["rule"])
    corrected = export_csv(apply_fixes(result).table, result.mapping).decode("utf-8")
    assert corrected.splitlines()[1:] == [",".join(row) for row in EXPECTED]


# ── number formats: zero padding applied, a rounded or percent display said ─────────

FORMATTED = [
    ["Export clients – 03/12/2026"],
    [],
    ["Customer name", "Customer ID", "Credit limit", "Collector notes"],
    ["Acme", Formatted(201, "000000", "000201"), Formatted(12.3456, "0.00", "12,35"),
     Formatted(0.15, "0%", "15%")],
    ["Beta", Formatted(123456789012, "000000", "123456789012"),
     Formatted(30000, "#,##0.00", "30 000,00"), Formatted(0.2, "0%", "20%")],
    ["Total", None, Formatted(30012.3456, "0.00", "30012,35")],
]


@pytest.mark.parametrize("write", [xlsx_bytes, xls_bytes, ods_bytes], ids=["xlsx", "xls", "ods"])
def test_a_zero_padded_id_reads_as_excel_shows_it(write) -> None:
    table = read_table(write({"Clients": FORMATTED}), "clients.bin")
    assert table.header_row == 3
    assert table.data[1].tolist() == ["000201", "123456789012"]
    assert table.data.index.tolist() == [4, 5]
    result = check_table(table, demo_definitions())
    assert not {"id_damaged", "number_format"} & set(result.findings["rule"])
    corrected = export_csv(apply_fixes(result).table, result.mapping).decode("utf-8")
    assert corrected.splitlines()[1:] == ["Acme,000201,12.3456,0.15",
                                          "Beta,123456789012,30000,0.2"]


@pytest.mark.parametrize("write", [xlsx_bytes, xls_bytes, ods_bytes], ids=["xlsx", "xls", "ods"])
def test_a_rounded_or_percent_display_is_said_and_the_stored_value_exported(write) -> None:
    table = read_table(write({"Clients": FORMATTED}), "clients.bin")
    shown = {(note.position, note.kind): note for note in table.shown_differently}
    # The totals line below the table is set aside, and its rounded sum is not counted.
    assert set(shown) == {(2, "rounded"), (3, "percent")}
    rounded, percent = shown[(2, "rounded")], shown[(3, "percent")]
    assert (rounded.cells, rounded.row, rounded.stored) == (1, 4, "12.3456")
    assert rounded.shown in ("12.35", "12,35")
    assert (percent.cells, percent.row, percent.shown, percent.stored) == (2, 4, "15%", "0.15")
    said = " ".join(notices(table))
    assert ("Credit limit: 1 cell is shown rounded in the workbook (row 4 shows "
            f"{rounded.shown} for 12.3456)") in said
    assert "Collector notes: 2 cells are shown as a percentage" in said
    assert "the value stored in the cell is what is checked and exported" in said


def test_a_number_shown_as_it_is_says_nothing() -> None:
    rows = [["Customer name", "Credit limit"],
            ["Acme", Formatted(1234.5, "#,##0.00 €", "1 234,50 €")],
            ["Beta", Formatted(12, "0", "12")]]
    for write in (xlsx_bytes, xls_bytes, ods_bytes):
        table = read_table(write({"Clients": rows}), "clients.bin")
        assert table.shown_differently == ()
        assert table.data[1].tolist() == ["1234.5", "12"]
