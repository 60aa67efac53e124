"""Reading CSV files: separators, quoting, row numbers, file-level findings."""

from __future__ import annotations

import pandas as pd
import pytest

from checks.model.errors import UsageError
from checks.model.table import Table
from checks.read import read_table
from tests.read.files import csv_bytes


def cells(table: Table) -> list[list[str]]:
    return table.data.values.tolist()


def rules(table: Table) -> list[str]:
    return list(table.findings["rule"])


def assert_text_frame(table: Table) -> None:
    """The Table contract: positions as labels, "str" cells, never NaN."""
    assert list(table.data.columns) == list(range(len(table.headers)))
    assert all(table.data[position].dtype == "str" for position in table.data.columns)
    assert not table.data.isna().any().any()


# ── separators ─────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("sep", [";", ",", "|"])
def test_each_separator_is_detected(sep: str) -> None:
    data = csv_bytes([["Customer name", "Customer ID"], ["Acme", "C-001"], ["Beta", "C-002"]],
                     sep)
    table = read_table(data, "customers.csv")
    assert table.separator == sep
    assert table.headers == ("Customer name", "Customer ID")
    assert cells(table) == [["Acme", "C-001"], ["Beta", "C-002"]]
    assert table.data.index.tolist() == [2, 3]
    assert table.encoding == "utf-8"
    assert table.findings.empty
    assert_text_frame(table)


def test_detection_ignores_separators_inside_quotes() -> None:
    data = b'"Name;first";Town,region\n"Acme;Inc";"Paris, France"\n'
    table = read_table(data, "x.csv")
    assert table.separator == ";"
    assert table.headers == ("Name;first", "Town,region")
    assert cells(table) == [["Acme;Inc", "Paris, France"]]


def test_detection_prefers_the_separator_consistent_with_the_data() -> None:
    # Both split the header in two, but only ";" splits every line the same way.
    data = b"a,x;b\n1;2\n3;4\n5,6;7\n"
    assert read_table(data, "x.csv").separator == ";"


def test_commas_inside_values_of_a_semicolon_file() -> None:
    data = b"Name;Address\nAcme;1, rue de la Paix, Paris\n"
    table = read_table(data, "x.csv")
    assert table.separator == ";"
    assert cells(table) == [["Acme", "1, rue de la Paix, Paris"]]


def test_separator_override() -> None:
    data = b"a;b,c\n1;2,3\n"
    table = read_table(data, "x.csv", separator=",")
    assert table.separator == ","
    assert table.headers == ("a;b", "c")
    assert cells(table) == [["1;2", "3"]]


def test_unknown_separator_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"must be one of ; , \| or tab, not ':'"):
        read_table(b"a:b\n1:2\n", "x.csv", separator=":")


def test_single_column_file() -> None:
    table = read_table(b"Email\na@b.co\nc@d.co\n", "x.csv")
    assert table.headers == ("Email",)
    assert cells(table) == [["a@b.co"], ["c@d.co"]]
    assert table.findings.empty
    assert table.separator in (";", ",", "|")


def test_single_column_with_separator_characters_in_values() -> None:
    table = read_table(b"Notes\nhello, world\nyes, no\n", "x.csv")
    assert table.separator != ","
    assert cells(table) == [["hello, world"], ["yes, no"]]
    assert table.findings.empty


def test_single_column_whose_value_is_only_separators() -> None:
    """Found by tests/fuzz: ";" read with ";" is two empty cells, an empty row that
    was skipped, so detection took ";" and the value was lost."""
    table = read_table(b"Notes\r\n;\r\n;;\r\n|\r\n", "x.csv")
    assert table.separator == ","
    assert cells(table) == [[";"], [";;"], ["|"]]


@pytest.mark.parametrize("quote", ["", '"'])  # even and odd quotes: fast and careful path
def test_a_second_bom_is_text_of_the_first_header(quote: str) -> None:
    """Found by tests/fuzz: pyarrow dropped a U+FEFF after the BOM, the careful path
    kept it, so the same header read two ways."""
    table = read_table(b"\xef\xbb\xbf\xef\xbb\xbfName;b\n1;" + quote.encode() + b"2\n", "x.csv")
    assert table.headers == ("\ufeffName", "b")
    assert cells(table) == [["1", "2\n" if quote else "2"]]  # an open quote runs on


