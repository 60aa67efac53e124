"""The dashboard's numbers and figures: every chart's data checked against counts made
by hand on a small file, properties over generated findings, and the standalone HTML
(every figure, plotly.js once, never a cell value)."""

from __future__ import annotations

import json
import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.offline import get_plotlyjs

from checks import CheckResult, apply_fixes, check_table, demo_definitions, read_table
from checks.i18n import _, use_language
from checks.map.headers import IGNORE, map_headers
from checks.model.findings import POSITION, Finding, findings_frame
from checks.model.rules import RULES
from checks.model.table import Table
from checks.views.dashboard import (
    FIGURE_IDS,
    SEVERITY_COLOURS,
    WHOLE_LINE,
    before_after,
    before_after_figure,
    build_dashboard,
    by_column,
    by_rule,
    column_figure,
    completeness,
    completeness_figure,
    dashboard_figures,
    dashboard_html,
    headline,
    heatmap_figure,
    mandatory_targets,
    problem_heatmap,
    row_blocks,
    rule_figure,
    severity_heatmaps,
)
from checks.views.grid import GridFilter, column_labels, matching_findings
from tests.read.files import csv_bytes

DEFS = demo_definitions()
SENTINEL = "ZQX-SENTINEL-42"  # a bad cell's value: must never reach the HTML
HEADERS = ["Customer name", "Customer ID", "Workflow", "Segment", "Favourite colour"]
LINES = [
    ["Acme", "C1", "Standard", "SMB", "blue"],    # row 2: clean
    ["", "C2", "Standard", "SMB", ""],            # row 3: required_missing (name)
    ["Beta", "C3", SENTINEL, "SMB", "red"],       # row 4: workflow_not_found, no fix
    ["Gamma", "C4", "standard", "Gold", ""],      # row 5: workflow_not_found (fix), select_option
    ["Delta", "C5", "Standard", "smb", ""],       # row 6: select_option (fix SMB)
    ["   ", "C6", "Standard", "SMB", "green"],    # row 7: only spaces: required_missing
    ["Eps", " C7", "Standard", "SMB", ""],        # row 8: whitespace (a warning only)
    ["Zed", "C8", "Standard"],                    # row 9: ragged_row (no column)
]
# And the file-level unknown_column warning on "Favourite colour".


@pytest.fixture(scope="module")
def result() -> CheckResult:
    data = csv_bytes([HEADERS, *LINES])
    return check_table(read_table(data, "customers <test>.csv"), DEFS)


def test_the_small_file_has_the_findings_the_counts_below_assume(result) -> None:
    found = result.findings
    pairs = sorted(zip(found["row"].fillna(0).astype(int), found["rule"], strict=True))
    assert pairs == [(0, "unknown_column"), (3, "required_missing"), (4, "workflow_not_found"),
                     (5, "select_option"), (5, "workflow_not_found"), (6, "select_option"),
                     (7, "required_missing"), (8, "whitespace"), (9, "ragged_row")]


# ── the numbers, by hand ─────────────────────────────────────────────────────────

def test_headline_counts_lines_without_errors(result) -> None:
    top = headline(result.findings, result.table.rows)
    assert (top.rows, top.rows_with_errors, top.errors, top.warnings, top.infos) == (8, 6, 7, 2, 0)
    assert top.clean_rows == 2  # rows 2 and 8: a warning does not make a line unclean
    assert top.clean_share == 0.25


def test_headline_of_a_file_without_lines() -> None:
    top = headline(findings_frame([]), 0)
    assert (top.rows, top.clean_rows, top.clean_share) == (0, 0, 0.0)


def test_by_rule_counts_most_frequent_first_then_catalogue_order(result) -> None:
    table = by_rule(result.findings)
    assert table.values.tolist() == [
        ["required_missing", RULES["required_missing"].title, "error", 2],
        ["select_option", RULES["select_option"].title, "error", 2],
        ["workflow_not_found", RULES["workflow_not_found"].title, "error", 2],
        ["ragged_row", RULES["ragged_row"].title, "error", 1],
        ["unknown_column", RULES["unknown_column"].title, "warning", 1],
        ["whitespace", RULES["whitespace"].title, "warning", 1],
    ]


