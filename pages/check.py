"""Check a file: upload it, see how it was read and understood, and every problem in it.

Thin over the engine: reading and checking go through `ui/session.py` (the file and
its check live in the session, so switching pages and back keeps them), and what to
show (filters, paging, cell colours, the mapping table, what the file may update)
comes from `checks.views.grid`. Every widget key starts with "check_".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from checks import (
    INPUT_SEPARATORS,
    RULES,
    CheckOptions,
    CheckResult,
    DateOrder,
    PreflightError,
    Summary,
)
from checks.i18n import N_, _, ngettext, number
from checks.views import (
    PAGE_SIZES,
    GridFilter,
    PeopleTable,
    choice_for,
    choice_label,
    column_choices,
    detection_summary,
    escape_markdown,
    filtered_rows,
    findings_for_people,
    findings_for_rows,
    general_findings,
    identifier_note,
    is_wide,
    mapping_choices,
    mapping_table,
    page_count,
    page_data,
    page_rows,
    people_table,
    readable,
    reading_notice,
    row_status,
    rows_with_errors,
    rule_choices,
    rule_table,
    rules_for_people,
    separator_label,
    severity_frame,
    shown_positions,
    update_scope,
    windows,
    with_choice,
    with_status,
)
from ui import budget, memo, recipes, session, tables

T = TypeVar("T")

session.require_app()

FILE_ID = "check_file_id"       # the uploader's id of the file last taken
MAP_PREFIX = "check_map_"       # one mapping picker per column position

#: Choices that belong to one file: forgotten when another file (or sheet, or
#: separator) replaces it, since they name its rules, columns and pages.
_VIEW_KEYS = ("check_only_problems", "check_rules", "check_columns", "check_page",
              "check_grid", "check_explain", "check_window")

DATE_ORDERS = {
    DateOrder.UNKNOWN: N_("Never guess"),
    DateOrder.DAY_FIRST: N_("Day first (31/12/2025)"),
    DateOrder.MONTH_FIRST: N_("Month first (12/31/2025)"),
}
AUTO = "auto"
CELL_CSS = {
    "error": "background-color: #fbd0d0; color: #6e0f0f",
    "warning": "background-color: #fde4b8; color: #5c3b00",
    "info": "",
    "": "",
}


#: The findings columns each list shows, in this order (engine names).
LISTED = ("row", "column", "value", "rule", "severity", "message", "fix")
ROW_DETAILS = ("column", "value", "rule", "message", "fix")
GENERAL = ("column", "rule", "severity", "message", "fix")


def once(name: str, inputs: Sequence[object], build: Callable[[], T]) -> T:
    """What this page shows of `inputs` (the session's check, the grid's filter and
    page), built once per change of them and language: a rerun with nothing changed
    (a click elsewhere, a row selected) redraws it without computing it again."""
    return memo.remembered(f"check_view_{name}", inputs, build)


def show_table(frame: Callable[[], pd.DataFrame], key: str, inputs: Sequence[object]) -> None:
    """A read-only view table (scope, mapping) in a keyed container: titles and coded
    words in the session's language, no column that is empty throughout; built once
    per `inputs`."""
    tables.show(once(key, inputs, lambda: people_table(readable(frame()))), key)


# ── the file ─────────────────────────────────────────────────────────────────────

def take_upload() -> None:
    """Remember a newly uploaded file. The uploader forgets its file when the user
    visits another page; the session keeps it, so no file here means keep the last.
    A tab reloaded with a file in it lost the file: say so above the uploader."""
    reloaded = st.empty()
    uploaded = st.file_uploader(
        _("Spreadsheet to check"), type=["csv", "txt", "tsv", "xlsx", "xls", "ods"],
        key="check_upload",
        help=_("CSV or text (; , | or tab separated), an Excel workbook (XLSX, or XLS from "
               "Excel 97-2003) or a LibreOffice ODS. It stays in this browser session only."))
    st.caption(_("Your file stays only while this tab is open: reloading or closing the tab "
                 "forgets it and your corrections."))
    if uploaded is not None and uploaded.file_id != st.session_state.get(FILE_ID):
        if not budget.admit_upload(session.UPLOAD, uploaded.size):
            # No room on the server: the previous file goes too, since the uploader
            # now names the new one; the next run tries again.
            session.set_upload(None)
            st.error(budget.refusal(), icon=":material/hourglass_disabled:")
            return
        st.session_state[FILE_ID] = uploaded.file_id
        forget_file_choices(keep_reading=False)
        session.set_upload(session.Upload(uploaded.name, uploaded.getvalue()))
        recipes.take(session.current_upload())  # the recipe saved for files like this one
    if (notice := session.reload_notice()) is not None:
        reloaded.warning(notice, icon=":material/refresh:")


def forget_file_choices(*, keep_reading: bool) -> None:
    """Drop the mapping overrides and the view of the previous file (its sheet and
    separator too unless only those are changing)."""
    session.set_overrides({})
    keys = [key for key in st.session_state if str(key).startswith(MAP_PREFIX)]
    keys += list(_VIEW_KEYS)
    if not keep_reading:
        keys += ["check_sheet", "check_separator", "check_header_row"]
    for key in keys:
        st.session_state.pop(key, None)


def reread(**changes: str | int | None) -> None:
    """Read the same file again with another sheet, separator or header row: its
    columns change, so choices made for the old columns go. Another sheet or separator
    has its own header, detected again."""
    upload = session.current_upload()
    if upload is None:
        return
    forget_file_choices(keep_reading=True)
    if "header_row" not in changes:
        changes["header_row"] = None
        st.session_state.pop("check_header_row", None)
    session.set_upload(replace(upload, **changes))


def on_sheet() -> None:
    reread(sheet=st.session_state["check_sheet"])


def on_separator() -> None:
    chosen = st.session_state["check_separator"]
    reread(separator=None if chosen == AUTO else chosen)


def on_header_row() -> None:
    chosen = st.session_state.get("check_header_row")
    reread(header_row=int(chosen) if chosen else None)


def header_row_picker(upload: session.Upload, result: CheckResult | None) -> bool:
    """The header's row, detected or chosen; a change re-reads the file. True when the
    person chose one (the field stays to undo a wrong choice)."""
    table = result.table if result is not None else None
    if table is None or (table.unreadable_reason is not None and upload.header_row is None):
        return False
    st.number_input(_("Header row"), min_value=1, step=1,
                    value=upload.header_row or table.header_row, key="check_header_row",
                    on_change=on_header_row,
                    help=_("The spreadsheet row of the column names (titles and notes "
                           "above it are skipped); change it if the columns look wrong."))
    return upload.header_row is not None


def reading_controls(upload: session.Upload, result: CheckResult | None) -> bool:
    """A sheet picker for a workbook with several sheets, a separator override for
    CSV; both re-read the file. True when a sheet picker is offered (another sheet may
    be usable even when this one is not)."""
    table = result.table if result is not None else None
    if table is not None and table.sheet is not None:
        names = session.sheets_of(upload)
        if len(names) > 1:
            index = names.index(table.sheet) if table.sheet in names else 0
            st.selectbox(_("Sheet"), names, index=index, key="check_sheet", on_change=on_sheet,
                         help=_("The workbook has several sheets with data; pick the one "
                                "to import."))
            return True
    elif table is not None and table.separator is not None:
        options = [AUTO, *INPUT_SEPARATORS]
        st.selectbox(_("Separator"), options, index=options.index(upload.separator or AUTO),
                     format_func=lambda sep: _("Detect") if sep == AUTO else separator_label(sep),
                     key="check_separator",
                     on_change=on_separator,
                     help=_("Detected from the content; change it if the columns look wrong."))
    return False


def date_order() -> CheckOptions:
    order = st.selectbox(
        _("Dates such as 03/04/2025"), list(DATE_ORDERS),
        format_func=lambda order: _(DATE_ORDERS[order]),
        key="check_date_order", persist_state="session",
        help=_("How to read a date whose day and month could be swapped. 'Never guess' "
               "reports them unless other dates of the column prove the order."))
    return CheckOptions(date_order=DateOrder(order))


def run_check(upload: session.Upload, options: CheckOptions) -> CheckResult | None:
    """The session's check, re-run only when the file, options, overrides or
    definitions changed; a file that cannot be used is a message, not a traceback."""
    session.set_check_options(options)
    try:
        with st.spinner(_("Reading and checking {name}…").format(name=upload.name),
                        show_time=True):
            return session.current_check()
    except PreflightError as problem:
        st.error(problem.message)
        return None


def unusable(result: CheckResult) -> bool:
    """Show the engine's message and nothing else when there is nothing to check."""
    reasons = result.table.unusable_reasons
    for message in reasons:
        st.error(message)
    return bool(reasons)


