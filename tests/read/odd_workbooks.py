"""Workbooks Excel opens that are not written the way openpyxl writes them, built in
code from a real openpyxl workbook: a minimal stylesheet, a workbook part that is not
at `xl/workbook.xml`, `_xHHHH_` escapes in the text, and Strict Open XML.

`python -m tests.read.odd_workbooks strict OUT.xlsx` writes the Strict sample (the
same bytes the tests read), to open it in Excel or LibreOffice.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.hostile.builders import MAIN_NS, customers_xlsx, parts, patched, sub, zip_of
from tests.read.files import xlsx_bytes

#: A legal stylesheet, and enough for Excel: one cell format and the Normal style, but
#: no style formats (cellStyleXfs) for that style to point at.
MINIMAL_STYLES = (f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="1"><xf numFmtId="0"/>'
                  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
                  'builtinId="0"/></cellStyles></styleSheet>').encode()


def minimal_stylesheet(data: bytes | None = None) -> bytes:
    """The workbook (default: the small customer file) with that minimal stylesheet."""
    return patched(data or customers_xlsx(), {"xl/styles.xml": MINIMAL_STYLES})


def moved_workbook() -> bytes:
    """The small customer file with its workbook part at `xl/book.xml`, as the root
    relationships and the content types say (its own relationships moved with it)."""
    found = parts(customers_xlsx())
    found["xl/book.xml"] = found.pop("xl/workbook.xml")
    found["xl/_rels/book.xml.rels"] = found.pop("xl/_rels/workbook.xml.rels")
    found["_rels/.rels"] = sub(found["_rels/.rels"], 'Target="/?xl/workbook.xml"',
                               'Target="xl/book.xml"')
    found["[Content_Types].xml"] = sub(found["[Content_Types].xml"],
                                       'PartName="/xl/workbook.xml"', 'PartName="/xl/book.xml"')
    return zip_of(found)


#: Each escaped text, as written in the workbook, and the text Excel shows.
ESCAPED = (("abc_x000D_\ndef", "abc\r\ndef"), ("Tab_x0009_here", "Tab\there"),
           ("_x005F_x000D_ stays", "_x000D_ stays"), ("Caf_x00E9_", "Café"),
           ("no_escape_x12_", "no_escape_x12_"))


def escaped_texts() -> bytes:
    """A sheet whose texts hold `_xHHHH_` escapes, in the shared strings table (the
    header and column A) and as inline strings (column B)."""
    header = ["Customer name", "Note"]
    rows = [[shown, f"{shown}!"] for _written, shown in ESCAPED]
    data = xlsx_bytes({"Customers": [header, *rows]})
    found = parts(data)
    strings = [*header, *(written for written, _shown in ESCAPED)]
    items = "".join(f'<si><t xml:space="preserve">{_xml(text)}</t></si>' for text in strings)
    found["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" '
                                     f'uniqueCount="{len(strings)}">{items}</sst>').encode()
    cells = [f'<row r="1">{_shared("A1", 0)}{_shared("B1", 1)}</row>']
    for number, (written, _shown) in enumerate(ESCAPED, start=2):
        cells.append(f'<row r="{number}">{_shared(f"A{number}", number)}'
                     f'<c r="B{number}" t="inlineStr"><is><t xml:space="preserve">'
                     f'{_xml(written + "!")}</t></is></c></row>')
    found["xl/worksheets/sheet1.xml"] = (f'<worksheet xmlns="{MAIN_NS}"><sheetData>'
                                         f'{"".join(cells)}</sheetData></worksheet>').encode()
    found["[Content_Types].xml"] = sub(
        found["[Content_Types].xml"], "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    found["xl/_rels/workbook.xml.rels"] = sub(
        found["xl/_rels/workbook.xml.rels"], "</Relationships>",
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return zip_of(found)


def _shared(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: The three sheets of the Strict sample: each holds data (a Strict workbook used to
#: read as "empty").
STRICT_SHEETS = {
    "Customers": [["Customer name", "Customer ID", "Town"], ["Société Générale", "C1", "Orléans"],
                  ["Müller GmbH", "C2", "München"], ["Café de la Gare", "C3", "Besançon"]],
    "Notes": [["Note"], ["Strict Open XML sample"]],
    "Totals": [["Customers", "Amount"], ["3", 1234.5]],
}

#: Transitional namespace → Strict namespace, as Excel's "Strict Open XML Spreadsheet"
#: writes them.
_TO_STRICT = (
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main",
     "http://purl.oclc.org/ooxml/drawingml/main"),
)


def strict_workbook() -> bytes:
    """The Strict Open XML sample: a three-sheet workbook whose XML parts use the Strict
    namespaces and whose workbook says `conformance="strict"`."""
    found = parts(xlsx_bytes(STRICT_SHEETS))
    for name, content in found.items():
        if name.endswith((".xml", ".rels")):
            text = content.decode("utf-8")
            for usual, strict in _TO_STRICT:
                text = text.replace(usual, strict)
            found[name] = text.encode("utf-8")
    found["xl/workbook.xml"] = sub(found["xl/workbook.xml"], "<workbook ",
                                   '<workbook conformance="strict" ')
    return zip_of(found)


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 3 or sys.argv[1] != "strict":
        sys.exit("usage: python -m tests.read.odd_workbooks strict OUT.xlsx")
    Path(sys.argv[2]).write_bytes(strict_workbook())
