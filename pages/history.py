"""History: every file the team checked (one line per upload and sheet), how the
errors evolve, and the list to download.

The page only arranges widgets. The store filters (`Store.history`) and
`checks.store.history` shapes the list, the CSV and the chart. Times are shown in the
browser's time zone when Streamlit knows it, else in UTC, and the date filter means
whole days there. Only counts are listed: the history never holds a file's values.

The store is read when the person arrives on the page (`ui.visits`), changes a filter
or the language, or clicks Refresh; a rerun with nothing changed reuses what was read
and drawn (`ui.memo`, this session's state), so a teammate's check shows up on the next
visit or Refresh, not in the middle of a look at the list.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import date, tzinfo
from functools import partial

import pandas as pd
import streamlit as st

from checks.i18n import _, number
from checks.views import (
    day_range,
    history_csv,
    history_table,
    people_table,
    time_zone,
    trend_figure,
)
from ui import memo, session, tables, team, visits

session.require_app()

LIMIT = 5_000       # newest files listed at once: a page, not an archive export
ALL = ""            # the organization filter's "every organization"
REFRESH = "history_refreshed"  # how many times the person asked to read the store again


@dataclass(frozen=True)
class Filters:
    organization: str | None
    days: tuple[date, ...]
    file_contains: str


def filters(organizations: list[str]) -> Filters:
    """One picker per filter; each narrows the chart, the list and the download."""
    organization, days, file_name = st.columns(3)
    names = {ALL: _("Every organization")}
    chosen = organization.selectbox(_("Organization"), [ALL, *organizations],
                                    key="history_organization",
                                    format_func=lambda name: names.get(name, name))
    period = days.date_input(_("Checked between"), value=[], format="YYYY-MM-DD",
                             key="history_days",
                             help=_("Pick the first and the last day; empty means any day."))
    text = file_name.text_input(_("File name contains"), key="history_file",
                                placeholder=_("Any file"))
    return Filters(None if chosen == ALL else chosen, tuple(period or ()), text.strip())


def checks(chosen: Filters, zone: tzinfo) -> pd.DataFrame:
    since, until = day_range(chosen.days, zone)
    return team.store().history(organization=chosen.organization, since=since,
                                   until=until, file_contains=chosen.file_contains or None,
                                   limit=LIMIT)


def trend(history: pd.DataFrame, zone: tzinfo) -> None:
    st.subheader(_("Errors and warnings per file"))
    st.plotly_chart(memo.remembered("history_trend", (history, zone),
                                    lambda: trend_figure(history, zone)),
                    key="history_trend")


def listing(history: pd.DataFrame, zone: tzinfo) -> None:
    st.subheader(_("Files checked ({count})").format(count=number(len(history))))
    if len(history) == LIMIT:
        st.caption(_("The newest {count} files; narrow the filters to see older ones.")
                   .format(count=number(LIMIT)))
    tables.show(memo.remembered("history_list", (history, zone),
                                lambda: people_table(history_table(history, zone))),
                "history_list")
    st.download_button(_("Download this list (CSV)"),
                       session.in_this_language(partial(history_csv, history, zone)),
                       file_name="preflight_history.csv", mime="text/csv",
                       key="history_download", on_click="ignore",
                       icon=":material/download:")


def refresh() -> None:
    st.session_state[REFRESH] = st.session_state.get(REFRESH, 0) + 1


def page() -> None:
    st.title(_("History"))
    st.caption(_("Every file checked by anyone on the team, one line per file: when, "
                 "which file, and how many errors, warnings and infos it had (checking it "
                 "again after a change updates its line). Only these counts are kept, "
                 "never the file or its values."))
    zone = time_zone(st.context.timezone)
    st.button(_("Refresh"), key="history_refresh", icon=":material/refresh:",
              on_click=refresh,
              help=_("Read the team's history again: the list is read when you open this "
                     "page or change a filter, so a file a teammate checked since then "
                     "appears after Refresh."))
    read = (visits.arrival("history"), st.session_state.get(REFRESH, 0))
    try:
        organizations = memo.remembered("history_organizations", read,
                                        lambda: team.store().history_organizations())
        if not organizations:
            st.info(_("No file has been checked yet. Every check appears here, for the "
                      "whole team."), icon=":material/history:")
            st.page_link("pages/check.py", label=_("Check a file"), icon=":material/search:")
            return
        chosen = filters(organizations)
        # The filters as a tuple: this page's classes are made anew on every run.
        history = memo.remembered("history_checks", (*read, *astuple(chosen), zone),
                                  lambda: checks(chosen, zone))
    except team.StoreUnavailable as problem:
        st.error(problem.message)
        return
    if history.empty:
        st.info(_("No check matches these filters."))
        return
    st.caption(_("Times in {zone}.").format(zone=getattr(zone, "key", "UTC")))
    trend(history, zone)
    listing(history, zone)


page()