# ── summary ──────────────────────────────────────────────────────────────────────

def verdict(result: CheckResult) -> tuple[Summary, bool, str | None]:
    """The check's counts, whether Upflow would take the file, and why nothing would be
    imported, if so: computed from the findings on each access, so once per check."""
    return once("verdict", (result,),
                lambda: (result.summary, result.ready, result.nothing_to_import))


def results(result: CheckResult) -> None:
    summary, ready, nothing_to_import = verdict(result)
    rows, with_errors, errors, warnings = st.columns(4)
    rows.metric(_("Rows"), number(result.table.rows))
    with_errors.metric(_("Rows with errors"),
                       number(once("rows_with_errors", (result,),
                                   lambda: rows_with_errors(result.findings))))
    errors.metric(_("Errors"), number(summary.errors))
    warnings.metric(_("Warnings"), number(summary.warnings))
    if ready:
        st.success(_("Ready for Upflow: no errors. Have a look at the warnings below.")
                   if summary.warnings else _("Ready for Upflow: no errors."),
                   icon=":material/check_circle:")
    else:
        advice = nothing_to_import or _("Fix the safe ones automatically and edit the "
                                               "rest on the Fix & export page.")
        st.warning(ngettext("{count} error to correct before importing. {advice}",
                            "{count} errors to correct before importing. {advice}",
                            summary.errors).format(count=number(summary.errors), advice=advice))
    st.page_link("pages/fix.py", label=_("Fix & export"), icon=":material/build:")


