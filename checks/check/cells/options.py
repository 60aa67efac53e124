"""Values that must be one of a closed list: select options, workflows, positions.

Upflow matches these exactly ("case-sensitive, and also applies to symbols") and
cannot create new ones from a file, so anything else is rejected. What people type
is usually the right name with the wrong case, accents, spaces or dashes
("key accounts - soft" for "Key accounts – soft"), so the fix is the closest existing
name, in tiers (`checks.text.closest`: case first, then spaces and accents, then
symbols), and only when exactly one name matches in the first tier that has any:
two options that differ only in case would make any guess unsafe.

All rules test the space-cleaned value (`clean_spaces`): " SMB " is a `whitespace`
problem only, while " smb " is a `select_option` problem whose fix "SMB" also
removes the spaces. Work is done once per distinct value (`per_unique`), and the
Python-level matching only for distinct values that fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import CellCheck
from checks.check.cells.spaces import (
    TEXT,
    ListItems,
    by_distinct,
    cleaned,
    list_whitespace_check,
    quoted,
    text_scalar,
    to_arrow,
    to_bool,
)
from checks.check.implements import Implements
from checks.check.memo import arrow_data
from checks.definitions.document import POSITIONS, CustomField, FieldType
from checks.i18n import N_, _, ngettext
from checks.text.closest import ClosestName
from checks.text.templates import fill_texts
from checks.text.vectorised import as_text, per_unique

#: What separates the items of a multi-select cell (Upflow: "commas or semicolons").
MULTI_SELECT_SEPARATORS = ",;"

#: Up to this many options are listed in the message when no fix can be proposed.
_LISTED_OPTIONS = 10
_LISTED_WORKFLOWS = 5
_LISTED_POSITIONS = 20

#: The rules this module implements, and their ranks among value rules.
IMPLEMENTS = (
    Implements("select_option", priority=70),
    Implements("multi_select_option", priority=80),
    Implements("workflow_not_found", priority=90),
    Implements("position_invalid", priority=100),
)


# ── public factories ──────────────────────────────────────────────────────────


def select_checks(field: CustomField) -> list[CellCheck]:
    """The value rules of a single-select custom field column: `select_option`.

    Whitespace is not included: run `spaces.whitespace_check()` on the column too.
    """
    if field.type is not FieldType.SINGLE_SELECT:
        raise ValueError(f"custom field '{field.name}' is not a single-select field")
    return [choice_check("select_option", field.options, list_limit=_LISTED_OPTIONS)]


def multi_select_checks(field: CustomField) -> list[CellCheck]:
    """The value rules of a multi-select custom field column: `multi_select_option`.

    Items are separated by "," or ";" and trimmed, so "Strategic, VIP" passes here
    and is reported by `multi_select_whitespace_check()` only (run that one on the
    column instead of `whitespace_check`). An empty item ("A,,B", "A,B,") fails.
    The fix corrects every item as `select_option` would, drops empty items and
    joins them with the cell's own separator when it used only ";", else ","; there
    is no fix when any non-empty item has no unique match.
    """
    if field.type is not FieldType.MULTI_SELECT:
        raise ValueError(f"custom field '{field.name}' is not a multi-select field")
    return [_multi_select_check(field.options)]


def multi_select_whitespace_check() -> CellCheck:
    """`whitespace` for multi-select columns: also spaces around "," and ";"
    ("Strategic, VIP" → "Strategic,VIP")."""
    return list_whitespace_check(MULTI_SELECT_SEPARATORS)


def workflow_checks(workflows: tuple[str, ...]) -> list[CellCheck]:
    """The value rules of the Workflow column: `workflow_not_found`.

    Fix: the closest workflow name, e.g. "key accounts - soft" → "Key accounts – soft";
    the detail reads " (did you mean 'Key accounts – soft'?)".
    """
    return [choice_check("workflow_not_found", workflows, list_limit=_LISTED_WORKFLOWS,
                         none_hint=N_(" (the organization has no workflows)"), noun="workflows")]


def position_checks(positions: tuple[str, ...] = POSITIONS) -> list[CellCheck]:
    """The value rules of the Position column: `position_invalid`, against the
    organization's positions.

    Fix: the closest position, as for options ("SALES" → "Sales"); without one, the
    detail lists the organization's positions.
    """
    return [choice_check("position_invalid", positions, list_limit=_LISTED_POSITIONS,
                         none_hint=N_(" (the organization has no positions)"), noun="positions")]


def choice_check(rule: str, choices: Iterable[str], *, list_limit: int = 0,
                 none_hint: str = "", noun: str = "options") -> CellCheck:
    """A check that the space-cleaned value is exactly one of `choices`.

    propose: the closest choice (`ClosestName`), else None.
    explain: " (did you mean 'X'?)" with a fix; without one, the choices when there
             are at most `list_limit` of them (" (the {noun} are 'A' and 'B')"),
             `none_hint` when there are none, or "".
    """
    names = tuple(choices)
    allowed = name_set(names)
    closest = ClosestName.of(names)

    def passes(values: pd.Series) -> pd.Series:
        clean = cleaned(values)
        ok = clean.eq("").to_numpy(dtype=bool) | _is_in(clean, allowed)
        return pd.Series(ok, index=values.index)

    def analyse(uniques: pd.Series) -> pd.DataFrame:
        clean = cleaned(uniques)
        bad = ~(clean.eq("").to_numpy(dtype=bool) | _is_in(clean, allowed))
        fix = np.full(len(clean), None, dtype=object)
        if bad.any() and closest:
            fix[bad] = [closest.get(text) for text in clean.to_numpy(dtype=object)[bad]]
        has_fix = pd.notna(fix)
        detail = np.full(len(clean), "", dtype=object)
        detail[bad] = _no_fix_detail(names, list_limit, none_hint, noun)
        detail[has_fix] = did_you_mean(fix[has_fix])
        return pd.DataFrame({"fix": pd.Series(fix, dtype=object, index=uniques.index),
                             "detail": detail}, index=uniques.index)

    def propose(values: pd.Series) -> pd.Series:
        return _column(values, analyse, "fix")

    def explain(values: pd.Series) -> pd.Series:
        return _text_column(values, analyse, "detail")

    return CellCheck(rule, passes=passes, propose=propose, explain=explain)


def did_you_mean(fixes: np.ndarray) -> np.ndarray:
    """" (did you mean 'X'?)" for each proposed fix, built by Arrow, not a loop; an
    empty fix (a cell of only separators) says so instead of quoting nothing."""
    texts = pd.Series(fixes, dtype="str")
    detail = fill_texts(_(" (did you mean '{fix}'?)"), fix=texts)
    return detail.where(texts.ne(""), _(" (it holds only separators)")).to_numpy(dtype=object)


#: The detail listing every choice, per kind of choice (`noun`): whole sentences, so
#: that each reads right in every language.
_LISTED: dict[str, str] = {
    "options": N_(" (the options are {choices} and {last})"),
    "workflows": N_(" (the workflows are {choices} and {last})"),
    "positions": N_(" (the positions are {choices} and {last})"),
}


def _no_fix_detail(names: tuple[str, ...], list_limit: int, none_hint: str,
                   noun: str) -> str:
    """The detail of a value without a fix, in the current language."""
    if not names:
        return _(none_hint) if none_hint else ""
    if len(names) <= list_limit:
        listed = [_("'{value}'").format(value=name) for name in names]
        if len(listed) == 1:
            return _(" (the only one is {choice})").format(choice=listed[0])
        return _(_LISTED[noun]).format(choices=", ".join(listed[:-1]), last=listed[-1])
    return ""


def _column(values: pd.Series, analyse: Callable[[pd.Series], pd.DataFrame],
            column: str) -> pd.Series:
    """One column of a per-distinct-value analysis, spread back over the cells."""
    text = as_text(values)
    if text.empty:
        return pd.Series([], index=values.index, dtype=object)
    result = per_unique(text, lambda uniques: analyse(uniques)[column])
    out = result.to_numpy(dtype=object, copy=True)
    out[pd.isna(out)] = None  # pandas may store a text column with NaN for None
    return pd.Series(out, index=values.index, dtype=object)


def _text_column(values: pd.Series, analyse: Callable[[pd.Series], pd.DataFrame],
                 column: str) -> pd.Series:
    """As `_column`, for a text result ("str"): spread in Arrow, no Python objects."""
    text = as_text(values)
    if text.empty:
        return pd.Series([], index=values.index, dtype="str")
    return per_unique(text, lambda uniques: analyse(uniques)[column].astype("str"))


@dataclass(frozen=True)
class NameSet:
    """A list of names (options, workflows) ready for membership tests, made once per
    list in a process (`name_set`), so that a field with 100,000 options costs a hash
    lookup per value rather than a new table of its names on every check."""

    arrow: pa.Array     # for Arrow's is_in, which hashes the names on every call
    index: pd.Index     # pandas keeps its hash table of the names once built

    def contains(self, values: pa.Array) -> np.ndarray:
        """Whether each value is one of the names. Few values next to many names (the
        distinct cells of a column against a long option list) are looked up in the
        names' table, built once; otherwise Arrow hashes the names, which costs less
        than turning many values into Python strings."""
        if len(values) * 10 < len(self.index):
            return self.index.get_indexer(values.to_numpy(zero_copy_only=False)) >= 0
        return to_bool(pc.is_in(values, value_set=self.arrow))


@lru_cache(maxsize=16)
def name_set(names: tuple[str, ...]) -> NameSet:
    """The names as a `NameSet`, repeated names once (a pandas index must be unique
    to look values up in it). Cached: names are definitions, never customer data."""
    unique = tuple(dict.fromkeys(names))
    return NameSet(pa.array(unique, TEXT), pd.Index(unique, dtype=object))


def _is_in(values: pd.Series, allowed: NameSet) -> np.ndarray:
    """`values.isin(allowed)` through a hash lookup (pandas falls back to Python
    objects for its string dtype)."""
    array = arrow_data(values)
    if array is None:
        return values.isin(allowed.index).to_numpy(dtype=bool)
    return allowed.contains(array)


# ── multi-select ──────────────────────────────────────────────────────────────


def _multi_select_check(options: tuple[str, ...]) -> CellCheck:
    option_set = name_set(tuple(options))
    closest = ClosestName.of(options)

    def judge(uniques: pd.Series) -> tuple[pa.Array, ListItems, np.ndarray, np.ndarray]:
        """The cells, their items, which items are options, which cells fail."""
        cells = to_arrow(cleaned(uniques))
        split = ListItems.split(cells, MULTI_SELECT_SEPARATORS)
        item_ok = option_set.contains(split.items)
        cell_empty = to_bool(pc.equal(cells, text_scalar("")))
        fails = split.any_per_cell(~item_ok) & ~cell_empty
        return cells, split, item_ok, fails

    def passes(uniques: pd.Series) -> pd.Series:
        return pd.Series(~judge(uniques)[3], index=uniques.index)

    def analyse(uniques: pd.Series) -> pd.DataFrame:
        cells, split, item_ok, fails = judge(uniques)
        items = split.items
        item_empty = to_bool(pc.equal(items, text_scalar("")))
        item_bad = ~item_ok & ~item_empty

        # Fix each wrong item by key (Python only for distinct wrong items).
        item_fix = pc.if_else(pa.array(item_ok), items, pa.nulls(len(items), TEXT))
        if item_bad.any():
            wrong = pc.unique(items.filter(pa.array(item_bad)))
            fixes = pa.array([closest.get(text) for text in wrong.to_pylist()], TEXT)
            found = pc.take(fixes, pc.index_in(items, value_set=wrong))
            item_fix = pc.if_else(pa.array(item_bad), found, item_fix)
        only_semicolons = to_bool(pc.and_(pc.match_substring(cells, ";"),
                                          pc.invert(pc.match_substring(cells, ","))))
        separator = pa.array(np.where(only_semicolons, ";", ","), TEXT)
        joined = split.join(item_fix, ~item_empty, separator)
        fix = np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)
        fix[~fails] = None
        has_fix = pd.notna(fix)

        detail = np.full(len(cells), "", dtype=object)
        detail[has_fix] = did_you_mean(fix[has_fix])
        no_fix = fails & ~has_fix
        if no_fix.any():
            wrong_listed = split.join(quoted(items), item_bad, text_scalar(", "))
            listed = np.asarray(wrong_listed.to_numpy(zero_copy_only=False), dtype=object)
            several = split.count_per_cell(item_bad)[no_fix] > 1
            items_listed = pd.Series(listed[no_fix], dtype="str")
            one = fill_texts(ngettext(" ({items} is not an option)",
                                      " ({items} are not options)", 1), items=items_listed)
            many = fill_texts(ngettext(" ({items} is not an option)",
                                       " ({items} are not options)", 2), items=items_listed)
            detail[no_fix] = np.where(several, many.to_numpy(dtype=object),
                                      one.to_numpy(dtype=object))
        return pd.DataFrame({"fix": pd.Series(fix, dtype=object, index=uniques.index),
                             "detail": detail}, index=uniques.index)

    def propose(values: pd.Series) -> pd.Series:
        return _column(values, analyse, "fix")

    def explain(values: pd.Series) -> pd.Series:
        return _text_column(values, analyse, "detail")

    return CellCheck("multi_select_option", passes=by_distinct(passes), propose=propose,
                     explain=explain)
