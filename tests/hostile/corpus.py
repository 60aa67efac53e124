"""The hostile-input corpus: files people upload by mistake, damaged files and files
built to hurt, each with what Preflight must do with it.

Every case is built in code (`tests/hostile/builders.py`) and states its outcome: the
findings reading must produce (the first one's message must say `says`), or how the
file reads when it is fine after all, and the command line's exit status. The tests
run each case through the whole check under a memory and time limit
(`tests/hostile/bounded.py`), a sample through `python -m checks check`, and the
README's "Hostile input" table is generated from this list (`python -m
tests.hostile.corpus` prints it; a test keeps the README equal to it).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

from checks.model.limits import MAX_UPLOAD_MB, MEGABYTE
from checks.model.table import Table
from tests.hostile import books
from tests.hostile import builders as b
from tests.read import odd_workbooks as odd

UNREADABLE, EMPTY = ("file_unreadable",), ("file_empty",)


@dataclass(frozen=True)
class Case:
    """One hostile file and what Preflight must do with it.

    `rules`: the distinct rules of the findings *reading* produces, in order (the
    whole check adds its own, e.g. missing columns); `says`: words the first of
    those findings' message holds; `also`: rules the whole check must find besides;
    `shape`: (rows, columns) of the table read;
    `verify`: further assertions on the table, run where the table is (in the
    bounded process); `exit_status`: `preflight check`'s (0 clean, 1 findings that
    are errors, 2 unreadable). `title` and `does` are the README table's row.
    """

    name: str
    title: str
    does: str
    file_name: str
    build: Callable[[], bytes]
    rules: tuple[str, ...]
    exit_status: int
    says: str = ""
    shape: tuple[int, int] | None = None
    verify: Callable[[Table], None] | None = None
    also: tuple[str, ...] = ()


def _rows_are(expected: list[list[str]], numbers: list[int]) -> Callable[[Table], None]:
    def verify(table: Table) -> None:
        assert table.data.values.tolist() == expected, table.data.values.tolist()[:5]
        assert table.data.index.tolist() == numbers
    return verify


def _first_rows_are_the_customers(table: Table) -> None:
    assert table.headers[:3] == tuple(b.HEADER), table.headers[:5]
    assert table.data.iloc[:3, :3].values.tolist() == [
        [name, f"C{n}", town] for n, (name, _, town) in enumerate(b.ROWS, start=1)]


def _ten_mb_cell_is_whole(table: Table) -> None:
    assert table.headers == (*b.HEADER, "Collector notes")
    value = table.data.iloc[0, 3]
    assert len(value) == 10 * MEGABYTE and set(value) == {"x"}


def _ten_thousand_columns(table: Table) -> None:
    assert table.headers[:3] == tuple(b.HEADER)
    assert table.headers[-1] == "Extra 9996"
    assert table.data.iloc[1].tolist()[-1] == "v2-9996"


def _values_of_macro_workbook(table: Table) -> None:
    _first_rows_are_the_customers(table)
    assert table.sheet == "Customers"


def _linked_value_is_the_saved_one(table: Table) -> None:
    assert table.headers == (*b.HEADER, "Total")
    assert table.data.values.tolist() == [[*b.ROWS[0], "42"]]


def _xfd_padding_is_dropped(table: Table) -> None:
    assert table.headers == tuple(b.HEADER)
    assert table.data.iloc[-1].tolist() == ["Name 2001", "C2001", "Paris"]


def _formulas_stay_text(table: Table) -> None:
    assert table.data[0].tolist() == ['=HYPERLINK("http://evil.example","Click")',
                                      "@SUM(1+1)*cmd|' /C calc'!A0", "+33 1 23 45 67 89"]


def _customer_lines(count: int, ending: str = "\r\n") -> str:
    return "".join(f"{name};C{n};{town}{ending}"
                   for n, (name, _, town) in enumerate(b.ROWS[:count], start=1))


_HEAD = ";".join(b.HEADER)

CASES: tuple[Case, ...] = (
    # ── nothing to read ─────────────────────────────────────────────────────────────
    Case("empty", "empty file (0 bytes)", "`file_empty`: the file is empty",
         "customers.csv", lambda: b"", EMPTY, 1, "is empty", (0, 0)),
    Case("whitespace_only", "only spaces, tabs and line breaks",
         "`file_empty`: the file holds only blank space", "customers.csv",
         lambda: b"   \t \r\n\r\n  \n\t\n", EMPTY, 1, "only blank space", (2, 1)),
    Case("bom_only", "a UTF-8 byte-order mark and nothing else",
         "`file_empty`: the file is empty", "customers.csv", lambda: codecs.BOM_UTF8,
         EMPTY, 1, "is empty", (0, 0)),
    Case("million_empty_lines", "1,000,000 empty lines",
         "`file_empty`: the file is empty", "customers.csv", lambda: b"\r\n" * 1_000_000,
         EMPTY, 1, "is empty", (0, 0)),
    Case("separators_only", "lines of separators only (`;;;;`)",
         "`file_empty`: empty rows are not a header", "customers.csv",
         lambda: b";;;;;;\r\n" * 1000, EMPTY, 1, "is empty", (0, 0)),
    Case("commas_only", "lines of commas only (`,,,,`: an empty sheet saved by an English "
         "Excel)", "`file_empty`: empty rows are not a header", "customers.csv",
         lambda: b",,,,,,\r\n" * 1000, EMPTY, 1, "is empty", (0, 0)),
    Case("header_only", "a header line and no data", "`file_empty`: no data lines",
         "customers.csv", lambda: f"{_HEAD}\r\n".encode(), EMPTY, 1,
         "header line but no data lines", (0, 3)),
    Case("separator_line_above_header", "a line of separators above the header",
         "reads the file: the empty row is skipped and the rows keep the numbers Excel "
         "shows", "customers.csv",
         lambda: f";;\r\n{_HEAD}\r\n{_customer_lines(2)}".encode(), (), 0, "", (2, 3),
         _rows_are([list(row) for row in b.ROWS[:2]], [3, 4])),
    # ── text that is not a table ────────────────────────────────────────────────────
    Case("html", "a web page (HTML) renamed `.csv`",
         "`file_unreadable`: a web page, not a spreadsheet", "customers.csv",
         lambda: b"<!DOCTYPE html>\n<html><head><title>Login</title></head><body><form>"
                 b"</form></body></html>\n", UNREADABLE, 2, "web page (HTML)"),
    Case("html_table_as_xls", "an HTML table saved as `.xls` by a web app",
         "`file_unreadable`: a web page, not a spreadsheet", "export.xls",
         lambda: b"<table><tr><td>Customer name</td><td>Customer ID</td></tr>"
                 b"<tr><td>Acme</td><td>C1</td></tr></table>", UNREADABLE, 2,
         "web page (HTML)"),
    Case("xml", "an XML document renamed `.csv`",
         "`file_unreadable`: an XML document, not a spreadsheet", "customers.csv",
         lambda: b'<?xml version="1.0"?>\n<customers><customer id="C1"/></customers>\n',
         UNREADABLE, 2, "XML document"),
    Case("json_object", "JSON (an object) renamed `.csv`",
         "`file_unreadable`: JSON, not a spreadsheet", "customers.csv",
         lambda: b'{\n  "customers": [{"name": "Acme", "id": "C1"}]\n}\n', UNREADABLE, 2,
         "This file is JSON, not a spreadsheet"),
    Case("json_array", "JSON (an array of records) renamed `.csv`",
         "`file_unreadable`: JSON, not a spreadsheet", "customers.csv",
         lambda: codecs.BOM_UTF8 + b'[{"Customer name": "Acme", "Customer ID": "C1"}]',
         UNREADABLE, 2, "This file is JSON, not a spreadsheet"),
    Case("json_lines", "JSON Lines (one object per line) renamed `.csv`",
         "`file_unreadable`: JSON, not a spreadsheet", "customers.csv",
         lambda: b'{"name": "Acme", "id": "C1"}\n{"name": "Beta", "id": "C2"}\n',
         UNREADABLE, 2, "This file is JSON, not a spreadsheet"),
    # ── binary files renamed .csv ───────────────────────────────────────────────────
    Case("png", "a PNG image renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.png, UNREADABLE, 2, "it looks like a PNG image"),
    Case("jpeg", "a JPEG photo renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.jpeg, UNREADABLE, 2, "it looks like a JPEG image"),
    Case("gif", "a GIF image renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.gif, UNREADABLE, 2, "it looks like a GIF image"),
    Case("tiff", "a TIFF scan renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.tiff, UNREADABLE, 2, "it looks like a TIFF image"),
    Case("webp", "a WebP image renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.webp, UNREADABLE, 2, "it looks like a WebP image"),
    Case("pdf", "a PDF renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.pdf, UNREADABLE, 2, "it looks like a PDF document"),
    Case("gzip", "a gzip-compressed CSV (`.csv.gz`) renamed `.csv`",
         "`file_unreadable`: names the format", "customers.csv", b.gzip_of_csv,
         UNREADABLE, 2, "compressed (gzip) file"),
    Case("seven_zip", "a 7-Zip archive renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.seven_zip, UNREADABLE, 2, "7-Zip archive"),
    Case("rar", "a RAR archive renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.rar, UNREADABLE, 2, "RAR archive"),
    Case("zip", "a ZIP archive of CSV files renamed `.csv`",
         "`file_unreadable`: a ZIP archive, not a workbook", "customers.csv",
         lambda: b.zip_of({"customers.csv": b.customers()}), UNREADABLE, 2,
         "ZIP archive, not an XLSX workbook"),
    Case("docx", "a Word document renamed `.xlsx`",
         "`file_unreadable`: a Word document, not a workbook", "customers.xlsx", b.docx,
         UNREADABLE, 2, "Word document, not an XLSX workbook"),
    Case("elf", "a Linux program renamed `.csv`", "`file_unreadable`: names the format",
         "customers.csv", b.elf, UNREADABLE, 2, "it looks like a program"),
    Case("exe", "a Windows program renamed `.csv`", "`file_unreadable`: a binary file",
         "customers.csv", b.windows_exe, UNREADABLE, 2, "binary file"),
    Case("sqlite", "an SQLite database renamed `.csv`", "`file_unreadable`: a binary file",
         "customers.csv", b.sqlite, UNREADABLE, 2, "binary file"),
    Case("mp4", "an MP4 video renamed `.csv`", "`file_unreadable`: a binary file",
         "customers.csv", b.mp4, UNREADABLE, 2, "binary file"),
    Case("random_bytes", "64 KB of random bytes", "`file_unreadable`: a binary file",
         "customers.csv", b.random_bytes, UNREADABLE, 2, "binary file"),
    Case("utf16_without_bom", "UTF-16 text without its byte-order mark",
         "reads it, converted, when its bytes clearly say so: `encoding_converted` (info)",
         "customers.csv", lambda: b.customers(encoding="utf-16-le"), ("encoding_converted",),
         0, "saved as UTF-16", (3, 3), _first_rows_are_the_customers),
    Case("utf16_without_bom_unclear", "UTF-16 text without its byte-order mark, in Cyrillic",
         "`file_unreadable`: says it may be UTF-16 without a byte-order mark",
         "customers.csv",
         lambda: "Имя;Город\r\nИванов Иван;Москва\r\n".encode("utf-16-le"), UNREADABLE, 2,
         "UTF-16 text without a byte-order mark"),
    # ── damaged text ────────────────────────────────────────────────────────────────
    Case("nul_in_middle", "a few NUL bytes in the middle of a CSV",
         "`file_unreadable`: how many and on which line", "customers.csv",
         lambda: b.customers(400).replace(b"C200;", b"C2\x0000;", 1).replace(
             b"C300;", b"C3\x00\x0000;", 1), UNREADABLE, 2,
         "3 invisible NUL characters (the first on line 201)"),
    Case("invalid_utf8_in_middle", "invalid UTF-8 bytes in the middle of a UTF-8 CSV",
         "`file_unreadable`: the line to correct (never read as Windows-1252, which would "
         "garble every accent)", "customers.csv",
         lambda: b.customers(400).replace(b"C300;", b"C3\xff\xfe00;", 1), UNREADABLE, 2,
         "This file is UTF-8 text, except on line 301"),
    Case("invalid_utf8_after_bom", "invalid UTF-8 after a UTF-8 byte-order mark",
         "`file_unreadable`: the line where it is damaged", "customers.csv",
         lambda: codecs.BOM_UTF8 + b.customers(400).replace(b"C300;", b"C3\xc300;", 1),
         UNREADABLE, 2, "damaged on line 301"),
    Case("windows_1252", "a Windows-1252 CSV (Excel's \"CSV\" in Western Europe)",
         "reads it, converted: `encoding_converted` (info)", "customers.csv",
         lambda: b.customers(encoding="cp1252"), ("encoding_converted",), 0,
         "saved as Windows (Western Europe)", (3, 3), _first_rows_are_the_customers),
    Case("cp1252_punctuation", "a Windows-1252 CSV whose only non-ASCII characters are "
         "typographic quotes, dashes and ellipses (`“…” – ’`)",
         "reads it as Windows (Western Europe), never as a code page that turns them into "
         "control characters: `encoding_converted` (info)", "customers.csv",
         lambda: (f"{_HEAD}\r\n“…” – ’;C1;Paris\r\n").encode("cp1252"),
         ("encoding_converted",), 0, "saved as Windows (Western Europe)", (1, 3),
         _rows_are([["“…” – ’", "C1", "Paris"]], [2])),
    Case("cp1253_greek", "a Greek Windows-1253 CSV",
         "reads it as Windows (Greek): `encoding_converted` (info)", "customers.csv",
         lambda: (f"{_HEAD}\r\nΠαπαδόπουλος ΑΕ;C1;Αθήνα\r\nΓεώργιος;C2;Θεσσαλονίκη\r\n"
                  ).encode("cp1253"), ("encoding_converted",), 0, "saved as Windows (Greek)",
         (2, 3), _rows_are([["Παπαδόπουλος ΑΕ", "C1", "Αθήνα"],
                            ["Γεώργιος", "C2", "Θεσσαλονίκη"]], [2, 3])),
    Case("unicode_text", "Excel's \"Unicode Text\" (UTF-16 with its mark, tab-separated)",
         "reads it, converted: `encoding_converted` (info)", "customers.txt",
         lambda: "\ufeff".encode("utf-16-le") + b.customers(sep="\t", encoding="utf-16-le"),
         ("encoding_converted",), 0, "saved as UTF-16", (3, 3), _first_rows_are_the_customers),
    Case("tab_delimited_cp1252", "Excel's \"Text (Tab delimited)\" in Windows-1252",
         "reads it, converted: `encoding_converted` (info)", "customers.txt",
         lambda: b.customers(sep="\t", encoding="cp1252"), ("encoding_converted",), 0,
         "saved as Windows (Western Europe)", (3, 3), _first_rows_are_the_customers),
    Case("mixed_line_endings", "mixed line endings (`\\r\\n`, `\\n` and `\\r`) in one file",
         "reads every line, numbered as Excel shows them", "customers.csv",
         lambda: (f"{_HEAD}\r\n{b.ROWS[0][0]};C1;{b.ROWS[0][2]}\n{b.ROWS[1][0]};C2;"
                  f"{b.ROWS[1][2]}\r{b.ROWS[2][0]};C3;{b.ROWS[2][2]}\r\n").encode(), (), 0,
         "", (3, 3), _rows_are([[name, f"C{n}", town] for n, (name, _, town)
                                in enumerate(b.ROWS, start=1)], [2, 3, 4])),
    # ── quotes, sizes, shapes ──────────────────────────────────────────────────────
    Case("unclosed_quote", "a quotation mark that is never closed",
         "`file_unreadable`: the row that opens it (else the rest of the file would "
         "become one value)", "customers.csv",
         lambda: (f'{_HEAD}\r\n{b.ROWS[0][0]};"C1;{b.ROWS[0][2]}\r\n'
                  + _customer_lines(3)).encode(), UNREADABLE, 2,
         "Row 2 opens a quotation mark"),
    Case("unclosed_quote_last_line", "a quotation mark left open on the last line",
         "reads it as Excel does: the value runs to the end of the line", "customers.csv",
         lambda: f'{_HEAD}\r\n{_customer_lines(2)}Beta;C9;"Paris\r\n'.encode(), (), 0, "",
         (3, 3), lambda table: _check_last_open_value(table)),
    Case("ragged_rows", "lines with too few and too many cells",
         "`ragged_row` for each: nothing is silently shifted", "customers.csv",
         lambda: f"{_HEAD}\r\nAcme;C1\r\nBeta;C2;Paris;extra;cells\r\n".encode(),
         ("ragged_row",), 1, "This line has 2 cells but the header has 3", (2, 3)),
    Case("ten_mb_line", "a 10 MB single line (no line break, `;` every few characters)",
         "`file_unreadable`: more columns than a spreadsheet can have", "customers.csv",
         lambda: b"x;" * (5 * MEGABYTE), UNREADABLE, 2, "has 5,242,881 columns"),
    Case("ten_mb_cell", "a 10 MB value in one cell",
         "reads it whole; `text_too_long` for the custom field", "customers.csv",
         lambda: (f"{_HEAD};Collector notes\r\n{';'.join(b.ROWS[0])};".encode()
                  + b"x" * (10 * MEGABYTE) + b"\r\n"), (), 1, "", (1, 4),
         _ten_mb_cell_is_whole, ("text_too_long",)),
    Case("ten_thousand_columns", "10,000 columns", "reads them all",
         "customers.csv", lambda: _wide_file(10_000), (), 0, "", (2, 10_000),
         _ten_thousand_columns),
    Case("formula_injection", "cells starting with `=`, `@`, `+` (CSV injection)",
         "keeps them as text, never evaluated; `formula_like` warnings", "customers.csv",
         lambda: (f"Collector notes;{_HEAD}\r\n"
                  '"=HYPERLINK(""http://evil.example"",""Click"")";Acme;C1;Paris\r\n'
                  "@SUM(1+1)*cmd|' /C calc'!A0;Beta;C2;Paris\r\n"
                  "+33 1 23 45 67 89;Gamma;C3;Paris\r\n").encode(), (), 0, "", (3, 4),
         _formulas_stay_text, ("formula_like",)),
    Case("over_upload_limit", f"a CSV over the {MAX_UPLOAD_MB} MB upload limit",
         "`file_unreadable`: its size and the limit, before reading anything",
         "customers.csv", lambda: _over_the_limit(), UNREADABLE, 2,
         f"larger than the {MAX_UPLOAD_MB} MB Preflight reads"),
    # ── workbooks ───────────────────────────────────────────────────────────────────
    Case("xlsx_truncated", "an `.xlsx` cut off half-way (interrupted download)",
         "`file_unreadable`: damaged or incomplete", "customers.xlsx",
         lambda: b.customers_xlsx()[:2000], UNREADABLE, 2, "damaged or incomplete"),
    Case("xlsx_corrupt", "an `.xlsx` whose bytes are garbage after the ZIP signature",
         "`file_unreadable`: damaged or incomplete", "customers.xlsx",
         lambda: b"PK\x03\x04" + b.random_bytes(8192), UNREADABLE, 2,
         "damaged or incomplete"),
    Case("xlsx_password", "a password-protected `.xlsx` (encrypted OLE container)",
         "`file_unreadable`: how to remove the password", "customers.xlsx",
         lambda: b.ole(["EncryptionInfo", "EncryptedPackage"]), UNREADABLE, 2,
         "protected by a password"),
    Case("xls_old", "an Excel 97-2003 `.xls` workbook", "reads it like an XLSX workbook",
         "customers.xls", books.customers_xls, (), 0, "", (3, 3), _first_rows_are_the_customers),
    Case("xls_corrupt", "an `.xls` whose workbook stream is missing or damaged",
         "`file_unreadable`: damaged or incomplete", "customers.xls",
         lambda: b.ole(["Workbook"]), UNREADABLE, 2, "damaged or incomplete"),
    Case("xls_truncated", "an `.xls` cut off half-way (interrupted download)",
         "`file_unreadable`: damaged or incomplete", "customers.xls",
         lambda: books.customers_xls()[:2000], UNREADABLE, 2, "damaged or incomplete"),
    Case("ods", "a LibreOffice `.ods` spreadsheet", "reads it like an XLSX workbook",
         "customers.ods", books.customers_ods, (), 0, "", (3, 3),
         _first_rows_are_the_customers),
    Case("ods_zip_bomb", "an `.ods` ZIP bomb: 1 MB that expands to 1 GB",
         "`file_unreadable`: refused from the ZIP directory, before expanding anything",
         "customers.ods", lambda: books.ods_zip_bomb(1024), UNREADABLE, 2,
         "built to expand enormously"),
    Case("ods_billion_laughs", "an `.ods` whose content is an XML entity bomb",
         "`file_unreadable`: declarations refused, nothing expanded", "customers.ods",
         books.ods_billion_laughs, UNREADABLE, 2, "XML declarations (a DTD or entities)"),
    Case("ods_repeated_cells", "an `.ods` repeating one cell 16 billion times "
         "(`number-columns-repeated`, `number-rows-repeated`)",
         "`file_unreadable`: refused before expanding the repetition", "customers.ods",
         books.ods_repeated_cells, UNREADABLE, 2, "repeats cells far more than any real sheet"),
    Case("xlsm", "a macro-enabled `.xlsm` workbook",
         "reads its values as data; macros are never run", "customers.xlsm", b.xlsm, (), 0,
         "", (3, 3), _values_of_macro_workbook),
    Case("external_links", "an `.xlsx` with formulas linked to another workbook on the web",
         "reads the values Excel saved; the link is never followed", "customers.xlsx",
         b.with_external_link, (), 0, "", (1, 4), _linked_value_is_the_saved_one),
    Case("huge_dimension", 'an `.xlsx` declaring `<dimension ref="A1:XFD1048576"/>`',
         "ignores the declaration: reads the cells that exist", "customers.xlsx",
         b.huge_dimension, (), 0, "", (3, 3), _first_rows_are_the_customers),
    Case("styled_last_column", "an `.xlsx` with a formatted cell in column XFD on 2,000 rows",
         "reads the data columns only", "customers.xlsx",
         lambda: b.styled_last_column(2000), (), 0, "", (2000, 3), _xfd_padding_is_dropped),
    Case("deep_xml_sheet", "an `.xlsx` whose sheet nests 100,000 XML elements",
         "reads the data, ignoring what Excel never writes", "customers.xlsx",
         lambda: b.deeply_nested_sheet(100_000), (), 0, "", (1, 3)),
    Case("deep_xml_workbook", "an `.xlsx` whose workbook part nests 100,000 XML elements",
         "reads the data, ignoring what Excel never writes", "customers.xlsx",
         lambda: b.deeply_nested_workbook(100_000), (), 0, "", (3, 3),
         _first_rows_are_the_customers),
    Case("billion_laughs_sheet", "an `.xlsx` whose sheet is an XML entity bomb "
         "(billion laughs: 3 GB once expanded)",
         "`file_unreadable`: entity declarations refused, nothing expanded", "customers.xlsx",
         lambda: b.billion_laughs("sheet"), UNREADABLE, 2, "XML entity declarations"),
    Case("billion_laughs_workbook", "an `.xlsx` whose workbook part is an XML entity bomb",
         "`file_unreadable`: entity declarations refused, nothing expanded", "customers.xlsx",
         lambda: b.billion_laughs("workbook"), UNREADABLE, 2, "XML entity declarations"),
    Case("external_entity", "an `.xlsx` whose sheet asks to read `/etc/passwd` (XXE)",
         "`file_unreadable`: entity declarations refused, nothing read", "customers.xlsx",
         b.external_entity, UNREADABLE, 2, "XML entity declarations"),
    Case("zip_bomb", "a ZIP bomb: 1 MB that expands to 1 GB (ratio 1,000)",
         "`file_unreadable`: refused from the ZIP directory, before expanding anything",
         "customers.xlsx", lambda: b.zip_bomb(1024), UNREADABLE, 2,
         "built to expand enormously"),
    Case("zip_declares_3gb", "an `.xlsx` declaring 3 GB of content",
         "`file_unreadable`: over the 2,048 MB a workbook may expand to", "customers.xlsx",
         lambda: b.declares_more_than(3072), UNREADABLE, 2,
         "would expand to 3,072"),
    Case("zip_understates", "an `.xlsx` whose sheet holds more than its ZIP directory "
         "declares", "`file_unreadable`: damaged (never reads past the declared size)",
         "customers.xlsx", b.declares_less_than_it_holds, UNREADABLE, 2,
         "damaged or incomplete"),
    Case("zip_many_parts", "an `.xlsx` with 60,000 extra parts",
         "reads the data", "customers.xlsx", lambda: b.many_entries(60_000), (), 0, "",
         (3, 3), _first_rows_are_the_customers),
    Case("xlsx_minimal_styles", "an `.xlsx` whose stylesheet is minimal (legal, Excel opens "
         "it; openpyxl printed `0 is out of range`)",
         "reads the values without number formats and says so; nothing printed",
         "customers.xlsx", odd.minimal_stylesheet, (), 0, "", (3, 3),
         _first_rows_are_the_customers),
    Case("xlsx_moved_workbook", "an `.xlsx` whose workbook part is not at `xl/workbook.xml` "
         "(the relationships say where it is)", "reads it where the relationships say",
         "customers.xlsx", odd.moved_workbook, (), 0, "", (3, 3),
         _first_rows_are_the_customers),
    Case("xlsx_strict", "a Strict Open XML workbook (Excel's *Save As* \"Strict Open XML "
         "Spreadsheet\"), three sheets", "reads it (its namespaces translated in memory)",
         "customers.xlsx", odd.strict_workbook, (), 0, "", (3, 3),
         _first_rows_are_the_customers),
    Case("xlsx_escapes", "an `.xlsx` whose text holds `_x000D_` escapes (a kept carriage "
         "return) and `_x005F_`", "decodes them as Excel does", "customers.xlsx",
         odd.escaped_texts, (), 0, "", (len(odd.ESCAPED), 2),
         _rows_are([[shown, shown + "!"] for _written, shown in odd.ESCAPED],
                   list(range(2, len(odd.ESCAPED) + 2)))),
    Case("csv_named_xlsx", "a CSV file renamed `.xlsx`", "reads it as the CSV it is",
         "customers.xlsx", b.customers, (), 0, "", (3, 3), _first_rows_are_the_customers),
)

CASES_BY_NAME: dict[str, Case] = {case.name: case for case in CASES}


def _check_last_open_value(table: Table) -> None:
    assert table.data.values.tolist()[-1] == ["Beta", "C9", "Paris\r\n"]
    assert table.data.index.tolist() == [2, 3, 4]


def _wide_file(columns: int) -> bytes:
    header = [*b.HEADER, *(f"Extra {n}" for n in range(columns - 3))]
    rows = [[*b.ROWS[line - 1], *(f"v{line}-{n}" for n in range(columns - 3))]
            for line in (1, 2)]
    return "".join(";".join(row) + "\r\n" for row in (header, *rows)).encode()


def _over_the_limit() -> bytes:
    """A real customer CSV one line over the limit (not zeros: without the size check
    it would be read, so only the size check can give the expected message)."""
    line = ";".join(b.ROWS[0]).encode() + b"\r\n"
    head = ";".join(b.HEADER).encode() + b"\r\n"
    return head + line * ((MAX_UPLOAD_MB * MEGABYTE - len(head)) // len(line) + 1)


def readme_table() -> str:
    """The README's "Hostile input" table, one row per case."""
    lines = ["| case | what Preflight does |", "|---|---|"]
    lines += [f"| {case.title} | {case.does} |" for case in CASES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(readme_table(), end="")
