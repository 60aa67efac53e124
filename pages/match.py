"""Identifier match: will Upflow link each billing customer to its Salesforce account?

Two exports in, the shared identifier column of each preselected from
`checks.suggest_columns`, and every identifier classified by
`match_identifiers`; `checks.views.match` turns the result into titles, tables, the
chart and the downloads. The two files are kept in this session under "match_" keys
(an uploader forgets its file when the user visits another page), and the suggestion
and the match are kept next to the files and columns they were computed from (held by
reference), so a rerun from a filter recomputes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from checks import (
    MatchClass,
    MatchResult,
    PreflightError,
    Table,
    match_identifiers,
    suggest_columns,
)
from checks.i18n import _, number
from checks.views import (
    PROBLEM_CLASSES,
    Sides,
    advice_table,
    class_counts,
    class_figure,
    class_titles,
    download_names,
    escape_markdown,
    identifier_column_choices,
    identifier_count,
    lines_csv,
    match_headline,
    pair_table,
    people_table,
    problem_table,
    problem_values,
    reading_notice,
    suggestion_table,
    unmatchable_reason,
    values_csv,
)
from ui import budget, memo, session, tables

session.require_app()

SIDES = Sides()
LEFT, RIGHT = "left", "right"
LABELS = {LEFT: _("Billing tool export"), RIGHT: _("Salesforce export")}
UPLOADERS = {LEFT: "match_left_upload", RIGHT: "match_right_upload"}
FILES = {LEFT: "match_left_file", RIGHT: "match_right_file"}          # (file id, Upload)
COLUMNS = {LEFT: "match_left_column", RIGHT: "match_right_column"}
HEADER_ROWS = {LEFT: "match_left_header_row", RIGHT: "match_right_header_row"}
CLASS_FILTER = "match_class"
ALL = ""                         # the class filter's "every problem"
PERCENT = st.column_config.NumberColumn(format="percent")
CSV_MIME = "text/csv"


def show_table(frame: pd.DataFrame, key: str, marked: tuple[str, ...] = (),
               **config: object) -> None:
    """A read-only table in a keyed container, which lets tests find it: no column
    that is empty throughout, and the `marked` columns (identifiers as the files
    write them) with their invisible characters shown, since "000205 " and "000205"
    look the same side by side."""
    tables.show(people_table(frame, marked), key, **config)


# ── the files ────────────────────────────────────────────────────────────────────────

def take_upload(side: str) -> session.Upload | None:
    """This side's file: a new upload replaces the kept one (and the column choices
    made for the old files); an empty uploader keeps the last file."""
    uploaded = st.file_uploader(
        LABELS[side], type=["csv", "txt", "xlsx", "xls", "ods"], key=UPLOADERS[side],
        help=_("CSV, Excel (XLSX, XLS) or LibreOffice ODS (the first sheet with data). It "
               "stays in this browser session."))
    kept = st.session_state.get(FILES[side])
    if uploaded is not None and (kept is None or kept[0] != uploaded.file_id):
        if not budget.admit_upload(FILES[side], uploaded.size):
            st.session_state.pop(FILES[side], None)
            budget.release_upload(FILES[side])
            st.error(budget.refusal(), icon=":material/hourglass_disabled:")
            return None
        kept = (uploaded.file_id, session.Upload(uploaded.name, uploaded.getvalue()))
        st.session_state[FILES[side]] = kept
        for key in (*COLUMNS.values(), CLASS_FILTER, HEADER_ROWS[side]):
            st.session_state.pop(key, None)
    if kept is None:
        return None
    if uploaded is None:
        st.caption(_("Using {file}, uploaded earlier.").format(file=kept[1].name))
    return kept[1]


def read(side: str, upload: session.Upload) -> Table | None:
    """The file as a table, or its reading problem as a message; how the table was
    found in it, and the row of its header, which the person can change."""
    try:
        table = session.read_upload(upload, slot=f"match_{side}_table")
    except PreflightError as problem:
        st.error(problem.message)
        return None
    header_row_field(side, upload, table)
    why = unmatchable_reason(table)
    if why is not None:
        st.error(why)
        return None
    notice = reading_notice(table)
    if notice:
        st.caption(escape_markdown(notice))
    return table


def header_row_field(side: str, upload: session.Upload, table: Table) -> None:
    """The header's row, as found; a new row re-reads this side's file."""
    def reread() -> None:
        chosen = st.session_state.get(HEADER_ROWS[side])
        file_id, kept = st.session_state[FILES[side]]
        st.session_state[FILES[side]] = (
            file_id, replace(kept, header_row=int(chosen) if chosen else None))
        for key in (COLUMNS[side], CLASS_FILTER):
            st.session_state.pop(key, None)

    if table.unreadable_reason is not None and upload.header_row is None:
        return
    st.number_input(_("Header row"), min_value=1, step=1, key=HEADER_ROWS[side],
                    value=upload.header_row or table.header_row, on_change=reread,
                    help=_("The spreadsheet row that holds the column names. Preflight "
                           "finds it below titles and blank lines; change it if the guess "
                           "is wrong."))


def files() -> tuple[session.Upload, Table, session.Upload, Table] | None:
    """Both uploaders side by side; both files read, or None with the reason shown."""
    taken: dict[str, tuple[session.Upload, Table | None]] = {}
    for side, cell in zip((LEFT, RIGHT), st.columns(2), strict=True):
        with cell:
            upload = take_upload(side)
            if upload is not None:
                taken[side] = (upload, read(side, upload))
    if len(taken) < 2:
        st.info(_("Upload both exports to see which customers will match."))
        return None
    (left, left_table), (right, right_table) = taken[LEFT], taken[RIGHT]
    if left_table is None or right_table is None:
        return None
    return left, left_table, right, right_table


# ── the columns ──────────────────────────────────────────────────────────────────────

def suggestion(left: session.Upload, left_table: Table, right: session.Upload,
               right_table: Table) -> tuple[pd.DataFrame, tuple[str, str] | None]:
    """The likely identifier columns, once per pair of files."""
    return memo.remembered("match_suggestion", (left_table, right_table),
                           lambda: suggest_columns(left_table, right_table))


def column_picker(side: str, table: Table, suggested: str | None, label: str) -> str:
    """A selectbox of the file's columns, the suggestion chosen until the user picks."""
    options = identifier_column_choices(table)
    key = COLUMNS[side]
    if st.session_state.get(key) not in options:
        st.session_state[key] = suggested if suggested in options else options[0]
    return str(st.selectbox(label, options, key=key, persist_state="session"))


