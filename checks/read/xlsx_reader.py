"""XLSX → Table, every cell as the text a person sees in Excel.

openpyxl reads the workbook in read-only mode (streams the sheet XML, so a large sheet
does not sit in memory as cell objects) with `data_only=True`: a formula gives the
value Excel last calculated and saved; a formula never calculated (written by a
program) has no such value and reads as "". Links to other workbooks are not even
parsed (`keep_links=False`): a formula that uses one gives its saved value too, and
nothing is ever fetched. Macros (.xlsm) are never run; their cells are data. A number
is read under its cell's number format (`checks.read.number_display`): a `000000` ID
keeps its zeros, a rounded or percent display is noted.

Hostile workbooks: the ZIP directory is checked against the limits of
checks/model/limits.py before anything is decompressed (`_check_container`), and openpyxl
parses XML with defusedxml, which refuses entity declarations (billion laughs,
external entities) instead of expanding them.

Row numbers are the sheet's own: the header is the first row with a value (unless
titles or notes come first: `checks.read.header`), empty rows are skipped without
renumbering, and trailing columns with neither header nor data are dropped (formatting
often makes sheets look wider than their data).
"""

from __future__ import annotations

import io
import operator
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import repeat
from typing import Any

from defusedxml import DefusedXmlException

from checks.i18n import N_, _
from checks.model.errors import UnreadableFileError
from checks.model.table import Table
from checks.read.cells import cell_text
from checks.read.common import NotReadable
from checks.read.header import HeaderFinder
from checks.read.number_display import DisplayLog, display_of, read_number
from checks.read.sheets import ChosenSheet, SheetRows, choose_sheet, sheet_table, trim_cells
from checks.read.xlsx_package import Package, readable_package, workbook_part
from checks.read.xlsx_text import decoded, has_escapes, shared_strings
from checks.read.zip_guard import IF_TRUSTED as _IF_TRUSTED
from checks.read.zip_guard import refuse_expansion as _refuse_expansion

#: The types of a number cell's value (a boolean is not one).
_NUMBERS = frozenset((int, float))

#: A cell's value, at C speed over a row (trailing styled cells cost no Python loop).
_VALUE = operator.attrgetter("value")

_RESAVE = N_("Open it in Excel and save it again as XLSX or CSV UTF-8.")

#: ZIP entries that identify other formats that are also ZIP archives.
_OTHER_ZIP_FORMATS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.bin", N_("an Excel binary workbook (.xlsb)")),
    ("content.xml", N_("an OpenDocument file (.ods)")),
    ("word/document.xml", N_("a Word document")),
    ("ppt/presentation.xml", N_("a PowerPoint presentation")),
)


def read_xlsx(data: bytes, name: str, sheet: str | None = None,
              finder: HeaderFinder | None = None) -> Table:
    """The table of a workbook's sheet (the named one, else the one whose header names
    the most Upflow columns: `checks.read.sheets.choose_sheet`).

    Raises UnreadableFileError only when `sheet` names no sheet of the workbook;
    a damaged workbook is NotReadable (it becomes a `file_unreadable` finding).
    """
    _check_container(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles…): they
            # do not matter for the values, and the caller must not see warnings.
            warnings.simplefilter("ignore")
            return _read_workbook(data, name, sheet, finder or HeaderFinder())
    except (UnreadableFileError, NotReadable):
        raise
    except zipfile.BadZipFile:
        raise NotReadable(_damaged(_("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)"))) from None
    except Exception as error:  # openpyxl raises all sorts of errors on a bad workbook
        raise NotReadable(_failure_message(error)) from None