# ── quoting and row numbers ────────────────────────────────────────────────────────

def test_quoted_separators_quotes_and_line_breaks() -> None:
    data = (b'Name;Note;Town\n'
            b'"Acme; Inc";"He said ""hi""";Paris\n'
            b'Beta;"line one\r\nline two\nline three";Lyon\n'
            b'Gamma;plain;Nice\n')
    table = read_table(data, "x.csv")
    assert cells(table) == [
        ["Acme; Inc", 'He said "hi"', "Paris"],
        ["Beta", "line one\r\nline two\nline three", "Lyon"],
        ["Gamma", "plain", "Nice"],
    ]
    # A record spanning three lines is one row: Gamma is row 4, not row 6.
    assert table.data.index.tolist() == [2, 3, 4]


def test_blank_lines_keep_the_numbering_of_the_rows_after_them() -> None:
    data = b"a;b\r\n1;2\r\n\r\n\r\n3;4\r\n\r\n5;6\r\n"
    table = read_table(data, "x.csv")
    assert cells(table) == [["1", "2"], ["3", "4"], ["5", "6"]]
    assert table.data.index.tolist() == [2, 5, 7]
    assert table.findings.empty


def test_records_with_only_empty_cells_are_empty_rows() -> None:
    data = b"a;b;c\n1;2;3\n;;\n4;5;6\n;;\n;;\n"
    table = read_table(data, "x.csv")
    assert cells(table) == [["1", "2", "3"], ["4", "5", "6"]]
    assert table.data.index.tolist() == [2, 4]
    assert table.findings.empty


def test_trailing_blank_lines_are_ignored() -> None:
    table = read_table(b"a;b\n1;2\n\n\n\n", "x.csv")
    assert cells(table) == [["1", "2"]]
    assert table.findings.empty


def test_empty_rows_before_the_header_are_counted() -> None:
    table = read_table(b"\n;\na;b\n1;2\n", "x.csv")
    assert table.headers == ("a", "b")
    assert table.data.index.tolist() == [4]


def test_blank_line_inside_a_quoted_value_is_not_a_blank_line() -> None:
    table = read_table(b'a;b\n"x\n\ny";1\n2;3\n', "x.csv")
    assert cells(table) == [["x\n\ny", "1"], ["2", "3"]]
    assert table.data.index.tolist() == [2, 3]


def test_old_mac_line_endings() -> None:
    table = read_table(b"a;b\r1;2\r3;4\r", "x.csv")
    assert cells(table) == [["1", "2"], ["3", "4"]]
    assert table.data.index.tolist() == [2, 3]


def test_headers_are_kept_as_written_and_cells_are_text() -> None:
    data = b" Customer ID ;Amount;Date\n007;1.50;2025-01-02\n"
    table = read_table(data, "x.csv")
    assert table.headers == (" Customer ID ", "Amount", "Date")
    assert cells(table) == [["007", "1.50", "2025-01-02"]]
    assert_text_frame(table)


def test_empty_cells_are_empty_strings() -> None:
    table = read_table(b'a;b;c\n;"";x\n', "x.csv")
    assert cells(table) == [["", "", "x"]]
    assert_text_frame(table)


def test_empty_header_cells_are_kept() -> None:
    table = read_table(b"a;;c\n1;2;3\n", "x.csv")
    assert table.headers == ("a", "", "c")
    assert cells(table) == [["1", "2", "3"]]
    assert table.findings.empty


# ── ragged rows ────────────────────────────────────────────────────────────────────