def columns(left_table: Table, right_table: Table, ranking: pd.DataFrame,
            best: tuple[str, str] | None) -> tuple[str, str]:
    left_cell, right_cell = st.columns(2)
    with left_cell:
        left = column_picker(LEFT, left_table, best[0] if best else None,
                             _("Identifier column in {side}").format(side=SIDES.left))
    with right_cell:
        right = column_picker(RIGHT, right_table, best[1] if best else None,
                              _("Identifier column in {side}").format(side=SIDES.right))
    if best is None:
        st.warning(_("No column of one export shares a value with a column of the other: "
                     "choose the identifier columns yourself."))
        return left, right
    with st.expander(_("Why these columns")):
        st.caption(_("Pairs of columns that share values, most likely first: an identifier "
                     "is filled on every line, unique, and holds the same values on both "
                     "sides."))
        table = suggestion_table(ranking, SIDES)
        show_table(table, "match_ranking",
                   **{name: PERCENT for name in table.columns[2:-1]},
                   **{table.columns[-1]: st.column_config.NumberColumn(format="%.2f")})
    return left, right


# ── the match ────────────────────────────────────────────────────────────────────────

def match(left: session.Upload, left_table: Table, right: session.Upload,
          right_table: Table, chosen: tuple[str, str]) -> MatchResult | None:
    """The match of the chosen columns, computed once per files and columns."""
    def compute() -> MatchResult | PreflightError:
        try:
            with st.spinner(_("Matching the identifiers…"), show_time=True):
                return match_identifiers(left_table, chosen[0], right_table, chosen[1],
                                         left_name=SIDES.left, right_name=SIDES.right)
        except PreflightError as problem:
            return problem

    found = memo.remembered("match_result", (left_table, right_table, chosen), compute)
    if isinstance(found, PreflightError):
        st.error(found.message)
        return None
    return found


