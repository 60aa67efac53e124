"""`preflight match`: exit statuses, the JSON shape, the text, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from checks.cli.main import main

SAMPLES = Path(__file__).parents[1] / "samples"
BILLING, SALESFORCE = SAMPLES / "billing_export.csv", SAMPLES / "salesforce_export.csv"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def write(path: Path, text: str) -> str:
    path.write_text(text, "utf-8")
    return str(path)


def test_samples_exit_one_with_every_problem_in_the_text() -> None:
    status, out, err = run("match", str(BILLING), str(SALESFORCE), "--left-column",
                           "NetSuite Id", "--right-column", "NetSuite Id")
    assert (status, err) == (1, "")
    assert "  matched                      4 values" in out
    assert "  empty                        2 lines" in out
    assert "  near_miss                    2 pairs" in out
    assert "'000286' (billing_export.csv row 4) ↔ '286' (salesforce_export.csv row 4): " \
           "leading zeros" in out
    assert "'1422': billing_export.csv rows 8, 9; salesforce_export.csv row 8" in out
    assert "In salesforce_export.csv only: 2." in out
    assert out.endswith("4 identifiers match, 10 problems: fix them before mapping "
                        "customers in Upflow\n")


def test_json_shape() -> None:
    status, out, _ = run("match", str(BILLING), str(SALESFORCE), "--left-column",
                         "Salesforce Account Id", "--right-column", "Account Id",
                         "--format", "json")
    assert status == 1
    report = json.loads(out)
    assert set(report) == {"left", "right", "summary", "values", "pairs"}
    assert report["left"] == {"file": str(BILLING), "column": "Salesforce Account Id",
                              "lines": 12}
    assert report["right"]["column"] == "Account Id"
    assert report["summary"] == {"matched": 4, "missing_left": 3, "missing_right": 1,
                                 "empty": 1, "ambiguous": 1, "near_miss": 2,
                                 "salesforce_id_length": 2, "numeric_damage": 0}
    assert set(report["values"][0]) == {"value", "class", "left_count", "right_count",
                                        "counterpart", "difference", "left_rows",
                                        "right_rows"}
    short = next(v for v in report["values"] if v["value"] == "001IV00000hHdc7")
    assert short == {"value": "001IV00000hHdc7", "class": "salesforce_id_length",
                     "left_count": 1, "right_count": 0, "counterpart": "001IV00000hHdc7YAC",
                     "difference": "15/18-character Salesforce ID", "left_rows": "2",
                     "right_rows": ""}
    assert {"left_value": "001IV00000hHdc7", "right_value": "001IV00000hHdc7YAC",
            "class": "salesforce_id_length",
            "difference": "15/18-character Salesforce ID"} in report["pairs"]


def test_every_identifier_matched_exits_zero(tmp_path: Path) -> None:
    left = write(tmp_path / "billing.csv", "Id;Name\n285;Acme\n000286;Globex\n")
    right = write(tmp_path / "sf.csv", "Name,NetSuite\nGlobex,000286\nAcme,285\n")
    status, out, err = run("match", left, right, "--left-column", "Id", "--right-column",
                           "NetSuite")
    assert (status, err) == (0, "")
    assert out.endswith("Every identifier matches: ready to map customers in Upflow\n")


def test_an_empty_line_alone_exits_one(tmp_path: Path) -> None:
    left = write(tmp_path / "billing.csv", "Id;Name\n285;Acme\n;Globex\n")
    right = write(tmp_path / "sf.csv", "Id;Name\n285;Acme\n")
    status, out, _ = run("match", left, right, "--left-column", "Id", "--right-column", "Id",
                         "--format", "json")
    assert status == 1
    assert json.loads(out)["summary"]["empty"] == 1


def test_missing_column_exits_two_in_one_line() -> None:
    status, out, err = run("match", str(BILLING), str(SALESFORCE), "--left-column",
                           "NetSuite ID", "--right-column", "NetSuite Id")
    assert (status, out) == (2, "")
    assert err == ("preflight: billing_export.csv has no column 'NetSuite ID': its columns "
                   "are 'Customer ID', 'Customer name', 'NetSuite Id', 'Salesforce Account "
                   "Id', 'Country', 'Currency'\n")


@pytest.mark.parametrize("content, expected", [
    (None, "preflight: cannot open '"),
    (b"\x00\x01\x02binary\xff\xfe" * 20, "preflight: cannot read '"),
])
def test_unreadable_input_exits_two_in_one_line(tmp_path: Path, content: bytes | None,
                                                expected: str) -> None:
    path = tmp_path / "left.csv"
    if content is not None:
        path.write_bytes(content)
    status, _, err = run("match", str(path), str(SALESFORCE), "--left-column", "Id",
                         "--right-column", "Account Id")
    assert status == 2
    assert err.startswith(expected) and err.count("\n") == 1


def test_columns_are_required() -> None:
    status, _, err = run("match", str(BILLING), str(SALESFORCE))
    assert status == 2
    assert "--left-column" in err and err.count("\n") == 1


def test_sheets_and_separators(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing here"])
    sheet = workbook.create_sheet("Customers")
    for row in (["Customer", "Id"], ["Acme", "285"], ["Globex", "286"]):
        sheet.append(row)
    left = tmp_path / "billing.xlsx"
    workbook.save(left)
    right = write(tmp_path / "sf.csv", "Id,Name\n285,Acme\n0286,Globex\n")
    for sheet_option in ("--left-sheet", "--sheet-left"):
        status, out, err = run("match", str(left), right, "--left-column", "Id",
                               "--right-column", "Id", sheet_option, "Customers",
                               "--right-sep", ",", "--format", "json")
        assert (status, err) == (1, "")
        assert json.loads(out)["pairs"] == [{"left_value": "286", "right_value": "0286",
                                             "class": "near_miss",
                                             "difference": "leading zeros"}]
    status, _, err = run("match", right, right, "--left-column", "Id", "--right-column",
                         "Id", "--left-sep", ";")
    assert status == 2 and "has no column 'Id'" in err


def test_python_dash_m_runs_match() -> None:
    done = subprocess.run([sys.executable, "-m", "checks", "match", str(BILLING),
                           str(SALESFORCE), "--left-column", "Nope", "--right-column",
                           "Account Id"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("preflight: billing_export.csv has no column 'Nope'")
    assert "Traceback" not in done.stderr
