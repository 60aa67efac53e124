"""The whole check: every rule of the specification is produced by an input that has the
problem, and the same column with a good value produces nothing."""

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import RULES, CheckOptions, DateOrder, SourceSystem, check_table, read_table
from tests.helpers import DEFS, check_bytes, check_text, flat

BASE = "Customer name;Customer ID"
CONTACTS = "Customer name;Client ID (External ID);Contact email address"

# rule → (file with the problem, where it is found [row, column], same file made good)
CASES = {
    "required_missing": (f"{BASE}\n;C1", [2, "Customer name"], f"{BASE}\nAcme;C1"),
    "whitespace": (f"{BASE}\nAcme; C1", [2, "Customer ID"], f"{BASE}\nAcme;C1"),
    "text_too_long": (f"{BASE};Collector notes\nAcme;C1;{'x' * 2001}",
                      [2, "Collector notes"], f"{BASE};Collector notes\nAcme;C1;{'x' * 2000}"),
    "number_format": (f"{BASE};Credit limit\nAcme;C1;1 234,56", [2, "Credit limit"],
                      f"{BASE};Credit limit\nAcme;C1;1234.56"),
    "date_format": (f"{BASE};Contract end\nAcme;C1;31/12/2025", [2, "Contract end"],
                    f"{BASE};Contract end\nAcme;C1;2025-12-31"),
    "boolean_format": (f"{BASE};Direct debit\nAcme;C1;yes", [2, "Direct debit"],
                       f"{BASE};Direct debit\nAcme;C1;TRUE"),
    "select_option": (f"{BASE};Segment\nAcme;C1;smb", [2, "Segment"],
                      f"{BASE};Segment\nAcme;C1;SMB"),
    "multi_select_option": (f"{BASE};Tags\nAcme;C1;Strategic,Gold", [2, "Tags"],
                            f"{BASE};Tags\nAcme;C1;Strategic,VIP"),
    "email_format": (f"{CONTACTS}\nAcme;C1;bob@",
                     [2, "Contact email address"],
                     f"{CONTACTS}\nAcme;C1;bob@acme.example"),
    "email_uppercase": (f"{BASE};Account manager\nAcme;C1;Camille.Martin@northwind.example",
                        [2, "Account manager"],
                        f"{BASE};Account manager\nAcme;C1;camille.martin@northwind.example"),
    "member_not_found": (f"{BASE};Account manager\nAcme;C1;nobody@northwind.example",
                         [2, "Account manager"],
                         f"{BASE};Account manager\nAcme;C1;lea.dubois@northwind.example"),
    "member_not_account_manager": (
        f"{BASE};Account manager\nAcme;C1;priya.shah@northwind.example", [2, "Account manager"],
        f"{BASE};Account manager\nAcme;C1;jonas.weber@northwind.example"),
    "workflow_not_found": (f"{BASE};Workflow\nAcme;C1;Gold", [2, "Workflow"],
                           f"{BASE};Workflow\nAcme;C1;Dunning+"),
    "position_invalid": (f"{CONTACTS};Position\n"
                         "Acme;C1;a@acme.example;Boss", [2, "Position"],
                         f"{CONTACTS};Position\n"
                         "Acme;C1;a@acme.example;Payer"),
    "main_contact_format": (f"{CONTACTS};Main contact\n"
                            "Acme;C1;a@acme.example;2", [2, "Main contact"],
                            f"{CONTACTS};Main contact\n"
                            "Acme;C1;a@acme.example;1"),
    "main_contact_multiple": (
        f"{CONTACTS};Main contact\n"
        "Acme;C1;a@acme.example;1\nAcme;C1;b@acme.example;1\nBeta;C2;c@beta.example;1",
        [3, "Main contact"],
        f"{CONTACTS};Main contact\n"
        "Acme;C1;a@acme.example;1\nAcme;C1;b@acme.example;\nBeta;C2;c@beta.example;1"),
    "customer_not_found": ("External ID;Workflow\nC-404;Standard", [2, "External ID"],
                           "External ID;Workflow\nC-9001;Standard"),
    "parent_incomplete": (f"{BASE};Parent name;Parent ID\nAcme;C1;Holding;", [2, "Parent ID"],
                          f"{BASE};Parent name;Parent ID\nAcme;C1;Acme Holdings;000123"),
    "parent_self": (f"{BASE};Parent name;Parent ID\nAcme;C1;Acme;C1", [2, "Parent ID"],
                    f"{BASE};Parent name;Parent ID\nAcme;C1;;"),
    "parent_unknown": (f"{BASE};Parent name;Parent ID\nAcme;C1;Ghost;C9", [2, "Parent ID"],
                       f"{BASE};Parent name;Parent ID\nAcme;C1;Beta;C2\nBeta;C2;;"),
    "customer_conflict": (f"{BASE}\nAcme;C1\nAcme Corp;C1", [3, "Customer name"],
                          f"{BASE}\nAcme;C1\nAcme;C1"),
    "duplicate_contact": (f"{CONTACTS}\n"
                          "Acme;C1;a@acme.example\nAcme;C1;a@acme.example",
                          [3, "Contact email address"],
                          f"{CONTACTS}\n"
                          "Acme;C1;a@acme.example\nAcme;C1;b@acme.example"),
    "id_damaged": (f"{BASE}\nAcme;1.23E+11", [2, "Customer ID"], f"{BASE}\nAcme;123000000000"),
    "formula_like": (f"{BASE};Collector notes\nAcme;C1;=HYPERLINK(\"x\")", [2, "Collector notes"],
                     f"{BASE};Collector notes\nAcme;C1;HYPERLINK"),
    "ragged_row": (f"{BASE}\nAcme;C1;extra", [2, None], f"{BASE}\nAcme;C1"),
    "duplicate_header": (f"{BASE};Customer ID\nAcme;C1;C1", [None, "Customer ID"],
                         f"{BASE}\nAcme;C1"),
    "unknown_column": (f"{BASE};Colour\nAcme;C1;red", [None, "Colour"], f"{BASE}\nAcme;C1"),
    "missing_column": (f"{BASE};Parent name\nAcme;C1;Beta", [None, "Parent ID"],
                       f"{BASE}\nAcme;C1"),
    "synced_custom_field": (f"{BASE};NetSuite Id\nAcme;C1;285", [None, "NetSuite Id"],
                            f"{BASE};Salesforce Account Id\nAcme;C1;001IV00000hHdc7YAC"),
    "header_alias": ("customer name;Customer ID\nAcme;C1", [None, "customer name"],
                     f"{BASE}\nAcme;C1"),
    "file_empty": (BASE, [None, None], f"{BASE}\nAcme;C1"),
    "no_import_columns": ("N° facture;Date;Montant TTC\nF-2025-001;31/01/2025;1 200,00",
                          [None, None], f"{BASE}\nAcme;C1"),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_is_found_and_good_value_passes(rule: str) -> None:
    bad, where, good = CASES[rule]
    found = flat(check_text(bad))
    assert [*where, rule] in found, found
    assert flat(check_text(good)) == []


LATIN = f"{BASE};Town\nSociété Générale;C1;Besançon\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
NATIVE = replace(DEFS, source_system=SourceSystem.NATIVE)

# The rules a UTF-8 text checked with the demo definitions cannot show (another
# encoding, a file that is no text, another source system):
# rule → (file with the problem, definitions, where it is found, same file made good)
BYTE_CASES = {
    "encoding_converted": (LATIN.encode("cp1252"), DEFS, [None, None], LATIN.encode()),
    "file_unreadable": (PNG, DEFS, [None, None], f"{BASE}\nAcme;C1".encode()),
    "section_not_allowed": (f"{BASE};Town;Workflow\nAcme;C1;Paris;Standard".encode(), NATIVE,
                            [None, "Town"], f"{BASE};Workflow\nAcme;C1;Standard".encode()),
}


@pytest.mark.parametrize("rule", sorted(BYTE_CASES))
def test_rule_is_found_in_bytes_and_good_file_passes(rule: str) -> None:
    bad, definitions, where, good = BYTE_CASES[rule]
    found = flat(check_bytes(bad, definitions))
    assert [*where, rule] in found, found
    assert flat(check_bytes(good, definitions)) == []


def test_section_not_allowed_depends_on_source_system() -> None:
    text = f"{BASE};Town;Workflow\nAcme;C1;Paris;Standard"
    native = replace(DEFS, source_system=SourceSystem.NATIVE)
    assert flat(check_text(text, native)) == [[None, "Town", "section_not_allowed"]]
    sf_api = replace(DEFS, source_system=SourceSystem.SALESFORCE_API)
    assert flat(check_text(text, sf_api)) == [[None, "Workflow", "section_not_allowed"]]
    assert flat(check_text(text)) == []


def test_encoding_converted_and_file_unreadable() -> None:
    latin = f"{BASE};Town\nSociété Générale;C1;Besançon\n".encode("cp1252")
    assert flat(check_bytes(latin)) == [[None, None, "encoding_converted"]]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert [r for *_, r in flat(check_bytes(png))] == ["file_unreadable"]


@pytest.mark.parametrize("name", ["customers_clean.csv", "contacts_clean.csv"])
def test_shared_samples_are_clean(samples: Path, name: str) -> None:
    from checks import load_definitions

    definitions = load_definitions(samples / "definitions.yaml")
    table = read_table((samples / name).read_bytes(), name)
    assert flat(check_table(table, definitions).findings) == []


def test_one_problem_one_finding() -> None:
    # " SMB " becomes valid once trimmed: only whitespace. " smb " is a wrong option: only
    # select_option, whose fix includes the trim.
    findings = check_text(f"{BASE};Segment\nAcme;C1; SMB \nBeta;C2; smb ")
    assert flat(findings) == [[2, "Segment", "whitespace"], [3, "Segment", "select_option"]]
    assert findings["fix"].tolist() == ["SMB", "SMB"]
    # An uppercase email whose lowercase form is an account manager: only email_uppercase.
    findings = check_text(f"{BASE};Account manager\nAcme;C1;LEA.DUBOIS@northwind.example")
    assert flat(findings) == [[2, "Account manager", "email_uppercase"]]
    assert findings["fix"].tolist() == ["lea.dubois@northwind.example"]


def test_fixes_are_proposed_where_the_spec_names_a_safe_fix() -> None:
    text = ("Customer name;Customer ID;Workflow;Credit limit;Contract end;Direct debit;Tags\n"
            "Acme;C1;key accounts - soft;1 234,56;2025.12.31;Oui;strategic;vip\n")
    text = text.replace("strategic;vip", '"strategic;vip"')
    findings = check_text(text)
    fixes = dict(zip(findings["rule"], findings["fix"], strict=True))
    assert fixes == {"workflow_not_found": "Key accounts – soft", "number_format": "1234.56",
                     "date_format": "2025-12-31", "boolean_format": "true",
                     "multi_select_option": "Strategic;VIP"}


def test_ambiguous_dates_need_the_users_choice() -> None:
    text = f"{BASE};Contract end\nAcme;C1;03/04/2025"
    assert check_text(text)["fix"].tolist() == [None]
    day_first = check_text(text, options=CheckOptions(DateOrder.DAY_FIRST))
    assert day_first["fix"].tolist() == ["2025-04-03"]
    month_first = check_text(text, options=CheckOptions(DateOrder.MONTH_FIRST))
    assert month_first["fix"].tolist() == ["2025-03-04"]


def test_findings_have_the_spec_columns_and_cell_values() -> None:
    findings = check_text(f"{BASE};Segment\nAcme;C1;Gold")
    # RULES.md's columns, then the column's position in the file (internal)
    assert list(findings.columns) == ["row", "column", "value", "rule", "severity", "message",
                                      "fix", "position"]
    record = findings.iloc[0].to_dict()
    assert record["row"] == 2 and record["value"] == "Gold" and record["severity"] == "error"
    assert "Gold" in record["message"] and "Segment" in record["message"]


def test_row_numbers_follow_the_spreadsheet_with_multiline_values() -> None:
    text = f'{BASE};Collector notes\nAcme;C1;"two\nlines"\nBeta;C2;=1+1'
    assert flat(check_text(text)) == [[3, "Collector notes", "formula_like"]]


def test_messy_demo_sample_finds_each_problem_once() -> None:
    sample = Path(__file__).parents[1] / "samples" / "customers_messy.csv"
    table = read_table(sample.read_bytes(), sample.name)
    findings = check_table(table, DEFS).findings
    assert findings.groupby("rule").size().to_dict() == {
        "boolean_format": 2, "customer_conflict": 1, "date_format": 2, "email_uppercase": 1,
        "formula_like": 1, "id_damaged": 1, "member_not_account_manager": 1,
        "member_not_found": 1, "multi_select_option": 1, "number_format": 2,
        "parent_incomplete": 1, "required_missing": 1, "select_option": 1,
        "unknown_column": 1, "whitespace": 2, "workflow_not_found": 3}
    assert not findings.duplicated(["row", "column"]).loc[findings["row"].notna()].any()


_CELL = st.text(alphabet=st.sampled_from(list("ab ;,|\"'\n=+-@0123456789.éß\u00a0/")),
                max_size=12)


@given(st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=8),
       st.sampled_from([";", ",", "|"]),
       st.lists(st.sampled_from(["Customer name", "Customer ID", "Parent name", "Parent ID",
                                 "Account manager", "Workflow", "Segment", "Tags",
                                 "Contract end", "Credit limit", "Direct debit",
                                 "Contact email address", "Main contact", "Position", "Other"]),
                min_size=1, max_size=6))
def test_the_whole_check_never_raises(rows: list[list[str]], sep: str,
                                      headers: list[str]) -> None:
    text = "\n".join([sep.join(headers), *(sep.join(row) for row in rows)])
    result = check_table(read_table(text.encode("utf-8"), "fuzz.csv"), DEFS)
    assert list(result.findings.columns) == ["row", "column", "value", "rule", "severity",
                                             "message", "fix", "position"]
    assert result.findings["rule"].isin(list(RULES)).all()
