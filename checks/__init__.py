"""Preflight's engine: read a customer file, check it against the organization's live
definitions, and report every problem as a finding. A pure library (no Streamlit).

The public API is exactly `__all__`; everything else is private to the package.
"""

from checks import (
    _allocator,  # noqa: F401  (before pyarrow loads: see its docstring)
    _collector,  # noqa: F401  (see its docstring)
)

# isort: split

from checks.check.cells.base import CheckOptions, DateOrder
from checks.check.validate import CheckResult, CheckSettings, check_table
from checks.definitions.document import (
    CustomField,
    Definitions,
    FieldType,
    KnownCustomer,
    Managed,
    Member,
    SourceSystem,
    definitions_from_dict,
    demo_definitions,
    load_definitions,
    parse_definitions,
)
from checks.definitions.remote import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    RemoteDefinitionsError,
    RemoteSource,
    display_url,
    load_remote_definitions,
)
from checks.export.csv import (
    ExportOptions,
    default_separator,
    export_csv,
    findings_csv,
    split_by_errors,
)
from checks.export.preview import ImportPreview, import_preview
from checks.export.templates import (
    TEMPLATE_SECTIONS,
    allowed_values,
    left_out,
    template_columns,
    template_csv,
)
from checks.fix.changes import ChangeLog
from checks.fix.edits import MANUAL_EDIT, apply_edits, changed_cells, recheck_with_edits
from checks.fix.fixes import (
    FIXES,
    FIXES_BY_NAME,
    Fix,
    FixOutcome,
    apply_fixes,
    available_fixes,
    switch_fixes,
)
from checks.map.headers import ColumnMapping, MappedColumn, map_headers
from checks.match.classes import MatchClass
from checks.match.matching import match_identifiers
from checks.match.result import MatchResult
from checks.match.suggest import suggest_columns
from checks.model.errors import (
    DefinitionsError,
    PreflightError,
    UnreadableFileError,
    UsageError,
    source_label,
)
from checks.model.findings import FINDING_COLUMNS, Finding, Summary, error_rows, summarise
from checks.model.rules import RULES, Rule, Severity
from checks.model.separators import INPUT_SEPARATORS, SEPARATOR_NAMES, SEPARATORS
from checks.model.table import Table
from checks.read import read_table, sheet_names
from checks.recipe import (
    Recipe,
    RecipeSettings,
    header_signature,
    make_recipe,
    recipes_from_yaml,
    recipes_to_yaml,
    settings_for,
)
from checks.store.database import Store, StoredDefinitions, StoreError
from checks.store.history import CheckSummary

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FINDING_COLUMNS",
    "FIXES",
    "FIXES_BY_NAME",
    "INPUT_SEPARATORS",
    "MANUAL_EDIT",
    "RULES",
    "SEPARATORS",
    "SEPARATOR_NAMES",
    "TEMPLATE_SECTIONS",
    "ChangeLog",
    "CheckOptions",
    "CheckResult",
    "CheckSettings",
    "CheckSummary",
    "ColumnMapping",
    "CustomField",
    "DateOrder",
    "Definitions",
    "DefinitionsError",
    "ExportOptions",
    "FieldType",
    "Finding",
    "Fix",
    "FixOutcome",
    "ImportPreview",
    "KnownCustomer",
    "Managed",
    "MappedColumn",
    "MatchClass",
    "MatchResult",
    "Member",
    "PreflightError",
    "Recipe",
    "RecipeSettings",
    "RemoteDefinitionsError",
    "RemoteSource",
    "Rule",
    "Severity",
    "SourceSystem",
    "Store",
    "StoreError",
    "StoredDefinitions",
    "Summary",
    "Table",
    "UnreadableFileError",
    "UsageError",
    "apply_edits",
    "apply_fixes",
    "available_fixes",
    "changed_cells",
    "check_table",
    "default_separator",
    "definitions_from_dict",
    "demo_definitions",
    "display_url",
    "error_report",
    "error_rows",
    "export_csv",
    "findings_csv",
    "import_preview",
    "header_signature",
    "left_out",
    "load_definitions",
    "load_remote_definitions",
    "make_recipe",
    "map_headers",
    "match_identifiers",
    "parse_definitions",
    "read_table",
    "recheck_with_edits",
    "recipes_from_yaml",
    "recipes_to_yaml",
    "settings_for",
    "sheet_names",
    "split_by_errors",
    "suggest_columns",
    "summarise",
    "switch_fixes",
    "template_columns",
    "allowed_values",
    "source_label",
    "template_csv",
]


def __getattr__(name: str) -> object:
    """`error_report` is imported on first use: it loads openpyxl's writer, a tenth of
    a second that a command-line check or fix without --report should not wait for."""
    if name == "error_report":
        from checks.export.report import error_report

        return error_report
    raise AttributeError(f"module 'checks' has no attribute {name!r}")
