"""The one place that reads pandera's failure cases and turns them into Findings.

Nothing else touches pandera's error objects. Each failure names its check (a rule
code, or `rule@column` for a line rule), its column and its row; the rule objects of
the `CheckPlan` supply the fix and the message detail, computed on whole columns.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from checks.findings import cell_findings, concat_findings, empty_findings
from checks.schema import LINE_CHECK_SEPARATOR, CheckPlan


def run_schema(plan: CheckPlan, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate lazily and return the findings of every failed check."""
    try:
        plan.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return failures_to_findings(errors.failure_cases, frame, plan)
    return empty_findings()


def failures_to_findings(failures: pd.DataFrame, frame: pd.DataFrame,
                         plan: CheckPlan) -> pd.DataFrame:
    unexpected = failures[~failures["check"].isin(_known_check_names(plan))]
    if len(unexpected):
        # A check that crashed, or a schema problem: a bug, never the user's data.
        raise RuntimeError(f"unexpected validation failure: {unexpected.iloc[0].to_dict()}")
    parts = []
    groups = failures.groupby(["check", "column", "check_number"], sort=False)
    for (check_name, column, check_number), group in groups:
        rows = pd.Index(group["index"].astype("int64").unique())
        if LINE_CHECK_SEPARATOR in check_name:
            parts.append(_line_findings(plan, check_name, column, rows, frame))
        else:
            parts.append(_cell_findings(plan, column, int(check_number), rows, frame))
    return concat_findings(parts)


def _known_check_names(plan: CheckPlan) -> set[str]:
    names = set(plan.lines)
    for rules in plan.cell.values():
        names.update(rule.rule for rule in rules)
    return names


def _cell_findings(plan: CheckPlan, column: str, check_number: int, rows: pd.Index,
                   frame: pd.DataFrame) -> pd.DataFrame:
    rule = plan.cell[column][check_number]
    values = frame[column]
    fixes = rule.propose(values).loc[rows] if rule.propose else None
    details = rule.explain(values).loc[rows] if rule.explain else None
    return cell_findings(rule.rule, plan.headers[column], rows, values.loc[rows], fixes, details)


def _line_findings(plan: CheckPlan, check_name: str, column: str, rows: pd.Index,
                   frame: pd.DataFrame) -> pd.DataFrame:
    line = plan.lines[check_name]
    if column != line.column:
        return empty_findings()  # pandera reports a frame check once per column
    details = line.explain(frame).loc[rows] if line.explain else None
    return cell_findings(line.rule, plan.headers[column], rows, frame[column].loc[rows],
                         None, details)
