"""Fix & export: switch the safe fixes, correct the rest by hand, download the result.

The page only arranges widgets. The chain check → fixed → edited is the session's
(`ui.session`: each step computed once per change of its inputs, kept in this session
only); the page records what the person does (a cell typed, a fix switched, a column
left out) in the session's change log, which Undo, Redo, Reset and "undo this one"
move through, and every widget shows the log's state. Files are built only when a
download button is clicked (Streamlit 1.67 accepts a callable as `data`).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from checks import (
    RULES,
    SEPARATOR_NAMES,
    SEPARATORS,
    CheckResult,
    ExportOptions,
    FixOutcome,
    Summary,
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
    ColumnWindow,
    PeopleTable,
    change_lines,
    column_marks,
    column_names,
    display_headers,
    escape_markdown,
    findings_for_people,
    is_wide,
    preview_view,
    reading_notice,
    redo_text,
    row_status,
    separator_label,
    shown_positions,
    to_correct,
    undo_text,
    windows,
    with_corrections,
    with_status,
)
from ui import memo, recipes, session, tables

session.require_app()

T = TypeVar("T")

EDITOR = "fix_editor"     # the data editor's own state (its key ends with its round)
ROUND = "fix_editor_round"  # a new round of the editor: a fresh grid, without old typing
LEAVE_OUT = "fix_leave_out"

EDITOR_ROWS = 500         # lines offered for editing at once: a browser grid, not Excel
PREVIEW_ROWS = 1_000      # lines shown in the previews; downloads always hold everything
CHANGES_SHOWN = 8         # changes listed before the list scrolls
LINE_ENDINGS = {"\r\n": N_("Windows (CRLF)"), "\n": N_("Mac and Linux (LF)")}
CSV_MIME = "text/csv"
#: The columns of the changes and of the findings left, in this order (engine names).
CHANGES = ("row", "column", "before", "after", "rule")
REMAINING = ("row", "column", "value", "rule", "severity", "message")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The "To correct" cells of a line with an error: the check page's error colours.
TO_CORRECT_CSS = "background-color: #fbd0d0; color: #6e0f0f"


def once(name: str, inputs: Sequence[object], build: Callable[[], T]) -> T:
    """What this page shows of `inputs` (the chain's check, fixed and final outcomes,
    the change log), built once per change of them and language: a rerun with
    nothing changed redraws it without computing it again."""
    return memo.remembered(f"fix_view_{name}", inputs, build)


# ── undo, redo, reset ───────────────────────────────────────────────────────────────

def _new_editor() -> None:
    """The grid starts afresh: it keeps what was typed in it across reruns, which would
    otherwise type an undone edit again (or onto other lines, once fixes change which
    lines it shows)."""
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


def _then_new_editor(action: Callable[..., None], *args: object) -> None:
    """A button's callback: the session's `action`, then a fresh grid."""
    action(*args)
    _new_editor()


def _history(headers: tuple[str, ...]) -> None:
    """Undo, Redo and Reset, with what each would do in its tooltip (Markdown, which a
    typed value must not turn into formatting)."""
    log = session.change_log()
    undo, redo, reset, _room = st.columns([1, 1, 1, 3])
    undo.button(_("Undo"), key="fix_undo", icon=":material/undo:", width="stretch",
                disabled=not log.can_undo, help=escape_markdown(undo_text(log, headers)),
                on_click=_then_new_editor, args=(session.undo,))
    redo.button(_("Redo"), key="fix_redo", icon=":material/redo:", width="stretch",
                disabled=not log.can_redo, help=escape_markdown(redo_text(log, headers)),
                on_click=_then_new_editor, args=(session.redo,))
    reset.button(_("Reset"), key="fix_reset", icon=":material/restart_alt:", width="stretch",
                 disabled=not log.changes,
                 help=_("Back to the file as you uploaded it: no cell typed, every safe fix "
                        "on, no column left out but those ignored on the Check a file page. "
                        "Undo brings your changes back."),
                 on_click=_then_new_editor, args=(session.reset,))
    if log.just_reset:
        st.info(_("Back to the file as you uploaded it. Undo brings your changes back."),
                icon=":material/restart_alt:")
    st.caption(_("Undo and Redo take back or make again any change of yours: a cell you "
                 "typed, a fix switched on or off, a column left out. Ctrl+Z only works "
                 "inside a cell, while you are typing in it."))


def _your_changes(headers: tuple[str, ...]) -> None:
    """Every change in effect, newest first, each with its own undo."""
    log = session.change_log()
    lines = once("changes", (log, headers), lambda: change_lines(log, headers))
    st.subheader(_("Your changes ({count})").format(count=number(len(lines))))
    if not lines:
        st.caption(_("None yet: what you type, switch or leave out is listed here, and can "
                     "be undone one by one."))
        return
    box = st.container(height=320) if len(lines) > CHANGES_SHOWN else st.container()
    with box:
        for line in lines:
            what, button = st.columns([5, 1], vertical_alignment="center")
            what.markdown(escape_markdown(line.text))
            button.button(_("Undo this one"), key=f"fix_undo_one_{line.entry}",
                          icon=":material/undo:", width="stretch",
                          on_click=_then_new_editor, args=(session.undo_one, line.entry))


# ── safe fixes ──────────────────────────────────────────────────────────────────────

def _switch(name: str) -> None:
    """A fix's toggle was flipped: record it, and start the grid afresh (the fix
    changes which lines it shows)."""
    off = set(session.fixes_off())
    (off.discard if st.session_state[f"fix_toggle_{name}"] else off.add)(name)
    session.set_fixes_off(frozenset(off))
    _new_editor()


def _choose_fixes(offer: pd.DataFrame) -> None:
    """One switch per fix that would change something, showing the change log's state
    (so Undo flips it back)."""
    if offer.empty:
        st.caption(_("Nothing can be fixed automatically in this file."))
        return
    off = session.fixes_off()
    for fix in offer.itertuples(index=False):  # one line per kind of fix, not per row
        key = f"fix_toggle_{fix.fix}"
        st.session_state[key] = fix.fix not in off
        cells = counted(fix.count, "{count} cell", "{count} cells")
        st.toggle(f"{_(fix.title)} ({cells})", key=key, help=_(fix.description),
                  on_change=_switch, args=(fix.fix,))
        st.text("    " + _("e.g. {examples}").format(examples="   ".join(fix.examples)))


# ── manual edits ────────────────────────────────────────────────────────────────────

def _grid(data: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Cells with the user's headers and the spreadsheet row numbers as index."""
    frame = data.set_axis([labels[p] for p in data.columns], axis="columns")
    return frame.rename_axis(_("Row"))


