"""A column ignored on the check page: no longer a repeated header, and left out of the
corrected file unless the person keeps it."""

from __future__ import annotations

import io

import pandas as pd

from checks import (
    ChangeLog,
    ExportOptions,
    apply_fixes,
    check_table,
    export_csv,
    read_table,
    split_by_errors,
)
from checks.map.headers import IGNORE
from tests.helpers import DEFS

TWO_EMAILS = ("Customer name;Customer ID;Email;Email\r\n"
              "Acme;C1;a@acme.example;b@acme.example\r\n"
              "Globex;C2;c@globex.example;d@globex.example\r\n")


def check(text: str, overrides: dict[int, str] | None = None):
    return check_table(read_table(text.encode(), "contacts.csv"), DEFS, None, overrides)


def repeated(result) -> list[str]:
    found = result.findings
    return found.loc[found["rule"] == "duplicate_header", "message"].tolist()


def test_ignoring_either_of_two_columns_clears_column_appears_twice() -> None:
    assert repeated(check(TWO_EMAILS)) == [
        "The column 'Email' appears more than once (columns C and D)."]
    for position in (2, 3):
        result = check(TWO_EMAILS, {position: IGNORE})
        assert repeated(result) == []
        assert result.mapping.ignored == {position}


def test_a_third_column_of_the_same_name_still_repeats() -> None:
    text = "Customer name;Email;Email;Email\r\nAcme;a@x.example;b@x.example;c@x.example\r\n"
    assert repeated(check(text, {2: IGNORE})) == [
        "The column 'Email' appears more than once (columns B and D)."]


def test_the_fixed_file_is_checked_with_the_same_ignored_columns() -> None:
    result = check(TWO_EMAILS, {3: IGNORE})
    assert repeated(apply_fixes(result).result) == []


def test_ignoring_another_column_leaves_the_repeated_header_as_read() -> None:
    text = "Customer name;Customer ID;Email;Email;Notes\r\nAcme;C1;a@x.example;b@x.example;x\r\n"
    table = read_table(text.encode(), "contacts.csv")
    as_read = table.findings[table.findings["rule"] == "duplicate_header"]
    found = check(text, {4: IGNORE}).findings
    again = found[found["rule"] == "duplicate_header"]
    assert again.reset_index(drop=True).equals(as_read.reset_index(drop=True))


def test_ignored_columns_are_left_out_of_every_csv_by_default() -> None:
    result = check(TWO_EMAILS, {3: IGNORE})
    left_out = ChangeLog().left_out(result.mapping.ignored)
    assert left_out == {3}
    options = ExportOptions(separator=";", leave_out=left_out)
    written = pd.read_csv(io.BytesIO(export_csv(result.table, result.mapping, options)),
                          sep=";", dtype=str)
    assert written.columns.tolist() == ["Customer name", "Customer ID",
                                        "Contact email address"]
    assert written["Contact email address"].tolist() == ["a@acme.example", "c@globex.example"]
    accepted, rejected = split_by_errors(result.table, result.findings)
    for part in (accepted, rejected):
        header = export_csv(part, result.mapping, options).split(b"\r\n", 1)[0]
        assert header == b"Customer name;Customer ID;Contact email address"


def test_a_kept_ignored_column_is_written() -> None:
    result = check(TWO_EMAILS, {3: IGNORE})
    kept = ChangeLog().with_left_out(set(), result.mapping.ignored)
    options = ExportOptions(separator=";", leave_out=kept.left_out(result.mapping.ignored))
    header = export_csv(result.table, result.mapping, options).split(b"\r\n", 1)[0]
    assert header == b"Customer name;Customer ID;Contact email address;Email"
