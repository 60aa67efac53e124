"""XLSX → Table, every cell as the text a person sees in Excel.

openpyxl reads the workbook in read-only mode (streams the sheet XML, so a large sheet
does not sit in memory as cell objects) with `data_only=True`: a formula gives the
value Excel last calculated and saved; a formula never calculated (written by a
program) has no such value and reads as "". Links to other workbooks are not even
parsed (`keep_links=False`): a formula that uses one gives its saved value too, and
nothing is ever fetched. Macros (.xlsm) are never run; their cells are data.

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

import datetime as dt
import io
import operator
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from defusedxml import DefusedXmlException

from checks.model.errors import UnreadableFileError
from checks.model.findings import findings_frame
from checks.model.limits import (
    MAX_XLSX_EXPANDED_MB,
    MAX_XLSX_RATIO,
    MEGABYTE,
    RATIO_CHECKED_FROM_MB,
    megabytes,
)
from checks.model.table import Table
from checks.read.common import NotReadable, fit, header_findings, text_frame
from checks.read.header import SCAN_ROWS, HeaderFinder, finish, past_the_end

_RESAVE = "Open it in Excel and save it again as XLSX or CSV UTF-8."
_IF_TRUSTED = ("If you trust where it comes from, open it in Excel and save it again as XLSX "
               "or CSV UTF-8.")

#: ZIP entries that identify other formats that are also ZIP archives.
_OTHER_ZIP_FORMATS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.bin", "an Excel binary workbook (.xlsb)"),
    ("content.xml", "an OpenDocument file (.ods)"),
    ("word/document.xml", "a Word document"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
)


@dataclass(frozen=True)
class SheetRows:
    """The non-empty rows of a sheet as text, with their sheet row numbers."""

    rows: list[list[str]]
    numbers: list[int]


def read_xlsx(data: bytes, name: str, sheet: str | None = None,
              finder: HeaderFinder | None = None) -> Table:
    """The table of a workbook's sheet (the named one, else the one whose header names
    the most Upflow columns, the first with data on a tie; see `_choose_sheet`).

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
        raise NotReadable(_damaged("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)")) from None
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
            workbook = _load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                      keep_links=False)
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
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise NotReadable(_damaged("it is damaged or incomplete (perhaps cut off while "
                                   "downloading)")) from None
    _refuse_expansion(entries)
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" in names:
        return
    for entry, what in _OTHER_ZIP_FORMATS:
        if entry in names:
            raise NotReadable(f"This file is {what}, not an XLSX workbook. {_RESAVE}")
    raise NotReadable(f"This file is a ZIP archive, not an XLSX workbook. {_RESAVE}")


def _refuse_expansion(entries: Sequence[zipfile.ZipInfo]) -> None:
    """NotReadable when the parts declare more than MAX_XLSX_EXPANDED_MB in all, or a
    large part expands more than MAX_XLSX_RATIO times its stored size."""
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_XLSX_EXPANDED_MB * MEGABYTE:
        raise NotReadable(
            f"This workbook would expand to {megabytes(expanded)} when opened, more than "
            f"the {MAX_XLSX_EXPANDED_MB:,} MB Preflight opens. Split the data into smaller "
            "workbooks, or save it as CSV UTF-8, and check each file.")
    for entry in entries:
        large = entry.file_size > RATIO_CHECKED_FROM_MB * MEGABYTE
        if large and entry.file_size > MAX_XLSX_RATIO * max(entry.compress_size, 1):
            raise NotReadable(
                "This workbook is built to expand enormously when opened (part of it would "
                f"grow {entry.file_size // max(entry.compress_size, 1):,} times its stored "
                f"size, far beyond any real spreadsheet), so Preflight does not open it. "
                f"{_IF_TRUSTED}")


def _load_workbook(*args: object, **kwargs: object) -> Any:
    """openpyxl's `load_workbook`, imported on first use: openpyxl takes a tenth of a
    second to import, which reading a CSV file should not pay."""
    from openpyxl import load_workbook

    return load_workbook(*args, **kwargs)


def _damaged(reason: str) -> str:
    return f"This XLSX workbook cannot be opened: {reason}. {_RESAVE}"


def _failure_message(error: BaseException) -> str:
    """What went wrong opening a workbook, in words a person can act on (the error
    and its causes: openpyxl wraps parsing errors in a ValueError of its own)."""
    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(cause, DefusedXmlException) or "amplification" in str(cause)
           for cause in causes):
        # Entity declarations: Excel never writes them, and they are how an "XML bomb"
        # (billion laughs) or a request to read files from the server is built.
        return ("This workbook contains XML entity declarations, which Excel never writes "
                "and which can make a file expand enormously or read other files, so "
                f"Preflight does not open it. {_IF_TRUSTED}")
    if any(isinstance(cause, MemoryError) for cause in causes):
        return ("This XLSX workbook is too large to open with the memory available. Split "
                "the data into smaller workbooks, or save it as CSV UTF-8, and check each "
                "file.")
    if any(isinstance(cause, RecursionError) for cause in causes):
        return _damaged("its XML is nested far deeper than Excel ever writes it")
    return _damaged("its content is damaged, or was not written the way Excel writes it")


def _read_workbook(data: bytes, name: str, sheet: str | None, finder: HeaderFinder) -> Table:
    workbook = _load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                              keep_links=False)
    try:
        names = tuple(workbook.sheetnames)
        chosen, content, scores = _choose_sheet(workbook, names, sheet, name, finder)
    finally:
        workbook.close()
    return _table(name, names, chosen, content, finder, scores)


