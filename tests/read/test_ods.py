"""ODS (LibreOffice) spreadsheets read like XLSX workbooks: every cell as the text a
person sees, the sheet's row numbers, the same findings."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from checks.read import read_table, sheet_names
from checks.read.sniff import Kind, kind_of
from tests.read.files import ods_bytes, xlsx_bytes

CLIENTS = [["Customer name", "Customer ID", "Client since", "Active"],
           ["Société Générale", "000201", dt.date(2024, 3, 15), True],
           [None],
           ["Müller & Söhne", 123456789012, dt.date(2019, 12, 31), False]]


def test_clients_sheet() -> None:
    data = ods_bytes({"Notes": [], "Clients": CLIENTS})
    assert kind_of(data) is Kind.ODS
    table = read_table(data, "clients.ods")
    assert table.headers == ("Customer name", "Customer ID", "Client since", "Active")
    assert table.data.values.tolist() == [
        ["Société Générale", "000201", "2024-03-15", "true"],
        ["Müller & Söhne", "123456789012", "2019-12-31", "false"]]
    assert table.data.index.tolist() == [2, 4]
    assert table.sheet == "Clients" and table.sheets == ("Notes", "Clients")
    assert table.findings.empty
    assert sheet_names(data) == ("Clients",)


def test_reads_like_the_same_xlsx() -> None:
    rows = [["ID", "Amount", "Note"], [1, 12.5, "a\nb"], [2, 0.1 + 0.2, "  x  "]]
    ods_table = read_table(ods_bytes({"S": rows}), "x.ods")
    xlsx_table = read_table(xlsx_bytes({"S": rows}), "x.xlsx")
    assert ods_table.headers == xlsx_table.headers
    assert ods_table.data.equals(xlsx_table.data)
    assert ods_table.data.values.tolist() == [["1", "12.5", "a\nb"], ["2", "0.3", "  x  "]]


def test_named_sheet_and_missing_sheet() -> None:
    data = ods_bytes({"A": [["x"], ["1"]], "B": [["y"], ["2"]]})
    assert read_table(data, "x.ods", sheet=" b ").headers == ("y",)
    from checks.model.errors import UnreadableFileError

    with pytest.raises(UnreadableFileError, match="Its sheets are: 'A', 'B'"):
        read_table(data, "x.ods", sheet="C")


def test_findings_are_the_shared_ones() -> None:
    assert list(read_table(ods_bytes({"S": [["ID", "ID"], [1, 2]]}), "x.ods")
                .findings["rule"]) == ["duplicate_header"]
    assert list(read_table(ods_bytes({"S": [["ID"]]}), "x.ods")
                .findings["rule"]) == ["file_empty"]
    assert list(read_table(ods_bytes({"S": []}), "x.ods").findings["rule"]) == ["file_empty"]


def _content(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("content.xml").decode()


def _with_content(data: bytes, content: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = content.encode() if item.filename == "content.xml" else source.read(item)
            target.writestr(item, body)
    return out.getvalue()


def test_repeated_cells_rows_spaces_and_comments() -> None:
    """What LibreOffice writes and odfpy does not: runs of repeated cells and rows,
    `text:s` for several spaces, a comment on a cell, trailing empty padding."""
    base = ods_bytes({"S": [["Name", "Town"]]})
    row = ('<table:table-row table:number-rows-repeated="2"><table:table-cell '
           'office:value-type="string"><text:p>A<text:s text:c="3"/>B</text:p>'
           '<office:annotation><text:p>a comment</text:p></office:annotation>'
           '</table:table-cell><table:table-cell table:number-columns-repeated="3"/>'
           '<table:table-cell table:number-columns-repeated="2" office:value-type="time" '
           'office:time-value="PT08H15M00S"/><table:table-cell '
           'table:number-columns-repeated="16000"/></table:table-row>'
           '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
           'table:number-columns-repeated="1024"/></table:table-row>')
    content = _content(base).replace("</table:table-row>", "</table:table-row>" + row, 1)
    table = read_table(_with_content(base, content), "x.ods")
    assert table.data.values.tolist() == [["A   B", "", "", "", "08:15:00", "08:15:00"]] * 2
    assert table.data.index.tolist() == [2, 3]
    assert table.headers == ("Name", "Town", "", "", "", "")


def test_not_a_spreadsheet_and_damaged() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    message = read_table(out.getvalue(), "x.ods").findings["message"][0]
    assert "not a spreadsheet" in message
    data = ods_bytes({"S": CLIENTS})
    cut = read_table(data[: len(data) // 2], "x.ods")
    assert list(cut.findings["rule"]) == ["file_unreadable"]
    assert "damaged or incomplete" in cut.findings["message"][0]
    assert sheet_names(data[: len(data) // 2]) == ()
