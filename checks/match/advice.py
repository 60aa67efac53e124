"""What to change, in sentences: per class (`ADVICE`) and per line (`line_advice`).

The sentences belong to the engine, not to one page: the command line prints the
class advice, the page shows it, and every line that will not match carries its own
sentence into the downloads. They name the two files, so a person reading one list
knows which system to correct.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from checks.match.classes import MatchClass
from checks.match.keys import looks_damaged
from checks.match.sides import Side


class _Advice(str):
    """A sentence template whose `format` tolerates missing side names.

    Templates use `{count}`, `{left}` and `{right}`; a caller that passes only `count`
    still gets a sentence ("the left file") rather than a KeyError.
    """

    def format(self, *args: object, **kwargs: object) -> str:
        return self.format_map(_Defaults(kwargs))


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return {"left": "the left file", "right": "the right file"}.get(key, f"{{{key}}}")


ADVICE: dict[MatchClass, str] = {cls: _Advice(text) for cls, text in {
    MatchClass.MATCHED: "Matched: {count}. Each is on one line of each side, written the "
    "same: nothing to do.",
    MatchClass.MISSING_LEFT: "In {right} only: {count}. Add each to {left}, or correct it "
    "in {right} if it is wrong.",
    MatchClass.MISSING_RIGHT: "In {left} only: {count}. Add each to {right}, or correct it "
    "in {left} if it is wrong.",
    MatchClass.EMPTY: "Lines without an identifier: {count}. Fill it in: a line without "
    "one matches nothing.",
    MatchClass.AMBIGUOUS: "Duplicated identifiers: {count}. Keep each on one line per "
    "side: a duplicate makes the match ambiguous.",
    MatchClass.NEAR_MISS: "Near misses: {count}. Write each the same way in {left} and "
    "{right}: they differ only by spaces, case or leading zeros, and Upflow compares the "
    "exact text.",
    MatchClass.SALESFORCE_ID_LENGTH: "15- and 18-character Salesforce IDs: {count}. Use "
    "the 18-character ID on both sides: the 15-character form is the same record but not "
    "the same text.",
    MatchClass.NUMERIC_DAMAGE: "Identifiers converted to a number: {count}. Store them as "
    "text (285, not 285.0 or 2.85E+02): Upflow supports only text, textarea and reference "
    "Salesforce fields for the identifier.",
}.items()}


def line_advice(lines: pd.DataFrame, side: Side, other: Side) -> pd.Series:
    """One sentence per line: the first rule that applies, each sentence built only for
    the lines it applies to."""
    cls, here = lines["class"], lines[f"{side.key}_count"]
    has_counterpart = lines["counterpart"].notna()
    damaged = looks_damaged(lines["value"])

    def quoted(part: pd.DataFrame) -> pd.Series:
        return "'" + part["counterpart"].fillna("") + "'"

    rules: list[tuple[pd.Series, Callable[[pd.DataFrame], pd.Series | str]]] = [
        (cls.eq(MatchClass.EMPTY), lambda _: f"Fill the identifier in {side.name}"),
        (cls.eq(MatchClass.AMBIGUOUS) & here.gt(1), lambda part: "Remove the duplicate: "
         "this identifier is on " + part[f"{side.key}_count"].astype("str")
         + f" lines of {side.name}"),
        (cls.eq(MatchClass.AMBIGUOUS), lambda part: f"Remove the duplicates in "
         f"{other.name}: this identifier is on " + part[f"{other.key}_count"].astype("str")
         + " lines there"),
        (cls.eq(MatchClass.NEAR_MISS), lambda part: "Write it the same way in both files: "
         f"{other.name} has " + quoted(part) + " (" + part["difference"].fillna("") + ")"),
        (cls.eq(MatchClass.SALESFORCE_ID_LENGTH) & lines["value"].str.len().eq(15),
         lambda part: f"Use the 18-character ID, as in {other.name}: " + quoted(part)),
        (cls.eq(MatchClass.SALESFORCE_ID_LENGTH), lambda part: f"{other.name} has the "
         "15-character form " + quoted(part) + ": use this 18-character ID there too"),
        (cls.eq(MatchClass.NUMERIC_DAMAGE) & damaged & has_counterpart,
         lambda part: "Looks converted to a number: write it as text, as in "
         f"{other.name}: " + quoted(part)),
        (cls.eq(MatchClass.NUMERIC_DAMAGE) & damaged, lambda _: "Looks converted to a "
         "number: write it as text, as the system it comes from has it"),
        (cls.eq(MatchClass.NUMERIC_DAMAGE), lambda part: f"{other.name} has it as "
         + quoted(part) + ", converted to a number: write it as text there"),
        (pd.Series(True, index=lines.index), lambda _: f"Not in {other.name}: add it "
         "there, or correct it here"),
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