def _choose_sheet(workbook: object, names: tuple[str, ...], sheet: str | None,
                  file_name: str, finder: HeaderFinder
                  ) -> tuple[str | None, SheetRows, tuple[tuple[str, int], ...]]:
    """The requested sheet, or the sheet with data whose header (as `finder` finds
    it) names the most Upflow columns; on a tie the first visible one (then the first
    hidden one: a workbook whose only data is hidden is still that data). With the
    score of each sheet with data, when the content chose."""
    if sheet is not None:
        chosen = _resolve_sheet_name(sheet, names, file_name)
        return chosen, _sheet_rows(workbook[chosen]), ()  # type: ignore[index]
    worksheets = [workbook[title] for title in names]  # type: ignore[index]
    ordered = sorted(worksheets, key=lambda ws: getattr(ws, "sheet_state", "visible") != "visible")
    scored: list[tuple[int, int, object]] = []
    detect = HeaderFinder(finder.keys)  # the sheet is chosen by its detected header
    for order, worksheet in enumerate(ordered):
        top = _sheet_rows(worksheet, limit=SCAN_ROWS)
        if top.rows:
            header = top.rows[_header_index(top, detect)]
            scored.append((finder.score(header), -order, worksheet))
    if not scored:
        return (names[0] if names else None), SheetRows([], []), ()
    best = max(scored, key=lambda item: item[:2])[2]
    scores = tuple((ws.title, score) for score, _order, ws in  # type: ignore[attr-defined]
                   sorted(scored, key=lambda item: -item[1]))
    return best.title, _sheet_rows(best), scores  # type: ignore[attr-defined]


def _header_index(content: SheetRows, finder: HeaderFinder) -> int:
    """Which of the sheet's non-empty rows is the header: the person's row (the first
    non-empty one from it), else the one `finder` chooses."""
    if finder.header_row is not None:
        return next((index for index, number in enumerate(content.numbers)
                     if number >= finder.header_row), len(content.rows))
    return finder.choose(content.rows)


def _resolve_sheet_name(sheet: str, names: Sequence[str], file_name: str) -> str:
    """The exact sheet name, else the one sheet equal ignoring case and surrounding
    spaces (people type sheet names on the command line)."""
    if sheet in names:
        return sheet
    loose = [title for title in names if title.strip().casefold() == sheet.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    available = ", ".join(f"'{title}'" for title in names) or "none"
    raise UnreadableFileError(
        f"The sheet '{sheet}' does not exist in {file_name}. Its sheets are: {available}.")


def _sheet_rows(worksheet: object, limit: int | None = None) -> SheetRows:
    """Non-empty rows as text, each cut after its last non-empty cell (the first
    `limit` of them only, when given)."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, values in _numbered_rows(worksheet):
        cells = [cell_text(value) for value in _trimmed(values)]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            rows.append(cells)
            numbers.append(number)
            if limit is not None and len(rows) >= limit:
                break
    return SheetRows(rows, numbers)


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


def _numbered_rows(worksheet: object) -> Iterator[tuple[int, Sequence[object]]]:
    """(sheet row number, values). A chartsheet has no cells. The stored dimensions
    are forgotten first: some programs write a wrong one, and read-only mode would
    then silently cut the sheet."""
    if not hasattr(worksheet, "iter_rows"):
        return iter(())
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()
    return enumerate(worksheet.iter_rows(values_only=True), start=1)


def _table(name: str, sheets: tuple[str, ...], sheet: str | None, content: SheetRows,
           finder: HeaderFinder, scores: tuple[tuple[str, int], ...] = ()) -> Table:
    """Header = the row `finder` finds (the first non-empty row unless titles or notes
    come first); width = the widest non-empty row from the header on."""
    at = _header_index(content, finder) if content.rows else 0
    rows, numbers = content.rows[at:], content.numbers[at:]
    header_row = (numbers[0] if numbers else finder.header_row
                  or (content.numbers[0] if content.numbers else 1))
    if not rows:
        headers: tuple[str, ...] = ()
        frame = text_frame([], 0, [])
    else:
        width = max(len(row) for row in rows)
        headers = tuple(fit(rows[0], width))
        body = [fit(row, width) for row in rows[1:]]
        frame = text_frame(body, width, numbers[1:])
    done = finish(headers, frame, skipped_rows=at > 0)
    what = f"sheet '{sheet}'" if sheet is not None else "workbook"
    findings = (header_findings(done.headers, done.frame, what=what) if rows or not content.rows
                else [past_the_end(finder.header_row or 1, what)])
    return Table(name=name, headers=done.headers, data=done.frame, sheet=sheet, sheets=sheets,
                 findings=findings_frame(findings), header_row=header_row,
                 skipped_columns=done.skipped_columns, trailing_rows=done.trailing,
                 sheet_scores=scores)


def cell_text(value: object) -> str:
    """The text a person sees in the cell (General format)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.timedelta):
        return _duration_text(value)
    return str(value)


def _number_text(value: float) -> str:
    """No ".0" on whole numbers; 15 significant digits otherwise, as Excel stores
    and shows them (0.1 + 0.2 is 0.3, not 0.30000000000000004)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def _datetime_text(value: dt.datetime) -> str:
    """A date alone when the time is midnight; seconds rounded (Excel stores times as
    fractions of a day, which come back a microsecond off)."""
    try:
        rounded = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    except OverflowError:  # the last second of year 9999
        rounded = value.replace(microsecond=0)
    if rounded.time() == dt.time(0):
        return rounded.date().isoformat()
    return rounded.strftime("%Y-%m-%d %H:%M:%S")


def _duration_text(value: dt.timedelta) -> str:
    """A duration as Excel's [h]:mm:ss."""
    seconds = round(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
