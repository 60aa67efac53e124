"""`customer_not_found`: an assignment for a customer Upflow does not have, when the
definitions list the known customers and the file cannot create customers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checks.definitions.document import Definitions, KnownCustomer
from tests.helpers import DEFS, check_text, flat

# The demo organization's known customers: 000123, 000124 and C-9001.
MANAGER = "lea.dubois@northwind.example"


def rules(text: str, definitions: Definitions = DEFS) -> list[list]:
    return flat(check_text(text, definitions))


def test_unknown_and_known_ids_in_the_same_column() -> None:
    text = (f"External ID;Account manager;Workflow\n"
            f"C-404;{MANAGER};Standard\n"
            f"C-9001;{MANAGER};Standard\n"
            f"000123;;Standard\n"
            f"000999;{MANAGER};\n")
    findings = check_text(text)
    assert flat(findings) == [[2, "External ID", "customer_not_found"],
                              [5, "External ID", "customer_not_found"]]
    assert findings["value"].tolist() == ["C-404", "000999"]
    assert findings["severity"].tolist() == ["error", "error"]
    assert findings["message"].iloc[0] == (
        "No customer in Upflow has the ID 'C-404', so this line's account manager or "
        "workflow cannot be assigned (Upflow: \"The customer was not found\").")


@pytest.mark.parametrize("header", ["External ID", "Customer ID", "Client ID (External ID)",
                                    "External Id"])
def test_the_finding_is_on_the_identifier_as_the_file_names_it(header: str) -> None:
    text = f"{header};Workflow\nC-404;Standard\nC-9001;Standard\n"
    assert [2, header, "customer_not_found"] in rules(text)
    assert [r for r in rules(text) if r[0] is not None] == [[2, header, "customer_not_found"]]


def test_no_finding_without_known_customers() -> None:
    """Definitions without `customers` say nothing about which customers exist."""
    text = "External ID;Workflow\nC-404;Standard\n"
    assert rules(text, replace(DEFS, customers=())) == []


@pytest.mark.parametrize("details", ["Customer name", "Town", "VAT number"])
def test_no_finding_when_the_file_has_a_details_section(details: str) -> None:
    """A file with customer details creates the customers it names: a new ID is fine."""
    text = f"External ID;{details};Workflow\nC-404;New customer;Standard\n"
    assert "customer_not_found" not in [rule for *_, rule in rules(text)]


def test_lines_that_assign_nothing_are_not_looked_up() -> None:
    text = "External ID;Workflow;Segment\nC-404;;SMB\nC-9001;Standard;SMB\n"
    assert rules(text) == []


def test_spaces_around_a_known_id_are_only_whitespace() -> None:
    text = "External ID;Workflow\n C-9001 ;Standard\nC-9001\u00a0;Standard\n"
    assert rules(text) == [[2, "External ID", "whitespace"], [3, "External ID", "whitespace"]]


def test_an_empty_id_is_only_required_missing() -> None:
    assert rules("External ID;Workflow\n;Standard\n") == [
        [2, "External ID", "required_missing"]]


def test_ids_are_compared_exactly() -> None:
    """Upflow finds a customer by its exact ID: lost leading zeros or another case
    find nothing."""
    customers = (KnownCustomer("abc-1", "Acme"), KnownCustomer("000123", "Beta"))
    text = "External ID;Workflow\nABC-1;Standard\n123;Standard\nabc-1;Standard\n"
    assert rules(text, replace(DEFS, customers=customers)) == [
        [2, "External ID", "customer_not_found"], [3, "External ID", "customer_not_found"]]
