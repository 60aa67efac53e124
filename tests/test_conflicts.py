"""`customer_conflict` for customers known by their name: Upflow identifies a customer
by its name when its line has no customer ID (RULES.md, "Customers without an ID")."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from checks.check.lines.conflicts import BY_NAME, conflict_checks
from checks.check.memo import memo_scope
from tests.helpers import check_text, flat


def test_lines_without_an_id_sharing_a_name_are_one_customer() -> None:
    text = ("Customer name;Town;Country\n"
            "Acme;Paris;France\n"
            "Acme;Lyon;\n"           # disagrees on Town; an empty Country is no disagreement
            "Beta;Nice;France\n"
            "Beta;;France\n"         # a repeated line may leave a detail empty
            "Gamma;Rome;Italy\n")
    findings = check_text(text)
    assert flat(findings) == [[3, "Town", "customer_conflict"]]
    assert findings["message"].iloc[0] == (
        "Another line of customer 'Acme' (no customer ID: Upflow goes by the name) has a "
        "different 'Town'.")


def test_a_file_with_ids_groups_its_lines_without_an_id_by_name() -> None:
    text = ("Customer name;Customer ID;Town\n"
            "Acme;;Paris\n"
            "Beta;C2;Nice\n"
            "Acme;;Lyon\n"           # same name, no ID: the same customer as line 2
            "Beta;C2;Nice\n")
    findings = check_text(text)
    assert flat(findings) == [[4, "Town", "customer_conflict"]]
    assert BY_NAME.format(name="Acme") in findings["message"].iloc[0]


def test_a_line_with_an_id_is_not_merged_with_a_line_without_one() -> None:
    """RULES.md groups by name only the lines that have no ID: "Acme" with ID C1 and
    "Acme" without an ID are two customers here, and so are the ID "Acme" and the name
    "Acme"."""
    text = ("Customer name;Customer ID;Town\n"
            "Acme;C1;Paris\n"
            "Acme;;Lyon\n"
            "Zed;Acme;Rome\n"
            "Acme;;Lyon\n")
    assert flat(check_text(text)) == []


def test_same_name_with_different_ids_is_two_customers() -> None:
    text = "Customer name;Customer ID;Town\nAcme;C1;Paris\nAcme;C2;Lyon\n"
    assert flat(check_text(text)) == []


def test_names_are_compared_as_written_once_spaces_are_cleaned() -> None:
    text = "Customer name;Town\nAcme;Paris\nAcme\u00a0;Lyon\nACME;Nice\n"
    assert flat(check_text(text)) == [[3, "Customer name", "whitespace"],
                                      [3, "Town", "customer_conflict"]]


def test_lines_without_a_name_nor_an_id_belong_to_no_customer() -> None:
    text = "Customer name;Customer ID;Town\n;;Paris\n;;Lyon\n"
    rules = [rule for _, _, rule in flat(check_text(text))]
    assert "customer_conflict" not in rules


def test_bad_and_good_lines_in_the_same_column() -> None:
    bad = "Customer name;Accounting code\nAcme;411ACME\nAcme;411ACM\n"
    good = "Customer name;Accounting code\nAcme;411ACME\nAcme;411ACME\n"
    assert flat(check_text(bad)) == [[3, "Accounting code", "customer_conflict"]]
    assert flat(check_text(good)) == []


# ── the vectorised rule against a plain groupby ─────────────────────────────────


def expected_conflicts(frame: pd.DataFrame, column: str) -> list[int]:
    """The rule said plainly with pandas: group lines by ID, or by name when the ID is
    empty; a line conflicts when its value is given and differs from the first given
    value of its group."""
    ids, names = frame["Customer ID"].str.strip(), frame["Customer name"].str.strip()
    key = ("id:" + ids).where(ids != "", ("name:" + names).where(names != ""))
    values = frame[column].str.strip()
    given = key.notna() & (values != "")
    first = values[given].groupby(key[given]).transform("first")
    return sorted(first.index[values[given] != first])


_CELL = st.sampled_from(["", "a", "b", " a"])


@given(st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=12))
def test_the_rule_is_a_groupby_by_id_then_name(lines: list[tuple[str, str, str]]) -> None:
    frame = pd.DataFrame(lines, columns=["Customer name", "Customer ID", "Town"],
                         dtype="str").set_axis(range(2, len(lines) + 2))
    checks = {c.column: c for c in conflict_checks("Customer ID", set(frame.columns))}
    with memo_scope():
        for column in ("Customer name", "Town"):
            passes = checks[column].passes(frame)
            assert sorted(passes.index[~passes]) == expected_conflicts(frame, column)


@given(st.lists(st.tuples(_CELL, _CELL), max_size=12))
def test_without_an_id_column_the_rule_is_a_groupby_by_name(
        lines: list[tuple[str, str]]) -> None:
    frame = pd.DataFrame(lines, columns=["Customer name", "Town"],
                         dtype="str").set_axis(range(2, len(lines) + 2))
    checks = conflict_checks(None, set(frame.columns))
    assert [c.column for c in checks] == ["Town"]  # one name's lines agree on the name
    with memo_scope():
        passes = checks[0].passes(frame)
    reference = frame.assign(**{"Customer ID": pd.Series("", index=frame.index, dtype="str")})
    assert sorted(passes.index[~passes]) == expected_conflicts(reference, "Town")
