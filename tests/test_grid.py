"""The Check page's arithmetic: filters, paging, cell severities, the mapping table and
what a file may update. Checked on small hand-made findings, on real checks, and with
properties over generated ones."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import check_table, read_table
from checks.definitions.document import SourceSystem, demo_definitions
from checks.i18n import _, use_language
from checks.map.headers import IGNORE, Match, map_headers
from checks.model.findings import FINDING_COLUMNS, Finding, findings_frame
from checks.model.rules import RULES
from checks.model.table import Table
from checks.read.common import text_frame
from checks.views.grid import (
    AUTOMATIC,
    IGNORED,
    GridFilter,
    choice_for,
    choice_label,
    column_choices,
    detection_summary,
    display_headers,
    filtered_rows,
    findings_for_rows,
    general_findings,
    mapping_choices,
    mapping_table,
    mapping_targets,
    page_data,
    readable,
    rows_with_errors,
    rule_choices,
    rule_table,
    severity_frame,
    update_scope,
    with_choice,
)
from checks.views.paging import PAGE_SIZES, page_count, page_rows
from checks.views.people import findings_for_people, rules_for_people
from tests.read.files import csv_bytes, xlsx_bytes

DEFS = demo_definitions()
HEADERS = ("Customer name", "Customer ID", "Workflow")


def found(row: int | None, column: str | None, rule: str, severity: str,
          position: int | None = None) -> Finding:
    """A finding on `column`; its position is that header's in HEADERS unless given."""
    if position is None and column in HEADERS:
        position = HEADERS.index(column)
    return Finding(row, column, None, rule, severity, f"{rule} at {row}/{column}",
                   position=position)


def findings_of(*items: Finding) -> pd.DataFrame:
    return findings_frame(items)


SAMPLE = findings_of(
    found(None, None, "encoding_converted", "info"),
    found(None, "Workflow", "unknown_column", "warning"),
    found(2, "Customer name", "required_missing", "error"),
    found(2, "Workflow", "whitespace", "warning"),
    found(4, "Workflow", "workflow_not_found", "error"),
    found(5, None, "ragged_row", "error"),
    found(6, "Customer ID", "id_damaged", "warning"),
)
INDEX = pd.RangeIndex(2, 9)  # rows 2..8


# ── filters ──────────────────────────────────────────────────────────────────────

def test_no_filter_keeps_every_row() -> None:
    assert filtered_rows(INDEX, SAMPLE, GridFilter()).tolist() == list(range(2, 9))


def test_only_problems_keeps_rows_with_any_finding() -> None:
    rows = filtered_rows(INDEX, SAMPLE, GridFilter(only_problems=True))
    assert rows.tolist() == [2, 4, 5, 6]


def test_rules_and_columns_narrow_to_findings_matching_both() -> None:
    by_rule = GridFilter(rules=frozenset({"whitespace", "id_damaged"}))
    assert filtered_rows(INDEX, SAMPLE, by_rule).tolist() == [2, 6]
    by_column = GridFilter(columns=frozenset({"Workflow"}))
    assert filtered_rows(INDEX, SAMPLE, by_column).tolist() == [2, 4]
    both = GridFilter(rules=frozenset({"whitespace"}), columns=frozenset({"Customer ID"}))
    assert filtered_rows(INDEX, SAMPLE, both).tolist() == []


def test_filter_choices_are_what_lines_have() -> None:
    assert rule_choices(SAMPLE) == ["ragged_row", "required_missing", "whitespace",
                                    "workflow_not_found", "id_damaged"]
    assert column_choices(SAMPLE, HEADERS) == ["Customer name", "Customer ID", "Workflow"]


def test_rows_with_errors_counts_lines_not_findings() -> None:
    assert rows_with_errors(SAMPLE) == 3  # rows 2, 4 and the ragged row 5
    assert rows_with_errors(findings_of()) == 0


def test_findings_for_rows_and_general_findings() -> None:
    listed = findings_for_rows(SAMPLE, pd.Index([2, 5]))
    assert listed["rule"].tolist() == ["required_missing", "whitespace", "ragged_row"]
    narrowed = findings_for_rows(SAMPLE, pd.Index([2, 5]), GridFilter(rules=frozenset(
        {"whitespace"})))
    assert narrowed["rule"].tolist() == ["whitespace"]
    assert general_findings(SAMPLE)["rule"].tolist() == ["encoding_converted",
                                                         "unknown_column"]
    assert list(listed.columns) == [*FINDING_COLUMNS, "position"]


