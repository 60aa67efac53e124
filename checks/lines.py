"""Rules about lines and their relations: mandatory values and cross-row checks.

Each rule is a `LineCheck`: given the file as a frame of canonical columns (index =
row numbers), a boolean mask per line (True = no problem) attached to one column.
Everything is a vectorised mask (`groupby().transform`, `duplicated`, `isin`): no
Python loop over lines, since `groupby` checks of pandera would not name the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from checks.cells.base import blank
from checks.cells.contacts import MAIN_CONTACT_YES
from checks.columns import (
    COLUMNS_BY_NAME,
    CUSTOMER_DETAIL_COLUMNS,
    ID_COLUMNS,
    MANDATORY,
    Section,
)
from checks.definitions import Definitions
from checks.mapping import ColumnMapping
from checks.text import clean_spaces

FrameTest = Callable[[pd.DataFrame], pd.Series]



@dataclass(frozen=True)
class LineCheck:
    rule: str
    column: str  # the canonical column the finding points at
    passes: FrameTest
    explain: FrameTest | None = None


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


def _filled(frame: pd.DataFrame, column: str) -> pd.Series:
    return ~blank(frame[column])


def _section_lines(frame: pd.DataFrame, section: Section, mapping: ColumnMapping) -> pd.Series:
    """Which lines belong to a section.

    In a file that holds one section (plus the customer's name), every line does. In a
    file mixing sections (Upflow's "All of the above"), a line belongs to a section
    when it has a value in one of that section's own columns: a customer line with no
    contact on it is not a contact line.
    """
    everyone = pd.Series(True, index=frame.index)
    others = mapping.sections - {section, Section.DETAILS}
    if section is Section.DETAILS or not others:
        return everyone
    own = [name for name, mapped in mapping.targets.items()
           if (c := COLUMNS_BY_NAME.get(name)) and c.section is section and c.marks_section]
    if not own:
        return everyone
    return pd.concat([_filled(frame, name) for name in own], axis=1).any(axis=1)


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
        filled = pd.concat([_filled(frame, c) for c in columns], axis=1).any(axis=1)
        return filled | ~_section_lines(frame, section, mapping)
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
            out.append(LineCheck(rule, column, lambda frame, tests=tests: pd.concat(
                [test(frame) for test in tests], axis=1).all(axis=1)))
    return out


def _parent_pair_checks() -> list[LineCheck]:
    def name_ok(frame: pd.DataFrame) -> pd.Series:
        return _filled(frame, "Parent name") | ~_filled(frame, "Parent ID")

    def id_ok(frame: pd.DataFrame) -> pd.Series:
        return _filled(frame, "Parent ID") | ~_filled(frame, "Parent name")

    return [LineCheck("parent_incomplete", "Parent name", name_ok),
            LineCheck("parent_incomplete", "Parent ID", id_ok)]


def _parent_id_checks(id_column: str | None, definitions: Definitions) -> list[LineCheck]:
    known = {customer.id for customer in definitions.customers}

    def not_self(frame: pd.DataFrame) -> pd.Series:
        if id_column is None:
            return pd.Series(True, index=frame.index)
        parent = clean_spaces(frame["Parent ID"])
        return parent.eq("") | parent.ne(clean_spaces(frame[id_column]))

    def exists(frame: pd.DataFrame) -> pd.Series:
        parent = clean_spaces(frame["Parent ID"])
        ids = set(known)
        if id_column is not None:
            ids |= set(clean_spaces(frame[id_column]).unique())
        return parent.eq("") | parent.isin(ids)

    return [LineCheck("parent_self", "Parent ID", not_self),
            LineCheck("parent_unknown", "Parent ID", exists)]


def _quoted_ids(id_column: str) -> FrameTest:
    def explain(frame: pd.DataFrame) -> pd.Series:
        return "'" + clean_spaces(frame[id_column]) + "'"
    return explain


def _conflict_checks(id_column: str, present: set[str]) -> list[LineCheck]:
    """Lines of the same customer must agree on its details; a repeated line may leave a
    detail empty (contact files repeat only the ID and the name)."""
    checks = []
    for name in CUSTOMER_DETAIL_COLUMNS:
        if name in present and name != id_column:
            checks.append(LineCheck("customer_conflict", name,
                                    _agrees_with_first(id_column, name),
                                    _quoted_ids(id_column)))
    return checks


def _agrees_with_first(id_column: str, column: str) -> FrameTest:
    def passes(frame: pd.DataFrame) -> pd.Series:
        ids = clean_spaces(frame[id_column])
        values = clean_spaces(frame[column])
        given = values.ne("") & ids.ne("")
        first = values.where(given).groupby(ids.where(given)).transform("first")
        return ~given | values.eq(first.reindex(values.index).fillna(""))
    return passes


def _customer_keys(frame: pd.DataFrame, key_column: str) -> pd.Series:
    return clean_spaces(frame[key_column])


def _duplicate_contact_check(key_column: str) -> LineCheck:
    def passes(frame: pd.DataFrame) -> pd.Series:
        emails = clean_spaces(frame["Contact email address"]).str.lower()
        keys = _customer_keys(frame, key_column)
        repeated = pd.DataFrame({"k": keys, "e": emails}).duplicated(keep="first")
        return emails.eq("") | ~repeated
    return LineCheck("duplicate_contact", "Contact email address", passes)


def _main_contact_check(key_column: str) -> LineCheck:
    def passes(frame: pd.DataFrame) -> pd.Series:
        marked = clean_spaces(frame["Main contact"]).str.lower().isin(MAIN_CONTACT_YES)
        keys = _customer_keys(frame, key_column)
        per_customer = marked.groupby(keys).transform("sum")
        return ~marked | per_customer.le(1)
    return LineCheck("main_contact_multiple", "Main contact", passes, _quoted_ids(key_column))