def test_by_column_counts_each_severity_most_first_then_file_order(result) -> None:
    table = by_column(result.findings, result.table.headers)
    assert table.values.tolist() == [
        ["Customer name", 2, 0, 0, 2],
        ["Workflow", 2, 0, 0, 2],
        ["Segment", 2, 0, 0, 2],
        ["Customer ID", 0, 1, 0, 1],
        ["Favourite colour", 0, 1, 0, 1],  # the column-level unknown_column
    ]  # the ragged line names no column: it is in the heatmap, not here
    assert list(table.columns) == ["column", "error", "warning", "info", "total"]


def test_row_blocks_split_lines_into_labelled_blocks(result) -> None:
    blocks = row_blocks(result.table.data.index, 3)
    assert blocks.values.tolist() == [["2–4", 2, 4, 3], ["5–7", 5, 7, 3], ["8–9", 8, 9, 2]]
    singles = row_blocks(result.table.data.index)
    assert singles["label"].tolist() == ["2", "3", "4", "5", "6", "7", "8", "9"]
    big = row_blocks(pd.RangeIndex(2, 100_002), 50)
    assert len(big) == 50
    assert big["label"].iloc[0] == "2–2,001" and big["label"].iloc[-1] == "98,002–100,001"
    with pytest.raises(ValueError):
        row_blocks(pd.RangeIndex(2, 5), 0)


def test_heatmap_counts_line_findings_per_block_and_column(result) -> None:
    heat = problem_heatmap(result.findings, result.table.data.index, result.table.headers, 3)
    assert heat.index.tolist() == ["2–4", "5–7", "8–9"]
    assert heat.columns.tolist() == ["Customer name", "Customer ID", "Workflow", "Segment",
                                     WHOLE_LINE]
    assert heat.values.tolist() == [
        [1, 0, 1, 0, 0],   # row 3 name, row 4 workflow
        [1, 0, 1, 2, 0],   # row 5 workflow and segment, row 6 segment, row 7 name
        [0, 1, 0, 0, 1],   # row 8 customer ID, row 9 the ragged line
    ]


def test_mandatory_columns_follow_the_sections_the_file_holds(result) -> None:
    # Details asks for the name; Assignment for an identifier, which Customer ID gives.
    assert mandatory_targets(result.mapping) == {"Customer name", "Customer ID"}
    contacts = map_headers(("Customer name", "Customer ID", "Client ID (External ID)",
                            "Contact email address", "Parent name", "Parent ID"), DEFS)
    assert mandatory_targets(contacts) == {"Customer name", "Client ID (External ID)",
                                           "Contact email address", "Parent name",
                                           "Parent ID"}


def test_completeness_counts_spaces_as_empty_and_marks_mandatory(result) -> None:
    table = completeness(result)
    assert table[["column", "mandatory", "filled", "rows"]].values.tolist() == [
        ["Customer name", True, 6, 8],      # row 3 empty, row 7 only spaces
        ["Customer ID", True, 8, 8],
        ["Workflow", False, 8, 8],
        ["Segment", False, 7, 8],           # the ragged line has none
        ["Favourite colour", False, 3, 8],  # blue, red, green
    ]
    assert table["share"].tolist() == [0.75, 1.0, 1.0, 0.875, 0.375]
    assert table["target"].tolist() == ["Customer name", "Customer ID", "Workflow", "Segment",
                                        None]


def test_before_and_after_the_chosen_fixes(result) -> None:
    options = apply_fixes(result, ["options"]).result.findings
    assert before_after(result.findings, options)[["rule", "before", "after"]].values.tolist() == [
        ["required_missing", 2, 2],
        ["select_option", 2, 1],          # smb → SMB; Gold is no option at all
        ["workflow_not_found", 2, 2],     # workflows were not chosen
        ["ragged_row", 1, 1],
        ["unknown_column", 1, 1],
        ["whitespace", 1, 1],
    ]
    every = apply_fixes(result).result.findings
    assert before_after(result.findings, every)[["rule", "before", "after"]].values.tolist() == [
        ["required_missing", 2, 2], ["select_option", 2, 1], ["workflow_not_found", 2, 1],
        ["ragged_row", 1, 1], ["unknown_column", 1, 1], ["whitespace", 1, 0]]


