"""Typed workbook cells read as Upflow needs them, in XLSX, XLS and ODS alike: a real
boolean is `true`/`false`, a real date its calendar date, a number the plain number, an
ID stored as a number its full digits; none of them gets a format finding, and the
corrected file holds those values."""

from __future__ import annotations

import datetime as dt

import pytest

from checks import apply_fixes, check_table, demo_definitions, export_csv, read_table
from tests.read.files import ods_bytes, xls_bytes, xlsx_bytes

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