def sheet_names(data: bytes) -> tuple[str, ...]:
    """The names of a workbook's sheets that hold something, in workbook order: what a
    sheet picker offers (an empty sheet would only give `file_empty`).

    Empty for anything that is not a readable workbook: `read_table` says why, so a
    picker has nothing to add. Read-only like the reader (openpyxl parses with
    defusedxml when it is installed, as it is here), and each sheet is read only up to
    its first non-empty row.
    """
    try:
        _check_container(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dropped features do not matter, as above
            workbook, _package = _opened(data)
            try:
                return tuple(title for title in workbook.sheetnames
                             if _has_content(workbook[title]))
            finally:
                workbook.close()
    except Exception:  # NotReadable, a bad ZIP, or any of openpyxl's errors on a bad file
        return ()


def _has_content(worksheet: object) -> bool:
    """Whether any cell shows text, by the reader's own test (`cell_text`)."""
    return any(any(cell_text(value) != "" for value in _trimmed(values))
               for _number, values in _numbered_rows(worksheet))


def _check_container(data: bytes) -> None:
    """Refuse, from the ZIP directory alone, a workbook that would expand beyond the
    limits of checks/model/limits.py (a "ZIP bomb"), and give a ZIP archive that is not a
    workbook a message naming what it is.

    Nothing is decompressed here, and nothing needs to be: the sizes the directory
    declares bound all the work that follows, because Python's zipfile never returns
    more bytes of an entry than its declared size (an entry whose data would expand
    further fails its CRC check and reads as a damaged file).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise NotReadable(_damaged(_("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)"))) from None
    with archive:
        _refuse_expansion(entries)
        names = {entry.filename for entry in entries}
        if workbook_part(archive, names) is not None:
            return
    for entry, what in _OTHER_ZIP_FORMATS:
        if entry in names:
            raise NotReadable(_("This file is {what}, not an XLSX workbook.").format(
                what=_(what)) + " " + _(_RESAVE))
    raise NotReadable(_("This file is a ZIP archive, not an XLSX workbook.") + " "
                      + _(_RESAVE))


def _load_workbook(*args: object, **kwargs: object) -> Any:
    """openpyxl's `load_workbook`, imported on first use: openpyxl takes a tenth of a
    second to import, which reading a CSV file should not pay."""
    from openpyxl import load_workbook

    return load_workbook(*args, **kwargs)


def _damaged(reason: str) -> str:
    return (_("This XLSX workbook cannot be opened: {reason}.").format(reason=reason) + " "
            + _(_RESAVE))


def _failure_message(error: BaseException) -> str:
    """What went wrong opening a workbook, in words a person can act on."""
    return _refusal(error) or _damaged(_("its content is damaged, or was not written the "
                                         "way Excel writes it"))


def _refusal(error: BaseException) -> str | None:
    """Why the workbook is refused, when the error or one of its causes says it is
    built to hurt or too large (openpyxl wraps parsing errors in a ValueError of its
    own); None for any other failure."""
    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(cause, DefusedXmlException) or "amplification" in str(cause)
           for cause in causes):
        # Entity declarations: Excel never writes them, and they are how an "XML bomb"
        # (billion laughs) or a request to read files from the server is built.
        return (_("This workbook contains XML entity declarations, which Excel never "
                  "writes and which can make a file expand enormously or read other files, "
                  "so Preflight does not open it.") + " " + _(_IF_TRUSTED))
    if any(isinstance(cause, MemoryError) for cause in causes):
        return _("This XLSX workbook is too large to open with the memory available. Split "
                 "the data into smaller workbooks, or save it as CSV UTF-8, and check each "
                 "file.")
    if any(isinstance(cause, RecursionError) for cause in causes):
        return _damaged(_("its XML is nested far deeper than Excel ever writes it"))
    return None


def _read_workbook(data: bytes, name: str, sheet: str | None, finder: HeaderFinder) -> Table:
    workbook, package = _opened(data)
    try:
        names = tuple(workbook.sheetnames)
        chosen = _choose_sheet(workbook, names, sheet, name, finder,
                               formats=not package.without_styles)
    finally:
        workbook.close()
    table = sheet_table(name, names, chosen, finder)
    return replace(table, number_formats_lost=True) if package.without_styles else table


def _opened(data: bytes) -> tuple[Any, Package]:
    """openpyxl's read-only workbook of the package made readable (`readable_package`),
    and that package. The styles only decide how numbers look: a workbook whose
    stylesheet openpyxl fails on is opened again without it rather than refused."""
    package = readable_package(data)
    try:
        return _open(package), package
    except Exception as error:
        if package.without_styles or _refusal(error) is not None:
            raise  # not a workbook openpyxl merely misreads: too deep, too large, a bomb
    package = readable_package(data, drop_styles=True)
    return _open(package), package


def _open(package: Package) -> Any:
    """openpyxl's read-only workbook of the package, its shared strings as written
    (`checks.read.xlsx_text`: openpyxl half-decodes their escapes)."""
    workbook = _load_workbook(io.BytesIO(package.data), read_only=True, data_only=True,
                              keep_links=False)
    try:
        _keep_escapes(workbook, package.data)
    except Exception:
        workbook.close()
        raise
    return workbook


def _keep_escapes(workbook: Any, data: bytes) -> None:
    """Every worksheet of a read-only workbook shares one list of shared strings:
    when the table holds an escape, that list is refilled with the texts as written."""
    worksheets = [sheet for sheet in workbook.worksheets if hasattr(sheet, "_shared_strings")]
    if not worksheets or not worksheets[0]._shared_strings:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = _shared_strings_part(archive)
        if part is None or not has_escapes(archive.read(part)):
            return
        with archive.open(part) as source:
            worksheets[0]._shared_strings[:] = shared_strings(source)


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """Where the shared strings are (openpyxl finds them by content type too)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    found = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml"))).find(
        SHARED_STRINGS)
    return None if found is None else found.PartName[1:]