def test_rule_table_counts_each_rule_in_catalogue_order() -> None:
    table = rule_table(SAMPLE)
    assert table.values.tolist()[:2] == [
        ["encoding_converted", "Text encoding converted", "info", 1],
        ["ragged_row", "Line has the wrong number of cells", "error", 1]]
    assert table["Findings"].sum() == len(SAMPLE)


# ── paging ───────────────────────────────────────────────────────────────────────

def test_pages() -> None:
    rows = pd.RangeIndex(2, 125)  # 123 rows
    assert page_count(len(rows), 50) == 3
    assert page_count(0, 50) == 1
    assert page_rows(rows, 1, 50).tolist() == list(range(2, 52))
    assert page_rows(rows, 3, 50).tolist() == list(range(102, 125))
    assert page_rows(rows, 9, 50).tolist() == list(range(102, 125))  # clamped to the last
    assert page_rows(rows, 0, 50).tolist() == list(range(2, 52))
    assert page_rows(pd.RangeIndex(0), 1, 50).tolist() == []
    assert PAGE_SIZES[0] == 50
    with pytest.raises(ValueError):
        page_count(10, 0)


# ── the visible page ─────────────────────────────────────────────────────────────

def test_severity_frame_marks_the_worst_finding_of_each_named_cell() -> None:
    findings = findings_of(
        found(2, "Workflow", "whitespace", "warning"),
        found(2, "Workflow", "workflow_not_found", "error"),
        found(3, "Customer ID", "id_damaged", "warning"),
        found(3, "Customer name", "header_alias", "info"),
        found(3, None, "ragged_row", "error"),           # no cell
        found(3, "Contact email address", "missing_column", "error"),  # not a header
        found(9, "Workflow", "workflow_not_found", "error"),  # not on the page
        found(None, "Workflow", "unknown_column", "warning"),  # no row
    )
    frame = severity_frame(findings, HEADERS, pd.Index([2, 3, 4]))
    assert frame.index.tolist() == [2, 3, 4]
    assert frame.values.tolist() == [["", "", "error"], ["info", "warning", ""],
                                     ["", "", ""]]


def test_a_finding_is_painted_on_its_own_column_of_a_repeated_header() -> None:
    first = findings_of(found(2, "ID", "id_damaged", "warning", position=0))
    frame = severity_frame(first, ("ID", "Name", "ID"), pd.Index([2]))
    assert frame.values.tolist() == [["warning", "", ""]]
    third = findings_of(found(2, "ID", "id_damaged", "warning", position=2))
    frame = severity_frame(third, ("ID", "Name", "ID"), pd.Index([2]))
    assert frame.values.tolist() == [["", "", "warning"]]


def test_display_headers_are_the_users_made_unique() -> None:
    assert display_headers(("ID", "", "Name", "ID", " ")) == [
        "ID (A)", "(column B)", "Name", "ID (D)", "(column E)"]


def test_page_data_has_row_numbers_and_headers() -> None:
    data = text_frame([["a", "1"], ["b", "2"], ["c", "3"]], 2, [2, 3, 5])
    page = page_data(data, ("Name", "ID"), pd.Index([3, 5]))
    assert page.index.tolist() == [3, 5] and page.index.name == "Row"
    assert list(page.columns) == ["Name", "ID"]
    assert page.values.tolist() == [["b", "2"], ["c", "3"]]
    assert list(data.columns) == [0, 1]  # the table itself is untouched


RULE_CODES = ("whitespace", "id_damaged", "workflow_not_found", "header_alias")
SEVERITIES = ("error", "warning", "info")


