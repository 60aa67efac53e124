"""Email addresses: contacts' emails and account managers."""

from __future__ import annotations

import string
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import domains

from checks.check.cells.base import CellCheck
from checks.check.cells.emails import (
    account_manager_checks,
    account_manager_whitespace_check,
    contact_email_checks,
)
from checks.check.cells.options import multi_select_whitespace_check
from checks.check.cells.spaces import whitespace_check
from checks.definitions.document import Member

MEMBERS = (
    Member("jane.doe@demo.example", ("account_manager",)),
    Member("paul@demo.example", ("account_manager", "admin")),
    Member("bob@demo.example", ("admin",)),
)
CONTACT = contact_email_checks()[0]
AM = {check.rule: check for check in account_manager_checks(MEMBERS)}
AM_RULES = ("email_format", "member_not_found", "member_not_account_manager",
            "email_uppercase")


def results(check: CellCheck, values: list[str], index: list[int] | None = None
            ) -> pd.DataFrame:
    column = pd.Series(values, index=index, dtype="str")
    out = pd.DataFrame({"passes": check.passes(column)})
    assert out["passes"].dtype == bool
    for name, func in (("fix", check.propose), ("detail", check.explain)):
        if func is None:
            out[name] = None
            continue
        result = func(column)
        assert result.index.equals(column.index)
        out[name] = result.astype(object)
    return out


def failing(value: str) -> dict[str, tuple[str | None, str]]:
    """Rule → (fix, detail) for every account manager rule the value fails."""
    found = {}
    for rule in AM_RULES:
        row = results(AM[rule], [value]).iloc[0]
        if not row["passes"]:
            fix = None if pd.isna(row["fix"]) else row["fix"]
            found[rule] = (fix, row["detail"] if isinstance(row["detail"], str) else "")
    return found


# ── contact emails ────────────────────────────────────────────────────────────


@pytest.mark.parametrize("value", [
    "", "anna@acme.com", "Anna.Smith@Acme.COM", "first.last+tag@sub.acme.co.uk",
    "o'brien@acme.ie", "o'brien@exemple.ie", "a.b+factures@exemple.fr", "a_b-c@acme-corp.fr",
    "user@xn--bcher-kva.ch", "USER@XN--BCHER-KVA.CH",
    " anna@acme.com ",  # surrounding spaces: whitespace's finding
    "1234@123.example.com",
])
def test_valid_contact_emails(value: str) -> None:
    assert results(CONTACT, [value])["passes"].tolist() == [True]


@pytest.mark.parametrize(("value", "detail"), [
    ("anna", " (the @ is missing)"),
    ("anna@acme", " (the domain after the @ is incomplete)"),
    ("anna @acme.com", " (it contains a space)"),
    ("anna@@acme.com", " (it has more than one @)"),
    ("anna@bob@acme.com", " (it has more than one @)"),
    ("anna..smith@acme.com", " (it has two dots in a row)"),
    ("anna@acme..com", " (it has two dots in a row)"),
    ("a@acme.com;b@acme.com", " (put a single email address in the cell)"),
    (".anna@acme.com", ""),
    ("anna.@acme.com", ""),
    ("anna@acme.c", ""),
    ("anna@acme.c0m", ""),
    ("anna@-acme.com", ""),
    ("@acme.com", ""),
    ("anna@.com", ""),
    # Upflow's mail provider: only a-z, A-Z, digits and + _ ' . - (and the @)
    ("jöhn@exemple.fr", " (it contains 'ö', which Upflow's mail provider does not accept)"),
    (unicodedata.normalize("NFD", "jöhn@exemple.fr"),  # o + combining diaeresis: shown whole
     " (it contains 'o\u0308', which Upflow's mail provider does not accept)"),
    ("paiements@société.fr", " (it contains 'é', which Upflow's mail provider does not accept)"),
    ("josé@société.fr", " (it contains 'é', which Upflow's mail provider does not accept)"),
    ("x@bücher.xn--p1ai", " (it contains 'ü', which Upflow's mail provider does not accept)"),
    ("compta#1@exemple.fr", " (it contains '#', which Upflow's mail provider does not accept)"),
    ("a!b@exemple.fr", " (it contains '!', which Upflow's mail provider does not accept)"),
    ('"anna"@exemple.fr', " (it contains '\"', which Upflow's mail provider does not accept)"),
    ("compta@ex_emple.fr", " (it contains '_' after the @, where only letters, digits, "
                           "hyphens and dots are accepted)"),
    ("compta@exemple+1.fr", " (it contains '+' after the @, where only letters, digits, "
                            "hyphens and dots are accepted)"),
    ("an\u00adna@exemple.fr", " (it contains an invisible character; retype the address)"),
])
def test_invalid_contact_emails(value: str, detail: str) -> None:
    row = results(CONTACT, [value]).iloc[0]
    assert (bool(row["passes"]), row["fix"], row["detail"]) == (False, None, detail)


