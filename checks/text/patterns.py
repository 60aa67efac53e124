"""Whole-text patterns over a text column, run by Arrow's RE2 directly.

pandas' `.str.fullmatch` parses the pattern with Python's regex parser on every call,
to decide whether Arrow can run it: a fixed cost of a few hundred microseconds that
a column of a million cells does not notice and an edit's one cell pays in full, for
every rule that asks. The patterns here are written once for RE2 and checked once
(`_checked`) to hold nothing RE2 reads differently from Python, so the answer is
pandas' own.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.memo import arrow_data
from checks.text.vectorised import take_rows

__all__ = ["fullmatch", "fullmatch_where"]

#: What RE2 reads differently from Python, or not at all: class escapes that follow
#: Unicode in Python (`\s`, `\w`, `\d`, `\b`), look-arounds and back-references.
_NOT_RE2 = re.compile(r"\\[sSwWdDbBuUN0-9]|\(\?[=!<]")


def fullmatch(values: pd.Series, pattern: str) -> np.ndarray:
    """Per cell, whether the whole of it matches `pattern` (a missing cell does not):
    `values.str.fullmatch(pattern)` as numpy."""
    array = arrow_data(values)
    if array is None or not pa.types.is_large_string(array.type):
        return values.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)
    found = pc.match_substring_regex(array, _checked(pattern))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def fullmatch_where(values: pd.Series, pattern: str, where: np.ndarray) -> np.ndarray:
    """`fullmatch(values, pattern)`, evaluated only on the cells `where` is set (False
    elsewhere): the caller knows by a byte scan that no other cell can match."""
    out = np.zeros(len(values), dtype=bool)
    if where.any():
        rows = np.flatnonzero(where)
        out[rows] = fullmatch(take_rows(values, rows), pattern)
    return out


@lru_cache(maxsize=64)
def _checked(pattern: str) -> str:
    """`pattern` anchored at both ends, once it is known to mean the same to RE2 as to
    Python (a pattern that does not is a programming error, refused at its first use)."""
    if _NOT_RE2.search(pattern):
        raise ValueError(f"not a pattern RE2 reads as Python does: {pattern!r}")
    re.compile(pattern)
    return f"^(?:{pattern})$"
