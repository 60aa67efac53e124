"""Reading an uploaded file into a Table: every cell as text, with its row number.

`read_table` is the one entry point. It looks at the content rather than the name
(a ZIP container is an XLSX workbook, or an ODS spreadsheet when it starts as one; an
OLE container is an old Excel 97-2003 .xls workbook; text is CSV; anything else is
refused with a message naming what it looks like) and never raises for bad data: what
is wrong with the file becomes findings in `Table.findings` — `file_unreadable` (with an empty
table) when the file cannot be read at all, `file_empty`, `encoding_converted`,
`ragged_row`, `duplicate_header` otherwise.

The only exceptions: UnreadableFileError when the caller asks for a sheet the
workbook does not have (the message lists the sheets), and UsageError for a
separator that is not one of ; , | or tab (or a size limit that is not a positive number).

A file larger than `max_size_mb` (default: the app's upload limit, MAX_UPLOAD_MB)
is refused with a `file_unreadable` message before anything else is done with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from checks.i18n import _
from checks.model.errors import UsageError
from checks.model.findings import finding, findings_frame
from checks.model.limits import MAX_UPLOAD_MB, MEGABYTE, megabytes
from checks.model.separators import SEPARATORS, check_input_separator
from checks.model.table import Table
from checks.read.cells import cell_text
from checks.read.common import NotReadable, empty_frame
from checks.read.csv_reader import detect_separator, read_csv, read_csv_file
from checks.read.header import HeaderFinder, notices
from checks.read.ods_reader import ods_sheet_names, read_ods
from checks.read.sniff import Kind, kind_of
from checks.read.xls_reader import read_xls, xls_sheet_names
from checks.read.xlsx_reader import read_xlsx
from checks.read.xlsx_reader import sheet_names as xlsx_sheet_names

__all__ = ["SEPARATORS", "cell_text", "detect_separator", "notices", "read_file",
           "read_table", "sheet_names", "unreadable_table"]

_WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

#: What `kind_of` looks at: signatures and the start of a markup document.
_SNIFF_BYTES = 4096


def read_table(data: bytes, name: str, *, sheet: str | None = None,
               separator: str | None = None, max_size_mb: float = MAX_UPLOAD_MB,
               header_row: int | None = None, custom_fields: Iterable[str] = ()) -> Table:
    """The file as a Table.

    `sheet` picks a workbook's sheet (default: the one whose header names the most
    Upflow columns, see `checks.read.header`) and is ignored for CSV; `separator`
    forces the CSV separator (default: detected) and is ignored for workbooks (XLSX,
    XLS, ODS); a file over `max_size_mb` megabytes is refused unread. `header_row` is
    the spreadsheet row of the header (default: detected); `custom_fields` are the
    names of the organization's custom fields, which detection counts as Upflow
    columns.
    """
    _check_options(separator, max_size_mb, header_row)
    finder = HeaderFinder.of(custom_fields, header_row)
    if len(data) > max_size_mb * MEGABYTE:
        return unreadable_table(name, too_large_message(len(data), max_size_mb))
    try:
        kind = kind_of(data)
        if kind is Kind.CSV:
            return read_csv(data, name, separator, finder)
        return _WORKBOOK_READERS[kind](data, name, sheet, finder)
    except NotReadable as problem:
        return unreadable_table(name, _with_name_hint(problem.detail, data, name))


def read_file(path: str | Path, *, sheet: str | None = None,
              separator: str | None = None, max_size_mb: float = MAX_UPLOAD_MB,
              header_row: int | None = None, custom_fields: Iterable[str] = ()) -> Table:
    """`read_table` of a file on disk, named after it; OSError when it cannot be
    opened. A file over `max_size_mb` is refused from its size on disk, unread.

    A UTF-8 CSV file is read by pyarrow straight from the disk (`read_csv_file`), so
    a large file is never held in memory as bytes beside its table; any other file
    (a workbook, another encoding, a file pyarrow refuses) is read into memory and
    goes through `read_table`. The table is the same either way (tests/read/
    test_paths.py compares them).
    """
    path, custom_fields = Path(path), tuple(custom_fields)
    _check_options(separator, max_size_mb, header_row)
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > max_size_mb * MEGABYTE:
            return unreadable_table(path.name, too_large_message(size, max_size_mb))
        start = file.read(_SNIFF_BYTES)
    if _kind_or_none(start) is Kind.CSV:
        table = read_csv_file(path, separator, HeaderFinder.of(custom_fields, header_row))
        if table is not None:
            return table
    return read_table(path.read_bytes(), path.name, sheet=sheet, separator=separator,
                      max_size_mb=max_size_mb, header_row=header_row,
                      custom_fields=custom_fields)


def sheet_names(data: bytes) -> tuple[str, ...]:
    """The names of a workbook's sheets that hold something, in workbook order: what a
    sheet picker offers. Empty for a CSV file and for anything that cannot be read
    (`read_table` says why)."""
    return _SHEET_NAMES.get(_kind_or_none(data), _no_sheets)(data)


def _no_sheets(_data: bytes) -> tuple[str, ...]:
    return ()


_WORKBOOK_READERS = {Kind.XLSX: read_xlsx, Kind.XLS: read_xls, Kind.ODS: read_ods}
_SHEET_NAMES = {Kind.XLSX: xlsx_sheet_names, Kind.XLS: xls_sheet_names,
                Kind.ODS: ods_sheet_names}


def too_large_message(size: int, max_size_mb: float) -> str:
    """The `file_unreadable` message of a file over the size limit."""
    return _("This file is {size}, larger than the {limit} Preflight reads. Split it into "
             "smaller files (for example one per region or per letter of the customer name) "
             "and check each one.").format(
                 size=megabytes(size),
                 limit=_("{size} MB").format(size=format(max_size_mb, ",g")))


def _check_options(separator: str | None, max_size_mb: float,
                   header_row: int | None = None) -> None:
    if separator is not None:
        check_input_separator(separator)
    if header_row is not None and not (isinstance(header_row, int) and header_row >= 1):
        raise UsageError(_("The header row must be a row number (1 or more), not {row}.")
                         .format(row=repr(header_row)))
    if not max_size_mb > 0:
        raise UsageError(_("The size limit must be a positive number of MB, not {size}.")
                         .format(size=max_size_mb))


def unreadable_table(name: str, detail: str) -> Table:
    """An empty table whose only finding is `file_unreadable` with `detail`."""
    findings = findings_frame([finding("file_unreadable", detail=detail)])
    return Table(name=name, headers=(), data=empty_frame(), findings=findings)


def _with_name_hint(detail: str, data: bytes, name: str) -> str:
    """Say so when the name promised a workbook that the content is not."""
    if name.lower().endswith(_WORKBOOK_EXTENSIONS) and _kind_or_none(data) is Kind.CSV:
        extension = name[name.rfind("."):]
        return _("The file is named {extension} but is not an Excel workbook. {detail}").format(
            extension=extension, detail=detail)
    return detail


def _kind_or_none(data: bytes) -> Kind | None:
    """`kind_of` without the exception: None for a format that is neither."""
    try:
        return kind_of(data)
    except NotReadable:
        return None