def test_before_and_after_keeps_a_rule_found_only_after() -> None:
    before = findings_frame([Finding(2, "A", None, "whitespace", "warning", "m")])
    after = findings_frame([Finding(2, "A", None, "id_damaged", "warning", "m")])
    table = before_after(before, after)
    assert table[["rule", "before", "after"]].values.tolist() == [["whitespace", 1, 0],
                                                                  ["id_damaged", 0, 1]]


# ── the figures carry those numbers ──────────────────────────────────────────────

def bars(figure) -> dict[str, int]:
    """Category → value over every trace of a bar figure."""
    values: dict[str, int] = {}
    for trace in figure.data:
        for category, value in zip(trace.y, trace.x, strict=True):
            values[category] = values.get(category, 0) + value
    return values


def test_rule_figure_has_one_bar_per_rule_coloured_by_severity(result) -> None:
    figure = rule_figure(by_rule(result.findings))
    assert figure.layout.title.text == "Which problems come up most"
    assert figure.layout.xaxis.title.text == "Number of findings"
    assert bars(figure) == dict(pd.Series(result.findings["rule"]).value_counts())
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {"Errors": SEVERITY_COLOURS["error"],
                       "Warnings": SEVERITY_COLOURS["warning"]}
    assert list(figure.layout.yaxis.categoryarray)[:3] == ["required_missing", "select_option",
                                                          "workflow_not_found"]


def test_column_figure_stacks_severities(result) -> None:
    figure = column_figure(by_column(result.findings, result.table.headers))
    assert figure.layout.title.text == "Which columns have problems"
    assert figure.layout.barmode == "stack"
    by_trace = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in figure.data}
    assert by_trace["Errors"]["Segment"] == 2 and by_trace["Warnings"]["Customer ID"] == 1
    assert bars(figure)["Favourite colour"] == 1


def test_heatmap_figure_and_completeness_figure(result) -> None:
    heats = severity_heatmaps(result.findings, result.table.data.index, result.table.headers, 3)
    figure = heatmap_figure(heats)
    assert figure.layout.title.text == "Where the problems are"
    assert figure.layout.yaxis.title.text == "Spreadsheet rows"
    errors, warnings = figure.data  # no note on a line: two panels
    assert [[z or 0 for z in row] for row in errors.z] == heats["error"].values.tolist()
    assert [[z or 0 for z in row] for row in warnings.z] == heats["warning"].values.tolist()
    assert list(errors.y) == ["2–4", "5–7", "8–9"]
    shares = completeness_figure(completeness(result))
    assert shares.layout.title.text == "How complete each column is"
    assert bars(shares) == {"Customer name": 75.0, "Customer ID": 100.0, "Workflow": 100.0,
                            "Segment": 87.5, "Favourite colour": 37.5}
    assert {trace.name for trace in shares.data} == {"Mandatory", "Optional"}


def test_before_after_figure_has_both_sides(result) -> None:
    table = before_after(result.findings, apply_fixes(result).result.findings)
    figure = before_after_figure(table)
    before, after = figure.data
    assert (before.name, after.name) == ("Before fixes", "After fixes")
    assert dict(zip(after.y, after.x, strict=True))["whitespace"] == 0


def test_empty_figures_say_why() -> None:
    empty = findings_frame([])
    for figure in (rule_figure(by_rule(empty)), column_figure(by_column(empty))):
        assert figure.layout.annotations[0].text.startswith("No ")
    heat = problem_heatmap(empty, pd.RangeIndex(2, 10))
    assert heat.shape == (8, 0)
    figure = heatmap_figure(severity_heatmaps(empty, pd.RangeIndex(2, 10)))
    assert figure.layout.annotations[0].text == "No line has a problem"


def test_dashboard_figures_are_keyed_like_their_html_ids(result) -> None:
    board = build_dashboard(result)
    assert list(dashboard_figures(board)) == ["by_rule", "by_column", "heatmap", "completeness"]
    fixed = build_dashboard(result, apply_fixes(result).result.findings)
    assert list(dashboard_figures(fixed)) == list(FIGURE_IDS)


# ── a header written twice ───────────────────────────────────────────────────────

TWICE = "Customer name;Contact email address;Client ID (External ID);Contact email address"
SECOND, FOURTH = "Contact email address (B)", "Contact email address (D)"  # the grid's labels


