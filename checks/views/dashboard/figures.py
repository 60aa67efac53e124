"""The dashboard's plotly figures, drawn from the frames `numbers` and `placement` compute.

Figures only lay out numbers already counted: each takes its small frame and returns a
`go.Figure`, so the page and the standalone HTML draw the very same charts. Colours and
the other presentation constants live here. Only counts, rule codes, column labels and
row numbers ever reach a figure: a finding's `value` and `message` hold the user's cell
values, and a dashboard is meant to be shared. Every text of a figure (titles, axes,
legends, hover labels) is in the session's language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol, get_group_symbol
from plotly.subplots import make_subplots

from checks.i18n import DEFAULT_LANGUAGE, N_, _, language
from checks.model.rules import Severity
from checks.views.dashboard.numbers import Dashboard
from checks.views.dashboard.placement import SEVERITIES, WHOLE_LINE
from checks.views.status import SEVERITY_WORDS

#: Errors vermilion, warnings blue, notes grey (Okabe and Ito's palette): told apart
#: with every kind of colour blindness, and always named too (legends, colour bars,
#: hover labels), so colour is never the only sign.
SEVERITY_COLOURS: dict[str, str] = {
    Severity.ERROR.value: "#D55E00",
    Severity.WARNING.value: "#0072B2",
    Severity.INFO.value: "#999999",
}
#: The lightest shade of each severity in the heatmap (one finding in a block), still
#: clearly apart from the white of a block without any.
HEAT_LIGHT: dict[str, str] = {
    Severity.ERROR.value: "#F9D3B8",
    Severity.WARNING.value: "#C6DFF0",
    Severity.INFO.value: "#E4E4E4",
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


def heat_labels(heatmaps: Mapping[str, pd.DataFrame]) -> np.ndarray:
    """Each block × column in words, for the hover label of every panel: "3 errors, 1
    warning", "no problem". Each distinct count is worded once and the words are
    joined column-wise (a heatmap is at most 50 blocks by the file's columns)."""
    frames = [(severity, frame) for severity, frame in heatmaps.items()
              if severity in SEVERITY_WORDS]
    shape = frames[0][1].shape if frames else (0, 0)
    words = np.full(shape, "", dtype=object)
    for severity, frame in frames:
        counts = frame.to_numpy()
        say = SEVERITY_WORDS[severity]
        said = {n: say(int(n)) for n in np.unique(counts) if n}
        part = pd.DataFrame(counts).apply(lambda column, said=said: column.map(said))
        part = part.to_numpy(dtype=object)
        named = pd.notna(part)
        words = np.where(named & (words != ""), words + ", " + part.astype(str),
                         np.where(named, part, words))
    return np.where(words == "", _("no problem"), words)


def _tick_step(top: int) -> int:
    """Whole numbers of findings on a colour bar, about five ticks."""
    return max(1, math.ceil(top / 5))


def _heat_trace(frame: pd.DataFrame, severity: str, columns: list[str],
                labels: np.ndarray) -> go.Heatmap:
    """One severity's panel: its count per block × column on a scale of its own
    colour from one finding (light) to the most in any block (full), in numbers of
    findings; blocks without any stay blank (white), so clusters stand out."""
    counts = frame.to_numpy()
    top = max(1, int(counts.max(initial=0)))
    z = np.where(counts > 0, counts, None).tolist()
    name = _(SEVERITY_NAMES[severity])
    return go.Heatmap(
        z=z, x=columns, y=frame.index.tolist(), name=name, zmin=0, zmax=top,
        colorscale=[[0.0, HEAT_LIGHT[severity]], [1.0, SEVERITY_COLOURS[severity]]],
        colorbar={"title": {"text": name}, "tick0": 0, "dtick": _tick_step(top),
                  "tickformat": ",d", "thickness": 12},
        customdata=labels.tolist(), xgap=1, ygap=1, hoverongaps=True,
        hovertemplate=_hover(_("Rows %{y}, %{x}: %{customdata}")))


def heatmap_figure(heatmaps: Mapping[str, pd.DataFrame]) -> go.Figure:
    """Columns across, blocks of lines down in the file's order, one panel per
    severity found (errors, warnings, notes; same blocks and columns): a darker cell
    has more findings of that severity, on a colour bar in numbers of findings named
    after it, and every hover label counts them all ("3 errors, 1 warning")."""
    shown = [severity for severity, frame in heatmaps.items() if frame.to_numpy().any()]
    if not shown:
        figure = _layout(go.Figure(), _("Where the problems are"), _("Column"),
                         _("Spreadsheet rows"), 360)
        return _nothing_found(figure, _("No line has a problem"))
    first = heatmaps[shown[0]]
    columns = [_(WHOLE_LINE) if name == WHOLE_LINE else name for name in first.columns]
    labels = heat_labels(heatmaps)
    figure = make_subplots(rows=1, cols=len(shown), shared_yaxes=True,
                           horizontal_spacing=0.1 if len(shown) > 1 else 0.0)
    for at, severity in enumerate(shown, start=1):
        figure.add_trace(_heat_trace(heatmaps[severity], severity, columns, labels),
                         row=1, col=at)
    _layout(figure, _("Where the problems are"), _("Column"), _("Spreadsheet rows"),
            max(360, 16 * len(first) + 260))
    for at, (trace, severity) in enumerate(zip(figure.data, shown, strict=True), start=1):
        axis = figure.layout["xaxis" if at == 1 else f"xaxis{at}"]
        trace.colorbar.x = axis.domain[1] + 0.005
        axis.title.text = _("{severity}, per column").format(
            severity=_(SEVERITY_NAMES[severity]))
    figure.update_xaxes(type="category", tickangle=-45)
    figure.update_yaxes(type="category", autorange="reversed")
    figure.update_layout(plot_bgcolor="#ffffff")
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
        "heatmap": heatmap_figure(board.heatmaps),
        "completeness": completeness_figure(board.completeness),
    }
    if board.before_after is not None:
        figures["before_after"] = before_after_figure(board.before_after)
    return figures
