"""The classes an identifier value can fall in (README, "Identifier matching").

Their order is part of the output: `values` is sorted by it, the summary lists classes
in it, and the steps of `match_identifiers` carry a class as its position in
`MATCH_CLASSES` (an int8 per value) so that whole columns are classified with numpy.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd


class MatchClass(StrEnum):
    MATCHED = "matched"
    MISSING_LEFT = "missing_left"
    MISSING_RIGHT = "missing_right"
    EMPTY = "empty"
    AMBIGUOUS = "ambiguous"
    NEAR_MISS = "near_miss"
    SALESFORCE_ID_LENGTH = "salesforce_id_length"
    NUMERIC_DAMAGE = "numeric_damage"


MATCH_CLASSES: tuple[MatchClass, ...] = tuple(MatchClass)
#: Classes whose summary count is of pairs (a pair is one problem, not two).
PAIRED = (MatchClass.NEAR_MISS, MatchClass.SALESFORCE_ID_LENGTH, MatchClass.NUMERIC_DAMAGE)
#: A class's position in `MATCH_CLASSES`: what the integer steps store per value.
CLASS_INDEX: dict[MatchClass, int] = {cls: i for i, cls in enumerate(MATCH_CLASSES)}


def class_names(classes: np.ndarray) -> pd.Series:
    """Class positions back to their names, the text the output frames hold."""
    names = np.array([cls.value for cls in MATCH_CLASSES], dtype=object)
    return pd.Series(names[classes], dtype="str")
