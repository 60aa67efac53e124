"""Builders of hostile files, made in code: no binary fixture is kept in the repository.

Files that other formats would be (images, archives, programs) are built with their
real leading bytes and structure, enough for any tool to recognise them; workbooks
start from a real openpyxl workbook and have parts replaced or added; ZIP bombs are
written by a small ZIP writer of our own, so that the sizes a ZIP directory declares
can differ from what its data holds.
"""

from __future__ import annotations

import gzip
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tests.read.files import csv_bytes, with_cached_values, xlsx_bytes

MEBIBYTE = 1 << 20

#: A small customer file the demo organization accepts, French accents included.
HEADER = ["Customer name", "Customer ID", "Town"]
ROWS = [["Société Générale", "C1", "Orléans"], ["Müller GmbH", "C2", "München"],
        ["Café de la Gare", "C3", "Besançon"]]


def customers(rows: int = 3, *, sep: str = ";", ending: str = "\r\n",
              encoding: str = "utf-8") -> bytes:
    """`rows` lines of the small customer file (its three lines repeated, unique IDs)."""
    body = [[ROWS[n % 3][0], f"C{n + 1}", ROWS[n % 3][2]] for n in range(rows)]
    return csv_bytes([HEADER, *body], sep, ending, encoding)


def customers_xlsx(extra: Sequence[Sequence[object]] = ()) -> bytes:
    """The small customer file as a workbook (sheet "Customers")."""
    return xlsx_bytes({"Customers": [HEADER, *ROWS, *extra]})


# ── other formats, by their real leading bytes ──────────────────────────────────────

def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload)))


def png() -> bytes:
    """A valid 2×2 grey PNG image."""
    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80\x00\x80\x80")
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels)
            + _png_chunk(b"IEND", b""))


def jpeg() -> bytes:
    """The start of a JFIF JPEG: SOI, APP0 and a quantisation table."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    table = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(1, 65))
    return b"\xff\xd8" + app0 + table + b"\xff\xd9"


def gif() -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00" \
           b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


def tiff() -> bytes:
    return b"II*\x00\x08\x00\x00\x00" + struct.pack("<H", 0) + bytes(4)


def webp() -> bytes:
    body = b"WEBPVP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def pdf() -> bytes:
    """A one-page PDF, as text (PDF is mostly text: only its signature gives it away)."""
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def gzip_of_csv() -> bytes:
    """customers.csv.gz renamed customers.csv: a real gzip of a real CSV."""
    return gzip.compress(customers(), mtime=0)


def seven_zip() -> bytes:
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(24)


def rar() -> bytes:
    return b"Rar!\x1a\x07\x01\x00" + bytes(16)


def elf() -> bytes:
    """The ELF header of a 64-bit Linux program."""
    return (b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHI", 2, 62, 1)
            + bytes(48))


def windows_exe() -> bytes:
    """A DOS/Windows program: "MZ", its stub text, and NUL-padded headers."""
    return (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44)
            + struct.pack("<I", 64) + b"This program cannot be run in DOS mode.\r\r\n$"
            + bytes(64) + b"PE\x00\x00")


def sqlite() -> bytes:
    return b"SQLite format 3\x00" + struct.pack(">HBBBBBBIIII", 4096, 1, 1, 0, 64, 32, 32,
                                                1, 1, 0, 0) + bytes(4096 - 40)


def mp4() -> bytes:
    return struct.pack(">I", 24) + b"ftypisom\x00\x00\x02\x00isomiso2" + struct.pack(">I", 8) \
        + b"free"


def random_bytes(size: int = 64 * 1024, seed: int = 8) -> bytes:
    return random.Random(seed).randbytes(size)


def docx() -> bytes:
    """The parts that make a ZIP a Word document."""
    return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


# ── OLE compound files: encrypted Office files and old .xls ─────────────────────────

def ole(streams: Iterable[str]) -> bytes:
    """An OLE compound file: the header, one FAT sector and one directory sector
    naming `streams` (what Excel's encrypted XLSX holds: EncryptionInfo and
    EncryptedPackage; an old .xls: Workbook)."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)   # version, byte order, 512
    struct.pack_into("<H", header, 32, 6)                      # mini sector shift
    struct.pack_into("<II", header, 44, 1, 1)                  # 1 FAT sector, dir at 1
    struct.pack_into("<I", header, 56, 4096)                   # mini stream cutoff
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)                      # FAT sector 0
    header[80:512] = b"\xff" * 432
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray()
    for name in ["Root Entry", *streams]:
        entry = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        entry[0:len(encoded)] = encoded
        struct.pack_into("<HB", entry, 64, len(encoded), 5 if name == "Root Entry" else 2)
        directory += entry
    directory += bytes(512 - len(directory) % 512 if len(directory) % 512 else 0)
    return bytes(header + fat + directory)


# ── workbooks with parts replaced or added ──────────────────────────────────────────

SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def patched(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The workbook with these parts replaced (or added)."""
    return zip_of({**parts(data), **changes})


def sub(content: bytes, pattern: str, replacement: str) -> bytes:
    """`content` with `pattern` replaced once; it must be there (a builder that no
    longer matches openpyxl's output must fail loudly, not build the wrong file)."""
    text, count = re.subn(pattern, replacement, content.decode("utf-8"), count=1)
    assert count == 1, f"{pattern!r} not found"
    return text.encode("utf-8")


def xlsm() -> bytes:
    """A macro-enabled workbook: the macro content type and a VBA project part."""
    data = customers_xlsx()
    found = parts(data)
    types = sub(found["[Content_Types].xml"],
                r"application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main"
                r"\+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = sub(types, "</Types>", '<Default Extension="bin" '
                'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    rels = sub(found["xl/_rels/workbook.xml.rels"], "</Relationships>",
               '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
               'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
    return patched(data, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
                          "xl/vbaProject.bin": ole(["VBA", "PROJECT", "dir"])})


def with_external_link() -> bytes:
    """A workbook whose Total column is a formula on another workbook
    (`=[1]Prices!A1`, saved value 42), with the external link parts Excel writes: the
    link points at a file on the author's disk and at a web address."""
    data = with_cached_values(
        xlsx_bytes({"Customers": [[*HEADER, "Total"], [*ROWS[0], "=[1]Prices!A1"]]}),
        {"D2": "42"})
    found = parts(data)
    link = (f'<externalLink xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><externalBook r:id="rId1">'
            '<sheetNames><sheetName val="Prices"/></sheetNames><sheetDataSet><sheetData '
            'sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row></sheetData>'
            '</sheetDataSet></externalBook></externalLink>').encode()
    link_rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                 b'.org/officeDocument/2006/relationships/externalLinkPath" '
                 b'Target="https://prices.example.com/prices.xlsx" TargetMode="External"/>'
                 b'</Relationships>')
    types = sub(found["[Content_Types].xml"], "</Types>",
                '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                '"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"'
                '/></Types>')
    rels = sub(found["xl/_rels/workbook.xml.rels"], "</Relationships>",
               '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/externalLink" '
               'Target="externalLinks/externalLink1.xml"/></Relationships>')
    book = sub(found["xl/workbook.xml"], "</sheets>",
               '</sheets><externalReferences><externalReference r:id="rIdLink"/>'
               '</externalReferences>')
    return patched(data, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
                          "xl/workbook.xml": book,
                          "xl/externalLinks/externalLink1.xml": link,
                          "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def huge_dimension() -> bytes:
    """A sheet that declares itself as large as Excel allows: A1:XFD1048576."""
    data = customers_xlsx()
    sheet = sub(parts(data)[SHEET], r'<dimension ref="[^"]*"\s*/>',
                '<dimension ref="A1:XFD1048576"/>')
    return patched(data, {SHEET: sheet})


def _sheet(rows: str, before: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN_NS}">'
            f"<sheetData>{rows}</sheetData></worksheet>").encode()


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, values: Sequence[str], extra: str = "") -> str:
    cells = "".join(_text_cell(f"{chr(65 + position)}{number}", value)
                    for position, value in enumerate(values))
    return f'<row r="{number}">{cells}{extra}</row>'


def styled_last_column(rows: int) -> bytes:
    """Every row also has a formatted, empty cell in the sheet's last column (XFD):
    openpyxl pads each row to 16,384 values."""
    lines = [_row(1, HEADER, '<c r="XFD1" s="0"/>')]
    lines += [_row(n, [f"Name {n}", f"C{n}", "Paris"], f'<c r="XFD{n}" s="0"/>')
              for n in range(2, rows + 2)]
    return patched(customers_xlsx(), {SHEET: _sheet("".join(lines))})


def deeply_nested_sheet(depth: int) -> bytes:
    """A cell holding `depth` nested elements that mean nothing to Excel."""
    nested = "<x>" * depth + "</x>" * depth
    rows = _row(1, HEADER) + _row(2, ROWS[0], f'<c r="D2">{nested}</c>')
    return patched(customers_xlsx(), {SHEET: _sheet(rows)})


def deeply_nested_workbook(depth: int) -> bytes:
    """workbook.xml with `depth` nested extension elements after its sheets."""
    data = customers_xlsx()
    nested = "<x>" * depth + "</x>" * depth
    book = sub(parts(data)["xl/workbook.xml"], "</sheets>",
               f'</sheets><extLst><ext uri="{{00000000-0000-0000-0000-000000000000}}">{nested}'
               "</ext></extLst>")
    return patched(data, {"xl/workbook.xml": book})


