"""The one place that reads the schema's failures and turns them into Findings.

Nothing else touches pandera's results. A failure names its check (a rule code, or
`rule@column` for a line rule), its column and its rows; the rule objects of the
`CheckPlan` supply the fix and the message detail, computed on whole columns and
read only at the failing rows.

Two ways to get the failures, which give the same ones (tests/test_adapter.py):

* `schema_failures` (what `run_schema` uses) evaluates each check of `plan.schema`
  itself, column by column, and reads the failing rows of its boolean result with
  numpy. The checks are the schema's: their names, columns and order come from
  `plan.schema`, and each is run through the rule object the schema's `Check` wraps
  (`plan.cell`, `plan.lines`, built in the same loop by `build_schema`), so the
  schema stays the one definition of what is checked. The columns checked for
  formula safety alone are one entry of the schema, a pattern (`UNMAPPED`), and
  their cells are judged together as one column, then told apart again.
* `pandera_failures` runs `plan.schema.validate(lazy=True)` and reads pandera's
  `failure_cases` frame.

Why not pandera's validation on the hot path: it builds its failure cases one by
one. For each failing check it formats an error message joining every failing
value as text, and a dataframe-level check (a line rule) lists every column of each
failing row (25 failure cases per finding on a 25-column file) before the frame is
concatenated, grouped and filtered back to one column. With 200,000 problems in a
million lines that bookkeeping costs more than all the rules together, and it is
pure overhead: the findings need only which rows failed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.api.extensions import ExtensionArray

from checks.check.cells.base import ColumnTest, verdict
from checks.check.memo import memo_scope
from checks.check.schema import LINE_CHECK_SEPARATOR, UNMAPPED, CheckPlan
from checks.model.findings import cell_findings, concat_findings, empty_findings
from checks.text.frame_columns import column_arrays
from checks.text.stacked import stacked_cells
from checks.text.vectorised import has_missing, take_rows


@dataclass(frozen=True)
class Failure:
    """The rows (positions in the frame) where one check of the schema failed."""

    check: str          # the pandera check's name: a rule code, or rule@column
    column: str         # the frame column it is reported on
    check_number: int   # its position among the column's (or the frame's) checks
    positions: np.ndarray


def run_schema(plan: CheckPlan, frame: pd.DataFrame) -> pd.DataFrame:
    """Evaluate every check of the schema and return the findings of the failures.

    Column by column, each in its own `memo_scope`: a column's derived values (its
    cleaned text, distinct values, verdicts) serve its checks and their findings,
    then are dropped before the next column. The line rules come last, in a scope of
    their own."""
    parts = []
    columns = _columns(frame)
    for key in plan.schema.columns:
        with memo_scope():
            parts += [_cell_findings(plan, failure, frame)
                      for failure in _entry_failures(plan, key, frame, columns)]
    with memo_scope():
        parts += [_line_findings(plan, failure, frame)
                  for failure in _line_failures(plan, frame, columns)]
    return concat_findings(parts)


def column_findings(plan: CheckPlan, key: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The findings of one column's value rules on `frame`, which may hold only some
    of the file's lines: a rule then judges those cells alone (for a rule reading its
    whole column, the incremental re-check hands a plan whose rule is bound to what
    the column decides: `checks.check.incremental`)."""
    with memo_scope():
        return concat_findings([_cell_findings(plan, failure, frame)
                                for failure in _column_failures(plan, key, frame)])


def line_findings(plan: CheckPlan, name: str, frame: pd.DataFrame,
                  all_missing: np.ndarray | None,
                  explained: dict[object, pd.Series] | None = None) -> pd.DataFrame:
    """The findings of one line rule (its schema check name) on `frame`, which may hold
    only some of the file's lines and only the columns the rule reads; `all_missing`
    says which of those lines have every cell of the file missing (`all_missing`).
    Within the caller's `memo_scope`: rules judging the same lines share derivations.
    Rules sharing an `explain` (a customer's conflicts) on the same small `frame` can
    share `explained`: each detail is then made once for all of `frame`'s lines."""
    line = plan.lines[name]
    failing = ~_flags(line.passes(frame), len(frame))
    if all_missing is not None:
        failing &= ~all_missing
    return _line_findings(plan, Failure(name, line.column, 0, np.flatnonzero(failing)), frame,
                          explained)


