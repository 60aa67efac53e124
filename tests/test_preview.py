"""The import preview: what Upflow will do with a file, counted by hand on a small file
with known customers, then checked against a plain line-by-line count on generated
files (every line is exactly one of: a customer's, rejected, naming no customer)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import (
    FIXES_BY_NAME,
    CheckResult,
    SourceSystem,
    apply_fixes,
    check_table,
    error_rows,
    import_preview,
    read_table,
)
from checks.check.memo import arrow_data
from checks.export.preview import CustomerCounts, preview_dict
from checks.fix.edits import recheck_with_edits
from checks.model.columns import Section
from tests.helpers import DEFS
from tests.strategies import csv_text

# The demo organization knows 000123 (Acme Holdings), 000124 (Globex SA) and C-9001
# (Initech Group).
CAMILLE = "camille.martin@northwind.example"
LEA = "lea.dubois@northwind.example"
HAND = "\n".join([
    "Customer name;Customer ID;Account manager;Workflow;Segment;Contact email address;"
    "First name",
    f"Acme Holdings;000123;{CAMILLE};Standard;SMB;ap@acme.example;Nora",     # 2 known
    "Acme Holdings;000123;;;;buyer@acme.example;Tom",                        # 3 same customer
    "Acme Holdings;000123;;;;AP@acme.example;Nora",                          # 4 same contact
    f"Globex SA;000124;{LEA},{CAMILLE};Dunning+;Enterprise;;",               # 5 known
    f"New Co;C-1;{LEA};Standard;;finance@newco.example;Ines",                # 6 new
    "Broken;C-2;nobody@northwind.example;Standard;SMB;x@broken.example;",    # 7 rejected
    "Initech Group;;;;SMB;;",                                                # 8 known by name
    "Fresh;;;;;;",                                                           # 9 new, by name
    "New Co;C-1;;;Mid-market;;",                                             # 10 row 6's
]) + "\n"


def checked(text: str, definitions=DEFS) -> CheckResult:
    return check_table(read_table(text.encode("utf-8"), "file.csv"), definitions)


def test_the_hand_file_is_what_the_counts_below_assume() -> None:
    result = checked(HAND)
    assert list(error_rows(result.findings)) == [7]
    assert set(result.findings["rule"]) == {"member_not_found", "duplicate_contact"}


def test_counts_on_a_hand_computed_file() -> None:
    preview = import_preview(checked(HAND))
    assert (preview.lines, preview.customer_lines, preview.rejected_lines,
            preview.unidentified_lines) == (9, 8, 1, 0)
    # Acme, Globex and Initech (by name) are known; New Co and Fresh (by name) are not.
    assert preview.customers == CustomerCounts(5, 3, 2)
    assert [(part.section, part.lines, part.customers) for part in preview.sections] == [
        (Section.DETAILS, 8, CustomerCounts(5, 3, 2)),
        (Section.ASSIGNMENT, 3, CustomerCounts(3, 2, 1)),      # rows 2, 5, 6
        (Section.CUSTOM_FIELDS, 4, CustomerCounts(4, 3, 1)),   # rows 2, 5, 8, 10
        (Section.CONTACTS, 4, CustomerCounts(2, 1, 1)),        # rows 2, 3, 4, 6
    ]
    assert preview.contacts == 3  # ap@ twice (case ignored) and buyer@ for Acme, one for New Co
    assert preview.account_managers == ((CAMILLE, 2), (LEA, 2))
    assert preview.workflows == (("Standard", 2), ("Dunning+", 1))  # row 7 is rejected
    assert preview.custom_fields == (("Segment", 4),)
    assert preview.file_errors == 0
    assert preview.known_customers_listed


def test_without_known_customers_updates_and_creations_are_not_guessed() -> None:
    preview = import_preview(checked(HAND, replace(DEFS, customers=())))
    assert not preview.known_customers_listed
    assert preview.customers == CustomerCounts(5, None, None)
    assert all(part.customers.updated is None and part.customers.created is None
               for part in preview.sections)
    assert preview_dict(preview)["customers"] == {"total": 5, "updated": None, "created": None}


def test_the_same_id_on_many_lines_is_one_customer() -> None:
    text = "Customer ID;Customer name;Segment\n" + "C-1;New;SMB\n" * 4 + "000123;Acme;SMB\n"
    preview = import_preview(checked(text))
    assert preview.customers == CustomerCounts(2, 1, 1)
    assert preview.custom_fields == (("Segment", 2),)


def test_an_id_and_a_name_are_different_customers() -> None:
    """A line without an ID is its customer's by name; a line with an ID named like it
    is still the ID's customer (RULES.md, "Customers without an ID")."""
    text = "Customer name;Customer ID\nAcme Holdings;000123\nAcme Holdings;\nAcme Holdings;9\n"
    preview = import_preview(checked(text))
    assert preview.customers == CustomerCounts(3, 2, 1)


