"""Fix & export: switch the safe fixes, correct the rest by hand, download the result.

The page only arranges widgets. The chain check → fixed → edited is the session's
(`ui.session`: each step computed once per change of its inputs, kept in this session
only); the page says which fixes are off and what the person typed. Files are built
only when a download button is clicked (Streamlit 1.67 accepts a callable as `data`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from checks import (
    RULES,
    SEPARATOR_NAMES,
    SEPARATORS,
    CheckResult,
    ExportOptions,
    FixOutcome,
    Table,
    apply_edits,
    changed_cells,
    default_separator,
    error_report,
    error_rows,
    export_csv,
    findings_csv,
    split_by_errors,
)
from checks.i18n import N_, _, counted, ngettext, number
from checks.views import (
    display_headers,
    escape_markdown,
    findings_for_people,
    preview_view,
    reading_notice,
    row_status,
    separator_label,
    with_status,
)
from ui import recipes, session, tables

session.require_app()

EDITOR = "fix_editor"     # the data editor's own state

EDITOR_ROWS = 500         # lines offered for editing at once: a browser grid, not Excel
PREVIEW_ROWS = 1_000      # lines shown in the previews; downloads always hold everything
LINE_ENDINGS = {"\r\n": N_("Windows (CRLF)"), "\n": N_("Mac and Linux (LF)")}
CSV_MIME = "text/csv"
#: The columns of the changes and of the findings left, in this order (engine names).
CHANGES = ("row", "column", "before", "after", "rule")
REMAINING = ("row", "column", "value", "rule", "severity", "message")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ── safe fixes ──────────────────────────────────────────────────────────────────────

def _choose_fixes(offer: pd.DataFrame) -> None:
    """One switch per fix that would change something, on unless switched off."""
    if offer.empty:
        st.caption(_("Nothing can be fixed automatically in this file."))
        return
    was_off = session.fixes_off()
    off = set(was_off)
    for fix in offer.itertuples(index=False):  # one line per kind of fix, not per row
        cells = counted(fix.count, "{count} cell", "{count} cells")
        on = st.toggle(f"{_(fix.title)} ({cells})",
                       value=fix.fix not in was_off, key=f"fix_toggle_{fix.fix}",
                       help=_(fix.description))
        st.text("    " + _("e.g. {examples}").format(examples="   ".join(fix.examples)))
        (off.discard if on else off.add)(fix.fix)
    session.set_fixes_off(frozenset(off))


# ── manual edits ────────────────────────────────────────────────────────────────────

def _grid(data: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Cells with the user's headers and the spreadsheet row numbers as index."""
    frame = data.set_axis([labels[p] for p in data.columns], axis="columns")
    return frame.rename_axis(_("Row"))


def _edits(outcome: FixOutcome, check: CheckResult) -> dict[tuple[int, int], str]:
    """Offer the lines that still have errors after the fixes for editing, and return
    every edit typed so far (also those on lines no longer offered).

    The grid shows the fixed values with earlier edits already in, so edits survive
    whatever resets the grid (a fix switched on or off changes which lines it shows).
    Its first column says each line's problems in words, as checked with those edits
    (an editable cell cannot be coloured, and colour would not be enough anyway).
    """
    stored = session.edits(outcome.table)
    table = outcome.table
    errors = sorted(error_rows(outcome.result.findings))
    edited_rows = {row for row, _position in stored}
    shown = sorted(set(errors[:EDITOR_ROWS]) | edited_rows)
    if not shown:
        st.caption(_("No line has an error left after the fixes: nothing to correct by hand."))
        return stored
    if len(errors) > EDITOR_ROWS:
        st.caption(_("Showing the first {shown} of {total} lines with errors; correct the "
                     "others in your spreadsheet (download them below).").format(
                         shown=number(EDITOR_ROWS), total=number(len(errors))))
    shown_table, _changes = apply_edits(table.with_data(table.data.loc[shown]), stored)
    labels = display_headers(table.headers)
    status = row_status(session.final(check).result.findings, table.headers,
                        shown_table.data.index)
    base = with_status(_grid(shown_table.data, labels), status)
    title = str(base.columns[0])
    edited = st.data_editor(
        base, key=EDITOR, num_rows="fixed", disabled=["_index", title],
        column_config={title: st.column_config.TextColumn(
            title, pinned=True, width="medium",
            help=_("This line's problems in words, checked again after each edit."))})
    positions = {label: position for position, label in enumerate(labels)}
    cells = edited.drop(columns=title).rename(columns=positions).rename_axis(None)
    new = changed_cells(shown_table.data, cells)
    if new:
        stored.update(new)
        st.rerun()  # once: the status column then says what the new values leave
    return stored


