"""The rule catalogue covers the specification, and its documentation is generated."""

from pathlib import Path

import pytest

from checks.check.priority import VALUE_RULE_PRIORITY
from checks.model.rules import RULES, Severity
from checks.model.rules_doc import render_rules_markdown

# Every code of the specification (shared/spec/RULES.md) with its severity. Codes are a
# public interface: this list only grows.
SPEC_RULES = {
    "file_unreadable": "error", "file_empty": "error", "encoding_converted": "info",
    "ragged_row": "error", "duplicate_header": "error", "unknown_column": "warning",
    "missing_column": "error", "synced_custom_field": "error",
    "section_not_allowed": "error", "no_import_columns": "error",
    "required_missing": "error", "whitespace": "warning",
    "text_too_long": "error", "number_format": "error", "date_format": "error",
    "boolean_format": "error", "select_option": "error", "multi_select_option": "error",
    "email_format": "error", "email_uppercase": "error", "member_not_found": "error",
    "member_not_account_manager": "error", "workflow_not_found": "error",
    "position_invalid": "error", "main_contact_format": "error",
    "main_contact_multiple": "error", "parent_incomplete": "error", "parent_self": "error",
    "parent_unknown": "warning", "customer_conflict": "warning",
    "duplicate_contact": "warning", "id_damaged": "warning", "formula_like": "warning",
}


@pytest.mark.parametrize("code", sorted(SPEC_RULES))
def test_every_spec_rule_exists_with_its_severity(code: str) -> None:
    assert code in RULES, f"rule {code} of the specification is missing"
    assert RULES[code].severity is Severity(SPEC_RULES[code])


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert rule.code == code
    for text in (rule.title, rule.message, rule.meaning, rule.why, rule.how_to_fix):
        assert text.strip(), f"{code} has an empty text"
    assert rule.meaning.endswith(".") and rule.how_to_fix.endswith(".")


def test_value_rule_priority_names_only_known_rules() -> None:
    assert set(VALUE_RULE_PRIORITY) <= set(RULES)
    assert len(set(VALUE_RULE_PRIORITY)) == len(VALUE_RULE_PRIORITY)


def test_rules_documentation_is_generated_from_the_catalogue() -> None:
    docs = Path(__file__).parents[1] / "docs" / "rules.md"
    assert docs.read_text("utf-8") == render_rules_markdown(), (
        "docs/rules.md is stale: run 'python -m checks.model.rules_doc > docs/rules.md'")
