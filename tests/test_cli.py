"""`preflight check`: output formats, exit statuses, and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import pandas as pd

from checks.cli.main import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["customers_clean.csv", "contacts_clean.csv"])
def test_clean_samples_exit_zero(samples: Path, name: str) -> None:
    status, out, err = run("check", str(samples / name), "--definitions",
                           str(samples / "definitions.yaml"))
    assert (status, err) == (0, "")
    assert "0 errors, 0 warnings, 0 infos: ready for Upflow" in out


def test_errors_exit_one_with_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Customer name;Customer ID;Segment\nAcme;C1;Gold\n; C2;SMB\n", "utf-8")
    status, out, _ = run("check", str(path), "--format", "json")
    assert status == 1
    report = json.loads(out)
    assert {k: report[k] for k in ("file", "rows", "columns", "separator", "encoding",
                                   "sheet")} == {
        "file": str(path), "rows": 2, "columns": 3, "separator": ";", "encoding": "utf-8",
        "sheet": None}
    assert [(f["row"], f["column"], f["rule"]) for f in report["findings"]] == [
        (2, "Segment", "select_option"), (3, "Customer name", "required_missing"),
        (3, "Customer ID", "whitespace")]
    assert set(report["findings"][0]) == {"row", "column", "value", "rule", "severity",
                                          "message", "fix"}
    assert report["summary"] == {"errors": 2, "warnings": 1, "infos": 0,
                                 "by_rule": {"required_missing": 1, "select_option": 1,
                                             "whitespace": 1}}


def test_text_output_lists_findings(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Customer name;Customer ID;Segment\nAcme;C1;smb\n", "utf-8")
    status, out, _ = run("check", str(path))
    assert status == 1
    assert "row 2, 'Segment'" in out and "[select_option]" in out and "fix: 'SMB'" in out


def test_warnings_only_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "warn.csv"
    path.write_text("Customer name;Customer ID\nAcme; C1\n", "utf-8")
    assert run("check", str(path))[0] == 0


@pytest.mark.parametrize("flag, fix", [("--day-first", "2025-04-03"),
                                       ("--month-first", "2025-03-04")])
def test_date_order_flags(tmp_path: Path, flag: str, fix: str) -> None:
    path = tmp_path / "dates.csv"
    path.write_text("Customer name;Customer ID;Contract end\nAcme;C1;03/04/2025\n", "utf-8")
    _, out, _ = run("check", str(path), flag, "--format", "json")
    assert json.loads(out)["findings"][0]["fix"] == fix


def test_separator_override(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("Customer name,Customer ID\nAcme,C1\n", "utf-8")
    _, out, _ = run("check", str(path), "--sep", ";", "--format", "json")
    report = json.loads(out)
    assert report["columns"] == 1 and report["separator"] == ";"


def test_sheet_option(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing to see"])
    sheet = book.create_sheet("Customers")
    sheet.append(["Customer name", "Customer ID"])
    sheet.append(["Acme", "C1"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    status, out, _ = run("check", str(path), "--sheet", "Customers", "--format", "json")
    assert status == 0 and json.loads(out)["sheet"] == "Customers"
    status, _, err = run("check", str(path), "--sheet", "Nope")
    assert status == 2 and err.count("\n") == 1 and "Nope" in err


@pytest.mark.parametrize(("name", "build"), [("clients.xls", "xls_bytes"),
                                           ("clients.ods", "ods_bytes")])
def test_old_excel_and_libreoffice_workbooks(tmp_path: Path, name: str, build: str) -> None:
    from tests.read import files

    path = tmp_path / name
    path.write_bytes(getattr(files, build)({"Clients": [
        ["Customer name", "Customer ID"], ["Société Générale", "000201"],
        ["Müller", 123456789012], ["", "C3"]]}))
    status, out, _ = run("check", str(path), "--format", "json")
    report = json.loads(out)
    assert status == 1
    assert {k: report[k] for k in ("rows", "columns", "sheet")} == {
        "rows": 3, "columns": 2, "sheet": "Clients"}
    assert [(f["row"], f["column"], f["rule"]) for f in report["findings"]] == [
        (4, "Customer name", "required_missing")]


@pytest.mark.parametrize("argv, expected", [
    (["check", "/nonexistent/file.csv"], "cannot open"),
    (["check"], "required"),
    (["check", "x.csv", "--sep", "colon"], "invalid choice"),
    (["fix", "x.csv", "--out", "y.csv", "--sep", "tab"], "invalid choice"),  # read, not written
    (["check", "x.csv", "--day-first", "--month-first"], "not allowed"),
    (["frobnicate"], "invalid choice"),
])
def test_misuse_is_one_line_and_exit_two(argv: list[str], expected: str) -> None:
    status, out, err = run(*argv)
    assert status == 2 and out == ""
    assert err.startswith("preflight: ") and err.count("\n") == 1 and expected in err
    assert "Traceback" not in err


def test_bad_definitions_exit_two(tmp_path: Path, samples: Path) -> None:
    defs = tmp_path / "defs.yaml"
    defs.write_text("organization: X\nsource_system: sap\n", "utf-8")
    status, _, err = run("check", str(samples / "contacts_clean.csv"), "--definitions",
                         str(defs))
    assert status == 2 and "sap" in err and err.count("\n") == 1


def test_unreadable_file_exit_two(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    status, _, err = run("check", str(path))
    assert status == 2 and err.count("\n") == 1
    status, out, _ = run("check", str(path), "--format", "json")
    assert status == 2 and json.loads(out)["findings"][0]["rule"] == "file_unreadable"


def test_python_dash_m_is_the_same_program(samples: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "checks", "check",
                           str(samples / "contacts_clean.csv"), "--definitions",
                           str(samples / "definitions.yaml"), "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["errors"] == 0


# ── the outputs are built column-wise: the same text as the plain formatting ─────────

_AWKWARD = ['quote " and \\ backslash', "line\nbreak\ttab\r", "é ✓ \u2028 🚩", "", "\x01"]


def _findings_with_awkward_text() -> pd.DataFrame:
    from checks.model.findings import Finding, findings_frame

    items = [Finding(None, None, None, "file_empty", "error", "no data")]
    for number, text in enumerate(_AWKWARD, start=2):
        items.append(Finding(number, f"Col {text}", text, "whitespace", "warning",
                             f"message {text}", text if number % 2 else None))
        items.append(Finding(number, None, None, "ragged_row", "error", "ragged"))
    items.append(Finding(None, "Colour", None, "unknown_column", "warning", "unknown", "Color"))
    return findings_frame(items)


def test_json_output_is_what_json_dump_writes() -> None:
    from checks.cli.json_output import Records, dump_json, record_dicts

    findings = _findings_with_awkward_text()
    for frame in (findings, findings.iloc[:0]):
        def document(records: object, frame: pd.DataFrame = frame) -> dict[str, object]:
            return {"file": 'a "b".csv', "rows": 3, "findings": records(frame),
                    "nested": {"changes": records(frame), "n": [1, None]}}

        fast, plain = io.StringIO(), io.StringIO()
        dump_json(document(Records), fast)
        json.dump(document(record_dicts), plain, ensure_ascii=False, indent=2)
        assert fast.getvalue() == plain.getvalue() + "\n"


def test_text_lines_are_the_plain_formatting() -> None:
    import pandas as pd

    from checks.cli.check import finding_lines
    from checks.cli.fix import change_lines

    findings = _findings_with_awkward_text()
    expected = []
    for item in findings.itertuples(index=False):
        place = [f"row {item.row}"] if not pd.isna(item.row) else []
        place += [f"'{item.column}'"] if item.column is not None else []
        fix = f" → fix: '{item.fix}'" if item.fix is not None else ""
        expected.append(f"  {item.severity:<7} {', '.join(place) or 'file'}: {item.message} "
                        f"[{item.rule}]{fix}")
    assert finding_lines(findings) == expected
    changes = pd.DataFrame({"row": pd.array([2, 3], dtype="Int64"), "column": ["A", "B"],
                            "before": [" x ", 'é "q"'], "after": ["x", "é"],
                            "rule": ["whitespace", "whitespace"]})
    assert change_lines(changes) == [
        f"  row {item.row}, '{item.column}': '{item.before}' → '{item.after}' [{item.rule}]"
        for item in changes.itertuples(index=False)]
