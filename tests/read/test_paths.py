"""The CSV reading paths (pyarrow on several threads, on one thread, Python's csv)
must give identical tables: the fast ones are what runs, the careful one is the
reference that is easy to reason about."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
_FIELD = st.lists(st.sampled_from(["a", "é", " ", ";", ",", "|", '"', "\n", "\r\n", "", "x y"]),
                  max_size=4).map("".join)
_RECORDS = st.lists(st.lists(_FIELD, max_size=4), min_size=1, max_size=8)


@given(records=_RECORDS, sep=st.sampled_from([";", ",", "|"]),
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
    data = b'a;b\n1;"2\n3;4\n'
    assert read_fast(data, 0, ";", head_of(data.decode())) is None
    assert read_careful(data.decode(), ";").frame.values.tolist() == [["1", "2\n3;4\n"]]
