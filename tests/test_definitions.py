"""Definitions load from YAML/JSON into frozen dataclasses, or fail with every problem."""

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.definitions.document import (
    Definitions,
    FieldType,
    Managed,
    SourceSystem,
    definitions_from_dict,
    demo_definitions,
    load_definitions,
    parse_definitions,
)
from checks.model.errors import DefinitionsError, PreflightError


def test_sample_definitions_load(samples: Path) -> None:
    definitions = load_definitions(samples / "definitions.yaml")
    assert definitions.organization == "Northwind Trading"
    assert definitions.source_system is SourceSystem.API
    segment = definitions.custom_field("Segment")
    assert segment is not None and segment.type is FieldType.SINGLE_SELECT
    assert segment.options == ("SMB", "Mid-market", "Enterprise", "Public sector")
    assert definitions.custom_field("NetSuite Id").managed is Managed.SYNCED
    assert "Key accounts – soft" in definitions.workflows
    assert definitions.customers[0].id == "000123"  # quoted in YAML: leading zeros kept
    assert [m.is_account_manager for m in definitions.members] == [True, True, False, True]


def test_definitions_are_frozen() -> None:
    definitions = demo_definitions()
    with pytest.raises(FrozenInstanceError):
        definitions.organization = "Other"  # type: ignore[misc]


def test_demo_organization_is_bundled() -> None:
    definitions = demo_definitions()
    assert definitions.organization
    assert definitions.custom_fields and definitions.members and definitions.workflows


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip(fmt: str) -> None:
    definitions = demo_definitions()
    text = definitions.to_yaml() if fmt == "yaml" else definitions.to_json()
    assert parse_definitions(text) == definitions


def test_json_document_is_accepted() -> None:
    document = {"organization": "Acme", "source_system": "native",
                "custom_fields": [{"name": "Flag", "type": "boolean"}]}
    definitions = parse_definitions(json.dumps(document))
    assert definitions.source_system is SourceSystem.NATIVE
    assert definitions.custom_fields[0].managed is Managed.UPFLOW  # the default


def test_every_problem_is_listed_at_once() -> None:
    text = """
organization: Acme
source_system: sap
custom_fields:
  - {name: Segment, type: single_select}
  - {name: Score, type: float}
members:
  - {email: not-an-email, roles: [account_manager]}
"""
    with pytest.raises(DefinitionsError) as raised:
        parse_definitions(text)
    problems = raised.value.problems
    assert any("source_system 'sap' is unknown" in p for p in problems)
    assert any("'Segment' is a select field without options" in p for p in problems)
    assert any("type 'float' is unknown" in p for p in problems)
    assert any("bad email 'not-an-email'" in p for p in problems)
    assert "\n" not in raised.value.message


@pytest.mark.parametrize("text, expected", [
    ("", "must be a mapping"),
    ("[1, 2]", "must be a mapping"),
    ("organization: [unclosed", "not valid YAML or JSON"),
    ("source_system: api", "'organization' must be a non-empty name"),
    ("organization: A\nworkflows: [W, W]", "lists 'W' twice"),
    ("organization: A\nmembers: [{email: Jane@x.com}]", "must be lowercase"),
    ("organization: A\ncolour: blue", "unknown key 'colour'"),
    ("organization: A\ncustom_fields: [{name: N, type: number, options: [a]}]",
     "has options but is of type number"),
])
def test_bad_documents(text: str, expected: str) -> None:
    with pytest.raises(DefinitionsError, match=expected):
        parse_definitions(text)


# Found by tests/fuzz: each of these raised ValueError, RecursionError, TypeError,
# AttributeError, IndexError or KeyError, a traceback in the CLI and on the page.
@pytest.mark.parametrize("text, expected", [
    ("organization: 2024-02-30", "looks like a date or a number but is none"),
    ("organization: x\nworkflows: [" + "9" * 5000 + "]", "looks like a date or a number"),
    ("[" * 3000, "nested too deeply"),
    ("organization: !!timestamp x", "not valid YAML or JSON"),
    ("organization: !!int", "not valid YAML or JSON"),
    ("organization: !!bool x", "not valid YAML or JSON"),
    ("organization: x\ncustom_fields: [{name: N, type: text, 1: a, b: c}]",
     "unknown key '1'; custom field 'N' has an unknown key 'b'"),
])
def test_unreadable_values_are_plain_problems(text: str, expected: str) -> None:
    with pytest.raises(DefinitionsError, match=expected):
        parse_definitions(text)


def test_problems_quote_values_on_one_short_line() -> None:
    document = {"organization": "x", "source_system": "api\n\x1b[31mred",
                "workflows": [10 ** 5000, "W"], "members": [{"email": ["a"] * 1000}]}
    with pytest.raises(DefinitionsError) as raised:
        definitions_from_dict(document)
    message = raised.value.message
    assert "\n" not in message and "\x1b" not in message
    assert "source_system 'api\\n\\x1b[31mred' is unknown" in message
    assert "workflows item 1 must be a non-empty text" in message
    assert "bad email '['a', 'a', 'a', 'a', ...]'" in message


@pytest.mark.parametrize("name", ["Acme\x85Group", "Acme\u2028Group", "Acme\x7fGroup"])
def test_names_with_rare_line_breaks_and_controls_survive_the_exports(name: str) -> None:
    """Found by tests/fuzz: PyYAML wrote NEL raw and read it back as a space; YAML
    refuses DEL, which JSON (the store's copy) writes as it is."""
    definitions = definitions_from_dict({"organization": name, "workflows": [name]})
    assert parse_definitions(definitions.to_yaml()) == definitions
    assert parse_definitions(definitions.to_json()) == definitions


def test_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionsError, match="cannot be read"):
        load_definitions(tmp_path / "nope.yaml")


@given(st.one_of(st.text(), st.binary()))
def test_parsing_arbitrary_input_never_raises_anything_else(text: str | bytes) -> None:
    try:
        result = parse_definitions(text)
    except PreflightError:
        return
    assert isinstance(result, Definitions)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
                    max_leaves=20))
def test_arbitrary_documents_never_raise_anything_else(document: object) -> None:
    try:
        definitions_from_dict(document)
    except PreflightError:
        pass


def test_positions_default_to_the_seed_articles_four() -> None:
    plain = parse_definitions("organization: Acme\n")
    assert plain.positions == ("Accounting", "Sales", "Purchaser", "Payer")
    own = parse_definitions("organization: Acme\npositions: [Accountant, Payer, Purchaser, "
                            "Sales, Legal]\n")
    assert own.positions == ("Accountant", "Payer", "Purchaser", "Sales", "Legal")
    assert parse_definitions(own.to_yaml()) == own


@pytest.mark.parametrize(("text", "expected"), [
    ("organization: A\npositions: Sales\n", "'positions' must be a list"),
    ("organization: A\npositions: [Sales, Sales]\n", "positions lists 'Sales' twice"),
    ("organization: A\npositions: [Sales, '']\n", "positions item 2 must be a non-empty text"),
])
def test_bad_positions_are_problems(text: str, expected: str) -> None:
    with pytest.raises(DefinitionsError) as raised:
        parse_definitions(text)
    assert any(expected in problem for problem in raised.value.problems)
