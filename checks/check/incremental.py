"""Check again only what some changed cells can change: the incremental re-check.

A person edits a cell, or switches a fix on or off, and the page must show what
remains. Checking the whole file again costs the first check's time, for a handful of
cells. This module takes the previous check of the file, the new table and the cells
that changed, and recomputes only the findings those cells can change; the result is
the full re-check's (`checks.check.validate.recheck`) exactly, finding for finding and
in the same order (tests/test_incremental.py compares the two on random edits).

What an edit can change, and how each part says so (no rule is special-cased here):

* the changed cells' own value rules, judged on those cells alone. A rule that reads
  other cells of its column declares what it reads as counts (`ColumnContext`): the
  counts after the edit are those before, minus the changed cells' old counts, plus
  their new ones; when what they decide (the padded IDs' width, the proven date order)
  is unchanged the changed cells are judged by the rule bound to it, otherwise the
  whole column is judged again (only its cells that had a finding, for a rule whose
  decision changes fixes and details but no cell's verdict: `verdicts_own`);
* the line rules that read a changed column (`LineCheck.depends`), on the lines their
  `LineCheck.scope` says the changed lines can affect (a customer's lines before and
  after the edit, the lines naming an edited ID as their parent);
* "one problem, one finding" (`keep_most_specific`) per cell: every cell whose value
  rules are judged again has its ranked line rules (a missing value) judged again,
  and the reverse, so each cell's candidates are all there to pick from.

Findings about the file or its columns (reading, mapping) depend on the headers and
the reading only, never on a cell's text: they are kept as they are.

Each result keeps what the next re-check reuses (`CheckResult.carried`): the plan,
the columns' counts, and the derivations of its unchanged columns (`memo_scope`), so
an edit costs the changed cells and their groups, not the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from checks.check.adapter import all_missing, column_findings, line_findings
from checks.check.cells.base import CellCheck
from checks.check.lines.base import take_lines
from checks.check.memo import Memo, keep_columns_of, memo_scope
from checks.check.priority import VALUE_RULE_PRIORITY
from checks.check.schema import CheckPlan, build_schema, frame_key, validation_frame
from checks.check.validate import PREPARED, CheckResult, Prepared, recheck
from checks.model.findings import POSITION, concat_findings, keep_most_specific, merge_sorted
from checks.model.table import Table
from checks.text.frame_columns import column_arrays
from checks.text.vectorised import has_missing, take_rows

__all__ = ["Cells", "recheck_cells"]

#: Changed cells: (spreadsheet row number, column position).
Cells = Iterable[tuple[int, int]]

_RANKED = frozenset(VALUE_RULE_PRIORITY)
_CARRIED = "incremental"


@dataclass
class _Carried:
    """What a check hands to the re-check of its next edit: valid for its very table
    and mapping (checked by identity), as a result copied with another mapping must
    not reuse a plan made for this one."""

    table: Table
    frame: pd.DataFrame  # its validation frame
    plan: CheckPlan
    tallies: dict[tuple[str, int], Counter[Hashable]]
    memo: Memo
    settings: tuple[object, ...]  # the mapping, definitions and options, as objects
    missing: frozenset[str]  # the frame's columns with a missing cell (NaN)

    def made_for(self, result: CheckResult) -> bool:
        return self.table is result.table and all(
            mine is theirs for mine, theirs in zip(self.settings, _settings(result),
                                                   strict=True))


def _settings(result: CheckResult) -> tuple[object, ...]:
    return (result.mapping, result.definitions, result.options)


def recheck_cells(previous: CheckResult, table: Table, cells: Cells) -> CheckResult:
    """The check of `table` (`previous.table` with `cells` changed, nothing else),
    with `previous`'s settings: equal to `recheck(table, previous.settings)`."""
    changed = _by_key(previous, table, set(cells))
    if changed is None:
        return recheck(table, previous.settings)
    carried = _carried_of(previous)
    before = carried.frame
    after = _frame_after(carried, table, changed)
    with memo_scope(carried.memo):
        tallies, judged = _recount(carried, before, after, changed, previous.findings)
        scopes = _line_scopes(carried.plan, before, after, changed)
        _rank_together(carried.plan, before, after, judged, scopes)
        plan = _bound(carried, before, tallies, judged)
        missing = (carried.missing - set(changed)) | {
            key for key in changed if has_missing(after[key])}
        new = _findings(plan, after, judged, scopes, missing)
    kept = previous.findings[~_replaced(previous.findings, plan, after, judged, scopes)]
    result = replace(previous, table=table, findings=_merged(kept, new), carried={})
    result.carried[_CARRIED] = _Carried(table, after, carried.plan,
                                        {**carried.tallies, **tallies},
                                        _still_used(carried.memo, after), carried.settings,
                                        frozenset(missing))
    return result


