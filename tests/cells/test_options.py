"""Closed lists: select and multi-select options, workflows, positions."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.base import CellCheck
from checks.check.cells.options import (
    multi_select_checks,
    multi_select_whitespace_check,
    position_checks,
    select_checks,
    workflow_checks,
)
from checks.check.cells.spaces import whitespace_check
from checks.definitions.document import CustomField, FieldType
from checks.text.vectorised import key_of

SEGMENT = CustomField("Segment", FieldType.SINGLE_SELECT,
                      ("SMB", "Mid-market", "Enterprise", "Île-de-France", "Straße"))
TAGS = CustomField("Tags", FieldType.MULTI_SELECT, ("Strategic", "VIP", "Key account", "A", "B"))
WORKFLOWS = ("Key accounts – soft", "Default", "Public sector")


def only(checks: list[CellCheck]) -> CellCheck:
    assert len(checks) == 1
    return checks[0]


SELECT = only(select_checks(SEGMENT))
MULTI = only(multi_select_checks(TAGS))
WORKFLOW = only(workflow_checks(WORKFLOWS))
POSITION = only(position_checks())


def run(check: CellCheck, values: list[str], index: list[int] | None = None) -> pd.DataFrame:
    column = pd.Series(values, index=index, dtype="str")
    out = pd.DataFrame({"passes": check.passes(column)})
    assert out["passes"].dtype == bool
    for name, func in (("fix", check.propose), ("detail", check.explain)):
        if func is None:
            out[name] = ""
            continue
        result = func(column)
        assert result.index.equals(column.index)
        out[name] = result.astype(object)
    return out


def one(check: CellCheck, value: str) -> tuple[bool, str | None, str]:
    row = run(check, [value]).iloc[0]
    fix = None if pd.isna(row["fix"]) else row["fix"]
    return bool(row["passes"]), fix, (row["detail"] if not row["passes"] else "")


# ── single select ─────────────────────────────────────────────────────────────

OPTIONS_LISTED = (" (the options are 'SMB', 'Mid-market', 'Enterprise', 'Île-de-France' "
                  "and 'Straße')")


@pytest.mark.parametrize(("value", "expected"), [
    ("SMB", (True, None, "")),
    ("", (True, None, "")),
    (" SMB ", (True, None, "")),  # only a whitespace problem
    ("SMB\u00a0", (True, None, "")),
    ("smb", (False, "SMB", " (did you mean 'SMB'?)")),
    (" smb ", (False, "SMB", " (did you mean 'SMB'?)")),  # the fix includes the trim
    ("mid market", (False, "Mid-market", " (did you mean 'Mid-market'?)")),
    ("MID_MARKET!", (False, "Mid-market", " (did you mean 'Mid-market'?)")),
    ("ile de france", (False, "Île-de-France", " (did you mean 'Île-de-France'?)")),
    ("Ile-de-France", (False, "Île-de-France", " (did you mean 'Île-de-France'?)")),
    ("STRASSE", (False, "Straße", " (did you mean 'Straße'?)")),
    ("strasse", (False, "Straße", " (did you mean 'Straße'?)")),
    ("Large", (False, None, OPTIONS_LISTED)),
    ("–", (False, None, OPTIONS_LISTED)),  # an empty key matches nothing
])
def test_select(value: str, expected: tuple[bool, str | None, str]) -> None:
    assert one(SELECT, value) == expected


def test_select_two_options_with_the_same_key_get_no_fix() -> None:
    check = only(select_checks(CustomField("Tier", FieldType.SINGLE_SELECT,
                                           ("VIP", "Vip", "Gold"))))
    assert one(check, "VIP")[0] and one(check, "Vip")[0]
    assert one(check, "vip")[:2] == (False, None)
    assert one(check, "GOLD")[:2] == (False, "Gold")


def test_select_long_option_lists_are_not_listed() -> None:
    field = CustomField("Code", FieldType.SINGLE_SELECT, tuple(f"C{i}" for i in range(20)))
    assert one(only(select_checks(field)), "nope") == (False, None, "")


def test_select_single_option_detail() -> None:
    field = CustomField("Only", FieldType.SINGLE_SELECT, ("Yes",))
    assert one(only(select_checks(field)), "Maybe")[2] == " (the only one is 'Yes')"


def test_select_alignment_and_repeated_values() -> None:
    out = run(SELECT, ["smb", "SMB", "", "smb", "x"], [10, 4, 99, 5, 2])
    assert out["passes"].to_dict() == {10: False, 4: True, 99: True, 5: False, 2: False}
    assert out["fix"].to_dict() == {10: "SMB", 4: None, 99: None, 5: "SMB", 2: None}


def test_select_empty_column() -> None:
    assert run(SELECT, []).empty


def test_wrong_field_types_are_refused() -> None:
    with pytest.raises(ValueError):
        select_checks(TAGS)
    with pytest.raises(ValueError):
        multi_select_checks(SEGMENT)


# ── multi select ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("value", "expected"), [
    ("Strategic,VIP", (True, None, "")),
    ("Strategic;VIP", (True, None, "")),
    ("VIP", (True, None, "")),
    ("", (True, None, "")),
    ("Strategic, VIP", (True, None, "")),  # only a whitespace problem
    (" VIP ; A ", (True, None, "")),
    ("vip;strategic", (False, "VIP;Strategic", " (did you mean 'VIP;Strategic'?)")),
    ("vip,strategic", (False, "VIP,Strategic", " (did you mean 'VIP,Strategic'?)")),
    ("vip;strategic,a", (False, "VIP,Strategic,A", " (did you mean 'VIP,Strategic,A'?)")),
    (" key-account ; vip ", (False, "Key account;VIP", " (did you mean 'Key account;VIP'?)")),
    ("A,,B", (False, "A,B", " (did you mean 'A,B'?)")),
    ("A,B,", (False, "A,B", " (did you mean 'A,B'?)")),
    (",", (False, "", " (it holds only separators)")),
    ("Gold", (False, None, " ('Gold' is not an option)")),
    ("Gold, vip", (False, None, " ('Gold', 'vip' are not options)")),
    ("VIP,Gold,Silver", (False, None, " ('Gold', 'Silver' are not options)")),
])
def test_multi_select(value: str, expected: tuple[bool, str | None, str]) -> None:
    assert one(MULTI, value) == expected


@pytest.mark.parametrize(("value", "fix"), [
    ("Strategic, VIP", "Strategic,VIP"),
    ("Strategic ;VIP", "Strategic;VIP"),
    (" VIP", "VIP"),
    ("Strategic,VIP", None),
])
def test_multi_select_whitespace(value: str, fix: str | None) -> None:
    check = multi_select_whitespace_check()
    assert check.rule == "whitespace"
    assert one(check, value)[:2] == (fix is None, fix)


def test_multi_select_accents_and_same_keys() -> None:
    field = CustomField("Regions", FieldType.MULTI_SELECT, ("Île", "Nord", "nord-"))
    check = only(multi_select_checks(field))
    assert one(check, "ile;Île")[:2] == (False, "Île;Île")
    # "Nord" is the one option equal to NORD ignoring case; "nord-" is only as close once
    # symbols are ignored, a later tier.
    assert one(check, "Île,NORD")[:2] == (False, "Île,Nord")
    assert one(check, "Île,nord_")[:2] == (False, None)  # Nord and nord- tie in tier 3


def test_multi_select_alignment() -> None:
    out = run(MULTI, ["vip", "VIP", "", "Gold"], [5, 6, 2, 3])
    assert out["passes"].to_dict() == {5: False, 6: True, 2: True, 3: False}
    assert out["fix"].to_dict() == {5: "VIP", 6: None, 2: None, 3: None}
    assert run(MULTI, []).empty


# ── workflows and positions ───────────────────────────────────────────────────


@pytest.mark.parametrize(("value", "expected"), [
    ("Key accounts – soft", (True, None, "")),
    (" Key accounts – soft ", (True, None, "")),
    ("key accounts - soft", (False, "Key accounts – soft",
                             " (did you mean 'Key accounts – soft'?)")),
    ("KEY ACCOUNTS SOFT", (False, "Key accounts – soft",
                           " (did you mean 'Key accounts – soft'?)")),
    ("default", (False, "Default", " (did you mean 'Default'?)")),
    ("Hard", (False, None,
              " (the workflows are 'Key accounts – soft', 'Default' and 'Public sector')")),
])
def test_workflow(value: str, expected: tuple[bool, str | None, str]) -> None:
    assert WORKFLOW.rule == "workflow_not_found"
    assert one(WORKFLOW, value) == expected


def test_workflow_without_any_workflow() -> None:
    check = only(workflow_checks(()))
    assert one(check, "Default") == (False, None, " (the organization has no workflows)")
    assert one(check, "") == (True, None, "")


@pytest.mark.parametrize(("value", "expected"), [
    ("Sales", (True, None, "")),
    ("Payer", (True, None, "")),
    ("", (True, None, "")),
    ("SALES", (False, "Sales", " (did you mean 'Sales'?)")),
    (" accounting ", (False, "Accounting", " (did you mean 'Accounting'?)")),
    ("purchaser.", (False, "Purchaser", " (did you mean 'Purchaser'?)")),
    ("Boss", (False, None, " (the positions are 'Accounting', 'Sales', 'Purchaser' and "
                           "'Payer')")),
])
def test_position(value: str, expected: tuple[bool, str | None, str]) -> None:
    assert POSITION.rule == "position_invalid"
    assert one(POSITION, value) == expected


# ── properties ────────────────────────────────────────────────────────────────

#: Letters whose case changes keep the key (ASCII, French accents, ß), digits and
#: the symbols people type in names.
NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèÉÈàÀçÇîÎôÔüÜßæ0123 -–_'&."

option_names = st.text(NAME_ALPHABET, min_size=1, max_size=12).filter(
    lambda name: name == name.strip() and "  " not in name and key_of(name) != "")


def unique_key_options(names: list[str]) -> tuple[str, ...]:
    """Options whose keys are all distinct (the case where a fix is always proposed)."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(key_of(name), name)
    return tuple(by_key.values())


