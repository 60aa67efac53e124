"""Files that cannot be read at all: a `file_unreadable` finding, never an exception."""

from __future__ import annotations

import random

import pytest

from checks.model.table import Table
from checks.read import read_table
from tests.read.files import ole_bytes, xlsx_bytes, zip_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


def unreadable_message(table: Table) -> str:
    assert list(table.findings["rule"]) == ["file_unreadable"]
    assert table.findings["severity"][0] == "error"
    assert table.findings["row"].isna().all()
    assert table.headers == ()
    assert table.data.shape == (0, 0)
    return str(table.findings["message"][0])


def test_png_renamed_csv() -> None:
    message = unreadable_message(read_table(PNG, "customers.csv"))
    assert message == ("This file is not text: it looks like a PNG image. Preflight reads "
                       "CSV (UTF-8, UTF-16, Windows-1252), XLSX, XLS (Excel 97-2003) and "
                       "ODS (LibreOffice) files.")


@pytest.mark.parametrize(("data", "what"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
    (b"\x1f\x8b\x08\x00", "a compressed (gzip) file"),
])
def test_other_binary_formats_are_named(data: bytes, what: str) -> None:
    assert what in unreadable_message(read_table(data, "x.csv"))


def test_random_binary() -> None:
    data = random.Random(7).randbytes(4096)
    message = unreadable_message(read_table(data, "x.csv"))
    assert "Preflight reads CSV" in message


def test_random_binary_without_nul_bytes() -> None:
    data = bytes(byte or 1 for byte in random.Random(8).randbytes(4096))
    assert "Preflight reads CSV" in unreadable_message(read_table(data, "x.csv"))


def test_nul_bytes_in_text() -> None:
    message = unreadable_message(read_table(b"a;b\n1;\x002\n", "x.csv"))
    assert "NUL bytes" in message


def test_utf16_without_bom_is_refused_with_a_hint() -> None:
    """When its bytes do not clearly say so (few characters of Latin text: here
    Cyrillic), tests/read/test_tab.py reads the others."""
    text = "Имя;Город\nИванов Иван;Москва\n"
    message = unreadable_message(read_table(text.encode("utf-16-le"), "x.csv"))
    assert "UTF-16" in message


def test_corrupt_zip() -> None:
    data = xlsx_bytes({"Sheet": [["a"], ["1"]]})
    message = unreadable_message(read_table(data[: len(data) // 2], "x.xlsx"))
    assert "damaged or incomplete" in message


def test_zip_that_is_not_a_workbook() -> None:
    message = unreadable_message(read_table(zip_bytes({"notes.txt": b"hi"}), "x.xlsx"))
    assert "ZIP archive, not an XLSX workbook" in message


def test_opendocument_spreadsheet_without_sheets() -> None:
    data = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                      "content.xml": b"<x/>"})
    assert ".ods" in unreadable_message(read_table(data, "x.ods"))


def test_opendocument_spreadsheet_not_first_in_the_zip() -> None:
    """An ODS re-zipped by a tool that did not keep `mimetype` first is not sniffed as
    ODS; the XLSX reader names what it is."""
    data = zip_bytes({"content.xml": b"<x/>",
                      "mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert ".ods" in unreadable_message(read_table(data, "x.ods"))


def test_workbook_with_broken_content() -> None:
    data = zip_bytes({"[Content_Types].xml": b"<not xml", "xl/workbook.xml": b"<nope"})
    assert "cannot be opened" in unreadable_message(read_table(data, "x.xlsx"))


def test_password_protected_workbook() -> None:
    message = unreadable_message(read_table(ole_bytes(encrypted=True), "x.xlsx"))
    assert "password" in message


def test_damaged_xls_workbook() -> None:
    message = unreadable_message(read_table(ole_bytes(encrypted=False), "x.xls"))
    assert "Excel 97-2003" in message
    assert "cannot be opened" in message


def test_html_named_xls() -> None:
    data = b"<!DOCTYPE html><html><body><table><tr><td>a</td></tr></table></body></html>"
    message = unreadable_message(read_table(data, "export.xls"))
    assert "web page" in message


def test_binary_named_xlsx_says_it_is_not_a_workbook() -> None:
    data = bytes(byte or 1 for byte in random.Random(9).randbytes(4096))
    message = unreadable_message(read_table(data, "x.xlsx"))
    assert message.startswith("The file is named .xlsx but is not an Excel workbook.")


def test_text_named_xlsx_is_read_as_csv() -> None:
    table = read_table(b"a;b\n1;2\n", "x.xlsx")
    assert table.findings.empty
    assert table.separator == ";"
