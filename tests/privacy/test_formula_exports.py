"""No export ever holds a live formula by accident: every export, fed the same formulas.

* Files for people (the findings, the identifier match lists, the history) put an
  apostrophe before each formula-like cell, so a spreadsheet shows it as text.
* Files for Upflow (the corrected CSV, the lines with errors, the clean lines) keep
  every cell exactly, and the check has reported each formula-like one as
  `formula_like` first; an apostrophe goes in only when asked for.
* The error report stores every value as text: no cell is a formula, in openpyxl's
  reading or in the sheets' XML.
* The dashboard download holds no cell value at all.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from checks import (
    FINDING_COLUMNS,
    RULES,
    ExportOptions,
    apply_fixes,
    check_table,
    demo_definitions,
    error_report,
    export_csv,
    match_identifiers,
    read_table,
    split_by_errors,
    template_csv,
)
from checks.cli.main import main as cli
from checks.export.csv import findings_csv
from checks.export.people import COLUMN_TITLES
from checks.map.headers import IGNORE
from checks.store.history import history_frame
from checks.views.dashboard import build_dashboard, dashboard_html
from checks.views.history import history_csv
from checks.views.match import lines_csv, values_csv
from tests.privacy.formula_files import (
    ATTACKS,
    assert_for_people,
    assert_no_formula_in_workbook,
    billing_csv,
    cells,
    customers_csv,
    live_formulas,
    salesforce_csv,
    workbook_texts,
)

NAME = "formulas.csv"
COLUMNS = ("Collector notes", "Favourite colour")  # the two columns holding the attacks


def checked(overrides: dict[int, str] | None = None):
    return check_table(read_table(customers_csv(), NAME), demo_definitions(),
                       overrides=overrides)


def formula_findings(findings: pd.DataFrame) -> set[tuple[int, str, str]]:
    found = findings[findings["rule"] == "formula_like"]
    return {(int(row), column, value) for row, column, value in
            found[["row", "column", "value"]].itertuples(index=False)}


EXPECTED = {(row, column, attack) for row, attack in enumerate(ATTACKS, start=2)
            for column in COLUMNS}


def attack_cells(data: bytes, separator: str = ";") -> list[list[str]]:
    """The two attack columns of each line of an exported file."""
    rows = cells(data, separator)
    header = rows[0]
    positions = [header.index(column) for column in COLUMNS]
    return [[row[p] for p in positions] for row in rows[1:]]


# ── files for Upflow: exact, and reported first ─────────────────────────────────────

def test_the_check_reports_every_formula_cell() -> None:
    assert formula_findings(checked().findings) == EXPECTED


def test_a_column_left_out_of_the_checks_is_still_checked_for_formulas() -> None:
    """Ignoring a column leaves out its meaning's rules, but it is still exported."""
    result = checked({3: IGNORE})
    assert formula_findings(result.findings) == EXPECTED
    assert set(result.findings.loc[result.findings["column"] == "Favourite colour",
                                   "rule"]) == {"formula_like"}


def test_the_corrected_file_keeps_the_cells_and_its_check_reports_them() -> None:
    fixed = apply_fixes(checked())
    data = export_csv(fixed.table, fixed.result.mapping)
    assert attack_cells(data) == [[attack, attack] for attack in ATTACKS]
    assert live_formulas(data, ";") != [], "exactly as written: Upflow reads text"
    assert formula_findings(fixed.result.findings) == EXPECTED
    again = check_table(read_table(data, "fixed.csv"), demo_definitions())
    assert formula_findings(again.findings) == EXPECTED


def test_the_rejected_and_clean_lines_keep_the_cells() -> None:
    fixed = apply_fixes(checked())
    accepted, rejected = split_by_errors(fixed.table, fixed.result.findings)
    assert accepted.rows and rejected.rows
    mapping = fixed.result.mapping
    kept = attack_cells(export_csv(accepted, mapping)) + attack_cells(
        export_csv(rejected, mapping))
    assert sorted(map(tuple, kept)) == sorted((attack, attack) for attack in ATTACKS)


