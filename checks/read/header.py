"""Finding the table in a file: the header line below titles, blank lines and notes,
empty leading columns, the lines below the table that are not records, and the sheet
whose header reads most like an Upflow file.

The header is the line, among the first `SCAN_ROWS` non-empty ones, whose cells name
the most Upflow columns or custom fields (compared by the tolerant key of
`checks.map.headers`). It moves below row 1 only when it names strictly more than
row 1 does and every non-empty line above it names none and holds one cell at most:
a title or a note, which must read like one (a date, or a first word such as Export,
Liste, Source, Note) unless the header names two columns or more. A table whose
header is on row 1 is read exactly as before, whatever its records hold (the
nothing-lost fuzz tests generate any text, Upflow's names included, in any row). A
header row given by the person (`HeaderFinder.header_row`) wins over detection.

Below the table, a totals line ("Total" or "Totaux" with numbers, or empty first
cells with numbers that are the sums of their columns) and a note (one sentence in
a wide table, after a blank line or a totals line, or starting like a note) are set
aside: kept out of `Table.data`, listed in `Table.trailing_rows`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

from checks.i18n import _, ngettext
from checks.map.headers import header_key
from checks.model.columns import UPFLOW_COLUMNS
from checks.model.findings import Finding, finding
from checks.model.table import SetAside, Table
from checks.read.common import column_letter
from checks.read.number_display import display_sentences
from checks.text.frame_columns import column_arrays
from checks.text.stacked import arrow_texts, joined

#: How many non-empty lines from the top may hold the header.
SCAN_ROWS = 30

#: At most this many lines at the end are looked at as totals or notes.
_TRAILING_ROWS = 5

_TOTAL = re.compile(r"^\s*(sous[\s-]?|sub[\s-]?|grand[\s-]?)?(total|totaux|totals|somme|sum)\b",
                    re.IGNORECASE)
_NUMBER = re.compile(r"^[\s\u00a0\u202f]*[-+(]?[€$£]?[\s\u00a0\u202f]*\d[\d\s\u00a0\u202f.,']*"
                     r"[€$£%]?\)?[\s\u00a0\u202f]*$")
_NOTE_START = re.compile(r"^\s*(\*|note|nb\b|n\.b\.|source|g[ée]n[ée]r|export|generated|"
                         r"printed|imprim|extrait|extracted|edited|[ée]dit)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_DATE = re.compile(r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b")
_TITLE_START = re.compile(r"^\s*(\*|export|extrait|extract|liste|list|rapport|report|"
                          r"g[ée]n[ée]r|generated|source|notes?\b|nb\b|n\.b\.|[ée]tat|"
                          r"balance|fichier)", re.IGNORECASE)


def known_keys(custom_fields: Iterable[str] = ()) -> frozenset[str]:
    """The tolerant keys of Upflow's columns, their aliases and the custom fields."""
    names = [name for column in UPFLOW_COLUMNS for name in column.names]
    keys = {header_key(name) for name in (*names, *custom_fields)}
    keys.discard("")
    return frozenset(keys)


#: A header cell's comparison key, remembered: the same lines are scored once per
#: separator and candidate row, and a wide header has thousands of cells.
_key = lru_cache(maxsize=1 << 16)(header_key)


@dataclass(frozen=True)
class HeaderFinder:
    """How the readers find the header: the keys a header cell may name, and the row
    the person chose (None: detect it)."""

    keys: frozenset[str] = field(default_factory=known_keys)
    header_row: int | None = None

    @classmethod
    def of(cls, custom_fields: Iterable[str] = (), header_row: int | None = None
           ) -> HeaderFinder:
        return cls(known_keys(custom_fields), header_row)

    def score(self, cells: Sequence[str]) -> int:
        """How many distinct Upflow columns or custom fields the cells name."""
        return len({_key(cell) for cell in cells if cell} & self.keys)

    def choose(self, rows: Sequence[Sequence[str]]) -> int:
        """The index, in `rows` (the first non-empty lines, in order), of the header."""
        if not rows:
            return 0
        best, best_score = 0, self.score(rows[0])
        for index in range(1, min(len(rows), SCAN_ROWS)):
            score = self.score(rows[index])
            if score > best_score and all(_junk(row, rows[index], self)
                                          for row in rows[:index]):
                best, best_score = index, score
        return best


