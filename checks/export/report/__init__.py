"""The error report: a checked table as an Excel workbook a person can work through.

`error_report(result)` returns the bytes of an .xlsx file with these sheets:

* **Data** — the user's headers (as written) and cells, every cell as text. A data row
  sits on the sheet row of its spreadsheet row number, so "row 5" in a finding is row 5
  of the sheet (lines the reader skipped, such as blank lines, stay empty rows). Cells
  with an error are filled red, with a warning amber, with only information not at
  all; each gets a comment holding its messages and suggested fixes. Header cells of
  columns with column-level findings get the same treatment; a finding about a whole
  line (``ragged_row``) goes on the line's first cell. When the row numbers cannot be
  kept (more rows than Excel holds, numbers out of order), column A gives each line's
  row number in the file instead, and the Summary says so.
* **Findings** — every finding (Row, Column, Value, Rule, Severity, Message, Suggested
  fix) with an autofilter and a frozen header.
* **Summary** — file, organization, counts, and one line per rule that occurred with
  the catalogue's help texts (what it means, why Upflow cares, how to fix it), plus a
  note for everything the report had to change to fit in Excel (below).
* **Import preview** — what Upflow will do with the file: customers updated and
  created per section, contacts, assignments, custom fields, lines rejected
  (`checks.export.preview`, in the words of the Fix page and the command line).
* **Changes** — only when a change log is given (`checks.fix.fixes.apply_fixes`).

The report is a *view* of the data, never a way back into Upflow: the corrected CSV
(`checks.export.csv`) keeps every cell exactly. So the report may alter what Excel cannot
hold, and says so in the Summary:

* no cell is ever a formula: every text cell that openpyxl would read as a formula
  (``=…``) or an error code (``#N/A``) is written with the string type, and no value is
  ever converted to a number (``000123`` stays text);
* characters XML 1.0 forbids (control characters other than tab, line feed and
  carriage return; U+FFFE, U+FFFF) would make the file unreadable, so they are shown as
  ``U+FFFD`` (�) in the report only;
* a cell holds at most 32,767 characters: longer text is cut, with a visible marker;
* a sheet holds at most 1,048,576 rows and 16,384 columns: with more data rows, the
  Data sheet holds only the rows that have findings; columns beyond the limit, and
  findings or changes beyond the row limit, are left out. Each case is noted.

Nothing is written to disk: openpyxl's own `save` spools every sheet to a temporary
file, so the sheets are instead streamed straight into a zip archive held in memory
(`streaming`, the only module that uses openpyxl's private API; openpyxl is pinned to
3.1.x, and the tests fail if a temporary file is used).

Speed: the workbook is built in write-only mode; a cell object (`WriteOnlyCell`) is
made only for cells with a finding, a formula-like or error-code text, and the header,
while every other cell is passed as a plain string (cleaning is vectorised per column).
Nearly all the time is openpyxl's per-cell XML serialisation, about 7 µs a written cell:
100,000 rows × 20 columns with 2% of cells flagged take about 20 s.

The modules, one job each: `streaming` (the in-memory workbook writer), `limits`
(Excel's limits), `cleaning` (text Excel can hold, and the notes of what changed),
`cells` (text cells, fills, comments), `marks` (which cells the findings mark),
`data_sheet`, `records` (the Findings and Changes sheets), `summary` and
`preview_sheet`. Importing
this package loads openpyxl's writer: `checks` imports it only on first use.
"""

from __future__ import annotations

import pandas as pd

from checks.check.validate import CheckResult
from checks.export.report import limits
from checks.export.report.cells import ERROR_FILL, WARNING_FILL
from checks.export.report.cleaning import REPLACEMENT, Notes
from checks.export.report.data_sheet import write_data
from checks.export.report.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS  # copies: see limits
from checks.export.report.preview_sheet import write_preview
from checks.export.report.records import write_changes, write_findings
from checks.export.report.streaming import StreamedWorkbook
from checks.export.report.summary import write_summary
from checks.i18n import N_, _

__all__ = ["CHANGES_SHEET", "DATA_SHEET", "ERROR_FILL", "FINDINGS_SHEET", "MAX_CELL_CHARS",
           "MAX_COLUMNS", "MAX_ROWS", "PREVIEW_SHEET", "REPLACEMENT", "SUMMARY_SHEET",
           "WARNING_FILL", "error_report"]

#: The sheets' names, English (marked: the workbook is written in the current language).
DATA_SHEET = N_("Data")
FINDINGS_SHEET = N_("Findings")
SUMMARY_SHEET = N_("Summary")
CHANGES_SHEET = N_("Changes")
PREVIEW_SHEET = N_("Import preview")


def error_report(result: CheckResult, changes: pd.DataFrame | None = None) -> bytes:
    """The error report workbook of `result` as .xlsx bytes (built in memory only).

    `changes` is the change log of applied fixes (columns row, column, before, after,
    rule, as `checks.fix.fixes.apply_fixes` returns it); given, it adds a Changes sheet.
    """
    notes = Notes()
    book = StreamedWorkbook()
    with book.sheet(_(DATA_SHEET), zip64=limits.is_huge(result.table.data)) as sheet:
        write_data(sheet, result, notes)
    with book.sheet(_(FINDINGS_SHEET)) as sheet:
        write_findings(sheet, result.findings, notes)
    with book.sheet(_(PREVIEW_SHEET)) as sheet:
        write_preview(sheet, result)
    if changes is not None:
        with book.sheet(_(CHANGES_SHEET)) as sheet:
            write_changes(sheet, changes, notes)
    with book.sheet(_(SUMMARY_SHEET)) as sheet:
        write_summary(sheet, result, changes, notes)
    # The Summary is written last (it reports what the other sheets had to change)
    # but shown third, before the Import preview and the Changes.
    book.move(_(SUMMARY_SHEET), 2)
    return book.save()
