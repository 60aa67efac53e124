"""The shape of a line rule, and the helpers the families of line rules share.

The relation rules compare lines of the same customer, so they start from the codes
of the (space-cleaned) customer keys and whether each key is repeated, computed once
per check (`checks.check.memo`): in a customer file most keys occur once, and only lines
with a repeated key are compared at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import blank
from checks.check.cells.spaces import TEXT, to_arrow, to_bool
from checks.check.memo import arrow_data, remember
from checks.i18n import _
from checks.text.templates import fill_texts
from checks.text.vectorised import as_text, clean_spaces, distinct, take_rows, take_texts

FrameTest = Callable[[pd.DataFrame], pd.Series]

#: (frame before an edit, frame after it, positions of the edited lines) →
#: (positions of the lines whose verdict the edit can change, positions of the lines
#: the rule needs to judge them again: those and any line they are compared with).
Scope = Callable[[pd.DataFrame, pd.DataFrame, np.ndarray], tuple[np.ndarray, np.ndarray]]
#: Per line, what puts it in a group with others (NA: in no group).
LineKeys = Callable[[pd.DataFrame], pd.Series]


def own_line(_before: pd.DataFrame, _after: pd.DataFrame,
             changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The scope of a rule that judges each line from its own cells alone."""
    return changed, changed


@lru_cache(maxsize=64)
def same_group(keys_of: LineKeys, reads: tuple[str, ...]) -> Scope:
    """The scope of a rule that compares the lines of a group (a customer's lines): an
    edited line's groups before and after the edit, whole, since a line joining or
    leaving a group can change the verdict of every other line of it. The keys of the
    unedited lines are the same before and after, so the whole column is read once,
    before (remembered from the check that made it, see `checks.check.incremental`).
    `keys_of` reads the columns `reads`."""

    def scope(before: pd.DataFrame, after: pd.DataFrame,
              changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        every = keys_of(before)
        keys = take_rows(every, changed)
        if not all(_same_cells(before[name], after[name]) for name in reads):
            # The edit changed what groups the lines: their groups after it too.
            keys = pd.concat([keys, keys_of(take_lines(after, changed, list(reads)))])
        wanted = keys.dropna().unique()
        lines = np.union1d(changed, lines_with(every, list(wanted)))
        return lines, lines

    return scope


def _same_cells(before: pd.Series, after: pd.Series) -> bool:
    """Whether two columns are known to hold the same cells: the same Arrow data (an
    unchanged column of the frame after an edit shares it with the frame before)."""
    data = arrow_data(before)
    return data is not None and data is arrow_data(after)


def lines_with(keys: pd.Series, wanted: list[str]) -> np.ndarray:
    """Positions of the lines whose key is one of `wanted` (an NA key is none). One
    Arrow look-up of the few wanted keys over the column: about a millisecond on a
    large file, where an index of the column's distinct keys, built for the first
    edit after a check, cost that edit a hundred times more than it saved the next."""
    if not wanted:
        return np.empty(0, dtype=np.int64)
    found = pc.is_in(arrow(keys), value_set=pa.array(wanted, TEXT))
    return np.flatnonzero(to_bool(found))


def take_lines(frame: pd.DataFrame, positions: np.ndarray,
               columns: list[str] | None = None) -> pd.DataFrame:
    """The lines at `positions` (ascending) of `frame`, with `columns` (default all),
    taken chunk by chunk (`take_texts`): a few lines must not cost a copy of the file."""
    names = list(frame.columns) if columns is None else columns
    arrays = {}
    for name in names:
        values = frame[name]
        taken = take_texts(values, positions)
        arrays[name] = values.iloc[positions].array if taken is None else taken
    if len(arrays) < len(names):  # a name asked twice: pandas repeats the column
        return pd.DataFrame(arrays, index=frame.index[positions], columns=names)
    # The dict's order is the columns' already: naming them again costs pandas a
    # reindexing, a good part of a millisecond on an edit's few lines.
    return pd.DataFrame(arrays, index=frame.index[positions], copy=False)


@dataclass(frozen=True)
class LineCheck:
    """One line rule.

    passes:  frame → bool per line, True where the line has no such problem.
    explain: frame → a short text per line used as `{detail}` in the message. It
             must be element-wise (each line's detail from that line alone) and read
             only `reads`: the adapter asks it for the failing lines only, with those
             columns.
    depends: the columns `passes` and `explain` read (empty: unknown, any column): an
             edit elsewhere cannot change the rule's findings.
    scope:   which lines an edit of some lines can change the verdict of, and which
             lines judging them again needs (`Scope`): the edited lines alone for a
             rule that reads only its own line.
    """

    rule: str
    column: str  # the canonical column the finding points at
    passes: FrameTest
    explain: FrameTest | None = None
    reads: tuple[str, ...] = ()  # the columns `explain` reads
    depends: tuple[str, ...] = ()
    scope: Scope = own_line


#: The empty text, as the Arrow scalar the comparisons need.
EMPTY = pa.scalar("", TEXT)


def filled(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Per line, whether `column` has a value (not empty, not only spaces)."""
    return ~blank(frame[column]).to_numpy(dtype=bool)


def mask(flags: np.ndarray, frame: pd.DataFrame) -> pd.Series:
    """A rule's verdict per line, aligned with the frame's row numbers."""
    return pd.Series(flags, index=frame.index)


def arrow(values: pd.Series) -> pa.ChunkedArray:
    """A text column as Arrow large_string chunks: pandas' own, not a copy."""
    text = as_text(values)
    return arrow_data(text) if text.dtype == "str" else pa.chunked_array([to_arrow(text)])


def customer_keys(frame: pd.DataFrame, key_column: str) -> pd.Series:
    """The customer key of each line: its ID (or name), spaces cleaned."""
    return clean_spaces(frame[key_column])


def repeated_keys(keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code of each line's key, whether that key is on more than one line),
    remembered per key column: every relation rule starts from it."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = distinct(keys)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        return codes, (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)

    return remember("repeated_keys", keys, compute)


@lru_cache(maxsize=64)
def customer_group(key_column: str) -> LineKeys:
    """A line's customer key, for `same_group`: lines of one key are compared."""

    def keys_of(frame: pd.DataFrame) -> pd.Series:
        return customer_keys(frame, key_column)

    return keys_of


def quoted_ids(id_column: str) -> FrameTest:
    """The `{detail}` naming a line's customer: its key quoted ("'C1'")."""

    def explain(frame: pd.DataFrame) -> pd.Series:
        return fill_texts(_("'{value}'"), value=clean_spaces(as_text(frame[id_column])))
    return explain