def _filled(cells: Sequence[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def _junk(row: Sequence[str], header: Sequence[str], finder: HeaderFinder) -> bool:
    """A line above a header: blank, or one cell that names no column and is a title
    or a note (one that reads like one, unless the header names two columns or more)."""
    filled = [cell for cell in row if cell.strip()]
    if not filled:
        return True
    if len(filled) > 1 or finder.score(row) > 0:
        return False
    return finder.score(header) >= 2 or _looks_like_a_title(filled[0])


def _looks_like_a_title(text: str) -> bool:
    return bool(_DATE.search(text) or _TITLE_START.match(text))


# ── CSV: where the header record starts ────────────────────────────────────────────

@dataclass(frozen=True)
class Located:
    """Where a CSV file's header is: `records` records precede it (blank lines
    included), from character `chars` of the text on."""

    records: int = 0
    chars: int = 0
    score: int = 0


def _records(text: str, sep: str, limit: int) -> Iterator[tuple[int, int, list[str]]]:
    """(record number, start character, cells) of the first `limit` records."""
    ends: list[int] = []

    def lines() -> Iterator[str]:
        position = 0
        for line in io.StringIO(text, newline=""):
            position += len(line)
            ends.append(position)
            yield line

    reader = csv.reader(lines(), delimiter=sep)
    start = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, start, record
            start = ends[reader.line_num - 1] if reader.line_num else start
            if number >= limit:
                return
    except csv.Error:
        return


def locate_csv(text: str, separators: Sequence[str], finder: HeaderFinder) -> Located:
    """Where the header of a CSV text (its head) starts, trying each separator."""
    if finder.header_row is not None:
        wanted = max(finder.header_row, 1)
        for number, start, _record in _records(text, separators[0], wanted):
            if number == wanted:
                return Located(number - 1, start)
        return Located(0, 0) if wanted == 1 else Located(wanted - 1, len(text))
    first_best, found = 0, Located()
    for sep in separators:
        records = [(number, start, record)
                   for number, start, record in _records(text, sep, 4 * SCAN_ROWS)
                   if any(record)][:SCAN_ROWS]
        if not records:
            continue
        first_best = max(first_best, finder.score(records[0][2]))
        index = finder.choose([record for _n, _s, record in records])
        number, start, record = records[index]
        if index and finder.score(record) > found.score:
            found = Located(number - 1, start, finder.score(record))
    return found if found.score > first_best else Located()


# ── after reading: leading columns, trailing lines ────────────────────────────────

@dataclass(frozen=True)
class Finished:
    headers: tuple[str, ...]
    frame: pd.DataFrame
    skipped_columns: int = 0
    trailing: tuple[SetAside, ...] = ()


def finish(headers: tuple[str, ...], frame: pd.DataFrame, *, skipped_rows: bool) -> Finished:
    """Leave out empty leading columns (only when lines above the header were skipped:
    a table set in a margin) and the lines below the table that are not records."""
    skipped = _empty_leading_columns(headers, frame) if skipped_rows else 0
    if skipped:
        headers = headers[skipped:]
        frame = frame.iloc[:, skipped:].copy()
        frame.columns = pd.RangeIndex(len(headers))
    trailing = _trailing(frame, len(headers))
    if trailing:
        frame = frame.iloc[:len(frame) - len(trailing)]
    return Finished(headers, frame, skipped, trailing)


def _empty_leading_columns(headers: tuple[str, ...], frame: pd.DataFrame) -> int:
    count = 0
    for position, header in enumerate(headers[:-1]):
        if header.strip() or frame[position].str.strip().str.len().gt(0).any():
            break
        count += 1
    return count


def _trailing(frame: pd.DataFrame, width: int) -> tuple[SetAside, ...]:
    """The totals lines and notes at the end of the table, in row order; at least one
    record is always kept."""
    if len(frame) < 2:
        return ()
    rows = _last_rows(frame, _TRAILING_ROWS + 1)
    numbers = [int(number) for number in frame.index[-len(rows):]]
    found: list[SetAside] = []
    index = len(rows) - 1
    while index >= 1 and len(found) < _TRAILING_ROWS:
        cells = rows[index]
        offset = len(frame) - len(rows) + index
        if _is_total(cells, frame, offset):
            kind = "total"
        elif _is_note(cells, width, numbers[index] - numbers[index - 1] > 1
                      or _is_total(rows[index - 1], frame, offset - 1)):
            kind = "note"
        else:
            break
        found.append(SetAside(numbers[index], tuple(cells), kind))
        index -= 1
    return tuple(reversed(found))


def _last_rows(frame: pd.DataFrame, count: int) -> list[list[str]]:
    """The last `count` rows as text (a missing cell is ""), read column by column: a
    wide frame's `tail` and `values` copy and interleave thousands of column arrays,
    many times slower. Arrow text columns give their last cells as zero-copy slices,
    made Python text in one call for all of them (one call per column cost a 16,384-
    column file a good part of its reading)."""
    start = max(0, len(frame) - count)
    every = column_arrays(frame)
    arrays = arrow_texts(every)
    size = len(frame) - start
    if arrays is not None:
        cells = joined([array.slice(start) for array in arrays]).to_pylist()
        rows = [cells[line::size] for line in range(size)]  # the cells are column after column
        return [["" if cell is None else cell for cell in row] for row in rows]
    columns = [values[start:].tolist() for values in every]
    return [["" if cell is None or cell != cell else str(cell) for cell in row]  # NaN != NaN
            for row in zip(*columns, strict=True)]


def _is_total(cells: Sequence[str], frame: pd.DataFrame, above: int) -> bool:
    """Whether the row is a total of the `above` first rows of `frame`."""
    numbered = [position for position, cell in enumerate(cells) if _NUMBER.match(cell)]
    if not numbered:
        return False
    leading = cells[:numbered[0]]
    if any(cell.strip() for cell in cells[numbered[0]:] if not _NUMBER.match(cell)):
        return False
    if any(_TOTAL.match(cell) for cell in leading if cell.strip()):
        return all(not cell.strip() or _TOTAL.match(cell) for cell in leading)
    if any(cell.strip() for cell in leading) or not leading:
        return False
    return all(_is_sum(_number(cells[position]), frame[position].iloc[:above])
               for position in numbered)


def _number(text: str) -> float | None:
    cleaned = re.sub(r"[\s\u00a0\u202f€$£%']", "", text).strip("()")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "") if cleaned.rfind(".") > cleaned.rfind(",") \
            else cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _is_sum(value: float | None, column: pd.Series) -> bool:
    """Whether `value` is the sum of at least two numbers of the column above it."""
    if value is None or value == 0:
        return False
    values = [_number(cell) for cell in column if _NUMBER.match(cell)]
    values = [number for number in values if number]
    return len(values) >= 2 and abs(sum(values) - value) <= 0.005 * abs(value)


def _is_note(cells: Sequence[str], width: int, after_gap: bool) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    if width < 3 or len(filled) != 1:
        return False
    text = filled[0]
    if len(_WORD.findall(text)) < 2 or not re.search(r"\s", text.strip()):
        return False
    return after_gap or bool(_NOTE_START.match(text))


# ── what a person is told ──────────────────────────────────────────────────────────

def notices(table: Table) -> list[str]:
    """Sentences saying how the table was found, when it was not simply row 1 of the
    first sheet (the header row, empty columns, lines set aside, the sheet chosen), and
    which workbook numbers were displayed otherwise than they are exported."""
    said: list[str] = []
    if table.sheet_scores and len(table.sheet_scores) > 1 and table.sheet:
        said.append(_sheet_sentence(table.sheet, table.sheet_scores))
    if table.header_row > 1:
        said.append(
            _("Header found on row {row}; row 1 is skipped.").format(row=table.header_row)
            if table.header_row == 2
            else _("Header found on row {row}; rows 1–{last} are skipped.").format(
                row=table.header_row, last=table.header_row - 1))
    if table.skipped_columns:
        last = column_letter(table.skipped_columns - 1)
        said.append(_("Column A is empty and skipped.") if table.skipped_columns == 1
                    else _("Columns A–{last} are empty and skipped.").format(last=last))
    if table.trailing_rows:
        parts = [(_("row {row} (a total line)") if line.kind == "total"
                  else _("row {row} (a note)")).format(row=line.row)
                 for line in table.trailing_rows]
        said.append(ngettext(
            "{rows} below the table is not a customer: it is not checked and left out of the "
            "corrected file.",
            "{rows} below the table are not customers: they are not checked and left out of "
            "the corrected file.", len(parts)).format(rows=_capital(_and(parts))))
    if table.number_formats_lost:
        said.append(_("The workbook's formats could not be read, so numbers are read without "
                      "their number formats: a date may show as a number (e.g. 45292) and an "
                      "ID may lose its leading zeros. Check those columns, or open the file in "
                      "Excel and save it again as XLSX."))
    return said + display_sentences(table)


def _sheet_sentence(chosen: str, scores: Sequence[tuple[str, int]]) -> str:
    counts = dict(scores)
    others = [_("{name} has {columns}").format(name=name, columns=_columns(count)) if count
              else _("{name} has none").format(name=name)
              for name, count in scores if name != chosen]
    return _("Sheet {name} was read: its header has {columns}; {others}.").format(
        name=chosen, columns=_columns(counts.get(chosen, 0)), others="; ".join(others))


def _columns(count: int) -> str:
    return ngettext("{count} Upflow column", "{count} Upflow columns", count).format(
        count=count)


def _and(parts: Sequence[str]) -> str:
    """`parts` as a list in a sentence ("a, b and c"), in the current language."""
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def settle(text: str, sep: str, at: Located) -> Located:
    """`at` moved to the first non-empty record at or after it (with the separator
    finally used): the header the reading paths take, whose row is then known."""
    for number, start, record in _records(text[at.chars:], sep, 4 * SCAN_ROWS):
        if any(record):
            return Located(at.records + number - 1, at.chars + start, at.score)
    return at


def shifted(frame: pd.DataFrame, ragged: Sequence[Finding], records: int
            ) -> tuple[pd.DataFrame, list[Finding]]:
    """Row numbers counted from a header `records` records down the file."""
    if not records:
        return frame, list(ragged)
    frame = frame.copy(deep=False)
    frame.index = frame.index + records
    return frame, [replace(item, row=None if item.row is None else item.row + records)
                   for item in ragged]


def past_the_end(row: int, what: str | None = None) -> Finding:
    """`file_empty` for a header row given below the last line of the file. `what` is
    the subject of the sentence, in the current language ("The workbook"); the file
    when None."""
    return finding("file_empty", detail=_(
        "{what} has nothing on row {row} or below it: the header row given is past its "
        "last line. Give the row of the column names, or leave the header row to be "
        "detected.").format(what=what or _("The file"), row=row))