def detection(result: CheckResult) -> None:
    """How the file was read, and what the organization may update with it."""
    facts = once("detection", (result,), lambda: detection_summary(result))
    st.caption(" · ".join(_("{label}: {value}").format(label=_(label),
                                                       value=escape_markdown(value))
                          for label, value in facts.items()),
               help=_("If the columns look wrong, change the separator or the sheet above."))
    scope = once("scope", (result,), lambda: update_scope(result))
    blocked = scope[scope["Blocked"] != ""]
    for why in blocked["Why"]:
        st.warning(why)
    with st.expander(_("What this file updates"), expanded=not blocked.empty):
        st.caption(_("Given the organization's source system ({system}):").format(
            system=facts["Source system"]))
        show_table(lambda: scope, "check_scope", (scope,))


def mapping(result: CheckResult) -> None:
    """How each header was understood, and a picker per column to change it."""
    understood = once("mapping", (result,), lambda: mapping_table(result.mapping))
    unknown = int((understood["How"] == "unknown").sum())
    title = ngettext("Column mapping ({count} unknown)", "Column mapping ({count} unknown)",
                     unknown).format(count=number(unknown)) if unknown else _("Column mapping")
    with st.expander(title, expanded=bool(unknown)):
        how, change = st.tabs([_("How each header was understood"), _("Change the mapping")])
        with how:
            show_table(lambda: understood, "check_mapping_table", (understood,))
        change.caption(_("Map a column to another Upflow column or custom field, or leave it "
                         "out of the check. The check runs again at once."))
        change.caption(identifier_note())
        choices, labels = once("mapping_choices", (result.definitions,),
                               lambda: _labelled(mapping_choices(result.definitions)))
        overrides = session.check_choices().override_map
        named = once("mapping_names", (result,), lambda: picker_names(result, understood))
        if is_wide(len(named)):
            with change:
                one_picker(understood, named, choices, labels, overrides)
            return
        pickers = change.columns(3)
        for position, name in enumerate(named):
            with pickers[position % 3]:
                picker(name, position, choices, labels, overrides)


