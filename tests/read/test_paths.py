"""The CSV reading paths (pyarrow on several threads, on one thread, Python's csv)
must give identical tables: the fast ones are what runs, the careful one is the
reference that is easy to reason about."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import check_table, demo_definitions, read_table
from checks.model.findings import findings_frame
from checks.model.table import Table
from checks.read import read_file
from checks.read.common import NotReadable
from checks.read.csv_arrow import read_arrow
from checks.read.csv_python import read_careful
from checks.read.csv_reader import header_width, read_fast
from checks.read.csv_records import Parsed
from checks.read.encoding import head_of
from tests.read.files import csv_bytes

CLEAN = csv_bytes([
    ["Customer name", "Customer ID", "Notes"],
    ["Acme; Inc", "007", 'He said "hi"'],
    ["Beta", "008", "line one\r\nline two"],
    ["Gamma", "", ""],
])


def assert_same(left: Parsed, right: Parsed) -> None:
    assert left.headers == right.headers
    pd.testing.assert_frame_equal(left.frame, right.frame, check_index_type=True,
                                  check_column_type=True)
    assert left.ragged == right.ragged


def both_arrow_paths(data: bytes, sep: str) -> list[Parsed]:
    width = header_width(head_of(data.decode()), sep)
    assert width is not None
    parsed = [read_arrow(data, 0, sep, width, threads=threads) for threads in (True, False)]
    return [item for item in parsed if item is not None]


def test_fast_and_careful_paths_agree_on_a_clean_file() -> None:
    fast = read_fast(CLEAN, 0, ";", head_of(CLEAN.decode()))
    assert fast is not None, "a clean file must take the fast path"
    assert_same(fast, read_careful(CLEAN.decode(), ";"))
    assert isinstance(fast.frame.index, pd.RangeIndex)
    assert all(fast.frame[position].dtype == "str" for position in fast.frame.columns)


@pytest.mark.parametrize("data", [
    b"a;b\n1;2\n\n\n3;4\n;\n5;6\n\n",           # empty rows: numbers with gaps
    b"\n;\na;b\n1;2\n",                        # empty rows before the header
    b"a;b;c\n1;2\n3;4;5;6\n7;8;9\n",           # ragged, short and long
    b'a;b\n"x\ny";1\n1;2;3\n\n;\n4\n5;6\n',    # ragged after multi-line values and blanks
    b"x\n\"\"\n\ny\n",                           # single column, quoted empty value
])
def test_every_path_agrees_on_awkward_files(data: bytes) -> None:
    careful = read_careful(data.decode(), ";")
    arrow = both_arrow_paths(data, ";")
    assert arrow, "pyarrow on one thread reads these files"
    for parsed in arrow:
        assert_same(parsed, careful)


def test_ragged_file_is_read_by_pyarrow_on_one_thread() -> None:
    data = b"a;b\n1;2;3\n4;5\n"
    assert read_arrow(data, 0, ";", 2, threads=True) is None
    parsed = read_arrow(data, 0, ";", 2, threads=False)
    assert parsed is not None
    assert [finding.row for finding in parsed.ragged] == [2]


# Records of 0..4 fields (0 = a blank line) from text full of the awkward characters.
_FIELD = st.lists(st.sampled_from(["a", "é", " ", ";", ",", "|", "\t", '"', "\n", "\r\n", "",
                                   "x y"]), max_size=4).map("".join)
_RECORDS = st.lists(st.lists(_FIELD, max_size=4), min_size=1, max_size=8)


@given(records=_RECORDS, sep=st.sampled_from([";", ",", "|", "\t"]),
       lineterminator=st.sampled_from(["\n", "\r\n"]))
def test_every_path_agrees_on_generated_files(records: list[list[str]], sep: str,
                                              lineterminator: str) -> None:
    text = csv_bytes(records, sep, lineterminator).decode()
    careful = read_careful(text, sep)
    width = header_width(head_of(text), sep)
    if width is None:
        assert careful.headers == ()
        return
    for threads in (True, False):
        parsed = read_arrow(text.encode(), 0, sep, width, threads=threads)
        if parsed is not None:
            assert_same(parsed, careful)


@given(records=_RECORDS, sep=st.sampled_from([";", ",", "|", "\t"]),
       together=st.integers(min_value=1, max_value=12))
def test_paths_agree_whatever_columns_arrow_is_asked_about_together(
        records: list[list[str]], sep: str, together: int) -> None:
    """The fast path asks Arrow about a few columns at a time (`CELLS_TOGETHER` cells:
    a wide file's columns together, a long file's one by one), each column possibly in
    several chunks (small blocks): whatever the grouping, it reads what the careful
    path reads."""
    text = csv_bytes(records, sep, "\r\n").decode()
    width = header_width(head_of(text), sep)
    if width is None:
        return
    careful = read_careful(text, sep)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("checks.read.common.CELLS_TOGETHER", together)
        patch.setattr("checks.read.csv_arrow._BLOCK_SIZE", 256)
        parsed = read_arrow(text.encode(), 0, sep, width, threads=False)
    if parsed is not None:
        assert_same(parsed, careful)


def test_paths_agree_across_pyarrow_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blank lines, multi-line values and ragged records on block boundaries keep
    their numbers (small blocks make a small file span hundreds of them)."""
    monkeypatch.setattr("checks.read.csv_arrow._BLOCK_SIZE", 512)
    lines = ["ID;Name;Notes"]
    for number in range(2, 3000):
        if number % 97 == 0:
            lines.append("")
        elif number % 89 == 0:
            lines.append(f"{number};ragged")
        elif number % 13 == 0:
            lines.append(f'{number};"Name; {number}";"two\nlines ""quoted"""')
        else:
            lines.append(f"{number};Name {number};é")
    text = "\r\n".join(lines) + "\r\n"
    careful = read_careful(text, ";")
    arrow = both_arrow_paths(text.encode(), ";")
    assert len(arrow) == 1  # ragged records: only the one-thread read places them
    assert_same(arrow[0], careful)
    assert careful.frame.index.tolist() == [int(value) for value in careful.frame[0]]


