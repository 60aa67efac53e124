"""CSV → Table.

Reading paths, fastest first; all produce exactly the same table:

1. pyarrow on several threads (`csv_arrow`): the bytes of a UTF-8 file go straight
   to pyarrow, which validates the UTF-8 of every cell, so a large file is never
   held as a Python string. It gives up at the first record that is not as wide as
   the header (it cannot tell where that record is);
2. pyarrow on one thread, which knows each ragged record's number: they are set
   aside, fitted and reported as `ragged_row`, still without a loop over records;
3. the careful path (`csv_python`), Python's `csv` module record by record, for
   whatever pyarrow refuses (e.g. a header longer than the sample it is read from).

A file that is not UTF-8 is decoded first (see `encoding`) and re-encoded for pyarrow.

The paths agree on every well-formed file and on the usual malformations (ragged
records, blank lines, stray quotes). Files with an odd number of quote characters (a
quoted value never closed) go to the careful path, which refuses the file when the
open value swallows the lines after it. The one known difference: a file that leaves
a quoted value open at its very end *and* has an even number of quote characters (a
stray quote elsewhere) is read by pyarrow, the open value running to the end of the
file without its final line breaks.

Rows and numbering (what a spreadsheet shows when it opens the file):

* a row number is the record number + 1: the header is row 1 and a quoted value
  spanning several lines is still one row;
* an *empty row* — a blank line, or a record whose cells are all empty (`;;;`) — is
  not a data record, but it keeps its number, so the rows after it keep the numbers
  the user sees (the same rule as for XLSX sheets); blank lines at the end are
  simply ignored;
* the header is the first non-empty row (empty rows before it are skipped, counted),
  unless titles or notes come first (`checks.read.header` finds it, reading starts there);
* a ragged record is kept: a short one is padded with "", a long one keeps its
  first cells (as many as the header has). Its `ragged_row` finding points at the
  line, so the user learns about it and nothing is silently misplaced.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from checks.model.findings import Finding, finding, findings_frame
from checks.model.limits import MAX_COLUMNS
from checks.model.separators import INPUT_SEPARATORS
from checks.model.table import Table
from checks.read.common import header_findings
from checks.read.csv_arrow import read_arrow
from checks.read.csv_python import read_careful
from checks.read.csv_records import Parsed
from checks.read.encoding import (
    HEAD_BYTES,
    Decoded,
    Head,
    decode,
    head_of,
    utf8_head,
    utf8_start,
)
from checks.read.header import (
    HeaderFinder,
    Located,
    finish,
    locate_csv,
    past_the_end,
    settle,
    shifted,
)

#: How many records of the head the separator detection compares.
_SAMPLE_RECORDS = 50

#: How much of a file on disk is read at once to count its quotes.
_SCAN_BLOCK = 1 << 24


def read_csv(data: bytes, name: str, separator: str | None = None,
             finder: HeaderFinder | None = None) -> Table:
    """The table of a CSV file; NotReadable when it is not text at all.

    A file that looks like UTF-8 is first read by pyarrow straight from its bytes;
    only when that fails is it decoded (which also detects other encodings) and read
    again, by pyarrow if it can, carefully otherwise. Reading starts at the header
    `finder` finds (`checks.read.header`): the lines above it are skipped, counted.
    """
    finder = finder or HeaderFinder()
    sep = separator
    start = utf8_start(data)
    if start is not None:
        head, bom = start
        at = _locate(head.text, separator, finder)
        sep = separator or detect_separator(head.text[at.chars:])
        at = settle(head.text, sep, at)
        if at.chars < len(head.text) or not head.truncated:
            skip = len(head.text[:at.chars].encode("utf-8"))
            rest = head_of(head.text[at.chars:], head.truncated)
            parsed = read_fast(data, bom + skip, sep, rest)
            if parsed is not None:
                return _table(name, parsed, sep, "utf-8-sig" if bom else "utf-8", [], at)
    decoded = decode(data)
    at = _locate(decoded.text if finder.header_row else head_of(decoded.text).text,
                 separator, finder)
    text = decoded.text[at.chars:]
    if sep is None or not decoded.is_utf8:
        sep = separator or detect_separator(text)
    at = settle(decoded.text, sep, at)
    text = decoded.text[at.chars:]
    parsed = None
    if not decoded.is_utf8:  # a UTF-8 file was just tried by pyarrow, as it is
        parsed = read_fast(text.encode("utf-8"), 0, sep, head_of(text))
    if parsed is None:
        parsed = read_careful(text, sep)
    return _table(name, parsed, sep, decoded.encoding, _encoding_findings(decoded), at)


def _locate(text: str, separator: str | None, finder: HeaderFinder) -> Located:
    return locate_csv(text, (separator,) if separator else INPUT_SEPARATORS, finder)


def read_csv_file(path: Path, separator: str | None = None,
                  finder: HeaderFinder | None = None) -> Table | None:
    """`read_csv` of a file on disk, when it takes the fast path; None otherwise (the
    caller then reads the file into memory and calls `read_csv`, which tries the same
    fast path first, so the table is the same either way).

    pyarrow reads the file block by block: a large file is never in memory as bytes
    beside its table. Only what the fast path looks at in the bytes is read first:
    the head, and one pass counting quotes and looking for NUL bytes.
    """
    scan = _scan(path)
    start = None if scan.nul else utf8_head(scan.head, scan.size)
    if start is None:
        return None
    head, bom = start
    at = _locate(head.text, separator, finder or HeaderFinder())
    sep = separator or detect_separator(head.text[at.chars:])
    at = settle(head.text, sep, at)
    if at.chars == len(head.text) and head.truncated:
        return None  # the header is beyond the head: read it all in memory
    skipped = head.text[:at.chars]
    parsed = read_fast(path, bom + len(skipped.encode("utf-8")), sep,
                       head_of(head.text[at.chars:], head.truncated),
                       quotes=scan.quotes - skipped.count('"'))
    if parsed is None:
        return None
    return _table(path.name, parsed, sep, "utf-8-sig" if bom else "utf-8", [], at)


@dataclass(frozen=True)
class _Scan:
    head: bytes   # the first bytes: BOM, then at least HEAD_BYTES
    size: int
    quotes: int   # how many '"' the file holds
    nul: bool     # whether it holds a NUL byte (then it is not UTF-8 text)


def _scan(path: Path) -> _Scan:
    head = b""
    quotes, nul, size = 0, False, 0
    with path.open("rb") as file:
        while block := file.read(_SCAN_BLOCK):
            if not head:
                head = block[:len(codecs.BOM_UTF8) + HEAD_BYTES]
            quotes += block.count(b'"')
            nul = nul or b"\x00" in block
            size += len(block)
    return _Scan(head, size, quotes, nul)


def read_fast(data: bytes | Path, start: int, sep: str, head: Head, *,
              quotes: int | None = None) -> Parsed | None:
    """pyarrow on several threads, then on one; None when neither can read it.

    `data` is the file's bytes or its path (then `quotes` is its number of quote
    characters, counted by the caller). An odd number of quote characters means a
    quoted value never closed (or a stray quote inside a value): pyarrow then
    silently drops or shortens the last record, where the careful path keeps it, so
    such a file goes to the careful path. So does a file whose text (after its BOM)
    starts with U+FEFF, which pyarrow would take for a BOM and drop: that U+FEFF is
    the first header's text (an export keeps it so, see `checks.export.csv`).
    """
    if head.text.startswith("\ufeff"):
        return None  # a second byte-order mark: pyarrow would drop it, it is text
    width = header_width(head, sep)
    if quotes is None:
        if isinstance(data, Path):
            raise ValueError("read_fast needs the quote count of a file it does not hold")
        quotes = data.count(b'"', start)
    if width is None or quotes % 2:
        return None
    parsed = read_arrow(data, start, sep, width, threads=True)
    if parsed is None:
        parsed = read_arrow(data, start, sep, width, threads=False)
    return parsed


def header_width(head: Head, sep: str) -> int | None:
    """How many fields the header (first non-empty record) has; None when the head
    may hold only part of it, or when it is wider than a spreadsheet (the careful
    path then explains).

    A head cut short ends after its last complete line (`head_of`), so its first
    record is whole unless a quoted value is still open at its end (an odd number of
    quote characters): then a second record must prove the first one ended."""
    records = _records(head.text, sep, limit=1)
    if not records:
        return None
    complete = (len(records) >= 2 or not head.truncated
                or (head.text.endswith(("\n", "\r")) and head.text.count('"') % 2 == 0))
    if not complete or len(records[0]) > MAX_COLUMNS:
        return None
    return len(records[0])


def _table(name: str, parsed: Parsed, sep: str, encoding: str,
           findings: list[Finding], at: Located) -> Table:
    frame, ragged = shifted(parsed.frame, parsed.ragged, at.records)
    done = finish(parsed.headers, frame, skipped_rows=at.records > 0)
    found = (header_findings(done.headers, done.frame) if done.headers or not at.records
             else [past_the_end(at.records + 1)])
    everything = [*findings, *found, *ragged]
    return Table(name=name, headers=done.headers, data=done.frame, separator=sep,
                 encoding=encoding, findings=findings_frame(everything),
                 header_row=at.records + 1, skipped_columns=done.skipped_columns,
                 trailing_rows=done.trailing)


def _encoding_findings(decoded: Decoded) -> list[Finding]:
    if decoded.is_utf8:
        return []
    return [finding("encoding_converted", detail=decoded.label)]


# ── separator ───────────────────────────────────────────────────────────────────────

def detect_separator(text: str) -> str:
    """The separator among ; , | and tab that splits the header into the most
    consistent records.

    For each candidate the first records are parsed with quotes honoured; a candidate
    must split the header in at least two fields, not all blank (tab is blank space
    itself), and wins by the share of the following records with as many fields as
    the header, then by the header's width, then by the order ; , | tab (Excel's
    European default first). A sample made of nothing but one separator (and line
    breaks, spaces or quotes) is an empty sheet saved as CSV (`;;;` by a European Excel,
    `,,,` by an English one): that separator, so the file reads as empty. With no
    candidate the file has one column: the separator that occurs least is used, so its
    values stay whole.
    """
    sample = head_of(text).text
    scored: list[tuple[float, int, int, str]] = []
    for order, sep in enumerate(INPUT_SEPARATORS):
        records = _records(sample, sep)
        counts = [len(record) for record in records]
        if counts and counts[0] >= 2 and any(field.strip() for field in records[0]):
            rest = counts[1:]
            share = sum(count == counts[0] for count in rest) / len(rest) if rest else 1.0
            scored.append((share, counts[0], -order, sep))
    if scored:
        return max(scored)[3]
    for sep in INPUT_SEPARATORS:
        if sample.strip() and not sample.strip(sep + '\r\n "'):
            return sep
    return min(INPUT_SEPARATORS,
               key=lambda sep: (_extra_fields(sample, sep), INPUT_SEPARATORS.index(sep)))


def _records(sample: str, sep: str, limit: int = _SAMPLE_RECORDS, *,
             keep_empty: bool = False) -> list[list[str]]:
    """The first non-empty records of the sample (the header first), at most
    `limit` + 1; with `keep_empty`, records of empty fields only count too."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
    records: list[list[str]] = []
    try:
        for record in reader:
            if keep_empty or any(record):
                records.append(record)
                if len(records) > limit:
                    break
    except csv.Error:
        pass  # detection only: the reading paths report problems
    return records


def _extra_fields(sample: str, sep: str) -> int:
    """How often `sep` would split a value of a one-column file in the sample.

    Every record counts, also one the separator splits into empty fields only: the
    value ";" is two empty fields for ";" (an empty row, which the reader skips) but
    one value for ",", so ";" must not win there by skipping it. A file that is
    nothing but such rows (";;" lines: an empty sheet saved by Excel) splits nothing.
    """
    records = _records(sample, sep, keep_empty=True)
    if not any(any(record) for record in records):
        return 0
    return sum(max(len(record) - 1, 0) for record in records)