def picker_names(result: CheckResult, understood: pd.DataFrame) -> list[str]:
    """Each column as its picker names it: its letter and header."""
    empty = _("(empty header)")
    return [f"{letter} · {escape_markdown(column.header) or empty}"
            for column, letter in zip(result.mapping.columns, understood["Column"], strict=True)]


def picker(name: str, position: int, choices: list[str], labels: dict[str, str],
           overrides: dict[int, str]) -> None:
    """The mapping picker of the column at `position` (`name`: its letter and header)."""
    current = choice_for(overrides, position, choices)
    st.selectbox(name, choices, format_func=labels.__getitem__,
                 index=choices.index(current), key=f"{MAP_PREFIX}{position}",
                 on_change=remap, args=(position,), help=identifier_note())


def one_picker(understood: pd.DataFrame, named: list[str], choices: list[str],
               labels: dict[str, str], overrides: dict[int, str]) -> None:
    """A wide file's mapping: the column to change, then its picker (one picker per
    column would cost every run of the page a widget per column)."""
    unknown = np.flatnonzero((understood["How"] == "unknown").to_numpy(dtype=bool))
    st.caption(_("This file has {count} columns: choose the one to change.").format(
        count=number(len(named))))
    which, how = st.columns(2)
    with which:
        position = st.selectbox(_("Column"), range(len(named)), format_func=named.__getitem__,
                                index=int(unknown[0]) if len(unknown) else 0,
                                key=f"{MAP_PREFIX}which")
    with how:
        picker(_("Understood as"), position, choices, labels, overrides)


def _labelled(choices: list[str]) -> tuple[list[str], dict[str, str]]:
    """The mapping's choices and their labels, made once: every picker shows them all,
    25 columns × every Upflow column and custom field on each run otherwise."""
    return choices, {choice: choice_label(choice) for choice in choices}


def remap(position: int) -> None:
    choice = st.session_state[f"{MAP_PREFIX}{position}"]
    session.set_overrides(with_choice(session.check_choices().override_map, position,
                                           choice))


# ── the grid ─────────────────────────────────────────────────────────────────────

def first_page() -> None:
    """A narrower or wider view starts on its first page."""
    st.session_state["check_page"] = 1
    forget_selection()


def forget_selection() -> None:
    """A selected row is a position on the page shown: meaningless on another page."""
    st.session_state.pop("check_grid", None)


def filters(result: CheckResult) -> GridFilter:
    findings = result.findings
    only, rules, columns = st.columns([1, 2, 2])
    only_problems = only.toggle(_("Problems only"), key="check_only_problems",
                                on_change=first_page, persist_state="session",
                                help=_("Show only the rows with at least one problem."))
    chosen_rules = rules.multiselect(
        _("Rules"), once("rule_choices", (result,), lambda: rule_choices(findings)),
        key="check_rules", on_change=first_page,
        format_func=lambda code: _(RULES[code].title), placeholder=_("Any rule"),
        persist_state="session")
    chosen_columns = columns.multiselect(
        _("Columns"), once("column_choices", (result,),
                           lambda: column_choices(findings, result.table.headers)),
        key="check_columns",
        on_change=first_page, placeholder=_("Any column"), persist_state="session")
    return GridFilter(only_problems, frozenset(chosen_rules), frozenset(chosen_columns))


