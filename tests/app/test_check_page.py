"""The Check page, driven like a user would: upload, read the results, filter, page,
remap a column, pick a sheet or a separator, come back from another page.

What the page shows is compared with what the engine says about the same bytes, so
the page can neither invent nor lose a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from checks import (
    RULES,
    CheckOptions,
    CheckResult,
    DateOrder,
    SourceSystem,
    check_table,
    demo_definitions,
    read_table,
)
from checks.store.database import Store
from checks.views import findings_for_people, rule_table
from tests.app.conftest import APP, SAMPLES
from tests.read.files import csv_bytes, ods_bytes, xlsx_bytes
from ui import session

MESSY = "customers_messy.csv"
CLEAN = "customers_clean.csv"
#: The engine columns each findings table of the page shows, in its order.
LISTED = ("row", "column", "value", "rule", "severity", "message", "fix")
ROW_DETAILS = ("column", "value", "rule", "message", "fix")
GENERAL = ("column", "rule", "severity", "message", "fix")


# ── helpers ──────────────────────────────────────────────────────────────────────

def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def engine(data: bytes, name: str, *, sheet: str | None = None, separator: str | None = None,
           options: CheckOptions | None = None, overrides=None) -> CheckResult:
    definitions = demo_definitions()
    table = read_table(data, name, sheet=sheet, separator=separator,
                       custom_fields=[field.name for field in definitions.custom_fields])
    return check_table(table, definitions, options, overrides)


def upload(at: AppTest, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key="check_upload").set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def expected_metrics(result: CheckResult) -> dict[str, str]:
    findings = result.findings
    with_errors = findings.loc[findings["severity"] == "error", "row"].dropna().nunique()
    return {"Rows": f"{result.table.rows:,}", "Rows with errors": f"{with_errors:,}",
            "Errors": f"{(findings['severity'] == 'error').sum():,}",
            "Warnings": f"{(findings['severity'] == 'warning').sum():,}"}


def shown(at: AppTest, key: str) -> pd.DataFrame:
    return at.get_by_key(key).dataframe[0].value


def people(findings: pd.DataFrame, columns: tuple[str, ...] = LISTED) -> pd.DataFrame:
    """The engine's findings as the page's tables show them."""
    return findings_for_people(findings.reset_index(drop=True), columns).frame


def rules_of(frame: pd.DataFrame) -> list[str]:
    """The rules of a findings table, as it shows them: by their titles."""
    return list(frame["Problem"])


def titled(codes: object) -> list[str]:
    """Rule codes as the tables name them (two rules may share a title)."""
    return [RULES[code].title for code in codes]


def flat(frame: pd.DataFrame, columns: list[str] | None = None) -> list[tuple]:
    """Rows as plain tuples: NA, NaN and "" as None (the page shows all of them as an
    empty cell), row numbers as int."""
    columns = list(frame.columns) if columns is None else columns
    def plain(value: object) -> object:
        if (value is None or value is pd.NA or value == ""
                or (isinstance(value, float) and value != value)):
            return None
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return [tuple(plain(v) for v in row) for row in frame[columns].astype(object).values]


def general_rules(at: AppTest) -> list[str]:
    """Rules (titles) of the file and column findings shown (absent table: none)."""
    try:
        return rules_of(shown(at, "check_general"))
    except KeyError:
        return []


def facts(at: AppTest) -> str:
    """The detection line, as the user reads it (Markdown escapes removed)."""
    line = next(c.value for c in at.caption if "Rows:" in c.value)
    return line.replace("\\", "")


def grid_rows(at: AppTest) -> list[int]:
    return [int(row) for row in at.dataframe(key="check_grid").value.index]


def grid_cells(at: AppTest) -> pd.DataFrame:
    """The grid's cells under the user's headers: without its first column, the
    status, which says each row's problems in words."""
    grid = at.dataframe(key="check_grid").value
    assert grid.columns[0] == "Status"
    return grid.iloc[:, 1:]


def grid_status(at: AppTest) -> list[str]:
    return at.dataframe(key="check_grid").value["Status"].tolist()