def test_ids_are_matched_exactly_and_names_too() -> None:
    text = "Customer name;Customer ID\nAcme;123\nacme holdings;\n"
    assert import_preview(checked(text)).customers == CustomerCounts(2, 0, 2)


def test_rejected_assignment_lines_are_not_created() -> None:
    """An assignment file cannot create customers: an unknown ID is rejected
    (`customer_not_found`), not counted as a new customer."""
    text = "External ID;Workflow\nC-404;Standard\nC-9001;Standard\n"
    preview = import_preview(checked(text))
    assert (preview.rejected_lines, preview.customers) == (1, CustomerCounts(1, 1, 0))
    assert preview.workflows == (("Standard", 1),)


def test_the_preview_of_the_corrected_file_counts_what_the_fixes_made_acceptable() -> None:
    text = "Customer name;Customer ID;Workflow\nAcme Holdings;000123;standard\n"
    result = checked(text)
    assert import_preview(result).rejected_lines == 1
    final = apply_fixes(result, tuple(FIXES_BY_NAME)).result
    preview = import_preview(final)
    assert (preview.rejected_lines, preview.workflows) == (0, (("Standard", 1),))


def test_a_column_that_cannot_be_imported_sets_nothing() -> None:
    text = "Customer name;Customer ID;NetSuite Id;Town\nAcme Holdings;000123;285;Paris\n"
    native = replace(DEFS, source_system=SourceSystem.NATIVE)
    preview = import_preview(checked(text, native))
    assert preview.custom_fields == ()  # NetSuite Id is synced from the source system
    assert preview.file_errors == 2     # synced_custom_field, section_not_allowed (Town)
    assert preview.section(Section.CUSTOM_FIELDS) is not None
    assert preview.section(Section.CUSTOM_FIELDS).lines == 0


def test_lines_naming_no_customer_are_counted_apart() -> None:
    text = "Customer ID;Segment\n;SMB\n000123;SMB\n"
    preview = import_preview(checked(text))
    assert (preview.customer_lines, preview.unidentified_lines) == (1, 1)
    assert preview.custom_fields == (("Segment", 1),)


def test_an_empty_or_unreadable_file_has_nothing_to_preview() -> None:
    """Nothing is imported, and the file's own error (empty, unreadable) is counted."""
    for data in (b"", b"Customer name;Customer ID\n", b"\x00\x01binary"):
        preview = import_preview(check_table(read_table(data, "x.csv"), DEFS))
        assert (preview.lines, preview.customers.customers) == (0, 0)
        assert [part.lines for part in preview.sections] == [0] * len(preview.sections)
        assert preview.file_errors == 1


def test_the_json_shape_is_stable() -> None:
    document = preview_dict(import_preview(checked(HAND)))
    assert list(document) == ["lines", "customer_lines", "rejected_lines",
                              "unidentified_lines", "known_customers_listed", "customers",
                              "sections", "contacts", "account_managers", "workflows",
                              "custom_fields", "file_errors"]
    assert [part["section"] for part in document["sections"]] == [
        "details", "assignment", "custom-fields", "contacts"]
    assert document["sections"][1] == {"section": "assignment", "lines": 3,
                                       "customers": {"total": 3, "updated": 2, "created": 1}}
    assert document["account_managers"] == [{"email": CAMILLE, "customers": 2},
                                            {"email": LEA, "customers": 2}]
    assert document["workflows"][0] == {"workflow": "Standard", "customers": 2}
    assert document["custom_fields"] == [{"field": "Segment", "customers": 4}]


