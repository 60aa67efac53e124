"""`number_format`: Number custom fields take a plain number with a period decimal.

Upflow's formatting guide says "Use period (.) for decimals. Commas not supported.
Negative values and decimals are supported." The check is deliberately strict: a
value is valid only when it is `-?digits(.digits)?`, because anything looser ("+5",
".5", "1e3", " 12") is exactly what Upflow may read differently or reject.

Values are checked as text, never through pandas' number inference, which would
silently accept "1e3" or " 12 " and turn "1,234" into something.

A fix is proposed only when the reading is certain:

* surrounding/odd spaces, a "+" or a typographic minus (U+2212): dropped/normalised;
* grouping with spaces (including non-breaking and narrow no-break spaces) or
  apostrophes: "1 234,56" → "1234.56" (the grouping mark makes the other one the
  decimal mark);
* two different marks: "1.234,56" and "1,234.56" → "1234.56" (the last one is the
  decimal mark);
* a repeated mark can only be grouping: "1,234,567" / "1.234.567" → "1234567";
* a single comma that cannot be grouping: "1234,56", "-12,5", "0,125" → decimal;
* ".5" → "0.5" and "5." → "5".

"1,234" (one comma followed by exactly three digits) may be 1234 or 1.234: no fix,
and the detail says why. Currency symbols, percents, exponents, accounting
parentheses and everything else get no fix: removing them changes what the value
means, so the user has to decide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.check.cells.base import CellCheck, blank, on_failing
from checks.check.implements import Implements
from checks.i18n import N_, _
from checks.text.patterns import fullmatch
from checks.text.templates import fill_texts
from checks.text.vectorised import as_text, clean_spaces

RULE = "number_format"
#: The rule this module implements, and its rank among value rules.
IMPLEMENTS = (Implements(RULE, priority=120),)

#: The only shape Upflow documents. ASCII digits only: `\d` would also accept
#: other scripts' digits in Python's regex engine.
VALID_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"

#: A single comma between 1-3 digits (not a lone 0) and exactly three digits:
#: thousands grouping or decimal comma, nobody can tell.
AMBIGUOUS_BODY = r"(?:[1-9][0-9]{0,2}|0[0-9]{1,2}),[0-9]{3}"

AMBIGUOUS_DETAIL = N_(" (the comma could be a thousands separator or a decimal point)")

#: Thousands marks that are never a decimal mark: a space (odd spaces are turned
#: into plain ones first) and apostrophes (Swiss style). Real characters, not
#: `\u` escapes, so that pandas keeps the regex on Arrow's engine.
_GROUPING = " '\u2019"

# (pattern of the unsigned part, grouping characters to drop, whether "," is decimal)
_FORMS: tuple[tuple[str, str, bool], ...] = (
    (r"[0-9]+(?:\.[0-9]+)?", "", False),  # only the sign or the spaces were wrong
    (r"[0-9]+,[0-9]+", "", True),  # decimal comma (ambiguous ones removed below)
    (rf"[0-9]{{1,3}}(?:[{_GROUPING}][0-9]{{3}})+(?:[.,][0-9]+)?", _GROUPING, True),
    (r"[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3}){2,}", ",", False),
    (r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(?:\.[0-9]{3}){2,}", ".", True),
)


def number_checks() -> list[CellCheck]:
    """The value rules of a Number custom field column."""
    return [CellCheck(RULE, passes=number_passes, propose=number_fix, explain=number_detail)]


def number_passes(values: pd.Series) -> pd.Series:
    """True where the cell is empty or a plain number Upflow reads as is.

    One vectorised regex over the column (pyarrow): numbers are mostly distinct, so
    de-duplicating first would cost more than it saves."""
    values = as_text(values)
    return pd.Series(fullmatch(values, VALID_NUMBER), index=values.index) | blank(values)


def number_fix(values: pd.Series) -> pd.Series:
    """The plain number each failing cell certainly means, else None (object)."""
    values = as_text(values)
    return on_failing(values, number_passes, _fixes, None)


def number_detail(values: pd.Series) -> pd.Series:
    """" (did you mean '1234.56'?)" when a fix exists, a note when the comma is
    ambiguous, else ""."""
    values = as_text(values)
    return on_failing(values, number_passes, _details, "")




def _split_sign(uniques: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(is negative, unsigned part) of each value once its spaces are cleaned; a
    space between the sign and the digits is tolerated."""
    cleaned = clean_spaces(uniques)
    first = cleaned.str.slice(0, 1)
    signed = first.isin(["-", "+", "\u2212"]).to_numpy(dtype=bool)
    negative = first.isin(["-", "\u2212"]).to_numpy(dtype=bool)
    body = cleaned.where(~signed, cleaned.str.slice(1).str.removeprefix(" "))
    return negative, body


def _ambiguous(body: pd.Series) -> np.ndarray:
    """Whether the unsigned part is a lone "1,234"-like value."""
    return fullmatch(body, AMBIGUOUS_BODY)


def _read(uniques: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(fix or None, is ambiguous) of distinct failing values, vectorised: each known
    shape is tried in turn on the values no earlier shape claimed."""
    negative, body = _split_sign(uniques)
    fix = np.full(len(uniques), None, dtype=object)
    ambiguous = _ambiguous(body)
    done = ambiguous.copy()
    for pattern, grouping, decimal_comma in _FORMS:
        hit = fullmatch(body, pattern) & ~done
        if not hit.any():
            continue
        digits = body[hit]
        if grouping:
            digits = digits.str.replace(f"[{grouping}]", "", regex=True)
        if decimal_comma:
            digits = digits.str.replace(",", ".", regex=False)
        fix[hit] = digits.to_numpy(dtype=object)
        done = done | hit
    lead = fullmatch(body, r"\.[0-9]+") & ~done
    fix[lead] = ("0" + body[lead]).to_numpy(dtype=object)
    trail = fullmatch(body, r"[0-9]+\.") & ~done
    fix[trail] = body[trail].str.slice(0, -1).to_numpy(dtype=object)
    signed = negative & pd.notna(fix)
    fix[signed] = "-" + fix[signed]
    return fix, ambiguous


def _fixes(uniques: pd.Series) -> pd.Series:
    """The fix of each distinct failing value, None when there is none."""
    return pd.Series(_read(uniques)[0], dtype=object)


def _details(uniques: pd.Series) -> pd.Series:
    """The fix as " (did you mean 'X'?)", or the ambiguity note, or ""."""
    fix, ambiguous = _read(uniques)
    detail = np.where(ambiguous, _(AMBIGUOUS_DETAIL), "").astype(object)
    has_fix = pd.notna(fix)
    if has_fix.any():
        fixes = pd.Series(fix[has_fix], dtype="str")
        did_you_mean = fill_texts(_(" (did you mean '{fix}'?)"), fix=fixes)
        detail[has_fix] = did_you_mean.to_numpy(dtype=object)
    return pd.Series(detail, dtype="str")
