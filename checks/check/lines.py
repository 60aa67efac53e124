"""Rules about lines and their relations: mandatory values and cross-row checks.

Each rule is a `LineCheck`: given the file as a frame of canonical columns (index =
row numbers), a boolean mask per line (True = no problem) attached to one column.
Everything is a vectorised mask (numpy over the codes of the customer keys,
`duplicated`, Arrow's `is_in`): no Python loop over lines, since `groupby` checks of
pandera would not name the rows.

The relation rules compare lines of the same customer, so they start from the codes
of the (space-cleaned) customer keys and whether each key is repeated, computed once
per check (`checks.check.memo`): in a customer file most keys occur once, and only lines
with a repeated key are compared at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import blank
from checks.check.cells.contacts import MAIN_CONTACT_YES
from checks.check.cells.spaces import TEXT, to_arrow, to_bool
from checks.check.memo import arrow_data, remember
from checks.definitions.document import Definitions
from checks.map.headers import ColumnMapping
from checks.model.columns import (
    COLUMNS_BY_NAME,
    CUSTOMER_DETAIL_COLUMNS,
    ID_COLUMNS,
    MANDATORY,
    Section,
)
from checks.text.vectorised import as_text, clean_spaces, distinct, per_unique, take_rows

FrameTest = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class LineCheck:
    """One line rule.

    passes:  frame → bool per line, True where the line has no such problem.
    explain: frame → a short text per line used as `{detail}` in the message. It
             must be element-wise (each line's detail from that line alone) and read
             only `reads`: the adapter asks it for the failing lines only, with those
             columns.
    """

    rule: str
    column: str  # the canonical column the finding points at
    passes: FrameTest
    explain: FrameTest | None = None
    reads: tuple[str, ...] = ()  # the columns `explain` reads


def line_checks(mapping: ColumnMapping, definitions: Definitions) -> list[LineCheck]:
    """Every line rule that applies to a file with this mapping."""
    present = set(mapping.targets)
    checks: list[LineCheck] = []
    checks += _required_checks(mapping)
    if {"Parent name", "Parent ID"} <= present:
        checks += _parent_pair_checks()
    id_column = mapping.id_column
    if "Parent ID" in present and id_column:
        checks += _parent_id_checks(id_column, definitions)
    elif "Parent ID" in present:
        checks += _parent_id_checks(None, definitions)
    if id_column:
        checks += _conflict_checks(id_column, present)
    customer_key = id_column or ("Customer name" if "Customer name" in present else None)
    if customer_key and "Contact email address" in present:
        checks.append(_duplicate_contact_check(customer_key))
    if customer_key and "Main contact" in present:
        checks.append(_main_contact_check(customer_key))
    return checks


def _filled(frame: pd.DataFrame, column: str) -> np.ndarray:
    return ~blank(frame[column]).to_numpy(dtype=bool)


def _mask(flags: np.ndarray, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(flags, index=frame.index)


def _section_lines(frame: pd.DataFrame, section: Section, mapping: ColumnMapping) -> np.ndarray:
    """Which lines belong to a section.

    In a file that holds one section (plus the customer's name), every line does. In a
    file mixing sections (Upflow's "All of the above"), a line belongs to a section
    when it has a value in one of that section's own columns: a customer line with no
    contact on it is not a contact line.
    """
    everyone = np.ones(len(frame), dtype=bool)
    others = mapping.sections - {section, Section.DETAILS}
    if section is Section.DETAILS or not others:
        return everyone
    own = [name for name, mapped in mapping.targets.items()
           if (c := COLUMNS_BY_NAME.get(name)) and c.section is section and c.marks_section]
    if not own:
        return everyone
    return np.logical_or.reduce([_filled(frame, name) for name in own])


def _required_checks(mapping: ColumnMapping) -> list[LineCheck]:
    checks: list[LineCheck] = []
    present = set(mapping.targets)
    for section in mapping.sections:
        if section is Section.GROUPS:
            continue  # both-or-neither: parent_incomplete's business
        for name in MANDATORY[section]:
            if name in ID_COLUMNS:
                ids = [c for c in ID_COLUMNS if c in present]
                if not ids:
                    continue
                target = name if name in present else ids[0]
                checks.append(LineCheck("required_missing", target,
                                        _any_filled_or_outside(ids, section, mapping)))
            elif name in present:
                checks.append(LineCheck("required_missing", name,
                                        _any_filled_or_outside([name], section, mapping)))
    return _unique(checks)


def _any_filled_or_outside(columns: list[str], section: Section,
                           mapping: ColumnMapping) -> FrameTest:
    def passes(frame: pd.DataFrame) -> pd.Series:
        filled = np.logical_or.reduce([_filled(frame, c) for c in columns])
        return _mask(filled | ~_section_lines(frame, section, mapping), frame)
    return passes


def _unique(checks: list[LineCheck]) -> list[LineCheck]:
    """Customer name is 🚩 in two sections: check it once, requiring it wherever any
    section asking for it applies."""
    merged: dict[tuple[str, str], list[LineCheck]] = {}
    for check in checks:
        merged.setdefault((check.rule, check.column), []).append(check)
    out = []
    for (rule, column), group in merged.items():
        if len(group) == 1:
            out.append(group[0])
        else:
            tests = [c.passes for c in group]
            out.append(LineCheck(rule, column, lambda frame, tests=tests: _mask(
                np.logical_and.reduce([test(frame).to_numpy(dtype=bool) for test in tests]),
                frame)))
    return out


def _parent_pair_checks() -> list[LineCheck]:
    def name_ok(frame: pd.DataFrame) -> pd.Series:
        return _mask(_filled(frame, "Parent name") | ~_filled(frame, "Parent ID"), frame)

    def id_ok(frame: pd.DataFrame) -> pd.Series:
        return _mask(_filled(frame, "Parent ID") | ~_filled(frame, "Parent name"), frame)

    return [LineCheck("parent_incomplete", "Parent name", name_ok),
            LineCheck("parent_incomplete", "Parent ID", id_ok)]


def _parent_id_checks(id_column: str | None, definitions: Definitions) -> list[LineCheck]:
    known = pa.array(sorted({customer.id for customer in definitions.customers}), TEXT)

    def not_self(frame: pd.DataFrame) -> pd.Series:
        ok = np.ones(len(frame), dtype=bool)
        if id_column is None:
            return _mask(ok, frame)
        rows, parent = _given_parents(frame)
        if rows.size:
            ids = _arrow(clean_spaces(as_text(take_rows(frame[id_column], rows))))
            ok[rows] = ~to_bool(pc.equal(parent, ids))
        return _mask(ok, frame)

    def exists(frame: pd.DataFrame) -> pd.Series:
        """A Parent ID is a customer ID of the file or a known customer. The file's
        IDs are looked up in the (few) distinct Parent IDs, rather than a hash table
        of a million IDs being built for them."""
        found = np.ones(len(frame), dtype=bool)
        rows, parent = _given_parents(frame)
        if rows.size:
            wanted = pc.unique(parent)
            ids = known
            if id_column is not None:
                _codes, uniques = distinct(clean_spaces(frame[id_column]))
                file_ids = _arrow(uniques)
                present = file_ids.filter(pc.is_in(file_ids, value_set=wanted))
                ids = pa.concat_arrays([known, *present.chunks])
            found[rows] = to_bool(pc.is_in(parent, value_set=ids))
        return _mask(found, frame)

    return [LineCheck("parent_self", "Parent ID", not_self),
            LineCheck("parent_unknown", "Parent ID", exists)]


def _given_parents(frame: pd.DataFrame) -> tuple[np.ndarray, pa.ChunkedArray]:
    """The lines with a Parent ID (not empty once its spaces are cleaned) and those
    cleaned Parent IDs: most lines have none, so only the others are cleaned."""

    def compute() -> tuple[np.ndarray, pa.ChunkedArray]:
        raw = as_text(frame["Parent ID"])
        written = np.flatnonzero(raw.str.len().to_numpy(dtype=np.int64) > 0)
        parent = _arrow(clean_spaces(take_rows(raw, written)))
        given = ~to_bool(pc.equal(parent, _EMPTY))
        return written[given], parent.filter(pa.array(given))

    return remember("given_parents", frame["Parent ID"], compute)


def _quoted_ids(id_column: str) -> FrameTest:
    def explain(frame: pd.DataFrame) -> pd.Series:
        return "'" + clean_spaces(as_text(frame[id_column])) + "'"
    return explain


def _conflict_checks(id_column: str, present: set[str]) -> list[LineCheck]:
    """Lines of the same customer must agree on its details; a repeated line may leave a
    detail empty (contact files repeat only the ID and the name)."""
    checks = []
    for name in CUSTOMER_DETAIL_COLUMNS:
        if name in present and name != id_column:
            checks.append(LineCheck("customer_conflict", name,
                                    _agrees_with_first(id_column, name),
                                    _quoted_ids(id_column), (id_column,)))
    return checks


def _agrees_with_first(id_column: str, column: str) -> FrameTest:
    """Each line whose ID and value are both given has the value of the first such
    line of its customer. Only lines whose ID occurs more than once can disagree, so
    the comparison (and the cleaning of the values) runs on those alone."""

    def passes(frame: pd.DataFrame) -> pd.Series:
        ids = clean_spaces(frame[id_column])
        codes, repeated = _repeated_keys(ids)
        agrees = np.ones(len(frame), dtype=bool)
        candidates = np.flatnonzero(repeated & ~_empty(ids))
        if not candidates.size:
            return _mask(agrees, frame)
        values = _arrow(clean_spaces(as_text(take_rows(frame[column], candidates))))
        given = ~to_bool(pc.equal(values, _EMPTY))
        rows, values = candidates[given], values.filter(pa.array(given))
        if rows.size:
            _keys, first_at, which = np.unique(codes[rows], return_index=True,
                                               return_inverse=True)
            same = pc.equal(values, values.take(pa.array(first_at[which])))
            agrees[rows] = to_bool(same)
        return _mask(agrees, frame)
    return passes


def _empty(values: pd.Series) -> np.ndarray:
    """Per cell, whether it is "" (remembered: every conflict rule asks about the IDs)."""
    return remember("empty", values, lambda: to_bool(pc.equal(_arrow(values), _EMPTY)))


def _customer_keys(frame: pd.DataFrame, key_column: str) -> pd.Series:
    return clean_spaces(frame[key_column])


def _repeated_keys(keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code of each line's key, whether that key is on more than one line),
    remembered per key column: every relation rule starts from it."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = distinct(keys)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        return codes, (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)

    return remember("repeated_keys", keys, compute)


def _duplicate_contact_check(key_column: str) -> LineCheck:
    """A contact email repeated for the same customer, after its first line. Only
    lines whose customer is on several lines can repeat one, so only their emails are
    cleaned and compared."""

    def passes(frame: pd.DataFrame) -> pd.Series:
        keys = _customer_keys(frame, key_column)
        _codes, repeated = _repeated_keys(keys)
        ok = np.ones(len(frame), dtype=bool)
        rows = np.flatnonzero(repeated)
        if rows.size:
            emails = clean_spaces(as_text(take_rows(frame["Contact email address"], rows)))
            pairs = pd.DataFrame({"k": take_rows(keys, rows).to_numpy(),
                                  "e": emails.str.lower().to_numpy()})
            duplicate = pairs.duplicated(keep="first").to_numpy(dtype=bool)
            ok[rows] = ~duplicate | (pairs["e"] == "").to_numpy(dtype=bool)
        return _mask(ok, frame)
    return LineCheck("duplicate_contact", "Contact email address", passes)


def _main_contact_check(key_column: str) -> LineCheck:
    def passes(frame: pd.DataFrame) -> pd.Series:
        marked = per_unique(as_text(frame["Main contact"]), _marks_main).to_numpy(dtype=bool)
        codes, repeated = _repeated_keys(_customer_keys(frame, key_column))
        ok = np.ones(len(frame), dtype=bool)
        several = marked & repeated
        if several.any():
            counts = np.bincount(codes[several])
            ok[several] = counts[codes[several]] <= 1
        return _mask(ok, frame)
    return LineCheck("main_contact_multiple", "Main contact", passes, _quoted_ids(key_column),
                     (key_column,))


def _marks_main(uniques: pd.Series) -> pd.Series:
    """Whether each distinct Main contact value, space-cleaned and lowercased, is a
    yes-like marker."""
    marks = clean_spaces(uniques).str.lower().isin(MAIN_CONTACT_YES)
    return pd.Series(marks.to_numpy(dtype=bool), index=uniques.index)


_EMPTY = pa.scalar("", TEXT)


def _arrow(values: pd.Series) -> pa.ChunkedArray:
    """A text column as Arrow large_string chunks: pandas' own, not a copy."""
    text = as_text(values)
    return arrow_data(text) if text.dtype == "str" else pa.chunked_array([to_arrow(text)])
