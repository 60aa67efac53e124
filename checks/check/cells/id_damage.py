"""Identifiers damaged by a spreadsheet (`id_damaged`).

Customer IDs are text, but a spreadsheet that guesses types turns "123456789012"
into "1.23457E+11", "285" read back from a number column into "285.0", and
"000123" into "123". A damaged ID matches no customer, so the line would be ignored
or create a duplicate customer. None of these can be undone safely (the digits
lost to scientific notation are gone, and the width of a lost zero padding is only
a guess), so the rule proposes no fix.

Lost leading zeros can only be seen from the column as a whole: when other IDs of
the column are zero-padded ("0" followed by digits), an all-digit ID without a
leading zero that is shorter than the padded IDs' most common length looks like it
lost its zeros. To avoid flagging a whole column of plain numbers because of one
stray "007", the padded IDs must be at least `MIN_PADDED_SHARE` of the all-digit
IDs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import numpy as np
import pandas as pd

from checks.check.cells.base import CellCheck, ColumnContext
from checks.check.cells.spaces import cleaned
from checks.check.implements import Implements
from checks.check.memo import remember
from checks.i18n import _
from checks.text.patterns import fullmatch_where
from checks.text.vectorised import (
    all_digits,
    contains_any,
    spread_texts,
    starts_with_any,
)

#: 1.23E+11, 1,23E+11, 4.5e10, 1E+11 (a bare "12E45" may be a real code: needs a
#: decimal part or an exponent sign, which is what spreadsheets print).
SCIENTIFIC = r"[0-9]+(?:[.,][0-9]+[eE][+-]?[0-9]+|[eE][+-][0-9]+)"
#: 285.0, 285.00
TRAILING_ZERO = r"[0-9]+\.0+"
#: Share of the column's all-digit IDs that must be zero-padded before shorter
#: unpadded IDs are reported as having lost their zeros.
MIN_PADDED_SHARE = 0.1

#: The rule this module implements, and its rank among value rules.
IMPLEMENTS = (Implements("id_damaged", priority=160),)

#: In place of a width: take the padded width from the judged cells' own column.
FROM_COLUMN = "from the column"
Width = int | None | str  # a width, None (not zero-padded) or FROM_COLUMN


def id_damaged_check() -> CellCheck:
    """`id_damaged` for identifier columns (Customer ID, External ID, Client ID,
    Parent ID), on the space-cleaned value. No fix. The detail says which damage:
    " (scientific notation)", " (a trailing .0)" or
    " (leading zeros look lost: other IDs have N digits)". Lost zeros are judged
    from the column's padded width (`PADDED_WIDTH`), hence `whole_column`."""
    return CellCheck("id_damaged", passes=_passes, explain=_explain, whole_column=True,
                     context=PADDED_WIDTH)


def _bound(width: Hashable) -> CellCheck:
    """`id_damaged` for cells of a column whose padded IDs have this width (or None)."""
    known = width if isinstance(width, int) else None

    def passes(values: pd.Series) -> pd.Series:
        return _passes(values, known)

    def explain(values: pd.Series) -> pd.Series:
        return _explain(values, known)

    return CellCheck("id_damaged", passes=passes, explain=explain)


Shape = tuple[np.ndarray, np.ndarray, np.ndarray]  # length, all digits, starts with 0


def _shape(clean: pd.Series) -> Shape:
    lengths = clean.str.len().to_numpy(dtype=np.int64, na_value=0)
    return lengths, all_digits(clean), starts_with_any(clean, "0")


def _counts(shape: Shape) -> Counter[Hashable]:
    """The column's counts lost zeros are judged from: its all-digit IDs ("digits")
    and its zero-padded IDs by length (("padded", length))."""
    lengths, digits, zero = shape
    padded = digits & zero & (lengths > 1)
    counts: Counter[Hashable] = Counter({"digits": int(digits.sum())})
    found = np.bincount(lengths[padded])
    counts.update({("padded", int(length)): int(found[length])
                   for length in np.flatnonzero(found)})
    return counts


def _tally(values: pd.Series) -> Counter[Hashable]:
    return _counts(_shape(cleaned(values)))


#: The padded IDs' common length, kept as counts (see `ColumnContext`).
PADDED_WIDTH = ColumnContext(tally=_tally, decide=lambda counts: _padded_width(counts),
                             bound=_bound)


def _damage(values: pd.Series, width: Width = FROM_COLUMN
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int | None]:
    """Per cell: scientific, trailing .0, lost zeros; and the padded IDs' length (the
    column's own, or `width` when given).

    Byte scans first: only cells with an "e"/"E" can be scientific, only cells with a
    "." can end in ".0", and a cell is all digits when it has no other byte; the
    patterns then run on those few cells. Remembered per column: the verdict and the
    message both need it."""
    clean = cleaned(values)
    return remember((_damage, width), clean, lambda: _judge(clean, width))


def _judge(clean: pd.Series, given: Width
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int | None]:
    scientific = fullmatch_where(clean, SCIENTIFIC, contains_any(clean, "eE"))
    trailing = fullmatch_where(clean, TRAILING_ZERO, contains_any(clean, "."))
    shape = _shape(clean)
    lengths, digits, zero = shape
    width = _padded_width(_counts(shape)) if given == FROM_COLUMN else given
    if width is None or isinstance(width, str):
        lost = np.zeros(len(clean), dtype=bool)
    else:
        lost = digits & ~zero & (lengths < width)
    return scientific, trailing, lost, width if isinstance(width, int) else None


def _padded_width(counts: Counter[Hashable]) -> int | None:
    """The most common length of the zero-padded IDs (the shortest on a tie), or
    None when too few IDs are padded to say the column is zero-padded."""
    padded = {key[1]: count for key, count in counts.items()
              if isinstance(key, tuple) and count > 0}
    total = sum(padded.values())
    if not total or total < MIN_PADDED_SHARE * counts["digits"]:
        return None
    return min(padded, key=lambda length: (-padded[length], length))


def _passes(values: pd.Series, width: Width = FROM_COLUMN) -> pd.Series:
    scientific, trailing, lost, _width = _damage(values, width)
    return pd.Series(~(scientific | trailing | lost), index=values.index)


def _explain(values: pd.Series, given: Width = FROM_COLUMN) -> pd.Series:
    scientific, trailing, lost, width = _damage(values, given)
    damaged = scientific | trailing | lost
    detail = np.select(
        [scientific[damaged], trailing[damaged], lost[damaged]],
        [_(" (scientific notation)"), _(" (a trailing .0)"),
         _(" (leading zeros look lost: other IDs have {width} digits)").format(width=width)],
        default="",
    ).astype(object)
    return spread_texts(len(values), damaged, detail, values.index)
