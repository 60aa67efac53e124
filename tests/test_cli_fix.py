"""`preflight fix` and `preflight template`: corrected files that check clean."""

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checks.cli.main import main

FRENCH = (
    "Customer name;Customer ID;Account manager;Workflow;Credit limit;Contract end;"
    "Direct debit;Town\r\n"
    "Société Générale;000123;CAMILLE.MARTIN@northwind.example;key accounts – soft;"
    "1 234,56;31/12/2025;Oui;Besançon\r\n"
    "Crédit Agricole;000124;Lea.Dubois@northwind.example;STANDARD;-12,5;01/02/2026;non;Évry\r\n"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def french(tmp_path: Path) -> Path:
    path = tmp_path / "export_fr.csv"
    path.write_bytes(FRENCH.encode("cp1252"))
    return path


def test_french_export_is_fixed_into_a_clean_file(french: Path, tmp_path: Path) -> None:
    status, out, _ = run("check", str(french), "--format", "json")
    before = json.loads(out)
    assert status == 1 and before["encoding"] != "utf-8"
    fixed = tmp_path / "fixed.csv"
    status, out, err = run("fix", str(french), "--out", str(fixed), "--day-first",
                           "--format", "json")
    assert (status, err) == (0, "")
    report = json.loads(out)
    assert sorted((c["row"], c["column"], c["after"]) for c in report["changes"]) == [
        (2, "Account manager", "camille.martin@northwind.example"),
        (2, "Contract end", "2025-12-31"), (2, "Credit limit", "1234.56"),
        (2, "Direct debit", "true"), (2, "Workflow", "Key accounts – soft"),
        (3, "Account manager", "lea.dubois@northwind.example"),
        (3, "Contract end", "2026-02-01"), (3, "Credit limit", "-12.5"),
        (3, "Direct debit", "false"), (3, "Workflow", "Standard"),
    ]
    assert report["remaining"]["summary"]["errors"] == 0
    status, out, _ = run("check", str(fixed), "--format", "json")
    after = json.loads(out)
    assert status == 0 and after["summary"]["errors"] == 0
    assert after["encoding"] == "utf-8" and after["separator"] == ";"
    text = fixed.read_bytes().decode("utf-8")
    assert "Société Générale;000123;camille.martin@northwind.example" in text
    assert "Besançon" in text and "Évry" in text  # untouched cells, now in UTF-8


def test_column_evidence_fixes_dates_but_never_a_guess(french: Path, tmp_path: Path) -> None:
    # 31/12/2025 proves the column is day-first, so 01/02/2026 is fixed too.
    status, out, _ = run("fix", str(french), "--out", str(tmp_path / "f.csv"))
    assert status == 0 and "'01/02/2026' → '2026-02-01'" in out
    # With nothing to prove the order, 03/04/2025 waits for a person.
    alone = tmp_path / "alone.csv"
    alone.write_text("Customer name;Customer ID;Contract end\nAcme;C1;03/04/2025\n", "utf-8")
    status, out, _ = run("fix", str(alone), "--out", str(tmp_path / "g.csv"))
    assert status == 1
    assert "fixed 0 cells" in out and "Still needs a person: 1 findings" in out


def test_separator_bom_skip_and_headers(french: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "f.csv"
    status, _, _ = run("fix", str(french), "--out", str(out_path), "--sep", "|", "--bom",
                       "--line-ending", "lf", "--skip", "booleans", "--day-first")
    assert status == 1  # the booleans were left for a person
    data = out_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfCustomer name|Customer ID|")
    assert b"\r\n" not in data and b"|Oui|" in data


def test_report_and_rejects(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Customer name;Customer ID;Segment\nAcme;C1;smb\nBeta;C2;Gold\n"
                      "Gamma;C3;Enterprise\n", "utf-8")
    out, rejects, report = tmp_path / "ok.csv", tmp_path / "rejects.csv", tmp_path / "r.xlsx"
    status, text, _ = run("fix", str(source), "--out", str(out), "--rejects", str(rejects),
                          "--report", str(report))
    assert status == 1
    assert out.read_text("utf-8").splitlines() == [
        "Customer name;Customer ID;Segment", "Acme;C1;SMB", "Gamma;C3;Enterprise"]
    assert rejects.read_text("utf-8").splitlines() == [
        "Customer name;Customer ID;Segment", "Beta;C2;Gold"]
    book = load_workbook(report)
    assert book.sheetnames[:3] == ["Data", "Findings", "Summary"]
    assert "Wrote 2 lines to" in text and "Wrote 1 lines with errors to" in text


def test_fix_refuses_to_overwrite_its_input(french: Path) -> None:
    status, _, err = run("fix", str(french), "--out", str(french))
    assert status == 2 and "input file" in err and err.count("\n") == 1
    assert french.read_bytes() == FRENCH.encode("cp1252")


def test_fix_unknown_skip_is_misuse(french: Path, tmp_path: Path) -> None:
    status, _, err = run("fix", str(french), "--out", str(tmp_path / "o.csv"), "--skip", "x")
    assert status == 2 and "unknown fix x" in err


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    status, text, _ = run("template", "assignment", "contacts", "--sep", ",", "--out",
                          str(out))
    assert status == 0
    assert out.read_bytes().decode("utf-8") == (
        "Customer name,External ID,Account manager,Workflow,Contact email address,"
        "First name,Family name,Phone number,Position,Main contact\r\n")
    assert "10 columns" in text


def test_template_left_out_columns_are_named(tmp_path: Path) -> None:
    defs = tmp_path / "d.yaml"
    defs.write_text("organization: X\nsource_system: salesforce_native\n", "utf-8")
    status, text, _ = run("template", "all", "--definitions", str(defs), "--out",
                          str(tmp_path / "t.csv"))
    assert status == 0 and "Left out" in text and "Workflow" in text.splitlines()[1]
