"""The dashboard's plotly figures, drawn from the frames `numbers` and `placement` compute.

Figures only lay out numbers already counted: each takes its small frame and returns a
`go.Figure`, so the page and the standalone HTML draw the very same charts. Colours and
the other presentation constants live here. Only counts, rule codes, column labels and
row numbers ever reach a figure: a finding's `value` and `message` hold the user's cell
values, and a dashboard is meant to be shared. Every text of a figure (titles, axes,
legends, hover labels) is in the session's language.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol, get_group_symbol

from checks.i18n import DEFAULT_LANGUAGE, N_, _, language
from checks.model.rules import Severity
from checks.views.dashboard.numbers import Dashboard
from checks.views.dashboard.placement import SEVERITIES, WHOLE_LINE

#: Error red, warning amber, info grey: the colours the check page uses for cells.
SEVERITY_COLOURS: dict[str, str] = {
    Severity.ERROR.value: "#c62828",
    Severity.WARNING.value: "#f0a202",
    Severity.INFO.value: "#9e9e9e",
}
#: The legend's names (English: shown with `_`).
SEVERITY_NAMES: dict[str, str] = {
    Severity.ERROR.value: N_("Errors"), Severity.WARNING.value: N_("Warnings"),
    Severity.INFO.value: N_("Notes")}

MANDATORY_COLOUR = "#1f4e79"
OPTIONAL_COLOUR = "#8fb3d9"
BEFORE_COLOUR = "#b0b7c3"
AFTER_COLOUR = "#1f77b4"

#: The figures of a dashboard, in the order they are shown, with their HTML div ids.
FIGURE_IDS: dict[str, str] = {
    "by_rule": "preflight-by-rule",
    "by_column": "preflight-by-column",
    "heatmap": "preflight-heatmap",
    "completeness": "preflight-completeness",
    "before_after": "preflight-before-after",
}


def _bar_height(categories: int) -> int:
    """Tall enough for one readable bar per category, never a sliver."""
    return max(320, 26 * categories + 140)


def _hover(template: str, **words: str) -> str:
    """A translated hover template with its `{word}`s filled in; plotly's own `%{…}`
    fields are left for plotly (no `str.format`, which would read them)."""
    for name, word in words.items():
        template = template.replace("{" + name + "}", word)
    return template + "<extra></extra>"


def _layout(figure: go.Figure, title: str, x_title: str, y_title: str,
            height: int) -> go.Figure:
    """Plain-language title and axes; categorical axes stay categorical even when a
    header or a row label looks like a number ("2024", "2"). Numbers in the hover
    labels are written the session's way (its decimal and thousands signs)."""
    code = language()
    if code != DEFAULT_LANGUAGE:
        figure.update_layout(separators=get_decimal_symbol(code) + get_group_symbol(code))
    figure.update_layout(
        title={"text": title}, height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right",
                "x": 1.0, "traceorder": "normal"},
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}, "type": "category", "autorange": "reversed"},
    )
    return figure


def _nothing_found(figure: go.Figure, text: str) -> go.Figure:
    """An empty chart says why it is empty instead of showing bare axes."""
    figure.add_annotation(text=text, showarrow=False, xref="paper", yref="paper",
                          x=0.5, y=0.5, font={"size": 16})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def rule_figure(rules: pd.DataFrame) -> go.Figure:
    """Horizontal bars, one per rule, most frequent on top, coloured by severity (one
    trace per severity, so the legend names the colours). The bar's category is the
    rule code, which is what a click selects; the tick shows its title."""
    figure = go.Figure()
    for severity in SEVERITIES:
        mine = rules[rules["severity"] == severity]
        if mine.empty:
            continue
        figure.add_trace(go.Bar(
            x=mine["count"].tolist(), y=mine["rule"].tolist(), orientation="h",
            name=_(SEVERITY_NAMES[severity]), marker={"color": SEVERITY_COLOURS[severity]},
            customdata=mine["rule"].tolist(), text=mine["count"].tolist(),
            textposition="auto", hovertext=mine["title"].tolist(),
            hovertemplate=_hover(_("%{hovertext} (%{y}): %{x:,} findings"))))
    _layout(figure, _("Which problems come up most"), _("Number of findings"), _("Problem"),
            _bar_height(len(rules)))
    figure.update_yaxes(categoryorder="array", categoryarray=rules["rule"].tolist(),
                        tickmode="array", tickvals=rules["rule"].tolist(),
                        ticktext=rules["title"].tolist())
    return _nothing_found(figure, _("No problems found")) if rules.empty else figure


