"""Workbooks Excel opens that openpyxl alone refuses or reads as empty (issue 20):
a minimal stylesheet, a workbook part elsewhere than `xl/workbook.xml`, Strict Open
XML, and `_xHHHH_` escapes in the text."""

from __future__ import annotations

import pytest

from checks.i18n import use_language
from checks.read import notices, read_table, sheet_names
from checks.read.xlsx_package import readable_package, usable_styles
from checks.read.xlsx_text import decoded
from tests.hostile.builders import HEADER, ROWS, customers_xlsx, parts
from tests.read.files import Formatted, xlsx_bytes
from tests.read.odd_workbooks import (
    ESCAPED,
    MINIMAL_STYLES,
    STRICT_SHEETS,
    escaped_texts,
    minimal_stylesheet,
    moved_workbook,
    strict_workbook,
)

CUSTOMERS = [list(row) for row in ROWS]


def test_a_minimal_stylesheet_is_read_without_number_formats(
        capfd: pytest.CaptureFixture[str]) -> None:
    table = read_table(minimal_stylesheet(), "customers.xlsx")
    assert table.headers == tuple(HEADER)
    assert table.data.values.tolist() == CUSTOMERS
    assert table.findings.empty
    assert table.number_formats_lost
    assert any("number formats" in sentence for sentence in notices(table))
    assert capfd.readouterr().out == ""  # openpyxl printed "0 is out of range" here


def test_without_number_formats_a_number_is_its_value() -> None:
    data = xlsx_bytes({"Customers": [["Customer ID", "Amount"],
                                     ["C1", Formatted(1234.5, "#,##0", "1,235")]]})
    table = read_table(minimal_stylesheet(data), "customers.xlsx")
    assert table.data.values.tolist() == [["C1", "1234.5"]]
    assert table.shown_differently == ()


def test_the_notice_is_in_french() -> None:
    table = read_table(minimal_stylesheet(), "customers.xlsx")
    with use_language("fr"):
        said = notices(table)
    assert any("format de nombre" in sentence for sentence in said)


def test_a_usual_workbook_keeps_its_formats() -> None:
    table = read_table(customers_xlsx(), "customers.xlsx")
    assert not table.number_formats_lost
    assert readable_package(customers_xlsx()).data == customers_xlsx()


def test_usable_styles() -> None:
    assert not usable_styles(MINIMAL_STYLES)
    assert usable_styles(parts(customers_xlsx())["xl/styles.xml"])


def test_a_workbook_part_where_the_relationships_say() -> None:
    data = moved_workbook()
    assert "xl/workbook.xml" not in parts(data)
    table = read_table(data, "customers.xlsx")
    assert table.findings.empty, table.findings["message"].tolist()
    assert table.data.values.tolist() == CUSTOMERS
    assert sheet_names(data) == ("Customers",)


def test_strict_open_xml_is_read() -> None:
    data = strict_workbook()
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in parts(data)["xl/workbook.xml"]
    table = read_table(data, "strict.xlsx")
    assert table.findings.empty, table.findings["message"].tolist()
    assert table.sheets == tuple(STRICT_SHEETS)
    assert table.headers == tuple(STRICT_SHEETS["Customers"][0])
    assert table.data.values.tolist() == STRICT_SHEETS["Customers"][1:]
    assert sheet_names(data) == tuple(STRICT_SHEETS)
    totals = read_table(data, "strict.xlsx", sheet="Totals")
    assert totals.data.values.tolist() == [["3", "1234.5"]]


def test_escapes_are_decoded_as_excel_does() -> None:
    table = read_table(escaped_texts(), "customers.xlsx")
    shown = [text for _written, text in ESCAPED]
    assert table.data[0].tolist() == shown
    assert table.data[1].tolist() == [text + "!" for text in shown]


@pytest.mark.parametrize(("written", "text"), [
    *ESCAPED, ("_x000d_", "\r"), ("_x005F_", "_"), ("_x005F_x005F_", "_x005F_"),
    ("a_x000A_b_x000A_", "a\nb\n"), ("_x00_", "_x00_"), ("plain", "plain")])
def test_decoded(written: str, text: str) -> None:
    assert decoded(written) == text