@st.composite
def views(draw: st.DrawFn) -> tuple[pd.Index, pd.DataFrame, GridFilter, int]:
    """Row numbers with gaps (a workbook skips empty rows), findings on some of them,
    a filter and a page size."""
    numbers = draw(st.lists(st.integers(2, 400), max_size=60, unique=True))
    index = pd.Index(sorted(numbers), dtype="int64")
    rows = st.one_of(st.none(), st.sampled_from(sorted(numbers)) if numbers else st.none(),
                     st.integers(401, 500))  # a row outside the table is ignored
    items = draw(st.lists(st.builds(
        found, rows, st.one_of(st.none(), st.sampled_from(HEADERS), st.just("Elsewhere")),
        st.sampled_from(RULE_CODES), st.sampled_from(SEVERITIES)), max_size=80))
    grid_filter = GridFilter(draw(st.booleans()),
                             frozenset(draw(st.sets(st.sampled_from(RULE_CODES)))),
                             frozenset(draw(st.sets(st.sampled_from(HEADERS)))))
    return index, findings_of(*items), grid_filter, draw(st.integers(1, 25))


@given(views())
def test_paging_covers_every_filtered_row_exactly_once(view) -> None:
    index, findings, grid_filter, size = view
    rows = filtered_rows(index, findings, grid_filter)
    pages = [page_rows(rows, page, size) for page in range(1, page_count(len(rows), size) + 1)]
    assert all(0 < len(p) <= size for p in pages) or rows.empty
    assert [row for p in pages for row in p] == rows.tolist()
    # and the filter keeps exactly the rows with a matching finding
    wanted = {f.row for f in findings.itertuples()
              if f.row is not pd.NA and f.row is not None
              and (not grid_filter.rules or f.rule in grid_filter.rules)
              and (not grid_filter.columns or f.column in grid_filter.columns)}
    expected = [r for r in index if r in wanted] if grid_filter.narrows else list(index)
    assert rows.tolist() == expected


@given(views())
def test_severity_frame_marks_exactly_the_named_cells_with_the_worst(view) -> None:
    index, findings, _filter, size = view
    visible = page_rows(index, 1, size)
    frame = severity_frame(findings, HEADERS, visible)
    rank = {"info": 1, "warning": 2, "error": 3}
    expected: dict[tuple[int, int], str] = {}
    for f in findings.itertuples():
        if f.row is pd.NA or f.column not in HEADERS or f.row not in visible:
            continue
        cell = (int(f.row), HEADERS.index(f.column))
        if rank[f.severity] > rank.get(expected.get(cell, ""), 0):
            expected[cell] = f.severity
    marked = {(int(r), int(c)): frame.at[r, c] for r in frame.index for c in frame.columns
              if frame.at[r, c] != ""}
    assert marked == expected
    assert frame.shape == (len(visible), len(HEADERS))


@given(views(), st.data())
def test_the_severities_of_some_columns_are_those_columns_of_all(view, data) -> None:
    """A window of a wide file's columns, in any order: the same cells as the whole
    frame's, under their positions."""
    index, findings, _filter, size = view
    visible = page_rows(index, 1, size)
    positions = data.draw(st.permutations(range(len(HEADERS))).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda count: list(order[:count]))))
    some = severity_frame(findings, HEADERS, visible, positions)
    assert some.columns.tolist() == positions
    assert some.equals(severity_frame(findings, HEADERS, visible)[positions])


def test_a_page_of_a_100000_row_check_is_the_right_page() -> None:
    """Everything the page computes per rerun, on 100,000 rows and 300,000 findings.
    (Its speed is measured by the benchmark, never asserted here.)"""
    rows = 100_000
    index = pd.RangeIndex(2, rows + 2)
    data = pd.DataFrame({i: pd.Series(["x"] * rows, dtype="str", index=index) for i in range(3)})
    numbers = np.repeat(np.arange(2, rows + 2), 3)
    findings = pd.DataFrame({
        "row": pd.array(numbers, dtype="Int64"),
        "column": np.tile(np.array(HEADERS, dtype=object), rows),
        "value": "x", "rule": np.tile(np.array(RULE_CODES[:3], dtype=object), rows),
        "severity": np.tile(np.array(SEVERITIES, dtype=object), rows),
        "message": "m", "fix": None,
        "position": pd.array(np.tile(np.arange(len(HEADERS)), rows), dtype="Int64")})
    grid_filter = GridFilter(True, frozenset({"whitespace"}), frozenset({"Customer name"}))
    visible = page_rows(filtered_rows(index, findings, grid_filter), 700, 100)
    page_data(data, HEADERS, visible)
    severity_frame(findings, HEADERS, visible)
    findings_for_rows(findings, visible, grid_filter)
    rows_with_errors(findings), rule_choices(findings), column_choices(findings, HEADERS)
    assert visible.tolist() == list(range(69_902, 70_002))