def test_an_unclosed_quote_goes_to_the_careful_path() -> None:
    """Which refuses the file when the open value swallows the lines after it, and
    keeps it, as Excel does, when it is open on the last line only."""
    data = b'a;b\n1;"2\n3;4\n'
    assert read_fast(data, 0, ";", head_of(data.decode())) is None
    with pytest.raises(NotReadable, match="Row 2 opens a quotation mark"):
        read_careful(data.decode(), ";")
    last = b'a;b\n3;4\n1;"2\r\n'
    assert read_fast(last, 0, ";", head_of(last.decode())) is None
    assert read_careful(last.decode(), ";").frame.values.tolist() == [["3", "4"],
                                                                        ["1", "2\r\n"]]


# ── the same findings whichever path read the file ──────────────────────────────────

def _messy_customer_file(sep: str = ";") -> bytes:
    """A customer file with problems for most rules, and the malformations pyarrow
    takes on one thread (ragged records, blank and empty lines, quoted line breaks).
    Its quotes are balanced, so both the fast and the careful path read it."""
    header = ["Customer name", "Customer ID", "Town", "Parent name", "Parent ID",
              "Account manager", "Workflow", "Contact email address", "Main contact",
              "Segment", "Tags", "Contract end", "Credit limit", "Direct debit",
              "Collector notes"]
    bad = [" Acme ", "1.23E+11", "Paris", "Ghost", "C404", "Camille.Martin@northwind.example",
           "standard", "bob@", "yes", "smb", "vip, Strategic", "31/12/2025", "1 234,56",
           "oui", "=HYPERLINK(\"x\")"]
    good = ["Beta", "C2", "Lyon", "", "", "lea.dubois@northwind.example", "Standard",
            "a@beta.example", "1", "SMB", "VIP", "2025-12-31", "12.5", "true", "note"]
    rows: list[list[str]] = [header]
    for number in range(400):
        row = list(good)
        row[1] = f"C{number % 150}"                 # repeated IDs: relation rules
        row[0] = f"Name {number % 150}" if number % 7 else f"Other {number}"
        row[7] = f"c{number % 3}@beta.example"      # repeated contacts
        column = number % len(header)
        row[column] = bad[column]
        if number % 11 == 0:
            row[14] = "two\nlines \"quoted\""
        rows.append(row)
        if number % 50 == 0:
            rows.append([])                         # a blank line keeps its number
        if number % 61 == 0:
            rows.append(["Short", "C9"])           # ragged: padded
        if number % 67 == 0:
            rows.append([*good, "extra", "cells"])  # ragged: cut
    return csv_bytes(rows, sep)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_fast_and_careful_paths_give_the_same_findings(sep: str) -> None:
    """The whole check, not just the table: the same findings (row, column, value,
    rule, severity, message, fix) whichever reading path produced the table."""
    data = _messy_customer_file(sep)
    head = head_of(data.decode())
    fast = read_fast(data, 0, sep, head)
    assert fast is not None, "the fast path reads this file"
    careful = read_careful(data.decode(), sep)
    assert_same(fast, careful)
    found = []
    for parsed in (fast, careful):
        table = Table("messy.csv", parsed.headers, parsed.frame, separator=sep,
                      findings=findings_frame(list(parsed.ragged)))
        found.append(check_table(table, demo_definitions()).findings)
    pd.testing.assert_frame_equal(found[0], found[1])
    rules = set(found[0]["rule"])
    assert {"ragged_row", "whitespace", "id_damaged", "parent_unknown", "customer_conflict",
            "duplicate_contact", "main_contact_multiple", "email_uppercase",
            "workflow_not_found", "select_option", "date_format", "number_format",
            "boolean_format", "formula_like"} <= rules


