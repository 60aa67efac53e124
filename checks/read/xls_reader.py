"""XLS (Excel 97-2003, the BIFF format old accounting tools still export) → Table,
every cell as the text a person sees, exactly as an XLSX workbook of the same sheet
reads (`cell_text`, `sheet_table`).

xlrd reads the workbook from memory (`file_contents`), never a path, with its log sent
nowhere (it would print warnings about odd records to the standard output). A number
is a float for xlrd: `cell_text` writes a whole one without `.0` (an ID 123456789012,
never `1.23457E+11`), under its cell's number format (xlrd reads the formats too,
`formatting_info`: a `000000` ID keeps its zeros, a rounded or percent display is
noted, `checks.read.number_display`); a cell Excel formats as a date (XL_CELL_DATE)
becomes a date in the workbook's date system (1900 or 1904); a boolean true/false
(Upflow's form); an error its Excel text (`#DIV/0!`); a formula the value Excel last
calculated and saved. A workbook whose formats xlrd cannot read is read without them.

A .xls is at most 65,536 rows of 256 columns and is already under the upload size
limit when it gets here, so xlrd's reading it whole is bounded. A password-protected
(encrypted) or damaged workbook is a plain NotReadable message.
"""

from __future__ import annotations

import io
from typing import Any

from checks.i18n import N_, _
from checks.model.errors import UnreadableFileError
from checks.model.table import Table
from checks.read.cells import cell_text
from checks.read.common import NotReadable
from checks.read.header import HeaderFinder
from checks.read.number_display import DisplayLog, display_of, read_number
from checks.read.sheets import SheetRows, choose_sheet, sheet_table, trim_cells
from checks.read.sniff import XLS_NAME

_RESAVE = N_("Open it in Excel and save it as XLSX or CSV UTF-8.")

#: xlrd's cell type of a number (xlrd.XL_CELL_NUMBER), without importing xlrd here.
_NUMBER = 2


def read_xls(data: bytes, name: str, sheet: str | None = None,
             finder: HeaderFinder | None = None) -> Table:
    """The table of a workbook's sheet (the named one, else the one whose header names
    the most Upflow columns: `checks.read.sheets.choose_sheet`).

    Raises UnreadableFileError only when `sheet` names no sheet of the workbook;
    a damaged or encrypted workbook is NotReadable.
    """
    book = _open(data)
    try:
        sheets = book.sheets()
        names = tuple(worksheet.name for worksheet in sheets)
        by_name = dict(zip(names, sheets, strict=True))
        finder = finder or HeaderFinder()
        chosen = choose_sheet(
            names, sheet, name, finder,
            rows_of=lambda title, _limit: _sheet_rows(book, by_name[title]),
            hidden=lambda title: by_name[title].visibility != 0)
    except (UnreadableFileError, NotReadable):
        raise
    except Exception:  # xlrd raises all sorts of errors on a damaged sheet
        raise NotReadable(_damaged(_("its content is damaged"))) from None
    finally:
        book.release_resources()
    return sheet_table(name, names, chosen, finder)


def xls_sheet_names(data: bytes) -> tuple[str, ...]:
    """The sheets that hold something, in order; empty for a file that cannot be read."""
    try:
        book = _open(data)
        try:
            return tuple(worksheet.name for worksheet in book.sheets()
                         if _sheet_rows(book, worksheet).rows)
        finally:
            book.release_resources()
    except Exception:  # NotReadable, or anything xlrd raises on a damaged file
        return ()


def _open(data: bytes) -> Any:
    """The xlrd Book; NotReadable with the reason when xlrd cannot open it."""
    import xlrd  # on first use: reading a CSV file should not pay for the import

    try:
        try:
            return xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), verbosity=0,
                                      formatting_info=True, on_demand=False)
        except Exception:  # formats damaged or unusual: the values may still read
            return xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), verbosity=0,
                                      formatting_info=False, on_demand=False)
    except xlrd.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise NotReadable(_(
                "This workbook is protected by a password, so Preflight cannot open it. "
                "Remove the password in Excel (File > Info > Protect Workbook > Encrypt "
                "with Password, then clear it), save, and upload it again.")) from None
        if "workbook" in str(error).lower() and "ole2" in str(error).lower():
            raise NotReadable(_(
                "This is an old Office file (OLE compound document) but not an Excel "
                "workbook: perhaps a Word .doc or a PowerPoint .ppt.") + " "
                + _(_RESAVE)) from None
        raise NotReadable(_damaged(_("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)"))) from None
    except MemoryError:
        raise NotReadable(_("This workbook is too large to open with the memory "
                            "available.") + " " + _(_RESAVE)) from None
    except Exception:  # xlrd raises struct, index and assertion errors on damaged files
        raise NotReadable(_damaged(_("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)"))) from None


def _damaged(reason: str) -> str:
    return (_("This file, {format}, cannot be opened: {reason}.").format(
        format=_(XLS_NAME), reason=reason) + " " + _(_RESAVE))


def _sheet_rows(book: Any, worksheet: Any) -> SheetRows:
    """Non-empty rows as text (numbered from 1 as Excel shows them), each cut after its
    last non-empty cell; a number read under its cell's format."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    displays = DisplayLog()
    formats = _FormatCodes(book)
    for index in range(worksheet.nrows):
        texts: list[str] = []
        for column, cell in enumerate(worksheet.row(index)):
            display = display_of(formats.of(cell.xf_index)) if cell.ctype == _NUMBER else None
            if display is None:
                texts.append(_cell_value(book, cell))
            else:
                reading = read_number(cell.value, display)
                displays.add(index + 1, column, reading)
                texts.append(reading.text)
        texts = trim_cells(texts)
        if texts:
            rows.append(texts)
            numbers.append(index + 1)
    return SheetRows(rows, numbers, displays)


class _FormatCodes:
    """The number format code of a cell's XF record (None when the workbook was read
    without formats)."""

    def __init__(self, book: Any) -> None:
        self.xfs = getattr(book, "xf_list", None) or []
        self.formats = getattr(book, "format_map", None) or {}

    def of(self, xf_index: int | None) -> str | None:
        if xf_index is None or not 0 <= xf_index < len(self.xfs):
            return None
        code = self.formats.get(self.xfs[xf_index].format_key)
        return getattr(code, "format_str", None)


def _cell_value(book: Any, cell: Any) -> str:
    """A cell that is not a number, as text."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(_date_value(value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_text(value)  # a date Excel cannot show: the number it holds
    return cell_text(value)


def _date_value(value: float, datemode: int) -> object:
    """A date, a date and time, or a time of day (a date cell under 1 in the 1900 date
    system is a time: Excel shows no date for it)."""
    import xlrd

    if 0 <= value < 1:
        return xlrd.xldate.xldate_as_datetime(value, datemode).time()
    return xlrd.xldate.xldate_as_datetime(value, datemode)
