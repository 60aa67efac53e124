"""Reading XLSX workbooks: cells as the text a person sees, sheets, row numbers."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from checks.model.errors import UnreadableFileError
from checks.read import cell_text, read_table
from tests.read.files import with_cached_values, xlsx_bytes


def test_numbers_dates_and_text_as_seen() -> None:
    data = xlsx_bytes({"Customers": [
        ["Customer ID", "Amount", "Rate", "Since", "At", "Time", "Active", "Empty"],
        ["00123", 1500, 12.0, dt.datetime(2025, 1, 31), dt.datetime(2025, 1, 31, 9, 5, 7),
         dt.time(14, 30), True, None],
        ["00456", -3, 0.1 + 0.2, dt.date(2024, 2, 29), dt.datetime(2025, 6, 1, 23, 59, 59),
         dt.time(0, 0, 1), False, None],
    ]})
    table = read_table(data, "customers.xlsx")
    assert table.headers == ("Customer ID", "Amount", "Rate", "Since", "At", "Time", "Active",
                             "Empty")
    assert table.data.values.tolist() == [
        ["00123", "1500", "12", "2025-01-31", "2025-01-31 09:05:07", "14:30:00", "true", ""],
        ["00456", "-3", "0.3", "2024-02-29", "2025-06-01 23:59:59", "00:00:01", "false", ""],
    ]
    assert table.data.index.tolist() == [2, 3]
    assert table.sheet == "Customers"
    assert table.sheets == ("Customers",)
    assert table.separator is None and table.encoding is None
    assert table.findings.empty
    assert all(table.data[position].dtype == "str" for position in table.data.columns)


def test_formula_without_cached_value_reads_empty() -> None:
    data = xlsx_bytes({"S": [["a", "b"], [1, "=A2*2"]]})
    assert read_table(data, "x.xlsx").data.values.tolist() == [["1", ""]]


def test_formula_gives_its_cached_value() -> None:
    data = with_cached_values(xlsx_bytes({"S": [["a", "b"], [21, "=A2*2"]]}), {"B2": "42"})
    assert read_table(data, "x.xlsx").data.values.tolist() == [["21", "42"]]


def test_leading_zero_ids_stored_as_text_are_kept() -> None:
    data = xlsx_bytes({"S": [["Customer ID"], ["007"], ["0001234"]]})
    assert read_table(data, "x.xlsx").data.values.tolist() == [["007"], ["0001234"]]


def test_sheet_row_numbers_and_empty_rows() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "ID"
    sheet["C3"] = "Name"
    sheet["B4"] = "1"
    sheet["C6"] = "Beta"
    sheet["E9"] = None  # a touched but empty cell: not data
    out = io.BytesIO()
    workbook.save(out)
    table = read_table(out.getvalue(), "x.xlsx")
    # Column A has neither header nor data but comes before data: kept, header "".
    assert table.headers == ("", "ID", "Name")
    assert table.data.values.tolist() == [["", "1", ""], ["", "", "Beta"]]
    assert table.data.index.tolist() == [4, 6]


def test_trailing_empty_columns_are_dropped_but_wider_data_is_kept() -> None:
    data = xlsx_bytes({"S": [["a", "b", None, None], [1, None, None, None], [2, 3, 4, None]]})
    table = read_table(data, "x.xlsx")
    assert table.headers == ("a", "b", "")
    assert table.data.values.tolist() == [["1", "", ""], ["2", "3", "4"]]


def test_first_non_empty_sheet_by_default() -> None:
    data = xlsx_bytes({"Cover": [], "Data": [["a"], ["1"]], "Other": [["b"], ["2"]]})
    table = read_table(data, "x.xlsx")
    assert table.sheet == "Data"
    assert table.sheets == ("Cover", "Data", "Other")
    assert table.data.values.tolist() == [["1"]]


def test_visible_sheets_come_before_hidden_ones() -> None:
    data = xlsx_bytes({"Lists": [["x"], ["1"]], "Data": [["a"], ["2"]]}, hidden=["Lists"])
    assert read_table(data, "x.xlsx").sheet == "Data"


def test_named_sheet() -> None:
    data = xlsx_bytes({"Data": [["a"], ["1"]], "Other": [["b"], ["2"]]})
    table = read_table(data, "x.xlsx", sheet="Other")
    assert (table.sheet, table.headers, table.data.values.tolist()) == ("Other", ("b",), [["2"]])


def test_sheet_name_ignoring_case_and_spaces() -> None:
    data = xlsx_bytes({"Data": [["a"], ["1"]], "Other": [["b"], ["2"]]})
    assert read_table(data, "x.xlsx", sheet=" other").sheet == "Other"


def test_unknown_sheet_is_an_error_listing_the_sheets() -> None:
    data = xlsx_bytes({"Data": [["a"], ["1"]], "Other": [["b"], ["2"]]})
    with pytest.raises(UnreadableFileError) as raised:
        read_table(data, "book.xlsx", sheet="Customers")
    assert raised.value.message == ("The sheet 'Customers' does not exist in book.xlsx. "
                                    "Its sheets are: 'Data', 'Other'.")


def test_empty_workbook_and_header_only_sheet() -> None:
    empty = read_table(xlsx_bytes({"S": []}), "x.xlsx")
    assert list(empty.findings["rule"]) == ["file_empty"]
    assert empty.findings["message"][0] == (
        "The sheet 'S' is empty: it has no header line and no data.")
    header_only = read_table(xlsx_bytes({"S": [["a", "b"]]}), "x.xlsx")
    assert list(header_only.findings["rule"]) == ["file_empty"]
    assert header_only.headers == ("a", "b")
    assert header_only.data.shape == (0, 2)


def test_duplicate_headers_in_a_sheet() -> None:
    table = read_table(xlsx_bytes({"S": [["ID", "ID"], [1, 2]]}), "x.xlsx")
    assert list(table.findings["rule"]) == ["duplicate_header"]
    assert table.findings["column"][0] == "ID"


def test_numeric_header_is_text() -> None:
    table = read_table(xlsx_bytes({"S": [[2024, "Name"], [1, "x"]]}), "x.xlsx")
    assert table.headers == ("2024", "Name")


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), ("  spaced ", "  spaced "), (True, "true"), (False, "false"),
    (0, "0"), (-0.0, "0"), (123.0, "123"), (1.5, "1.5"), (0.1 + 0.2, "0.3"),
    (1e20, "1e+20"), (123456789012.0, "123456789012"), (1 / 3, "0.333333333333333"),
    (dt.datetime(2025, 3, 1), "2025-03-01"), (dt.datetime(2025, 3, 1, 0, 0, 0, 999_999),
                                             "2025-03-01 00:00:01"),
    (dt.datetime(2025, 3, 1, 12, 0, 0, 400_000), "2025-03-01 12:00:00"),
    (dt.date(2025, 3, 1), "2025-03-01"), (dt.time(8, 15), "08:15:00"),
    (dt.timedelta(hours=36, minutes=5), "36:05:00"),
])
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