def _by_key(previous: CheckResult, table: Table,
            cells: set[tuple[int, int]]) -> dict[str, np.ndarray] | None:
    """The changed cells as line positions per frame column, or None when the change
    is not a few cells of the same file (another shape, nothing checked before): then
    the whole file is checked."""
    old = previous.table
    if (not cells or not old.headers or old.data.empty or table.headers != old.headers
            or not table.data.index.equals(old.data.index)
            or table.data.columns.tolist() != old.data.columns.tolist()):
        return None
    keys = {column.position: frame_key(column) for column in previous.mapping.columns}
    rows = np.array([row for row, _position in cells], dtype=np.int64)
    at = table.data.index.get_indexer(rows)
    if (at < 0).any() or any(position not in keys for _row, position in cells):
        return None
    found: dict[str, list[int]] = {}
    for (_row, position), line in zip(cells, at, strict=True):
        found.setdefault(keys[position], []).append(int(line))
    return {key: np.unique(np.array(lines, dtype=np.int64)) for key, lines in found.items()}


def _frame_after(carried: _Carried, table: Table, changed: dict[str, np.ndarray]
                 ) -> pd.DataFrame:
    """The validation frame of the changed table: the one before with its changed
    columns replaced (building it anew costs a column's bookkeeping per column)."""
    after = carried.frame.copy(deep=False)
    for key in changed:
        after[key] = table.data[carried.plan.positions[key]].set_axis(after.index)
    return after


def _carried_of(result: CheckResult) -> _Carried:
    carried = result.carried.get(_CARRIED)
    if isinstance(carried, _Carried) and carried.made_for(result):
        return carried
    prepared = result.carried.get(PREPARED)
    if (isinstance(prepared, Prepared) and prepared.table is result.table
            and all(mine is theirs for mine, theirs in zip(prepared.settings,
                                                           _settings(result), strict=True))):
        plan, frame = prepared.plan, prepared.frame
    else:
        plan = build_schema(result.mapping, result.definitions, result.options)
        frame = validation_frame(result.table, result.mapping)
    missing = frozenset(key for key, array in zip(frame.columns, column_arrays(frame), strict=True)
                        if has_missing(array))
    carried = _Carried(result.table, frame, plan, {}, {}, _settings(result), missing)
    result.carried[_CARRIED] = carried
    return carried


def _recount(carried: _Carried, before: pd.DataFrame, after: pd.DataFrame,
             changed: dict[str, np.ndarray], findings: pd.DataFrame
             ) -> tuple[dict[tuple[str, int], Counter[Hashable]], dict[str, np.ndarray]]:
    """The changed columns' counts after the change (`ColumnContext`), and the cells
    whose value rules are judged again: the changed ones, or, when what its counts
    decide changed, the whole column (or, for a rule whose verdicts are each cell's
    own, the cells with a finding of the column's value rules before: `findings`)."""
    tallies: dict[tuple[str, int], Counter[Hashable]] = {}
    judged = dict(changed)
    for key, lines in changed.items():
        for number, rule in enumerate(carried.plan.cell[key]):
            if rule.context is None:
                continue
            context = rule.context
            counts = _counts(carried, before, key, number)
            now = Counter(counts)
            now.subtract(context.tally(take_rows(before[key], lines)))
            now.update(context.tally(take_rows(after[key], lines)))
            tallies[(key, number)] = now
            if context.decide(now) != context.decide(counts):
                judged[key] = (np.union1d(judged[key], _found_on(findings, carried.plan, key,
                                                                 after))
                               if context.verdicts_own
                               else np.arange(len(after), dtype=np.int64))
    return tallies, judged