@pytest.fixture(scope="module")
def twice() -> CheckResult:
    """The first email column (B) ignored, the second (D) with spaces around a value."""
    data = (f"{TWICE}\n"
            "Acme;ignored@exemple.fr;C-1; anna@exemple.fr \n"
            "Beta;also.ignored@exemple.fr;C-2;paul@exemple.fr\n").encode()
    return check_table(read_table(data, "contacts.csv"), DEFS, overrides={1: IGNORE})


def test_a_repeated_header_counts_the_finding_under_its_own_column(twice) -> None:
    found = twice.findings
    spaces = found[found["rule"] == "whitespace"]
    assert spaces[["row", "column", POSITION]].values.tolist() == [
        [2, "Contact email address", 3]]
    table = by_column(found, twice.table.headers)
    assert table.values.tolist() == [
        [FOURTH, 0, 1, 0, 1],  # the whitespace warning, on D; B ignored: no longer twice
    ]
    assert SECOND not in table["column"].tolist()
    warnings = next(t for t in column_figure(table).data if t.name == "Warnings")
    assert dict(zip(warnings.y, warnings.x, strict=True)) == {FOURTH: 1}


def test_a_repeated_header_heats_its_own_column(twice) -> None:
    heat = problem_heatmap(twice.findings, twice.table.data.index, twice.table.headers)
    assert heat.columns.tolist() == [FOURTH]
    assert heat.values.tolist() == [[1], [0]]  # rows 2 and 3
    heats = severity_heatmaps(twice.findings, twice.table.data.index, twice.table.headers)
    assert [list(trace.x) for trace in heatmap_figure(heats).data] == [[FOURTH]]


def test_a_repeated_header_filters_by_the_column_behind_its_label(twice) -> None:
    found, headers = twice.findings, twice.table.headers
    assert column_labels(found, headers).tolist() == [FOURTH]
    mine = matching_findings(found, GridFilter(columns=frozenset({FOURTH})), headers)
    assert mine[["row", "rule", POSITION]].values.tolist() == [[2, "whitespace", 3]]
    assert matching_findings(found, GridFilter(columns=frozenset({SECOND})), headers).empty
    assert matching_findings(found, GridFilter(), headers).equals(found)


def test_an_empty_header_gets_its_letter_and_a_missing_column_its_name() -> None:
    data = csv_bytes([["Customer name", "", "Parent ID"], ["Acme", " x ", "P1"],
                      ["", "y", ""]])
    result = check_table(read_table(data, "parents.csv"), DEFS)
    table = by_column(result.findings, result.table.headers)
    assert table.values.tolist() == [
        ["Customer name", 1, 0, 0, 1],
        ["(column B)", 0, 1, 0, 1],   # unknown_column, on the column without a header
        ["Parent ID", 0, 1, 0, 1],
        ["Parent name", 1, 0, 0, 1],  # missing_column: the file lacks it, so no position
    ]


# ── properties ───────────────────────────────────────────────────────────────────

SEVERITY_OF = {"error": "required_missing", "warning": "whitespace", "info": "header_alias"}


@st.composite
def lines_and_findings(draw):
    """A sorted set of row numbers (they may skip) and findings pointing at some of
    them, or at no row, with or without a column."""
    numbers = draw(st.lists(st.integers(2, 5_000), min_size=0, max_size=60, unique=True))
    index = pd.Index(sorted(numbers), dtype="int64")
    columns = st.sampled_from([None, "A", "B", "C"])
    rows = st.sampled_from(index.tolist()) if len(index) else st.none()
    items = draw(st.lists(st.tuples(st.one_of(st.none(), rows), columns,
                                    st.sampled_from(list(SEVERITY_OF))), max_size=80))
    findings = findings_frame([Finding(row, column, None, SEVERITY_OF[severity], severity, "m")
                               for row, column, severity in items])
    return index, findings, draw(st.integers(1, 12))


@given(lines_and_findings())
def test_heatmap_totals_equal_the_line_findings(case) -> None:
    index, findings, max_blocks = case
    heat = problem_heatmap(findings, index, ("C", "B", "A"), max_blocks)
    on_lines = int(findings["row"].notna().sum()) if len(index) else 0
    assert int(heat.to_numpy().sum()) == on_lines
    if on_lines:
        named = findings[findings["row"].notna()]
        assert heat.sum(axis=0).to_dict() == named["column"].fillna(WHOLE_LINE).value_counts(
        ).to_dict()
        blocks = row_blocks(index, max_blocks)
        rows = named["row"].astype(int)
        inside = [int(rows.between(first, last).sum())
                  for first, last in zip(blocks["first"], blocks["last"], strict=True)]
        assert heat.sum(axis=1).tolist() == inside  # each finding in its own line's block


