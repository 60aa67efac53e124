"""Excel 97-2003 (.xls) workbooks read like XLSX workbooks: every cell as the text a
person sees, the sheet's row numbers, the same findings. The files are written by
xlwt in the tests (xlrd only reads)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlwt

from checks.model.errors import UnreadableFileError
from checks.read import read_table, sheet_names
from checks.read.sniff import Kind, kind_of
from tests.read.files import xls_bytes, xlsx_bytes

CLIENTS = [["Customer name", "Customer ID", "Client since", "Active"],
           ["Société Générale", "000201", dt.date(2024, 3, 15), True],
           [],
           ["Müller & Söhne", 123456789012, dt.date(2019, 12, 31), False]]


def test_clients_sheet() -> None:
    data = xls_bytes({"Clients": CLIENTS, "Notes": []})
    assert kind_of(data) is Kind.XLS
    table = read_table(data, "clients.xls")
    assert table.headers == ("Customer name", "Customer ID", "Client since", "Active")
    assert table.data.values.tolist() == [
        ["Société Générale", "000201", "2024-03-15", "true"],
        ["Müller & Söhne", "123456789012", "2019-12-31", "false"]]
    assert table.data.index.tolist() == [2, 4]
    assert table.sheet == "Clients" and table.sheets == ("Clients", "Notes")
    assert table.findings.empty
    assert sheet_names(data) == ("Clients",)


def test_reads_like_the_same_xlsx() -> None:
    rows = [["ID", "Amount", "When"], [1, 12.5, dt.datetime(2025, 3, 1, 8, 15)],
            [2, 0.1 + 0.2, dt.datetime(2025, 3, 2)]]
    xls_table = read_table(xls_bytes({"S": rows}), "x.xls")
    xlsx_table = read_table(xlsx_bytes({"S": rows}), "x.xlsx")
    assert xls_table.headers == xlsx_table.headers
    assert xls_table.data.equals(xlsx_table.data)
    assert xls_table.data.values.tolist() == [["1", "12.5", "2025-03-01 08:15:00"],
                                              ["2", "0.3", "2025-03-02"]]


def test_first_sheet_with_data_and_named_sheet() -> None:
    data = xls_bytes({"Cover": [], "A": [["x"], ["1"]], "B": [["y"], ["2"]]})
    assert read_table(data, "x.xls").sheet == "A"
    assert read_table(data, "x.xls", sheet="b").headers == ("y",)
    with pytest.raises(UnreadableFileError, match="Its sheets are: 'Cover', 'A', 'B'"):
        read_table(data, "x.xls", sheet="C")


def test_findings_are_the_shared_ones() -> None:
    assert list(read_table(xls_bytes({"S": [["ID", "ID"], [1, 2]]}), "x.xls")
                .findings["rule"]) == ["duplicate_header"]
    assert list(read_table(xls_bytes({"S": [["ID"]]}), "x.xls")
                .findings["rule"]) == ["file_empty"]


def test_dates_in_the_1904_date_system() -> None:
    """Old Mac workbooks count days from 1904: the date is the one Excel shows."""
    book = xlwt.Workbook()
    book.dates_1904 = True
    sheet = book.add_sheet("S")
    sheet.write(0, 0, "Since")
    sheet.write(1, 0, dt.date(2024, 3, 15), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    out = io.BytesIO()
    book.save(out)
    assert read_table(out.getvalue(), "x.xls").data.values.tolist() == [["2024-03-15"]]


@pytest.mark.parametrize("cut", [600, 2000])
def test_damaged_workbook(cut: int) -> None:
    data = xls_bytes({"Clients": CLIENTS})
    table = read_table(data[:cut], "clients.xls")
    assert list(table.findings["rule"]) == ["file_unreadable"]
    assert "Excel 97-2003 workbook (.xls), cannot be opened" in table.findings["message"][0]
    assert sheet_names(data[:cut]) == ()
