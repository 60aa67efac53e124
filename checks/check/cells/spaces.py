"""Whitespace: the `whitespace` rule, and the plumbing of list cells.

Upflow compares identifiers, emails, workflows and options exactly, so a stray
leading space, a non-breaking space pasted from a web page or a line break makes a
value silently not match. `whitespace` is its own rule ("one problem, one
finding"): every other value rule tests the value *after* `clean_spaces`, so
" SMB " is only a whitespace problem, never also a select problem.

List cells (multi-select options, account manager emails) hold several items
separated by `,` or `;`. A space around a separator ("Strategic, VIP") is a
whitespace problem too: the item rules trim items, and `list_whitespace_check`
reports the spaces once, with the separator-tight value as the fix.

The splitting itself (`ListItems`) lives here so the option and email modules share
one vectorised implementation: pyarrow splits all (distinct) cells at once and the
per-item verdicts are folded back per cell with numpy, never a Python loop per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import CellCheck, ColumnTest
from checks.check.implements import Implements
from checks.check.memo import remember
from checks.i18n import _
from checks.text.templates import fill_arrow
from checks.text.vectorised import (
    as_text,
    changed_cells_only,
    clean_spaces,
    offsets_and_bytes,
    per_unique,
)

#: The Arrow type every helper here works in (what pandas' "str" dtype holds).
TEXT = pa.large_string()

#: The rule this module implements, and its rank among value rules: after the rules
#: about the value itself, which judge the space-cleaned value and whose fixes trim
#: it too (" SMB " gets only whitespace, " smb " only select_option).
IMPLEMENTS = (Implements("whitespace", priority=170),)


def text_scalar(text: str) -> pa.Scalar:
    """A scalar of the same Arrow type as the columns, as Arrow kernels require."""
    return pa.scalar(text, TEXT)


def cleaned(values: pd.Series) -> pd.Series:
    """The value every rule other than `whitespace` judges: spaces cleaned.

    Missing cells become "" so that they pass like empty ones.
    """
    return clean_spaces(as_text(values))


def to_arrow(values: pd.Series) -> pa.Array:
    """The column as one Arrow large_string array (zero-copy for pandas' "str")."""
    array = pa.array(as_text(values).array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(TEXT)


def to_bool(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An Arrow boolean result as a numpy bool array, nulls counting as False."""
    return np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def quoted(array: pa.Array) -> pa.Array:
    """Each text quoted as the messages quote values, in the current language ('x' in
    English, « x » in French)."""
    return fill_arrow(_("'{value}'"), value=array.cast(TEXT))


def by_distinct(func: ColumnTest) -> ColumnTest:
    """`func` run once per distinct value and spread back over the column, for
    rules whose columns repeat few values (account managers, options)."""

    def run(values: pd.Series) -> pd.Series:
        text = as_text(values)
        if text.empty:
            return func(text)
        return per_unique(text, func).set_axis(values.index)

    return run


# ── the whitespace rule ────────────────────────────────────────────────────────


def whitespace_check() -> CellCheck:
    """`whitespace` for single values (identifiers, names, emails, workflows,
    single-select options, positions): the cell fails when it differs from
    `clean_spaces(value)`; the fix is that cleaned value. A cell of only spaces
    fails too and its fix is "" (it is really empty)."""
    return CellCheck("whitespace", passes=_plain_passes, propose=_plain_propose)


def _plain_passes(values: pd.Series) -> pd.Series:
    text = as_text(values)
    return pd.Series(clean_spaces(text).eq(text).to_numpy(dtype=bool), index=values.index)


def _plain_propose(values: pd.Series) -> pd.Series:
    text = as_text(values)
    fixed = clean_spaces(text)
    return _fix_where_changed(text, fixed, values.index)


def list_whitespace_check(separators: str) -> CellCheck:
    """`whitespace` for list cells: as `whitespace_check`, and spaces around any of
    `separators` are a problem too ("Strategic, VIP" → "Strategic,VIP"), because
    Upflow reads the items between separators as they are."""
    if not separators:
        raise ValueError("a list cell needs at least one separator")

    def passes(values: pd.Series) -> pd.Series:
        text = as_text(values)
        tight = normalise_list_spaces(text, separators)
        return pd.Series(tight.eq(text).to_numpy(dtype=bool), index=values.index)

    def propose(values: pd.Series) -> pd.Series:
        text = as_text(values)
        return _fix_where_changed(text, normalise_list_spaces(text, separators), values.index)

    return CellCheck("whitespace", passes=passes, propose=propose)


def normalise_list_spaces(values: pd.Series, separators: str) -> pd.Series:
    """`clean_spaces`, then no space on either side of a separator.

    The pattern runs only on the cells that have a space right next to a separator
    (found by a byte scan; `clean_spaces` has already turned odd spaces into plain
    ones), and the result is remembered per column within a check."""
    clean = clean_spaces(as_text(values))
    around = f" *([{re.escape(separators)}]) *"

    def tighten(cells: pd.Series) -> pd.Series:
        return cells.str.replace(around, r"\1", regex=True)

    def beside(chunk: pa.Array) -> np.ndarray:
        return _space_beside(chunk, separators)

    return remember(("list_spaces", separators), clean,
                    lambda: changed_cells_only(clean, tighten, beside))


def _space_beside(chunk: pa.Array, separators: str) -> np.ndarray:
    """Per value, whether a space is right before or after one of `separators`."""
    bounds, data = offsets_and_bytes(chunk)
    rows = np.zeros(len(chunk), dtype=bool)
    if data.size < 2:
        return rows
    space = data == ord(" ")
    separator = np.zeros(len(data), dtype=bool)
    for character in separators.encode():
        separator |= data == character
    pairs = (space[:-1] & separator[1:]) | (separator[:-1] & space[1:])
    hits = np.flatnonzero(pairs)
    if hits.size:  # a pair across two values is harmless: it only adds a candidate
        rows[np.searchsorted(bounds, hits + bounds[0], side="right") - 1] = True
    return rows


def _fix_where_changed(text: pd.Series, fixed: pd.Series, index: pd.Index) -> pd.Series:
    """The fixed value where it differs from the cell, None elsewhere."""
    changed = fixed.ne(text).to_numpy(dtype=bool, na_value=False)
    out = np.full(len(text), None, dtype=object)
    if changed.any():
        out[changed] = fixed[changed].to_numpy(dtype=object)
    return pd.Series(out, index=index, dtype=object)


# ── list cells ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ListItems:
    """The items of many list cells at once, flattened.

    `items[i]` (trimmed of plain spaces) belongs to cell `parents[i]`; items keep
    their order, so each cell's items are contiguous. Split the *cleaned* cells
    (`cleaned`) so non-breaking spaces are plain spaces before the trim.
    """

    cells: pa.Array
    items: pa.Array
    parents: np.ndarray

    @classmethod
    def split(cls, cells: pa.Array, separators: str) -> ListItems:
        """Split every cell on any of `separators`. An empty cell gives one empty
        item, as does the gap in "A,,B" or after a trailing separator."""
        cells = cells.cast(TEXT)
        if len(separators) == 1:
            lists = pc.split_pattern(cells, pattern=separators)
        else:
            lists = pc.split_pattern_regex(cells, pattern=f"[{re.escape(separators)}]")
        parents = np.asarray(pc.list_parent_indices(lists).to_numpy(), dtype=np.int64)
        items = pc.utf8_trim(pc.list_flatten(lists), characters=" ")
        return cls(cells=cells, items=items, parents=parents)

    @property
    def cell_count(self) -> int:
        return len(self.cells)

    def any_per_cell(self, item_mask: np.ndarray) -> np.ndarray:
        """Per cell: whether any of its items is marked."""
        hits = np.bincount(self.parents[item_mask], minlength=self.cell_count)
        return hits > 0

    def count_per_cell(self, item_mask: np.ndarray | None = None) -> np.ndarray:
        """Per cell: how many of its items are marked (all items when no mask)."""
        parents = self.parents if item_mask is None else self.parents[item_mask]
        return np.bincount(parents, minlength=self.cell_count)

    def join(self, item_texts: pa.Array, keep: np.ndarray,
             separator: pa.Array | pa.Scalar) -> pa.Array:
        """Per cell: its kept items' texts joined with `separator` (one per cell or a
        scalar). A cell is null when any kept item text is null, which is how "no
        fix unless every item is fixable" falls out for free."""
        counts = self.count_per_cell(keep)
        offsets = np.zeros(self.cell_count + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        kept = item_texts.cast(TEXT).filter(pa.array(keep, pa.bool_()))
        lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), kept)
        return pc.binary_join(lists, separator)