def test_asked_for_an_apostrophe_goes_before_each_formula_and_nothing_else() -> None:
    fixed = apply_fixes(checked())
    plain = export_csv(fixed.table, fixed.result.mapping)
    data = export_csv(fixed.table, fixed.result.mapping,
                      ExportOptions(neutralise_formulas=True))
    assert attack_cells(data) == [["'" + attack, "'" + attack] for attack in ATTACKS]
    assert live_formulas(data, ";") == []
    neutral, original = cells(data, ";"), cells(plain, ";")
    assert neutral[0] == original[0], "headers as they are"
    changed = {(r, c) for r, row in enumerate(original) for c, cell in enumerate(row)
               if neutral[r][c] != cell}
    assert len(changed) == len(EXPECTED)


# ── files for people: neutralised ───────────────────────────────────────────────────

@pytest.mark.parametrize("separator", [";", ",", "|"])
def test_the_findings_file_has_no_live_formula(separator: str) -> None:
    findings = apply_fixes(checked()).result.findings
    data = findings_csv(findings, ExportOptions(separator=separator, bom=True))
    assert data.startswith(b"\xef\xbb\xbf")
    assert_for_people(data, separator)
    read = pd.read_csv(io.BytesIO(data), sep=separator, dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    # A file for people: each rule by its title, under plain column titles (RULES.md's
    # columns, not internal ones such as the position).
    assert read["Problem"].tolist() == [RULES[code].title for code in findings["rule"]]
    assert list(read.columns) == [COLUMN_TITLES[name] for name in FINDING_COLUMNS]


def test_the_findings_file_neutralises_column_names_too() -> None:
    data = (b"Customer name;Customer ID;=cmd|' /C calc'!A0\r\nAcme;C1;=1+1\r\n")
    result = check_table(read_table(data, NAME), demo_definitions())
    out = findings_csv(result.findings)
    assert live_formulas(out, ",") == []
    assert "'=cmd|' /C calc'!A0" in [cell for row in cells(out, ",") for cell in row]


def test_the_match_lists_have_no_live_formula() -> None:
    left, right = read_table(billing_csv(), "billing.csv"), read_table(salesforce_csv(),
                                                                       "sf.csv")
    result = match_identifiers(left, "Salesforce Id", right, "Account Id")
    assert_for_people(values_csv(result), ",")
    unmatched = tuple(a for a in ATTACKS if a != ATTACKS[3])  # @SUM(A1) is on both sides
    assert_for_people(lines_csv(result, "left"), ",", expect=unmatched)
    right_lines = lines_csv(result, "right")
    assert live_formulas(right_lines, ",") == []
    assert "'" + ATTACKS[0] + " " in [c for row in cells(right_lines, ",") for c in row]


def test_the_history_file_has_no_live_formula() -> None:
    records = [{"id": n, "checked_at": datetime(2026, 1, 1, tzinfo=UTC), "file_name": attack,
                "rows": 1, "columns": 1, "errors": 0, "warnings": 0, "infos": 0,
                "by_rule": {}, "organization": attack, "revision": None}
               for n, attack in enumerate(ATTACKS)]
    assert_for_people(history_csv(history_frame(records), UTC), ",")


# ── the error report: text only ─────────────────────────────────────────────────────

def test_the_error_report_stores_every_value_as_text() -> None:
    fixed = apply_fixes(checked())
    book = assert_no_formula_in_workbook(error_report(fixed.result, fixed.changes))
    data = workbook_texts(book, "Data")
    findings = workbook_texts(book, "Findings")
    for attack in ATTACKS:
        assert data[attack] == "s" and findings[attack] == "s"


def test_the_error_report_keeps_formula_headers_and_changes_as_text() -> None:
    data = b"Customer name;Customer ID;=cmd|' /C calc'!A0\r\n =1+1 ;C1;@SUM(A1)\r\n"
    fixed = apply_fixes(check_table(read_table(data, "=evil.csv"), demo_definitions()))
    assert "=1+1" in fixed.changes["after"].tolist(), "a change whose value is a formula"
    book = assert_no_formula_in_workbook(error_report(fixed.result, fixed.changes))
    assert workbook_texts(book, "Changes")["=1+1"] == "s"
    assert workbook_texts(book, "Summary")["=evil.csv"] == "s"


# ── what holds no cell at all ───────────────────────────────────────────────────────

def test_the_dashboard_download_holds_no_cell_value() -> None:
    result = checked()
    page = dashboard_html(build_dashboard(result), file_name=NAME, organization="Org",
                          when=datetime(2026, 1, 1, tzinfo=UTC))
    # plotly.js itself, inlined once, holds such text ("+1+1"): look around it
    page = re.sub(r"<script[^>]*>.*?</script>",
                  lambda script: "" if len(script.group()) > 100_000 else script.group(),
                  page, flags=re.DOTALL)
    assert len(page) < 100_000 and "Favourite colour" in page, "the figures are left"
    for attack in ATTACKS:
        assert attack not in page and json.dumps(attack)[1:-1] not in page


def test_templates_hold_upflow_names_only() -> None:
    for separator in (";", ",", "|"):
        assert live_formulas(template_csv(["all"], demo_definitions(), separator),
                             separator) == []


# ── the command line ────────────────────────────────────────────────────────────────

def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli(list(arguments), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / NAME
    path.write_bytes(customers_csv())
    return path


def test_cli_fix_keeps_the_cells_and_says_so(source: Path, tmp_path: Path) -> None:
    out, rejects, report = tmp_path / "out.csv", tmp_path / "rejects.csv", tmp_path / "r.xlsx"
    status, text, err = run("fix", str(source), "--out", str(out), "--rejects", str(rejects),
                            "--report", str(report))
    assert status == 1 and err == ""
    kept = attack_cells(out.read_bytes()) + attack_cells(rejects.read_bytes())
    assert sorted(map(tuple, kept)) == sorted((attack, attack) for attack in ATTACKS)
    assert text.count("[formula_like]") == len(EXPECTED)
    assert f"Kept the {len(EXPECTED)} formula-like cells as written" in text
    book = assert_no_formula_in_workbook(report.read_bytes())
    assert all(workbook_texts(book, "Data")[attack] == "s" for attack in ATTACKS)


def test_cli_fix_neutralises_when_asked(source: Path, tmp_path: Path) -> None:
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.csv"
    status, text, err = run("fix", str(source), "--out", str(out), "--rejects", str(rejects),
                            "--neutralise-formulas")
    assert status == 1 and err == ""
    kept = attack_cells(out.read_bytes()) + attack_cells(rejects.read_bytes())
    assert sorted(map(tuple, kept)) == sorted(("'" + a, "'" + a) for a in ATTACKS)
    assert live_formulas(out.read_bytes(), ";") == []
    assert live_formulas(rejects.read_bytes(), ";") == []
    assert f"Put an apostrophe before the {len(EXPECTED)} formula-like cells" in text


def test_cli_json_reports_the_values_exactly(source: Path, tmp_path: Path) -> None:
    """JSON is for machines: the values as they are, each reported."""
    status, text, _ = run("check", str(source), "--format", "json")
    found = [(f["row"], f["column"], f["value"]) for f in json.loads(text)["findings"]
             if f["rule"] == "formula_like"]
    assert set(found) == EXPECTED and status == 1
    left, right = tmp_path / "billing.csv", tmp_path / "sf.csv"
    left.write_bytes(billing_csv())
    right.write_bytes(salesforce_csv())
    _, text, _ = run("match", str(left), str(right), "--left-column", "Salesforce Id",
                     "--right-column", "Account Id", "--format", "json")
    assert set(ATTACKS) <= {value["value"] for value in json.loads(text)["values"]}