@given(lines_and_findings())
def test_blocks_cover_every_line_once_in_order(case) -> None:
    index, _, max_blocks = case
    blocks = row_blocks(index, max_blocks)
    assert len(blocks) <= max_blocks
    assert int(blocks["lines"].sum()) == len(index)
    covered = [n for first, last in zip(blocks["first"], blocks["last"], strict=True)
               for n in index if first <= n <= last]
    assert covered == index.tolist()  # every line in exactly one block, in the file's order
    assert blocks["label"].is_unique


@given(lines_and_findings())
def test_rule_and_column_counts_add_up(case) -> None:
    _, findings, _ = case
    assert int(by_rule(findings)["count"].sum()) == len(findings)
    columns = by_column(findings)
    assert int(columns["total"].sum()) == int(findings["column"].notna().sum())
    assert columns["total"].is_monotonic_decreasing


# ── the standalone HTML ──────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def page(result) -> str:
    board = build_dashboard(result, apply_fixes(result).result.findings)
    return dashboard_html(board, file_name="customers <b>&</b>.csv", organization="Demo & Co",
                          when=datetime(2026, 3, 4, 15, 30))


def test_html_holds_every_figure_and_plotly_once(page) -> None:
    for div_id in FIGURE_IDS.values():
        assert page.count(f'id="{div_id}"') == 1
    assert page.count(get_plotlyjs()) == 1
    ours = page.replace(get_plotlyjs(), "")
    assert "<script src=" not in ours and "cdn.plot.ly" not in ours  # opens offline
    assert page.count('Plotly.newPlot(') == len(FIGURE_IDS)


def test_html_is_titled_with_the_escaped_file_name_the_time_and_organization(page) -> None:
    assert "<title>Preflight dashboard: customers &lt;b&gt;&amp;&lt;/b&gt;.csv</title>" in page
    assert "customers <b>&</b>.csv" not in page
    assert "Demo &amp; Co" in page and "2026-03-04 15:30" in page


def test_html_never_holds_a_cell_value(page, result) -> None:
    assert SENTINEL in result.findings["value"].tolist()  # the value is in the findings…
    assert SENTINEL not in page                           # …and not in the dashboard
    for message in result.findings["message"]:
        assert message not in page


def test_html_figures_carry_the_engine_counts(page, result) -> None:
    call = re.search(r'Plotly\.newPlot\(\s*"preflight-by-rule",\s*', page)
    assert call is not None
    data = json.JSONDecoder().raw_decode(page, call.end())[0]
    counts = {y: x for trace in data for x, y in zip(trace["x"], trace["y"], strict=True)}
    assert counts == result.summary.by_rule


# ── scale ────────────────────────────────────────────────────────────────────────

def test_a_100000_line_dashboard_is_complete() -> None:
    """Data, figures and HTML for 100,000 lines and 400,000 findings: every finding is
    counted and the heatmap stays at 50 blocks. (Its speed is measured by the
    benchmark, never asserted here.)"""
    rows, headers = 100_000, tuple(HEADERS)
    index = pd.RangeIndex(2, rows + 2)
    data = pd.DataFrame({i: pd.Series(np.where(index % 7 == 0, " ", "x"), dtype="str",
                                      index=index) for i in range(len(headers))})
    table = Table("big.csv", headers, data)
    numbers = np.repeat(np.arange(2, rows + 2), 4)
    rules = np.array(["required_missing", "workflow_not_found", "select_option", "whitespace"],
                     dtype=object)
    findings = pd.DataFrame({
        "row": pd.array(numbers, dtype="Int64"),
        "column": np.tile(np.array(headers[:4], dtype=object), rows),
        "value": "x", "rule": np.tile(rules, rows),
        "severity": np.tile(np.array(["error", "error", "error", "warning"], dtype=object),
                            rows),
        "message": "m", "fix": None,
        POSITION: pd.array(np.tile(np.arange(4), rows), dtype="Int64")})
    check = CheckResult(table, DEFS, map_headers(headers, DEFS), findings)
    board = build_dashboard(check, findings.iloc[::2])
    document = dashboard_html(board, file_name="big.csv", organization="Demo",
                              when=datetime(2026, 1, 1))
    assert board.headline.rows_with_errors == rows
    assert int(board.heatmap.to_numpy().sum()) == len(findings)
    assert len(board.heatmap) == 50 and board.heatmap.index[0] == "2–2,001"
    assert board.completeness["filled"].iloc[0] == rows - len(index[index % 7 == 0])
    assert len(document) > len(get_plotlyjs())


