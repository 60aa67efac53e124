"""How a workbook displays a number, as far as it changes what the cell means to Upflow.

A workbook stores a number and a format that decides how it looks. Preflight reads
the stored number (a Number field gets the plain number, whatever its currency,
thousands separators or decimals), with one exception and two things said:

* **Zero padding is applied.** A whole number under a format made only of zeros
  (`000000`, Excel's "Special › Zip code" `00000`) is the text Excel shows: an ID 201
  formatted `000000` is `000201`. That is how spreadsheets keep the zeros of IDs and
  postcodes, and the padded text is still the same number wherever a number is read.
* **A rounded display** (12.3456 shown `12.35`, or `1.23E+11`) and **a percentage**
  (0.15 shown `15%`) are noted: the stored value is what is checked and exported, and
  the person is told so, with an example, since it is not what they saw.

XLSX and XLS give a format code (`display_of`); ODS gives the text LibreOffice showed
(`ods_display`). `DisplayLog` collects the noted cells of a sheet by sheet position
until the reader knows where the table is (`summarise`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from checks.i18n import _, counted, ngettext
from checks.model.table import ShownDifferently, Table
from checks.read.cells import cell_text

#: The two ways a display changes what a number means (ShownDifferently.kind).
ROUNDED, PERCENT = "rounded", "percent"

#: Examples kept per column and kind: the first ones that fall inside the table.
_EXAMPLES = 4

_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.|_.|\*.")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_DATE_PARTS = re.compile(r"[yYdDhHsS]|[mM](?![^\[]*\])|AM/PM|A/P", re.IGNORECASE)


@dataclass(frozen=True)
class NumberDisplay:
    """What a number format does to a number, in the respects that matter here."""

    pad: int = 0                 # minimum digits of a whole number (`000000` → 6)
    decimals: int | None = None  # digits shown after the point; None: as many as needed
    percent: bool = False        # shown multiplied by 100, with `%`
    scientific: bool = False     # shown as `1.23E+11`


@dataclass(frozen=True)
class Reading:
    """A number cell as read: its text, and what its display hid, if anything."""

    text: str
    kind: str | None = None   # ROUNDED, PERCENT or None
    shown: str = ""           # what the workbook showed, for the notice's example


@lru_cache(maxsize=512)
def display_of(code: str | None) -> NumberDisplay | None:
    """The display of an Excel number format code, or None when it shows the number
    as it is (General, text, a date or time, which openpyxl and xlrd already turned
    into dates)."""
    if not code:
        return None
    section = _first_section(code)
    bare = _BRACKETS.sub("", _ESCAPED.sub("", _QUOTED.sub("", section))).strip()
    if not bare or bare.lower() == "general" or bare == "@" or _DATE_PARTS.search(bare):
        return None
    if re.fullmatch(r"0{2,}", section.strip()):
        return NumberDisplay(pad=len(section.strip()))
    mantissa = re.split(r"[eE][+-]", bare, maxsplit=1)[0]
    scientific = mantissa != bare
    if not re.search(r"[0#?]", mantissa):
        return None
    point = mantissa.find(".")
    decimals = 0 if point < 0 else len(re.findall(r"[0#?]", mantissa[point + 1:]))
    return NumberDisplay(decimals=decimals, percent="%" in bare, scientific=scientific)


def _first_section(code: str) -> str:
    """The part of a format for positive numbers (sections are split by `;` outside
    quotes)."""
    inside = False
    for index, char in enumerate(code):
        if char == '"':
            inside = not inside
        elif char == ";" and not inside:
            return code[:index]
    return code


def read_number(value: int | float, display: NumberDisplay | None) -> Reading:
    """The cell's text under its display: the stored number (zero-padded when the
    format only pads), with what a rounded or percent display showed instead."""
    text = cell_text(value)
    if display is None:
        return Reading(text)
    whole = float(value).is_integer()
    if display.pad:
        if whole and abs(value) < 1e15:
            number = int(value)
            sign = "-" if number < 0 else ""
            return Reading(f"{sign}{abs(number):0{display.pad}d}")
        return Reading(text, ROUNDED, f"{round(value):0{display.pad}d}")
    decimals = display.decimals or 0
    if display.percent:
        return Reading(text, PERCENT, f"{value * 100:.{decimals}f}%")
    if display.scientific:
        shown = f"{value:.{decimals}E}"
        return Reading(text, ROUNDED, shown) if float(shown) != value else Reading(text)
    if display.decimals is not None and not whole:
        shown = f"{value:.{decimals}f}"
        if cell_text(float(shown)) != text:
            return Reading(text, ROUNDED, shown)
    return Reading(text)


def ods_display(value: float, value_type: str, shown: str) -> Reading:
    """An ODS number cell: LibreOffice saves the text it displayed beside the value,
    so the display is read from it (zero padding applied, a rounded or percent display
    noted) rather than from the cell's style."""
    text = cell_text(value)
    shown = shown.strip()
    if value_type == "percentage":
        return Reading(text, PERCENT, shown or f"{value * 100:g}%")
    if not shown:
        return Reading(text)
    if re.fullmatch(r"-?0[0-9]+", shown) and float(value).is_integer() \
            and int(shown) == int(value):
        return Reading(shown)
    readings = _numbers_in(shown)
    if readings and all(abs(number - value) > 1e-9 * max(1.0, abs(value))
                        for number in readings):
        return Reading(text, ROUNDED, shown)
    return Reading(text)


