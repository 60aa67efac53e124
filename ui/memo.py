"""The one "inputs → value" cache of the pages: kept in this session's state only.

Streamlit re-runs a page from the top on every click, so anything expensive (reading,
checking, fixing, a dashboard's figures) is remembered next to the inputs it was
computed from and reused until one of them changes. It lives in `st.session_state`,
never in `st.cache_data` or another cache shared by the server: the values hold
customer data, which must stay in the memory of the session that uploaded it and go
with it.

Inputs are compared one by one: a hashable value (a frozen dataclass of texts, a tuple
of choices) by equality, anything else (a table, a check result) by identity, since
the chain hands on the very object it computed and comparing frames cell by cell
would cost what the cache saves.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import streamlit as st

from checks.i18n import language

T = TypeVar("T")

#: Session keys of remembered values start with this.
PREFIX = "memo_"


def remembered(name: str, inputs: Sequence[Any], compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave for the same `inputs` in this session and the
    same language (what the engine writes, its messages, is in the session's language,
    so a switch of language computes again)."""
    inputs = (*inputs, language())
    key = PREFIX + name
    kept = st.session_state.get(key)
    if kept is not None and _same(kept[0], inputs):
        return kept[1]
    value = compute()
    st.session_state[key] = (tuple(inputs), value)
    return value


def scratchpad(name: str) -> dict[Any, Any]:
    """A dict this session keeps under `name`, for a computation that reuses what it
    derived from one input to the next (the import preview's column derivations, which
    it prunes itself). Kept like a remembered value, with no inputs: in this session's
    state only, gone with it."""
    key = PREFIX + name
    found = st.session_state.get(key)
    if found is None:
        found = st.session_state[key] = ((), {})
    return found[1]


def kept(name: str, inputs: Sequence[Any]) -> Any | None:
    """The value remembered under `name` for inputs that begin with `inputs` (compared
    as `remembered` does), in the current language, whatever its other inputs were; else
    None. What a computation can start from when only its last inputs changed: a fix
    switched on or off starts from the fixes before (`ui.session.fixed`)."""
    kept = st.session_state.get(PREFIX + name)
    if kept is None:
        return None
    old = kept[0]
    if old[-1] != language() or not _same(old[:len(inputs)], tuple(inputs)):
        return None
    return kept[1]


def forget(name: str) -> None:
    """Drop a remembered value (its inputs are gone, e.g. the file was replaced)."""
    st.session_state.pop(PREFIX + name, None)


def _same(kept: Sequence[Any], inputs: Sequence[Any]) -> bool:
    return len(kept) == len(inputs) and all(
        old is new or (_hashable(old) and _hashable(new) and old == new)
        for old, new in zip(kept, inputs, strict=True))


def _hashable(value: Any) -> bool:
    if not isinstance(value, Hashable):
        return False
    try:
        hash(value)
    except TypeError:  # a frozen dataclass holding a frame
        return False
    return True
