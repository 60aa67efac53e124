"""Definitions as editable tables: a lossless round trip, and the parser as the only judge."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from checks.definitions.document import (
    CustomField,
    DefinitionsError,
    FieldType,
    SourceSystem,
    definitions_from_dict,
    demo_definitions,
)
from checks.views.definitions import (
    definitions_changes,
    describe_definitions,
    document_from_tables,
    import_rights,
    join_list,
    split_list,
    to_tables,
)

DEMO = demo_definitions()


def round_trip(definitions, **overrides):
    tables = replace(to_tables(definitions), **overrides)
    document = document_from_tables(definitions.organization,
                                    definitions.source_system.value, tables)
    return definitions_from_dict(document)


def test_the_demo_round_trips_unchanged() -> None:
    assert round_trip(DEMO) == DEMO


def test_tables_hold_text_one_row_per_item() -> None:
    tables = to_tables(DEMO)
    assert list(tables.custom_fields.columns) == ["name", "type", "options", "managed"]
    segment = tables.custom_fields.iloc[0].to_dict()
    assert segment == {"name": "Segment", "type": "single_select",
                       "options": "SMB, Mid-market, Enterprise, Public sector",
                       "managed": "upflow"}
    assert tables.members.iloc[1].to_dict() == {
        "email": "jonas.weber@northwind.example", "roles": "account_manager, admin"}
    assert list(tables.workflows["workflow"]) == list(DEMO.workflows)
    assert list(tables.customers["id"]) == ["000123", "000124", "C-9001"]


def test_options_holding_commas_survive() -> None:
    field = CustomField("Terms", FieldType.SINGLE_SELECT, ("Net 30, EOM", "Net 60"))
    definitions = replace(DEMO, custom_fields=(field,))
    assert to_tables(definitions).custom_fields.loc[0, "options"] == "Net 30, EOM\nNet 60"
    assert round_trip(definitions) == definitions


@pytest.mark.parametrize(("text", "items"), [
    ("a, b,c", ["a", "b", "c"]), ("a, b\nc", ["a, b", "c"]), ("", []), (" , ,", []),
    ("one\r\ntwo", ["one", "two"]),
])
def test_split_list(text: str, items: list[str]) -> None:
    assert split_list(text.replace("\r\n", "\n")) == items


def test_join_then_split_is_identity() -> None:
    for items in (["SMB", "Mid-market"], ["Net 30, EOM", "Net 60"], []):
        assert split_list(join_list(items)) == items


def test_added_rows_from_an_editor_are_read() -> None:
    """An editor gives new rows with None in the cells nobody filled."""
    workflows = pd.DataFrame({"workflow": [*DEMO.workflows, " Express ", None, float("nan")]})
    fields = pd.concat([to_tables(DEMO).custom_fields, pd.DataFrame(
        [{"name": "Region", "type": "text", "options": None, "managed": None}])],
        ignore_index=True)
    result = round_trip(DEMO, workflows=workflows, custom_fields=fields)
    assert result.workflows == (*DEMO.workflows, "Express")
    region = result.custom_field("Region")
    assert region is not None and region.managed.value == "upflow"


def test_problems_are_the_parser_s_and_all_listed() -> None:
    fields = pd.DataFrame([{"name": "Tier", "type": "single_select", "options": "",
                            "managed": "upflow"},
                           {"name": "Notes", "type": "text", "options": "a, b",
                            "managed": "nobody"}])
    members = pd.DataFrame([{"email": "Not An Email", "roles": "account_manager"}])
    with pytest.raises(DefinitionsError) as caught:
        round_trip(DEMO, custom_fields=fields, members=members)
    problems = caught.value.problems
    assert any("'Tier' is a select field without options" in p for p in problems)
    assert any("'Notes': managed 'nobody' is unknown" in p for p in problems)
    assert any("bad email 'Not An Email'" in p for p in problems)


def test_an_empty_organization_name_is_a_problem() -> None:
    document = document_from_tables("   ", "api", to_tables(DEMO))
    with pytest.raises(DefinitionsError, match="'organization' must be a non-empty name"):
        definitions_from_dict(document)


def test_import_rights_follow_the_source_system_table() -> None:
    def rights(system: SourceSystem) -> dict[str, str]:
        frame = import_rights(system)
        return dict(zip(frame["what"], frame["can be updated by CSV"], strict=True))

    assert rights(SourceSystem.NATIVE)["Details"] == "no"
    assert rights(SourceSystem.NATIVE)["Account managers and workflows"] == "yes"
    assert rights(SourceSystem.SALESFORCE_API)["Details"] == "yes"
    assert rights(SourceSystem.SALESFORCE_API)["Contact main information"] == "no"
    assert set(rights(SourceSystem.API).values()) <= {"always", "yes",
                                                      "yes (synced fields: no)"}
    details = import_rights(SourceSystem.API).set_index("what").loc["Details", "columns"]
    assert "VAT number" in details and "Parent ID" in details


def test_describe_counts_what_a_document_holds() -> None:
    assert describe_definitions(DEMO) == ("Northwind Trading: source system API; 8 custom fields "
                              "(1 synced); 4 members (3 account managers); 4 workflows; "
                              "3 known customers; 4 contact positions.")


def test_changes_lists_what_a_save_would_change() -> None:
    field = replace(DEMO.custom_fields[0], options=("SMB",))
    after = replace(DEMO, organization="Northwind EU", source_system=SourceSystem.NATIVE,
                    custom_fields=(field, *DEMO.custom_fields[2:]),
                    workflows=(*DEMO.workflows, "Express"))
    assert definitions_changes(DEMO, after) == [
        "organization: Northwind Trading → Northwind EU",
        "source system: API → native integration",
        "custom fields removed: Tags",
        "workflows added: Express",
        "custom fields changed: Segment",
    ]
    assert definitions_changes(DEMO, DEMO) == []


def test_changes_cut_long_lists_short() -> None:
    after = replace(DEMO, custom_fields=())
    assert definitions_changes(DEMO, after) == [
        "custom fields removed: Segment, Tags, Contract end, Credit limit, Direct debit, "
        "Collector notes and 2 more"]
