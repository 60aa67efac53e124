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
    SEPARATOR_NAMES,
    SEPARATORS,
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
from checks.views import (
    blank_missing,
    counted,
    display_headers,
    escape_markdown,
    reading_notice,
    separator_label,
)
from ui import session

session.require_app()

EDITOR = "fix_editor"     # the data editor's own state

EDITOR_ROWS = 500         # lines offered for editing at once: a browser grid, not Excel
PREVIEW_ROWS = 1_000      # lines shown in the previews; downloads always hold everything
LINE_ENDINGS = {"\r\n": "Windows (CRLF)", "\n": "Mac and Linux (LF)"}
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ── safe fixes ──────────────────────────────────────────────────────────────────────

def _choose_fixes(offer: pd.DataFrame) -> None:
    """One switch per fix that would change something, on unless switched off."""
    if offer.empty:
        st.caption("Nothing can be fixed automatically in this file.")
        return
    was_off = session.fixes_off()
    off = set(was_off)
    for fix in offer.itertuples(index=False):  # one line per kind of fix, not per row
        on = st.toggle(f"{fix.title} ({counted(fix.count, 'cell')})",
                       value=fix.fix not in was_off, key=f"fix_toggle_{fix.fix}",
                       help=fix.description)
        st.text("    e.g. " + "   ".join(fix.examples))
        (off.discard if on else off.add)(fix.fix)
    session.set_fixes_off(frozenset(off))


# ── manual edits ────────────────────────────────────────────────────────────────────

