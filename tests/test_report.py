"""The error report workbook: sheets, highlighted cells with their comments, row numbers
that match the spreadsheet, no formula ever, text kept as text, Excel's limits, and no
customer data written to disk."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import checks.export.report as report
from checks import RULES, check_table, demo_definitions, read_table
from checks.export.report import (
    ERROR_FILL,
    REPLACEMENT,
    WARNING_FILL,
    cleaning,
    error_report,
    limits,
)
from checks.model.findings import finding, findings_frame
from checks.model.table import Table
from tests.read.files import xlsx_bytes

DEFS = demo_definitions()

HEADER = "Customer name;Customer ID;Account manager;Collector notes;Favourite colour"
CSV = "\n".join([
    HEADER,
    'Acme;000123;Camille.Martin@northwind.example;"=HYPERLINK(""x"")";blue',   # row 2
    "Beta; 000124;lea.dubois@northwind.example;call first;red",                # row 3
    ";000125;lea.dubois@northwind.example;#N/A;green",                         # row 4
    "",                                                                        # row 5: blank
    "Delta;000126;lea.dubois@northwind.example;;",                             # row 6
]) + "\n"

RED = ERROR_FILL.fgColor.rgb
AMBER = WARNING_FILL.fgColor.rgb


def _check(text: str = CSV, name: str = "x.csv"):
    return check_table(read_table(text.encode("utf-8"), name), DEFS)


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _finding(result, rule: str) -> pd.Series:
    rows = result.findings[result.findings["rule"] == rule]
    assert len(rows) == 1, rule
    return rows.iloc[0]


def _comments(sheet) -> dict[str, str]:
    return {cell.coordinate: cell.comment.text for row in sheet.iter_rows() for cell in row
            if cell.comment is not None}


@pytest.fixture(scope="module")
def result():
    return _check()


@pytest.fixture(scope="module")
def book(result) -> openpyxl.Workbook:
    return _open(error_report(result))


def test_the_input_has_what_the_tests_need(result):
    rules = set(result.findings["rule"])
    assert {"email_uppercase", "whitespace", "formula_like", "required_missing",
            "unknown_column"} <= rules


def test_sheets(book):
    assert book.sheetnames == ["Data", "Findings", "Summary", "Import preview"]


def test_sheets_with_a_change_log(result):
    changes = pd.DataFrame({"row": pd.array([3], dtype="Int64"), "column": ["Customer ID"],
                            "before": [" 000124"], "after": ["000124"],
                            "rule": ["whitespace"]})
    book = _open(error_report(result, changes))
    assert book.sheetnames == ["Data", "Findings", "Summary", "Import preview", "Changes"]
    rows = list(book["Changes"].iter_rows(values_only=True))
    assert rows == [("Row", "Column", "Before", "After", "Rule"),
                    (3, "Customer ID", " 000124", "000124", "whitespace")]
    assert book["Changes"].freeze_panes == "A2"
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Cells fixed"] == 1


def test_headers_and_data_as_written(book, result):
    data = book["Data"]
    assert [cell.value for cell in data[1]] == list(result.table.headers)
    assert data.freeze_panes == "A2"
    assert [cell.value for cell in data[2]] == [
        "Acme", "000123", "Camille.Martin@northwind.example", '=HYPERLINK("x")', "blue"]
    assert data["B3"].value == " 000124"


def test_error_cell_is_red_with_message_and_fix(book, result):
    found = _finding(result, "email_uppercase")
    assert found["row"] == 2
    cell = book["Data"]["C2"]
    assert cell.fill.fgColor.rgb == RED
    assert found["message"] in cell.comment.text
    assert f"Suggested fix: {found['fix']}" in cell.comment.text


def test_error_without_fix_has_no_fix_line(book, result):
    found = _finding(result, "required_missing")
    cell = book["Data"]["A4"]  # an empty cell, still marked
    assert cell.value is None
    assert cell.fill.fgColor.rgb == RED
    assert found["message"] in cell.comment.text
    assert "Suggested fix" not in cell.comment.text


def test_warning_cells_are_amber(book, result):
    data = book["Data"]
    assert data["B3"].fill.fgColor.rgb == AMBER  # whitespace
    assert _finding(result, "whitespace")["message"] in data["B3"].comment.text
    assert data["D2"].fill.fgColor.rgb == AMBER  # formula_like


def test_cells_without_findings_are_plain(book):
    data = book["Data"]
    for coordinate in ("A2", "B2", "E2", "A3", "C3", "D3"):
        assert data[coordinate].comment is None
        assert data[coordinate].fill.fill_type is None


def test_every_comment_belongs_to_a_finding(book, result):
    """openpyxl's write-only append reuses cell objects: no comment may leak onto the
    next cell of a row."""
    marked = {f"{'ABCDE'[list(result.table.headers).index(f.column)]}{f.row}"
              for f in result.findings.itertuples() if pd.notna(f.row)}
    marked |= {"E1"}  # the unknown column's header
    assert set(_comments(book["Data"])) == marked


def test_unknown_column_header_is_marked(book, result):
    found = _finding(result, "unknown_column")
    header = book["Data"]["E1"]
    assert header.value == "Favourite colour"
    assert header.fill.fgColor.rgb == AMBER
    assert found["message"] in header.comment.text


def test_rows_match_spreadsheet_rows(book, result):
    """A finding on row r of the file is on row r of the Data sheet, also after a blank
    line the reader skipped."""
    assert list(result.table.data.index) == [2, 3, 4, 6]
    data = book["Data"]
    assert all(cell.value is None for cell in data[5])
    assert data["A6"].value == "Delta"
    headers = list(result.table.headers)
    for item in result.findings.dropna(subset=["row"]).itertuples():
        cell = data.cell(row=int(item.row), column=headers.index(item.column) + 1)
        assert item.message in cell.comment.text


def test_no_cell_is_a_formula(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_formula_text_and_error_codes_stay_text(book):
    data = book["Data"]
    assert data["D2"].value == '=HYPERLINK("x")'
    assert data["D2"].data_type == "s"
    assert data["D4"].value == "#N/A"
    assert data["D4"].data_type == "s"
    findings = book["Findings"]
    values = [row[2] for row in findings.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("x")' in values


def test_leading_zeros_stay_text(book):
    cell = book["Data"]["B2"]
    assert cell.value == "000123"
    assert cell.data_type == "s"


def test_formula_like_header_and_file_name_stay_text():
    result = _check("=cmd|' /C calc'!A0;Customer name;Customer ID\nx;Acme;C1\n",
                    name="=evil.csv")
    book = _open(error_report(result))
    assert book["Data"]["A1"].value == "=cmd|' /C calc'!A0"
    assert book["Data"]["A1"].data_type == "s"
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["File"] == "=evil.csv"
    for sheet in book.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_findings_sheet(book, result):
    sheet = book["Findings"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Column", "Value", "Rule", "Severity", "Message",
                       "Suggested fix")
    assert len(rows) == len(result.findings) + 1
    assert sheet.auto_filter.ref == f"A1:G{len(result.findings) + 1}"
    assert sheet.freeze_panes == "A2"
    for written, item in zip(rows[1:], result.findings.itertuples(), strict=True):
        assert written[0] == (None if pd.isna(item.row) else item.row)
        texts = (item.column, item.value, item.rule, item.severity, item.message, item.fix)
        assert written[1:] == tuple(text or None for text in texts)  # "" is an empty cell
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["A"].width


def test_summary_lists_every_rule_with_count_and_help(book, result):
    rows = list(book["Summary"].iter_rows(values_only=True))
    header = {row[0]: row[1] for row in rows if row[0]}
    assert header["File"] == "x.csv"
    assert header["Organization"] == DEFS.organization
    assert header["Rows checked"] == result.table.rows
    assert header["Errors"] == result.summary.errors
    assert header["Warnings"] == result.summary.warnings
    start = next(i for i, row in enumerate(rows) if row[0] == "Rule")
    assert rows[start][:4] == ("Rule", "Title", "Severity", "Count")
    lines = {row[0]: row for row in rows[start + 1:]}
    assert set(lines) == set(result.summary.by_rule)
    for code, count in result.summary.by_rule.items():
        rule = RULES[code]
        assert lines[code][1:] == (rule.title, rule.severity.value, count, rule.meaning,
                                   rule.why, rule.how_to_fix)


def test_control_characters_do_not_crash():
    result = _check("Customer name;Customer ID;Collector notes\nA\x07b;000123;x\x01y\x1fz\n")
    book = _open(error_report(result))
    data = book["Data"]
    assert data["A2"].value == f"A{REPLACEMENT}b"
    assert data["C2"].value == f"x{REPLACEMENT}y{REPLACEMENT}z"
    notes = [row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Note"]
    assert any("2 cells" in note and "control characters" in note for note in notes)
    assert result.table.data.iloc[0, 0] == "A\x07b"  # the data itself is untouched


def test_every_character_xml_forbids_is_replaced(result):
    """A table built by hand (or read from a workbook) may hold NUL, U+FFFE and U+FFFF."""
    data = result.table.data.copy()
    data.iloc[0, 0] = "a\x00b\ufffec\uffffd\x0be\x0cf\tg\nh"
    table = replace(result.table, data=data,
                    headers=("Customer\x00name", *result.table.headers[1:]))
    book = _open(error_report(replace(result, table=table)))
    r = REPLACEMENT
    assert book["Data"]["A2"].value == f"a{r}b{r}c{r}d{r}e{r}f\tg\nh"
    assert book["Data"]["A1"].value == f"Customer{r}name"


def test_control_characters_in_findings_and_comments():
    result = _check("Customer name;Customer ID;Account manager\nAcme;C1;\x01bob@x\n")
    assert len(result.findings)
    book = _open(error_report(result))
    comment = book["Data"]["C2"].comment.text
    assert "\x01" not in comment
    values = [row[2] for row in book["Findings"].iter_rows(min_row=2, values_only=True)]
    assert f"{REPLACEMENT}bob@x" in values


def test_text_over_excel_limit_is_cut_with_a_marker():
    long = "x" * 40_000
    result = _check(f"Customer name;Customer ID;Collector notes\nAcme;C1;{long}\n")
    book = _open(error_report(result))
    value = book["Data"]["C2"].value
    assert len(value) == report.MAX_CELL_CHARS
    assert value.startswith("x" * 30_000)
    assert value.endswith("Excel cells hold at most 32,767]")
    assert "40,000" in value
    notes = [row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Note"]
    assert any("cuts" in note for note in notes)


def test_line_level_findings_go_on_the_first_cell():
    result = _check("Customer name;Customer ID\nAcme;C1;extra\nBeta;C2\n")
    found = _finding(result, "ragged_row")
    book = _open(error_report(result))
    cell = book["Data"].cell(row=int(found["row"]), column=1)
    assert cell.fill.fgColor.rgb == RED
    assert found["message"] in cell.comment.text


def test_duplicate_header_marks_both_columns():
    result = _check("Customer name;Customer ID;Customer ID\nAcme;C1;C1\n")
    found = _finding(result, "duplicate_header")
    data = _open(error_report(result))["Data"]
    for coordinate in ("B1", "C1"):
        assert data[coordinate].fill.fgColor.rgb == RED
        assert found["message"] in data[coordinate].comment.text


def test_several_findings_on_one_cell_share_a_comment_worst_fill_first(result):
    extra = findings_frame([finding("customer_conflict", row=2, column="Account manager",
                                    detail="'000123'", position=2)])
    both = replace(result, findings=pd.concat([extra, result.findings], ignore_index=True))
    cell = _open(error_report(both))["Data"]["C2"]
    assert cell.fill.fgColor.rgb == RED
    text = cell.comment.text
    assert text.index(_finding(result, "email_uppercase")["message"]) < text.index(
        extra.iloc[0]["message"])


def test_information_gets_a_comment_and_no_fill(result):
    info = pd.DataFrame({"row": pd.array([2], dtype="Int64"), "column": ["Customer name"],
                         "value": ["Acme"], "rule": ["note"], "severity": ["info"],
                         "message": ["Just so you know."], "fix": [None],
                         "position": pd.array([0], dtype="Int64")})
    book = _open(error_report(replace(result, findings=info)))
    data = book["Data"]
    assert data["A2"].fill.fill_type is None
    assert "Just so you know." in data["A2"].comment.text
    assert _comments(data) == {"A2": data["A2"].comment.text}
    rows = list(book["Summary"].iter_rows(values_only=True))
    assert ("note", None, "info", 1, None, None, None) in rows


def test_file_level_findings_and_an_empty_table():
    result = _check("Customer name;Customer ID\n")
    assert list(result.findings["rule"]) == ["file_empty"]
    book = _open(error_report(result))
    assert [cell.value for cell in book["Data"][1]] == ["Customer name", "Customer ID"]
    assert book["Data"].max_row == 1
    assert list(book["Findings"].iter_rows(min_row=2, values_only=True))[0][3] == "file_empty"
    codes = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert "file_empty" in codes


def test_no_headers_at_all():
    result = check_table(read_table(b"", "empty.csv"), DEFS)
    book = _open(error_report(result))
    assert book.sheetnames == ["Data", "Findings", "Summary", "Import preview"]


def test_more_rows_than_excel_holds_keeps_rows_with_findings(monkeypatch, result):
    monkeypatch.setattr(limits, "MAX_ROWS", 4)  # header + 3 data rows
    book = _open(error_report(result))
    data = book["Data"]
    assert data["A1"].value == "Row in file"
    assert data.freeze_panes == "B2"
    rows = list(data.iter_rows(min_row=2, values_only=True))
    flagged = sorted({int(r) for r in result.findings["row"].dropna()})
    assert [row[0] for row in rows] == flagged[:3]
    assert rows[0][1:] == ("Acme", "000123", "Camille.Martin@northwind.example",
                           '=HYPERLINK("x")', "blue")
    assert data["D2"].fill.fgColor.rgb == RED  # Account manager of file row 2, shifted
    notes = [row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Note"]
    assert any("only the" in note and "rows" in note for note in notes)
    assert any("Findings sheet lists the first 3" in note for note in notes)
    assert book["Findings"].max_row == 4


def test_more_columns_than_excel_holds(monkeypatch, result):
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    book = _open(error_report(result))
    assert [cell.value for cell in book["Data"][1]] == list(result.table.headers[:3])
    notes = [row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Note"]
    assert any("first 3" in note for note in notes)
    assert book["Findings"].max_row == len(result.findings) + 1


def test_rows_out_of_order_get_a_row_column(result):
    data = result.table.data.iloc[::-1]
    table = Table(result.table.name, result.table.headers, data)
    book = _open(error_report(replace(result, table=table)))
    sheet = book["Data"]
    assert sheet["A1"].value == "Row in file"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [6, 4, 3, 2]
    assert sheet["D5"].fill.fgColor.rgb == RED  # file row 2 is the last sheet row


def test_row_labels_that_are_not_numbers(result):
    data = result.table.data.copy()
    data.index = ["a", "=b", "c", "d"]
    table = replace(result.table, data=data)
    findings = result.findings.assign(row=pd.array([None] * len(result.findings),
                                                   dtype="Int64"))
    sheet = _open(error_report(replace(result, table=table, findings=findings)))["Data"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "a", "=b", "c", "d"]
    assert sheet["A3"].data_type == "s"


def test_nothing_is_written_to_disk(monkeypatch, result):
    import openpyxl.worksheet._writer as writer

    def refuse(*args, **kwargs):
        raise AssertionError("a temporary file was created")

    monkeypatch.setattr(writer, "create_temporary_file", refuse)
    monkeypatch.setattr(writer, "NamedTemporaryFile", refuse)
    changes = pd.DataFrame(columns=["row", "column", "before", "after", "rule"])
    assert _open(error_report(result, changes)).sheetnames[-1] == "Changes"


def test_a_data_sheet_over_2_gib_gets_a_zip64_entry(monkeypatch, result):
    assert not limits.is_huge(result.table.data)
    monkeypatch.setattr(limits, "is_huge", lambda data: True)
    book = _open(error_report(result))
    assert book["Data"]["B2"].value == "000123"


def test_a_workbook_sheet_is_named_in_the_summary():
    rows = [["Customer name", "Customer ID"], ["Acme", "000123"], ["", "000124"]]
    result = check_table(read_table(xlsx_bytes({"Customers": rows}), "x.xlsx"), DEFS)
    book = _open(error_report(result))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Sheet"] == "Customers"
    assert book["Data"]["A3"].fill.fgColor.rgb == RED  # required_missing on row 3


_CELL_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["=1+1", "=HYPERLINK(\"x\")", "#N/A", "#REF!", "000123", "1E5", "TRUE",
                     "  x  ", "-1", "+33 1", "@sum", "2025-12-31", "\x00", "\ufffe"]),
)


def _as_excel_reads_it(text: str) -> str | None:
    cleaned = re.sub(cleaning.ILLEGAL, REPLACEMENT, text)
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")  # XML line ends
    return cleaned or None


@given(st.lists(st.lists(_CELL_TEXT, min_size=2, max_size=2), min_size=1, max_size=4),
       st.lists(_CELL_TEXT, min_size=2, max_size=2))
def test_any_text_is_shown_as_text(rows, headers):
    """Whatever the cells hold: no crash, no formula, every cell the same text."""
    data = pd.DataFrame({j: pd.Series([row[j] for row in rows], dtype="str")
                         for j in range(2)})
    data.index = pd.RangeIndex(2, 2 + len(rows))
    table = Table("p.csv", tuple(headers), data, separator=";")
    result = check_table(table, DEFS)
    book = _open(error_report(result))
    sheet = book["Data"]
    assert [c.value for c in sheet[1]] == [_as_excel_reads_it(h) for h in headers]
    for number, row in enumerate(rows, 2):
        assert [c.value for c in sheet[number]] == [_as_excel_reads_it(v) for v in row]
    for ws in book.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                assert cell.data_type in ("s", "n"), (ws.title, cell.coordinate, cell.value)
                assert cell.data_type == "s" or not isinstance(cell.value, str)


def test_the_report_is_an_xlsx_file(result):
    data = error_report(result)
    assert isinstance(data, bytes)
    assert data[:2] == b"PK"
