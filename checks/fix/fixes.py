"""Safe automatic fixes: apply the fixes the checks proposed, and log every change.

Checks already propose a fix only when it is certain (RULES.md: "never a guess"), so
fixing is bookkeeping: pick the findings whose rule belongs to a chosen fix, write
their `fix` into the table, and log `row, column, before, after, rule`. Each fix is
named and can be switched off; the result is checked again to show what remains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from checks.check.incremental import recheck_cells
from checks.check.validate import CheckResult, CheckSettings, recheck
from checks.fix.writing import with_cells
from checks.i18n import N_, _
from checks.model.findings import POSITION
from checks.model.table import Table
from checks.text.vectorised import take_rows

CHANGE_COLUMNS: tuple[str, ...] = ("row", "column", "before", "after", "rule")


@dataclass(frozen=True)
class Fix:
    """One switchable family of fixes: the rules whose proposed values it applies.
    `title` and `description` are English, marked: translate them with `_` where shown."""

    name: str
    title: str
    rules: tuple[str, ...]
    description: str


FIXES: tuple[Fix, ...] = (
    Fix("whitespace", N_("Remove extra spaces and line breaks"), ("whitespace",),
        N_("Trims spaces, non-breaking spaces and line breaks around identifiers, emails, "
        "workflows and options.")),
    Fix("lowercase_emails", N_("Write account manager emails in lowercase"), ("email_uppercase",),
        N_("Upflow matches member emails exactly, in lowercase.")),
    Fix("numbers", N_("Write numbers with a period for decimals"), ("number_format",),
        N_("1 234,56 becomes 1234.56; ambiguous values such as 1,234 are left alone.")),
    Fix("dates", N_("Write dates as YYYY-MM-DD"), ("date_format",),
        N_("31/12/2025 becomes 2025-12-31; 03/04/2025 only with a day-first or month-first "
        "choice, or when other dates of the column prove the order.")),
    Fix("booleans", N_("Write true or false"), ("boolean_format",),
        N_("yes/no, y/n, 1/0, oui/non and vrai/faux become true/false.")),
    Fix("options", N_("Use the exact option names"), ("select_option", "multi_select_option"),
        N_("An option written with another case, spacing, accents or symbols becomes the "
        "existing option it is closest to (net 30 becomes Net 30, even beside Net 30+); "
        "nothing is changed when two options are as close.")),
    Fix("workflows", N_("Use the exact workflow names"), ("workflow_not_found",),
        N_("A workflow written with another case, spacing, accents or symbols becomes the "
        "existing workflow it is closest to; nothing is changed when two are as close.")),
    Fix("positions", N_("Use the organization's position names"), ("position_invalid",),
        N_("A position written with another case, spacing, accents or symbols becomes the "
        "organization's position it is closest to (accounting becomes Accounting).")),
    Fix("main_contact", N_("Mark main contacts with 1"), ("main_contact_format",),
        N_("yes/true/x become 1; no/false/0 become empty.")),
)

FIXES_BY_NAME: dict[str, Fix] = {fix.name: fix for fix in FIXES}
_FIX_OF_RULE: dict[str, str] = {rule: fix.name for fix in FIXES for rule in fix.rules}


@dataclass(frozen=True)
class FixOutcome:
    """The corrected table, what changed, and the check of the corrected table."""

    table: Table
    changes: pd.DataFrame
    result: CheckResult


def fix_names(names: Iterable[str] | None = None) -> tuple[str, ...]:
    """Validated fix names; None means every fix."""
    if names is None:
        return tuple(FIXES_BY_NAME)
    chosen = tuple(names)
    unknown = [name for name in chosen if name not in FIXES_BY_NAME]
    if unknown:
        from checks.model.errors import UsageError

        raise UsageError(_("unknown fix {names} (choose from: {choices})").format(
            names=", ".join(unknown), choices=", ".join(FIXES_BY_NAME)))
    return chosen


def fixable(findings: pd.DataFrame, names: Iterable[str] | None = None) -> pd.DataFrame:
    """The findings a set of fixes would apply, with the fix name of each."""
    rules = {rule for name in fix_names(names) for rule in FIXES_BY_NAME[name].rules}
    chosen = findings[findings["fix"].notna() & findings["row"].notna()
                      & findings["rule"].isin(rules)]
    return chosen.assign(fix_name=chosen["rule"].map(_FIX_OF_RULE))


def available_fixes(findings: pd.DataFrame, examples: int = 3) -> pd.DataFrame:
    """One line per fix that would change something: its count and a few
    before → after examples, for people to choose from (title and description in the
    current language)."""
    candidates = fixable(findings)
    lines = []
    for fix in FIXES:
        mine = candidates[candidates["fix_name"] == fix.name]
        if mine.empty:
            continue
        pairs = mine.drop_duplicates(["value", "fix"]).head(examples)
        lines.append({"fix": fix.name, "title": _(fix.title), "count": len(mine),
                      "examples": [f"{b} → {a}" for b, a in zip(pairs["value"], pairs["fix"],
                                                               strict=True)],
                      "description": _(fix.description)})
    return pd.DataFrame(lines, columns=["fix", "title", "count", "examples", "description"])


def apply_fixes(result: CheckResult, names: Iterable[str] | None = None) -> FixOutcome:
    """Write the chosen fixes into a copy of the table, log them, and check again.

    Only cells with a proposed fix change; every other cell keeps its exact text.
    Applying the same fixes to the outcome changes nothing more, since a proposed fix
    always passes the rule that proposed it.
    """
    return changed_outcome(*fixed_table(result, names), result.settings)


def changed_outcome(table: Table, changes: pd.DataFrame, settings: CheckSettings) -> FixOutcome:
    """A changed table, its change log, and its check with the settings of the check it
    came from: the one fix → re-check step of the app (fixes, then edits) and of
    `preflight fix`, which hands over the settings alone so that the first check can
    be let go of before the second one runs."""
    return FixOutcome(table, changes, recheck(table, settings))


def fixed_table(result: CheckResult,
                names: Iterable[str] | None = None) -> tuple[Table, pd.DataFrame]:
    """`apply_fixes` without the re-check: the corrected table and the changes.

    `preflight fix` checks the corrected table (`changed_outcome`) once it has let go
    of the first check (`FixOutcome` needs the re-check's result, never the first
    one), so that a large file's two checks are not in memory together. Columns
    without a fix are the original's own columns, not copies.
    """
    chosen = _sure_fixes(result, names)
    data = result.table.data.copy()
    for position, group in chosen.groupby(POSITION, sort=False):
        column = data[position].copy()
        column.loc[pd.Index(group["row"].astype("int64"))] = group["fix"].astype("str").to_numpy()
        data[position] = column
    return result.table.with_data(data), _log(chosen)


def switch_fixes(result: CheckResult, previous: FixOutcome,
                 names: Iterable[str] | None = None) -> FixOutcome:
    """`apply_fixes(result, names)`, derived from `previous`: an outcome of `result`
    with other fixes (`apply_fixes` or `switch_fixes` of this very check). Fixes are
    per cell and a cell has at most one (one finding per cell), so switching a fix on
    or off writes that fix's cells alone (its fixed text, or the cell's text in the
    checked file), and only what they can change is checked again
    (`checks.check.incremental`): the page answers a switch in the time of its cells.
    A `previous` holding anything else than fixes (a person's edits) is not reused."""
    chosen_names = fix_names(names)
    rules = previous.changes["rule"]
    if not rules.isin(list(_FIX_OF_RULE)).all():
        return apply_fixes(result, chosen_names)
    every = _sure_fixes(result, None)
    before = every[every["fix_name"].isin({_FIX_OF_RULE[rule] for rule in rules.unique()})]
    chosen = every[every["fix_name"].isin(chosen_names)]
    switched = pd.concat([before, chosen]).drop_duplicates(["row", POSITION], keep=False)
    data = previous.table.data.copy(deep=False)
    cells: list[tuple[int, int]] = []
    on = switched.index.isin(chosen.index) if len(switched) else np.zeros(0, dtype=bool)
    for position, group in switched.assign(on=on).groupby(POSITION, sort=False):
        group = group.sort_values("row")
        rows = pd.Index(group["row"].astype("int64"))
        lines = data.index.get_indexer(rows)
        original = result.table.data[position].iloc[lines].to_numpy(dtype=object)
        fixed = group["fix"].astype("str").to_numpy(dtype=object)
        data[position] = with_cells(data[position], lines, np.where(
            group["on"].to_numpy(dtype=bool), fixed, original))
        cells += [(int(row), int(position)) for row in rows]
    table = previous.table.with_data(data)
    return FixOutcome(table, _log(chosen), recheck_cells(previous.result, table, cells))


def _sure_fixes(result: CheckResult, names: Iterable[str] | None) -> pd.DataFrame:
    """The fixable findings of the chosen fixes whose cell still holds the text the
    finding saw: a safeguard, since the finding was made on this very cell."""
    chosen = fixable(result.findings, names)
    if chosen.empty:
        return chosen
    sure = np.zeros(len(chosen), dtype=bool)
    data = result.table.data
    for position, group in chosen.groupby(POSITION, sort=False):
        lines = data.index.get_indexer(group["row"].astype("int64"))
        order = np.argsort(lines, kind="stable")
        seen = np.empty(len(lines), dtype=object)
        seen[order] = take_rows(data[position], lines[order]).to_numpy(dtype=object)
        sure[chosen.index.get_indexer(group.index)] = seen == group["value"].to_numpy(
            dtype=object)
    return chosen[sure]


def _log(chosen: pd.DataFrame) -> pd.DataFrame:
    """The change log of applied fixes, in the order of their findings."""
    return pd.DataFrame({
        "row": chosen["row"].astype("Int64"), "column": chosen["column"],
        "before": chosen["value"], "after": chosen["fix"], "rule": chosen["rule"],
    }, columns=list(CHANGE_COLUMNS)).reset_index(drop=True)