def test_a_refused_character_beside_good_values_in_one_column() -> None:
    out = results(CONTACT, ["jöhn@exemple.fr", "john@exemple.fr", "o'brien@exemple.ie",
                            "compta#1@exemple.fr", "a.b+factures@exemple.fr"])
    assert out["passes"].tolist() == [False, True, True, False, True]
    assert out["detail"].tolist() == [
        " (it contains 'ö', which Upflow's mail provider does not accept)", "", "",
        " (it contains '#', which Upflow's mail provider does not accept)", ""]


def test_contact_alignment() -> None:
    out = results(CONTACT, ["bad", "a@b.co", ""], [12, 3, 8])
    assert out["passes"].to_dict() == {12: False, 3: True, 8: True}
    assert out["detail"].to_dict() == {12: " (the @ is missing)", 3: "", 8: ""}
    assert results(CONTACT, []).empty


#: What Upflow's mail provider accepts before the @ (besides the dots between atoms).
ACCEPTED = string.ascii_letters + string.digits + "+_'-"


@given(st.lists(st.text(ACCEPTED, min_size=1, max_size=8), min_size=1, max_size=3),
       domains())
def test_addresses_upflow_accepts_are_valid(atoms: list[str], domain: str) -> None:
    email = f"{'.'.join(atoms)}@{domain}"
    assert results(CONTACT, [email])["passes"].tolist() == [True]


@given(st.emails())
def test_any_email_is_valid_exactly_when_upflow_accepts_its_characters(email: str) -> None:
    """RFC 5322 allows `!#$%&*/=?^`{|}~` before the @; Upflow's mail provider does not,
    and the message names the first one."""
    local = email.rsplit("@", 1)[0]
    refused = [ch for ch in local if ch not in ACCEPTED + "."]
    row = results(CONTACT, [email]).iloc[0]
    assert bool(row["passes"]) == (not refused)
    if refused:
        assert row["detail"] == (f" (it contains '{refused[0]}', which Upflow's mail provider "
                                 "does not accept)")


# ── account managers ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(("value", "expected"), [
    ("", {}),
    ("jane.doe@demo.example", {}),
    ("jane.doe@demo.example,paul@demo.example", {}),
    # spaces around the comma are whitespace's finding only
    ("jane.doe@demo.example, paul@demo.example", {}),
    (" jane.doe@demo.example ", {}),
    ("Jane.Doe@demo.example", {"email_uppercase": ("jane.doe@demo.example", "")}),
    ("JANE.DOE@DEMO.EXAMPLE, Paul@demo.example",
     {"email_uppercase": ("jane.doe@demo.example,paul@demo.example", "")}),
    ("bob@x.com", {"member_not_found": (None, "'bob@x.com'")}),
    ("jane.doe@demo.example,bob@x.com,eve@x.com",
     {"member_not_found": (None, "'bob@x.com', 'eve@x.com'")}),
    ("bob@demo.example", {"member_not_account_manager": (None, "'bob@demo.example'")}),
    ("Bob@demo.example", {"member_not_account_manager": (None, "'Bob@demo.example'"),
                          "email_uppercase": ("bob@demo.example", "")}),
    ("Bob@X.com", {"member_not_found": (None, "'Bob@X.com'"),
                   "email_uppercase": ("bob@x.com", "")}),
    ("jane.doe@demo.example,", {"email_format": (None, " (remove the extra comma)")}),
    ("jane.doe@demo.example,,paul@demo.example",
     {"email_format": (None, " (remove the extra comma)")}),
    ("jane.doe@demo.example;paul@demo.example",
     {"email_format": (None, " (separate several emails with a comma)"),
      "member_not_found": (None, "'jane.doe@demo.example;paul@demo.example'")}),
    ("jane", {"email_format": (None, " (the @ is missing)"),
              "member_not_found": (None, "'jane'")}),
    ("jane.doe@demo.example,paul", {"email_format": (None, " (check 'paul': the @ is missing)"),
                                    "member_not_found": (None, "'paul'")}),
    ("jöhn@demo.example", {
        "email_format": (None, " (it contains 'ö', which Upflow's mail provider does not "
                               "accept)"),
        "member_not_found": (None, "'jöhn@demo.example'")}),
    ("jane.doe@demo.example,jöhn@demo.example,paul", {
        "email_format": (None, " (check 'jöhn@demo.example': it contains 'ö', which Upflow's "
                               "mail provider does not accept; 'paul': the @ is missing)"),
        "member_not_found": (None, "'jöhn@demo.example', 'paul'")}),
])
def test_account_managers(value: str, expected: dict[str, tuple[str | None, str]]) -> None:
    assert failing(value) == expected