def _editor_key(rows: list[int], positions: tuple[int, ...]) -> str:
    """The editor's key: a new one for each round, and for another set of lines or
    columns (what the grid keeps typed is by line position, which must not land on
    other lines)."""
    shown = zlib.crc32(pd.Index([*rows, -1, *positions], dtype="int64").to_numpy().tobytes())
    return f"{EDITOR}_{st.session_state.get(ROUND, 0)}_{shown:08x}"


def _marked(base: pd.DataFrame, correct: str) -> Styler:
    """The "To correct" cells of the lines with an error in the error colour (the
    editor colours only read-only columns: the cells to type in cannot be). Styled
    through that column alone, which halves what the Styler costs on 500 lines."""
    fill = base[correct].ne("").map({True: TO_CORRECT_CSS, False: ""})
    # Without an id on every cell (only the coloured ones need one): a quarter less of
    # Streamlit's work drawing the grid, which it does on every run of the page.
    return Styler(base, cell_ids=False).apply(lambda _column: fill, subset=[correct])


@dataclass(frozen=True)
class EditorView:
    """What the editor of the lines in error shows, for one fixed outcome, final
    outcome and set of edits."""

    errors: int                        # lines with errors after the fixes
    shown: list[int]                   # the row numbers offered for editing
    shown_table: Table                 # their cells, the edits in
    grid: Styler                       # the editor's frame, "To correct" coloured
    titles: tuple[str, str]            # its "To correct" and "Status" columns
    marks: dict[str, tuple[str, str]]  # column label → (title, tooltip) of a column in error
    labels: tuple[str, ...]            # the file's columns as the grid names them
    positions: tuple[int, ...]         # the columns the grid shows (a wide file: some)


