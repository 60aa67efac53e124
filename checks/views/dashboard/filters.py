"""Which findings the dashboard lists under its charts: the rule and column filters.

The column filter offers the labels the column chart shows (`column_labels`), so a
repeated header is two choices, and picking one lists the findings of that column only.
The check page's `GridFilter` matches columns by header text, which would list both
copies of a repeated header; the rules go through it unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from checks.views.dashboard.placement import column_labels
from checks.views.grid import GridFilter, matching_findings


@dataclass(frozen=True)
class FindingsFilter:
    """Rules by code and columns by their dashboard label; none chosen means any."""

    rules: frozenset[str] = frozenset()
    columns: frozenset[str] = frozenset()

    @property
    def narrows(self) -> bool:
        return bool(self.rules) or bool(self.columns)


def filtered_findings(findings: pd.DataFrame, headers: Sequence[str],
                      chosen: FindingsFilter) -> pd.DataFrame:
    """The findings of one of the chosen rules in one of the chosen columns, in the
    engine's order. A column label stands for the position behind it (or, for a
    column the file lacks, its name), as in the column chart and the heatmap."""
    listed = matching_findings(findings, GridFilter(rules=chosen.rules))
    if chosen.columns:
        inside = column_labels(listed, headers).isin(chosen.columns).to_numpy(dtype=bool)
        listed = listed[inside]
    return listed
