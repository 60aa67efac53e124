"""Tab-separated text, as Excel's "Text (Tab delimited)" (Windows-1252 or UTF-8) and
"Unicode Text" (UTF-16 LE with its byte-order mark) exports write it."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.export.csv import ExportOptions, default_separator, export_csv
from checks.model.separators import INPUT_SEPARATORS, SEPARATOR_NAMES, SEPARATORS
from checks.read import read_file, read_table
from checks.read.common import NotReadable
from checks.read.encoding import decode

HEADER = ["Nom", "Ville", "Note"]
ROWS = [["Café de la Gare", "Orléans", "à régler – voir François"],
        ["Dupont, Jean; associés", "Saint-Étienne", "1,5; 2,5"]]


def tab_text(rows: list[list[str]], line_end: str = "\r\n") -> str:
    return "".join("\t".join(row) + line_end for row in rows)


def unicode_text(rows: list[list[str]]) -> bytes:
    """What Excel's "Unicode Text" writes: UTF-16 LE with its BOM, tabs, CRLF."""
    return ("\ufeff" + tab_text(rows)).encode("utf-16-le")


def cells(data: bytes, name: str = "customers.txt", **options: str) -> list[list[str]]:
    table = read_table(data, name, **options)
    return [list(table.headers), *table.data.values.tolist()]


def test_tab_is_an_input_separator_only() -> None:
    assert INPUT_SEPARATORS == (";", ",", "|", "\t")
    assert "\t" not in SEPARATORS
    assert SEPARATOR_NAMES["\t"] == "tab"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_tab_utf8(encoding: str) -> None:
    table = read_table(tab_text([HEADER, *ROWS]).encode(encoding), "customers.txt")
    assert table.separator == "\t"
    assert table.encoding == encoding
    assert table.headers == tuple(HEADER)
    assert table.data.values.tolist() == ROWS
    assert table.data.index.tolist() == [2, 3]
    assert table.findings.empty


def test_tab_cp1252_with_accents() -> None:
    table = read_table(tab_text([HEADER, *ROWS]).encode("cp1252"), "customers.txt")
    assert (table.separator, table.encoding) == ("\t", "cp1252")
    assert table.data.values.tolist() == ROWS
    assert list(table.findings["rule"]) == ["encoding_converted"]
    assert "Windows (Western Europe)" in table.findings["message"][0]


def test_unicode_text_utf16_le_with_bom() -> None:
    table = read_table(unicode_text([HEADER, *ROWS]), "customers.txt")
    assert (table.separator, table.encoding) == ("\t", "utf-16")
    assert table.headers == tuple(HEADER)
    assert table.data.values.tolist() == ROWS
    assert table.data.index.tolist() == [2, 3]
    assert list(table.findings["rule"]) == ["encoding_converted"]
    assert table.findings["message"][0] == (
        "The file was saved as UTF-16; the corrected file will be UTF-8.")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_when_its_bytes_say_so(codec: str) -> None:
    table = read_table(tab_text([HEADER, *ROWS]).encode(codec), "customers.txt")
    assert (table.separator, table.encoding) == ("\t", codec)
    assert table.data.values.tolist() == ROWS
    assert list(table.findings["rule"]) == ["encoding_converted"]
    assert "UTF-16" in table.findings["message"][0]


def test_binary_16_bit_data_is_not_taken_for_utf16() -> None:
    """NULs in every other byte, but the other bytes are control characters."""
    data = bytes(byte for value in range(2000) for byte in (value % 7 + 1, 0))
    with pytest.raises(NotReadable, match="binary file"):
        decode(data)


def test_commas_and_semicolons_in_tab_cells_stay_one_cell() -> None:
    rows = [["Name", "Address", "Amounts"],
            ["Acme, Inc; Paris", "1, rue de la Paix; 75002 Paris", "1,5;2,5;3,5"],
            ["Beta; SA", "2, place, du Marché", "4,5"]]
    for data in (tab_text(rows).encode(), unicode_text(rows)):
        assert cells(data) == rows


def test_a_semicolon_file_with_a_tab_in_a_quoted_cell_stays_semicolon() -> None:
    data = b'Name;Notes;Town\r\nAcme;"first\tsecond";Paris\r\nBeta;"a\tb\tc";Lyon\r\n'
    table = read_table(data, "customers.csv")
    assert table.separator == ";"
    assert table.data.values.tolist() == [["Acme", "first\tsecond", "Paris"],
                                          ["Beta", "a\tb\tc", "Lyon"]]


def test_tab_can_be_forced() -> None:
    data = b"a;b\tc\r\n1;2\t3\r\n"
    assert read_table(data, "x.txt").separator == ";"
    assert cells(data, "x.txt", separator="\t") == [["a;b", "c"], ["1;2", "3"]]


def test_the_corrected_file_of_a_tab_input_uses_semicolons() -> None:
    table = read_table(tab_text([HEADER, *ROWS]).encode(), "customers.txt")
    assert default_separator(table) == ";"
    written = export_csv(table)
    assert written.decode().splitlines()[0] == "Nom;Ville;Note"
    assert cells(written, "ready.csv") == [HEADER, *ROWS]
    assert export_csv(table, options=ExportOptions(separator="|")).startswith(b"Nom|Ville")


def test_disk_and_memory_read_a_tab_file_alike(tmp_path: Path) -> None:
    for name, data in {"utf8.txt": tab_text([HEADER, *ROWS]).encode(),
                       "cp1252.txt": tab_text([HEADER, *ROWS]).encode("cp1252"),
                       "unicode.txt": unicode_text([HEADER, *ROWS])}.items():
        path = tmp_path / name
        path.write_bytes(data)
        on_disk, in_memory = read_file(path), read_table(data, name)
        assert (on_disk.separator, on_disk.encoding) == (in_memory.separator,
                                                         in_memory.encoding)
        assert on_disk.headers == in_memory.headers == tuple(HEADER)
        pd.testing.assert_frame_equal(on_disk.data, in_memory.data)
        pd.testing.assert_frame_equal(on_disk.findings, in_memory.findings)


# Text cells without tabs or line breaks (those would need quotes); a cell may be
# empty, but a row is never all empty (an empty row is skipped, by design).
_CELL = st.text(st.characters(blacklist_categories=["Cs"],
                              blacklist_characters="\t\r\n\x00\ufeff\"\x0b\x0c\x1c\x1d"
                                                   "\x1e\x85\u2028\u2029"),
                max_size=8)
_TABLES = st.integers(1, 4).flatmap(lambda width: st.lists(
    st.lists(_CELL, min_size=width, max_size=width).filter(any), min_size=2, max_size=6))


@given(rows=_TABLES, encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le"]),
       line_end=st.sampled_from(["\r\n", "\n"]))
def test_any_tab_separated_table_reads_back_cell_for_cell(
        rows: list[list[str]], encoding: str, line_end: str) -> None:
    """Written tab-separated in UTF-8 or UTF-16 (Excel's Unicode Text: LE with its
    BOM), any table of text cells reads back to the same cells, from memory and from
    disk; detected as tab-separated when it has two columns or more and no cell holds
    another separator (which could then split the records as consistently)."""
    data = tab_text(rows, line_end).encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    table = read_table(data, "table.txt", separator="\t")
    assert [list(table.headers), *table.data.values.tolist()] == rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.txt"
        path.write_bytes(data)
        pd.testing.assert_frame_equal(read_file(path, separator="\t").data, table.data)
    others = any(sep in cell for row in rows for cell in row for sep in SEPARATORS)
    if len(rows[0]) >= 2 and not others:
        assert read_table(data, "table.txt").separator == "\t"