def test_reading_from_disk_gives_the_same_table_and_findings(tmp_path: Path) -> None:
    """`read_file` streams a UTF-8 CSV to pyarrow from the disk; `read_table` reads
    bytes in memory: same table, same findings, also when the file goes to the
    careful path (an unclosed quote) or is not UTF-8."""
    messy = _messy_customer_file()
    files = {"messy.csv": messy, "bom.csv": codecs.BOM_UTF8 + messy,
             "unclosed.csv": messy + b'Acme;"unclosed\r\n',
             "latin.csv": "Customer name;Customer ID\r\nSoci\u00e9t\u00e9;C1\r\n".encode("cp1252"),
             # Excel's "Text (Tab delimited)" and "Unicode Text" (UTF-16 LE, BOM, CRLF)
             "tab.txt": _messy_customer_file("\t"),
             "tab_unclosed.txt": _messy_customer_file("\t") + b'Acme\t"unclosed\r\n',
             "tab_cp1252.txt": "Nom\tVille\r\nSoci\u00e9t\u00e9, \u2013\tOrl\u00e9ans\r\n".encode(
                 "cp1252"),
             "unicode.txt": ("\ufeff" + _messy_customer_file("\t").decode()).encode("utf-16-le")}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        on_disk, in_memory = read_file(path), read_table(data, name)
        assert (on_disk.headers, on_disk.separator, on_disk.encoding) == (
            in_memory.headers, in_memory.separator, in_memory.encoding), name
        assert on_disk.separator == ("\t" if name.endswith(".txt") else ";"), name
        pd.testing.assert_frame_equal(on_disk.data, in_memory.data)
        pd.testing.assert_frame_equal(on_disk.findings, in_memory.findings)
        pd.testing.assert_frame_equal(check_table(on_disk, demo_definitions()).findings,
                                      check_table(in_memory, demo_definitions()).findings)
