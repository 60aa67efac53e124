"""The engine's public API is exactly `__all__`, and the engine never imports Streamlit."""

import ast
from pathlib import Path

import checks

EXPECTED = {
    "FINDING_COLUMNS", "RULES", "CheckOptions", "CheckResult", "ColumnMapping", "CustomField",
    "DateOrder", "Definitions", "DefinitionsError", "FieldType", "Finding", "KnownCustomer",
    "Managed", "MappedColumn", "Member", "PreflightError", "Rule", "Severity", "SourceSystem",
    "Summary", "Table", "UnreadableFileError", "UsageError", "check_table",
    "demo_definitions", "load_definitions", "map_headers", "parse_definitions", "read_table",
    "summarise", "ExportOptions", "export_csv", "split_by_errors", "FIXES", "Fix",
    "FixOutcome", "apply_fixes", "available_fixes", "error_report", "TEMPLATE_SECTIONS",
    "template_csv", "apply_edits", "changed_cells", "recheck_with_edits",
    "MatchClass", "MatchResult", "match_identifiers", "suggest_columns",
    # what the app's pages and session use (tests/test_layout.py: pages import only
    # `checks` and `checks.views`)
    "FIXES_BY_NAME", "MANUAL_EDIT", "CheckSettings", "CheckSummary", "Store",
    "StoredDefinitions", "StoreError", "sheet_names", "definitions_from_dict", "findings_csv",
    "left_out", "template_columns", "allowed_values", "source_label", "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "RemoteDefinitionsError", "RemoteSource", "display_url", "load_remote_definitions",
    "SEPARATORS", "SEPARATOR_NAMES", "error_rows", "INPUT_SEPARATORS", "default_separator",
    "ImportPreview", "import_preview",
    # import recipes (ui/recipes.py)
    "Recipe", "RecipeSettings", "header_signature", "make_recipe", "recipes_from_yaml",
    "recipes_to_yaml", "settings_for",
    "ChangeLog",
    # a fix switched on or off from the outcome before (ui/session.py)
    "switch_fixes",
}


def test_public_api_is_exactly_all() -> None:
    assert set(checks.__all__) == EXPECTED
    for name in checks.__all__:
        assert getattr(checks, name) is not None


def test_engine_never_imports_streamlit() -> None:
    for path in Path(checks.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
