"""Builders of the files the reading tests feed in: made in code, never kept as binaries."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
            sheet.append(row)
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
