"""Matching two exports on a shared identifier (RULES.md, "Identifier matching").

Upflow links a billing customer to a Salesforce account when one identifier column
holds the same text on both sides, once per side. `match_identifiers` says, for every
identifier value, whether that will work and, when not, why and what to change:

- `matched`: exactly once on each side, the same text;
- `empty`: a line without an identifier (counted in lines, not values);
- `ambiguous`: more than once on a side (whatever the other side holds);
- and for a value on one side only, the first that applies of
  `salesforce_id_length` (a 15-character ID and its 18-character form),
  `numeric_damage` (`285.0`, `2.85E+02`: a number field or spreadsheet rewrote it,
  paired with the original on the other side when there is one),
  `near_miss` (equal once spaces, case and leading zeros are ignored), and
  `missing_left` (on the right only: missing on the left side) or `missing_right`
  (on the left only).

Comparison is on the raw text, as Upflow compares: `"285 "` does not match `"285"`.
Near misses, Salesforce forms and damaged numbers are only looked for among values on
one side only, so a value already matched is never re-paired. Everything is computed
on whole columns (one factorisation of both sides into integer codes, merges on keys,
vectorised regexes in pyarrow), so a million identifiers per side take seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

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
from checks.match.salesforce import (
    ID15_PATTERN,
    ID18_PATTERN,
    has_valid_suffix,
    is_salesforce_id,
    salesforce_id_18,
)
from checks.match.suggest import ColumnScore, column_scores, suggest_columns
from checks.model.errors import UsageError
from checks.model.table import Table
from checks.text.vectorised import as_text

__all__ = ["ADVICE", "LINE_COLUMNS", "MATCH_CLASSES", "PAIRED", "PAIR_COLUMNS",
           "VALUE_COLUMNS", "ColumnScore", "MatchClass", "MatchResult", "column_scores",
           "is_salesforce_id", "match_identifiers", "salesforce_id_18", "suggest_columns"]


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
VALUE_COLUMNS = ("value", "class", "left_count", "right_count", "left_rows", "right_rows",
                 "counterpart", "difference")
PAIR_COLUMNS = ("left_value", "right_value", "class", "difference")
LINE_COLUMNS = ("side", "row", "value", "class", "advice")
SALESFORCE_DIFFERENCE = "15/18-character Salesforce ID"
DAMAGE_DIFFERENCE = "looks converted to a number"
#: Row lists longer than this end with "…": the lines frame has every row.
MAX_ROWS_SHOWN = 20


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


@dataclass(frozen=True)
class _Side:
    """One side's identifier column. `codes` numbers each line's value the same way on
    both sides (the row of `values` it belongs to), -1 for an empty line."""

    key: str  # "left" or "right"
    name: str
    values: pd.Series  # text, index = spreadsheet row numbers
    codes: np.ndarray

    @property
    def rows(self) -> np.ndarray:
        return self.values.index.to_numpy("int64")


def match_identifiers(left: Table, left_column: str, right: Table, right_column: str,
                      *, left_name: str = "left", right_name: str = "right") -> MatchResult:
    """Classify every identifier of `left_column` and `right_column` (RULES.md).

    Raises UsageError when a column is not among the table's headers.
    """
    values, sides = _distinct_values(_column(left, left_column, left_name),
                                     _column(right, right_column, right_name),
                                     (left_name, right_name))
    classes = _initial_classes(values)
    pairs = _classify(values, classes)
    values["class"] = _class_names(classes)
    _add_counterparts(values, pairs)
    for side in sides:
        values[f"{side.key}_rows"] = _rows_text(side, len(values))
    lines = pd.concat([_lines(values, classes, side, other)
                       for side, other in (sides, sides[::-1])], ignore_index=True)
    order = np.argsort(classes, kind="stable")
    values = values.iloc[order].reset_index(drop=True)[list(VALUE_COLUMNS)]
    return MatchResult(left_name=left_name, right_name=right_name, left_column=left_column,
                       right_column=right_column, values=values,
                       pairs=pairs[list(PAIR_COLUMNS)].reset_index(drop=True),
                       lines=lines, summary=_summary(values, pairs, lines))


def _column(table: Table, column: str, name: str) -> pd.Series:
    """The column's cells as text, by header text (the first of duplicate headers)."""
    if column not in table.headers:
        shown = ", ".join(repr(h) for h in table.headers[:12])
        more = f" and {len(table.headers) - 12} more" if len(table.headers) > 12 else ""
        found = f"its columns are {shown}{more}" if table.headers else "it has no columns"
        raise UsageError(f"{name} has no column {column!r}: {found}")
    return as_text(table.column(table.headers.index(column)))


