"""The Summary sheet: file, organization, counts, and one line per rule that occurred
with the catalogue's help texts (what it means, why Upflow cares, how to fix it), plus
a note for everything the report had to change to fit in Excel.

It is written last, since its notes come from the other sheets, and shown third.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from checks.check.validate import CheckResult
from checks.export.report import limits
from checks.export.report.cells import SEVERITY_RANK, WRAP, text_cell
from checks.export.report.cleaning import REPLACEMENT, Notes, clean_one
from checks.export.report.streaming import StreamedSheet
from checks.model.rules import RULES

_SUMMARY_HEADERS = ("Rule", "Title", "Severity", "Count", "What it means", "Why Upflow cares",
                    "How to fix it")
_SUMMARY_WIDTHS = (26, 36, 10, 9, 60, 60, 60)


def write_summary(sheet: StreamedSheet, result: CheckResult, changes: pd.DataFrame | None,
                  notes: Notes) -> None:
    """The Summary of `result` (with the count of `changes` when given) and `notes`."""
    ws = sheet.ws
    for position, width in enumerate(_SUMMARY_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(position)].width = width
    sheet.start()

    def line(label: str, value: object) -> None:
        cell = value if isinstance(value, int) else text_cell(ws, clean_one(value) or None)
        sheet.append([text_cell(ws, label, bold=True), cell])

    table = result.table
    summary = result.summary
    sheet.append([text_cell(ws, "Preflight error report", bold=True)])
    line("File", table.name)
    if table.sheet:
        line("Sheet", table.sheet)
    line("Organization", result.definitions.organization)
    line("Source system", str(result.definitions.source_system.value))
    line("Rows checked", int(table.rows))
    line("Errors", summary.errors)
    line("Warnings", summary.warnings)
    line("Information", summary.infos)
    if changes is not None:
        line("Cells fixed", len(changes))
    for text in _notes_lines(notes):
        line("Note", text)
    sheet.append([])

    sheet.append([text_cell(ws, name, bold=True) for name in _SUMMARY_HEADERS])
    for code, count, severity in _rule_counts(result.findings):
        rule = RULES.get(code)
        texts = ((rule.title, rule.meaning, rule.why, rule.how_to_fix) if rule
                 else ("", "", "", ""))
        sheet.append([text_cell(ws, clean_one(code)), _wrapped(ws, texts[0]),
                      text_cell(ws, severity), count, _wrapped(ws, texts[1]),
                      _wrapped(ws, texts[2]), _wrapped(ws, texts[3])])


def _wrapped(ws: object, text: str) -> WriteOnlyCell:
    cell = text_cell(ws, clean_one(text) or None)
    cell.alignment = WRAP
    return cell


def _rule_counts(findings: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(rule, count, severity) of every rule found: errors first, then by count."""
    if findings.empty:
        return []
    counts = findings.groupby("rule", sort=False).agg(count=("rule", "size"),
                                                      severity=("severity", "first"))
    counts["rank"] = counts["severity"].map(SEVERITY_RANK).fillna(3)
    counts = counts.reset_index().sort_values(["rank", "count", "rule"],
                                              ascending=[True, False, True])
    return [(str(r.rule), int(r.count), str(r.severity))
            for r in counts.itertuples(index=False)]


def _notes_lines(notes: Notes) -> list[str]:
    """The sheets' own notes, then one for replaced characters and one for cut texts
    (counted in the user's cells if any, else in the report's other values)."""
    def where(counts: dict[bool, int]) -> str:
        n, what = ((counts[True], "cell of your data") if counts[True]
                   else (counts[False], "value in this report"))
        if n == 1:
            return f"1 {what} holds"
        return f"{n:,} {what.replace('cell', 'cells').replace('value', 'values')} hold"

    lines = list(notes.lines)
    if any(notes.replaced.values()):
        lines.append(f"{where(notes.replaced)} invisible control characters that Excel "
                     f"cannot show: this report shows them as {REPLACEMENT}. The corrected "
                     "CSV keeps them unchanged.")
    if any(notes.truncated.values()):
        lines.append(f"{where(notes.truncated)} more than {limits.MAX_CELL_CHARS:,} "
                     "characters, Excel's limit: this report cuts them and marks the cut. "
                     "The corrected CSV keeps them whole.")
    return lines
