"""Build the pandera schema of a file from the organization's live definitions.

The schema is never written by hand: it is generated for each check from the
definitions and the file's column mapping, so an edit to the definitions changes
the very next check. Each pandera check is named after its rule code; the `CheckPlan`
keeps the rule objects so the adapter can ask them for fixes and message details.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from checks.check.cells.base import CellCheck, CheckOptions
from checks.check.cells.registry import cell_checks
from checks.check.lines import LineCheck, line_checks
from checks.definitions.document import Definitions
from checks.map.headers import ColumnMapping, MappedColumn
from checks.model.table import Table

#: Separates a line rule's code from its column in a pandera check name.
LINE_CHECK_SEPARATOR = "@"


#: The schema's one entry for every column checked for formula safety alone (not an
#: Upflow column nor a custom field, or ignored): a pandera regex column over their
#: positional frame keys (`frame_key`), so a file of 16,384 such columns costs one
#: schema entry, and their cells are judged together (`checks.check.adapter`).
UNMAPPED = r"^#[0-9]+$"


@dataclass(frozen=True)
class CheckPlan:
    """What the schema checks, by frame column: the rule objects behind pandera's checks."""

    schema: pa.DataFrameSchema
    cell: dict[str, list[CellCheck]]   # frame column → its value rules
    lines: dict[str, LineCheck]         # pandera check name → line rule
    headers: dict[str, str]             # frame column → header as written
    positions: dict[str, int]           # frame column → its position in the file
    together: tuple[str, ...] = ()      # the frame columns of the `UNMAPPED` entry

    def entry(self, key: str) -> str:
        """The schema entry (column name or pattern) whose checks judge frame column
        `key`."""
        return UNMAPPED if key not in self.schema.columns else key


def frame_key(column: MappedColumn) -> str:
    """The column's name in the validation frame: its target when it is checked as an
    Upflow column or custom field, else a positional name, where only formula safety
    applies. A column the user chose to ignore is still exported, so it keeps formula
    safety: every formula-like cell of the corrected file is reported."""
    if column.is_active and column.target:
        return column.target
    return f"#{column.position}"


def validation_frame(table: Table, mapping: ColumnMapping) -> pd.DataFrame:
    """The file's columns under their frame keys (no copy of the cells). When the
    mapping has every column once, in order, under distinct keys (the usual case), the
    table's frame is relabelled rather than rebuilt column by column, which a file of
    16,384 columns paid seconds for."""
    keys = [frame_key(column) for column in mapping.columns]
    positions = [column.position for column in mapping.columns]
    if positions == list(range(table.data.shape[1])) and len(set(keys)) == len(keys):
        return table.data.set_axis(keys, axis="columns")
    columns = {frame_key(column): table.data[column.position] for column in mapping.columns}
    return pd.DataFrame(columns, index=table.data.index)


def build_schema(mapping: ColumnMapping, definitions: Definitions,
                 check_options: CheckOptions) -> CheckPlan:
    cell: dict[str, list[CellCheck]] = {}
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    columns: dict[str, pa.Column] = {}
    together: list[str] = []
    unmapped = cell_checks(None, definitions, check_options)
    for column in mapping.columns:
        key = frame_key(column)
        target = column.target if column.is_active else None
        headers[key] = column.header
        positions[key] = column.position
        if target is None:  # formula safety alone: one entry for them all
            cell[key] = unmapped
            together.append(key)
            continue
        rules = cell_checks(target, definitions, check_options)
        cell[key] = rules
        columns[key] = _column(rules)
    if together:
        columns[UNMAPPED] = _column(unmapped, regex=True)
    lines = {f"{check.rule}{LINE_CHECK_SEPARATOR}{check.column}": check
             for check in line_checks(mapping, definitions)}
    schema = pa.DataFrameSchema(
        columns,
        checks=[pa.Check(check.passes, name=name) for name, check in lines.items()],
        name=f"Upflow import for {definitions.organization}",
        strict=False,
    )
    return CheckPlan(schema, cell, lines, headers, positions, tuple(together))


def _column(rules: list[CellCheck], regex: bool = False) -> pa.Column:
    return pa.Column(checks=[pa.Check(rule.passes, name=rule.rule) for rule in rules],
                     nullable=True, required=not regex, coerce=False, regex=regex)
