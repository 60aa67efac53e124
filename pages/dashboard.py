"""Dashboard: the check's findings as charts, a filterable list, and a shareable HTML file.

The page only lays out what `checks.views.dashboard` computes: the numbers and figures
of this session's check, and, for the before/after chart, the file as it will be
exported (the session's chain: the fixes chosen on the Fix page, every safe fix until
some are switched off, and the hand edits). The dashboard and its figures are kept
with what they were computed from (`ui.memo`), so a rerun from a filter recomputes
nothing. Clicking a bar sets the filter below it; the filters can also be chosen by
hand, since a chart cannot always be clicked (keyboard use, tests).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import streamlit as st

from checks import FIXES_BY_NAME, MANUAL_EDIT, CheckResult, FixOutcome
from checks.i18n import _, ngettext, number
from checks.views import (
    Dashboard,
    GridFilter,
    PeopleTable,
    build_dashboard,
    dashboard_figures,
    dashboard_html,
    findings_for_people,
    matching_findings,
)
from ui import memo, session, tables

session.require_app()

RULE_FILTER = "dashboard_rule"
COLUMN_FILTER = "dashboard_column"
RULE_CHART = "dashboard_rule_chart"
COLUMN_CHART = "dashboard_column_chart"
CLICKS = "dashboard_clicks"        # {chart key: the bar category last followed}

ALL = ""                           # the filters' "no filter" choice
PREVIEW_ROWS = 1_000               # findings listed at once; the HTML and charts count all
LISTED_COLUMNS = ("row", "column", "rule", "severity", "message")
HTML_MIME = "text/html"


def _board(check: CheckResult,
           final: FixOutcome) -> tuple[datetime, Dashboard, dict[str, Any]]:
    """The dashboard's numbers and figures, once per check and final state; `when` is
    the first time this check was drawn, the dashboard's time stamp."""
    when = memo.remembered("dashboard_when", (check,), lambda: datetime.now().astimezone())

    def draw() -> tuple[Dashboard, dict[str, Any]]:
        board = build_dashboard(check, final.result.findings)
        return board, dashboard_figures(board)

    board, figures = memo.remembered("dashboard", (check, final), draw)
    return when, board, figures


# ── filters and chart clicks ────────────────────────────────────────────────────────