def _found_on(findings: pd.DataFrame, plan: CheckPlan, key: str,
              frame: pd.DataFrame) -> np.ndarray:
    """The lines (positions in `frame`) with a finding of `key`'s value rules: the
    cells that failed one of them (another cell of the column fails none, whatever
    its column decides, when the verdicts are each cell's own)."""
    codes = [rule.rule for rule in plan.cell[key]]
    mine = ((findings[POSITION] == plan.positions[key]).to_numpy(dtype=bool, na_value=False)
            & findings["rule"].isin(codes).to_numpy(dtype=bool)
            & findings["row"].notna().to_numpy(dtype=bool))
    rows = findings["row"].to_numpy(dtype="float64", na_value=np.nan)[mine].astype(np.int64)
    return np.unique(frame.index.get_indexer(rows))


def _counts(carried: _Carried, before: pd.DataFrame, key: str,
            number: int) -> Counter[Hashable]:
    """A column's counts before the change: kept from the check before, or counted."""
    counts = carried.tallies.get((key, number))
    if counts is None:
        context = carried.plan.cell[key][number].context
        assert context is not None
        counts = carried.tallies[(key, number)] = context.tally(before[key])
    return counts


def _bound(carried: _Carried, before: pd.DataFrame,
           tallies: dict[tuple[str, int], Counter[Hashable]],
           judged: dict[str, np.ndarray]) -> CheckPlan:
    """The plan the judged cells are judged with: each rule that reads its column
    bound to what the column's counts after the change decide."""
    plan = carried.plan
    bound: dict[str, list[CellCheck]] = {}
    for key in judged:
        rules = list(plan.cell[key])
        for number, rule in enumerate(rules):
            if rule.context is not None:
                counts = (tallies[(key, number)] if (key, number) in tallies
                          else _counts(carried, before, key, number))
                rules[number] = rule.context.bound(rule.context.decide(counts))
        bound[key] = rules
    return replace(plan, cell={**plan.cell, **bound})


Scopes = dict[str, tuple[np.ndarray, np.ndarray]]  # line check → (affected, needed)


def _line_scopes(plan: CheckPlan, before: pd.DataFrame, after: pd.DataFrame,
                 changed: dict[str, np.ndarray]) -> Scopes:
    """For each line rule reading a changed column, the lines it judges again: its
    scope of the lines where a column it reads changed (rules sharing a scope and
    those lines, such as a customer's lines, find them once)."""
    found: dict[tuple[object, bytes], tuple[np.ndarray, np.ndarray]] = {}
    scopes: Scopes = {}
    everything = np.unique(np.concatenate(list(changed.values())))
    for name, line in plan.lines.items():
        read = [changed[key] for key in dict.fromkeys(line.depends) if key in changed]
        if line.depends and not read:
            continue
        lines = np.unique(np.concatenate(read)) if line.depends else everything
        key = (line.scope, lines.tobytes())
        if key not in found:
            found[key] = line.scope(before, after, lines)
        scopes[name] = found[key]
    return scopes


def _rank_together(plan: CheckPlan, before: pd.DataFrame, after: pd.DataFrame,
                   judged: dict[str, np.ndarray], scopes: Scopes) -> None:
    """Widen both scopes until every cell judged again has all its ranked candidates:
    its value rules and the ranked line rules on its column (`keep_most_specific`)."""
    ranked = {name: line for name, line in plan.lines.items() if line.rule in _RANKED}
    widened = True
    while widened:
        widened = False
        for name, line in ranked.items():
            cells = judged.get(line.column, np.empty(0, dtype=np.int64))
            affected = scopes.get(name, (np.empty(0, dtype=np.int64),))[0]
            if not np.isin(cells, affected).all():
                scopes[name] = line.scope(before, after, np.union1d(affected, cells))
                affected = scopes[name][0]
            if line.column in plan.cell and not np.isin(affected, cells).all():
                judged[line.column] = np.union1d(cells, affected)
                widened = True


