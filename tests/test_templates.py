"""Blank templates per section, from the organization's definitions."""

from dataclasses import replace

import pytest

from checks import SourceSystem, read_table
from checks.export.templates import (
    TEMPLATE_SECTIONS,
    allowed_values,
    template_columns,
    template_csv,
)
from checks.map.headers import map_headers, mapping_findings
from checks.model.errors import UsageError
from tests.helpers import DEFS, check_bytes

MANAGED = ["Segment", "Tags", "Contract end", "Credit limit", "Direct debit",
           "Collector notes", "Salesforce Account Id"]


@pytest.mark.parametrize("section, columns", [
    ("details", ["Customer name", "Customer ID", "Accounting code", "VAT number", "Address",
                 "Postal code", "Town", "State/Region", "Country"]),
    ("groups", ["Customer name", "Customer ID", "Parent name", "Parent ID"]),
    ("assignment", ["Customer name", "External ID", "Account manager", "Workflow"]),
    ("custom-fields", ["Customer name", "External ID", *MANAGED]),
    ("contacts", ["Customer name", "Client ID (External ID)", "Contact email address",
                  "First name", "Family name", "Phone number", "Position", "Main contact"]),
])
def test_each_section(section: str, columns: list[str]) -> None:
    assert template_columns([section], DEFS) == columns


def test_all_sections_have_one_identifier_and_no_synced_field() -> None:
    columns = template_columns(["all"], DEFS)
    assert [c for c in columns if "ID" in c and "Parent" not in c] == ["Customer ID"]
    assert "NetSuite Id" not in columns and set(MANAGED) <= set(columns)
    assert len(columns) == len(set(columns))


@pytest.mark.parametrize("sep", [";", ",", "|"])
def test_templates_are_valid_headers_for_the_checker(sep: str) -> None:
    for name in TEMPLATE_SECTIONS:
        data = template_csv([name], DEFS, sep)
        table = read_table(data, "t.csv")
        assert table.separator == sep and list(table.headers) == template_columns([name], DEFS)
        # the header alone raises no column-level finding: nothing unknown, nothing missing
        assert mapping_findings(map_headers(table.headers, DEFS), DEFS).empty
        assert check_bytes(data)["rule"].tolist() == ["file_empty"]


def test_source_system_leaves_out_blocked_columns() -> None:
    native = replace(DEFS, source_system=SourceSystem.SALESFORCE_NATIVE)
    assert template_columns(["assignment"], native) == ["Customer name", "External ID"]
    assert "Town" not in template_columns(["details"], native)


def test_unknown_section() -> None:
    with pytest.raises(UsageError, match="unknown section 'invoices'"):
        template_columns(["invoices"], DEFS)


def test_a_contacts_template_says_which_positions_the_organization_has() -> None:
    own = replace(DEFS, positions=("Accountant", "Payer"))
    assert allowed_values(["contacts"], own) == ["Position: one of Accountant or Payer"]
    assert allowed_values(["details"], own) == []
    assert allowed_values(["assignment"], DEFS)[0].startswith("Workflow: one of ")


def test_the_template_command_prints_the_allowed_positions(tmp_path) -> None:
    import io

    from checks.cli.main import main

    out = io.StringIO()
    status = main(["template", "contacts", "--out", str(tmp_path / "t.csv")], out, io.StringIO())
    assert status == 0
    assert "Position: one of Accounting, Sales, Purchaser or Payer" in out.getvalue()


def test_every_template_names_the_identifier_once() -> None:
    """Customer ID, External ID and Client ID (External ID) are one identifier (the
    customer's ID in the billing tool): whatever sections a template holds, it names it
    once, by the first section's name for it (issue 16, the mapping picker says so)."""
    from itertools import combinations

    from checks.model.columns import ID_COLUMNS

    names = [name for name in TEMPLATE_SECTIONS if name != "all"]
    for size in range(1, len(names) + 1):
        for sections in combinations(names, size):
            columns = template_columns(sections, DEFS)
            ids = [column for column in columns if column in ID_COLUMNS]
            first = next(c for c in TEMPLATE_SECTIONS[sections[0]].columns if c in ID_COLUMNS)
            assert ids == [first], sections
