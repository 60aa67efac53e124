"""`boolean_format`: Boolean custom fields take only `true` or `false`, in any case.

The fix maps the usual spellings a spreadsheet or a French-speaking user produces
(yes/no, y/n, 1/0, oui/non, vrai/faux, in any case and with stray spaces) to
`true`/`false`. Nothing else is guessed: "x", "ok" or "-" could mean either.

A Boolean column has a handful of distinct values, so everything is computed once
per distinct value (`per_unique`), whatever the length of the file.
"""

from __future__ import annotations

import pandas as pd

from checks.check.cells.base import CellCheck, blank, on_failing
from checks.check.implements import Implements
from checks.i18n import _
from checks.text.templates import fill_texts
from checks.text.vectorised import as_text, clean_spaces, per_unique

RULE = "boolean_format"
#: The rule this module implements, and its rank among value rules.
IMPLEMENTS = (Implements(RULE, priority=140),)

VALID = ("true", "false")

#: Lowercased, trimmed spelling → the value Upflow reads.
SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("true", "yes", "y", "1", "oui", "vrai"), "true"),
    **dict.fromkeys(("false", "no", "n", "0", "non", "faux"), "false"),
}


def boolean_checks() -> list[CellCheck]:
    """The value rules of a Boolean custom field column."""
    return [CellCheck(RULE, passes=boolean_passes, propose=boolean_fix,
                      explain=boolean_detail)]


def boolean_passes(values: pd.Series) -> pd.Series:
    """True where the cell is empty or exactly true/false in any case."""
    return per_unique(as_text(values), _valid)


def boolean_fix(values: pd.Series) -> pd.Series:
    """"true"/"false" for each failing cell with a known spelling, else None."""
    return on_failing(as_text(values), boolean_passes, _fixes, None)


def boolean_detail(values: pd.Series) -> pd.Series:
    """" (did you mean 'true'?)" where a fix exists, else ""."""
    return on_failing(as_text(values), boolean_passes, _details, "")


def _valid(uniques: pd.Series) -> pd.Series:
    return uniques.str.lower().isin(VALID) | blank(uniques)


def _fixes(uniques: pd.Series) -> pd.Series:
    found = clean_spaces(uniques).str.lower().map(SPELLINGS).astype(object)
    return found.where(found.notna(), None)


def _details(uniques: pd.Series) -> pd.Series:
    found = clean_spaces(uniques).str.lower().map(SPELLINGS)
    return fill_texts(_(" (did you mean '{fix}'?)"), fix=found).fillna("").astype("str")


