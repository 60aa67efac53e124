"""Listing a workbook's sheets with content: what the Check page's sheet picker offers."""

from __future__ import annotations

import io

import openpyxl

from checks.read import read_table, sheet_names
from tests.read.files import OLE_MAGIC, csv_bytes, xlsx_bytes, zip_bytes


def test_sheets_with_content_in_workbook_order() -> None:
    data = xlsx_bytes({"Cover": [], "Customers": [["a"], ["1"]], "Blank": [[None, None]],
                       "Contacts": [["b"], ["2"]]})
    assert sheet_names(data) == ("Customers", "Contacts")


def test_hidden_and_header_only_sheets_count() -> None:
    data = xlsx_bytes({"Lists": [["x"], ["1"]], "Template": [["Customer name"]]},
                      hidden=["Lists"])
    assert sheet_names(data) == ("Lists", "Template")


def test_content_far_down_a_sheet_counts() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Late"
    workbook.active["D500"] = "ID"
    workbook.create_sheet("Empty")["A1"] = ""
    out = io.BytesIO()
    workbook.save(out)
    assert sheet_names(out.getvalue()) == ("Late",)


def test_each_listed_sheet_reads_as_itself() -> None:
    data = xlsx_bytes({"One": [["a"], ["1"]], "Two": [["b"], ["2"]]})
    assert [read_table(data, "x.xlsx", sheet=name).headers for name in sheet_names(data)] == [
        ("a",), ("b",)]


def test_anything_but_a_readable_workbook_has_no_sheets() -> None:
    assert sheet_names(csv_bytes([["a"], ["1"]])) == ()
    assert sheet_names(b"") == ()
    assert sheet_names(OLE_MAGIC + b"\0" * 100) == ()
    assert sheet_names(zip_bytes({"word/document.xml": b"<w/>"})) == ()
    assert sheet_names(xlsx_bytes({"S": [["a"], ["1"]]})[:200]) == ()  # cut off