def schema_failures(plan: CheckPlan, frame: pd.DataFrame) -> list[Failure]:
    """Every failing check of `plan.schema` on `frame`, in the schema's order: the
    column checks column by column, then the dataframe-level (line) checks.

    As pandera does for its checks (`ignore_na`), a missing cell (NaN) never fails a
    column check, and a line whose cells are all missing never fails a line check.
    """
    failures: list[Failure] = []
    columns = _columns(frame)
    for key in plan.schema.columns:
        with memo_scope():
            failures += _entry_failures(plan, key, frame, columns)
    with memo_scope():
        failures += _line_failures(plan, frame, columns)
    return failures


def _columns(frame: pd.DataFrame) -> dict[str, ExtensionArray]:
    """The frame's columns' arrays by label, taken once for the whole check (pandas'
    Series cost about 50 µs a column: a file of 16,384 columns paid it for every pass
    over them)."""
    return dict(zip(frame.columns, column_arrays(frame), strict=True))


def _entry_failures(plan: CheckPlan, entry: str, frame: pd.DataFrame,
                    columns: dict[str, ExtensionArray]) -> list[Failure]:
    """The failing checks of one entry of the schema: a column, or the pattern standing
    for the columns checked for formula safety alone (`UNMAPPED`), whose cells are
    judged together, as one column: their rules read each cell alone, and a file of
    thousands of such columns then costs its cells, not a rule run per column."""
    if entry != UNMAPPED:
        return _column_failures(plan, entry, frame)
    keys = plan.together
    rules = plan.cell[keys[0]] if keys else []
    cell_by_cell = not any(rule.context or rule.whole_column for rule in rules)
    stacked = stacked_cells([columns[key] for key in keys]) if cell_by_cell else None
    if stacked is None:
        return [failure for key in keys for failure in _column_failures(plan, key, frame)]
    found = _column_failures(plan, UNMAPPED, pd.DataFrame({UNMAPPED: stacked}), keys[0])
    lines = len(frame)
    failures = [Failure(failure.check, keys[int(at)], failure.check_number, positions)
                for failure in found
                for at, positions in _by_column(failure.positions, lines)]
    return sorted(failures, key=lambda failure: (plan.positions[failure.column],
                                                 failure.check_number))


def _by_column(positions: np.ndarray, lines: int) -> list[tuple[int, np.ndarray]]:
    """Positions in the stacked cells as (column number, line positions) per column."""
    which, line = np.divmod(positions, lines)
    cuts = np.flatnonzero(np.diff(which)) + 1
    return [(int(which[group[0]]), line[group])
            for group in np.split(np.arange(len(positions)), cuts) if len(group)]


def _column_failures(plan: CheckPlan, key: str, frame: pd.DataFrame,
                     rules_of: str | None = None) -> list[Failure]:
    """The failing checks of one column of the schema (`rules_of`: the frame column
    whose rules judge it, when `key` is not one)."""
    failures = []
    values = frame[key]
    missing = values.isna().to_numpy(dtype=bool) if has_missing(values) else None
    rules = plan.cell[rules_of or key]
    for number, check in enumerate(plan.schema.columns[plan.entry(rules_of or key)].checks):
        rule = rules[number]
        if check.name != rule.rule:
            raise RuntimeError(f"the plan does not match the schema at {key}#{number}")
        failing = ~_flags(verdict(rule.passes, values), len(frame))
        if missing is not None:
            failing &= ~missing
        if failing.any():
            failures.append(Failure(rule.rule, key, number, np.flatnonzero(failing)))
    return failures


def _line_failures(plan: CheckPlan, frame: pd.DataFrame,
                   columns: dict[str, ExtensionArray]) -> list[Failure]:
    """The failing dataframe-level checks of the schema: the line rules."""
    failures = []
    all_missing = _all_missing(frame, columns)
    for number, check in enumerate(plan.schema.checks):
        line = plan.lines[check.name]
        failing = ~_flags(line.passes(frame), len(frame))
        if all_missing is not None:
            failing &= ~all_missing
        if failing.any():
            failures.append(Failure(check.name, line.column, number, np.flatnonzero(failing)))
    return failures


