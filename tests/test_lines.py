"""Rules between lines: mandatory values per section and the cross-row rules."""

import pytest

from tests.helpers import check_text, flat


def test_contact_file_repeating_only_id_and_name_is_no_conflict() -> None:
    text = ("Customer name;Client ID (External ID);Contact email address;Town\n"
            "Acme;C1;a@acme.example;Paris\n"
            ";C1;b@acme.example;\n"
            "Acme;C1;c@acme.example;Lyon\n")
    assert flat(check_text(text)) == [
        [3, "Customer name", "required_missing"],  # 🚩 on every contact line
        [4, "Town", "customer_conflict"],
    ]


def test_every_disagreeing_line_after_the_first_is_reported() -> None:
    text = "Customer name;Customer ID\nAcme;C1\nAcme SA;C1\nAcme;C1\nAcme Ltd;C1\nBeta;C2\n"
    findings = check_text(text)
    assert flat(findings) == [[3, "Customer name", "customer_conflict"],
                              [5, "Customer name", "customer_conflict"]]
    assert "'C1'" in findings["message"].iloc[0]


def test_any_identifier_name_fills_the_mandatory_id() -> None:
    text = "Customer name;Customer ID;Workflow\nAcme;C1;Standard\nBeta;;Standard\n"
    assert flat(check_text(text)) == [[3, "Customer ID", "required_missing"]]


def test_mixed_file_only_contact_lines_need_contact_values() -> None:
    text = ("Customer name;Customer ID;Workflow;Contact email address;First name\n"
            "Acme;C1;Standard;;\n"          # a customer line without contact: fine
            "Acme;C1;;;Nora\n"              # a contact line without its email
            "Acme;C1;;a@acme.example;Tom\n")
    assert flat(check_text(text)) == [[3, "Contact email address", "required_missing"]]


def test_main_contact_is_counted_per_customer_and_fixable_markers_count() -> None:
    text = ("Customer name;Client ID (External ID);Contact email address;Main contact\n"
            "Acme;C1;a@acme.example;1\n"
            "Acme;C1;b@acme.example;yes\n"
            "Beta;C2;c@beta.example;1\n"
            "Beta;C2;d@beta.example;\n")
    assert flat(check_text(text)) == [
        [2, "Main contact", "main_contact_multiple"],
        [3, "Main contact", "main_contact_format"],
        [3, "Main contact", "main_contact_multiple"],
    ]


def test_same_email_for_two_customers_is_not_a_duplicate() -> None:
    text = ("Customer name;Client ID (External ID);Contact email address\n"
            "Acme;C1;ap@shared.example\nBeta;C2;ap@shared.example\n"
            "Beta;C2;AP@shared.example\n")
    assert flat(check_text(text)) == [[4, "Contact email address", "duplicate_contact"]]


@pytest.mark.parametrize("parent_id, rule", [("000123", None), ("C2", None),
                                             ("C1", "parent_self"), ("X9", "parent_unknown")])
def test_parent_id_checks(parent_id: str, rule: str | None) -> None:
    text = f"Customer name;Customer ID;Parent name;Parent ID\nAcme;C1;P;{parent_id}\nB;C2;;\n"
    expected = [[2, "Parent ID", rule]] if rule else []
    assert flat(check_text(text)) == expected


def test_parent_columns_both_or_neither() -> None:
    text = "Customer name;Customer ID;Parent name;Parent ID\nA;C1;;C2\nB;C2;Beta;\nC;C3;;\n"
    assert flat(check_text(text)) == [[2, "Parent name", "parent_incomplete"],
                                      [3, "Parent ID", "parent_incomplete"]]
