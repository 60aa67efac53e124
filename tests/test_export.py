"""The CSV export: quoting only where needed, options, canonical headers, the split of
rejected lines, and the round trip through the reader (the key property)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import checks.export.csv as export
from checks import check_table, demo_definitions, read_table
from checks.export.csv import BOM, ExportOptions, export_csv, split_by_errors
from checks.map.headers import map_headers
from checks.model.errors import UsageError
from checks.model.findings import error_rows
from checks.model.table import Table
from checks.read.common import TEXT_DTYPE, arrow_frame
from tests.read.files import xlsx_bytes

DEFS = demo_definitions()
SEPARATORS = [";", ",", "|"]


def _table(headers: list[str], rows: list[list[str]], separator: str | None = ";",
           name: str = "x.csv") -> Table:
    """A table shaped like the reader's: "str" columns 0..n-1, rows numbered from 2."""
    data = pd.DataFrame({position: pd.Series([row[position] for row in rows], dtype="str")
                         for position in range(len(headers))})
    data.index = pd.RangeIndex(2, 2 + len(rows))
    return Table(name=name, headers=tuple(headers), data=data, separator=separator)


def _lines(data: bytes, line_ending: str = "\r\n") -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith(line_ending)
    return text[: -len(line_ending)].split(line_ending)


