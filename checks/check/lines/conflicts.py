"""Lines of the same customer that disagree on a detail: `customer_conflict`.

Which lines are "the same customer" follows Upflow: lines with the same customer ID;
and, since Upflow identifies a customer by its name when a line has no ID (RULES.md,
"Customers without an ID"), lines without an ID that share a name. The two kinds of
key never mix: a line with an ID is that ID's customer, even when a line without an
ID has the same name (RULES.md groups by name only the lines that have no ID).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.arrays import ArrowStringArray

from checks.check.cells.spaces import TEXT, to_bool
from checks.check.implements import Implements
from checks.check.lines.base import (
    EMPTY,
    FrameTest,
    LineCheck,
    arrow,
    mask,
    repeated_keys,
    same_group,
)
from checks.check.memo import arrow_data, remember
from checks.i18n import N_, _
from checks.model.columns import CUSTOMER_DETAIL_COLUMNS
from checks.text.templates import fill_texts
from checks.text.vectorised import as_text, clean_spaces, distinct, take_rows

#: The rule this module implements: a relation between lines, reported besides any
#: problem of the value itself, so it has no priority.
IMPLEMENTS = (Implements("customer_conflict"),)

#: pandas' text dtype ("str"), for the keys built in Arrow.
_STR = pd.Series(dtype="str").dtype

#: The column that names a customer when its line has no ID.
NAME = "Customer name"

#: Said after a name-keyed customer, so the user sees why the lines were compared.
BY_NAME = N_("'{name}' (no customer ID: Upflow goes by the name)")


def conflict_checks(id_column: str | None, present: set[str]) -> list[LineCheck]:
    """Lines of the same customer must agree on its details; a repeated line may leave a
    detail empty (contact files repeat only the ID and the name). Without an ID column
    every line is known by its name, and lines of one name cannot disagree on it."""
    by_name = NAME in present
    if id_column is None and not by_name:
        return []
    keys = CustomerKeys(id_column, by_name)
    checks = []
    for name in CUSTOMER_DETAIL_COLUMNS:
        if name not in present or name == id_column or (name == NAME and id_column is None):
            continue
        checks.append(LineCheck("customer_conflict", name, _agrees_with_first(keys, name),
                                keys.explain, keys.columns, depends=(*keys.columns, name),
                                scope=same_group(keys.keys, keys.columns)))
    return checks


class CustomerKeys:
    """Which customer each line is: its ID, or its name when it has no ID."""

    def __init__(self, id_column: str | None, by_name: bool) -> None:
        self.id_column = id_column
        self.by_name = by_name

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns that say which customer a line is."""
        return tuple(c for c in (self.id_column, NAME if self.by_name else None) if c)

    def codes(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """(code of each line's customer, -1 for a line with neither ID nor name;
        whether that customer has more than one line). Remembered: every detail
        column's check asks."""
        if self.id_column is None:
            names = clean_spaces(frame[NAME])
            return _without_empty(*repeated_keys(names), _empty(names))
        ids = clean_spaces(frame[self.id_column])
        if not self.by_name:
            return _without_empty(*repeated_keys(ids), _empty(ids))
        names = frame[NAME]
        # The names' array is part of the key and kept alive with the result, so its
        # identity cannot be taken by another array while the memo holds it.
        what = ("customer_codes", id(arrow_data(names)))
        return remember(what, ids, lambda: (*self._by_id_then_name(ids, names), names))[:2]

    def _by_id_then_name(self, ids: pd.Series, names: pd.Series
                         ) -> tuple[np.ndarray, np.ndarray]:
        """ID codes for lines with an ID; for the others, codes of their name after
        every ID code, so an ID and a name never share one. Only the lines without an
        ID have their names cleaned and counted (a customer file has few or none)."""
        id_codes, _repeated = repeated_keys(ids)
        no_id = _empty(ids)
        codes = np.where(no_id, -1, id_codes)
        rows = np.flatnonzero(no_id)
        if rows.size:
            named = clean_spaces(as_text(take_rows(names, rows)))
            name_codes, _uniques = distinct(named.reset_index(drop=True))
            given = named.to_numpy(dtype=object) != ""
            codes[rows[given]] = id_codes.max(initial=-1) + 1 + name_codes[given]
        counts = np.bincount(codes[codes >= 0], minlength=codes.max(initial=-1) + 2)
        return codes, (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)

    def keys(self, frame: pd.DataFrame) -> pd.Series:
        """Per line, which customer it is as text ("id:C1", "name:Acme"; NA for a line
        with neither): the groups of `codes`, for `same_group`. Remembered."""
        if self.id_column is None:
            return _given(clean_spaces(frame[NAME]))
        ids = frame[self.id_column]
        if not self.by_name:
            return _given(clean_spaces(ids))
        names = frame[NAME]
        if arrow_data(names) is None:
            return self._keys(ids, names)
        what = ("customer_keys", id(arrow_data(names)))
        return remember(what, ids, lambda: (self._keys(ids, names), names))[0]

    @staticmethod
    def _keys(ids: pd.Series, names: pd.Series) -> pd.Series:
        """In Arrow: pandas' text operations cost a good part of a millisecond each,
        even on the one line of an edit."""
        by_id = _prefixed("id:", arrow(clean_spaces(ids)))
        keys = pc.coalesce(by_id, _prefixed("name:", arrow(clean_spaces(names))))
        return pd.Series(ArrowStringArray(keys, dtype=_STR), index=ids.index)

    def explain(self, frame: pd.DataFrame) -> pd.Series:
        """The `{detail}` naming a line's customer: its ID quoted ("'C1'"), or its name
        quoted and why ("'Acme' (no customer ID: Upflow goes by the name)")."""
        if self.id_column is None:
            return fill_texts(_(BY_NAME), name=clean_spaces(as_text(frame[NAME])))
        ids = clean_spaces(as_text(frame[self.id_column]))
        by_id = fill_texts(_("'{value}'"), value=ids)
        if not self.by_name:
            return by_id
        by_name = fill_texts(_(BY_NAME), name=clean_spaces(as_text(frame[NAME])))
        return by_id.where(ids != "", by_name)


def _without_empty(codes: np.ndarray, repeated: np.ndarray, empty: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Lines with an empty key belong to no customer."""
    return np.where(empty, -1, codes), repeated & ~empty


def _agrees_with_first(keys: CustomerKeys, column: str) -> FrameTest:
    """Each line whose customer and value are both given has the value of the first
    such line of its customer. Only lines of a customer with several lines can
    disagree, so the comparison (and the cleaning of the values) runs on those alone."""

    def passes(frame: pd.DataFrame) -> pd.Series:
        codes, repeated = keys.codes(frame)
        agrees = np.ones(len(frame), dtype=bool)
        candidates = np.flatnonzero(repeated)
        if not candidates.size:
            return mask(agrees, frame)
        values = arrow(clean_spaces(as_text(take_rows(frame[column], candidates))))
        given = ~to_bool(pc.equal(values, EMPTY))
        rows, values = candidates[given], values.filter(pa.array(given))
        if rows.size:
            _keys, first_at, which = np.unique(codes[rows], return_index=True,
                                               return_inverse=True)
            same = pc.equal(values, values.take(pa.array(first_at[which])))
            agrees[rows] = to_bool(same)
        return mask(agrees, frame)
    return passes


def _given(keys: pd.Series) -> pd.Series:
    """The keys, NA where empty (an empty key is no customer)."""
    given = pc.if_else(pc.equal(arrow(keys), EMPTY), pa.scalar(None, TEXT), arrow(keys))
    return pd.Series(ArrowStringArray(given, dtype=_STR), index=keys.index)


def _prefixed(prefix: str, keys: pa.ChunkedArray) -> pa.ChunkedArray:
    """`prefix` + each key, null where the key is empty."""
    joined = pc.binary_join_element_wise(pa.scalar(prefix, TEXT), keys, pa.scalar("", TEXT))
    return pc.if_else(pc.equal(keys, EMPTY), pa.scalar(None, TEXT), joined)


def _empty(values: pd.Series) -> np.ndarray:
    """Per cell, whether it is "" (remembered: every conflict rule asks about the IDs)."""
    return remember("empty", values, lambda: to_bool(pc.equal(arrow(values), EMPTY)))
