"""Main contact: Upflow recognises only "1" as the main-contact marker.

People mark main contacts the way their spreadsheet or language suggests: yes, x,
TRUE, oui, or 0/no for the others. Those are safe to convert: the intent is
unambiguous, and an empty cell is how Upflow spells "not the main contact" (so the
fix for "no" is "", a real value, not a missing fix).

Unlike the other rules this one judges the cell as written, so " 1 " fails with the
fix "1": the `whitespace` rule is not run on Main contact (RULES.md scopes it to
identifiers, emails, workflows and options), so this is the only finding for it. A
cell of only spaces counts as empty and passes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.check.cells.base import CellCheck
from checks.check.implements import Implements
from checks.i18n import N_, _
from checks.text.vectorised import as_text, clean_spaces, per_unique, spread_texts

#: Lowercase, space-cleaned spellings that mean "this is the main contact".
MAIN_CONTACT_YES: frozenset[str] = frozenset(
    {"1", "1.0", "yes", "y", "true", "x", "oui", "vrai", "✓", "✔", "☑", "✅"})
#: Lowercase, space-cleaned spellings that mean "not the main contact".
MAIN_CONTACT_NO: frozenset[str] = frozenset(
    {"0", "0.0", "no", "n", "false", "non", "faux"})

_YES_DETAIL = N_(" (write 1 to mark the main contact)")
_NO_DETAIL = N_(" (leave the cell empty for a contact that is not the main one)")

#: The rule this module implements, and its rank among value rules.
IMPLEMENTS = (Implements("main_contact_format", priority=110),)


def main_contact_checks() -> list[CellCheck]:
    """The value rules of Main contact: `main_contact_format`.

    passes: the cell is exactly "1", or empty after cleaning spaces.
    propose: "1" for yes-like values, "" for no-like values (see the sets above,
             any case, spaces cleaned), else None.
    explain: what the fix means, or "" without one.
    """
    return [CellCheck("main_contact_format", passes=_passes, propose=_propose,
                      explain=_explain)]


def _passes(values: pd.Series) -> pd.Series:
    text = as_text(values)
    ok = text.eq("1") | clean_spaces(text).eq("")
    return pd.Series(ok.to_numpy(dtype=bool), index=values.index)


def _meaning(values: pd.Series) -> np.ndarray:
    """Per cell: "1", "" or None (no safe reading), computed per distinct value."""

    def read(uniques: pd.Series) -> pd.Series:
        word = clean_spaces(uniques).str.lower()
        meaning = np.full(len(word), None, dtype=object)
        meaning[word.isin(MAIN_CONTACT_YES).to_numpy(dtype=bool)] = "1"
        meaning[word.isin(MAIN_CONTACT_NO).to_numpy(dtype=bool)] = ""
        return pd.Series(meaning, index=uniques.index, dtype=object)

    text = as_text(values)
    if text.empty:
        return np.array([], dtype=object)
    out = per_unique(text, read).to_numpy(dtype=object, copy=True)
    out[pd.isna(out)] = None
    return out


def _propose(values: pd.Series) -> pd.Series:
    fix = _meaning(values)
    fix[_passes(values).to_numpy()] = None
    return pd.Series(fix, index=values.index, dtype=object)


def _explain(values: pd.Series) -> pd.Series:
    fix = _propose(values).to_numpy(dtype=object)
    yes, no = fix == "1", fix == ""
    explained = yes | no
    detail = np.where(yes[explained], _(_YES_DETAIL), _(_NO_DETAIL)).astype(object)
    return spread_texts(len(fix), explained, detail, values.index)