def _distinct_values(left: pd.Series, right: pd.Series,
                     names: tuple[str, str]) -> tuple[pd.DataFrame, tuple[_Side, _Side]]:
    """Distinct non-empty values (left's in file order, then right's own) with their
    count per side, and each side's lines coded by them.

    One factorisation of both columns turns every later step into integer work.
    """
    filled = [without_spaces(column).ne("").to_numpy(bool) for column in (left, right)]
    both = pd.concat([left[filled[0]], right[filled[1]]], ignore_index=True)
    codes, uniques = pd.factorize(both)
    split = int(filled[0].sum())
    sides = []
    for key, name, column, mask, own in zip(("left", "right"), names, (left, right), filled,
                                            (codes[:split], codes[split:]), strict=True):
        line_codes = np.full(len(column), -1, dtype="int64")
        line_codes[mask] = own
        sides.append(_Side(key, name, column, line_codes))
    values = pd.DataFrame({"value": pd.Series(uniques, dtype="str")})
    for side in sides:
        used = side.codes[side.codes >= 0]
        values[f"{side.key}_count"] = np.bincount(used, minlength=len(values)).astype("int64")
    return values, (sides[0], sides[1])


_CLASS_INDEX = {cls: i for i, cls in enumerate(MATCH_CLASSES)}


def _initial_classes(values: pd.DataFrame) -> np.ndarray:
    """Class indexes (into MATCH_CLASSES) from the counts alone."""
    left, right = values["left_count"].to_numpy(), values["right_count"].to_numpy()
    classes = np.where(right > 0, _CLASS_INDEX[MatchClass.MISSING_LEFT],
                       _CLASS_INDEX[MatchClass.MISSING_RIGHT]).astype("int8")
    classes[(left == 1) & (right == 1)] = _CLASS_INDEX[MatchClass.MATCHED]
    classes[(left > 1) | (right > 1)] = _CLASS_INDEX[MatchClass.AMBIGUOUS]
    return classes


def _class_names(classes: np.ndarray) -> pd.Series:
    names = np.array([cls.value for cls in MATCH_CLASSES], dtype=object)
    return pd.Series(names[classes], dtype="str")


def _classify(values: pd.DataFrame, classes: np.ndarray) -> pd.DataFrame:
    """Refine the one-side-only values in place; return the pairs found.

    Pairs carry `left_code` / `right_code`, the rows of `values` they pair.
    """
    missing = [_CLASS_INDEX[MatchClass.MISSING_LEFT], _CLASS_INDEX[MatchClass.MISSING_RIGHT]]
    found = []
    for cls, pairer in _PAIRERS:
        pending = np.isin(classes, missing)
        left = values["value"][pending & values["left_count"].eq(1).to_numpy()]
        right = values["value"][pending & values["right_count"].eq(1).to_numpy()]
        pairs, classified = pairer(left, right)
        classes[classified] = _CLASS_INDEX[cls]
        found.append(pairs)
    return pd.concat(found, ignore_index=True)


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


def _salesforce_pairs(left: pd.Series, right: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
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
                                  SALESFORCE_DIFFERENCE))
    pairs = pd.concat(found, ignore_index=True)
    return pairs, _codes_of(pairs)


def _keyed(values: pd.Series, key: pd.Series, name: str) -> pd.DataFrame:
    """Values with their code and a merge key, for pairing by `pd.merge`."""
    return pd.DataFrame({name: values.to_numpy(), f"{name}_code": values.index.to_numpy(),
                         "key": key.to_numpy()})


