"""Values a spreadsheet would run as a formula (`formula_like`, "CSV injection").

When the exported file is opened in a spreadsheet, a cell starting with =, +, - or
@ is evaluated: it can change the data ("-Smith" becomes #NAME?) or run a harmful
command (=HYPERLINK, =cmd|...). Numbers and phone numbers also start with + or -
("+33 1 42 68 53 00", "-12.5") and are harmless, so a value made only of digits,
spaces and ( ) . , / + - is not reported.

The rule judges the space-cleaned value: spreadsheets (and the OWASP advice on CSV
injection) also treat a leading tab or line break before "=" as a formula, and
leading spaces are `whitespace`'s own finding where that rule applies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.cells.base import CellCheck
from checks.cells.spaces import cleaned
from checks.memo import remember
from checks.text import only_characters, spread_texts, starts_with_any, take_rows

#: The characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = "=+-@"
#: Numbers and phone numbers: only these characters, never a formula to worry about.
NUMBER_LIKE = r"[0-9 ().,/+\-]*"
_NUMBER_CHARACTERS = "0123456789 ().,/+-"  # NUMBER_LIKE's characters, for a byte scan


def formula_check() -> CellCheck:
    """`formula_like` for any text column. No fix (only the user knows whether the
    value is meant as text). The detail is the first character quoted ("'='") for
    the message "... starts with '=', so a spreadsheet would run it as a formula"."""
    return CellCheck("formula_like", passes=_passes, explain=_explain)


def _formula_like(clean: pd.Series) -> np.ndarray:
    """Starts like a formula and is not number-like: both are byte scans (the first
    byte; any byte outside NUMBER_LIKE's characters), since every column of the file
    is checked."""

    def compute() -> np.ndarray:
        starts = starts_with_any(clean, FORMULA_STARTS)
        return starts & ~only_characters(clean, _NUMBER_CHARACTERS, where=starts)

    return remember(_formula_like, clean, compute)


def _passes(values: pd.Series) -> pd.Series:
    return pd.Series(~_formula_like(cleaned(values)), index=values.index)


def _explain(values: pd.Series) -> pd.Series:
    clean = cleaned(values)
    formula = _formula_like(clean)
    firsts = ("'" + take_rows(clean, formula).str.slice(0, 1) + "'").to_numpy(dtype=object)
    return spread_texts(len(clean), formula, firsts, values.index)
