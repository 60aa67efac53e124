"""Which pair of columns is most likely the shared identifier of two exports.

A person matching a billing export with a Salesforce export often does not know
which column holds the identifier on each side. A shared identifier is filled on
nearly every line, unique, and shares many values with a column of the other file;
names share values too, but hold spaces and are not called "…Id". The score is the
product of those signs, so a column that fails one of them ranks low.

Overlap is measured on a key that ignores what a near miss ignores (spaces, case,
leading zeros) and reads an 18-character Salesforce ID as its 15-character form, so a
badly written identifier column is still recognised as the identifier.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.match.keys import WHITESPACE, near_key, without_spaces
from checks.model.table import Table
from checks.text.vectorised import as_text

SUGGESTION_COLUMNS = ("left_column", "right_column", "left_fill", "left_unique",
                      "right_fill", "right_unique", "overlap", "score")
#: A column below either is not an identifier, whatever its overlap.
MIN_FILL, MIN_UNIQUENESS = 0.2, 0.5
#: Overlap is estimated on at most this many distinct values of the smaller column.
SAMPLE_SIZE = 20_000
_ID_WORD = re.compile(r"(?:^|[\W_])(?:ids?|identifier|code|number|no|num|ref|reference|key)"
                      r"(?:$|[\W_])", re.IGNORECASE)
_ID_SUFFIX = re.compile(r"[a-z0-9](?:Id|ID)$")  # accountId, NetSuiteID
_CODE18 = r"[0-9A-Za-z]{18}"
_NOT_ID_LIKE = 0.8  # header does not say "id", "code", "number", "reference"…


@dataclass(frozen=True)
class ColumnScore:
    """How much one column looks like the shared identifier: its best pair's score."""

    side: str
    column: str
    fill_rate: float
    uniqueness: float
    overlap: float
    score: float


@dataclass(frozen=True)
class _Profile:
    column: str
    fill_rate: float
    uniqueness: float
    id_like: float
    keys: pa.Array | None  # distinct suggestion keys; None when not a candidate


def suggest_columns(left: Table, right: Table) -> tuple[pd.DataFrame, tuple[str, str] | None]:
    """Candidate column pairs, best first (`SUGGESTION_COLUMNS`), and the best pair.

    Only pairs that share at least one value are listed; the best pair is None when
    there is none.
    """
    frame = _pair_frame(_profiles(left), _profiles(right))
    best = None if frame.empty else (frame["left_column"].iloc[0],
                                     frame["right_column"].iloc[0])
    return frame, best


def column_scores(left: Table, right: Table) -> tuple[ColumnScore, ...]:
    """Every column of both tables with its fill rate, uniqueness, and its best pair's
    overlap and score (0 for a column in no candidate pair)."""
    profiles = {"left": _profiles(left), "right": _profiles(right)}
    frame = _pair_frame(profiles["left"], profiles["right"])
    scores = []
    for side, side_profiles in profiles.items():
        for profile in side_profiles:
            mine = frame[frame[f"{side}_column"] == profile.column]
            overlap, score = ((0.0, 0.0) if mine.empty else
                              (float(mine["overlap"].max()), float(mine["score"].max())))
            scores.append(ColumnScore(side, profile.column, profile.fill_rate,
                                      profile.uniqueness, overlap, score))
    return tuple(scores)


def _profiles(table: Table) -> list[_Profile]:
    """One profile per header (the first of duplicate headers, as matching uses)."""
    profiles = []
    for position, header in enumerate(table.headers):
        if header in table.headers[:position]:
            continue
        profiles.append(_profile(header, as_text(table.column(position))))
    return profiles


def _profile(header: str, values: pd.Series) -> _Profile:
    filled = values[without_spaces(values).ne("")]
    fill = len(filled) / len(values) if len(values) else 0.0
    distinct = pd.Series(filled.unique(), dtype="str")
    uniqueness = len(distinct) / len(filled) if len(filled) else 0.0
    spaced = distinct.str.strip().str.contains(WHITESPACE).mean() if len(distinct) else 0.0
    named_like_id = _ID_WORD.search(header) or _ID_SUFFIX.search(header)
    id_like = (1.0 if named_like_id else _NOT_ID_LIKE) * (1 - 0.5 * spaced)
    candidate = fill >= MIN_FILL and uniqueness >= MIN_UNIQUENESS
    keys = pa.array(_suggestion_keys(distinct).unique(), type=pa.large_string()) \
        if candidate else None
    return _Profile(header, fill, uniqueness, float(id_like), keys)


def _suggestion_keys(values: pd.Series) -> pd.Series:
    """`near_key`, with 18-letter-or-digit codes read as their first 15 (the 15-character
    form of a Salesforce ID). Rough on purpose: both sides are read the same way, and a
    suggestion only needs to see that two columns share values."""
    compact = without_spaces(values)
    id18 = compact.str.fullmatch(_CODE18)
    return near_key(compact.where(~id18, compact.str.slice(0, 15)))


def _overlap(left: pa.Array, right: pa.Array) -> float:
    """Share of the smaller column's distinct keys found in the other (on a sample).

    pyarrow's `is_in` rather than pandas' `isin`, which builds a Python object per
    value of the larger column.
    """
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    if len(small) == 0:
        return 0.0
    step = max(1, len(small) // SAMPLE_SIZE)
    found = pc.is_in(small[::step], value_set=large)
    return pc.sum(found).as_py() / len(found)


def _pair_frame(lefts: list[_Profile], rights: list[_Profile]) -> pd.DataFrame:
    rows = []
    for left in lefts:
        for right in rights:
            if left.keys is None or right.keys is None:
                continue
            overlap = _overlap(left.keys, right.keys)
            if overlap == 0:
                continue
            score = (overlap * math.sqrt(left.fill_rate * right.fill_rate)
                     * math.sqrt(left.uniqueness * right.uniqueness)
                     * left.id_like * right.id_like)
            rows.append((left.column, right.column, left.fill_rate, left.uniqueness,
                         right.fill_rate, right.uniqueness, overlap, score))
    frame = pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS))
    frame = frame.astype({"left_column": "str", "right_column": "str"})
    return frame.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
