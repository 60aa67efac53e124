"""`text_too_long`: Text custom fields hold at most 2,000 characters.

The length is counted in Unicode code points (what Python's `len` and Arrow's
`utf8_length` count), on the value exactly as written: Upflow's limit is stated in
characters, and the file is what gets imported. There is no safe fix: only the user
knows what to cut.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.check.cells.base import CellCheck, blank
from checks.check.implements import Implements
from checks.text.vectorised import as_text, spread_texts, take_rows

RULE = "text_too_long"
#: The rule this module implements, and its rank among value rules.
IMPLEMENTS = (Implements(RULE, priority=150),)

MAX_CHARACTERS = 2_000


def text_checks() -> list[CellCheck]:
    """The value rules of a Text custom field column."""
    return [CellCheck(RULE, passes=text_passes, explain=text_detail)]


def text_passes(values: pd.Series) -> pd.Series:
    """True where the cell holds at most `MAX_CHARACTERS` characters, or only spaces
    (an empty cell, however long: emptiness is `required_missing`'s business)."""
    return pd.Series(~_too_long(as_text(values)), index=values.index)


def text_detail(values: pd.Series) -> pd.Series:
    """The length of each too-long cell written like "2,345" (the message reads
    "'Notes' holds 2,345 characters; ..."); "" elsewhere."""
    values = as_text(values)
    too_long = _too_long(values)
    # A loop over too-long cells only, which are few: Python's "," grouping.
    lengths = take_rows(values, too_long).str.len().to_numpy(dtype=np.int64)
    return spread_texts(len(values), too_long, [f"{length:,}" for length in lengths],
                        values.index)


def _too_long(values: pd.Series) -> np.ndarray:
    """Over the limit and not blank; `blank` only runs on the long cells."""
    long = (values.str.len() > MAX_CHARACTERS).to_numpy(dtype=bool, copy=True)
    if long.any():
        long[long] = ~blank(values[long]).to_numpy(dtype=bool)
    return long