def paging(total: int) -> tuple[int, int]:
    size_box, page_box, where = st.columns([1, 1, 3])
    size = size_box.selectbox(_("Rows per page"), PAGE_SIZES, key="check_page_size",
                              on_change=first_page, persist_state="session")
    pages = page_count(total, size)
    page = page_box.number_input(_("Page"), min_value=1, max_value=pages, step=1,
                                 key="check_page", on_change=forget_selection,
                                 persist_state="session")
    page = min(int(page), pages)
    first = (page - 1) * size + 1 if total else 0
    where.caption(_("Rows {first}–{last} of {total} shown · page {page} of {pages}").format(
        first=number(first), last=number(min(page * size, total)), total=number(total),
        page=page, pages=pages))
    return page, size


def columns_shown(result: CheckResult, grid_filter: GridFilter) -> list[int]:
    """The positions of the columns the grid shows: all of a usual file's; for a wide
    one, those chosen in the "Columns" filter, else the window picked here."""
    headers = result.table.headers
    if not is_wide(len(headers)):
        return list(range(len(headers)))
    chosen = once("chosen_columns", (headers, grid_filter),
                  lambda: grid_filter.positions(headers))
    picked = None
    if chosen:
        st.caption(_("This file has {count} columns: the grid shows the columns chosen "
                     "above.").format(count=number(len(headers))))
    else:
        picked = st.selectbox(
            _("Columns shown"), windows(len(headers)), format_func=lambda w: w.label,
            key="check_window", on_change=forget_selection,
            help=_("This file has {count} columns: the grid shows them a few at a time. "
                   "Choose columns in “Columns” above to see those.").format(
                       count=number(len(headers))))
    return shown_positions(len(headers), picked, chosen)


def styled(result: CheckResult, rows: pd.Index, positions: list[int]) -> Styler:
    """The visible rows with error cells red and warning cells amber, and first a
    status column saying the same in words (colour is never the only sign); only this
    page, and the columns shown, are styled, whatever the size of the file. Only the
    coloured cells carry an id (`cell_ids=False`, as on the Fix page): Streamlit rewrites
    each cell with an id, column by column, every time the grid is drawn (30-45 ms of
    each run of the page for 100 lines of 50 columns, for the same table and colours)."""
    headers = result.table.headers
    cells = page_data(result.table.data, headers, rows, positions)
    data = with_status(cells, row_status(result.findings, headers, rows))
    css = severity_frame(result.findings, headers, rows, positions).replace(CELL_CSS)
    css.insert(0, "status", "")
    css.index, css.columns = data.index, data.columns
    return Styler(data, cell_ids=False).apply(lambda _data: css, axis=None)


def status_config(title: str) -> dict[str, object]:
    """The status column pinned at the left, with a tooltip saying what it tells."""
    return {title: st.column_config.TextColumn(
        title, pinned=True, width="medium",
        help=_("This row's problems in words: the coloured cells say the same "
               "(red: error, amber: warning)."))}


def data_grid(result: CheckResult) -> None:
    st.subheader(_("Your data"))
    grid_filter = filters(result)
    rows = once("rows", (result, grid_filter),
                lambda: filtered_rows(result.table.data.index, result.findings, grid_filter,
                                      result.table.headers))
    page, size = paging(len(rows))
    positions = columns_shown(result, grid_filter)
    visible = page_rows(rows, page, size)
    if visible.empty:
        st.info(_("No rows match these filters."))
        return
    shown = (result, grid_filter, page, size)
    grid = once("grid", (*shown, tuple(positions)), lambda: styled(result, visible, positions))
    status = str(grid.data.columns[0])
    st.caption(_("Red cells: errors · amber cells: warnings, also said in words in the "
                 "“{status}” column. Select a row to see its problems.").format(status=status))
    event = st.dataframe(grid, key="check_grid", hide_index=False, on_select="rerun",
                         selection_mode="single-row", column_config=status_config(status))
    selected = [visible[i] for i in event.selection.rows if i < len(visible)]
    if selected:
        row_findings = once("selected", (result, selected[0]), lambda: _for_people(
            findings_for_rows(result.findings, pd.Index(selected)), ROW_DETAILS))
        st.markdown("**{}**".format(_("Row {row}").format(row=selected[0])))
        if row_findings is None:
            st.caption(_("No problem on this row."))
        else:
            tables.show(row_findings, "check_selected")
    count, listed = once("listed", shown, lambda: _counted(findings_for_rows(
        result.findings, visible, grid_filter, result.table.headers), LISTED))
    st.caption(_("Problems on the rows shown ({count}):").format(count=number(count)))
    tables.show(listed, "check_findings")


