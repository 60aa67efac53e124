"""The check history: what one check leaves behind, and the views the History page shows.

A check is kept as counts only (`CheckSummary`): the file's name, how many rows and
columns it had, how many errors, warnings and infos were found, and how many findings
each rule gave. Never a cell value, never a header: the history is shared by the whole
team and kept for as long as the database lives, while the file itself never leaves
the session of the person who checked it.

The store (`checks/store/database.py`) writes and queries it; the functions here only shape the
frame it returns, so the page stays a few widgets and the shaping is tested without a
browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import PureWindowsPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import plotly.graph_objects as go

from checks.check.validate import CheckResult
from checks.text.formulas import spreadsheet_safe_frame

# The frame `Store.history` returns, newest check first.
HISTORY_COLUMNS: tuple[str, ...] = (
    "id", "checked_at", "file_name", "rows", "columns", "errors", "warnings", "infos",
    "by_rule", "organization", "revision")

# What the page lists and the CSV holds, in this order: (frame column, heading).
_LISTED = (("file_name", "File"), ("rows", "Rows"), ("columns", "Columns"),
           ("errors", "Errors"), ("warnings", "Warnings"), ("infos", "Infos"),
           ("organization", "Organization"), ("revision", "Definitions revision"))

TREND_COLOURS = {"errors": "#d62728", "warnings": "#f0a202"}


@dataclass(frozen=True)
class CheckSummary:
    """One check as the history keeps it: counts and names, nothing from the cells."""

    file_name: str
    rows: int
    columns: int
    errors: int
    warnings: int
    infos: int
    organization: str
    revision: int | None = None
    by_rule: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, result: CheckResult, file_name: str,
           revision: int | None = None) -> CheckSummary:
        """The summary of a check. Only the file's own name is kept (a browser may send
        a path); the definitions' revision says which rules the counts come from."""
        summary = result.summary
        return cls(file_name=PureWindowsPath(file_name).name, rows=result.table.rows,
                   columns=len(result.table.headers), errors=summary.errors,
                   warnings=summary.warnings, infos=summary.infos,
                   organization=result.definitions.organization, revision=revision,
                   by_rule=dict(sorted(summary.by_rule.items())))


def empty_history() -> pd.DataFrame:
    """The history frame with no check in it, typed like a full one."""
    return pd.DataFrame({
        "id": pd.Series(dtype="int64"),
        "checked_at": pd.Series(dtype="datetime64[us, UTC]"),
        "file_name": pd.Series(dtype="str"),
        **{name: pd.Series(dtype="int64")
           for name in ("rows", "columns", "errors", "warnings", "infos")},
        "by_rule": pd.Series(dtype="object"),
        "organization": pd.Series(dtype="str"),
        "revision": pd.Series(dtype="Int64"),
    })


def history_frame(records: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The store's rows (already decoded) as the typed history frame."""
    if not records:
        return empty_history()
    frame = pd.DataFrame(list(records), columns=list(HISTORY_COLUMNS))
    frame["checked_at"] = pd.to_datetime(frame["checked_at"], utc=True).astype(
        "datetime64[us, UTC]")
    return frame.astype(empty_history().dtypes.drop("checked_at").to_dict())


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
    table = history[[column for column, _ in _LISTED]].rename(columns=dict(_LISTED))
    table.insert(0, "Checked", checked)
    return table.reset_index(drop=True)


def history_table(history: pd.DataFrame, zone: tzinfo) -> pd.DataFrame:
    """The list the page shows: one line per check, newest first, local times."""
    return _listed(history, _local(history["checked_at"], zone).dt.strftime("%Y-%m-%d %H:%M"))


def _by_rule_text(by_rule: Mapping[str, int]) -> str:
    return "; ".join(f"{rule}={count}" for rule, count in sorted(by_rule.items()))


def history_csv(history: pd.DataFrame, zone: tzinfo) -> bytes:
    """The listed checks as a CSV file a spreadsheet opens as it is (UTF-8 with a BOM):
    times in ISO 8601 with their offset, and the findings per rule in one column. A
    file name such as "=cmd.csv" gets an apostrophe before it (`spreadsheet_safe`),
    so it opens as text, not as a formula."""
    checked = history["checked_at"].dt.tz_convert(zone).map(
        lambda moment: moment.isoformat(timespec="seconds"))
    table = _listed(history, checked.astype("str"))
    table["Findings by rule"] = history["by_rule"].map(_by_rule_text).to_list()
    text = spreadsheet_safe_frame(table).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def trend_figure(history: pd.DataFrame, zone: tzinfo) -> go.Figure:
    """Errors and warnings of each check over time, oldest on the left; hovering a
    point names its file, so a jump can be traced to the file that caused it."""
    ordered = history.sort_values(["checked_at", "id"], kind="stable")
    moments = _local(ordered["checked_at"], zone)
    figure = go.Figure()
    for column, colour in TREND_COLOURS.items():
        figure.add_trace(go.Scatter(
            x=moments, y=ordered[column], name=column.capitalize(), mode="lines+markers",
            line={"color": colour}, customdata=ordered[["file_name"]].to_numpy(),
            hovertemplate=f"%{{customdata[0]}}<br>%{{y}} {column}<extra></extra>"))
    figure.update_layout(xaxis_title="Checked", yaxis_title="Findings per check",
                         yaxis_rangemode="tozero", hovermode="closest",
                         legend={"orientation": "h", "y": 1.1},
                         margin={"t": 30, "b": 10, "l": 10, "r": 10})
    return figure