@given(st.lists(option_names, min_size=1, max_size=6, unique=True), st.data())
def test_select_properties(names: list[str], data: st.DataObject) -> None:
    options = unique_key_options(names)
    check = only(select_checks(CustomField("F", FieldType.SINGLE_SELECT, options)))
    chosen = data.draw(st.sampled_from(options))
    changed = data.draw(st.sampled_from([chosen.upper(), chosen.lower(), chosen.swapcase(),
                                         f" {chosen.casefold()} "]))
    assert one(check, chosen)[0]  # any exact option passes
    passes, fix, _ = one(check, changed)
    if changed.strip() in options:
        assert passes
    else:
        assert (passes, fix) == (False, options[[key_of(o) for o in options]
                                                .index(key_of(changed))])


@given(st.lists(option_names, min_size=1, max_size=6, unique=True),
       st.lists(st.text(max_size=15), max_size=6))
def test_proposed_fixes_pass(names: list[str], values: list[str]) -> None:
    select = only(select_checks(CustomField("F", FieldType.SINGLE_SELECT, tuple(names))))
    multi = only(multi_select_checks(CustomField("M", FieldType.MULTI_SELECT, tuple(names))))
    workflow = only(workflow_checks(tuple(names)))
    for check, spaces in ((select, whitespace_check()), (workflow, whitespace_check()),
                          (multi, multi_select_whitespace_check()), (POSITION, whitespace_check())):
        column = pd.Series(values, dtype="str")
        passes = check.passes(column)
        fixes = check.propose(column)
        check.explain(column)
        assert fixes[passes].isna().all()
        proposed = pd.Series(fixes[~passes].dropna().tolist(), dtype="str")
        assert check.passes(proposed).all()
        assert spaces.passes(proposed).all()