def listed(at: AppTest) -> pd.DataFrame:
    return shown(at, "check_findings")


def cell_colours(at: AppTest) -> dict[tuple[int, int], str]:
    """(page row position, column position) → background colour, from the Styler CSS
    the grid was sent with; column positions are the file's (the status column, the
    grid's first, is -1)."""
    css = at.dataframe(key="check_grid").proto.arrow_data.styler.styles
    colours: dict[tuple[int, int], str] = {}
    for selectors, colour in re.findall(r"([^{}]+)\{\s*background-color:\s*(#\w+)", css):
        for row, col in re.findall(r"row(\d+)_col(\d+)", selectors):
            colours[int(row), int(col) - 1] = colour
    return colours


def rows_file(count: int, bad_every: int) -> bytes:
    """`count` customers; every `bad_every`-th has an unknown workflow."""
    lines = [["Customer name", "Customer ID", "Workflow"]]
    for i in range(count):
        lines.append([f"Customer {i}", f"C-{i:04d}",
                      "Gold plan" if i % bad_every == 0 else "Standard"])
    return csv_bytes(lines)


@pytest.fixture
def check_page(open_page: Callable[[str], AppTest]) -> AppTest:
    return open_page("check")


# ── loading and results ──────────────────────────────────────────────────────────

def test_page_loads_and_asks_for_a_file(check_page: AppTest) -> None:
    assert check_page.title[0].value == "Check a file"
    assert check_page.file_uploader(key="check_upload").allowed_type == [
        ".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods"]
    assert "Upload a CSV, XLSX, XLS or ODS file" in check_page.info[0].value
    assert not check_page.metric and not check_page.error


def test_metrics_and_findings_are_the_engines(check_page: AppTest) -> None:
    data = sample(MESSY)
    at = upload(check_page, MESSY, data)
    result = engine(data, MESSY)
    assert metrics(at) == expected_metrics(result)
    assert metrics(at) == {"Rows": "5", "Rows with errors": "4", "Errors": "16",
                           "Warnings": "6"}
    findings = result.findings
    on_rows = findings[findings["row"].notna()]
    assert flat(listed(at)) == flat(people(on_rows))
    assert list(listed(at).columns) == ["Row", "Column", "Value", "Problem", "Severity",
                                        "Details", "Suggested fix"]
    assert flat(shown(at, "check_general")) == flat(
        people(findings[findings["row"].isna()], GENERAL))
    # Titles, not codes; the codes one hover away, in the Problem column's help.
    assert rules_of(listed(at)) == titled(on_rows["rule"])
    config = at.get_by_key("check_findings").dataframe[0].proto.columns
    assert f"{RULES['workflow_not_found'].title}: `workflow_not_found`" in config
    assert at.get_by_key("check_findings").dataframe[0].proto.placeholder == ""
    assert len(listed(at)) + len(shown(at, "check_general")) == 22
    assert "16 errors to correct" in at.warning[0].value and not at.success
    assert [link.proto.page for link in at.page_link][0] == "fix"


def test_a_clean_file_is_ready_for_upflow(check_page: AppTest) -> None:
    at = upload(check_page, CLEAN, sample(CLEAN))
    assert metrics(at) == expected_metrics(engine(sample(CLEAN), CLEAN))
    assert at.success[0].value.startswith("Ready for Upflow")


#: A French invoice export: no header is an Upflow column or a custom field.
INVOICES = csv_bytes([["N° facture", "Date", "Client", "Montant HT", "Montant TTC"],
                      ["F-2025-0001", "31/01/2025", "Boulangerie Martin", "1 000,00",
                       "1 200,00"],
                      ["F-2025-0002", "31/01/2025", "Garage du Centre", "450,00", "540,00"]])