# ── property: the preview against a plain count, line by line ──────────────────────

COLUMNS = ("Customer name", "Customer ID", "Account manager", "Workflow", "Segment",
           "Contact email address")
VALUES = {
    "Customer name": ["", "Acme Holdings", "Globex SA", "New Co", " New Co", "Initech Group"],
    "Customer ID": ["", "000123", "000124", "C-9001", "C-1", "C-1 ", "123", "C-2"],
    "Account manager": ["", CAMILLE, LEA, f"{LEA},{CAMILLE}", f"{CAMILLE}, {CAMILLE}",
                        "nobody@northwind.example", "Lea.Dubois@northwind.example"],
    "Workflow": ["", "Standard", "Dunning+", "standard", "Gold"],
    "Segment": ["", "SMB", "Enterprise", "smb", "Gold"],
    "Contact email address": ["", "ap@acme.example", "AP@acme.example", "b@x.example",
                              "not an email"],
}


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bool]:
    """A file of some of COLUMNS (the customer's name and ID more often than not, so
    that lines share customers) and lines of VALUES: known and new customers, valid
    and invalid assignments, the same contact in two cases."""
    likely = {"Customer name", "Customer ID"}
    columns = [column for column in COLUMNS
               if draw(st.integers(0, 9)) < (8 if column in likely else 5)] or ["Segment"]
    rows = draw(st.lists(st.tuples(*(st.sampled_from(VALUES[c]) for c in columns)),
                         min_size=1, max_size=15))
    return csv_text([columns, *rows], ";", "\n"), draw(st.booleans())


def plain_count(result: CheckResult) -> dict[str, object]:
    """What the preview should say, counted one line at a time in Python: the oracle."""
    table, mapping = result.table, result.mapping
    rejected = set(error_rows(result.findings))
    known_ids = {c.id for c in result.definitions.customers}
    known_names = {c.name for c in result.definitions.customers}
    members = {m.email for m in result.definitions.members}

    def cell(row: int, target: str | None) -> str:
        if target is None or target not in mapping.targets:
            return ""
        return str(table.data.loc[row, mapping.targets[target].position]).strip()

    customers: dict[tuple[str, str], bool] = {}
    contacts, managers, workflows, lines = set(), set(), set(), [0, 0, 0]
    for row in table.data.index:
        if row in rejected:
            lines[1] += 1
            continue
        given_id, name = cell(row, mapping.id_column), cell(row, "Customer name")
        key = ("id", given_id) if given_id else ("name", name) if name else None
        if key is None:
            lines[2] += 1
            continue
        lines[0] += 1
        customers[key] = given_id in known_ids if given_id else name in known_names
        if email := cell(row, "Contact email address"):
            contacts.add((key, email.lower()))
        managers |= {(key, part.strip()) for part in cell(row, "Account manager").split(",")
                     if part.strip() in members}
        if workflow := cell(row, "Workflow"):
            workflows.add((key, workflow))
    return {"lines": lines, "customers": len(customers),
            "updated": sum(customers.values()), "contacts": len(contacts),
            "managers": sorted(name for _key, name in managers),
            "workflows": sorted(name for _key, name in workflows)}


