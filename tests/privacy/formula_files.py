"""Files holding the formulas every export test feeds, and the checks of what comes out:
a file for people holds no live formula; a file for Upflow holds the cells exactly."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl

#: A link, sums made only of number characters, an @-function and a plain formula.
ATTACKS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=1+1")

#: A cell a spreadsheet shows as the same number (the only cells of a file for people
#: allowed to start with + or -).
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)*")


def customers_csv() -> bytes:
    """One line per attack, in a text custom field and in an unknown column; every
    other line lacks its customer name (an error, so the line is rejected)."""
    lines = ["Customer name;Customer ID;Collector notes;Favourite colour"]
    for n, attack in enumerate(ATTACKS):
        name = "" if n % 2 else f"Acme {n}"
        lines.append(f"{name};C-{n};{_field(attack)};{_field(attack)}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def billing_csv() -> bytes:
    lines = ["Customer name;Salesforce Id", *(f"Name {n};{_field(a)}"
                                               for n, a in enumerate(ATTACKS))]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def salesforce_csv() -> bytes:
    lines = ["Account Id;Account Name", *(f"{_field(a)} ;Name {n}"  # near misses
                                          for n, a in enumerate(ATTACKS[:3])),
             f"{_field(ATTACKS[3])};Other"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if '"' in value or ";" in value else value


def cells(data: bytes, separator: str) -> list[list[str]]:
    """The CSV's cells as a spreadsheet reads them (BOM dropped)."""
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def live_formulas(data: bytes, separator: str) -> list[str]:
    """Cells a spreadsheet would run: starting (after any spaces) with = + - @, and not
    a plain number. An empty list for a file safe to open."""
    return [cell for row in cells(data, separator) for cell in row
            if cell.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@")
            and not _PLAIN_NUMBER.fullmatch(cell)]


def assert_for_people(data: bytes, separator: str, *, expect: tuple[str, ...] = ATTACKS) -> None:
    """No live formula, and each attack is there, behind an apostrophe."""
    assert live_formulas(data, separator) == []
    found = [cell for row in cells(data, separator) for cell in row]
    for attack in expect:
        assert "'" + attack in found, (attack, found)
        assert attack not in found


def assert_no_formula_in_workbook(data: bytes) -> openpyxl.Workbook:
    """No cell of any sheet is a formula, read by openpyxl and in the sheets' XML
    itself (a formula is an <f> element). Returns the workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert not re.search(r"<f[ >/]", xml), name
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    return book


def workbook_texts(book: openpyxl.Workbook, sheet: str) -> dict[str, str]:
    """Each text cell of a sheet: value → its data type (the last seen)."""
    return {cell.value: cell.data_type for row in book[sheet].iter_rows() for cell in row
            if isinstance(cell.value, str)}