def summary(result: MatchResult) -> None:
    total, matched = identifier_count(result), result.summary[MatchClass.MATCHED]
    matching, not_matching, empty = st.columns(3)
    matching.metric(_("Identifiers that match"), _("{matched} of {total}").format(
        matched=number(matched), total=number(total)))
    not_matching.metric(_("Identifiers that do not"), number(total - matched))
    empty.metric(_("Lines without an identifier"), number(result.summary[MatchClass.EMPTY]))
    if result.all_matched:
        st.success(_("All identifiers match: {headline} Upflow can link every customer to "
                     "its Salesforce account.").format(headline=match_headline(result)),
                   icon=":material/check_circle:")
    else:
        st.warning(_("{headline} The others will not link until they are fixed: see what to "
                     "do below.").format(headline=match_headline(result)))
    st.plotly_chart(class_figure(class_counts(result, SIDES)), key="match_chart",
                    width="stretch")


def class_filter(result: MatchResult) -> str:
    titles = class_titles(SIDES)
    found = [cls.value for cls in PROBLEM_CLASSES if result.summary[cls]]
    names = {ALL: _("Every problem"),
             **{cls: _("{problem}: {count}").format(problem=titles[cls],
                                                    count=number(result.summary[cls]))
                for cls in found}}
    choices = [ALL, *found]
    if st.session_state.get(CLASS_FILTER) not in choices:
        st.session_state[CLASS_FILTER] = ALL
    return str(st.selectbox(_("Show"), choices, key=CLASS_FILTER, format_func=names.__getitem__,
                            persist_state="session"))


def problems(result: MatchResult) -> None:
    """What to do per problem, then the identifiers and the pairs behind it."""
    st.subheader(_("What to fix"))
    chosen = class_filter(result)
    advice = advice_table(result, SIDES)
    if chosen:
        advice = advice[advice["class"] == chosen]
    with st.container(key="match_advice"):  # the engine's advice names class and count
        st.markdown("\n".join(f"- {text}" for text in advice["What to do"]))
    listed = problem_table(problem_values(result), SIDES, chosen or None)
    show_table(listed, "match_problems", marked=tuple(listed.columns[[0, 2]]))
    pairs = pair_table(result, SIDES, chosen or None)
    if not pairs.empty:
        st.markdown(_("**Almost the same**: values that denote the same customer on both "
                      "sides but are written differently, side by side."))
        show_table(pairs, "match_pairs", marked=tuple(pairs.columns[:2]))


def downloads(result: MatchResult, left: session.Upload, right: session.Upload) -> None:
    names = download_names(left.name, right.name)
    st.subheader(_("Download"))
    cells = st.columns(3)
    lines_label = _("Lines to fix in {side} (CSV)")
    lines_help = _("The lines of {file} that will not match, with what to do.")
    buttons = (
        (_("Full classification (CSV)"), partial(values_csv, result, SIDES), "values",
         _("Every identifier value with its result, counts, rows and counterpart.")),
        (lines_label.format(side=SIDES.left), partial(lines_csv, result, LEFT, SIDES), LEFT,
         lines_help.format(file=left.name)),
        (lines_label.format(side=SIDES.right), partial(lines_csv, result, RIGHT, SIDES),
         RIGHT, lines_help.format(file=right.name)),
    )
    for cell, (label, data, which, help_text) in zip(cells, buttons, strict=True):
        cell.download_button(label, session.in_this_language(data),
                             file_name=names[which], mime=CSV_MIME,
                             key=f"match_download_{which}", on_click="ignore",
                             icon=":material/download:", help=help_text)


# ── the page ─────────────────────────────────────────────────────────────────────────

def page() -> None:
    st.title(_("Identifier match"))
    st.caption(_("To connect Salesforce, Upflow links each customer of your billing tool to "
                 "its Salesforce account through one shared identifier: the same value for "
                 "the same customer in both systems, unique (one line per customer on each "
                 "side) and stable over time. Upload both exports to see which customers "
                 "will link, and what to fix for the others, before you connect."))
    read_files = files()
    if read_files is None:
        return
    left, left_table, right, right_table = read_files
    ranking, best = suggestion(left, left_table, right, right_table)
    chosen = columns(left_table, right_table, ranking, best)
    result = match(left, left_table, right, right_table, chosen)
    if result is None:
        return
    summary(result)
    if not result.all_matched:
        problems(result)
    downloads(result, left, right)


page()
