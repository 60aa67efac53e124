"""The visual error dashboard: what the charts show, computed from the Findings table.

One module per job, all importable from here:

- `placement`: where findings are, per column (`by_column`) and per block of lines ×
  column (`problem_heatmap`, and per severity `severity_heatmaps`); columns go by
  position, labelled as the grid labels them;
- `numbers`: the other frames (headline, rules, completeness, before/after) and the
  `Dashboard` that holds them all (`build_dashboard`); pure pandas;
- `figures`: the plotly figures drawn from those frames, colours included;
- `html`: the standalone HTML page;

Only counts, rule codes, column labels and row numbers ever reach a figure or the
standalone HTML: a finding's `value` and `message` hold the user's cell values, and a
dashboard is meant to be shared.
"""

from checks.views.dashboard.figures import (
    AFTER_COLOUR,
    BEFORE_COLOUR,
    FIGURE_IDS,
    HEAT_LIGHT,
    MANDATORY_COLOUR,
    OPTIONAL_COLOUR,
    SEVERITY_COLOURS,
    SEVERITY_NAMES,
    before_after_figure,
    column_figure,
    completeness_figure,
    dashboard_figures,
    heat_labels,
    heatmap_figure,
    rule_figure,
)
from checks.views.dashboard.html import dashboard_html
from checks.views.dashboard.numbers import (
    BEFORE_AFTER_COLUMNS,
    COMPLETENESS_COLUMNS,
    RULE_COLUMNS,
    Dashboard,
    Headline,
    before_after,
    build_dashboard,
    by_rule,
    completeness,
    headline,
    mandatory_targets,
)
from checks.views.dashboard.placement import (
    BLOCK_COLUMNS,
    COLUMN_COLUMNS,
    MAX_BLOCKS,
    SEVERITIES,
    WHOLE_LINE,
    by_column,
    problem_heatmap,
    row_blocks,
    severity_heatmaps,
)

__all__ = [
    "AFTER_COLOUR", "BEFORE_AFTER_COLUMNS", "BEFORE_COLOUR", "BLOCK_COLUMNS",
    "COLUMN_COLUMNS", "COMPLETENESS_COLUMNS", "FIGURE_IDS", "HEAT_LIGHT", "MANDATORY_COLOUR",
    "MAX_BLOCKS", "OPTIONAL_COLOUR", "RULE_COLUMNS", "SEVERITIES", "SEVERITY_COLOURS",
    "SEVERITY_NAMES", "WHOLE_LINE", "Dashboard", "Headline",
    "before_after", "before_after_figure", "build_dashboard", "by_column", "by_rule",
    "column_figure", "completeness", "completeness_figure",
    "dashboard_figures", "dashboard_html", "headline",
    "heat_labels", "heatmap_figure", "mandatory_targets", "problem_heatmap", "row_blocks",
    "rule_figure", "severity_heatmaps",
]
