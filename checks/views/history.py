"""The History page's views of the check history: the list, its CSV and the trend.

The store returns the history as one typed frame (`checks.store.history`); these
functions only shape it, so the page stays a few widgets and the shaping is tested
without a browser. Times are stored in UTC and shown where the person is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import plotly.graph_objects as go

from checks.export.people import rule_title
from checks.i18n import N_, _
from checks.text.formulas import spreadsheet_safe_frame

#: What the pages use (through `checks.views`).
__all__ = [
    "day_range", "history_csv", "history_table", "time_zone", "trend_figure",
]

# What the page lists and the CSV holds, in this order: (frame column, heading). The
# headings are for people, in the current language.
_LISTED = (("file_name", N_("File")), ("rows", N_("Rows")), ("columns", N_("Columns")),
           ("errors", N_("Errors")), ("warnings", N_("Warnings")), ("infos", N_("Infos")),
           ("organization", N_("Organization")), ("revision", N_("Definitions revision")))
CHECKED = N_("Checked")

TREND_COLOURS = {"errors": "#D55E00", "warnings": "#0072B2"}
#: Each trend's line and point shape, so the two differ without colour too.
TREND_LINES = {"errors": ("solid", "circle"), "warnings": ("dash", "triangle-up")}
#: Each trend's name in the legend, and what a point's value counts in its hover text.
TREND_NAMES = {"errors": N_("Errors"), "warnings": N_("Warnings")}
TREND_HOVER = {"errors": N_("%{y} errors"), "warnings": N_("%{y} warnings")}


def time_zone(name: str | None) -> tzinfo:
    """The browser's time zone when it is known and valid, else UTC: times are shown
    where the person is, and stored in UTC whatever the server's own zone is."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def day_range(days: Sequence[date], zone: tzinfo) -> tuple[datetime | None, datetime | None]:
    """The days chosen in a date range picker as [since, until) in UTC.

    No day means no bound; one day (a range being picked) means from that day on; two
    days include the whole last day, midnight to midnight where the person is.
    """
    since = until = None
    if days:
        since = datetime.combine(days[0], time(), zone).astimezone(UTC)
    if len(days) > 1:
        until = datetime.combine(days[1] + timedelta(days=1), time(), zone).astimezone(UTC)
    return since, until


def _local(moments: pd.Series, zone: tzinfo) -> pd.Series:
    """Aware UTC times as wall-clock times in `zone`, without the zone (for display)."""
    return moments.dt.tz_convert(zone).dt.tz_localize(None)


def _listed(history: pd.DataFrame, checked: pd.Series) -> pd.DataFrame:
    """The listed columns under their headings, after the time of each check."""
    table = history[[column for column, _heading in _LISTED]].rename(
        columns={column: _(heading) for column, heading in _LISTED})
    table.insert(0, _(CHECKED), checked)
    return table.reset_index(drop=True)


def history_table(history: pd.DataFrame, zone: tzinfo) -> pd.DataFrame:
    """The list the page shows: one line per file checked, newest first, local times."""
    return _listed(history, _local(history["checked_at"], zone).dt.strftime("%Y-%m-%d %H:%M"))


def _by_rule_text(by_rule: Mapping[str, int]) -> str:
    """"Date not in ISO format: 3; Unknown workflow: 1", each rule by its title in the
    current language, in the catalogue's order of codes (the same every time)."""
    return "; ".join(f"{rule_title(rule)}: {count}" for rule, count in sorted(by_rule.items()))


def history_csv(history: pd.DataFrame, zone: tzinfo) -> bytes:
    """The listed checks as a CSV file a spreadsheet opens as it is (UTF-8 with a BOM):
    times in ISO 8601 with their offset, and the findings per rule in one column. A
    file name such as "=cmd.csv" gets an apostrophe before it (`spreadsheet_safe`),
    so it opens as text, not as a formula. Rules are named by their titles, in the
    current language, like everything else in the file."""
    checked = history["checked_at"].dt.tz_convert(zone).map(
        lambda moment: moment.isoformat(timespec="seconds"))
    table = _listed(history, checked.astype("str"))
    table[_("Findings by rule")] = history["by_rule"].map(_by_rule_text).to_list()
    text = spreadsheet_safe_frame(table).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def trend_figure(history: pd.DataFrame, zone: tzinfo) -> go.Figure:
    """Errors and warnings of each file over time (the history has one line per
    upload, so one point per file), oldest on the left; hovering a point names its
    file, so a jump can be traced to the file that caused it."""
    ordered = history.sort_values(["checked_at", "id"], kind="stable")
    moments = _local(ordered["checked_at"], zone)
    figure = go.Figure()
    for column, colour in TREND_COLOURS.items():
        dash, symbol = TREND_LINES[column]
        figure.add_trace(go.Scatter(
            x=moments, y=ordered[column], name=_(TREND_NAMES[column]), mode="lines+markers",
            line={"color": colour, "dash": dash}, marker={"symbol": symbol, "size": 8},
            customdata=ordered[["file_name"]].to_numpy(),
            hovertemplate="%{customdata[0]}<br>" + _(TREND_HOVER[column])
            + "<extra></extra>"))
    figure.update_layout(xaxis_title=_(CHECKED), yaxis_title=_("Findings per file"),
                         yaxis_rangemode="tozero", hovermode="closest",
                         legend={"orientation": "h", "y": 1.1},
                         margin={"t": 30, "b": 10, "l": 10, "r": 10})
    return figure