def _clicked(event: Any) -> str | None:
    """The category of the first bar clicked in a chart's selection event (a
    horizontal bar's category is its `y`), or None when nothing is selected."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    if not points:
        return None
    category = points[0].get("y")
    return None if category is None else str(category)


def _follow_click(event: Any, chart: str, chosen: str) -> None:
    """A new bar was clicked: make its category the filter's choice. Called between
    the chart and its filter, so the filter shows the click. A chart keeps its
    selection across reruns, so only a click that differs from the last one followed
    counts: a filter changed by hand afterwards is left alone."""
    category = _clicked(event)
    followed = st.session_state.setdefault(CLICKS, {})
    if category is not None and category != followed.get(chart):
        st.session_state[chosen] = category
    followed[chart] = category


def _filter(label: str, key: str, options: list[str], names: dict[str, str]) -> str:
    """A selectbox offering "all" and each option; a choice left over from another
    file (or a click on a category that has gone) falls back to "all"."""
    choices = [ALL, *options]
    if st.session_state.get(key) not in choices:
        st.session_state[key] = ALL
    return st.selectbox(label, choices, key=key, format_func=lambda o: names.get(o, o))


def _rule_names(board: Dashboard) -> dict[str, str]:
    names = {ALL: _("All problems")}
    for rule, title, count in board.by_rule[["rule", "title", "count"]].itertuples(
            index=False):  # one line per rule, not per finding
        names[rule] = _("{title} ({rule}): {count}").format(title=title, rule=rule,
                                                            count=number(count))
    return names


def _column_names(board: Dashboard) -> dict[str, str]:
    names = {ALL: _("All columns")}
    for column, total in board.by_column[["column", "total"]].itertuples(index=False):
        names[column] = _("{column}: {count}").format(column=column, count=number(total))
    return names


# ── the sections ────────────────────────────────────────────────────────────────────

def _headline(board: Dashboard) -> None:
    top = board.headline
    cells = st.columns(4)
    cells[0].metric(_("Clean lines"),
                    _("{percent}%").format(percent=f"{top.clean_share * 100:.0f}"),
                    help=ngettext(
                        "{clean} of {rows} lines have no error. A warning does not stop a "
                        "line; a missing column is counted in the errors.",
                        "{clean} of {rows} lines have no error. A warning does not stop a "
                        "line; a missing column is counted in the errors.",
                        top.clean_rows).format(clean=number(top.clean_rows),
                                               rows=number(top.rows)))
    cells[1].metric(_("Lines checked"), number(top.rows))
    cells[2].metric(_("Errors"), number(top.errors), help=_("Upflow would refuse these."))
    cells[3].metric(_("Warnings"), number(top.warnings),
                    help=_("Worth a look; Upflow accepts them."))


def _bar_charts(board: Dashboard, figures: dict[str, Any]) -> GridFilter:
    """The rule and column charts side by side, their filters in a row under them; a
    click on a bar chooses that filter. Returns the filter for the list below."""
    charts = st.columns(2)
    events = []
    for cell, key, figure in zip(charts, (RULE_CHART, COLUMN_CHART),
                                 (figures["by_rule"], figures["by_column"]), strict=True):
        with cell:
            events.append(st.plotly_chart(figure, key=key, width="stretch",
                                          on_select="rerun", selection_mode="points"))
    _follow_click(events[0], RULE_CHART, RULE_FILTER)
    _follow_click(events[1], COLUMN_CHART, COLUMN_FILTER)
    filters = st.columns(2)
    rules, rule_names, columns, column_names = memo.remembered(
        "dashboard_filters", (board,), lambda: (board.by_rule["rule"].tolist(), _rule_names(board),
                                                board.by_column["column"].tolist(),
                                                _column_names(board)))
    with filters[0]:
        rule = _filter(_("Show the findings of"), RULE_FILTER, rules, rule_names)
    with filters[1]:
        column = _filter(_("In the column"), COLUMN_FILTER, columns, column_names)
    # A column is chosen by the label its bar shows: two columns with the same header
    # are two choices, each listing the findings of its own column only.
    return GridFilter(rules=frozenset({rule} - {ALL}), columns=frozenset({column} - {ALL}))


def _listed(check: CheckResult, chosen: GridFilter) -> tuple[int, PeopleTable]:
    """How many findings match the filters, and the first of them for people."""
    listed = matching_findings(check.findings, chosen, check.table.headers)
    return len(listed), findings_for_people(listed.head(PREVIEW_ROWS), LISTED_COLUMNS)


def _findings_list(check: CheckResult, chosen: GridFilter) -> None:
    matching, listed = memo.remembered("dashboard_listed", (check, chosen),
                                       lambda: _listed(check, chosen))
    total = len(check.findings)
    if chosen.narrows:
        st.caption(ngettext("{count} finding of {total} match the filters.",
                            "{count} findings of {total} match the filters.",
                            matching).format(count=number(matching), total=number(total)))
    else:
        st.caption(ngettext("All {count} finding. Click a bar or choose a filter to narrow "
                            "the list.",
                            "All {count} findings. Click a bar or choose a filter to narrow "
                            "the list.", total).format(count=number(total)))
    if matching > PREVIEW_ROWS:
        st.caption(_("Showing the first {count}; the Fix & export page downloads them "
                     "all.").format(count=number(PREVIEW_ROWS)))
    tables.show(listed, "dashboard_findings")


def _fix_caption(check: CheckResult, final: FixOutcome) -> str:
    chosen = session.chosen_fixes(check)
    edited = memo.remembered("dashboard_edited", (final,), lambda: int(
        (final.changes["rule"] == MANUAL_EDIT).sum()) if len(final.changes) else 0)
    count = number(edited)
    if not session.fixes_off():
        if not edited:
            return _("After every safe fix (choose them one by one on the Fix & export page). "
                     "What remains needs a person.")
        return ngettext(
            "After every safe fix, and {count} cell corrected by hand (choose them one by one "
            "on the Fix & export page). What remains needs a person.",
            "After every safe fix, and {count} cells corrected by hand (choose them one by one "
            "on the Fix & export page). What remains needs a person.", edited).format(count=count)
    if not chosen:
        if not edited:
            return _("No safe fix is switched on in Fix & export, so nothing changes yet.")
        return ngettext(
            "No safe fix is switched on in Fix & export, and {count} cell corrected by hand, "
            "so only what you typed changes.",
            "No safe fix is switched on in Fix & export, and {count} cells corrected by hand, "
            "so only what you typed changes.", edited).format(count=count)
    titles = ", ".join(_(FIXES_BY_NAME[name].title).lower() for name in chosen)
    if not edited:
        return _("After the fixes chosen in Fix & export: {titles}.").format(titles=titles)
    return ngettext("After the fixes chosen in Fix & export: {titles}, and {count} cell "
                    "corrected by hand.",
                    "After the fixes chosen in Fix & export: {titles}, and {count} cells "
                    "corrected by hand.", edited).format(titles=titles, count=count)


def _download(board: Dashboard, check: CheckResult, name: str, when: datetime) -> None:
    stem = Path(name).stem or _("file")
    st.download_button(
        _("Dashboard (HTML)"),
        session.in_this_language(partial(dashboard_html, board, file_name=name,
                                          organization=check.definitions.organization,
                                          when=when)),
        file_name=_("{stem}_dashboard.html").format(stem=stem), mime=HTML_MIME,
        key="dashboard_download", on_click="ignore", icon=":material/download:",
        help=_("Every chart in one file that opens in any browser, offline. It holds counts, "
               "rules and column names only: no cell of your file."))


# ── the page ────────────────────────────────────────────────────────────────────────

st.title(_("Dashboard"))
check = session.require_check(
    _("Check a file first: the dashboard draws its findings."))
name = getattr(session.current_upload(), "name", check.table.name)
with st.spinner(_("Applying the safe fixes to compare…"), show_time=True):
    final = session.final(check)
when, board, figures = _board(check, final)

st.caption(ngettext("{name}: {count} line checked against {organization}'s definitions.",
                    "{name}: {count} lines checked against {organization}'s definitions.",
                    check.table.rows).format(name=name, count=number(check.table.rows),
                                             organization=check.definitions.organization))
_headline(board)
_download(board, check, name, when)

st.subheader(_("What the problems are"))
narrowed = _bar_charts(board, figures)
_findings_list(check, narrowed)

st.subheader(_("Where they are"))
st.plotly_chart(figures["heatmap"], key="dashboard_heatmap", width="stretch")

st.subheader(_("How complete the columns are"))
st.plotly_chart(figures["completeness"], key="dashboard_completeness", width="stretch")

st.subheader(_("What the safe fixes change"))
st.caption(_fix_caption(check, final))
st.plotly_chart(figures["before_after"], key="dashboard_before_after", width="stretch")