@pytest.mark.parametrize(("data", "says"), [
    (INVOICES, "no column is an Upflow column or a custom field"),
    (csv_bytes([["Customer ID", "Montant TTC"], ["C-0042", "1 200,00"]]),
     "its only Upflow column, 'Customer ID', is an identifier"),
], ids=["invoices", "only-an-identifier"])
def test_a_file_with_nothing_to_import_is_not_ready(check_page: AppTest, data: bytes,
                                                    says: str) -> None:
    at = upload(check_page, "factures.csv", data)
    result = engine(data, "factures.csv")
    assert metrics(at) == expected_metrics(result)
    assert metrics(at)["Errors"] == "1"
    assert not at.success
    assert [w.value for w in at.warning] == [f"1 error to correct before importing. "
                                             f"{result.nothing_to_import}"]
    assert says in at.warning[0].value
    assert RULES["no_import_columns"].title in general_rules(at)


def test_remapping_a_column_of_an_invoice_export_makes_it_ready(check_page: AppTest) -> None:
    at = upload(check_page, "factures.csv", INVOICES)
    at.selectbox(key="check_map_2").select("Customer name")
    run(at)
    assert RULES["no_import_columns"].title not in general_rules(at)
    assert at.success[0].value.startswith("Ready for Upflow")


def test_the_grid_is_the_users_data_coloured_by_severity(check_page: AppTest) -> None:
    data = sample(MESSY)
    at = upload(check_page, MESSY, data)
    result = engine(data, MESSY)
    grid = grid_cells(at)
    assert list(grid.columns) == list(result.table.headers)
    assert grid_rows(at) == result.table.data.index.tolist()
    assert grid.values.tolist() == result.table.data.values.tolist()
    headers = list(result.table.headers)
    rank = {"warning": 1, "error": 2}
    worst: dict[tuple[int, int], str] = {}
    for f in result.findings.itertuples():
        if f.row is pd.NA or f.column not in headers or f.severity not in rank:
            continue
        cell = (int(f.row) - 2, headers.index(f.column))
        if rank[f.severity] > rank.get(worst.get(cell, ""), 0):
            worst[cell] = f.severity
    colours = cell_colours(at)
    assert {cell for cell, c in colours.items() if c == "#fbd0d0"} == {
        cell for cell, s in worst.items() if s == "error"}
    assert {cell for cell, c in colours.items() if c == "#fde4b8"} == {
        cell for cell, s in worst.items() if s == "warning"}