# ── in French ────────────────────────────────────────────────────────────────────

def test_the_dashboard_speaks_the_sessions_language(result) -> None:
    """Titles, axes, legends, hover labels, row blocks and the HTML page in French; rule
    codes (what a click selects) and column labels stay as they are."""
    with use_language("fr"):
        board = build_dashboard(result, apply_fixes(result).result.findings)
        figures = dashboard_figures(board)
        document = dashboard_html(board, file_name="clients.csv", organization="Demo",
                                  when=datetime(2026, 3, 4, 15, 30))
        big = row_blocks(pd.RangeIndex(2, 100_002))
    assert figures["by_rule"].layout.title.text == "Les problèmes les plus fréquents"
    assert figures["by_rule"].layout.xaxis.title.text == "Nombre de problèmes"
    assert figures["by_rule"].layout.separators == ",\u202f"   # 1 234,5 as France writes it
    assert {trace.name for trace in figures["by_column"].data} <= {
        "Erreurs", "Avertissements", "Informations"}
    assert all("problèmes" in trace.hovertemplate and "findings" not in trace.hovertemplate
               for trace in figures["by_rule"].data)
    assert list(figures["by_rule"].data[0].y) == list(
        board.by_rule.loc[board.by_rule["severity"] == "error", "rule"])
    with use_language("fr"):  # each rule's title as the French catalogue says it
        assert board.by_rule["title"].tolist() == [_(RULES[code].title)
                                                   for code in board.by_rule["rule"]]
    assert figures["heatmap"].layout.yaxis.title.text == "Lignes du tableur"
    assert big["label"].iloc[0] == "2–2\u202f001"
    assert '<html lang="fr">' in document
    assert "<title>Tableau de bord Preflight\u00a0: clients.csv</title>" in document
    assert "Lignes sans erreur" in document and "Clean lines" not in document


def test_a_whole_line_finding_is_named_in_french_in_the_heatmap_only() -> None:
    heat = pd.DataFrame([[1, 2]], index=pd.Index(["2"], name="rows"),
                        columns=pd.Index(["Customer name", WHOLE_LINE], name="column"))
    with use_language("fr"):
        figure = heatmap_figure({"error": heat})
    assert list(figure.data[0].x) == ["Customer name", "(ligne entière)"]
    assert list(heat.columns) == ["Customer name", "(whole line)"]   # the frame keeps its key


def test_english_figures_have_no_separators_of_their_own(result) -> None:
    """English keeps plotly's own (1,234.5): the English figures are what they were."""
    with use_language("en"):
        assert rule_figure(by_rule(result.findings)).layout.separators is None


# ── errors and warnings told apart without relying on colour ──────────────────────

def _heats() -> dict[str, pd.DataFrame]:
    """Two blocks × two columns: 3 errors and 1 warning in one cell."""
    index = pd.Index(["2–4", "5–7"], name="rows")
    columns = pd.Index(["Email", "Workflow"], name="column")
    return {"error": pd.DataFrame([[3, 0], [1, 0]], index=index, columns=columns),
            "warning": pd.DataFrame([[1, 2], [0, 0]], index=index, columns=columns),
            "info": pd.DataFrame([[0, 0], [0, 0]], index=index, columns=columns)}