# ── the mapping table ────────────────────────────────────────────────────────────

def test_mapping_table_says_how_each_header_was_understood() -> None:
    headers = ["Customer name", "customer id", "City", "Segmnt", "Favourite colour",
               "Notes", "Email", "Contact email address"]
    mapping = map_headers(headers, DEFS, {5: "Collector notes", 4: IGNORE})
    table = mapping_table(mapping)
    assert table.values.tolist() == [
        ["A", "Customer name", "Customer name", "exact", ""],
        ["B", "customer id", "Customer ID", "tolerant", ""],
        ["C", "City", "Town", "alias", ""],
        ["D", "Segmnt", "unknown", "unknown", "Segment"],
        ["E", "Favourite colour", "ignored", "ignored", ""],
        ["F", "Notes", "Collector notes", "override", ""],
        ["G", "Email", "Contact email address", "alias", ""],
        ["H", "Contact email address", "Contact email address", "duplicate", ""],
    ]


def test_mapping_choices_and_overrides_round_trip() -> None:
    targets = mapping_targets(DEFS)
    assert targets[0] == "Customer name" and "Segment" in targets and "NetSuite Id" in targets
    choices = mapping_choices(DEFS)
    assert choices[:2] == (AUTOMATIC, IGNORED) and choices[2:] == targets
    overrides = with_choice({}, 3, "Segment")
    overrides = with_choice(overrides, 4, IGNORED)
    assert overrides == {3: "Segment", 4: IGNORE}
    assert [choice_for(overrides, p, choices) for p in (2, 3, 4)] == [
        AUTOMATIC, "Segment", IGNORED]
    assert with_choice(overrides, 3, AUTOMATIC) == {4: IGNORE}
    mapping = map_headers(["a", "b", "c", "Segmnt", "x"], DEFS, overrides)
    assert [c.match for c in mapping.columns][3:] == [Match.USER, Match.IGNORED]


def test_a_choice_that_no_longer_exists_shows_as_detected() -> None:
    assert choice_for({0: "Deleted field"}, 0, mapping_choices(DEFS)) == AUTOMATIC


def test_a_custom_field_named_like_a_choice_is_not_offered() -> None:
    from checks.definitions.document import CustomField, FieldType, Managed

    odd = replace(DEFS, custom_fields=(CustomField(IGNORED, FieldType.TEXT,
                                                   managed=Managed.UPFLOW),))
    assert mapping_choices(odd).count(IGNORED) == 1


# ── detection and scope ──────────────────────────────────────────────────────────

def check_csv(rows, definitions=DEFS):
    return check_table(read_table(csv_bytes(rows), "customers.csv"), definitions)


def test_detection_summary_of_a_csv() -> None:
    result = check_csv([["Customer name", "Segment", "Parent name", "Parent ID"],
                        ["Acme", "SMB", "", ""]])
    assert detection_summary(result) == {
        "File": "customers.csv", "Separator": "semicolon (;)", "Encoding": "UTF-8",
        "Rows": "1", "Columns": "4",
        "Sections found": "Details, Groups and entities, Custom fields",
        "Source system": "API"}


def test_detection_summary_of_a_workbook() -> None:
    data = xlsx_bytes({"Cover": [], "Customers": [["Customer name"], ["Acme"]]})
    result = check_table(read_table(data, "book.xlsx"), DEFS)
    summary = detection_summary(result)
    assert summary["Sheet"] == "Customers"
    assert "Separator" not in summary and "Encoding" not in summary


def test_update_scope_gives_the_engines_reason_for_what_is_blocked() -> None:
    native = replace(DEFS, source_system=SourceSystem.NATIVE)
    result = check_csv([["Customer name", "Customer ID", "Town", "Workflow", "NetSuite Id",
                         "Segment"], ["Acme", "1", "Paris", "Standard", "N1", "SMB"]], native)
    scope = update_scope(result)
    assert scope[["Section", "Will update", "Blocked"]].values.tolist() == [
        ["Details", "Customer name, Customer ID", "Town"],
        ["Assignment", "Workflow", ""],
        ["Custom fields", "Segment", "NetSuite Id"],
    ]
    messages = result.findings.set_index("rule")["message"]
    assert scope["Why"].tolist() == [messages["section_not_allowed"], "",
                                     messages["synced_custom_field"]]
    assert "native integration" in scope["Why"][0]