def _editor_view(outcome: FixOutcome, final: FixOutcome, stored: dict[tuple[int, int], str],
                 window: ColumnWindow | None) -> EditorView:
    """The view; of a wide file, the columns of `window`, else those to correct and
    those corrected."""
    table = outcome.table
    errors = sorted(error_rows(outcome.result.findings))
    edited_rows = {row for row, _position in stored}
    shown = sorted(set(errors[:EDITOR_ROWS]) | edited_rows)
    rows = table.data.index[table.data.index.get_indexer(shown)]
    labels = display_headers(table.headers)
    findings = final.result.findings
    marked = column_marks(findings, table.headers, rows)
    # The columns to correct, and those corrected already (which stay in view).
    edited = {position for _row, position in stored}
    to_show = () if window else {*marked, *edited}
    positions = shown_positions(len(labels), window, to_show)
    # Only the columns shown or edited are taken: a wide file's lines, all 16,384
    # columns of them, cost half the page.
    taken = table.data.loc[shown, sorted({*positions, *edited})]
    shown_table, _changes = apply_edits(table.with_data(taken), stored)
    status = row_status(findings, table.headers, rows)
    base = with_corrections(with_status(_grid(shown_table.data[positions], labels), status),
                            to_correct(findings, table.headers, rows))
    titles = (str(base.columns[0]), str(base.columns[1]))
    marks = {labels[position]: (mark.label, mark.help)
             for position, mark in marked.items() if position in positions}
    return EditorView(len(errors), shown, shown_table, _marked(base, titles[0]), titles,
                      marks, tuple(labels), tuple(positions))


def _window(width: int) -> ColumnWindow | None:
    """A wide file's editor shows the columns to correct, or a window of columns the
    person picks (None: the columns to correct)."""
    if not is_wide(width):
        return None
    return st.selectbox(
        _("Columns shown"), [None, *windows(width)], key="fix_window",
        format_func=lambda window: window.label if window else _("The columns to correct"),
        help=_("This file has {count} columns: the grid shows the ones to correct, or "
               "the few you choose.").format(count=number(width)))


def _typed(view: EditorView,
           typed: Mapping[object, Mapping[str, object]]) -> dict[tuple[int, int], str]:
    """The cells the editor says were typed (its `edited_rows`: line of the grid →
    column label → text) whose text differs from the view's (`changed_cells`, on those
    lines and columns only: comparing the whole grid of 500 lines cost more than the
    check of the edit). The labels are the view's own (an empty header's is worded in
    the page's language, which a callback, run before the page, does not know)."""
    positions = {label: position for position, label in enumerate(view.labels)
                 if label not in view.titles}  # "To correct" and "Status" are read-only
    cells = {(int(line), positions[label]): "" if text is None else str(text)
             for line, row in typed.items() for label, text in row.items()
             if label in positions}
    if not cells:
        return {}
    data = view.shown_table.data
    before = data.iloc[sorted({line for line, _ in cells})][sorted({p for _, p in cells})]
    after = before.copy()
    for (line, position), text in cells.items():
        after.at[data.index[line], position] = text
    return changed_cells(before, after)


def _record_typed(view: EditorView, key: str) -> None:
    """The editor's callback: what was just typed is recorded before the page runs, so
    the page runs once with it, already checked, instead of drawing the old grid and
    running again (on 100,000 lines, that second run was a good part of the wait)."""
    new = _typed(view, (st.session_state.get(key) or {}).get("edited_rows") or {})
    if new:
        session.record_edits(view.shown_table, new)


def _edits(outcome: FixOutcome, check: CheckResult) -> None:
    """Offer the lines that still have errors after the fixes for editing, and record
    what the person types there.

    The grid shows the fixed values with the edits in effect already in, so edits
    survive whatever resets the grid. Its first columns say what each line still has
    wrong, as checked with those edits: which cells to correct and why ("To correct",
    coloured), and every problem in words ("Status"); the title of each column with
    an error says so, its tooltip giving the reasons. The grid is built once per
    outcome and edits; what the editor sends is compared with it only when something
    was typed in it.
    """
    stored = session.edits(outcome.table)
    final = session.final(check)
    window = _window(len(outcome.table.headers))
    view = once("editor", (outcome, final, frozenset(stored.items()), window),
                lambda: _editor_view(outcome, final, stored, window))
    shown, titles = view.shown, view.titles
    if not shown:
        st.caption(_("No line has an error left after the fixes: nothing to correct by hand."))
        return
    if view.errors > EDITOR_ROWS:
        st.caption(_("Showing the first {shown} of {total} lines with errors; correct the "
                     "others in your spreadsheet (download them below).").format(
                         shown=number(EDITOR_ROWS), total=number(view.errors)))
    config: dict[str, object] = {
        titles[0]: st.column_config.TextColumn(
            titles[0], pinned=True, width="medium",
            help=_("The cells to correct on this line, and why, checked again after each "
                   "edit.")),
        titles[1]: st.column_config.TextColumn(
            titles[1], pinned=True, width="small",
            help=_("This line's problems in words, checked again after each edit."))}
    for label, (title, tooltip) in view.marks.items():
        config[label] = st.column_config.TextColumn(title, help=tooltip)
    st.caption(_("The lines that still have errors. “{correct}” names the cells to correct "
                 "on each line and why, in red; the title of each column to correct says "
                 "how many lines need it, and pointing at it gives the reasons.").format(
                     correct=titles[0]))
    key = _editor_key(shown, view.positions)
    st.data_editor(view.grid, key=key, num_rows="fixed",
                   disabled=["_index", *titles], column_config=config,
                   on_change=_record_typed, args=(view, key))
    typed = (st.session_state.get(key) or {}).get("edited_rows")
    if not typed:
        return  # nothing typed in this grid: it shows the view as it is
    # Typing the callback did not see (a grid state set another way) is recorded here.
    new = once("typed", (view, str(typed)), lambda: _typed(view, typed))
    shown_table = view.shown_table
    if new:
        session.record_edits(shown_table, new)
        st.rerun()  # once: the marks and the status then say what the new values leave


