"""Check a table against the organization's definitions: the engine's main entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from checks.check.adapter import run_schema
from checks.check.cells.base import CheckOptions
from checks.check.priority import VALUE_RULE_PRIORITY
from checks.check.schema import CheckPlan, build_schema, validation_frame
from checks.definitions.document import Definitions
from checks.map.headers import ColumnMapping, map_headers, mapping_findings
from checks.model.findings import (
    Summary,
    concat_findings,
    findings_frame,
    keep_most_specific,
    rule_messages,
    sort_findings,
    summarise,
)
from checks.model.table import Table
from checks.read.common import duplicate_header_findings


@dataclass(frozen=True)
class CheckSettings:
    """What a check depends on besides the table. A changed table (fixed, edited) is
    checked again with the very settings of the check it came from, so what remains is
    judged exactly as the first check judged the file."""

    definitions: Definitions
    options: CheckOptions = field(default_factory=CheckOptions)
    overrides: Mapping[int, str] | None = None


@dataclass(frozen=True)
class CheckResult:
    """Everything a page, the CLI or an export needs about one check."""

    table: Table
    definitions: Definitions
    mapping: ColumnMapping
    findings: pd.DataFrame
    options: CheckOptions = field(default_factory=CheckOptions)
    overrides: Mapping[int, str] | None = None
    #: What re-checking this result's table after an edit reuses (its plan, counts and
    #: derivations: `checks.check.incremental`), filled when first needed; never
    #: compared or shown.
    carried: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def summary(self) -> Summary:
        return summarise(self.findings)

    @property
    def has_errors(self) -> bool:
        return self.summary.errors > 0

    @property
    def ready(self) -> bool:
        """Whether Upflow would take the file: no error, and at least one import section
        to update (a file without one has the error `no_import_columns`, or is empty or
        unreadable, so this is "no error" said in full)."""
        return not self.has_errors and bool(self.mapping.sections)

    @property
    def nothing_to_import(self) -> str | None:
        """The message of `no_import_columns` when the file has nothing Upflow would
        import (no fix or edit of its lines changes that), else None."""
        messages = rule_messages(self.findings, "no_import_columns")
        return messages[0] if messages else None

    @property
    def settings(self) -> CheckSettings:
        return CheckSettings(self.definitions, self.options, self.overrides)

    def count(self, rule: str) -> int:
        """How many findings of `rule` the check has."""
        return int((self.findings["rule"] == rule).sum())


def check_table(table: Table, definitions: Definitions,
                options: CheckOptions | None = None,
                overrides: Mapping[int, str] | None = None) -> CheckResult:
    """Map the headers, build the schema from the definitions, evaluate every check of
    it (`checks.check.adapter`), and gather every finding (reading, columns, cells, lines)
    into one table."""
    options = options or CheckOptions()
    mapping = map_headers(table.headers, definitions, overrides)
    reading = _reading_findings(table, mapping)
    if not table.headers or table.data.empty:
        return CheckResult(table, definitions, mapping, reading, options, overrides)
    plan = build_schema(mapping, definitions, options)
    frame = validation_frame(table, mapping)
    cell_and_line = run_schema(plan, frame)
    columns = mapping_findings(mapping, definitions, usable=not table.unusable_reasons)
    findings = concat_findings([reading, columns,
                                keep_most_specific(cell_and_line, VALUE_RULE_PRIORITY)])
    findings = sort_findings(findings)
    result = CheckResult(table, definitions, mapping, findings, options, overrides)
    result.carried[PREPARED] = Prepared(table, (mapping, definitions, options), plan, frame)
    return result


#: The key of `Prepared` in `CheckResult.carried`.
PREPARED = "prepared"


@dataclass(frozen=True)
class Prepared:
    """The plan and validation frame a check built, kept for the first edit after it
    (`checks.check.incremental`), which would otherwise build them again: they are
    the check's own objects (no copy, nothing computed for them). Valid for its very
    table and settings (mapping, definitions, options), compared by identity."""

    table: Table
    settings: tuple[object, ...]
    plan: CheckPlan
    frame: pd.DataFrame


def _reading_findings(table: Table, mapping: ColumnMapping) -> pd.DataFrame:
    """The reading's findings, with repeated headers counted again without the columns
    the person chose to ignore: ignoring one of two "Email" columns is how a person
    answers "Column appears twice", so it must clear it (a third "Email" still
    repeats). Headers are compared as when the file was read."""
    ignored = mapping.ignored
    repeated = table.findings["rule"] == "duplicate_header"
    if not ignored or not repeated.any():
        return table.findings
    headers = ["" if position in ignored else header  # an empty header never repeats
               for position, header in enumerate(table.headers)]
    again = findings_frame(duplicate_header_findings(headers))
    return concat_findings([table.findings[~repeated.to_numpy()], again])


def recheck(table: Table, settings: CheckSettings) -> CheckResult:
    """`table` checked with the settings of an earlier check."""
    return check_table(table, settings.definitions, settings.options, settings.overrides)
