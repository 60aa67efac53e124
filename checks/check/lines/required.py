"""Mandatory (🚩) values: `required_missing`, per section present in the file."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.check.implements import Implements
from checks.check.lines.base import FrameTest, LineCheck, filled, mask
from checks.check.memo import arrow_data, remember
from checks.map.headers import ColumnMapping
from checks.model.columns import COLUMNS_BY_NAME, ID_COLUMNS, MANDATORY, Section

#: The rule this module implements. It ranks first among the rules of a cell: an empty
#: cell is missing, and no value rule judges an empty cell anyway.
IMPLEMENTS = (Implements("required_missing", priority=10),)


def required_checks(mapping: ColumnMapping) -> list[LineCheck]:
    """`required_missing` for each 🚩 column of each section present, Groups excepted
    (both-or-neither: parent_incomplete's business)."""
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
                                        _any_filled_or_outside(ids, section, mapping),
                                        depends=_reads(ids, section, mapping)))
            elif name in present:
                checks.append(LineCheck("required_missing", name,
                                        _any_filled_or_outside([name], section, mapping),
                                        depends=_reads([name], section, mapping)))
    return _unique(checks)


def _own_columns(section: Section, mapping: ColumnMapping) -> list[str]:
    """The columns whose values make a line one of `section`'s lines in a file mixing
    sections (see `_section_lines`)."""
    return [name for name in mapping.targets
            if (c := COLUMNS_BY_NAME.get(name)) and c.section is section and c.marks_section]


def _reads(columns: list[str], section: Section, mapping: ColumnMapping) -> tuple[str, ...]:
    """The columns a `required_missing` check reads: the required ones and, in a file
    mixing sections, those that say whether the line belongs to the section."""
    others = mapping.sections - {section, Section.DETAILS}
    if section is Section.DETAILS or not others:
        return tuple(columns)
    return tuple(dict.fromkeys([*columns, *_own_columns(section, mapping)]))


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
    own = _own_columns(section, mapping)
    if not own:
        return everyone
    # Asked by each required column of the section on the same lines: found once. The
    # other columns' data is part of the key, and kept alive with the result.
    others = tuple(frame[name] for name in own[1:])
    what = ("section_lines", section, *(id(arrow_data(column)) for column in others))
    return remember(what, frame[own[0]], lambda: (np.logical_or.reduce(
        [filled(frame, name) for name in own]), others))[0]


def _any_filled_or_outside(columns: list[str], section: Section,
                           mapping: ColumnMapping) -> FrameTest:
    def passes(frame: pd.DataFrame) -> pd.Series:
        given = np.logical_or.reduce([filled(frame, c) for c in columns])
        return mask(given | ~_section_lines(frame, section, mapping), frame)
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
            out.append(LineCheck(rule, column, lambda frame, tests=tests: mask(
                np.logical_and.reduce([test(frame).to_numpy(dtype=bool) for test in tests]),
                frame), depends=tuple(dict.fromkeys(
                    name for check in group for name in check.depends))))
    return out