def _for_people(findings: pd.DataFrame, columns: Sequence[str]) -> PeopleTable | None:
    """The findings as a table for people, None for none."""
    return None if findings.empty else findings_for_people(findings, columns)


def _counted(findings: pd.DataFrame, columns: Sequence[str]) -> tuple[int, PeopleTable]:
    """How many findings, and them as a table for people."""
    return len(findings), findings_for_people(findings, columns)


def general(result: CheckResult) -> None:
    found = once("general", (result,),
                 lambda: _for_people(general_findings(result.findings), GENERAL))
    if found is None:
        return
    st.subheader(_("File and column problems"))
    tables.show(found, "check_general")


def explain(result: CheckResult) -> None:
    """Every rule found, and its help: inline, and on the Help page."""
    explained = once("by_rule", (result,), lambda: _by_rule(rule_table(result.findings)))
    if explained is None:
        return
    codes, by_rule = explained
    st.subheader(_("Problems by rule"))
    tables.show(by_rule, "check_by_rule")
    code = st.selectbox(_("Explain a rule"), codes, key="check_explain",
                        format_func=lambda c: f"{_(RULES[c].title)} ({c})")
    rule = RULES[code]
    how_to_fix = _("How to fix:")
    st.markdown(f"**{_(rule.title)}.** {_(rule.meaning)} {_(rule.why)}  \n"
                f"**{how_to_fix}** {_(rule.how_to_fix)}")
    st.page_link("pages/help.py", label=_("More about “{title}”").format(title=_(rule.title)),
                 icon=":material/help:", query_params={"rule": code})


def _by_rule(by_rule: pd.DataFrame) -> tuple[list[str], PeopleTable] | None:
    """The codes of the rules found and their table for people; None for none."""
    return None if by_rule.empty else (list(by_rule["Rule"]), rules_for_people(by_rule))


# ── the page ─────────────────────────────────────────────────────────────────────

def page() -> None:
    st.title(_("Check a file"))
    st.caption(_("Upload the spreadsheet you are about to import into Upflow: every problem "
                 "is listed with a plain reason, checked against your organization's "
                 "current definitions."))
    take_upload()
    recipe_box = st.container()
    upload = session.current_upload()
    if upload is None:
        with recipe_box:
            recipes.manager()
        st.info(_("Upload a CSV, XLSX, XLS or ODS file to check it."))
        return
    controls = st.empty()
    with controls.container():
        reading, dates = st.columns(2)
        with dates:
            options = date_order()
    result = run_check(upload, options)
    if result is not None:
        recipes.remember(result)  # the choices just made, for the next file like this one
    with recipe_box:
        recipes.notice(on_forget=lambda: forget_file_choices(keep_reading=False))
        recipes.manager()
    with reading:
        sheet_picker = reading_controls(upload, result)
        sheet_picker = header_row_picker(upload, result) or sheet_picker
    if result is None or unusable(result):
        if not sheet_picker:
            controls.empty()  # nothing to choose: the message alone
        return
    notice = reading_notice(result.table)
    if notice:
        st.info(escape_markdown(notice), icon=":material/table_rows:")
    results(result)
    detection(result)
    mapping(result)
    general(result)
    data_grid(result)
    explain(result)


page()