def test_selecting_a_row_shows_its_findings(check_page: AppTest) -> None:
    at = upload(check_page, MESSY, sample(MESSY))
    at.session_state["check_grid"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    run(at)
    assert "**Row 5**" in [m.value for m in at.markdown]
    row_five = engine(sample(MESSY), MESSY).findings.query("row == 5")
    assert flat(shown(at, "check_selected")) == flat(people(row_five, ROW_DETAILS))
    assert "Value" in shown(at, "check_selected").columns


def test_detection_summary(check_page: AppTest) -> None:
    at = upload(check_page, MESSY, sample(MESSY))
    assert facts(at) == (
        "File: customers_messy.csv · Separator: semicolon (;) · Encoding: UTF-8 · Rows: 5 · "
        "Columns: 15 · Sections found: Details, Groups and entities, Assignment, "
        "Custom fields · Source system: API")
    scope = shown(at, "check_scope")
    assert list(scope["Section"]) == ["Details", "Groups and entities", "Assignment",
                                      "Custom fields"]
    assert "Blocked" not in scope.columns  # nothing blocked: no empty column


def test_blocked_sections_say_why(own_database: str) -> None:
    store = Store(sa.create_engine(own_database))
    store.migrate()
    store.save_definitions(replace(demo_definitions(), source_system=SourceSystem.NATIVE),
                           "test")
    at = AppTest.from_file(APP, default_timeout=60).run()
    data = sample(MESSY)
    upload(at, MESSY, data)
    scope = shown(at, "check_scope")
    details = scope.set_index("Section").loc["Details"]
    assert details["Blocked"] == "VAT number, Town"
    assert "native integration" in details["Why"] and "VAT number" in details["Why"]
    assert any("does not let you update 'VAT number'" in w.value for w in at.warning)


# ── filters and paging ───────────────────────────────────────────────────────────

def test_filters_narrow_the_grid_and_the_list(check_page: AppTest) -> None:
    data = rows_file(30, bad_every=7)  # customers 0, 7, 14, 21, 28 → rows 2, 9, 16, 23, 30
    at = upload(check_page, "thirty.csv", data)
    assert len(grid_rows(at)) == 30
    at.toggle(key="check_only_problems").set_value(True)
    run(at)
    assert grid_rows(at) == [2, 9, 16, 23, 30]
    assert set(listed(at)["Row"]) == {2, 9, 16, 23, 30}

    at = upload(check_page, MESSY, sample(MESSY))
    assert len(listed(at)) == 21
    at.multiselect(key="check_rules").set_value(["date_format"])
    run(at)
    assert grid_rows(at) == [2, 5]
    assert rules_of(listed(at)) == titled(["date_format", "date_format"])
    at.multiselect(key="check_rules").set_value([])
    at.multiselect(key="check_columns").set_value(["Workflow"])
    run(at)
    assert grid_rows(at) == [2, 3, 5]
    assert set(listed(at)["Column"]) == {"Workflow"}
    at.multiselect(key="check_rules").set_value(["boolean_format"])
    run(at)
    assert "No rows match these filters." in at.info[0].value


def test_a_new_file_starts_with_no_filter(check_page: AppTest) -> None:
    at = upload(check_page, MESSY, sample(MESSY))
    at.multiselect(key="check_rules").set_value(["date_format"])
    run(at)
    at = upload(at, "again.csv", sample(MESSY))
    assert at.multiselect(key="check_rules").value == []
    assert len(grid_rows(at)) == 5


def test_paging(check_page: AppTest) -> None:
    at = upload(check_page, "many.csv", rows_file(120, bad_every=10))
    assert grid_rows(at) == list(range(2, 52))
    assert set(listed(at)["Row"]) == {2, 12, 22, 32, 42}
    at.number_input(key="check_page").set_value(3)
    run(at)
    assert grid_rows(at) == list(range(102, 122))
    assert set(listed(at)["Row"]) == {102, 112}
    at.selectbox(key="check_page_size").select(100)
    run(at)
    assert at.number_input(key="check_page").value == 1
    assert grid_rows(at) == list(range(2, 102))
    at.number_input(key="check_page").set_value(2)
    run(at)
    assert grid_rows(at) == list(range(102, 122))


# ── mapping ──────────────────────────────────────────────────────────────────────

def test_mapping_table_and_ignoring_the_unknown_column(check_page: AppTest) -> None:
    data = sample(MESSY)
    at = upload(check_page, MESSY, data)
    table = shown(at, "check_mapping_table")
    # No header has a suggestion: the Suggestion column, empty, is left out.
    assert table.iloc[14].tolist() == ["O", "Favourite colour", "unknown", "unknown"]
    assert "Suggestion" not in table.columns
    assert set(table["How"][:14]) == {"exact"}
    at.selectbox(key="check_map_14").select("(ignore this column)")
    run(at)
    assert general_rules(at) == []
    assert metrics(at) == expected_metrics(engine(data, MESSY, overrides={14: ""}))
    assert metrics(at)["Warnings"] == "5"
    assert shown(at, "check_mapping_table").iloc[14]["How"] == "ignored"
    assert at.session_state[session.CHOICES].override_map == {14: ""}


def test_remapping_a_column_checks_it_as_its_new_target(check_page: AppTest) -> None:
    data = csv_bytes([["Customer name", "Segmnt"], ["Acme", "smb"], ["Beta", "Enterprise"]])
    at = upload(check_page, "segments.csv", data)
    assert shown(at, "check_mapping_table").iloc[1]["Suggestion"] == "Segment"
    assert general_rules(at) == titled(["unknown_column"])
    at.selectbox(key="check_map_1").select("Segment")
    run(at)
    assert shown(at, "check_mapping_table").iloc[1][["Understood as", "How"]].tolist() == [
        "Segment", "override"]
    assert flat(listed(at)) == flat(people(engine(data, "segments.csv",
                                                  overrides={1: "Segment"}).findings))
    assert rules_of(listed(at)) == titled(["select_option"])
    at.selectbox(key="check_map_1").select("(as detected)")
    run(at)
    assert at.session_state[session.CHOICES].override_map == {}
    assert general_rules(at) == titled(["unknown_column"])


def test_a_new_file_drops_the_overrides(check_page: AppTest) -> None:
    """A file with other headers: the same ones would get the choices back from the
    recipe they were saved in (tests/app/test_recipes_page.py)."""
    at = upload(check_page, MESSY, sample(MESSY))
    at.selectbox(key="check_map_14").select("(ignore this column)")
    run(at)
    other = sample(MESSY).replace(b"Customer name;", b"Raison sociale;", 1)
    at = upload(at, "other.csv", other)
    assert at.session_state[session.CHOICES].override_map == {}
    assert at.selectbox(key="check_map_14").value == "(as detected)"
    assert metrics(at)["Warnings"] == "6"


# ── reading choices ──────────────────────────────────────────────────────────────

def two_sheets() -> bytes:
    """Two sheets whose headers name as many Upflow columns each (2): the first is read."""
    return xlsx_bytes({
        "Notes": [],
        "Customers": [["Customer name", "Segment"], ["Acme", "SMB"], ["Beta", "Gold"]],
        "Contacts": [["Customer name", "Reference", "Email"], ["Acme", "C1", "not-an-email"]],
    })


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


def test_sheet_picker_switches_sheet(check_page: AppTest) -> None:
    data = two_sheets()
    at = upload(check_page, "book.xlsx", data, XLSX)
    picker = at.selectbox(key="check_sheet")
    assert picker.options == ["Customers", "Contacts"] and picker.value == "Customers"
    assert metrics(at) == expected_metrics(engine(data, "book.xlsx"))
    assert list(grid_cells(at).columns) == ["Customer name", "Segment"]
    picker.select("Contacts")
    run(at)
    contacts = engine(data, "book.xlsx", sheet="Contacts")
    assert metrics(at) == expected_metrics(contacts)
    assert list(grid_cells(at).columns) == ["Customer name", "Reference", "Email"]
    assert flat(listed(at)) == flat(people(contacts.findings[contacts.findings["row"].notna()]))
    assert "Sheet: Contacts" in facts(at)
    assert "check_separator" not in [s.key for s in at.selectbox]


def test_a_workbook_with_one_sheet_of_data_has_no_picker(check_page: AppTest) -> None:
    data = xlsx_bytes({"Cover": [], "Customers": [["Customer name"], ["Acme"]]})
    at = upload(check_page, "book.xlsx", data, XLSX)
    assert "check_sheet" not in [s.key for s in at.selectbox]
    assert metrics(at)["Rows"] == "1"


def test_an_ods_file_is_checked_like_its_xlsx(check_page: AppTest) -> None:
    sheets = {"Notes": [], "Clients": [["Customer name", "Customer ID"],
                                       ["Société Générale", "000201"],
                                       ["Müller", 123456789012]]}
    data = ods_bytes(sheets)
    at = upload(check_page, "clients.ods", data, ODS)
    assert not at.error
    assert metrics(at) == expected_metrics(engine(data, "clients.ods"))
    assert metrics(at)["Rows"] == "2"
    grid = grid_cells(at)
    assert list(grid.columns) == ["Customer name", "Customer ID"]
    assert grid["Customer ID"].tolist() == ["000201", "123456789012"]
    assert "check_sheet" not in [s.key for s in at.selectbox]


def test_separator_override_rereads_the_file(check_page: AppTest) -> None:
    data = csv_bytes([["Customer name", "Tags"], ["Acme", "Strategic, VIP"]])
    at = upload(check_page, "tags.csv", data)
    assert at.selectbox(key="check_separator").value == "auto"
    assert len(shown(at, "check_mapping_table")) == 2
    at.selectbox(key="check_separator").select(",")
    run(at)
    forced = engine(data, "tags.csv", separator=",")
    assert list(shown(at, "check_mapping_table")["Header"]) == list(forced.table.headers)
    assert metrics(at) == expected_metrics(forced)
    assert "Separator: comma (,)" in facts(at)
    at.selectbox(key="check_separator").select("auto")
    run(at)
    assert len(shown(at, "check_mapping_table")) == 2


def test_date_order_rechecks(check_page: AppTest) -> None:
    data = csv_bytes([["Customer name", "Contract end"], ["Acme", "03/04/2026"]])
    at = upload(check_page, "dates.csv", data)
    assert flat(listed(at)) == flat(people(engine(data, "dates.csv").findings))
    assert "Suggested fix" not in listed(at).columns  # no fix offered: no empty column
    at.selectbox(key="check_date_order").select(DateOrder.DAY_FIRST)
    run(at)
    day_first = engine(data, "dates.csv", options=CheckOptions(DateOrder.DAY_FIRST))
    assert flat(listed(at)) == flat(people(day_first.findings))
    assert list(listed(at)["Suggested fix"]) == ["2026-04-03"]


# ── files that cannot be checked ─────────────────────────────────────────────────

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize(("name", "data"), [
    ("photo.csv", PNG),
    ("empty.csv", b""),
    ("header.csv", b"Customer name;Customer ID\r\n"),
    ("cut.xlsx", two_sheets()[:300]),
])
def test_a_file_that_cannot_be_checked_is_one_message(check_page: AppTest, name: str,
                                                      data: bytes) -> None:
    at = upload(check_page, name, data)
    expected = list(read_table(data, name).findings["message"])
    assert [error.value for error in at.error] == expected
    assert not at.metric and not at.dataframe and not at.selectbox and not at.page_link
    assert not at.warning and not at.success


def test_a_good_file_after_a_bad_one(check_page: AppTest) -> None:
    at = upload(check_page, "photo.csv", PNG)
    at = upload(at, MESSY, sample(MESSY))
    assert not at.error and metrics(at)["Errors"] == "16"


# ── across pages ─────────────────────────────────────────────────────────────────

def test_switching_pages_and_back_keeps_the_file_and_the_choices(
        check_page: AppTest, open_page: Callable[[str], AppTest]) -> None:
    data = sample(MESSY)
    at = upload(check_page, MESSY, data)
    at.selectbox(key="check_map_14").select("(ignore this column)")
    at.selectbox(key="check_date_order").select(DateOrder.DAY_FIRST)
    at.multiselect(key="check_rules").set_value(["workflow_not_found"])
    run(at)
    before = (metrics(at), flat(listed(at)))
    open_page("help")
    assert not at.metric
    at = open_page("check")
    assert (metrics(at), flat(listed(at))) == before
    assert metrics(at) == expected_metrics(engine(
        data, MESSY, options=CheckOptions(DateOrder.DAY_FIRST), overrides={14: ""}))
    assert at.selectbox(key="check_map_14").value == "(ignore this column)"
    assert at.selectbox(key="check_date_order").value == DateOrder.DAY_FIRST
    assert at.multiselect(key="check_rules").value == ["workflow_not_found"]


# ── help for every rule ──────────────────────────────────────────────────────────

def test_every_rule_found_leads_to_its_help(check_page: AppTest) -> None:
    at = upload(check_page, MESSY, sample(MESSY))
    by_rule = shown(at, "check_by_rule")
    assert list(by_rule.columns) == ["Problem", "Severity", "Times found"]
    codes = list(rule_table(engine(sample(MESSY), MESSY).findings)["Rule"])
    assert rules_of(by_rule) == titled(codes)
    assert dict(zip(codes, by_rule["Times found"], strict=True))["workflow_not_found"] == 3
    tooltip = at.get_by_key("check_by_rule").dataframe[0].proto.columns
    assert all(f"`{code}`" in tooltip for code in codes)
    explain = at.selectbox(key="check_explain")
    assert explain.options == [f"{title} ({code})" for title, code in
                               zip(by_rule["Problem"], codes, strict=True)]
    for code in codes:
        at.selectbox(key="check_explain").select(code)
        run(at)
        help_links = [link for link in at.page_link if link.proto.page == "help"]
        assert [link.proto.query_string for link in help_links] == [f"rule={code}"]
