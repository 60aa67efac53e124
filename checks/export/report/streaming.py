"""Streaming the workbook into a zip archive held in memory: the report's only use of
openpyxl's private API, kept here so that an openpyxl upgrade has one place to look.

Why: openpyxl's own `save` of a write-only workbook spools every sheet to a temporary
file and copies it into the archive at the end. That would put customer data on disk,
where nothing may be written (tests/test_report.py fails if a temporary file is made).
Instead each sheet's XML streams straight into its own entry of the in-memory archive
while rows are appended (large workbooks included: the Data sheet is never whole in
memory as cell objects), and a writer that only *records* the already written sheets
finishes the workbook.

openpyxl is pinned to 3.1.x (pyproject.toml). The private names relied on, all of
them here:

* `openpyxl.worksheet._writer.WorksheetWriter(ws, out=stream)` (a private module): the
  sheet writer, given the zip entry as its output instead of a temporary file.
  `write_top()` writes the sheet's head (widths and frozen panes, so those are set
  before `StreamedSheet.start`); its `xf` (the XML generator) is closed after a
  failure and its `_rels` (the sheet's relations, e.g. to its comments) are handed to
  the workbook writer.
* `ws._writer` (`WriteOnlyWorksheet`): set to that writer before the first row, so
  that the sheet's public `append` and `close` write through it (openpyxl makes a
  temporary-file writer only when none is set).
* `ws._rows`: the row generator the first `append` starts, closed after a failure.
* `ws._id`: the part number of xl/worksheets/sheetN.xml (`ws.path`). It is fixed when
  the sheet is created, since its XML is streamed under that name, and restored when
  the workbook is written: openpyxl renumbers sheets by their position, which differs
  once a sheet is moved (the Summary is written last, shown third).
* `ExcelWriter.write_worksheet(ws)`, overridden: openpyxl's copies the temporary file.
  Ours does the rest of what openpyxl's does, setting `ws._drawing` (an empty
  `SpreadsheetDrawing` holding `ws._charts` and `ws._images`), `ws._rels` (from
  `ws._writer._rels`) and appending to the writer's `manifest`. It relies on
  `ExcelWriter._write_worksheets` calling `write_worksheet` for every sheet in order
  and then writing each sheet's comments and relations.

`StreamedWorkbook.save` also does what openpyxl's `save_workbook` does around the
writer (the modification time; a ZIP_DEFLATED archive allowing ZIP64).
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Sequence
from typing import IO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter


class StreamedWorkbook:
    """A write-only workbook whose sheets stream into a zip archive in memory."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self._archive = ZipFile(self._buffer, "w", ZIP_DEFLATED, allowZip64=True)
        self._workbook = Workbook(write_only=True)
        self._parts: dict[str, int] = {}

    def sheet(self, title: str, zip64: bool = False) -> StreamedSheet:
        """A new sheet, last in the workbook. `zip64`: its entry may pass 2 GiB."""
        sheet = StreamedSheet(self._workbook, self._archive, title, zip64)
        self._parts[title] = sheet.ws._id
        return sheet

    def move(self, title: str, position: int) -> None:
        """Show sheet `title` at `position` (0-based); its XML keeps its part name."""
        current = self._workbook.sheetnames.index(title)
        self._workbook.move_sheet(title, offset=position - current)

    def save(self) -> bytes:
        """The finished .xlsx file, once every sheet is closed."""
        self._workbook.properties.modified = (datetime.datetime.now(tz=datetime.UTC)
                                              .replace(tzinfo=None))
        _InMemoryExcelWriter(self._workbook, self._archive, self._parts).save()
        return self._buffer.getvalue()


class StreamedSheet:
    """A write-only worksheet whose XML streams into a zip entry of the in-memory
    archive instead of openpyxl's temporary file. A context manager: the entry is
    complete (or cleanly abandoned) when the block ends. Set column widths and frozen
    panes on `ws` before `start` (or the first `append`), which writes the sheet's head."""

    def __init__(self, workbook: Workbook, archive: ZipFile, title: str,
                 zip64: bool = False):
        self.ws = workbook.create_sheet(title)  # a WriteOnlyWorksheet
        # The part name, xl/worksheets/sheetN.xml, is fixed now: the XML is streamed.
        self.ws._id = len(workbook.worksheets)
        self._archive = archive
        self._zip64 = zip64
        self._stream: IO[bytes] | None = None
        #: Rows appended so far (the header included).
        self.rows = 0

    def __enter__(self) -> StreamedSheet:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def start(self) -> None:
        entry = ZipInfo(self.ws.path[1:], date_time=time.localtime()[:6])
        entry.compress_type = ZIP_DEFLATED
        self._stream = self._archive.open(entry, "w", force_zip64=self._zip64)
        self.ws._writer = WorksheetWriter(self.ws, out=self._stream)
        self.ws._writer.write_top()

    def append(self, values: Sequence[object]) -> None:
        if self._stream is None:
            self.start()
        self.ws.append(values)
        self.rows += 1

    def close(self) -> None:
        if self._stream is None:
            self.start()
        self.ws.close()
        self._stream.close()

    def abort(self) -> None:
        """After a failure: end openpyxl's generators while their stream is open, so
        that nothing tries to write to a closed stream when they are collected."""
        try:
            if self.ws._rows is not None:
                self.ws._rows.close()
            if self.ws._writer is not None:
                self.ws._writer.xf.close()
        finally:
            if self._stream is not None:
                self._stream.close()


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's writer, except that sheets are already in the archive: it only
    records them (relations, comments) instead of copying a temporary file. `parts`:
    the part number each sheet (by title) was streamed under."""

    def __init__(self, workbook: Workbook, archive: ZipFile, parts: dict[str, int]):
        super().__init__(workbook, archive)
        self._parts = parts

    def write_worksheet(self, ws):  # openpyxl's signature
        ws._id = self._parts[ws.title]  # openpyxl numbered it by position
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        ws._rels = ws._writer._rels
        self.manifest.append(ws)