# ── what changed and what remains ───────────────────────────────────────────────────

def _show_changes(final: FixOutcome) -> None:
    changes = final.changes
    st.subheader(_("What changed ({cells})").format(
        cells=counted(len(changes), "{count} cell", "{count} cells")))
    if changes.empty:
        st.caption(_("Nothing changed yet."))
        return
    tables.show(findings_for_people(changes.head(PREVIEW_ROWS), CHANGES), "fix_changes")
    rows = pd.Index(changes["row"].dropna().astype("int64").unique()).sort_values()
    st.caption(_("The corrected lines:"))
    preview = _grid(final.table.data.loc[rows[:PREVIEW_ROWS]], display_headers(final.table.headers))
    st.dataframe(preview)


def _show_remaining(final: FixOutcome) -> None:
    findings = final.result.findings
    if findings.empty:
        return
    st.subheader(_("What still needs a person"))
    tables.show(findings_for_people(findings.head(PREVIEW_ROWS), REMAINING), "fix_remaining")


def _show_status(final: FixOutcome) -> None:
    summary = final.result.summary
    if final.result.ready:
        ready = ngettext(
            "Ready for Upflow: no errors remain. {count} warning worth a look, but Upflow will "
            "accept the file. Download the corrected file below.",
            "Ready for Upflow: no errors remain. {count} warnings worth a look, but Upflow will "
            "accept the file. Download the corrected file below.",
            summary.warnings).format(count=number(summary.warnings)) if summary.warnings else _(
            "Ready for Upflow: no errors remain. Download the corrected file below.")
        st.success(ready, icon=":material/check_circle:")
        return
    if final.result.nothing_to_import:
        st.warning(_("Not ready for Upflow. {reason} Correcting its lines will not change that: "
                     "rename its columns to Upflow's, or choose what each column is on the "
                     "Check a file page.").format(reason=final.result.nothing_to_import),
                   icon=":material/warning:")
        return
    lines = len(error_rows(final.result.findings))
    errors = counted(summary.errors, "{count} error", "{count} errors")
    if lines:
        remain = ngettext(
            "{errors} remains on {lines}. Correct them below, or download the file anyway: the "
            "lines with errors can also be downloaded apart, so the clean lines can be imported "
            "now.",
            "{errors} remain on {lines}. Correct them below, or download the file anyway: the "
            "lines with errors can also be downloaded apart, so the clean lines can be imported "
            "now.", summary.errors).format(
                errors=errors, lines=counted(lines, "{count} line", "{count} lines"))
    else:
        remain = ngettext(
            "{errors} remains. Correct them below, or download the file anyway: the lines with "
            "errors can also be downloaded apart, so the clean lines can be imported now.",
            "{errors} remain. Correct them below, or download the file anyway: the lines with "
            "errors can also be downloaded apart, so the clean lines can be imported now.",
            summary.errors).format(errors=errors)
    st.warning(remain, icon=":material/warning:")


# ── downloads ───────────────────────────────────────────────────────────────────────

def _export_options(table: Table) -> ExportOptions:
    own = default_separator(table)
    saved = recipes.export_defaults()  # this kind of file's recipe, else the defaults
    left, right = st.columns(2)
    with left:
        separator = st.radio(_("Separator"), SEPARATORS,
                             index=SEPARATORS.index(saved.separator or own),
                             format_func=separator_label, horizontal=True,
                             key="fix_separator",
                             help=_("Your file's own separator is chosen at first."))
        if table.separator is not None and table.separator not in SEPARATORS:
            st.caption(_("Your file was {separator}-separated; Upflow reads ; , or |, so the "
                         "corrected file uses {own} unless you choose another.").format(
                             separator=_(SEPARATOR_NAMES[table.separator]), own=own))
        line_ending = st.radio(_("Line endings"), tuple(LINE_ENDINGS),
                               format_func=lambda ending: _(LINE_ENDINGS[ending]),
                               index=tuple(LINE_ENDINGS).index(saved.line_ending),
                               horizontal=True, key="fix_line_ending")
    with right:
        bom = st.toggle(_("Start with a byte order mark (for Excel)"), value=saved.bom,
                        key="fix_bom")
        keep = st.toggle(_("Keep my column names"), value=not saved.canonical_headers,
                         key="fix_keep_headers",
                         help=_("Off: recognised columns get Upflow's exact names."))
    return ExportOptions(separator=separator, bom=bom, line_ending=line_ending,
                         canonical_headers=not keep, leave_out=session.left_out())


def corrected_csv(final: FixOutcome, options: ExportOptions) -> bytes:
    return export_csv(final.table, final.result.mapping, options)