def _numbers_in(shown: str) -> list[float]:
    """The numbers a displayed text can mean (`1,234` is 1234 or 1.234): empty when it
    is not a number at all (then nothing is said about it)."""
    bare = re.sub(r"[\s\u00a0\u202f'’]|[^\d.,eE+-]", "", shown)
    candidates = {bare.replace(",", ""), bare.replace(".", "").replace(",", "."),
                  bare.replace(",", ".")}
    numbers: list[float] = []
    for candidate in candidates:
        try:
            numbers.append(float(candidate))
        except ValueError:
            continue
    return numbers


@dataclass
class DisplayLog:
    """The noted number cells of one sheet, by sheet position (row number, column
    index from 0), until the reader knows which of them are in the table."""

    rows: dict[tuple[int, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    examples: dict[tuple[int, str], list[tuple[int, str, str]]] = field(
        default_factory=lambda: defaultdict(list))

    def add(self, row: int, column: int, reading: Reading) -> None:
        if reading.kind is None:
            return
        key = (column, reading.kind)
        self.rows[key].append(row)
        if len(self.examples[key]) < _EXAMPLES:
            self.examples[key].append((row, reading.shown, reading.text))

    def summarise(self, records: pd.Index, skipped_columns: int, width: int
                  ) -> tuple[ShownDifferently, ...]:
        """One entry per column and kind, counting only the table's records (not a
        title above it, nor a total below it), by the column's position in the Table."""
        kept = set(records.tolist()) if self.rows else set()
        said: list[ShownDifferently] = []
        for (column, kind), rows in sorted(self.rows.items()):
            position = column - skipped_columns
            inside = [row for row in rows if row in kept]
            if not inside or not 0 <= position < width:
                continue
            row, shown, stored = next(
                ((r, s, t) for r, s, t in self.examples[(column, kind)] if r in kept),
                (inside[0], "", ""))
            said.append(ShownDifferently(position, kind, len(inside), row, shown, stored))
        return tuple(said)


def display_sentences(table: Table) -> list[str]:
    """One sentence per column whose workbook display is not the value exported."""
    said: list[str] = []
    for note in table.shown_differently:
        column = (table.headers[note.position]
                  or _("column {number}").format(number=note.position + 1))
        cells = counted(note.cells, "{count} cell", "{count} cells")
        example = (_(" (row {row} shows {shown} for {stored})").format(
            row=note.row, shown=note.shown, stored=note.stored)
            if note.shown and note.stored else "")
        if note.kind == PERCENT:
            sentence = ngettext(
                "{column}: {cells} is shown as a percentage in the workbook{example}; the "
                "value stored in the cell is what is checked and exported.",
                "{column}: {cells} are shown as a percentage in the workbook{example}; the "
                "value stored in the cell is what is checked and exported.", note.cells)
        else:
            sentence = ngettext(
                "{column}: {cells} is shown rounded in the workbook{example}; the value "
                "stored in the cell is what is checked and exported.",
                "{column}: {cells} are shown rounded in the workbook{example}; the value "
                "stored in the cell is what is checked and exported.", note.cells)
        said.append(sentence.format(column=column, cells=cells, example=example))
    return said