# ── what changed and what remains ───────────────────────────────────────────────────

def _changed(final: FixOutcome) -> tuple[PeopleTable, pd.DataFrame]:
    """The changes listed for people, and the corrected lines."""
    changes = final.changes
    rows = pd.Index(changes["row"].dropna().astype("int64").unique()).sort_values()
    headers = final.table.headers
    changed = set(changes["column"])  # of a wide file, the columns that changed are shown
    positions = shown_positions(len(headers), None, [
        position for position, header in enumerate(headers) if header in changed])
    lines = _grid(final.table.data.loc[rows[:PREVIEW_ROWS], positions], display_headers(headers))
    return findings_for_people(changes.head(PREVIEW_ROWS), CHANGES), lines


def _show_changes(final: FixOutcome) -> None:
    changes = final.changes
    st.subheader(_("What changed ({cells})").format(
        cells=counted(len(changes), "{count} cell", "{count} cells")))
    if changes.empty:
        st.caption(_("Nothing changed yet."))
        return
    listed, lines = once("changed", (final,), lambda: _changed(final))
    tables.show(listed, "fix_changes")
    st.caption(_("The corrected lines:"))
    st.dataframe(lines)


def _show_remaining(final: FixOutcome) -> None:
    findings = final.result.findings
    if findings.empty:
        return
    st.subheader(_("What still needs a person"))
    tables.show(once("remaining", (final,),
                     lambda: findings_for_people(findings.head(PREVIEW_ROWS), REMAINING)),
                "fix_remaining")


def _error_lines(final: FixOutcome) -> int:
    """How many lines still have an error."""
    return once("error_lines", (final,), lambda: len(error_rows(final.result.findings)))


def _verdict(result: CheckResult) -> tuple[Summary, bool, str | None]:
    """The check's counts, whether Upflow would take the file, and why nothing would be
    imported, if so: computed from the findings on each access, so once per result."""
    return once("verdict", (result,),
                lambda: (result.summary, result.ready, result.nothing_to_import))


def _show_status(final: FixOutcome) -> None:
    summary, ready, nothing_to_import = _verdict(final.result)
    if ready:
        ready = ngettext(
            "Ready for Upflow: no errors remain. {count} warning worth a look, but Upflow will "
            "accept the file. Download the corrected file below.",
            "Ready for Upflow: no errors remain. {count} warnings worth a look, but Upflow will "
            "accept the file. Download the corrected file below.",
            summary.warnings).format(count=number(summary.warnings)) if summary.warnings else _(
            "Ready for Upflow: no errors remain. Download the corrected file below.")
        st.success(ready, icon=":material/check_circle:")
        return
    if nothing_to_import:
        st.warning(_("Not ready for Upflow. {reason} Correcting its lines will not change that: "
                     "rename its columns to Upflow's, or choose what each column is on the "
                     "Check a file page.").format(reason=nothing_to_import),
                   icon=":material/warning:")
        return
    lines = _error_lines(final)
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


def _leave_out(check: CheckResult) -> frozenset[int]:
    """Which columns go into the corrected file: a choice kept in the change log (so
    Undo takes it back), the columns ignored on the check page left out at first."""
    headers = check.table.headers
    st.session_state[LEAVE_OUT] = sorted(session.left_out(check))

    def choose() -> None:
        session.set_left_out(frozenset(st.session_state[LEAVE_OUT]))

    st.multiselect(
        _("Leave out of the corrected file"), list(range(len(headers))), key=LEAVE_OUT,
        format_func=once("column_names", (headers,), lambda: column_names(headers)).__getitem__,
        on_change=choose,
        placeholder=_("No column: every column is written"),
        help=_("A duplicate, or a column of notes that Upflow should not read. The lines "
               "with errors and the clean lines leave them out too."))
    if check.mapping.ignored:
        st.caption(_("Columns ignored on the Check a file page are left out at first, since "
                     "Upflow would import them: remove one from this list to keep it."))
    st.caption(_("A column left out is still checked above; to stop checking it, ignore it "
                 "on the Check a file page."))
    return session.left_out(check)


