"""The guards the corpus relies on, at their edges: the ZIP directory limits, JSON
and HTML detection, damaged UTF-8 against other encodings, long values and wide
headers on the careful CSV path."""

from __future__ import annotations

import zlib

import pytest

from checks.model.limits import (
    MAX_XLSX_EXPANDED_MB,
    MAX_XLSX_RATIO,
    MEGABYTE,
    RATIO_CHECKED_FROM_MB,
)
from checks.read import read_table
from checks.read.common import NotReadable
from checks.read.csv_reader import header_width
from checks.read.encoding import head_of
from checks.read.xlsx_reader import _check_container
from tests.hostile.builders import RawEntry, customers, raw_zip, workbook_entries


def _workbook_with(size: int, stored: int) -> bytes:
    """The small workbook plus a part declaring `size` bytes, stored in `stored`
    (the directory is all the guard reads, so the data need not expand)."""
    payload = bytes(stored)
    part = RawEntry("xl/media/big.bin", payload, size, zlib.crc32(payload))
    return raw_zip([*workbook_entries(), part])


def test_a_part_at_the_largest_ratio_is_accepted() -> None:
    stored = 64 * 1024
    _check_container(_workbook_with(MAX_XLSX_RATIO * stored, stored))
    with pytest.raises(NotReadable, match="built to expand enormously"):
        _check_container(_workbook_with(MAX_XLSX_RATIO * stored + 1, stored))


def test_small_parts_are_not_held_to_the_ratio() -> None:
    _check_container(_workbook_with(RATIO_CHECKED_FROM_MB * MEGABYTE, 1))
    with pytest.raises(NotReadable, match="built to expand enormously"):
        _check_container(_workbook_with(RATIO_CHECKED_FROM_MB * MEGABYTE + 1, 1))


def test_the_declared_total_is_bounded() -> None:
    small = sum(entry.size for entry in workbook_entries())
    limit = MAX_XLSX_EXPANDED_MB * MEGABYTE
    stored = limit // MAX_XLSX_RATIO + 1           # a ratio below the limit
    _check_container(_workbook_with(limit - small, stored))
    with pytest.raises(NotReadable, match=f"more than the {MAX_XLSX_EXPANDED_MB:,} MB"):
        _check_container(_workbook_with(limit - small + 1, stored))


@pytest.mark.parametrize("text", ["[Region];Name\nEU;Acme\n", "{id};name\n1;Acme\n",
                                  "[ID] ,Name\n1,Acme\n", "{ Customer } ;Name\nx;y\n"])
def test_headers_starting_with_brackets_are_not_json(text: str) -> None:
    table = read_table(text.encode(), "x.csv")
    assert table.findings.empty and table.rows == 1


@pytest.mark.parametrize("data", [b'  {"a": 1}', b"[]", b"[\n  [1, 2]\n]", b"{}",
                                  b'\xef\xbb\xbf\r\n[ {"x": "y"} ]'])
def test_json_is_refused(data: bytes) -> None:
    table = read_table(data, "x.csv")
    assert table.findings["message"][0].startswith("This file is JSON, not a spreadsheet")


@pytest.mark.parametrize(("text", "encoding"), [
    ("名前;都市\n山田太郎;東京\nｶﾀｶﾅ ﾃｽﾄ;大阪\n", "shift_jis"),
    ("名前;都市\n山田太郎;東京\n", "euc_jp"),
    ("名称;城市\n北京有限公司;上海\n", "gb2312"),
    ("이름;도시\n김철수;서울\n", "euc_kr"),
    ("Имя;Город\nФёдор;Москва\n", "cp1251"),
    ("Nom;Ville\nÉCOLE « LA SALLE »;Besançon\n", "cp1252"),
])
def test_other_encodings_are_not_taken_for_damaged_utf8(text: str, encoding: str) -> None:
    """The damaged-UTF-8 refusal must leave real files in other encodings alone."""
    table = read_table(text.encode(encoding), "x.csv")
    assert "file_unreadable" not in set(table.findings["rule"])
    assert table.rows >= 1


def test_damaged_utf8_is_refused_only_among_valid_utf8() -> None:
    """One bad byte amid plain ASCII is what a Windows-1252 file looks like: read as
    such. Amid accented UTF-8 text, the file is refused with the line to fix."""
    ascii_only = b"Name;Town\nAcme;Paris\nBeta;Lyon\xe9\n"
    assert read_table(ascii_only, "x.csv").encoding == "cp1252"
    accented = "Name;Town\nSociété;Orléans\nBéta;Besançon\n".encode() + b"Gamma;Lyon\xe9\n"
    message = read_table(accented, "x.csv").findings["message"][0]
    assert message.startswith("This file is UTF-8 text, except on line 4:")


def test_the_careful_path_reads_values_longer_than_csvs_default_limit() -> None:
    """A stray quote makes the quote count odd, which sends the file to the careful
    path: a 1 MB value there reads whole (csv's own limit is 131,072 characters)."""
    long = "x" * MEGABYTE
    data = f'Customer name;Customer ID;Notes\nAcme 5" screen;C1;{long}\n'.encode()
    table = read_table(data, "x.csv")
    assert table.findings.empty
    assert table.data.values.tolist() == [['Acme 5" screen', "C1", long]]


def test_a_header_followed_by_a_long_line_is_known_from_the_head() -> None:
    """The head stops after the header (the next line is longer than the head): its
    width is still known, so pyarrow reads the file."""
    text = "a;b;c\n" + "x" * 100_000 + ";y;z\n"
    assert header_width(head_of(text, truncated=True), ";") == 3
    opened = 'a;"b\n' + "x" * 10 + "\n"        # a quoted header value still open
    assert header_width(head_of(opened, truncated=True), ";") is None


def test_a_header_wider_than_a_spreadsheet_is_refused() -> None:
    data = (";".join(f"c{n}" for n in range(16_385)) + "\n" + "1;" * 16_384 + "1\n").encode()
    message = read_table(data, "x.csv").findings["message"][0]
    assert message.startswith("The header (row 1) has 16,385 columns, more than a "
                              "spreadsheet can have (16,384)")
    fits = (";".join(f"c{n}" for n in range(16_384)) + "\n" + "1;" * 16_383 + "1\n").encode()
    assert read_table(fits, "x.csv").data.shape == (1, 16_384)


def test_blank_cells_under_a_real_header_are_not_an_empty_file() -> None:
    table = read_table(b"Customer name;Customer ID\n  ;\t\n", "x.csv")
    assert "file_empty" not in set(table.findings["rule"])
    assert read_table(customers(1), "x.csv").findings.empty
