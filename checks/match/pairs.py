"""Pairing a value on one side only with the value the other side holds for it.

A value missing on one side is often on the other, written differently: a 15- and an
18-character Salesforce ID, a number a spreadsheet rewrote (`285.0` for `285`), or a
near miss (`000286` for `286`). Each pairer takes the candidates of both sides (values
indexed by their code, see `checks.match.sides`) and pairs them with `pd.merge` on a key
from `checks.match.keys`, so no pair is ever looked for value by value.

Every pairer returns its pairs (`PAIR_COLUMNS` plus `left_code` / `right_code`, the rows
of `values` they pair) and the codes it classified.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from checks.i18n import N_, _
from checks.match.classes import MatchClass
from checks.match.keys import (
    DIGITS,
    damaged_digits,
    damaged_key,
    differences,
    looks_damaged,
    near_key,
    rounded_key,
    without_leading_zeros,
    without_spaces,
)
from checks.match.salesforce import ID15_PATTERN, ID18_PATTERN, has_valid_suffix

SALESFORCE_DIFFERENCE = N_("15/18-character Salesforce ID")
DAMAGE_DIFFERENCE = N_("looks converted to a number")

Pairer = Callable[[pd.Series, pd.Series], tuple[pd.DataFrame, np.ndarray]]


def _pairs_frame(left: pd.Series, right: pd.Series, cls: MatchClass,
                 difference: pd.Series | str) -> pd.DataFrame:
    """Pairs from two aligned Series of values indexed by their code."""
    return pd.DataFrame({
        "left_value": pd.Series(left.to_numpy(), dtype="str"),
        "right_value": pd.Series(right.to_numpy(), dtype="str"),
        "class": cls.value,
        "difference": pd.Series(difference, index=range(len(left)), dtype="str"),
        "left_code": left.index.to_numpy("int64"),
        "right_code": right.index.to_numpy("int64"),
    })


def _no_pairs(cls: MatchClass) -> pd.DataFrame:
    nothing = pd.Series([], dtype="str")
    return _pairs_frame(nothing, nothing, cls, "")


def _codes_of(pairs: pd.DataFrame, *more: pd.Series) -> np.ndarray:
    parts = [pairs["left_code"].to_numpy(), pairs["right_code"].to_numpy()]
    return np.concatenate(parts + [extra.index.to_numpy("int64") for extra in more])


def _keyed(values: pd.Series, key: pd.Series, name: str) -> pd.DataFrame:
    """Values with their code and a merge key, for pairing by `pd.merge`."""
    return pd.DataFrame({name: values.to_numpy(), f"{name}_code": values.index.to_numpy(),
                         "key": key.to_numpy()})


def _by_code(merged: pd.DataFrame, name: str) -> pd.Series:
    return pd.Series(merged[name].to_numpy(), index=merged[f"{name}_code"].to_numpy("int64"),
                     dtype="str")


def salesforce_pairs(left: pd.Series, right: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """15-character IDs on one side whose 18-character form is on the other."""
    if left.empty or right.empty:
        return _no_pairs(MatchClass.SALESFORCE_ID_LENGTH), np.array([], dtype="int64")
    found = []
    for short, long, short_is_left in ((left, right, True), (right, left, False)):
        ids15 = short[short.str.fullmatch(ID15_PATTERN)]
        ids18 = long[long.str.fullmatch(ID18_PATTERN)]
        ids18 = ids18[has_valid_suffix(ids18)]
        merged = pd.merge(_keyed(ids15, ids15, "short"),
                          _keyed(ids18, ids18.str.slice(0, 15), "long"), on="key")
        short_values = _by_code(merged, "short")
        long_values = _by_code(merged, "long")
        pair = (short_values, long_values) if short_is_left else (long_values, short_values)
        found.append(_pairs_frame(*pair, MatchClass.SALESFORCE_ID_LENGTH,
                                  _(SALESFORCE_DIFFERENCE)))
    pairs = pd.concat(found, ignore_index=True)
    return pairs, _codes_of(pairs)


def damage_pairs(left: pd.Series, right: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """Every damaged value is classified; those whose original whole number is on the
    other side (as digits, leading zeros or not) are paired with it."""
    left_damaged, right_damaged = looks_damaged(left), looks_damaged(right)
    pairs = pd.concat([
        _damaged_with_originals(left[left_damaged], right[~right_damaged], damaged_left=True),
        _damaged_with_originals(right[right_damaged], left[~left_damaged], damaged_left=False),
    ], ignore_index=True)
    return pairs, _codes_of(pairs, left[left_damaged], right[right_damaged])


def _damaged_with_originals(damaged: pd.Series, others: pd.Series, *,
                            damaged_left: bool) -> pd.DataFrame:
    if damaged.empty or others.empty:
        return _no_pairs(MatchClass.NUMERIC_DAMAGE)
    parts = damaged_digits(damaged)
    whole = parts["n"].notna()
    damaged_keys = _keyed(damaged[whole], damaged_key(parts[whole]), "damaged").assign(
        known=parts.loc[whole, "known"].str.len().to_numpy(),
        n=parts.loc[whole, "n"].to_numpy())
    others = others[without_spaces(others).str.fullmatch(DIGITS)]
    digits = without_leading_zeros(without_spaces(others))
    found = [pd.DataFrame(columns=["damaged", "damaged_code", "original", "original_code"])]
    for known, group in damaged_keys.groupby("known"):
        # a rounded-up 99960 (1.00E+05) has one digit fewer than the damaged value says
        wanted = digits.str.len().isin(group["n"]) | digits.str.len().isin(group["n"] - 1)
        keys = _keyed(others[wanted], rounded_key(digits[wanted], int(known)), "original")
        found.append(pd.merge(group, keys, on="key"))
    merged = pd.concat(found, ignore_index=True)
    damaged_values, originals = _by_code(merged, "damaged"), _by_code(merged, "original")
    pair = (damaged_values, originals) if damaged_left else (originals, damaged_values)
    return _pairs_frame(*pair, MatchClass.NUMERIC_DAMAGE, _(DAMAGE_DIFFERENCE))


def near_miss_pairs(left: pd.Series, right: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """One-side-only values that become equal without spaces, case and leading zeros."""
    if left.empty or right.empty:
        return _no_pairs(MatchClass.NEAR_MISS), np.array([], dtype="int64")
    merged = pd.merge(_keyed(left, near_key(left), "left"),
                      _keyed(right, near_key(right), "right"), on="key")
    merged = merged[merged["key"].ne("")]
    left_values, right_values = _by_code(merged, "left"), _by_code(merged, "right")
    pairs = _pairs_frame(left_values, right_values, MatchClass.NEAR_MISS,
                         differences(left_values, right_values).to_numpy())
    return pairs, _codes_of(pairs)