def _findings(plan: CheckPlan, after: pd.DataFrame, judged: dict[str, np.ndarray],
              scopes: Scopes, missing: frozenset[str]) -> pd.DataFrame:
    """The findings of the judged cells and lines, one per cell as a full check keeps.
    Line rules judging the same lines share one copy of them and their derivations."""
    parts = [column_findings(plan, key, take_lines(after, lines, [key]))
             for key, lines in judged.items()]
    with_missing = [key for key in after.columns if key in missing]
    groups: dict[bytes, list[str]] = {}
    for name, (affected, needed) in scopes.items():
        if len(affected):
            groups.setdefault(needed.tobytes(), []).append(name)
    for names in groups.values():
        needed = scopes[names[0]][1]
        reads = [column for name in names
                 for column in (plan.lines[name].depends or after.columns)]
        frame = take_lines(after, needed, list(dict.fromkeys(reads)))
        missing = all_missing(take_lines(after, needed, with_missing)) if with_missing else None
        explained: dict[object, pd.Series] = {}
        with memo_scope():
            for name in names:  # rules sharing the needed lines may differ in affected
                affected = scopes[name][0]
                found = line_findings(plan, name, frame, missing, explained)
                if len(found) and len(affected) < len(needed):
                    found = found[found["row"].isin(after.index[affected]).to_numpy(dtype=bool)]
                parts.append(found)
    return keep_most_specific(concat_findings(parts), VALUE_RULE_PRIORITY)


def _replaced(findings: pd.DataFrame, plan: CheckPlan, after: pd.DataFrame,
              judged: dict[str, np.ndarray], scopes: Scopes) -> np.ndarray:
    """Which previous findings the judged cells and lines replace."""
    drop = np.zeros(len(findings), dtype=bool)
    if findings.empty:
        return drop
    rows = findings["row"].to_numpy(dtype="float64", na_value=np.nan)
    given = ~np.isnan(rows)
    at = np.full(len(findings), -1, dtype=np.int64)  # each finding's line; -1: none
    at[given] = after.index.get_indexer(rows[given].astype(np.int64))
    positions = findings[POSITION].to_numpy(dtype="float64", na_value=np.nan)
    rules = findings["rule"].to_numpy(dtype=object)

    def on(lines: np.ndarray) -> np.ndarray:
        """Whether each finding is on one of `lines`: a mark per line, not a search
        (a column judged again whole marks every line)."""
        marked = np.zeros(len(after) + 1, dtype=bool)  # the last one: no line
        marked[lines] = True
        return marked[at]

    for key, lines in judged.items():
        codes = [rule.rule for rule in plan.cell[key]]
        drop |= (positions == plan.positions[key]) & np.isin(rules, codes) & on(lines)
    for name, (affected, _needed) in scopes.items():
        line = plan.lines[name]
        drop |= (positions == plan.positions[line.column]) & (rules == line.rule) & on(affected)
    return drop


def _merged(kept: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The findings kept and the new ones in `sort_findings`' order. Both are findings
    tables already (`concat_findings`' types), so they are only put in order."""
    if new.empty:
        return kept.reset_index(drop=True)
    return merge_sorted(kept, new)


#: Derivations kept from one re-check to the next before those of changed columns
#: are let go (a few per edit: letting go at every edit would cost more than it saves).
_MEMO_ENTRIES = 256


def _still_used(memo: Memo, frame: pd.DataFrame) -> Memo:
    """The memo for the next re-check: once it has grown, without the derivations of
    columns the new table no longer holds (their cells changed), to free memory."""
    if len(memo) <= _MEMO_ENTRIES:
        return dict(memo)
    return keep_columns_of(dict(memo), frame)
