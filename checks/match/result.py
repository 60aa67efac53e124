"""What `match_identifiers` returns: the shape of its frames and how it counts.

The command line's JSON, the page and the downloads all read these frames, so their
columns and the meaning of each count are fixed here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from checks.match.advice import ADVICE
from checks.match.classes import MATCH_CLASSES, PAIRED, MatchClass

VALUE_COLUMNS = ("value", "class", "left_count", "right_count", "left_rows", "right_rows",
                 "counterpart", "difference")
PAIR_COLUMNS = ("left_value", "right_value", "class", "difference")
LINE_COLUMNS = ("side", "row", "value", "class", "advice")


@dataclass(frozen=True)
class MatchResult:
    """Every identifier value of both sides, classified, with the lines to fix.

    `values`: one row per distinct non-empty value (of either side), columns
    `VALUE_COLUMNS`; both values of a pair have a row, each naming the other as
    `counterpart`. `pairs`: one row per near miss, Salesforce ID pair or damaged value
    with its original. `lines`: one row per line that will not match. `summary`:
    class → count of distinct values, except `empty` (lines) and the paired classes
    (pairs, plus damaged values with no counterpart).
    """

    left_name: str
    right_name: str
    left_column: str
    right_column: str
    values: pd.DataFrame
    pairs: pd.DataFrame
    lines: pd.DataFrame
    summary: dict[str, int]

    @property
    def all_matched(self) -> bool:
        return all(count == 0 for cls, count in self.summary.items()
                   if cls != MatchClass.MATCHED)

    def advice(self, cls: MatchClass | str) -> str:
        """`ADVICE` for the class, filled with its count and the side names."""
        cls = MatchClass(cls)
        return ADVICE[cls].format(count=self.summary[cls], left=self.left_name,
                                  right=self.right_name)


def class_summary(values: pd.DataFrame, pairs: pd.DataFrame,
                  lines: pd.DataFrame) -> dict[str, int]:
    """Counts per README: distinct values; `empty` in lines; a pair counts once, and a
    damaged value with no original on the other side counts alone."""
    per_value = values["class"].value_counts()
    per_pair = pairs["class"].value_counts()
    unpaired_damage = values["class"].eq(MatchClass.NUMERIC_DAMAGE) & \
        values["counterpart"].isna()
    summary = {}
    for cls in MATCH_CLASSES:
        if cls is MatchClass.EMPTY:
            summary[cls.value] = int(lines["class"].eq(cls).sum())
        elif cls in PAIRED:
            summary[cls.value] = int(per_pair.get(cls.value, 0))
        else:
            summary[cls.value] = int(per_value.get(cls.value, 0))
    summary[MatchClass.NUMERIC_DAMAGE.value] += int(unpaired_damage.sum())
    return summary
