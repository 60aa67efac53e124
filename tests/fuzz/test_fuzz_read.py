"""Fuzzing the reader: whatever bytes arrive, `read_table` hands back a well-formed
Table (a bad file is a `file_unreadable` finding, never an exception), and every way
of reading the same file agrees.

tests/read/test_properties.py covers damaged workbooks and well-formed CSV written
by Python; here the input is rougher: any bytes, CSV-ish text with structure in the
wrong places in several encodings, workbooks holding any kind of value, and sheet XML
holding characters XML forbids.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from checks.model.errors import UnreadableFileError
from checks.model.table import Table
from checks.read import read_file, read_table, sheet_names
from checks.read.csv_python import read_careful
from checks.read.csv_reader import read_fast
from checks.read.encoding import head_of
from tests.fuzz.budget import examples
from tests.fuzz.invariants import assert_well_formed
from tests.read.files import Formatted, ods_bytes, xls_bytes, xlsx_bytes
from tests.strategies import (
    ANY_ENCODING,
    INPUT_SEPARATOR,
    cell_texts,
    encoded,
    raw_csv_texts,
    workbook_values,
)

NAMES = st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x.xls", "x", "Données.CSV"])


def assert_same_table(left: Table, right: Table) -> None:
    assert left.headers == right.headers
    pd.testing.assert_frame_equal(left.data, right.data, check_index_type=False)
    assert (left.separator, left.encoding) == (right.separator, right.encoding)
    pd.testing.assert_frame_equal(left.findings, right.findings)


# ── any bytes ───────────────────────────────────────────────────────────────────────

_SPLICED = st.builds(lambda text, encoding, noise, at: (encoded(text, encoding)[:at] + noise
                                                        + encoded(text, encoding)[at:]),
                     raw_csv_texts(), ANY_ENCODING, st.binary(max_size=8),
                     st.integers(0, 400))


@examples(under_ci=150)
@given(data=st.one_of(st.binary(max_size=2000), _SPLICED), name=NAMES,
       separator=st.one_of(st.none(), INPUT_SEPARATOR))
def test_any_bytes_read_into_a_well_formed_table(data: bytes, name: str,
                                                 separator: str | None) -> None:
    assert_well_formed(read_table(data, name, separator=separator))


# ── CSV-ish text ────────────────────────────────────────────────────────────────────

@examples(under_ci=120)
@given(text=raw_csv_texts(), encoding=ANY_ENCODING, separator=st.one_of(st.none(), INPUT_SEPARATOR))
def test_csv_ish_text_reads_the_same_from_memory_and_from_disk(
        text: str, encoding: str, separator: str | None) -> None:
    """`read_file` (pyarrow straight from the disk when it can) and `read_table` (the
    upload's bytes) must give the same table: the CLI uses one, the app the other."""
    data = encoded(text, encoding)
    in_memory = read_table(data, "fuzz.csv", separator=separator)
    assert_well_formed(in_memory)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        from_disk = read_file(path, separator=separator)
    assert_same_table(from_disk, in_memory)


@examples(under_ci=150)
@given(text=raw_csv_texts(), sep=INPUT_SEPARATOR)
@example(text="\ufeff\ufeffa;b\n1;2\n", sep=";")  # pyarrow dropped the second BOM
def test_the_fast_path_reads_what_the_careful_path_reads(text: str, sep: str) -> None:
    """Where pyarrow agrees to read a file (balanced quotes), it must read exactly
    what Python's csv module, the reference, reads. As in `read_csv`, a leading BOM
    is skipped by both: pyarrow starts after it, the careful path gets the text
    decoded without it."""
    text = text.replace("\x00", "")  # NUL: binary, refused before either path runs
    data = text.encode("utf-8")
    bom = 3 if text.startswith("\ufeff") else 0
    text = text.removeprefix("\ufeff")
    fast = read_fast(data, bom, sep, head_of(text))
    if fast is None:
        return
    careful = read_careful(text, sep)
    assert fast.headers == careful.headers
    pd.testing.assert_frame_equal(fast.frame, careful.frame, check_index_type=False)
    assert fast.ragged == careful.ragged


# ── workbooks ───────────────────────────────────────────────────────────────────────

def _workbook(sheets: list[tuple[str, bool, list[list[object]]]]) -> tuple[bytes, list[str]]:
    """The workbook's bytes and its sheet titles as openpyxl saved them (it renames a
    title that clashes with another)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, hidden, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    if not workbook.sheetnames:
        workbook.create_sheet("Empty")
    workbook.worksheets[0].sheet_state = "visible"  # a workbook shows at least one sheet
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), list(workbook.sheetnames)


def _legal(value: object) -> object:
    """openpyxl refuses the characters XML 1.0 forbids in a text cell (they are fuzzed
    in raw sheet XML below instead)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


_SHEET_TITLES = st.text(st.characters(categories=["L", "N", "Zs", "P", "S"],
                                      exclude_characters="\\/?*[]:'", codec="utf-8"),
                        min_size=1, max_size=12)
_ROWS = st.lists(st.lists(workbook_values().map(_legal), max_size=5), max_size=6)
_SHEETS = st.lists(st.tuples(_SHEET_TITLES, st.booleans(), _ROWS), max_size=3,
                   unique_by=lambda sheet: sheet[0].casefold())


@examples(under_ci=60)
@given(sheets=_SHEETS, pick=st.one_of(st.none(), st.integers(0, 3), _SHEET_TITLES))
def test_generated_workbooks_read_into_well_formed_tables(
        sheets: list[tuple[str, bool, list[list[object]]]], pick: int | str | None) -> None:
    """Any values (formulas, dates, floats, text with line breaks…) in any sheets;
    a sheet is picked by name, by a name that may not exist, or not at all."""
    data, titles = _workbook(sheets)
    sheet = (titles[pick] if pick < len(titles) else None) if isinstance(pick, int) else pick
    offered = sheet_names(data)
    assert set(offered) <= set(titles)
    try:
        table = read_table(data, "fuzz.xlsx", sheet=sheet)
    except UnreadableFileError as problem:  # the one documented exception
        assert sheet is not None and sheet not in titles
        assert "does not exist" in problem.message
        return
    assert_well_formed(table)
    assert "file_unreadable" not in set(table.findings["rule"])
    if sheet is None and table.headers:
        assert table.sheet in offered


def _text_cells(rows: list[list[str]]) -> bytes:
    """A workbook whose sheet holds these texts (openpyxl writes them inline)."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append([_legal(value) or None for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _is_formula(value: str) -> bool:
    """openpyxl's rule: a text of two characters or more that starts with "=" is
    written as a formula (without a calculated value, so it reads as "")."""
    return len(value) > 1 and value.startswith("=")


@examples(under_ci=80)
@given(rows=st.lists(st.lists(cell_texts(), min_size=1, max_size=4), min_size=1, max_size=5))
def test_workbook_text_reads_as_written(rows: list[list[str]]) -> None:
    """Text cells come back as the text written, spaces and line breaks included
    (the reader adds and drops nothing), except that the XML inside the file keeps
    no carriage return: openpyxl writes it raw and XML reads a line end as "\\n"."""
    rows = [[_legal(value) for value in row] for row in rows]
    table = read_table(_text_cells(rows), "fuzz.xlsx")
    assert_well_formed(table)
    seen = [["" if _is_formula(value) else value.replace("\r\n", "\n").replace("\r", "\n")
             for value in row] for row in rows]
    kept = [row for row in seen if any(row)]
    if not kept:
        assert table.headers == ()
        return
    width = max(max((i + 1 for i, value in enumerate(row) if value), default=0) for row in kept)
    padded = [(row + [""] * width)[:width] for row in kept]
    assert list(table.headers) == padded[0]
    assert table.data.values.tolist() == padded[1:]


_XML_TEXT = st.lists(st.one_of(st.characters(max_codepoint=0x1F), st.sampled_from(
    ["_x0001_", "_x000D_", "_x005F_x0041_", "&#1;", "&#x1F;", "&#13;", "&amp;", "]]>",
     "\ufffe", "\uffff", "\ud7ff", "é", " ", "<", "&", "a"])), max_size=8).map("".join)


@examples(under_ci=80)
@given(texts=st.lists(_XML_TEXT, min_size=1, max_size=4), raw=st.booleans())
def test_sheet_xml_with_forbidden_characters_never_raises(texts: list[str], raw: bool) -> None:
    """Control characters XML forbids, as raw characters or character references, and
    Excel's own _xHHHH_ escapes: a workbook another program wrote carelessly."""
    data = _text_cells([[f"CELL{i}" for i in range(len(texts))], ["x"] * len(texts)])
    body = {i: (text if raw else escape(text)) for i, text in enumerate(texts)}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                xml = content.decode("utf-8")
                for i, text in body.items():
                    xml = xml.replace(f">CELL{i}<", f">{text}<")
                content = xml.encode("utf-8")
            target.writestr(item, content)
    table = read_table(out.getvalue(), "fuzz.xlsx")
    assert_well_formed(table)


# ── the same sheet as XLSX, XLS and ODS ─────────────────────────────────────────────

_PLAIN_TEXT = st.from_regex(r"[A-Za-zéÀ0-9][A-Za-zé0-9,.'-]{0,6}( [A-Za-zé0-9]{1,5})?",
                            fullmatch=True)
_TYPED = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    # Amounts as spreadsheets hold them (openpyxl writes a float with 16 digits, so a
    # value needing 17 would differ by its writer, not its reader).
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 4)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    _PLAIN_TEXT, _PLAIN_TEXT)
_FORMATTED = st.builds(lambda number, pad: Formatted(number, "0" * pad, f"{number:0{pad}d}"),
                       st.integers(0, 10**8), st.integers(2, 10))


@examples(under_ci=40)
@given(rows=st.lists(st.lists(st.one_of(_TYPED, _FORMATTED), max_size=5), min_size=1,
                     max_size=6),
       junk=st.integers(0, 3))
def test_the_same_sheet_reads_the_same_as_xlsx_xls_and_ods(rows: list[list[object]],
                                                           junk: int) -> None:
    """Whatever typed values a sheet holds (text, whole and decimal numbers, zero-padded
    IDs, dates, booleans), with titles above it or not, the three workbook formats read
    it to the same table: same header row, cells, row numbers and sheet."""
    sheet = [["Export clients 03/12/2026"], *([[]] * junk)] if junk else []
    sheet += [["Customer name", "Customer ID", "Email"], *rows]
    tables = [read_table(write({"Clients": sheet}), f"fuzz.{kind}")
              for kind, write in (("xlsx", xlsx_bytes), ("xls", xls_bytes), ("ods", ods_bytes))]
    for table in tables:
        assert_well_formed(table)
    first = tables[0]
    for other in tables[1:]:
        assert (other.headers, other.header_row, other.sheet) == (
            first.headers, first.header_row, first.sheet)
        pd.testing.assert_frame_equal(other.data, first.data, check_index_type=False)