def test_short_and_long_records_are_ragged_rows() -> None:
    data = b"a;b;c\n1;2;3\n4;5\n6;7;8;9\n10;11;12\n"
    table = read_table(data, "x.csv")
    assert cells(table) == [["1", "2", "3"], ["4", "5", ""], ["6", "7", "8"], ["10", "11", "12"]]
    assert table.data.index.tolist() == [2, 3, 4, 5]
    findings = table.findings
    assert list(findings["rule"]) == ["ragged_row", "ragged_row"]
    assert findings["row"].tolist() == [3, 4]
    assert findings["column"].tolist() == [None, None]
    assert findings["fix"].tolist() == [None, None]
    assert findings["severity"].tolist() == ["error", "error"]
    assert findings["message"].tolist() == [
        "This line has 2 cells but the header has 3.",
        "This line has 4 cells but the header has 3.",
    ]
    assert_text_frame(table)


def test_ragged_row_numbers_count_blank_lines_and_multiline_values() -> None:
    data = b'a;b\n"x\ny";1\n\n1;2;3\n'
    table = read_table(data, "x.csv")
    assert table.findings["row"].tolist() == [4]
    assert table.data.index.tolist() == [2, 4]


def test_unquoted_comma_in_an_address() -> None:
    data = b"Name,Address,Town\nAcme,1 rue X,Paris\nBeta,2, rue Y,Lyon\n"
    table = read_table(data, "x.csv")
    assert table.separator == ","
    assert rules(table) == ["ragged_row"]
    assert table.findings["row"].tolist() == [3]
    assert cells(table)[1] == ["Beta", "2", " rue Y"]


# ── file-level rules ───────────────────────────────────────────────────────────────

def test_duplicate_headers() -> None:
    data = b"Email;Name;Email; Email ;;\n1;2;3;4;5;6\n"
    table = read_table(data, "x.csv")
    assert rules(table) == ["duplicate_header", "duplicate_header"]
    assert table.findings["column"].tolist() == ["Email", " Email "]
    assert table.findings["row"].isna().all()
    assert table.findings["message"].tolist() == [
        "The column 'Email' appears more than once (columns A and C).",
        "The column ' Email ' appears more than once (columns A and D).",
    ]
    # Both columns are kept: the data is by position, so nothing collides.
    assert cells(table) == [["1", "2", "3", "4", "5", "6"]]


@pytest.mark.parametrize("data", [b"", b"\n\n\r\n", b";;\n\n"])
def test_file_without_a_header_is_empty(data: bytes) -> None:
    table = read_table(data, "x.csv")
    assert rules(table) == ["file_empty"]
    assert "no header" in table.findings["message"][0]
    assert table.headers == ()
    assert table.data.shape == (0, 0)


@pytest.mark.parametrize("data", [b"a;b\n", b"a;b", b"a;b\r\n\r\n;\r\n"])
def test_header_without_data_is_empty(data: bytes) -> None:
    table = read_table(data, "x.csv")
    assert rules(table) == ["file_empty"]
    assert "no data lines" in table.findings["message"][0]
    assert table.headers == ("a", "b")
    assert table.data.shape == (0, 2)
    assert_text_frame(table)


def test_findings_are_a_findings_frame() -> None:
    table = read_table(b"a;a\n1\n", "x.csv")
    assert list(table.findings.columns) == ["row", "column", "value", "rule", "severity",
                                            "message", "fix", "position"]
    assert table.findings["row"].dtype == pd.Int64Dtype()
    assert rules(table) == ["duplicate_header", "ragged_row"]


def test_sheet_is_ignored_for_csv() -> None:
    table = read_table(b"a;b\n1;2\n", "x.csv", sheet="Customers")
    assert table.sheet is None and table.sheets == ()
    assert cells(table) == [["1", "2"]]


@pytest.mark.parametrize("sep", [",", ";", "|", "\t"])
def test_an_empty_sheet_saved_as_csv_is_empty(sep: str) -> None:
    """Excel saves an empty but formatted sheet as lines of separators: `;;;` in
    Europe, `,,,` in English (issue 20); both are an empty file, not one column."""
    table = read_table((sep * 6 + "\r\n").encode() * 2000, "empty.csv")
    assert table.findings["rule"].tolist() == ["file_empty"]
    if sep != "\t":  # tabs only are blank space: "the file holds only blank space"
        assert (table.headers, table.rows) == ((), 0)
