"""Values a spreadsheet would run as a formula (`formula_like`, "CSV injection").

When the exported file is opened in a spreadsheet, a cell starting with =, +, - or
@ is evaluated: it can change the data ("-Smith" becomes #NAME?) or run a harmful
command (=HYPERLINK, =cmd|...). What counts as formula-like is defined once, in
`checks/text/formulas.py`, and shared with the files written for people (which put an
apostrophe before such a cell): numbers and phone numbers ("-12.5", "+33 1 42 68 53
00") are not reported, "+1+1" and "-2+3" are.

The rule judges the space-cleaned value: spreadsheets (and the OWASP advice on CSV
injection) also treat a leading tab or line break before "=" as a formula, and
leading spaces are `whitespace`'s own finding where that rule applies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.check.cells.base import CellCheck
from checks.check.cells.spaces import cleaned
from checks.check.implements import Implements
from checks.check.memo import remember
from checks.text.formulas import FORMULA_STARTS, NUMBER_LIKE, formula_like
from checks.text.vectorised import spread_texts, take_rows

__all__ = ["FORMULA_STARTS", "NUMBER_LIKE", "formula_check"]

#: The rule this module implements, and its rank among value rules: last, since a
#: value that fails any other rule is reported for that problem.
IMPLEMENTS = (Implements("formula_like", priority=180),)


def formula_check() -> CellCheck:
    """`formula_like` for any text column. No fix (only the user knows whether the
    value is meant as text). The detail is the first character quoted ("'='") for
    the message "... starts with '=', so a spreadsheet would run it as a formula"."""
    return CellCheck("formula_like", passes=_passes, explain=_explain)


def _formula_like(clean: pd.Series) -> np.ndarray:
    """`checks.text.formulas.formula_like`, once per column within a check: every column
    of the file is checked, and the message reads the verdict again."""
    return remember(_formula_like, clean, lambda: formula_like(clean))


def _passes(values: pd.Series) -> pd.Series:
    return pd.Series(~_formula_like(cleaned(values)), index=values.index)


def _explain(values: pd.Series) -> pd.Series:
    clean = cleaned(values)
    formula = _formula_like(clean)
    firsts = ("'" + take_rows(clean, formula).str.slice(0, 1) + "'").to_numpy(dtype=object)
    return spread_texts(len(clean), formula, firsts, values.index)
