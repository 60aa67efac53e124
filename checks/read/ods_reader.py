"""ODS (LibreOffice, OpenDocument spreadsheet) → Table, every cell as the text a person
sees, exactly as an XLSX workbook of the same sheet reads (`cell_text`, `sheet_table`).

The sheet XML (`content.xml`) is streamed with defusedxml's `iterparse`, one row at a
time, using odfpy's names for the OpenDocument namespaces: odfpy's own loader builds
an object for every element of the document (a large sheet would sit in memory many
times over) and prints a part it cannot parse to the standard output, so it is not
used to read uploads. A cell's value is its stored value, not its formatted display:
a number as `cell_text` writes it (an ID 123456789012 without `.0` or exponent; the
display LibreOffice saved beside it keeps the zeros of a `000000` ID and notes a
rounded or percent display, `checks.read.number_display`),
`office:date-value` as a date, `office:boolean-value` as true/false (Upflow's form), text as written
(paragraphs joined by line breaks, `text:s` runs of spaces kept, comments left out).
A formula gives the value LibreOffice last calculated and saved.

Hostile files: the ZIP directory is checked by the XLSX guard (`refuse_expansion`)
before anything is decompressed; a part declaring a DTD or entities (billion laughs,
XXE) is refused by defusedxml before anything is expanded or fetched; runs of repeated
cells and rows are expanded only when they hold something, within MAX_REPEATED_CELLS,
and a row may not be wider than MAX_COLUMNS.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from odf.namespaces import OFFICENS, STYLENS, TABLENS, TEXTNS

from checks.i18n import N_, _, number
from checks.model.limits import MAX_COLUMNS, MAX_REPEATED_CELLS
from checks.model.table import Table
from checks.read.cells import cell_text
from checks.read.common import NotReadable
from checks.read.header import HeaderFinder
from checks.read.number_display import DisplayLog, Reading, ods_display
from checks.read.sheets import NO_ROWS, SheetRows, choose_sheet, sheet_table, trim_cells
from checks.read.sniff import ODS_NAME
from checks.read.zip_guard import IF_TRUSTED, refuse_expansion

SPREADSHEET_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
_RESAVE = N_("Open it in LibreOffice and save it again as ODS, XLSX or CSV UTF-8.")

_TABLE, _ROW, _CELL = f"{{{TABLENS}}}table", f"{{{TABLENS}}}table-row", f"{{{TABLENS}}}table-cell"
_COVERED = f"{{{TABLENS}}}covered-table-cell"
_NAME, _STYLE = f"{{{TABLENS}}}name", f"{{{TABLENS}}}style-name"
_ROWS_REPEATED = f"{{{TABLENS}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{TABLENS}}}number-columns-repeated"
_DISPLAY = f"{{{TABLENS}}}display"
_VALUE_TYPE, _VALUE = f"{{{OFFICENS}}}value-type", f"{{{OFFICENS}}}value"
_DATE, _TIME = f"{{{OFFICENS}}}date-value", f"{{{OFFICENS}}}time-value"
_BOOLEAN, _STRING = f"{{{OFFICENS}}}boolean-value", f"{{{OFFICENS}}}string-value"
_STYLE_ELEMENT, _STYLE_NAME = f"{{{STYLENS}}}style", f"{{{STYLENS}}}name"
_TABLE_PROPERTIES = f"{{{STYLENS}}}table-properties"
_P, _H = f"{{{TEXTNS}}}p", f"{{{TEXTNS}}}h"
_SPACES, _TAB, _BREAK = f"{{{TEXTNS}}}s", f"{{{TEXTNS}}}tab", f"{{{TEXTNS}}}line-break"
_COUNT = f"{{{TEXTNS}}}c"
_NUMBERS = ("float", "percentage", "currency")
_EMPTY = Reading("")
_DURATION = re.compile(r"(-)?PT?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?")


@dataclass
class _Sheets:
    """What one pass over content.xml found: sheet names in order, their rows, and
    which are hidden (`table:display="false"` in the table's style)."""

    names: list[str] = field(default_factory=list)
    rows: dict[str, SheetRows] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)


def read_ods(data: bytes, name: str, sheet: str | None = None,
             finder: HeaderFinder | None = None) -> Table:
    """The table of an ODS file's sheet (the named one, else the one whose header names
    the most Upflow columns: `checks.read.sheets.choose_sheet`).

    Raises UnreadableFileError only when `sheet` names no sheet of the file; a damaged
    file is NotReadable (it becomes a `file_unreadable` finding).
    """
    found = _read_sheets(data)
    names = tuple(found.names)
    finder = finder or HeaderFinder()
    chosen = choose_sheet(names, sheet, name, finder,
                          rows_of=lambda title, _limit: found.rows.get(title, NO_ROWS),
                          hidden=lambda title: title in found.hidden)
    return sheet_table(name, names, chosen, finder)


