"""The shape of a line rule, and the helpers the families of line rules share.

The relation rules compare lines of the same customer, so they start from the codes
of the (space-cleaned) customer keys and whether each key is repeated, computed once
per check (`checks.check.memo`): in a customer file most keys occur once, and only lines
with a repeated key are compared at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from checks.check.cells.base import blank
from checks.check.cells.spaces import TEXT, to_arrow
from checks.check.memo import arrow_data, remember
from checks.i18n import _
from checks.text.templates import fill_texts
from checks.text.vectorised import as_text, clean_spaces, distinct

FrameTest = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class LineCheck:
    """One line rule.

    passes:  frame → bool per line, True where the line has no such problem.
    explain: frame → a short text per line used as `{detail}` in the message. It
             must be element-wise (each line's detail from that line alone) and read
             only `reads`: the adapter asks it for the failing lines only, with those
             columns.
    """

    rule: str
    column: str  # the canonical column the finding points at
    passes: FrameTest
    explain: FrameTest | None = None
    reads: tuple[str, ...] = ()  # the columns `explain` reads


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


def quoted_ids(id_column: str) -> FrameTest:
    """The `{detail}` naming a line's customer: its key quoted ("'C1'")."""

    def explain(frame: pd.DataFrame) -> pd.Series:
        return fill_texts(_("'{value}'"), value=clean_spaces(as_text(frame[id_column])))
    return explain