@given(st.lists(option_names, min_size=1, max_size=5, unique=True), st.data())
def test_multi_select_items_of_options_pass(names: list[str], data: st.DataObject) -> None:
    check = only(multi_select_checks(CustomField("M", FieldType.MULTI_SELECT, tuple(names))))
    items = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4))
    separator = data.draw(st.sampled_from([",", ";", ", ", " ; "]))
    assert one(check, separator.join(items))[0]


@given(st.lists(st.text(), max_size=6))
def test_passes_never_raises(values: list[str]) -> None:
    column = pd.Series(values, dtype="str")
    for check in (SELECT, MULTI, WORKFLOW, POSITION):
        assert len(check.passes(column)) == len(values)
        assert len(check.propose(column)) == len(values)
        assert len(check.explain(column)) == len(values)


# ── closest name first (RULES.md: tiers) ────────────────────────────────────────────

@pytest.mark.parametrize(("options", "value", "fix"), [
    (("Net 30", "Net 30+"), "net 30", "Net 30"),          # tier 1: case
    (("Gold", "Gold+"), "gold", "Gold"),
    (("Gold", "Gold+"), "GOLD+", "Gold+"),
    (("Gold", "Gold+"), "gold +", "Gold+"),                # tier 2: spaces
    (("Société Générale", "Societe-Generale"), "societe generale", "Société Générale"),
    (("Net 30", "Net 30+"), "net-30", None),               # tier 3: both, no fix
    (("Key accounts – soft", "Standard"), "key accounts - soft", "Key accounts – soft"),
])
def test_select_option_fix_is_the_closest_option(options: tuple[str, ...], value: str,
                                                  fix: str | None) -> None:
    field = CustomField("Terms", FieldType.SINGLE_SELECT, options)
    assert one(only(select_checks(field)), value)[:2] == (False, fix)


@pytest.mark.parametrize(("workflows", "value", "fix"), [
    (("Relance PME", "Relance pme"), "relance pme", None),  # RULES.md: two in tier 1
    (("Relance PME", "Relance pme", "Relance-PME+"), "RELANCE PME", None),
    (("Relance PME", "Relance-PME"), "relance pme", "Relance PME"),
    (("Dunning", "Dunning+"), "dunning", "Dunning"),
])
def test_workflow_fix_is_the_closest_workflow(workflows: tuple[str, ...], value: str,
                                              fix: str | None) -> None:
    assert one(only(workflow_checks(workflows)), value)[:2] == (False, fix)


def test_positions_are_the_organizations() -> None:
    check = only(position_checks(("Accountant", "Payer", "Purchaser", "Sales")))
    assert one(check, "Accountant") == (True, None, "")
    assert one(check, "accountant")[:2] == (False, "Accountant")
    assert one(check, "Accounting") == (
        False, None, " (the positions are 'Accountant', 'Payer', 'Purchaser' and 'Sales')")
