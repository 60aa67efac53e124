"""Properties of `read_table` over generated inputs."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.read import read_table
from tests.read.files import OLE_MAGIC, csv_bytes, xlsx_bytes

# ── (1) never raises ───────────────────────────────────────────────────────────────

_PREFIXES = [b"", b"PK\x03\x04", OLE_MAGIC, b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
             b"\xff\xfe\x00\x00", b"\x89PNG\r\n\x1a\n", b"<html>", b"a;b\n"]
_ANY_BYTES = st.builds(lambda prefix, body: prefix + body, st.sampled_from(_PREFIXES),
                       st.binary(max_size=600))
_WORKBOOK = xlsx_bytes({"S": [["a", "b"], [1, "x"], ["=A2+1", 2.5]]})


@given(data=_ANY_BYTES, name=st.sampled_from(["x.csv", "x.xlsx"]))
def test_arbitrary_bytes_never_raise(data: bytes, name: str) -> None:
    table = read_table(data, name)
    assert list(table.data.columns) == list(range(len(table.headers)))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, len(_WORKBOOK)),
       flips=st.lists(st.tuples(st.integers(0, len(_WORKBOOK) - 1), st.integers(1, 255)),
                      max_size=4))
def test_damaged_workbooks_never_raise(cut: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(_WORKBOOK)
    for position, mask in flips:
        data[position] ^= mask
    read_table(bytes(data[: max(cut, 4)]), "x.xlsx")


def _zip_with(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@given(content=st.binary(max_size=300))
def test_workbook_with_garbage_parts_never_raises(content: bytes) -> None:
    read_table(_zip_with({"xl/workbook.xml": content, "[Content_Types].xml": content}),
               "x.xlsx")


# ── (2) what csv writes is read back cell for cell ─────────────────────────────────
#
# Cells are any text (separators, quotes, line breaks, non-ASCII, control characters)
# except:
# * NUL, which makes a file unreadable by rule (RULES.md: binary content);
# * U+FEFF, which at the very start of the file is a byte-order mark, not text;
# * a lone CR with lineterminator "\n": Python 3.11's csv writer does not quote such
#   a field, so the *written* file is already broken (a CR is a line end for every
#   reader, Excel included). With "\r\n" the writer quotes it and it is generated.
# Records whose cells are all empty are generated too: they are what a spreadsheet
# shows as an empty row, which is read like a blank line (skipped, numbering kept),
# so the expectation drops them and checks the remaining rows' numbers.

_CHARS = st.characters(codec="utf-8", exclude_characters="\x00\ufeff\r")
_PIECES = st.one_of(st.text(_CHARS, max_size=6),
                    st.sampled_from([";", ",", "|", '"', '""', "\n", "\r\n", " ", "é", "–",
                                     "日本", "\u00a0"]))


def _cell(lone_cr: bool) -> st.SearchStrategy[str]:
    pieces = st.one_of(_PIECES, st.just("\r")) if lone_cr else _PIECES
    return st.lists(pieces, max_size=4).map("".join)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str, str]:
    sep = draw(st.sampled_from([";", ",", "|"]))
    lineterminator = draw(st.sampled_from(["\n", "\r\n"]))
    cell = _cell(lone_cr=lineterminator == "\r\n")
    width = draw(st.integers(1, 4))
    headers = draw(st.lists(cell.filter(bool), min_size=width, max_size=width, unique=True))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1,
                         max_size=6))
    return headers, rows, sep, lineterminator


@given(table=_tables())
def test_csv_written_by_python_reads_back(table: tuple[list[str], list[list[str]], str, str]
                                          ) -> None:
    headers, rows, sep, lineterminator = table
    data = csv_bytes([headers, *rows], sep, lineterminator)
    read = read_table(data, "x.csv", separator=sep)
    kept = [(number, row) for number, row in enumerate(rows, start=2) if any(row)]
    assert read.headers == tuple(headers)
    assert read.data.values.tolist() == [row for _, row in kept]
    assert read.data.index.tolist() == [number for number, _ in kept]
    assert read.separator == sep
    assert not read.data.isna().any().any()
    assert all(read.data[position].dtype == "str" for position in read.data.columns)
    assert set(read.findings["rule"]) <= {"duplicate_header", "file_empty"}
