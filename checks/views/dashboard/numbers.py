"""The dashboard's numbers: small frames computed from a check's Findings table.

Each chart has its frame here (a few dozen lines whatever the size of the file), so the
numbers behind every chart are tested without plotly or Streamlit. Everything works on
whole columns (`value_counts`, `crosstab`, `isin`); the only Python loops are over rules
or columns of the file, never over lines or findings. Where findings sit in the file
(per column, per block of lines) is `placement`'s job; this module adds the headline,
the rules, completeness and before/after, and assembles the `Dashboard`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from checks.check.cells.base import blank
from checks.check.validate import CheckResult
from checks.i18n import _
from checks.map.headers import ColumnMapping
from checks.model.columns import ID_COLUMNS, MANDATORY
from checks.model.rules import RULES, Severity
from checks.text.frame_columns import column_arrays
from checks.text.stacked import per_column_counts, stacked_cells
from checks.views.dashboard.placement import MAX_BLOCKS, by_column, severity_heatmaps
from checks.views.grid import display_headers, rows_with_errors

RULE_COLUMNS: tuple[str, ...] = ("rule", "title", "severity", "count")
COMPLETENESS_COLUMNS: tuple[str, ...] = ("column", "target", "mandatory", "filled", "rows",
                                         "share")
BEFORE_AFTER_COLUMNS: tuple[str, ...] = ("rule", "title", "severity", "before", "after")


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
    title and counts as a note. Titles are in the session's language."""
    codes = frame["rule"]
    return frame.assign(
        title=[_(RULES[code].title) if code in RULES else code for code in codes],
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
    filled = _filled_counts(table.data) if rows else [0] * len(labels)
    return pd.DataFrame({
        "column": labels,
        "target": pd.Series([targets.get(position) for position in range(len(labels))],
                            dtype=object),
        "mandatory": [targets.get(position) in mandatory for position in range(len(labels))],
        "filled": filled,
        "rows": [rows] * len(labels),
        "share": [count / rows if rows else 0.0 for count in filled],
    }, columns=list(COMPLETENESS_COLUMNS))


def _filled_counts(data: pd.DataFrame) -> list[int]:
    """Per column, how many cells hold something: counted on the cells of all columns
    at once when they are Arrow text (a file of 16,384 columns asked column by column
    spent seconds on pandas' cost per call), else column by column."""
    columns = column_arrays(data)
    cells = stacked_cells(columns)
    if cells is None:
        return [int((~blank(pd.Series(values).fillna("").astype(str))).sum())
                for values in columns]
    holding = ~blank(cells).to_numpy(dtype=bool) & cells.notna().to_numpy(dtype=bool)
    return per_column_counts(holding, len(columns)).tolist()


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
    #: Line findings per block of lines × column, one frame per severity (same shape).
    heatmaps: Mapping[str, pd.DataFrame]
    completeness: pd.DataFrame
    before_after: pd.DataFrame | None = None

    @property
    def heatmap(self) -> pd.DataFrame:
        """Line findings per block × column, whatever their severity."""
        frames = list(self.heatmaps.values())
        return sum(frames[1:], frames[0]) if frames else pd.DataFrame()


def build_dashboard(result: CheckResult, fixed: pd.DataFrame | None = None,
                    max_blocks: int = MAX_BLOCKS) -> Dashboard:
    """The dashboard of a check; `fixed` is the findings of the same file after the
    chosen fixes, for the before/after chart (left out when None)."""
    findings, table = result.findings, result.table
    return Dashboard(
        headline=headline(findings, table.rows),
        by_rule=by_rule(findings),
        by_column=by_column(findings, table.headers),
        heatmaps=severity_heatmaps(findings, table.data.index, table.headers, max_blocks),
        completeness=completeness(result),
        before_after=None if fixed is None else before_after(findings, fixed),
    )
