"""Work shared by the rules of one column: each thing derived from it, once.

Every rule receives whole columns and derives what it needs from them: the text with
its spaces cleaned, whether each cell is blank, its distinct values, whether it
passes. Several rules derive the same things from the same column (formula safety and
the value rules all read the cleaned text; a failing rule's fix and message
recompute its verdict), which on a million lines costs seconds. Within a
`memo_scope` each derivation is remembered by *which data* it was made from: the
identity of the column's Arrow array. pandas' "str" columns hold an immutable Arrow
array, so while the memo keeps the array alive the same object means the same cells
(a changed column, e.g. by a fix, is a new array: it misses). A remembered Series is
handed back aligned to the asking column's index (the same cells under another index
give the same verdicts: rules never read the index).

The adapter opens one scope per column of the file (and one for the line rules), so
what is remembered is dropped as soon as the column is done: a cleaned copy of every
column at once would cost as much memory as the file.

Only Arrow-backed text columns are remembered; anything else (object columns built
in tests, small Series of distinct values) is computed every time. Outside a scope
nothing is remembered, so every rule stays a plain function of its input.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import pandas as pd

from checks.text.frame_columns import column_arrays

T = TypeVar("T")

#: (what, array id) → (array, result): the array is kept so that its id cannot be
#: reused by another object while the memo lives.
Memo = dict[tuple[Hashable, int], tuple[Any, Any]]

_CURRENT: ContextVar[Memo | None] = ContextVar("preflight_memo", default=None)


@contextmanager
def memo_scope(kept: Memo | None = None) -> Iterator[Memo]:
    """Remember derivations until the block ends (a scope inside another starts
    afresh, and the outer one is back after it). With `kept`, derivations go into and
    come from that memo, which outlives the block: the incremental re-check
    (`checks.check.incremental`) hands it from one check to the next."""
    memo: Memo = {} if kept is None else kept
    token = _CURRENT.set(memo)
    try:
        yield memo
    finally:
        _CURRENT.reset(token)
        if kept is None:
            memo.clear()


def remember(what: Hashable, values: pd.Series, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before for the same `what` and the same data.

    `what` names the derivation (a string, or a rule's function object: a function
    is alive as long as the plan that holds it). The result must not be modified by
    the caller: it is shared. A Series or DataFrame result comes back on `values`'
    index.
    """
    memo = _CURRENT.get()
    array = arrow_data(values)
    if memo is None or array is None:
        return compute()
    key = (what, id(array))
    found = memo.get(key)
    if found is None:
        found = (array, compute())
        memo[key] = found
    result = found[1]
    if isinstance(result, pd.Series | pd.DataFrame) and result.index is not values.index:
        return result.set_axis(values.index)  # type: ignore[return-value]
    return result


def arrow_data(values: pd.Series) -> Any:
    """The Arrow chunked array behind an Arrow-backed column, else None."""
    return array_data(values.array)


def array_data(array: object) -> Any:
    """The Arrow chunked array behind a column's array (pandas' Arrow text), else None."""
    return getattr(array, "_pa_array", None)


def keep_columns_of(memo: Memo, frame: pd.DataFrame) -> Memo:
    """`memo` with only the derivations of `frame`'s columns and of what was derived
    from them (the others removed in place; returned): a memo handed from one version
    of a file to the next (an edit changes a column or two) keeps what its unchanged
    columns gave, and lets go of the others."""
    alive = {id(array_data(array)) for array in column_arrays(frame)}
    grown = True
    while grown:  # and what was derived from those derivations (a column's cleaned text)
        derived = {id(arrow_data(result)) for (_what, source), (_array, result) in memo.items()
                   if source in alive and isinstance(result, pd.Series)} - alive - {id(None)}
        grown = bool(derived)
        alive |= derived
    for key in [key for key in memo if key[1] not in alive]:
        del memo[key]
    return memo