def _grid(data: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Cells with the user's headers and the spreadsheet row numbers as index."""
    frame = data.set_axis([labels[p] for p in data.columns], axis="columns")
    return frame.rename_axis("Row")


def _edits(outcome: FixOutcome) -> dict[tuple[int, int], str]:
    """Offer the lines that still have errors after the fixes for editing, and return
    every edit typed so far (also those on lines no longer offered).

    The grid shows the fixed values with earlier edits already in, so edits survive
    whatever resets the grid (a fix switched on or off changes which lines it shows).
    """
    stored = session.edits(outcome.table)
    table = outcome.table
    errors = sorted(error_rows(outcome.result.findings))
    edited_rows = {row for row, _ in stored}
    shown = sorted(set(errors[:EDITOR_ROWS]) | edited_rows)
    if not shown:
        st.caption("No line has an error left after the fixes: nothing to correct by hand.")
        return stored
    if len(errors) > EDITOR_ROWS:
        st.caption(f"Showing the first {EDITOR_ROWS:,} of {len(errors):,} lines with errors; "
                   "correct the others in your spreadsheet (download them below).")
    shown_table, _ = apply_edits(table.with_data(table.data.loc[shown]), stored)
    labels = display_headers(table.headers)
    base = _grid(shown_table.data, labels)
    edited = st.data_editor(base, key=EDITOR, num_rows="fixed", disabled=["_index"])
    positions = {label: position for position, label in enumerate(labels)}
    new = changed_cells(shown_table.data, edited.rename(columns=positions).rename_axis(None))
    stored.update(new)
    return stored


# ── what changed and what remains ───────────────────────────────────────────────────

def _show_changes(final: FixOutcome) -> None:
    changes = final.changes
    st.subheader(f"What changed ({counted(len(changes), 'cell')})")
    if changes.empty:
        st.caption("Nothing changed yet.")
        return
    st.dataframe(blank_missing(changes.head(PREVIEW_ROWS)), hide_index=True)
    rows = pd.Index(changes["row"].dropna().astype("int64").unique()).sort_values()
    st.caption("The corrected lines:")
    preview = _grid(final.table.data.loc[rows[:PREVIEW_ROWS]], display_headers(final.table.headers))
    st.dataframe(preview)


def _show_remaining(final: FixOutcome) -> None:
    findings = final.result.findings
    if findings.empty:
        return
    st.subheader("What still needs a person")
    columns = ["row", "column", "value", "severity", "message"]
    st.dataframe(blank_missing(findings[columns].head(PREVIEW_ROWS)), hide_index=True)


def _show_status(final: FixOutcome) -> None:
    summary = final.result.summary
    if final.result.ready:
        warnings = (f" {counted(summary.warnings, 'warning')} worth a look, but Upflow will "
                    "accept the file." if summary.warnings else "")
        st.success(f"Ready for Upflow: no errors remain.{warnings} Download the corrected "
                   "file below.", icon=":material/check_circle:")
        return
    if final.result.nothing_to_import:
        st.warning(f"Not ready for Upflow. {final.result.nothing_to_import} Correcting its "
                   "lines will not change that: rename its columns to Upflow's, or choose "
                   "what each column is on the Check a file page.", icon=":material/warning:")
        return
    lines = len(error_rows(final.result.findings))
    where = f" on {counted(lines, 'line')}" if lines else ""
    remain = "remains" if summary.errors == 1 else "remain"
    st.warning(f"{counted(summary.errors, 'error')} {remain}{where}. Correct them below, or "
               "download the file anyway: the lines with errors can also be downloaded apart, "
               "so the clean lines can be imported now.", icon=":material/warning:")


# ── downloads ───────────────────────────────────────────────────────────────────────

def _export_options(table: Table) -> ExportOptions:
    own = default_separator(table)
    left, right = st.columns(2)
    with left:
        separator = st.radio("Separator", SEPARATORS, index=SEPARATORS.index(own),
                             format_func=separator_label, horizontal=True,
                             key="fix_separator",
                             help="Your file's own separator is chosen at first.")
        if table.separator is not None and table.separator not in SEPARATORS:
            st.caption(f"Your file was {SEPARATOR_NAMES[table.separator]}-separated; Upflow "
                       f"reads ; , or |, so the corrected file uses {own} unless you "
                       "choose another.")
        line_ending = st.radio("Line endings", tuple(LINE_ENDINGS),
                               format_func=LINE_ENDINGS.__getitem__, horizontal=True,
                               key="fix_line_ending")
    with right:
        bom = st.toggle("Start with a byte order mark (for Excel)", value=False,
                        key="fix_bom")
        keep = st.toggle("Keep my column names", value=False, key="fix_keep_headers",
                         help="Off: recognised columns get Upflow's exact names.")
    return ExportOptions(separator=separator, bom=bom, line_ending=line_ending,
                         canonical_headers=not keep)


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
    verb = "starts" if count == 1 else "start"
    st.warning(f"{counted(count, 'cell')} {verb} with =, +, - or @ (the *Looks like a formula* "
               "warnings): a spreadsheet program would run them as formulas if you open "
               "the corrected file in one. Upflow imports them as text, so the corrected "
               "file keeps them exactly as written.", icon=":material/function:")
    neutralise = st.toggle("Put an apostrophe before them in the downloaded CSV files",
                           value=False, key="fix_neutralise_formulas",
                           help="For a file you will open in a spreadsheet before importing "
                                "it: the apostrophe makes the spreadsheet show the text. "
                                "Upflow would import the apostrophe with the value.")
    return replace(options, neutralise_formulas=neutralise)


def _downloads(final: FixOutcome, options: ExportOptions, name: str) -> None:
    stem = Path(name).stem or "file"
    errors = len(error_rows(final.result.findings))
    buttons = [
        ("Corrected file (CSV)", partial(corrected_csv, final, options), f"{stem}_fixed.csv",
         CSV_MIME, "fix_download_csv"),
        ("Error report (Excel)", partial(error_report, final.result, final.changes),
         f"{stem}_report.xlsx", XLSX_MIME, "fix_download_report"),
        ("Findings (CSV)", partial(findings_csv, final.result.findings, options),
         f"{stem}_findings.csv", CSV_MIME, "fix_download_findings"),
        (f"Lines with errors only ({errors:,})", partial(lines_csv, final, options,
                                                         rejected=True),
         f"{stem}_rejected.csv", CSV_MIME, "fix_download_rejected"),
        ("Clean lines only (CSV)", partial(lines_csv, final, options, rejected=False),
         f"{stem}_clean.csv", CSV_MIME, "fix_download_clean"),
    ]
    for column, (label, data, file_name, mime, key) in zip(st.columns(len(buttons)), buttons,
                                                            strict=True):
        with column:
            st.download_button(label, data, file_name=file_name, mime=mime, key=key,
                               on_click="ignore", width="stretch")


# ── the page ────────────────────────────────────────────────────────────────────────

st.title("Fix & export")
check = session.require_check(
    "Check a file first: the fixes and the corrected file are built from it.")
name = getattr(session.current_upload(), "name", check.table.name)
st.caption(f"{name}: {counted(check.table.rows, 'line')}, "
           f"{counted(check.summary.errors, 'error')} and "
           f"{counted(check.summary.warnings, 'warning')} before fixing.")
status = st.container()

st.subheader("Safe fixes")
_choose_fixes(session.fix_offer(check))
outcome = session.fixed(check)

st.subheader("Correct the rest by hand")
_edits(outcome)
final = session.final(check)

_show_changes(final)
_show_remaining(final)
with status:
    _show_status(final)

st.subheader("Download")
if (notice := reading_notice(check.table)) is not None:
    st.info(escape_markdown(notice), icon=":material/table_rows:")
formula_notice = st.container()
export_options = _export_options(final.table)
with formula_notice:
    export_options = _formula_notice(final, export_options)
_downloads(final, export_options, name)
