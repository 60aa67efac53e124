"""The visual error dashboard: what the charts show, computed from the Findings table.

Data functions turn a check into small frames (a few dozen lines each, whatever the
size of the file), and figure functions turn those frames into plotly figures, so
the numbers behind every chart can be tested without Streamlit and the page only lays
them out. Everything works on whole columns (`value_counts`, `bincount`, `isin`): a
100,000-line file with hundreds of thousands of findings builds in a fraction of a
second.

Only counts, rule codes, column headers and row numbers ever reach a figure or the
standalone HTML: a finding's `value` and `message` hold the user's cell values, and a
dashboard is meant to be shared.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from checks.check.cells.base import blank
from checks.check.validate import CheckResult
from checks.map.headers import ColumnMapping
from checks.model.columns import ID_COLUMNS, MANDATORY
from checks.model.rules import RULES, Severity
from checks.views.grid import display_headers, rows_with_errors

#: At most this many row blocks in the heatmap: enough to see where problems cluster,
#: few enough to read (100,000 lines make 50 blocks of 2,000).
MAX_BLOCKS = 50

#: The severities in the order they are stacked and listed, worst first.
SEVERITIES: tuple[str, ...] = (Severity.ERROR.value, Severity.WARNING.value,
                               Severity.INFO.value)

#: Error red, warning amber, info grey: the colours the check page uses for cells.
SEVERITY_COLOURS: dict[str, str] = {
    Severity.ERROR.value: "#c62828",
    Severity.WARNING.value: "#f0a202",
    Severity.INFO.value: "#9e9e9e",
}
SEVERITY_NAMES: dict[str, str] = {
    Severity.ERROR.value: "Errors", Severity.WARNING.value: "Warnings",
    Severity.INFO.value: "Notes"}

#: Where a line's finding that names no column (a line with the wrong number of
#: cells) goes in the heatmap, so that every line finding is counted somewhere.
WHOLE_LINE = "(whole line)"

MANDATORY_COLOUR = "#1f4e79"
OPTIONAL_COLOUR = "#8fb3d9"
BEFORE_COLOUR = "#b0b7c3"
AFTER_COLOUR = "#1f77b4"

RULE_COLUMNS: tuple[str, ...] = ("rule", "title", "severity", "count")
COLUMN_COLUMNS: tuple[str, ...] = ("column", *SEVERITIES, "total")
BLOCK_COLUMNS: tuple[str, ...] = ("label", "first", "last", "lines")
COMPLETENESS_COLUMNS: tuple[str, ...] = ("column", "target", "mandatory", "filled", "rows",
                                         "share")
BEFORE_AFTER_COLUMNS: tuple[str, ...] = ("rule", "title", "severity", "before", "after")

#: The figures of a dashboard, in the order they are shown, with their HTML div ids.
FIGURE_IDS: dict[str, str] = {
    "by_rule": "preflight-by-rule",
    "by_column": "preflight-by-column",
    "heatmap": "preflight-heatmap",
    "completeness": "preflight-completeness",
    "before_after": "preflight-before-after",
}


# ── the numbers ──────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Headline:
    """The four numbers a person reads first. A line is clean when no error points at
    it; file and column errors (a missing column) count as errors but belong to no
    line, so they lower the error count, not the share of clean lines."""

    rows: int
    rows_with_errors: int
    errors: int
    warnings: int
    infos: int

    @property
    def clean_rows(self) -> int:
        return self.rows - self.rows_with_errors

    @property
    def clean_share(self) -> float:
        """Share of clean lines, 0.0 to 1.0; a file without lines has none clean."""
        return self.clean_rows / self.rows if self.rows else 0.0


def headline(findings: pd.DataFrame, rows: int) -> Headline:
    """Lines checked, lines with at least one error, and findings per severity."""
    counts = findings["severity"].value_counts()
    return Headline(
        rows=rows,
        rows_with_errors=min(rows, rows_with_errors(findings)),
        errors=int(counts.get(Severity.ERROR.value, 0)),
        warnings=int(counts.get(Severity.WARNING.value, 0)),
        infos=int(counts.get(Severity.INFO.value, 0)),
    )


def _catalogue_rank(codes: Iterable[str]) -> list[int]:
    order = {code: position for position, code in enumerate(RULES)}
    return [order.get(code, len(order)) for code in codes]


def _with_rule_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The rule's title and severity beside its code, and its catalogue rank to break
    ties; a code the catalogue does not know (from an older history) keeps its code as
    title and counts as a note."""
    codes = frame["rule"]
    return frame.assign(
        title=[RULES[code].title if code in RULES else code for code in codes],
        severity=[RULES[code].severity.value if code in RULES else Severity.INFO.value
                  for code in codes],
        _rank=_catalogue_rank(codes),
    )


