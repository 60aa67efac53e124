"""Which class each distinct identifier value falls in, and its other half when paired.

The counts alone decide `matched`, `ambiguous` and the two `missing_*` classes. Only
values on one side only (once there) are then offered to the pairers, in the order of
`PAIRERS`: a value already matched is never re-paired, and a value one pairer
classifies is no longer offered to the next.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.i18n import _
from checks.match.classes import CLASS_INDEX, MatchClass
from checks.match.pairs import (
    DAMAGE_DIFFERENCE,
    Pairer,
    damage_pairs,
    near_miss_pairs,
    salesforce_pairs,
)

#: In order: a value one pairer classifies is no longer offered to the next.
PAIRERS: tuple[tuple[MatchClass, Pairer], ...] = (
    (MatchClass.SALESFORCE_ID_LENGTH, salesforce_pairs),
    (MatchClass.NUMERIC_DAMAGE, damage_pairs),
    (MatchClass.NEAR_MISS, near_miss_pairs),
)


def initial_classes(values: pd.DataFrame) -> np.ndarray:
    """Class indexes (into MATCH_CLASSES) from the counts alone."""
    left, right = values["left_count"].to_numpy(), values["right_count"].to_numpy()
    classes = np.where(right > 0, CLASS_INDEX[MatchClass.MISSING_LEFT],
                       CLASS_INDEX[MatchClass.MISSING_RIGHT]).astype("int8")
    classes[(left == 1) & (right == 1)] = CLASS_INDEX[MatchClass.MATCHED]
    classes[(left > 1) | (right > 1)] = CLASS_INDEX[MatchClass.AMBIGUOUS]
    return classes


def classify(values: pd.DataFrame, classes: np.ndarray) -> pd.DataFrame:
    """Refine the one-side-only values in place; return the pairs found.

    Pairs carry `left_code` / `right_code`, the rows of `values` they pair.
    """
    missing = [CLASS_INDEX[MatchClass.MISSING_LEFT], CLASS_INDEX[MatchClass.MISSING_RIGHT]]
    found = []
    for cls, pairer in PAIRERS:
        pending = np.isin(classes, missing)
        left = values["value"][pending & values["left_count"].eq(1).to_numpy()]
        right = values["value"][pending & values["right_count"].eq(1).to_numpy()]
        pairs, classified = pairer(left, right)
        classes[classified] = CLASS_INDEX[cls]
        found.append(pairs)
    return pd.concat(found, ignore_index=True)


def add_counterparts(values: pd.DataFrame, pairs: pd.DataFrame) -> None:
    """Each paired value's other half (the first, when it has several) and what differs;
    unpaired damaged values get the difference alone."""
    counterpart = np.full(len(values), None, dtype=object)
    difference = np.full(len(values), None, dtype=object)
    for own, other in (("left", "right"), ("right", "left")):
        halves = pairs.drop_duplicates(f"{own}_code")
        codes = halves[f"{own}_code"].to_numpy("int64")
        counterpart[codes] = halves[f"{other}_value"].to_numpy()
        difference[codes] = halves["difference"].to_numpy()
    values["counterpart"] = pd.Series(counterpart, dtype="str")
    values["difference"] = pd.Series(difference, dtype="str")
    unpaired = values["class"].eq(MatchClass.NUMERIC_DAMAGE) & values["difference"].isna()
    values.loc[unpaired, "difference"] = _(DAMAGE_DIFFERENCE)