def pandera_failures(plan: CheckPlan, frame: pd.DataFrame) -> list[Failure]:
    """The same failures, from pandera's own lazy validation of `plan.schema`: the
    reference `schema_failures` is tested against."""
    try:
        plan.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    else:
        return []
    unexpected = failures[~failures["check"].isin(_known_check_names(plan))]
    if len(unexpected):
        # A check that crashed, or a schema problem: a bug, never the user's data.
        raise RuntimeError(f"unexpected validation failure: {unexpected.iloc[0].to_dict()}")
    found = []
    positions = pd.Series(np.arange(len(frame)), index=frame.index)
    groups = failures.groupby(["check", "column", "check_number"], sort=False)
    for (check_name, column, check_number), group in groups:
        if LINE_CHECK_SEPARATOR in check_name and column != plan.lines[check_name].column:
            continue  # pandera reports a frame check once per column
        rows = pd.Index(group["index"].astype("int64").unique())
        found.append(Failure(check_name, column, int(check_number),
                             np.sort(positions.loc[rows].to_numpy())))
    return found


def _known_check_names(plan: CheckPlan) -> set[str]:
    names = set(plan.lines)
    for rules in plan.cell.values():
        names.update(rule.rule for rule in rules)
    return names


def _flags(result: pd.Series, size: int) -> np.ndarray:
    """A check's boolean result as numpy (a missing verdict counts as a pass)."""
    flags = result.to_numpy(dtype=bool, na_value=True)
    if flags.shape != (size,):
        raise RuntimeError("a check returned a result not aligned with the file")
    return flags


def all_missing(frame: pd.DataFrame) -> np.ndarray | None:
    """Lines whose every cell is missing (NaN), or None when no cell is."""
    return _all_missing(frame, _columns(frame))


def _all_missing(frame: pd.DataFrame, columns: dict[str, ExtensionArray]) -> np.ndarray | None:
    """Lines whose every cell is missing (NaN), or None when no cell is (`columns`:
    the frame's, as `_columns` handed them over)."""
    if not any(has_missing(column) for column in columns.values()):
        return None
    return frame.isna().all(axis="columns").to_numpy(dtype=bool)


def _cell_findings(plan: CheckPlan, failure: Failure, frame: pd.DataFrame) -> pd.DataFrame:
    """A value rule's findings: its fix and detail of the failing cells, asked for on
    those cells only unless the rule reads the whole column (`CellCheck.whole_column`)."""
    rule = plan.cell[failure.column][failure.check_number]
    values = frame[failure.column]
    at = failure.positions
    failing = take_rows(values, at)

    def of_failing(compute: ColumnTest | None) -> pd.Series | None:
        if compute is None:
            return None
        return take_rows(compute(values), at) if rule.whole_column else compute(failing)

    return cell_findings(rule.rule, plan.headers[failure.column], plan.positions[failure.column],
                         frame.index[at], failing, of_failing(rule.propose),
                         of_failing(rule.explain))


def _line_findings(plan: CheckPlan, failure: Failure, frame: pd.DataFrame,
                   explained: dict[object, pd.Series] | None = None) -> pd.DataFrame:
    """A line rule's findings; its detail is asked for the failing lines only (a line
    rule's `explain` is element-wise, see `LineCheck`), or, with `explained`, for all
    of `frame`'s lines once per `explain` and taken for the failing ones."""
    line = plan.lines[failure.check]
    at = failure.positions
    if not len(at):
        return empty_findings()
    if line.explain and explained is not None:
        key = (line.explain, line.reads)
        if key not in explained:
            explained[key] = line.explain(frame[list(line.reads)])
        details = take_rows(explained[key], at)
    elif line.explain:
        failing = pd.DataFrame({name: take_rows(frame[name], at) for name in line.reads},
                               index=frame.index[at])
        details = line.explain(failing)
    else:
        details = None
    return cell_findings(line.rule, plan.headers[failure.column], plan.positions[failure.column],
                         frame.index[at], take_rows(frame[failure.column], at), None, details)
