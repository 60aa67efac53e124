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
from checks.i18n import N_, _, ngettext, number
from checks.model.rules import RULES

_SUMMARY_HEADERS = (N_("Rule"), N_("Title"), N_("Severity"), N_("Count"), N_("What it means"),
                    N_("Why Upflow cares"), N_("How to fix it"))
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
    sheet.append([text_cell(ws, _("Preflight error report"), bold=True)])
    line(_("File"), table.name)
    if table.sheet:
        line(_("Sheet"), table.sheet)
    line(_("Organization"), result.definitions.organization)
    line(_("Source system"), str(result.definitions.source_system.value))
    line(_("Rows checked"), int(table.rows))
    line(_("Errors"), summary.errors)
    line(_("Warnings"), summary.warnings)
    line(_("Information"), summary.infos)
    if changes is not None:
        line(_("Cells fixed"), len(changes))
    for text in _notes_lines(notes):
        line(_("Note"), text)
    sheet.append([])

    sheet.append([text_cell(ws, _(name), bold=True) for name in _SUMMARY_HEADERS])
    for code, count, severity in _rule_counts(result.findings):
        rule = RULES.get(code)
        texts = ((_(rule.title), _(rule.meaning), _(rule.why), _(rule.how_to_fix)) if rule
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
    lines = list(notes.lines)
    if any(notes.replaced.values()):
        data, n = (True, notes.replaced[True]) if notes.replaced[True] else (
            False, notes.replaced[False])
        sentence = (ngettext(
            "{count} cell of your data holds invisible control characters that Excel cannot "
            "show: this report shows them as {replacement}. The corrected CSV keeps them "
            "unchanged.",
            "{count} cells of your data hold invisible control characters that Excel cannot "
            "show: this report shows them as {replacement}. The corrected CSV keeps them "
            "unchanged.", n) if data else ngettext(
            "{count} value in this report holds invisible control characters that Excel "
            "cannot show: this report shows them as {replacement}. The corrected CSV keeps "
            "them unchanged.",
            "{count} values in this report hold invisible control characters that Excel "
            "cannot show: this report shows them as {replacement}. The corrected CSV keeps "
            "them unchanged.", n))
        lines.append(sentence.format(count=number(n), replacement=REPLACEMENT))
    if any(notes.truncated.values()):
        data, n = (True, notes.truncated[True]) if notes.truncated[True] else (
            False, notes.truncated[False])
        sentence = (ngettext(
            "{count} cell of your data holds more than {limit} characters, Excel's limit: "
            "this report cuts them and marks the cut. The corrected CSV keeps them whole.",
            "{count} cells of your data hold more than {limit} characters, Excel's limit: "
            "this report cuts them and marks the cut. The corrected CSV keeps them whole.",
            n) if data else ngettext(
            "{count} value in this report holds more than {limit} characters, Excel's "
            "limit: this report cuts them and marks the cut. The corrected CSV keeps them "
            "whole.",
            "{count} values in this report hold more than {limit} characters, Excel's "
            "limit: this report cuts them and marks the cut. The corrected CSV keeps them "
            "whole.", n))
        lines.append(sentence.format(count=number(n), limit=number(limits.MAX_CELL_CHARS)))
    return lines