def column_figure(columns: pd.DataFrame) -> go.Figure:
    """Horizontal stacked bars, one per column, most findings on top: errors, warnings
    and notes in their colours."""
    figure = go.Figure()
    for severity in SEVERITIES:
        counts = columns[severity]
        if not counts.any():
            continue
        figure.add_trace(go.Bar(
            x=counts.tolist(), y=columns["column"].tolist(), orientation="h",
            name=_(SEVERITY_NAMES[severity]), marker={"color": SEVERITY_COLOURS[severity]},
            customdata=columns["column"].tolist(),
            hovertemplate=_hover(_("%{y}: %{x:,} {severity}"),
                                 severity=_(SEVERITY_NAMES[severity]).lower())))
    figure.update_layout(barmode="stack")
    _layout(figure, _("Which columns have problems"), _("Number of findings"), _("Column"),
            _bar_height(len(columns)))
    figure.update_yaxes(categoryorder="array", categoryarray=columns["column"].tolist())
    return _nothing_found(figure, _("No column has a problem")) if columns.empty else figure


def heatmap_figure(heatmap: pd.DataFrame) -> go.Figure:
    """Columns across, blocks of lines down in the file's order: a darker cell has more
    findings. Empty cells stay white so clusters stand out."""
    columns = [_(WHOLE_LINE) if name == WHOLE_LINE else name for name in heatmap.columns]
    figure = go.Figure(go.Heatmap(
        z=heatmap.to_numpy().tolist(), x=columns, y=heatmap.index.tolist(),
        colorscale=[[0.0, "#ffffff"], [0.01, "#fde0dd"], [1.0, "#a50f15"]],
        colorbar={"title": {"text": _("Findings")}}, xgap=1, ygap=1,
        hovertemplate=_hover(_("Rows %{y}, %{x}: %{z:,} findings"))))
    _layout(figure, _("Where the problems are"), _("Column"), _("Spreadsheet rows"),
            max(360, 16 * len(heatmap) + 260))
    figure.update_xaxes(type="category", tickangle=-45)
    if heatmap.empty or not heatmap.to_numpy().any():
        return _nothing_found(figure, _("No line has a problem"))
    return figure


def completeness_figure(frame: pd.DataFrame) -> go.Figure:
    """One bar per column, in the file's order: the share of filled cells. Mandatory
    (🚩) columns are dark and named so in the legend, since an empty one is an error."""
    figure = go.Figure()
    percent = (frame["share"] * 100).round(1)
    for mandatory, name, colour in ((True, _("Mandatory"), MANDATORY_COLOUR),
                                    (False, _("Optional"), OPTIONAL_COLOUR)):
        mine = frame[(frame["mandatory"] == mandatory).to_numpy(dtype=bool)]
        if mine.empty:
            continue
        figure.add_trace(go.Bar(
            x=percent[mine.index].tolist(), y=mine["column"].tolist(), orientation="h",
            name=name, marker={"color": colour}, customdata=mine["filled"].tolist(),
            texttemplate="%{x:.0f} %", textposition="auto",
            hovertemplate=_hover(_("%{y} ({kind}): %{x:.1f} % filled (%{customdata:,} cells)"),
                                 kind=name.lower())))
    _layout(figure, _("How complete each column is"), _("Filled cells (%)"), _("Column"),
            _bar_height(len(frame)))
    figure.update_xaxes(range=[0, 100])
    figure.update_yaxes(categoryorder="array", categoryarray=frame["column"].tolist())
    return _nothing_found(figure, _("The file has no columns")) if frame.empty else figure


def before_after_figure(frame: pd.DataFrame) -> go.Figure:
    """Side-by-side bars per rule: how many findings before and after the fixes."""
    figure = go.Figure()
    for column, name, colour in (("before", _("Before fixes"), BEFORE_COLOUR),
                                 ("after", _("After fixes"), AFTER_COLOUR)):
        figure.add_trace(go.Bar(
            x=frame[column].tolist(), y=frame["rule"].tolist(), orientation="h", name=name,
            marker={"color": colour}, text=frame[column].tolist(), textposition="auto",
            hovertext=frame["title"].tolist(),
            hovertemplate=_hover(_("%{hovertext}: %{x:,} {moment}"), moment=name.lower())))
    figure.update_layout(barmode="group")
    _layout(figure, _("Before and after the safe fixes"), _("Number of findings"), _("Problem"),
            _bar_height(2 * len(frame)))
    figure.update_yaxes(categoryorder="array", categoryarray=frame["rule"].tolist(),
                        tickmode="array", tickvals=frame["rule"].tolist(),
                        ticktext=frame["title"].tolist())
    return _nothing_found(figure, _("No problems before or after")) if frame.empty else figure


def dashboard_figures(board: Dashboard) -> dict[str, go.Figure]:
    """Every figure of a dashboard, keyed as in FIGURE_IDS and in that order."""
    figures = {
        "by_rule": rule_figure(board.by_rule),
        "by_column": column_figure(board.by_column),
        "heatmap": heatmap_figure(board.heatmap),
        "completeness": completeness_figure(board.completeness),
    }
    if board.before_after is not None:
        figures["before_after"] = before_after_figure(board.before_after)
    return figures