def test_account_manager_refused_character_beside_a_good_value() -> None:
    out = results(AM["email_format"], ["jöhn@demo.example", "paul@demo.example"])
    assert out["passes"].tolist() == [False, True]
    assert out["detail"].tolist() == [
        " (it contains 'ö', which Upflow's mail provider does not accept)", ""]


def test_account_manager_whitespace() -> None:
    check = account_manager_whitespace_check()
    column = pd.Series(["a@x.com, b@x.com", "a@x.com,b@x.com", " a@x.com"], dtype="str")
    assert check.passes(column).tolist() == [False, True, False]
    assert check.propose(column).tolist() == ["a@x.com,b@x.com", None, "a@x.com"]


def test_account_manager_alignment() -> None:
    out = results(AM["member_not_found"], ["bob@x.com", "paul@demo.example", "", "bob@x.com"],
                  [9, 4, 30, 2])
    assert out["passes"].to_dict() == {9: False, 4: True, 30: True, 2: False}
    assert out.loc[[9, 2], "detail"].tolist() == ["'bob@x.com'", "'bob@x.com'"]
    for rule in AM_RULES:
        assert results(AM[rule], []).empty


def test_no_members_at_all() -> None:
    checks = {check.rule: check for check in account_manager_checks(())}
    column = pd.Series(["a@x.com", ""], dtype="str")
    assert checks["member_not_found"].passes(column).tolist() == [False, True]
    assert checks["member_not_account_manager"].passes(column).tolist() == [True, True]


member_emails = st.sampled_from([m.email for m in MEMBERS] + ["eve@x.com"])


def randomly_upper(text: str, flips: list[bool]) -> str:
    return "".join(ch.upper() if flip else ch for ch, flip in zip(text, flips, strict=False))


@given(st.lists(member_emails, min_size=1, max_size=3),
       st.lists(st.booleans(), max_size=25), st.sampled_from([",", ", ", " ,"]))
def test_uppercase_fix_passes(emails: list[str], flips: list[bool], separator: str) -> None:
    value = separator.join(randomly_upper(email, flips) for email in emails)
    column = pd.Series([value], dtype="str")
    fix = AM["email_uppercase"].propose(column).iloc[0]
    if AM["email_uppercase"].passes(column).iloc[0]:
        assert fix is None
        return
    fixed = pd.Series([fix], dtype="str")
    for rule in AM_RULES:  # lowercasing never makes another rule fail
        assert AM[rule].passes(fixed).iloc[0] or not AM[rule].passes(column).iloc[0]
    assert AM["email_uppercase"].passes(fixed).iloc[0]
    for spaces in (whitespace_check(), account_manager_whitespace_check(),
                   multi_select_whitespace_check()):
        assert spaces.passes(fixed).iloc[0]


@given(st.lists(st.text(), max_size=6))
def test_never_raises(values: list[str]) -> None:
    column = pd.Series(values, dtype="str")
    for check in (CONTACT, *AM.values()):
        for func in (check.passes, check.propose, check.explain):
            if func is not None:
                assert len(func(column)) == len(values)


@given(st.lists(st.text(max_size=30), max_size=6))
def test_uppercase_fixes_on_any_text_pass(values: list[str]) -> None:
    column = pd.Series(values, dtype="str")
    check = AM["email_uppercase"]
    fixes = check.propose(column)[~check.passes(column)]
    fixed = pd.Series(fixes.tolist(), dtype="str")
    assert check.passes(fixed).all()
    assert account_manager_whitespace_check().passes(fixed).all()