def lines_csv(final: FixOutcome, options: ExportOptions, *, rejected: bool) -> bytes:
    """Only the lines with errors (rejected) or only the others."""
    accepted, refused = split_by_errors(final.table, final.result.findings)
    return export_csv(refused if rejected else accepted, final.result.mapping, options)


def _formula_notice(final: FixOutcome, options: ExportOptions) -> ExportOptions:
    """Say how many cells a spreadsheet would run as formulas, and offer to put an
    apostrophe before them (off: Upflow imports the cells as text, exactly as written,
    and would import an added apostrophe with them)."""
    count = final.result.count("formula_like")
    if not count:
        return options
    st.warning(ngettext(
        "{cells} starts with =, +, - or @ (the *{rule}* warnings): a spreadsheet program would "
        "run them as formulas if you open the corrected file in one. Upflow imports them as "
        "text, so the corrected file keeps them exactly as written.",
        "{cells} start with =, +, - or @ (the *{rule}* warnings): a spreadsheet program would "
        "run them as formulas if you open the corrected file in one. Upflow imports them as "
        "text, so the corrected file keeps them exactly as written.", count).format(
            cells=counted(count, "{count} cell", "{count} cells"),
            rule=_(RULES["formula_like"].title)), icon=":material/function:")
    neutralise = st.toggle(_("Put an apostrophe before them in the downloaded CSV files"),
                           value=False, key="fix_neutralise_formulas",
                           help=_("For a file you will open in a spreadsheet before importing "
                                  "it: the apostrophe makes the spreadsheet show the text. "
                                  "Upflow would import the apostrophe with the value."))
    return replace(options, neutralise_formulas=neutralise)


def _downloads(final: FixOutcome, options: ExportOptions, name: str) -> None:
    stem = Path(name).stem or _("file")
    errors = len(error_rows(final.result.findings))
    buttons = [
        (_("Corrected file (CSV)"), partial(corrected_csv, final, options),
         _("{stem}_fixed.csv").format(stem=stem), CSV_MIME, "fix_download_csv"),
        (_("Error report (Excel)"), partial(error_report, final.result, final.changes),
         _("{stem}_report.xlsx").format(stem=stem), XLSX_MIME, "fix_download_report"),
        (_("Findings (CSV)"), partial(findings_csv, final.result.findings, options),
         _("{stem}_findings.csv").format(stem=stem), CSV_MIME, "fix_download_findings"),
        (_("Lines with errors only ({count})").format(count=number(errors)),
         partial(lines_csv, final, options, rejected=True),
         _("{stem}_rejected.csv").format(stem=stem), CSV_MIME, "fix_download_rejected"),
        (_("Clean lines only (CSV)"), partial(lines_csv, final, options, rejected=False),
         _("{stem}_clean.csv").format(stem=stem), CSV_MIME, "fix_download_clean"),
    ]
    for column, (label, data, file_name, mime, key) in zip(st.columns(len(buttons)), buttons,
                                                            strict=True):
        with column:
            st.download_button(label, session.in_this_language(data), file_name=file_name,
                               mime=mime, key=key, on_click="ignore", width="stretch")


# ── the page ────────────────────────────────────────────────────────────────────────

st.title(_("Fix & export"))
check = session.require_check(
    _("Check a file first: the fixes and the corrected file are built from it."))
name = getattr(session.current_upload(), "name", check.table.name)
st.caption(_("{name}: {lines}, {errors} and {warnings} before fixing.").format(
    name=name, lines=counted(check.table.rows, "{count} line", "{count} lines"),
    errors=counted(check.summary.errors, "{count} error", "{count} errors"),
    warnings=counted(check.summary.warnings, "{count} warning", "{count} warnings")))
status = st.container()

st.subheader(_("Safe fixes"))
_choose_fixes(session.fix_offer(check))
outcome = session.fixed(check)

st.subheader(_("Correct the rest by hand"))
_edits(outcome, check)
final = session.final(check)

_show_changes(final)
_show_remaining(final)
with status:
    _show_status(final)

preview = preview_view(session.preview(final.result))
st.subheader(preview.heading)
with st.container(key="fix_preview"):
    st.markdown(preview.markdown)
    st.dataframe(preview.sections, hide_index=True)

st.subheader(_("Download"))
if (notice := reading_notice(check.table)) is not None:
    st.info(escape_markdown(notice), icon=":material/table_rows:")
formula_notice = st.container()
export_options = _export_options(final.table)
with formula_notice:
    export_options = _formula_notice(final, export_options)
_downloads(final, export_options, name)
recipes.remember(check, export_options)  # the choices just made, for the next file like this