def ods_sheet_names(data: bytes) -> tuple[str, ...]:
    """The sheets that hold something, in order; empty for a file that cannot be read."""
    try:
        found = _read_sheets(data)
    except Exception:  # NotReadable, or anything a damaged file raises
        return ()
    return tuple(title for title in found.names if found.rows[title].rows)


def _read_sheets(data: bytes) -> _Sheets:
    content = _content_xml(data)
    try:
        found = _parse(content)
    except NotReadable:
        raise
    except DefusedXmlException:
        raise NotReadable(_(
            "This spreadsheet contains XML declarations (a DTD or entities), which "
            "LibreOffice never writes and which can make a file expand enormously or "
            "read other files, so Preflight does not open it.") + " " + _(IF_TRUSTED)) from None
    except (ParseError, ValueError, RecursionError):
        raise NotReadable(_damaged(_("its content is damaged, or was not written the way "
                                   "LibreOffice writes it"))) from None
    except MemoryError:
        raise NotReadable(_("This spreadsheet is too large to open with the memory "
                            "available. Split the data into smaller files, or save it as "
                            "CSV UTF-8, and check each file.")) from None
    if not found.names:  # LibreOffice always writes at least one sheet
        raise NotReadable(_damaged(_("it holds no sheet")))
    return found


def _content_xml(data: bytes) -> bytes:
    """content.xml, after the ZIP directory has passed the bomb guard and the file has
    been found to be an unencrypted spreadsheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            refuse_expansion(entries)
            names = {entry.filename for entry in entries}
            kind = archive.read("mimetype").strip() if "mimetype" in names else b""
            if kind != SPREADSHEET_TYPE.encode():
                raise NotReadable(_("This file is an OpenDocument file but not a "
                                    "spreadsheet (perhaps a text document).") + " "
                                  + _(_RESAVE))
            manifest = (archive.read("META-INF/manifest.xml")
                        if "META-INF/manifest.xml" in names else b"")
            if b"encryption-data" in manifest:
                raise NotReadable(_("This spreadsheet is protected by a password, so "
                                    "Preflight cannot open it. Open it in LibreOffice, save "
                                    "it without the password, and upload it again."))
            if "content.xml" not in names:
                raise NotReadable(_damaged(_("it has no content part")))
            return archive.read("content.xml")
    except NotReadable:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise NotReadable(_damaged(_("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)"))) from None


def _damaged(reason: str) -> str:
    return (_("This file, {format}, cannot be opened: {reason}.").format(
        format=_(ODS_NAME), reason=reason) + " " + _(_RESAVE))


def _parse(content: bytes) -> _Sheets:
    found = _Sheets()
    hidden_styles: set[str] = set()
    budget = _Budget()
    stack: list[Element] = []
    sheet: _SheetBuilder | None = None
    in_cells = 0  # how many cells the parser is inside: a table in a cell is not a sheet
    for event, element in iterparse(io.BytesIO(content), events=("start", "end"),
                                    forbid_dtd=True):
        if event == "start":
            stack.append(element)
            if element.tag in (_CELL, _COVERED):
                in_cells += 1
            elif element.tag == _TABLE and sheet is None:
                title = element.get(_NAME) or f"Sheet{len(found.names) + 1}"
                sheet = _SheetBuilder(title, budget)
                if element.get(_STYLE) in hidden_styles:
                    found.hidden.add(title)
            continue
        stack.pop()
        if element.tag in (_CELL, _COVERED):
            in_cells -= 1
        elif in_cells or sheet is None or not stack:
            if element.tag == _STYLE_ELEMENT and _hides_table(element):
                hidden_styles.add(element.get(_STYLE_NAME, ""))
        elif element.tag == _ROW:
            sheet.add_row(element)
            stack[-1].remove(element)  # the row is read: drop it, memory stays flat
        elif element.tag == _TABLE:
            found.names.append(sheet.title)
            found.rows[sheet.title] = SheetRows(sheet.rows, sheet.numbers, sheet.displays)
            sheet = None
            stack[-1].remove(element)
    return found


def _hides_table(style: Element) -> bool:
    return any(child.tag == _TABLE_PROPERTIES and child.get(_DISPLAY) == "false"
               for child in style)


@dataclass
class _Budget:
    """The cells repetition has added so far, across the sheets."""

    repeated: int = 0

    def spend(self, cells: int) -> None:
        self.repeated += cells
        if self.repeated > MAX_REPEATED_CELLS:
            raise NotReadable(_(
                "This spreadsheet repeats cells far more than any real sheet (it declares "
                "more than {count} repeated cells), so Preflight does not open it.").format(
                    count=number(MAX_REPEATED_CELLS)) + " " + _(IF_TRUSTED))


class _SheetBuilder:
    """A sheet's non-empty rows as text, numbered as LibreOffice shows them."""

    def __init__(self, title: str, budget: _Budget) -> None:
        self.title = title
        self.budget = budget
        self.rows: list[list[str]] = []
        self.numbers: list[int] = []
        self.displays = DisplayLog()
        self.next_number = 1

    def add_row(self, row: Element) -> None:
        repeat = _count(row.get(_ROWS_REPEATED))
        noted: list[tuple[int, Reading]] = []
        cells = trim_cells(list(self._cells(row, noted)))
        if cells:
            self.budget.spend((repeat - 1) * len(cells))
            for offset in range(repeat):
                self.rows.append(cells if offset == 0 else list(cells))
                self.numbers.append(self.next_number + offset)
                for column, reading in noted:
                    self.displays.add(self.next_number + offset, column, reading)
        self.next_number += repeat

    def _cells(self, row: Element, noted: list[tuple[int, Reading]]) -> Iterator[str]:
        """The row's cells as text; a run of empty cells is yielded only when a value
        follows it, so trailing runs (LibreOffice pads rows to 1,024 columns or more)
        cost nothing. Number cells whose display hides their value go to `noted`."""
        width = 0
        empty = 0  # the empty cells since the last value...
        written = 0  # ...and the elements that wrote them and the value
        for cell in row:
            if cell.tag not in (_CELL, _COVERED):
                continue
            repeat = _count(cell.get(_COLUMNS_REPEATED))
            written += 1
            reading = _cell_reading(cell, self.budget) if cell.tag == _CELL else _EMPTY
            if reading.text == "":
                empty += repeat
                continue
            if reading.kind is not None:
                noted += [(width + empty + offset, reading) for offset in range(repeat)]
            width += empty + repeat
            if width > MAX_COLUMNS:
                raise NotReadable(_(
                    "A row of sheet '{sheet}' has more than {count} columns, more than a "
                    "spreadsheet can have, so this file is damaged or not a real "
                    "spreadsheet.").format(sheet=self.title, count=number(MAX_COLUMNS))
                    + " " + _(_RESAVE))
            self.budget.spend(empty + repeat - written)
            yield from [""] * empty
            yield from [reading.text] * repeat
            empty = written = 0


