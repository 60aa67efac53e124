"""Safe fixes: switchable, logged, idempotent, and never touching other cells."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import check_table, read_table
from checks.fix.fixes import FIXES, apply_fixes, available_fixes, fix_names
from checks.model.errors import UsageError
from checks.model.rules import RULES
from tests.helpers import DEFS

MESSY = (
    "Customer name;Customer ID;Account manager;Workflow;Segment;Tags;Contract end;"
    "Credit limit;Direct debit\n"
    "Acme; C1;Camille.Martin@northwind.example;standard;mid market;strategic, vip;"
    "31/12/2026;1 234,56;Oui\n"
    "Beta;C2;lea.dubois@northwind.example;Standard;SMB;VIP;2026-01-31;12;true\n"
)


def result_of(text: str):
    return check_table(read_table(text.encode("utf-8"), "messy.csv"), DEFS)


def test_every_fix_names_rules_of_the_catalogue() -> None:
    for fix in FIXES:
        assert fix.rules and set(fix.rules) <= set(RULES), fix.name
        assert fix.title and fix.description


def test_apply_all_fixes_logs_each_change_and_leaves_no_fixable_finding() -> None:
    outcome = apply_fixes(result_of(MESSY))
    log = outcome.changes[["row", "column", "before", "after", "rule"]].values.tolist()
    assert log == [
        [2, "Customer ID", " C1", "C1", "whitespace"],
        [2, "Account manager", "Camille.Martin@northwind.example",
         "camille.martin@northwind.example", "email_uppercase"],
        [2, "Workflow", "standard", "Standard", "workflow_not_found"],
        [2, "Segment", "mid market", "Mid-market", "select_option"],
        [2, "Tags", "strategic, vip", "Strategic,VIP", "multi_select_option"],
        [2, "Contract end", "31/12/2026", "2026-12-31", "date_format"],
        [2, "Credit limit", "1 234,56", "1234.56", "number_format"],
        [2, "Direct debit", "Oui", "true", "boolean_format"],
    ]
    assert outcome.result.findings.empty
    # the second line had nothing to fix: it is exactly as it was
    assert outcome.table.data.loc[3].tolist() == result_of(MESSY).table.data.loc[3].tolist()


def test_a_fix_can_be_switched_off() -> None:
    outcome = apply_fixes(result_of(MESSY), [f.name for f in FIXES if f.name != "dates"])
    assert "date_format" not in outcome.changes["rule"].tolist()
    assert outcome.table.data.loc[2, 6] == "31/12/2026"
    assert outcome.result.findings["rule"].tolist() == ["date_format"]


def test_applying_twice_changes_nothing_more() -> None:
    once = apply_fixes(result_of(MESSY))
    twice = apply_fixes(once.result)
    assert twice.changes.empty
    assert twice.table.data.equals(once.table.data)


def test_available_fixes_counts_and_previews() -> None:
    offer = available_fixes(result_of(MESSY).findings)
    assert offer.set_index("fix")["count"].to_dict() == {
        "whitespace": 1, "lowercase_emails": 1, "numbers": 1, "dates": 1, "booleans": 1,
        "options": 2, "workflows": 1}
    previews = offer.set_index("fix")["examples"].to_dict()
    assert previews["dates"] == ["31/12/2026 → 2026-12-31"]


def test_unsure_values_are_never_fixed() -> None:
    text = ("Customer name;Customer ID;Contract end;Credit limit;Segment\n"
            "Acme;C1;03/04/2026;1,234;Mid market\n")
    outcome = apply_fixes(result_of(text))
    assert outcome.changes["rule"].tolist() == ["select_option"]
    assert sorted(outcome.result.findings["rule"]) == ["date_format", "number_format"]


def test_a_fix_goes_to_the_checked_column_when_a_header_repeats() -> None:
    """Found by tests/fuzz: with the first of two "Segment" columns ignored, the fix
    proposed for the second (the one checked) was written into the first."""
    table = read_table(b"Customer name;Segment;Segment\nAcme;keep me;smb\n", "x.csv")
    outcome = apply_fixes(check_table(table, DEFS, overrides={1: ""}))
    assert outcome.table.data.values.tolist() == [["Acme", "keep me", "SMB"]]
    assert outcome.changes[["before", "after"]].values.tolist() == [["smb", "SMB"]]


def test_a_fix_lands_on_its_own_column_of_a_repeated_header() -> None:
    """Two columns named alike and both mapped by the user: the finding knows its
    column's position, so the fix goes to the Tags column and nowhere else."""
    table = read_table(b"Customer name;Segment;Segment\nAcme;SMB;vip\n", "x.csv")
    result = check_table(table, DEFS, overrides={2: "Tags"})
    assert list(result.findings["fix"].dropna()) == ["VIP"]  # for the Tags column
    outcome = apply_fixes(result)
    assert outcome.table.data.values.tolist() == [["Acme", "SMB", "VIP"]]
    assert outcome.changes[["row", "column", "before", "after"]].values.tolist() == [
        [2, "Segment", "vip", "VIP"]]


def test_unknown_fix_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown fix"):
        fix_names(["magic"])


_VALUES = st.sampled_from(["", " SMB", "smb", "Mid market", "1 234,56", "12,5", "1,234",
                           "31/12/2025", "03/04/2025", "2025-01-01", "Oui", "non", "maybe",
                           "Standard", "standard ", "x", "=1+1", "Strategic;vip", "  "])


@settings(max_examples=60)  # each example checks a file three times
@given(st.lists(st.tuples(_VALUES, _VALUES, _VALUES, _VALUES, _VALUES, _VALUES),
                min_size=1, max_size=6))
def test_fixing_is_idempotent_and_only_touches_fixed_cells(rows) -> None:
    header = "Customer name;Customer ID;Segment;Credit limit;Contract end;Direct debit;Tags"
    lines = [f'Name{i};C{i};{";".join(row[:5])};"{row[5]}"' for i, row in enumerate(rows)]
    text = "\n".join([header, *lines])
    result = result_of(text)
    once = apply_fixes(result)
    changed = set(zip(once.changes["row"], once.changes["column"], strict=True))
    headers = result.table.headers
    for position, header_name in enumerate(headers):
        before = result.table.data[position]
        after = once.table.data[position]
        for row in before.index:
            if (row, header_name) not in changed:
                assert after[row] == before[row]
    assert apply_fixes(once.result).changes.empty