def test_update_scope_of_an_api_organization_blocks_nothing() -> None:
    result = check_csv([["Customer name", "Town"], ["Acme", "Paris"]])
    assert update_scope(result).values.tolist() == [["Details", "Customer name, Town", "", ""]]


def test_a_file_of_unknown_columns_has_no_sections() -> None:
    table = Table("x.csv", ("a",), text_frame([["1"]], 1, [2]), separator=";")
    assert detection_summary(check_table(table, DEFS))["Sections found"] == "none"


# ── in French ────────────────────────────────────────────────────────────────────

def test_readable_tables_speak_french_and_keep_codes_and_values() -> None:
    headers = ["Customer name", "Segmnt", "Favourite colour"]
    mapping = map_headers(headers, DEFS, {2: IGNORE})
    with use_language("fr"):
        understood = readable(mapping_table(mapping))
        listed = findings_for_people(findings_for_rows(SAMPLE, pd.Index([3, 4, 5]))).frame
        by_rule = rules_for_people(rule_table(SAMPLE)).frame
    assert list(understood.columns) == ["Colonne", "En-tête", "Compris comme", "Comment",
                                        "Suggestion"]
    assert understood.values.tolist() == [
        ["A", "Customer name", "Customer name", "exact", ""],
        ["B", "Segmnt", "inconnu", "inconnu", "Segment"],
        ["C", "Favourite colour", "ignoré", "ignoré", ""]]
    # Findings for people: plain titles, rule titles and severities in French; the
    # values and the row numbers as they were; the fix column, empty, left out.
    assert list(listed.columns) == ["Ligne", "Colonne", "Problème", "Gravité", "Détails"]
    assert set(listed["Gravité"]) <= {"Erreur", "Avertissement", "Information"}
    codes = findings_for_rows(SAMPLE, pd.Index([3, 4, 5]))["rule"]
    with use_language("fr"):
        assert listed["Problème"].tolist() == [_(RULES[code].title) for code in codes]
    assert list(by_rule.columns) == ["Problème", "Gravité", "Occurrences"]
    assert readable(rule_table(SAMPLE)).equals(rule_table(SAMPLE))  # English: as it was


def test_a_user_header_is_never_translated() -> None:
    """Only the views' own titles are: a file column named like one keeps its name."""
    frame = pd.DataFrame({"Rule": ["r"], "Dashboard": ["x"], "Errors": ["y"]})
    with use_language("fr"):
        assert list(readable(frame).columns) == ["Règle", "Dashboard", "Errors"]
        assert display_headers(("ID", "", "ID")) == ["ID (A)", "(colonne B)", "ID (C)"]


def test_mapping_choices_show_in_french_but_keep_their_values() -> None:
    choices = mapping_choices(DEFS)
    with use_language("fr"):
        assert [choice_label(c) for c in choices[:3]] == [
            "(comme détecté)", "(ignorer cette colonne)", choices[2]]
    assert choices[:2] == (AUTOMATIC, IGNORED) == ("(as detected)", "(ignore this column)")
    assert with_choice({}, 1, IGNORED) == {1: IGNORE}


def test_detection_summary_in_french_keeps_its_keys() -> None:
    rows = [["Customer name", "Segment"]] + [[f"Client {i}", "SMB"] for i in range(1250)]
    with use_language("fr"):
        summary = detection_summary(check_csv(rows))
    assert summary["Rows"] == "1\u202f250"                # keys English, numbers French
    assert summary["File"] == "customers.csv"
    with use_language("fr"):
        page = page_data(text_frame([["a"]], 1, [2]), ("Name",), pd.Index([2]))
        scope = update_scope(check_csv([["Customer ID"], ["1"]]))
    assert page.index.name == "Ligne"
    assert scope["Will update"].tolist() == ["Customer ID"]