@given(files())
def test_the_preview_is_the_plain_line_by_line_count(drawn: tuple[str, bool]) -> None:
    text, listed = drawn
    definitions = DEFS if listed else replace(DEFS, customers=())
    result = checked(text, definitions)
    preview = import_preview(result)
    expected = plain_count(result)
    counts = [preview.customer_lines, preview.rejected_lines, preview.unidentified_lines]
    assert counts == expected["lines"]
    assert sum(counts) == preview.lines == result.table.rows  # each line exactly once
    assert preview.customers.customers == expected["customers"]
    if listed:
        assert preview.customers.updated == expected["updated"]
        assert preview.customers.updated + preview.customers.created == expected["customers"]
    else:
        assert preview.customers.updated is None and preview.customers.created is None
    assert preview.contacts == expected["contacts"]
    assert sorted(name for name, count in preview.account_managers
                  for _ in range(count)) == expected["managers"]
    assert sorted(name for name, count in preview.workflows
                  for _ in range(count)) == expected["workflows"]
    for part in preview.sections:
        assert 0 <= part.customers.customers <= part.lines <= preview.customer_lines
        assert part.customers.customers <= preview.customers.customers
    for _name, count in (*preview.account_managers, *preview.workflows,
                         *preview.custom_fields):
        assert 0 < count <= preview.customers.customers
    assert min(preview_numbers(preview)) >= 0


def preview_numbers(preview) -> list[int]:
    """Every count of the preview."""
    parts = [part.customers for part in preview.sections] + [preview.customers]
    return [preview.lines, preview.customer_lines, preview.rejected_lines,
            preview.unidentified_lines, preview.contacts, preview.file_errors,
            *(part.lines for part in preview.sections),
            *(n for c in parts for n in (c.customers, c.updated, c.created) if n is not None)]


@pytest.mark.parametrize("sample", ["customers_clean.csv", "contacts_clean.csv"])
def test_clean_samples_reject_nothing(samples, sample: str) -> None:
    preview = import_preview(check_table(read_table((samples / sample).read_bytes(), sample),
                                         DEFS))
    assert preview.rejected_lines == 0 and preview.customer_lines == preview.lines


def test_the_preview_counts_customers_on_several_lines_like_the_plain_count() -> None:
    """A generated file where half the customers have several contact lines and most
    cells list account managers (issue 19's shape): the counts that look only at the
    repeated customers (contacts) or at distinct cells (assignments) still equal the
    line-by-line count."""
    from bench.generate import generate

    text = generate(400, error_rate=0.1, seed=3, shape="members-lists").data.to_pybytes()
    result = checked(text.decode("utf-8"))
    preview = import_preview(result)
    expected = plain_count(result)
    assert [preview.customer_lines, preview.rejected_lines,
            preview.unidentified_lines] == expected["lines"]
    assert preview.customers.customers == expected["customers"] < preview.customer_lines
    assert preview.contacts == expected["contacts"]
    assert sorted(name for name, count in preview.account_managers
                  for _ in range(count)) == expected["managers"]


@settings(max_examples=60, deadline=None)
@given(files(), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30),
                                   st.sampled_from(["", "C-1", "000123", "Acme Holdings",
                                                    LEA, f"{LEA},{CAMILLE}", "Standard",
                                                    "SMB", "AP@acme.example", " x "])),
                         min_size=1, max_size=6))
def test_a_preview_kept_from_edit_to_edit_is_the_fresh_preview(
        drawn: tuple[str, bool], edits: list[tuple[int, int, str]]) -> None:
    """The memo a page keeps from one version of the file to the next (`kept`) only
    saves reading the columns an edit did not change: each preview equals the one made
    from nothing, and the memo keeps nothing of a column the file no longer holds."""
    text, _known = drawn
    outcome = apply_fixes(checked(text))
    kept: dict = {}
    assert import_preview(outcome.result, kept) == import_preview(outcome.result)
    rows, width = outcome.table.data.index, len(outcome.table.headers)
    if not len(rows):
        return
    replaced = []
    for line, position, value in edits:
        before = outcome.table.data
        outcome = recheck_with_edits(outcome, {(int(rows[line % len(rows)]),
                                                position % width): value})
        assert import_preview(outcome.result, kept) == import_preview(outcome.result)
        replaced += [arrow_data(before[key]) for key in before
                     if arrow_data(before[key]) is not arrow_data(outcome.table.data[key])]
        assert not any(array is old for array, _result in kept.values() for old in replaced)