def _by_code(merged: pd.DataFrame, name: str) -> pd.Series:
    return pd.Series(merged[name].to_numpy(), index=merged[f"{name}_code"].to_numpy("int64"),
                     dtype="str")


def _damage_pairs(left: pd.Series, right: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
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
    return _pairs_frame(*pair, MatchClass.NUMERIC_DAMAGE, DAMAGE_DIFFERENCE)


def _near_miss_pairs(left: pd.Series, right: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
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


_Pairer = Callable[[pd.Series, pd.Series], tuple[pd.DataFrame, np.ndarray]]
#: In order: a value one pairer classifies is no longer offered to the next.
_PAIRERS: tuple[tuple[MatchClass, _Pairer], ...] = (
    (MatchClass.SALESFORCE_ID_LENGTH, _salesforce_pairs),
    (MatchClass.NUMERIC_DAMAGE, _damage_pairs),
    (MatchClass.NEAR_MISS, _near_miss_pairs),
)


def _add_counterparts(values: pd.DataFrame, pairs: pd.DataFrame) -> None:
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
    values.loc[unpaired, "difference"] = DAMAGE_DIFFERENCE


def _rows_text(side: _Side, size: int) -> pd.Series:
    """Per value, the rows it is on, as the spreadsheet numbers them ("" when none).

    Values on one line (nearly all) are written without grouping; only duplicates go
    through a join, of their first `MAX_ROWS_SHOWN` rows.
    """
    filled = side.codes >= 0
    codes, rows = side.codes[filled], side.rows[filled].astype(str)
    counts = np.bincount(codes, minlength=size)
    text = np.full(size, "", dtype=object)
    single = counts[codes] == 1
    text[codes[single]] = rows[single]
    several = pd.DataFrame({"code": codes[~single], "row": rows[~single]})
    several = several[several.groupby("code").cumcount().lt(MAX_ROWS_SHOWN).to_numpy()]
    joined = several.groupby("code")["row"].agg(", ".join)
    more = np.where(counts[joined.index] > MAX_ROWS_SHOWN, ", …", "")
    text[joined.index.to_numpy("int64")] = (joined.to_numpy(object) + more).astype(object)
    return pd.Series(text, dtype="str")


def _lines(values: pd.DataFrame, classes: np.ndarray, side: _Side,
           other: _Side) -> pd.DataFrame:
    """Every line of `side` that will not match, in row order, with what to do."""
    line_classes = _pick(classes, side.codes, _CLASS_INDEX[MatchClass.EMPTY])
    keep = line_classes != _CLASS_INDEX[MatchClass.MATCHED]
    codes = side.codes[keep]
    lines = pd.DataFrame({
        "side": pd.Series(side.key, index=range(len(codes)), dtype="str"),
        "row": side.rows[keep],
        "value": pd.Series(side.values.to_numpy()[keep], dtype="str"),
        "class": _class_names(line_classes[keep]),
    })
    for column, fill in (("left_count", 0), ("right_count", 0), ("counterpart", None),
                         ("difference", None)):
        picked = _pick(values[column].to_numpy(object), codes, fill)
        lines[column] = pd.Series(picked, dtype="int64" if fill == 0 else "str")
    lines["advice"] = _line_advice(lines, side, other)
    return lines[list(LINE_COLUMNS)]


def _pick(array: np.ndarray, codes: np.ndarray, fill: object) -> np.ndarray:
    """`array[codes]`, with `fill` where the code is -1 (an empty line)."""
    return np.append(array, np.array([fill], dtype=array.dtype))[codes]


def _line_advice(lines: pd.DataFrame, side: _Side, other: _Side) -> pd.Series:
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


def _summary(values: pd.DataFrame, pairs: pd.DataFrame, lines: pd.DataFrame) -> dict[str, int]:
    """Counts per RULES.md: distinct values; `empty` in lines; a pair counts once, and a
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