def _downloads(final: FixOutcome, options: ExportOptions, name: str) -> None:
    """The corrected file, the one to import, as the one primary button; the files for
    people to read or share under it, each saying what it holds."""
    stem = Path(name).stem or _("file")
    errors = _error_lines(final)
    main, _room = st.columns([2, 3])
    with main:
        st.download_button(
            _("Corrected file (CSV)"), session.in_this_language(partial(corrected_csv, final,
                                                                         options)),
            file_name=_("{stem}_fixed.csv").format(stem=stem), mime=CSV_MIME,
            key="fix_download_csv", on_click="ignore", type="primary",
            icon=":material/download:", width="stretch")
    st.caption(_("The file to import into Upflow: your data with the safe fixes and your "
                 "corrections, in the format chosen above."))
    others = [
        (_("Error report (Excel)"), partial(error_report, final.result, final.changes),
         _("{stem}_report.xlsx").format(stem=stem), XLSX_MIME, "fix_download_report",
         _("Your data with error cells red and warning cells amber, each with a comment "
           "saying why; the list of problems, a summary and the changes.")),
        (_("Findings (CSV)"), partial(findings_csv, final.result.findings, options),
         _("{stem}_findings.csv").format(stem=stem), CSV_MIME, "fix_download_findings",
         _("Every problem left, one per line, in plain words: to share or to sort in a "
           "spreadsheet.")),
        (_("Lines with errors only ({count})").format(count=number(errors)),
         partial(lines_csv, final, options, rejected=True),
         _("{stem}_rejected.csv").format(stem=stem), CSV_MIME, "fix_download_rejected",
         _("Only the lines that still have errors, to correct in your spreadsheet.")),
        (_("Clean lines only (CSV)"), partial(lines_csv, final, options, rejected=False),
         _("{stem}_clean.csv").format(stem=stem), CSV_MIME, "fix_download_clean",
         _("Only the lines without errors, to import them now and the rest later.")),
    ]
    with st.expander(_("For people: reports and parts of the file"), icon=":material/group:"):
        for column, (label, data, file_name, mime, key, caption) in zip(
                st.columns(len(others)), others, strict=True):
            with column:
                st.download_button(label, session.in_this_language(data), file_name=file_name,
                                   mime=mime, key=key, on_click="ignore", width="stretch")
                st.caption(caption)


# ── the page ────────────────────────────────────────────────────────────────────────

st.title(_("Fix & export"))
check = session.require_check(
    _("Check a file first: the fixes and the corrected file are built from it."))
name = getattr(session.current_upload(), "name", check.table.name)
first = memo.remembered("fix_view_first", (check,), lambda: check.summary)
st.caption(_("{name}: {lines}, {errors} and {warnings} before fixing.").format(
    name=name, lines=counted(check.table.rows, "{count} line", "{count} lines"),
    errors=counted(first.errors, "{count} error", "{count} errors"),
    warnings=counted(first.warnings, "{count} warning", "{count} warnings")))
status = st.container()
_history(check.table.headers)

st.subheader(_("Safe fixes"))
_choose_fixes(session.fix_offer(check))
outcome = session.fixed(check)

st.subheader(_("Correct the rest by hand"))
_edits(outcome, check)
final = session.final(check)

_your_changes(check.table.headers)
_show_changes(final)
_show_remaining(final)
with status:
    _show_status(final)

imported = session.preview(final.result)
preview = once("preview", (imported,), lambda: preview_view(imported))
st.subheader(preview.heading)
with st.container(key="fix_preview"):
    st.markdown(preview.markdown)
    st.dataframe(preview.sections, hide_index=True)

st.subheader(_("Download"))
if (notice := reading_notice(check.table)) is not None:
    st.info(escape_markdown(notice), icon=":material/table_rows:")
left_out = _leave_out(check)
formula_notice = st.container()
export_options = replace(_export_options(final.table), leave_out=left_out)
with formula_notice:
    export_options = _formula_notice(final, export_options)
_downloads(final, export_options, name)
recipes.remember(check, export_options)  # the choices just made, for the next file like this