def _choose_sheet(workbook: object, names: tuple[str, ...], sheet: str | None,
                  file_name: str, finder: HeaderFinder, *, formats: bool) -> ChosenSheet:
    """`choose_sheet` of openpyxl's worksheets (a chartsheet has no rows); numbers are
    read under their formats when `formats`."""
    return choose_sheet(
        names, sheet, file_name, finder,
        rows_of=lambda title, limit: _sheet_rows(workbook[title],  # type: ignore[index]
                                                 limit, formats=formats),
        hidden=lambda title: getattr(workbook[title],  # type: ignore[index]
                                     "sheet_state", "visible") != "visible")


def _sheet_rows(worksheet: object, limit: int | None = None, *,
                formats: bool = True) -> SheetRows:
    """Non-empty rows as text, each cut after its last non-empty cell (the first
    `limit` of them only, when given: enough to find and score the header). A number
    is read under its cell's format (`checks.read.number_display`) when `formats`;
    a text has its `_xHHHH_` escapes decoded (`checks.read.xlsx_text`)."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    displays = DisplayLog()
    for number, cells in _numbered_cells(worksheet):
        texts: list[str] = []
        for column, cell in enumerate(cells):
            value = cell.value
            if type(value) is str:
                texts.append(decoded(value))
                continue
            display = (display_of(cell.number_format)
                       if formats and type(value) in _NUMBERS else None)
            if display is None:
                texts.append(cell_text(value))
            else:
                reading = read_number(value, display)
                displays.add(number, column, reading)
                texts.append(reading.text)
        texts = trim_cells(texts)
        if texts:
            rows.append(texts)
            numbers.append(number)
            if limit is not None and len(rows) >= limit:
                break
    return SheetRows(rows, numbers, displays)


def _numbered_cells(worksheet: object) -> Iterator[tuple[int, Sequence[Any]]]:
    """(sheet row number, cells up to the last one holding a value)."""
    for number, cells in _numbered_rows(worksheet, values_only=False):
        yield number, cells[:len(_trimmed(list(map(_VALUE, cells))))]


def _trimmed(values: Sequence[object]) -> Sequence[object]:
    """The values up to the last one that is not None.

    openpyxl pads a row with None up to its last cell, and a cell that only carries
    formatting counts: a styled cell in column XFD makes a row 16,384 values long.
    The end is found at C speed (`map` of a C function, `list.index`), so such rows
    cost no Python loop over their empty cells; a full row is returned as it is."""
    if not values or values[-1] is not None:
        return values
    present = list(map(operator.is_not, values, repeat(None)))
    present.reverse()
    try:
        return values[:len(present) - present.index(True)]
    except ValueError:  # no value at all
        return ()


def _numbered_rows(worksheet: object, *, values_only: bool = True
                   ) -> Iterator[tuple[int, Sequence[Any]]]:
    """(sheet row number, values, or cells when not `values_only`). A chartsheet has
    no cells. The stored dimensions are forgotten first: some programs write a wrong
    one, and read-only mode would then silently cut the sheet."""
    if not hasattr(worksheet, "iter_rows"):
        return iter(())
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()
    return enumerate(worksheet.iter_rows(values_only=values_only), start=1)