def _reference(headers: list[str], rows: list[list[str]], sep: str, line_ending: str) -> str:
    """The export's rule written the obvious way, value by value: the oracle."""
    def quoted(value: str) -> str:
        if any(special in value for special in (sep, '"', "\r", "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(sep.join(quoted(value) for value in record) + line_ending
                   for record in [headers, *rows])


# ── quoting ────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("sep", SEPARATORS)
def test_only_values_holding_the_separator_are_quoted(sep: str) -> None:
    table = _table(["a", "b", "c", "d"], [["x;y", "x,y", "x|y", "plain"]])
    line = _lines(export_csv(table, options=ExportOptions(separator=sep)))[1]
    expected = [f'"x{s}y"' if s == sep else f"x{s}y" for s in SEPARATORS] + ["plain"]
    assert line == sep.join(expected)


def test_quotes_are_doubled_inside_quoted_values() -> None:
    table = _table(["a", "b", "c"], [['say "hi"', '"', 'x""y']])
    assert _lines(export_csv(table))[1] == '"say ""hi""";"""";"x""""y"'


@pytest.mark.parametrize("value", ["two\nlines", "two\r\nlines", "lone\rcarriage return"])
def test_line_breaks_are_quoted_and_kept(value: str) -> None:
    table = _table(["a", "b"], [[value, "z"]])
    assert export_csv(table, options=ExportOptions(line_ending="\n")) == (
        f'a;b\n"{value}";z\n'.encode())


def test_empty_values_spaces_and_formulas_are_written_as_they_are() -> None:
    table = _table(["a", "b", "c", "d"], [["", " padded ", "=SUM(A1:A2)", "é–ß🚩"]])
    assert export_csv(table) == "a;b;c;d\r\n; padded ;=SUM(A1:A2);é–ß🚩\r\n".encode()


def test_headers_are_quoted_by_the_same_rule() -> None:
    table = _table(["Name; legal", 'The "ID"', "Town"], [["a", "b", "c"]])
    assert _lines(export_csv(table))[0] == '"Name; legal";"The ""ID""";Town'


# ── options ────────────────────────────────────────────────────────────────────────

def test_bom_on_and_off() -> None:
    table = _table(["a"], [["é"]])
    assert export_csv(table, options=ExportOptions(bom=True)) == BOM + "a\r\né\r\n".encode()
    assert export_csv(table, options=ExportOptions(bom=False)) == "a\r\né\r\n".encode()
    assert BOM == b"\xef\xbb\xbf"


@pytest.mark.parametrize("bom", [False, True])
def test_a_first_header_starting_with_u_feff_gets_a_bom_to_stay_text(bom: bool) -> None:
    """Found by tests/fuzz: the header's U+FEFF is the BOM's bytes, so without a BOM in
    front of it every reader dropped it."""
    data = export_csv(_table(["\ufeffName", "b"], [["1", "2"]]),
                      options=ExportOptions(bom=bom))
    assert data == BOM + "\ufeffName;b\r\n1;2\r\n".encode()
    assert read_table(data, "x.csv").headers == ("\ufeffName", "b")


@pytest.mark.parametrize("line_ending", ["\r\n", "\n"])
def test_every_line_ends_with_the_line_ending(line_ending: str) -> None:
    table = _table(["a", "b"], [["1", "2"], ["3", "4"]])
    data = export_csv(table, options=ExportOptions(line_ending=line_ending))
    assert data == line_ending.join(["a;b", "1;2", "3;4", ""]).encode()
    if line_ending == "\n":
        assert b"\r" not in data


def test_separator_defaults_to_the_tables_own() -> None:
    table = _table(["a", "b"], [["1", "2"]], separator="|")
    assert export_csv(table) == b"a|b\r\n1|2\r\n"
    assert export_csv(table, options=ExportOptions(separator=";")) == b"a;b\r\n1;2\r\n"


def test_a_workbook_table_is_written_with_commas() -> None:
    table = read_table(xlsx_bytes({"Customers": [["Customer name", "Town"],
                                                 ["Acme, Inc.", "Paris"]]}), "c.xlsx")
    assert table.separator is None
    assert export_csv(table) == b'Customer name,Town\r\n"Acme, Inc.",Paris\r\n'


@pytest.mark.parametrize("options", [ExportOptions(separator="\t"), ExportOptions(separator=";;"),
                                     ExportOptions(line_ending="\r"),
                                     ExportOptions(line_ending="crlf")])
def test_bad_options_raise_a_usage_error(options: ExportOptions) -> None:
    with pytest.raises(UsageError) as raised:
        export_csv(_table(["a"], [["1"]]), options=options)
    assert "must be" in raised.value.message


def test_an_empty_table_is_its_header_line() -> None:
    assert export_csv(_table(["a", "b"], [])) == b"a;b\r\n"
    empty = Table(name="x.csv", headers=(), data=pd.DataFrame(), separator=";")
    assert export_csv(empty) == b""
    assert export_csv(empty, options=ExportOptions(bom=True)) == BOM


def test_a_missing_value_is_written_as_an_empty_cell() -> None:
    table = _table(["a", "b"], [["1", "2"]])
    table.data.loc[2, 0] = None
    assert export_csv(table) == b"a;b\r\n;2\r\n"


# ── headers ────────────────────────────────────────────────────────────────────────

def test_canonical_headers_for_mapped_columns_and_original_for_the_others() -> None:
    headers = ["customer name", "Customer ID", "Favourite colour"]
    table = _table(headers, [["Acme", "C-1", "blue"]])
    mapping = map_headers(headers, DEFS)
    canonical = _lines(export_csv(table, mapping))[0]
    assert canonical == "Customer name;Customer ID;Favourite colour"
    kept = _lines(export_csv(table, mapping, ExportOptions(canonical_headers=False)))[0]
    assert kept == "customer name;Customer ID;Favourite colour"
    assert _lines(export_csv(table))[0] == kept  # no mapping: as written


def test_ignored_and_duplicate_columns_keep_their_headers() -> None:
    headers = ["customer name", "Customer Name ", "Town"]
    mapping = map_headers(headers, DEFS, overrides={2: ""})
    table = _table(headers, [["Acme", "Acme", "Paris"]])
    assert _lines(export_csv(table, mapping))[0] == "Customer name;Customer Name ;Town"


def test_a_mapping_of_other_headers_is_refused() -> None:
    mapping = map_headers(["customer name", "Town"], DEFS)
    with pytest.raises(UsageError):
        export_csv(_table(["Town", "customer name"], [["Paris", "Acme"]]), mapping)


# ── rejected lines ─────────────────────────────────────────────────────────────────

_CHECKED = ("Customer ID;Country;Credit limit;Contract end;Favourite colour\r\n"
            "C-1;France;1000;2026-01-31;blue\r\n"
            "C-2;France;abc;2026-01-31;red\r\n"      # row 3: not a number (error)
            "C-3;France;12;2026-13-45;green\r\n"     # row 4: not a date (error)
            "C-4;Germany;5;2026-02-01;\r\n"
            ";;;;\r\n"                               # row 6: empty, skipped
            "C-1;Italy;7;2026-02-01;x\r\n")          # row 7: a warning only


def test_split_by_errors_rejects_the_lines_with_an_error_finding() -> None:
    result = check_table(read_table(_CHECKED.encode(), "c.csv"), DEFS)
    findings = result.findings
    assert set(findings.loc[findings["row"].isna(), "severity"]) == {"error", "warning"}
    assert list(error_rows(findings)) == [3, 4]
    accepted, rejected = split_by_errors(result.table, findings)
    assert list(accepted.data.index) == [2, 5, 7]
    assert list(rejected.data.index) == [3, 4]
    assert accepted.headers == rejected.headers == result.table.headers
    assert rejected.data.values.tolist() == [["C-2", "France", "abc", "2026-01-31", "red"],
                                            ["C-3", "France", "12", "2026-13-45", "green"]]
    assert export_csv(rejected, result.mapping, ExportOptions(line_ending="\n")) == (
        b"Customer ID;Country;Credit limit;Contract end;Favourite colour\n"
        b"C-2;France;abc;2026-01-31;red\nC-3;France;12;2026-13-45;green\n")


def test_split_without_errors_keeps_everything() -> None:
    table = read_table(b"Customer name;Customer ID\nAcme;C-1\n", "c.csv")
    accepted, rejected = split_by_errors(table, check_table(table, DEFS).findings)
    assert accepted.data.equals(table.data)
    assert rejected.rows == 0 and rejected.headers == table.headers


def test_read_findings_follow_their_rows() -> None:
    table = read_table(b"a;b\n1;2\n3\n", "c.csv")  # row 3 is ragged
    findings = pd.DataFrame({"row": pd.array([3], dtype="Int64"), "severity": ["error"]})
    accepted, rejected = split_by_errors(table, findings)
    assert list(accepted.findings["rule"]) == []
    assert list(rejected.findings["rule"]) == ["ragged_row"]


# ── chunks ─────────────────────────────────────────────────────────────────────────

def test_chunks_and_threads_write_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are written in chunks, several at once; Arrow chunks of the columns that
    straddle the row chunks must not reorder or lose anything."""
    rows = [[f"r{i};x", f'"{i}"', "é" * (i % 3)] for i in range(11)]
    parts = [pa.array([row[position] for row in rows[start:stop]], pa.large_string())
             for position in range(3) for start, stop in ((0, 4), (4, 5), (5, 11))]
    frame = arrow_frame(pa.table({f"c{p}": pa.chunked_array(parts[3 * p: 3 * p + 3])
                                  for p in range(3)}), 3, range(2, 13))
    assert frame[0].dtype == TEXT_DTYPE
    table = Table(name="x.csv", headers=("a", "b", "c"), data=frame, separator=";")
    monkeypatch.setattr(export, "_CHUNK_ROWS", 3)
    assert export_csv(table).decode() == _reference(["a", "b", "c"], rows, ";", "\r\n")
    for options in (ExportOptions(), ExportOptions(separator=",", bom=True, line_ending="\n")):
        written = io.BytesIO()
        export.write_csv(table, written, options=options)  # the CLI's streaming writer
        assert written.getvalue() == export_csv(table, options=options)


# ── the round trip (the key property) ──────────────────────────────────────────────
#
# Cells are any text except two characters the *reader* treats as structure by rule,
# not as text (see tests/read/test_properties.py): NUL makes a file binary, hence
# unreadable (RULES.md), and U+FEFF at the very start of a file is a byte order mark.
# A lone "\r" IS generated: the export quotes it, and both reading paths (pyarrow and
# csv) keep a carriage return inside quotes as text. Every row has at least one
# non-empty cell: a row of empty cells reads back as a blank line (skipped).

_CHARS = st.characters(codec="utf-8", exclude_characters="\x00\ufeff")
_PIECES = st.one_of(st.text(_CHARS, max_size=5),
                    st.sampled_from([";", ",", "|", '"', '""', "\n", "\r\n", "\r", " ", "  ",
                                     "é", "–", "ß", "🚩", "=", "=SUM(A1:A2)", "\u00a0"]))
_CELLS = st.lists(_PIECES, max_size=4).map("".join)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(1, 6))
    headers = draw(st.lists(_CELLS.filter(bool), min_size=width, max_size=width, unique=True))
    row = st.lists(_CELLS, min_size=width, max_size=width).filter(any)
    return headers, draw(st.lists(row, min_size=1, max_size=20))


@pytest.mark.parametrize("line_ending", ["\r\n", "\n"])
@pytest.mark.parametrize("sep", SEPARATORS)
@given(drawn=_tables(), bom=st.booleans())
def test_export_reads_back_cell_for_cell(sep: str, line_ending: str,
                                         drawn: tuple[list[str], list[list[str]]],
                                         bom: bool) -> None:
    headers, rows = drawn
    options = ExportOptions(separator=sep, line_ending=line_ending, bom=bom,
                            canonical_headers=False)
    data = export_csv(_table(headers, rows, separator=None), options=options)

    text = data.decode("utf-8-sig" if bom else "utf-8")
    assert data.startswith(BOM) == bom
    assert text == _reference(headers, rows, sep, line_ending)
    assert list(csv.reader(io.StringIO(text, newline=""), delimiter=sep)) == [headers, *rows]

    back = read_table(data, "x.csv", separator=sep)
    assert back.headers == tuple(headers)
    assert back.data.values.tolist() == rows
    assert list(back.data.index) == list(range(2, 2 + len(rows)))
    assert not {"file_unreadable", "ragged_row"} & set(back.findings["rule"])


# ── leaving columns out ─────────────────────────────────────────────────────────────

@given(st.sets(st.integers(0, 3)))
def test_a_left_out_column_is_missing_and_the_others_keep_their_order(left_out: set[int]) -> None:
    headers = ["Customer ID", "Customer name", "Notes", "Customer name"]
    rows = [["C1", "Acme", "call back", "Acme SA"], ["C2", "Globex", "", "Globex"]]
    table = _table(headers, rows)
    written = export_csv(table, options=ExportOptions(leave_out=frozenset(left_out)))
    kept = [position for position in range(4) if position not in left_out]
    expected = _reference([headers[p] for p in kept], [[row[p] for p in kept] for row in rows],
                          ";", "\r\n") if kept else ""
    assert written.decode("utf-8") == expected