def billion_laughs(part: str) -> bytes:
    """The classic entity bomb: ten levels of ten references, 10⁹ "lol"s (3 GB) once
    expanded, in `part` ("sheet" or "workbook")."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)]
    doctype = f"<!DOCTYPE bomb [{''.join(levels)}]>"
    data = customers_xlsx()
    if part == "sheet":
        rows = _row(1, HEADER) + _row(2, ["&lol9;", "C1", "Paris"])
        return patched(data, {SHEET: _sheet(rows, doctype)})
    book = sub(parts(data)["xl/workbook.xml"], 'name="Customers"', 'name="&lol9;"')
    return patched(data, {"xl/workbook.xml": doctype.encode() + book})


def external_entity() -> bytes:
    """XXE: an entity that asks the XML parser to read a file of the server."""
    doctype = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    rows = _row(1, HEADER) + _row(2, ["&secret;", "C1", "Paris"])
    return patched(customers_xlsx(), {SHEET: _sheet(rows, doctype)})


# ── a ZIP writer of our own: declared sizes need not match the data ─────────────────

@dataclass(frozen=True)
class RawEntry:
    """One ZIP entry as written: `payload` is stored as it is (already DEFLATE
    compressed when `deflated`); `size` and `crc` are what the directory declares."""

    name: str
    payload: bytes
    size: int
    crc: int
    deflated: bool = True


def raw_entry(name: str, content: bytes) -> RawEntry:
    """An honest entry: compressed content, its true size and CRC."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = squeeze.compress(content) + squeeze.flush()
    return RawEntry(name, payload, len(content), zlib.crc32(content))


def raw_zip(entries: Sequence[RawEntry]) -> bytes:
    """A ZIP archive (no ZIP64: sizes below 4 GiB) with exactly these entries."""
    out = bytearray()
    directory = bytearray()
    for entry in entries:
        name = entry.name.encode()
        method = 8 if entry.deflated else 0
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, entry.crc,
                           len(entry.payload), entry.size, len(name), 0) + name + entry.payload
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                                 entry.crc, len(entry.payload), entry.size, len(name), 0, 0, 0,
                                 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                      len(directory), len(out), 0)
    return bytes(out + directory + end)


def workbook_entries(changes: dict[str, RawEntry] | None = None) -> list[RawEntry]:
    """The small customer workbook as raw entries, some replaced."""
    changes = changes or {}
    return [changes.get(name) or raw_entry(name, content)
            for name, content in parts(customers_xlsx()).items()]


def zip_bomb(mebibytes: int) -> bytes:
    """A workbook whose shared strings part is one string of `mebibytes` MiB of "a",
    really compressed (about 1,000 to 1): opened without a limit, that one string is
    built in memory whole."""
    head = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="1" '
            'uniqueCount="1"><si><t>').encode()
    strings = bomb_entry("xl/sharedStrings.xml", head, b"</t></si></sst>", mebibytes)
    return raw_zip(_with_shared_strings(strings))


def bomb_entry(name: str, head: bytes, tail: bytes, mebibytes: int) -> RawEntry:
    """An entry holding `head`, `mebibytes` MiB of "a" and `tail`, really compressed.

    The DEFLATE stream is a 1 MiB block repeated: each block ends with a full flush,
    which empties the compressor's history, so the same input gives the same bytes
    and copies of them form a valid stream."""
    block = b"a" * MEBIBYTE
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    chunk = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    assert squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH) == chunk
    end = squeeze.compress(tail) + squeeze.flush()
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return RawEntry(name, start + chunk * mebibytes + end,
                    len(head) + mebibytes * MEBIBYTE + len(tail), crc)


def _with_shared_strings(strings: RawEntry) -> list[RawEntry]:
    """The workbook's entries, its shared strings part replaced by `strings` (and
    declared in the content types, which openpyxl's inline-string workbooks omit)."""
    found = parts(customers_xlsx())
    entries = [raw_entry(name, content) for name, content in found.items()
               if name != strings.name]
    if b"sharedStrings" not in found["[Content_Types].xml"]:
        types = sub(found["[Content_Types].xml"], "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    "</Types>")
        entries = [raw_entry(entry.name, types) if entry.name == "[Content_Types].xml"
                   else entry for entry in entries]
    return [*entries, strings]


def declares_more_than(mebibytes: int) -> bytes:
    """A workbook whose sheet declares `mebibytes` MiB uncompressed while its data is a
    stored 16 MiB: a ratio below any bomb's, so only the total gives it away."""
    payload = b" " * (16 * MEBIBYTE)
    sheet = RawEntry(SHEET, payload, mebibytes * MEBIBYTE, zlib.crc32(payload),
                     deflated=False)
    return raw_zip(workbook_entries({SHEET: sheet}))


def declares_less_than_it_holds() -> bytes:
    """A sheet whose data expands to 64 MiB but whose directory declares 4 KiB."""
    content = _sheet(_row(1, HEADER) + _row(2, ROWS[0]) + " " * (64 * MEBIBYTE))
    honest = raw_entry(SHEET, content)
    return raw_zip(workbook_entries({SHEET: RawEntry(SHEET, honest.payload, 4096,
                                                     honest.crc)}))


def many_entries(count: int) -> bytes:
    """The workbook plus `count` tiny parts no workbook needs (without ZIP64, at most
    65,535 entries in all)."""
    extra = [RawEntry(f"customXml/item{n}.xml", b"", 0, 0, deflated=False)
             for n in range(count)]
    return raw_zip([*workbook_entries(), *extra])