def test_the_heatmap_draws_errors_and_warnings_apart_in_counts() -> None:
    figure = heatmap_figure(_heats())
    errors, warnings = figure.data  # no note: no panel for notes
    assert (errors.name, warnings.name) == ("Errors", "Warnings")
    assert errors.colorbar.title.text == "Errors" and warnings.colorbar.title.text == "Warnings"
    # the colour scale is in numbers of findings, from none to the most in a block
    assert (errors.zmin, errors.zmax, warnings.zmax) == (0, 3, 2)
    assert errors.colorbar.dtick == 1 and errors.colorbar.tickformat == ",d"
    assert [list(row) for row in errors.z] == [[3, None], [1, None]]  # none: left blank
    # each severity in its own colour-blind-safe colour, the same as the bar charts'
    assert errors.colorscale[-1][1] == SEVERITY_COLOURS["error"] == "#D55E00"
    assert warnings.colorscale[-1][1] == SEVERITY_COLOURS["warning"] == "#0072B2"
    assert len({SEVERITY_COLOURS["error"], SEVERITY_COLOURS["warning"],
                errors.colorscale[0][1], warnings.colorscale[0][1]}) == 4
    assert figure.layout.xaxis.title.text == "Errors, per column"
    assert figure.layout.xaxis2.title.text == "Warnings, per column"


def test_the_heatmaps_hover_counts_every_severity_in_words() -> None:
    figure = heatmap_figure(_heats())
    for panel in figure.data:
        assert [list(row) for row in panel.customdata] == [
            ["3 errors, 1 warning", "2 warnings"], ["1 error", "no problem"]]
        assert panel.hovertemplate == "Rows %{y}, %{x}: %{customdata}<extra></extra>"
    with use_language("fr"):
        french = heatmap_figure(_heats())
    assert [panel.name for panel in french.data] == ["Erreurs", "Avertissements"]
    assert list(french.data[0].customdata[0]) == ["3 erreurs, 1 avertissement",
                                                  "2 avertissements"]
    assert french.data[0].customdata[1][1] == "aucun problème"
    assert french.layout.xaxis.title.text == "Erreurs, par colonne"


def test_a_note_on_a_line_gets_a_panel_of_its_own() -> None:
    heats = _heats()
    heats["info"].iloc[0, 0] = 5
    figure = heatmap_figure(heats)
    assert [panel.name for panel in figure.data] == ["Errors", "Warnings", "Notes"]
    assert figure.data[0].customdata[0][0] == "3 errors, 1 warning, 5 notes"


@given(lines_and_findings())
def test_the_severity_heatmaps_add_up_to_the_heatmap(case) -> None:
    index, findings, max_blocks = case
    total = problem_heatmap(findings, index, ("C", "B", "A"), max_blocks)
    heats = severity_heatmaps(findings, index, ("C", "B", "A"), max_blocks)
    assert list(heats) == ["error", "warning", "info"]
    assert sum(heats.values()).equals(total)
    for severity, frame in heats.items():
        mine = findings[(findings["severity"] == severity) & findings["row"].notna()]
        assert int(frame.to_numpy().sum()) == (len(mine) if len(index) else 0)


def test_the_dashboard_keeps_one_heatmap_per_severity(result) -> None:
    board = build_dashboard(result, max_blocks=3)
    assert board.heatmap.equals(problem_heatmap(result.findings, result.table.data.index,
                                                result.table.headers, 3))
    assert int(board.heatmaps["warning"].to_numpy().sum()) == int(
        ((result.findings["severity"] == "warning") & result.findings["row"].notna()).sum())


_CELLS = st.sampled_from(["", " ", "\u00a0", "\t", "a", " b ", "=1", "é", "\u3000"])


@given(st.integers(1, 90), st.integers(1, 5), st.data())
def test_completeness_counts_each_column_as_alone_on_wide_files(width: int, lines: int,
                                                                data: st.DataObject) -> None:
    """Counted on all the columns' cells at once (a 16,384-column file asked column by
    column took seconds): the counts are each column's own, a missing cell empty."""
    cells = data.draw(st.lists(st.lists(st.none() | _CELLS, min_size=width, max_size=width),
                               min_size=lines, max_size=lines))
    frame = pd.DataFrame(cells, dtype="str", index=range(2, lines + 2))
    frame.columns = pd.RangeIndex(width)
    headers = tuple(f"Column {n}" for n in range(width))
    table = Table(name="wide.csv", headers=headers, data=frame)
    board = completeness(check_table(table, demo_definitions()))
    expected = [sum(1 for line in cells if line[n] is not None and line[n].strip())
                for n in range(width)]
    assert board["filled"].tolist() == expected
