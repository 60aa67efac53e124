"""The Findings and Changes sheets: one line per finding or per applied fix.

Both are plain tables with a bold, frozen header and an autofilter. The row is a
number; every other value is cleaned text (`checks.export.report.cleaning`), written as
text. Past Excel's row limit the rest is left out, and the Summary says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from checks.export.report import limits
from checks.export.report.cells import CHUNK_ROWS, column_values, text_cell
from checks.export.report.cleaning import Notes, clean
from checks.export.report.streaming import StreamedSheet
from checks.i18n import N_, _, number

_FINDINGS_HEADERS = (N_("Row"), N_("Column"), N_("Value"), N_("Rule"), N_("Severity"),
                     N_("Message"), N_("Suggested fix"))
_FINDINGS_WIDTHS = (8, 24, 30, 24, 10, 90, 30)
_CHANGES_HEADERS = (N_("Row"), N_("Column"), N_("Before"), N_("After"), N_("Rule"))
_CHANGES_WIDTHS = (8, 24, 30, 30, 24)


def write_findings(sheet: StreamedSheet, findings: pd.DataFrame, notes: Notes) -> None:
    """Every finding (up to Excel's row limit), in the findings frame's order."""
    columns = ["row", "column", "value", "rule", "severity", "message", "fix"]
    written = _write_records(sheet, findings, columns, _FINDINGS_HEADERS, _FINDINGS_WIDTHS,
                             notes)
    if written < len(findings):
        notes.lines.append(_("The Findings sheet lists the first {written} of {total} "
                             "findings (Excel's row limit).").format(
                                 written=number(written), total=number(len(findings))))


def write_changes(sheet: StreamedSheet, changes: pd.DataFrame, notes: Notes) -> None:
    """Every change of the change log (`checks.fix.fixes.apply_fixes`), in its order."""
    columns = ["row", "column", "before", "after", "rule"]
    written = _write_records(sheet, changes, columns, _CHANGES_HEADERS, _CHANGES_WIDTHS, notes)
    if written < len(changes):
        notes.lines.append(_("The Changes sheet lists the first {written} of {total} "
                             "changes (Excel's row limit).").format(
                                 written=number(written), total=number(len(changes))))


def _write_records(sheet: StreamedSheet, frame: pd.DataFrame, columns: list[str],
                   headers: Sequence[str], widths: Sequence[int], notes: Notes) -> int:
    """A table with a bold, frozen header and an autofilter; returns the rows written."""
    ws = sheet.ws
    for position, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(position)].width = width
    ws.freeze_panes = "A2"
    sheet.start()
    sheet.append([text_cell(ws, _(name), bold=True) for name in headers])
    count = min(len(frame), limits.MAX_ROWS - 1)
    for start in range(0, count, CHUNK_ROWS):
        block = frame.iloc[start:min(start + CHUNK_ROWS, count)]
        grid = np.empty((len(block), len(columns)), dtype=object)
        for position, name in enumerate(columns):
            values = block[name] if name in block else pd.Series([None] * len(block))
            if name == "row":
                grid[:, position] = [None if pd.isna(v) else int(v) for v in values]
            else:
                grid[:, position] = column_values(clean(values, notes, data=False), ws)
        for values in grid.tolist():
            sheet.append(values)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count
