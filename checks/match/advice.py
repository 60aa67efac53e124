"""What to change, in sentences: per class (`ADVICE`) and per line (`line_advice`).

The sentences belong to the engine, not to one page: the command line prints the
class advice, the page shows it, and every line that will not match carries its own
sentence into the downloads. They name the two files, so a person reading one list
knows which system to correct.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from checks.i18n import N_, _
from checks.match.classes import MatchClass
from checks.match.keys import looks_damaged
from checks.match.sides import Side


class _Advice(str):
    """A sentence template whose `format` tolerates missing side names.

    Templates use `{count}`, `{left}` and `{right}`; a caller that passes only `count`
    still gets a sentence ("the left file") rather than a KeyError. The template is
    English (marked with `N_`); `format` writes it in the current language.
    """

    def format(self, *args: object, **kwargs: object) -> str:
        return _(str(self)).format_map(_Defaults(kwargs))


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        defaults = {"left": _("the left file"), "right": _("the right file")}
        return defaults.get(key, f"{{{key}}}")


ADVICE: dict[MatchClass, str] = {cls: _Advice(text) for cls, text in {
    MatchClass.MATCHED: N_("Matched: {count}. Each is on one line of each side, written the "
    "same: nothing to do."),
    MatchClass.MISSING_LEFT: N_("In {right} only: {count}. Add each to {left}, or correct it "
    "in {right} if it is wrong."),
    MatchClass.MISSING_RIGHT: N_("In {left} only: {count}. Add each to {right}, or correct it "
    "in {left} if it is wrong."),
    MatchClass.EMPTY: N_("Lines without an identifier: {count}. Fill it in: a line without "
    "one matches nothing."),
    MatchClass.AMBIGUOUS: N_("Duplicated identifiers: {count}. Keep each on one line per "
    "side: a duplicate makes the match ambiguous."),
    MatchClass.NEAR_MISS: N_("Near misses: {count}. Write each the same way in {left} and "
    "{right}: they differ only by spaces, case or leading zeros, and Upflow compares the "
    "exact text."),
    MatchClass.SALESFORCE_ID_LENGTH: N_("15- and 18-character Salesforce IDs: {count}. Use "
    "the 18-character ID on both sides: the 15-character form is the same record but not "
    "the same text."),
    MatchClass.NUMERIC_DAMAGE: N_("Identifiers converted to a number: {count}. Store them as "
    "text (285, not 285.0 or 2.85E+02): Upflow supports only text, textarea and reference "
    "Salesforce fields for the identifier."),
}.items()}


def line_advice(lines: pd.DataFrame, side: Side, other: Side) -> pd.Series:
    """One sentence per line: the first rule that applies, each sentence built only for
    the lines it applies to."""
    cls, here = lines["class"], lines[f"{side.key}_count"]
    has_counterpart = lines["counterpart"].notna()
    damaged = looks_damaged(lines["value"])

    def counterpart(part: pd.DataFrame) -> pd.Series:
        return part["counterpart"].fillna("")

    def count(part: pd.DataFrame, key: str) -> pd.Series:
        return part[f"{key}_count"].astype("str")

    names = {"side": side.name, "other": other.name}
    rules: list[tuple[pd.Series, Callable[[pd.DataFrame], pd.Series | str]]] = [
        (cls.eq(MatchClass.EMPTY), lambda _part: _sentences(
            _("Fill the identifier in {side}"), names)),
        (cls.eq(MatchClass.AMBIGUOUS) & here.gt(1), lambda part: _sentences(
            _("Remove the duplicate: this identifier is on {count} lines of {side}"), names,
            count=count(part, side.key))),
        (cls.eq(MatchClass.AMBIGUOUS), lambda part: _sentences(
            _("Remove the duplicates in {other}: this identifier is on {count} lines there"),
            names, count=count(part, other.key))),
        (cls.eq(MatchClass.NEAR_MISS), lambda part: _sentences(
            _("Write it the same way in both files: {other} has '{counterpart}' "
              "({difference})"), names, counterpart=counterpart(part),
            difference=part["difference"].fillna(""))),
        (cls.eq(MatchClass.SALESFORCE_ID_LENGTH) & lines["value"].str.len().eq(15),
         lambda part: _sentences(_("Use the 18-character ID, as in {other}: '{counterpart}'"),
                                 names, counterpart=counterpart(part))),
        (cls.eq(MatchClass.SALESFORCE_ID_LENGTH), lambda part: _sentences(
            _("{other} has the 15-character form '{counterpart}': use this 18-character ID "
              "there too"), names, counterpart=counterpart(part))),
        (cls.eq(MatchClass.NUMERIC_DAMAGE) & damaged & has_counterpart,
         lambda part: _sentences(_("Looks converted to a number: write it as text, as in "
                                   "{other}: '{counterpart}'"), names,
                                 counterpart=counterpart(part))),
        (cls.eq(MatchClass.NUMERIC_DAMAGE) & damaged, lambda _part: _sentences(
            _("Looks converted to a number: write it as text, as the system it comes from "
              "has it"), names)),
        (cls.eq(MatchClass.NUMERIC_DAMAGE), lambda part: _sentences(
            _("{other} has it as '{counterpart}', converted to a number: write it as text "
              "there"), names, counterpart=counterpart(part))),
        (pd.Series(True, index=lines.index), lambda _part: _sentences(
            _("Not in {other}: add it there, or correct it here"), names)),
    ]
    advice = np.full(len(lines), "", dtype=object)
    decided = np.zeros(len(lines), dtype=bool)
    for condition, sentence in rules:
        mask = condition.to_numpy(bool) & ~decided
        if mask.any():
            text = sentence(lines[mask])
            advice[mask] = text if isinstance(text, str) else text.to_numpy(object)
        decided |= mask
    return pd.Series(advice, index=lines.index, dtype="str")


_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")


def _sentences(template: str, names: dict[str, str],
               **columns: pd.Series) -> pd.Series | str:
    """A translated sentence with its placeholders filled: `names` with one text for
    every line, `columns` with each line's own value (column-wise, no loop over lines).
    The translator sees the whole sentence; values are never read as templates."""
    sentence: pd.Series | str = ""
    for piece in _PLACEHOLDER.split(template):
        key = piece[1:-1] if _PLACEHOLDER.fullmatch(piece) else None
        if key is not None and key in columns:
            sentence = sentence + columns[key]
        elif key is not None and key in names:
            sentence = sentence + names[key]
        else:
            sentence = sentence + piece
    return sentence
