"""The Import preview sheet: what Upflow will do with the file the report describes,
in the same sentences as the Fix page and `preflight check` (`checks.export.preview`),
then the table per section and, for each assignment and custom field, how many
customers get it, as numbers a person can sort and add up.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from checks.check.validate import CheckResult
from checks.export.preview import (
    PREVIEW_HEADING,
    SECTION_TITLES,
    import_preview,
    preview_sentences,
    section_rows,
)
from checks.export.report.cells import text_cell
from checks.export.report.cleaning import clean_one
from checks.export.report.streaming import StreamedSheet
from checks.i18n import N_, _

_WIDTHS = (36, 12, 12, 26, 18)
#: The small tables under the sections: their first column's title (English, marked).
_TALLY_TITLES = (N_("Account manager"), N_("Workflow"), N_("Custom field"))


def write_preview(sheet: StreamedSheet, result: CheckResult) -> None:
    """The preview of `result`: the file as the report holds it, which is the file as
    it will be downloaded when the report is of the corrected file."""
    preview = import_preview(result)
    ws = sheet.ws
    for position, width in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(position)].width = width
    sheet.start()

    def text(value: str, bold: bool = False) -> object:
        return text_cell(ws, clean_one(value) or None, bold=bold)

    sheet.append([text(_(PREVIEW_HEADING), bold=True)])
    for sentence in preview_sentences(preview):
        sheet.append([text(sentence)])
    titles = SECTION_TITLES if preview.known_customers_listed else SECTION_TITLES[:3]
    rows = section_rows(preview)
    if rows:
        sheet.append([])
        sheet.append([text(_(title), bold=True) for title in titles])
        for name, *counts in rows:
            sheet.append([text(name), *counts[:len(titles) - 1]])
    tallies = (preview.account_managers, preview.workflows, preview.custom_fields)
    for title, tally in zip(_TALLY_TITLES, tallies, strict=True):
        if tally:
            sheet.append([])
            sheet.append([text(_(title), bold=True), text(_("Customers"), bold=True)])
            for name, count in tally:
                sheet.append([text(name), count])
