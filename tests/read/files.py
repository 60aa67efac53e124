"""Builders of the files the reading tests feed in: made in code, never kept as binaries."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import openpyxl

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Formatted:
    """A number cell with a number format: `code` in XLSX and XLS; in ODS the text
    LibreOffice displays for it (`shown`), a percentage cell when the code has `%`."""

    value: float
    code: str
    shown: str


def csv_bytes(rows: Iterable[Sequence[str]], sep: str = ";", lineterminator: str = "\r\n",
              encoding: str = "utf-8") -> bytes:
    """Rows written by Python's csv module (QUOTE_MINIMAL), as a spreadsheet would."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator=lineterminator)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]], *, hidden: Sequence[str] = ()) -> bytes:
    """A workbook with one sheet per entry; rows are appended from row 1."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([cell.value if isinstance(cell, Formatted) else cell
                          for cell in row])
            for position, cell in enumerate(row, start=1):
                if isinstance(cell, Formatted):
                    sheet.cell(sheet.max_row, position).number_format = cell.code
        if title in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook with a cached result added to formula cells (cell ref → value), as
    Excel saves it after calculating: openpyxl writes formulas without one."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = content.decode("utf-8")
                for ref, value in values.items():
                    pattern = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>'
                    text, count = re.subn(pattern, rf"\g<1><v>{value}</v>", text)
                    assert count == 1, f"no formula cell {ref} to patch"
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def ole_bytes(*, encrypted: bool) -> bytes:
    """The start of an OLE compound file; an encrypted Office file names its
    `EncryptedPackage` stream in the directory."""
    body = bytearray(2048)
    if encrypted:
        name = "EncryptedPackage".encode("utf-16-le")
        body[1024:1024 + len(name)] = name
    return OLE_MAGIC + bytes(body)


def ods_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An ODS file written by odfpy, one sheet per entry; each cell carries its value
    (office:value, office:date-value, office:boolean-value) and a display text that
    differs from it, as LibreOffice's formats make it (the reader must use the value)."""
    import datetime as dt

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for title, rows in sheets.items():
        table = Table(name=title)
        for row in rows:
            line = TableRow()
            for value in row:
                if value is None:
                    cell = TableCell()
                elif isinstance(value, Formatted):
                    kind = "percentage" if "%" in value.code else "float"
                    cell = TableCell(valuetype=kind, value=repr(value.value))
                    cell.addElement(P(text=value.shown))
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
                    cell.addElement(P(text="VRAI" if value else "FAUX"))
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=repr(value))
                    cell.addElement(P(text=f"{value:.5E}"))
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.strftime("%d/%m/%y")))
                else:
                    cell = TableCell(valuetype="string")
                    for paragraph in str(value).split("\n"):
                        cell.addElement(P(text=paragraph))
                line.addElement(cell)
            table.addElement(line)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xls_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An Excel 97-2003 workbook written by xlwt, one sheet per entry; dates get a date
    format (what makes a number a date in a .xls)."""
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for number, row in enumerate(rows):
            for position, value in enumerate(row):
                if isinstance(value, Formatted):
                    sheet.write(number, position, value.value,
                                xlwt.easyxf(num_format_str=value.code))
                elif isinstance(value, dt.date):
                    sheet.write(number, position, value, date_style)
                elif value is not None:
                    sheet.write(number, position, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
