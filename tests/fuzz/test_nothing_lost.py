"""Nothing lost: check → fix with no fix chosen → export gives back every cell of the
input exactly, the header row included.

This is the promise behind "every cell is text" (DESIGN.md): a person who only wants
a file checked and re-saved must get their own data back, whatever it holds — the
separator, quotes, line breaks inside quoted cells, spaces at either end, a leading
"=", text beyond ASCII — with every separator and line ending on the way in and out.

What does not come back, by the reader's rules (checks/read/csv_reader.py):

* an *empty row* — every cell empty (a blank line, `;;;`, `"";""`) — is not a data
  row: the reader skips it, keeping the numbers of the rows after it, so the export
  has no line for it. The expectation drops such rows from the input, and checks
  that the rows kept have the numbers a spreadsheet shows;
* U+FEFF as the very first character of a file is a byte-order mark, not text:
  every reader drops it. A first header starting with U+FEFF is generated only where
  a file can hold it, after a BOM (UTF-8 with BOM, UTF-16) or inside quotes; the
  export writes a BOM before such a header for that reason;
* NUL makes a file binary, hence unreadable by rule (RULES.md): it is not generated.

The separator is given to the reader, as a person does with the separator choice
when detection cannot tell (a one-column file whose cells hold commas): detection is
a guess, and this property is about what happens once the file is read.

For a workbook, "the input" is the text a person sees in each cell (see
`_seen`): a carriage return inside a cell comes back as a line feed, because XML
itself turns every line end into one.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import assume, example, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from checks.check.cells.base import CheckOptions, DateOrder
from checks.check.validate import check_table
from checks.cli.main import main
from checks.export.csv import BOM, ExportOptions, export_csv
from checks.fix.fixes import FIXES, apply_fixes
from checks.model.table import Table
from checks.read import read_table
from tests.fuzz.budget import examples
from tests.helpers import DEFS
from tests.strategies import (
    EXACT_ENCODINGS,
    LINE_END,
    SEPARATOR,
    cell_texts,
    csv_text,
    headers,
)

Records = list[list[str]]


def _header_rows(width: int) -> st.SearchStrategy[list[str]]:
    """A header row (Upflow's names, disguised or not, and anything else) that is not
    an empty row."""
    return st.lists(headers(), min_size=width, max_size=width).filter(any)


def _starts_with_bom_character(head: list[str]) -> bool:
    return head[0].startswith("\ufeff")


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], Records]:
    width = draw(st.integers(1, 6))
    rows = draw(st.lists(st.lists(cell_texts(), min_size=width, max_size=width),
                         max_size=12))
    return draw(_header_rows(width)), rows


def _kept(rows: Records) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, row) of the rows that are not empty rows."""
    return [(number, row) for number, row in enumerate(rows, start=2) if any(row)]


def _export_and_read_back(table: Table, options: ExportOptions) -> tuple[bytes, Records]:
    """Check, fix nothing, export; the export's records as Python's csv reads them."""
    result = check_table(table, DEFS, CheckOptions(DateOrder.DAY_FIRST))
    outcome = apply_fixes(result, [])
    assert outcome.changes.empty
    assert outcome.table.data.equals(table.data)
    data = export_csv(outcome.table, outcome.result.mapping, options)
    assert data.startswith(BOM) == (options.bom or _starts_with_bom_character(
        list(table.headers)))
    separator = options.separator or table.separator or ","
    text = data.decode("utf-8-sig")  # one BOM, if any, is not text
    return data, list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def _assert_same_in_engine(data: bytes, separator: str, expected: Records) -> None:
    """The export read by Preflight itself: the same cells, rows numbered afresh."""
    back = read_table(data, "export.csv", separator=separator)
    assert list(back.headers) == expected[0]
    assert back.data.values.tolist() == expected[1:]
    assert list(back.data.index) == list(range(2, len(expected) + 1))
    assert not {"file_unreadable", "ragged_row", "encoding_converted"} & set(
        back.findings["rule"])


EXPORT_OPTIONS = st.builds(ExportOptions, separator=st.one_of(st.none(), SEPARATOR),
                           bom=st.booleans(), line_ending=LINE_END,
                           canonical_headers=st.just(False))


# ── CSV ─────────────────────────────────────────────────────────────────────────────

@examples(under_ci=100)
@given(table=tables(), sep=SEPARATOR, line_end=LINE_END, quote_all=st.booleans(),
       final_line_end=st.booleans(), encoding=st.sampled_from(EXACT_ENCODINGS),
       options=EXPORT_OPTIONS)
@example(table=(["Customer name", "Notes"], [["=SUM(A1:A2)", ' "quoted"; \r\nline '],
                                            ["", ""], [" Acme ", "日本\r"]]),
         sep=";", line_end="\n", quote_all=False, final_line_end=False, encoding="utf-8",
         options=ExportOptions(separator="|", bom=True, line_ending="\n",
                               canonical_headers=False))
def test_a_csv_file_comes_back_cell_for_cell(table: tuple[list[str], Records], sep: str,
                                             line_end: str, quote_all: bool,
                                             final_line_end: bool, encoding: str,
                                             options: ExportOptions) -> None:
    head, rows = table
    assume(not (_starts_with_bom_character(head) and encoding == "utf-8" and not quote_all))
    text = csv_text([head, *rows], sep, line_end, quote_all=quote_all,
                    final_line_end=final_line_end)
    read = read_table(text.encode(encoding), "customers.csv", separator=sep)
    kept = _kept(rows)
    assert list(read.data.index) == [number for number, _ in kept]

    data, back = _export_and_read_back(read, options)
    expected = [head, *(row for _, row in kept)]
    assert back == expected
    _assert_same_in_engine(data, options.separator or sep, expected)


@examples(under_ci=60)
@given(head=headers().filter(lambda header: header.strip(" \t") != "" and not any(
           sep in header for sep in (";", ",", "|", "\t", '"', "\r", "\n", "\ufeff"))),
       values=st.lists(cell_texts(), max_size=12), sep=SEPARATOR, line_end=LINE_END)
@example(head="Customer name", values=[";"], sep=",", line_end="\r\n")
def test_a_one_column_file_keeps_its_values_whole_with_detection(
        head: str, values: list[str], sep: str, line_end: str) -> None:
    """A file of one column has no separator to detect: whichever is chosen must not
    split a value (README: the separator that occurs least) or drop one that only it
    makes empty. Its header holds no separator, or it would rightly be two columns."""
    text = csv_text([[head], *([value] for value in values)], sep, line_end)
    read = read_table(text.encode("utf-8"), "names.csv")
    kept = _kept([[value] for value in values])
    assert read.headers == (head,)
    assert read.data.values.tolist() == [row for _, row in kept]
    assert list(read.data.index) == [number for number, _ in kept]


# ── XLSX ────────────────────────────────────────────────────────────────────────────

def _workbook(records: Records) -> bytes:
    """The records as text cells: a value starting with "=" too (as a person typing
    '=1+1 gets), and without the characters openpyxl refuses to write."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row_number, record in enumerate(records, start=1):
        for column_number, value in enumerate(record, start=1):
            if value:
                cell = sheet.cell(row_number, column_number, value)
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _seen(value: str) -> str:
    """The text a person sees in a cell written with this value (XML line ends)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _as_sheet_shows(records: Records) -> Records:
    """The table a sheet shows: empty rows left out, every row as wide as the widest
    row's last non-empty cell."""
    kept = [row for row in records if any(row)]
    width = max((position + 1 for row in kept for position, value in enumerate(row) if value),
                default=0)
    return [(row + [""] * width)[:width] for row in kept]


_XLSX_CELLS = cell_texts().map(lambda value: ILLEGAL_CHARACTERS_RE.sub("", value))


@st.composite
def sheets(draw: st.DrawFn) -> Records:
    width = draw(st.integers(1, 6))
    head = draw(st.lists(_XLSX_CELLS, min_size=width, max_size=width).filter(any))
    rows = draw(st.lists(st.lists(_XLSX_CELLS, min_size=width, max_size=width),
                         max_size=10))
    return [head, *rows]


@examples(under_ci=50)
@given(records=sheets(), options=EXPORT_OPTIONS)
@example(records=[["\ufeff", "", "", ""]], options=ExportOptions(canonical_headers=False))
@example(records=[["Customer name", " Notes "], ["=1+1", "  two\r\nlines  "], ["", ""],
                  ["'quoted", 'a;b,c|"d"']],
         options=ExportOptions(separator=";", canonical_headers=False))
def test_a_workbook_comes_back_as_a_person_sees_it(records: Records,
                                                   options: ExportOptions) -> None:
    read = read_table(_workbook(records), "customers.xlsx")
    expected = _as_sheet_shows([[_seen(value) for value in row] for row in records])
    assert [list(read.headers), *read.data.values.tolist()] == expected

    data, back = _export_and_read_back(read, options)
    assert back == expected
    _assert_same_in_engine(data, options.separator or ",", expected)


# ── the command line ────────────────────────────────────────────────────────────────

_NO_FIX = [f"--skip={fix.name}" for fix in FIXES]


@examples(under_ci=40)
@given(table=tables(), sep=SEPARATOR, line_end=LINE_END,
       out_sep=st.one_of(st.none(), SEPARATOR), out_lf=st.booleans(), bom=st.booleans())
def test_preflight_fix_with_every_fix_skipped_writes_the_input_back(
        table: tuple[list[str], Records], sep: str, line_end: str, out_sep: str | None,
        out_lf: bool, bom: bool) -> None:
    """The same through `preflight fix --keep-headers --skip …` (every fix skipped):
    the file read from disk, the CSV written to disk as it is produced."""
    head, rows = table
    assume(not _starts_with_bom_character(head))  # written as UTF-8 without a BOM
    flags = [*_NO_FIX, "--keep-headers", f"--input-sep={sep}"]
    flags += [f"--sep={out_sep}"] if out_sep else []
    flags += ["--line-ending=lf"] if out_lf else []
    flags += ["--bom"] if bom else []
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        source.write_bytes(csv_text([head, *rows], sep, line_end).encode("utf-8"))
        stdout, stderr = io.StringIO(), io.StringIO()
        status = main(["fix", str(source), "--out", str(target), *flags], stdout, stderr)
        data = target.read_bytes()
    assert status in (0, 1) and stderr.getvalue() == ""
    assert "fixed 0 cells" in stdout.getvalue()
    text = data.decode("utf-8-sig" if bom else "utf-8")
    assert data.startswith(BOM) == bom
    assert text.endswith("\n" if out_lf else "\r\n")
    assert not (out_lf and text.endswith("\r\n"))
    back = list(csv.reader(io.StringIO(text, newline=""), delimiter=out_sep or sep))
    assert back == [head, *(row for _, row in _kept(rows))]