def _count(value: str | None) -> int:
    """A repetition count: 1 when absent or not a positive number."""
    if value is None:
        return 1
    try:
        return max(int(value), 1)
    except ValueError:
        return 1


def _cell_reading(cell: Element, budget: _Budget) -> Reading:
    """The cell's stored value as text (a number under the display LibreOffice saved
    beside it: `ods_display`), else the text shown."""
    kind = cell.get(_VALUE_TYPE)
    value: object = None
    try:
        if kind in _NUMBERS and cell.get(_VALUE) is not None:
            return ods_display(float(cell.get(_VALUE, "")), kind, _shown(cell, budget))
        elif kind == "date" and cell.get(_DATE):
            value = _date(cell.get(_DATE, ""))
        elif kind == "time" and cell.get(_TIME):
            value = _duration(cell.get(_TIME, ""))
        elif kind == "boolean" and cell.get(_BOOLEAN):
            value = cell.get(_BOOLEAN, "").strip().lower() in ("true", "1")
        elif kind == "string" and cell.get(_STRING) is not None:
            value = cell.get(_STRING)
    except (ValueError, OverflowError):
        value = None  # a value LibreOffice would not write: the text shown instead
    if value is None:
        return Reading(_shown(cell, budget))
    return Reading(cell_text(value))


def _shown(cell: Element, budget: _Budget) -> str:
    """The text LibreOffice displayed in the cell (its paragraphs)."""
    return "\n".join(_paragraph_text(child, budget) for child in cell
                     if child.tag in (_P, _H))


def _date(text: str) -> dt.date:
    if "T" in text:
        return dt.datetime.fromisoformat(text[:26])
    return dt.date.fromisoformat(text[:10])


def _duration(text: str) -> dt.time | dt.timedelta:
    """An ISO duration (PT12H30M00S) as a time of day, or as a duration from 24 hours."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    sign, hours, minutes, seconds = match.groups()
    span = dt.timedelta(hours=int(hours or 0), minutes=int(minutes or 0),
                        seconds=float(seconds or 0))
    if sign:
        return -span
    if span < dt.timedelta(days=1):
        return (dt.datetime.min + span).time()
    return span


def _paragraph_text(element: Element, budget: _Budget) -> str:
    """A paragraph's text: spans and links inlined, `text:s` as its spaces (repeated
    spaces count against the repetition budget like cells), tabs and line breaks as
    themselves."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _SPACES:
            spaces = _count(child.get(_COUNT))
            budget.spend(spaces - 1)
            parts.append(" " * spaces)
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _BREAK:
            parts.append("\n")
        elif not child.tag.startswith(f"{{{OFFICENS}}}"):  # office:annotation: a comment
            parts.append(_paragraph_text(child, budget))
        parts.append(child.tail or "")
    return "".join(parts)