def by_rule(findings: pd.DataFrame) -> pd.DataFrame:
    """One line per rule found: code, title, severity and count; most frequent first,
    ties in the catalogue's order so the chart does not reshuffle between runs."""
    counts = findings["rule"].value_counts()
    frame = pd.DataFrame({
        "rule": counts.index.astype(str).tolist(),
        "count": counts.to_numpy(dtype="int64"),
    })
    frame = _with_rule_labels(frame)
    frame = frame.sort_values(["count", "_rank"], ascending=[False, True], kind="stable")
    return frame[list(RULE_COLUMNS)].reset_index(drop=True)


def by_column(findings: pd.DataFrame, headers: Sequence[str] = ()) -> pd.DataFrame:
    """One line per column with findings: how many errors, warnings and notes name it,
    and their total; most findings first, ties in the file's order."""
    named = findings[findings["column"].notna().to_numpy(dtype=bool)]
    table = pd.crosstab(named["column"].astype(str), named["severity"].astype(str))
    table = table.reindex(columns=list(SEVERITIES), fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    order = {header: position for position, header in enumerate(headers)}
    table["_rank"] = [order.get(column, len(order)) for column in table.index]
    table = table.sort_values(["total", "_rank"], ascending=[False, True], kind="stable")
    frame = table.rename_axis("column").reset_index()
    frame.columns.name = None
    return frame[list(COLUMN_COLUMNS)].reset_index(drop=True)


def _block_label(first: int, last: int) -> str:
    return f"{first:,}" if first == last else f"{first:,}–{last:,}"


def row_blocks(index: pd.Index, max_blocks: int = MAX_BLOCKS) -> pd.DataFrame:
    """The file's lines split into at most `max_blocks` blocks of consecutive lines
    (equal sizes but the last), labelled by their spreadsheet row numbers ("2–2,001").
    Row numbers may skip (a quoted value over several lines), so blocks are cut by
    position and labelled by the numbers the spreadsheet shows."""
    if max_blocks < 1:
        raise ValueError("A heatmap has at least one block of lines.")
    numbers = np.asarray(index, dtype="int64")
    if len(numbers) == 0:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name != "label" else object)
                             for name in BLOCK_COLUMNS})
    size = -(-len(numbers) // max_blocks)  # ceiling division
    starts = np.arange(0, len(numbers), size)
    ends = np.minimum(starts + size, len(numbers)) - 1
    first, last = numbers[starts], numbers[ends]
    return pd.DataFrame({
        "label": [_block_label(int(a), int(b)) for a, b in zip(first, last, strict=True)],
        "first": first, "last": last, "lines": ends - starts + 1,
    }, columns=list(BLOCK_COLUMNS))


def _heatmap_columns(columns: pd.Series, headers: Sequence[str]) -> list[str]:
    """The heatmap's columns: those with line findings, in the file's order, then any
    other name findings use, then the whole-line column when a finding has none."""
    present = set(columns.dropna().astype(str).unique())
    ordered = [header for header in dict.fromkeys(headers) if header in present]
    ordered += sorted(present - set(ordered))
    if columns.isna().any():
        ordered.append(WHOLE_LINE)
    return ordered


def problem_heatmap(findings: pd.DataFrame, index: pd.Index, headers: Sequence[str] = (),
                    max_blocks: int = MAX_BLOCKS) -> pd.DataFrame:
    """How many line findings fall in each block of lines (rows of the result, labelled
    as in `row_blocks`) and each column (columns of the result)."""
    blocks = row_blocks(index, max_blocks)
    on_lines = findings[findings["row"].notna().to_numpy(dtype=bool)]
    columns = on_lines["column"].astype(object)
    names = _heatmap_columns(columns, headers) if len(blocks) else []
    counts = np.zeros((len(blocks), len(names)), dtype="int64")
    if len(on_lines) and len(blocks):
        rows = on_lines["row"].to_numpy(dtype="int64")
        # A finding belongs to the last block starting at or before its row.
        block = np.searchsorted(blocks["first"].to_numpy(), rows, side="right") - 1
        block = np.clip(block, 0, len(blocks) - 1)
        position = pd.Index(names).get_indexer(columns.fillna(WHOLE_LINE).astype(str))
        flat = np.bincount(block * len(names) + position, minlength=counts.size)
        counts = flat.reshape(counts.shape)
    return pd.DataFrame(counts, index=pd.Index(blocks["label"], name="rows"),
                        columns=pd.Index(names, name="column"))


def mandatory_targets(mapping: ColumnMapping) -> frozenset[str]:
    """The 🚩 columns of the sections the file holds, as `missing_column` and
    `required_missing` see them: any customer identifier stands for the section's own,
    so the one the file has (the section's own name first) is the mandatory one."""
    present = set(mapping.targets)
    ids = [name for name in ID_COLUMNS if name in present]
    mandatory: set[str] = set()
    for section in mapping.sections:
        for name in MANDATORY[section]:
            if name in ID_COLUMNS:
                if ids:
                    mandatory.add(name if name in present else ids[0])
            elif name in present:
                mandatory.add(name)
    return frozenset(mandatory)


def completeness(result: CheckResult) -> pd.DataFrame:
    """Per column of the file, in its order: how many cells hold something (a cell of
    only spaces is empty) and the share, with the mandatory columns marked."""
    table, mapping = result.table, result.mapping
    labels = display_headers(table.headers)
    mandatory = mandatory_targets(mapping)
    targets = {column.position: column.target for column in mapping.active}
    rows = table.rows
    filled = [int((~blank(table.data[position].fillna("").astype(str))).sum()) if rows else 0
              for position in range(len(table.headers))]  # a loop over columns, not rows
    return pd.DataFrame({
        "column": labels,
        "target": pd.Series([targets.get(position) for position in range(len(labels))],
                            dtype=object),
        "mandatory": [targets.get(position) in mandatory for position in range(len(labels))],
        "filled": filled,
        "rows": [rows] * len(labels),
        "share": [count / rows if rows else 0.0 for count in filled],
    }, columns=list(COMPLETENESS_COLUMNS))


def before_after(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Findings per rule before and after fixing, every rule of either side; most
    findings before first. The rules a fix removed show 0 after."""
    counts = pd.DataFrame({"before": before["rule"].value_counts(),
                           "after": after["rule"].value_counts()}).fillna(0).astype("int64")
    frame = counts.rename_axis("rule").reset_index()
    frame["rule"] = frame["rule"].astype(str)
    frame = _with_rule_labels(frame)
    frame = frame.sort_values(["before", "_rank"], ascending=[False, True], kind="stable")
    return frame[list(BEFORE_AFTER_COLUMNS)].reset_index(drop=True)


@dataclass(frozen=True)
class Dashboard:
    """Every number the dashboard shows for one check (and, optionally, the same file
    after fixes): what the page caches and the HTML export draws."""

    headline: Headline
    by_rule: pd.DataFrame
    by_column: pd.DataFrame
    heatmap: pd.DataFrame
    completeness: pd.DataFrame
    before_after: pd.DataFrame | None = None


def build_dashboard(result: CheckResult, fixed: pd.DataFrame | None = None,
                    max_blocks: int = MAX_BLOCKS) -> Dashboard:
    """The dashboard of a check; `fixed` is the findings of the same file after the
    chosen fixes, for the before/after chart (left out when None)."""
    findings, table = result.findings, result.table
    return Dashboard(
        headline=headline(findings, table.rows),
        by_rule=by_rule(findings),
        by_column=by_column(findings, table.headers),
        heatmap=problem_heatmap(findings, table.data.index, table.headers, max_blocks),
        completeness=completeness(result),
        before_after=None if fixed is None else before_after(findings, fixed),
    )


# ── the figures ──────────────────────────────────────────────────────────────────

def _bar_height(categories: int) -> int:
    """Tall enough for one readable bar per category, never a sliver."""
    return max(320, 26 * categories + 140)


def _layout(figure: go.Figure, title: str, x_title: str, y_title: str,
            height: int) -> go.Figure:
    """Plain-language title and axes; categorical axes stay categorical even when a
    header or a row label looks like a number ("2024", "2")."""
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
            name=SEVERITY_NAMES[severity], marker={"color": SEVERITY_COLOURS[severity]},
            customdata=mine["rule"].tolist(), text=mine["count"].tolist(),
            textposition="auto", hovertext=mine["title"].tolist(),
            hovertemplate="%{hovertext} (%{y}): %{x:,} findings<extra></extra>"))
    _layout(figure, "Which problems come up most", "Number of findings", "Problem",
            _bar_height(len(rules)))
    figure.update_yaxes(categoryorder="array", categoryarray=rules["rule"].tolist(),
                        tickmode="array", tickvals=rules["rule"].tolist(),
                        ticktext=rules["title"].tolist())
    return _nothing_found(figure, "No problems found") if rules.empty else figure


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
            name=SEVERITY_NAMES[severity], marker={"color": SEVERITY_COLOURS[severity]},
            customdata=columns["column"].tolist(),
            hovertemplate=f"%{{y}}: %{{x:,}} {SEVERITY_NAMES[severity].lower()}"
                          "<extra></extra>"))
    figure.update_layout(barmode="stack")
    _layout(figure, "Which columns have problems", "Number of findings", "Column",
            _bar_height(len(columns)))
    figure.update_yaxes(categoryorder="array", categoryarray=columns["column"].tolist())
    return _nothing_found(figure, "No column has a problem") if columns.empty else figure


def heatmap_figure(heatmap: pd.DataFrame) -> go.Figure:
    """Columns across, blocks of lines down in the file's order: a darker cell has more
    findings. Empty cells stay white so clusters stand out."""
    figure = go.Figure(go.Heatmap(
        z=heatmap.to_numpy().tolist(), x=heatmap.columns.tolist(), y=heatmap.index.tolist(),
        colorscale=[[0.0, "#ffffff"], [0.01, "#fde0dd"], [1.0, "#a50f15"]],
        colorbar={"title": {"text": "Findings"}}, xgap=1, ygap=1,
        hovertemplate="Rows %{y}, %{x}: %{z:,} findings<extra></extra>"))
    _layout(figure, "Where the problems are", "Column", "Spreadsheet rows",
            max(360, 16 * len(heatmap) + 260))
    figure.update_xaxes(type="category", tickangle=-45)
    if heatmap.empty or not heatmap.to_numpy().any():
        return _nothing_found(figure, "No line has a problem")
    return figure


def completeness_figure(frame: pd.DataFrame) -> go.Figure:
    """One bar per column, in the file's order: the share of filled cells. Mandatory
    (🚩) columns are dark and named so in the legend, since an empty one is an error."""
    figure = go.Figure()
    percent = (frame["share"] * 100).round(1)
    for mandatory, name, colour in ((True, "Mandatory", MANDATORY_COLOUR),
                                    (False, "Optional", OPTIONAL_COLOUR)):
        mine = frame[(frame["mandatory"] == mandatory).to_numpy(dtype=bool)]
        if mine.empty:
            continue
        figure.add_trace(go.Bar(
            x=percent[mine.index].tolist(), y=mine["column"].tolist(), orientation="h",
            name=name, marker={"color": colour}, customdata=mine["filled"].tolist(),
            texttemplate="%{x:.0f} %", textposition="auto",
            hovertemplate=f"%{{y}} ({name.lower()}): %{{x:.1f}} % filled "
                          "(%{customdata:,} cells)<extra></extra>"))
    _layout(figure, "How complete each column is", "Filled cells (%)", "Column",
            _bar_height(len(frame)))
    figure.update_xaxes(range=[0, 100])
    figure.update_yaxes(categoryorder="array", categoryarray=frame["column"].tolist())
    return _nothing_found(figure, "The file has no columns") if frame.empty else figure


def before_after_figure(frame: pd.DataFrame) -> go.Figure:
    """Side-by-side bars per rule: how many findings before and after the fixes."""
    figure = go.Figure()
    for column, name, colour in (("before", "Before fixes", BEFORE_COLOUR),
                                 ("after", "After fixes", AFTER_COLOUR)):
        figure.add_trace(go.Bar(
            x=frame[column].tolist(), y=frame["rule"].tolist(), orientation="h", name=name,
            marker={"color": colour}, text=frame[column].tolist(), textposition="auto",
            hovertext=frame["title"].tolist(),
            hovertemplate=f"%{{hovertext}}: %{{x:,}} {name.lower()}<extra></extra>"))
    figure.update_layout(barmode="group")
    _layout(figure, "Before and after the safe fixes", "Number of findings", "Problem",
            _bar_height(2 * len(frame)))
    figure.update_yaxes(categoryorder="array", categoryarray=frame["rule"].tolist(),
                        tickmode="array", tickvals=frame["rule"].tolist(),
                        ticktext=frame["title"].tolist())
    return _nothing_found(figure, "No problems before or after") if frame.empty else figure


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


# ── the standalone HTML ──────────────────────────────────────────────────────────

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #222; padding: 0 1rem; }}
h1 {{ font-size: 1.6rem; margin-bottom: 0.2rem; }}
.meta {{ color: #555; margin-top: 0; }}
.numbers {{ display: flex; gap: 2rem; flex-wrap: wrap; margin: 1.5rem 0; }}
.numbers div {{ font-size: 0.9rem; color: #555; }}
.numbers strong {{ display: block; font-size: 1.6rem; color: #222; }}
.figure {{ margin: 2rem 0; }}
</style>
<script type="text/javascript">{plotlyjs}</script>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{organization} · {when}</p>
<div class="numbers">{numbers}</div>
{figures}
<p class="meta">Made by Preflight. Counts only: no cell of the file is in this page.</p>
</body>
</html>
"""


def _numbers(top: Headline) -> str:
    items = (("Clean lines", f"{top.clean_share:.0%}"), ("Lines checked", f"{top.rows:,}"),
             ("Errors", f"{top.errors:,}"), ("Warnings", f"{top.warnings:,}"))
    return "".join(f"<div><strong>{value}</strong>{label}</div>" for label, value in items)


def dashboard_html(board: Dashboard, *, file_name: str, organization: str,
                   when: datetime) -> str:
    """Every figure in one HTML document that opens offline (plotly.js inline, once),
    titled with the file, the organization and `when` (the time of the check).
    Nothing but counts, rule codes, headers and row numbers goes in, so it can be sent
    to anyone."""
    divs = []
    for key, figure in dashboard_figures(board).items():
        div = pio.to_html(figure, include_plotlyjs=False, full_html=False,
                          div_id=FIGURE_IDS[key], default_height=f"{figure.layout.height}px")
        divs.append(f'<section class="figure">{div}</section>')
    return _PAGE.format(
        title=html.escape(f"Preflight dashboard: {file_name}"),
        organization=html.escape(organization),
        when=html.escape(when.strftime("%Y-%m-%d %H:%M")),
        numbers=_numbers(board.headline),
        figures="\n".join(divs),
        plotlyjs=get_plotlyjs(),
    )
