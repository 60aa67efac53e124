"""The command line on tab-separated text (Excel's "Text (Tab delimited)" and "Unicode
Text"): `--sep tab`, JSON `separator` "\\t", and a corrected file written with `;`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checks.cli.main import main

ROWS = [
    ["Customer name", "Customer ID", "Account manager", "Workflow", "Credit limit",
     "Contract end", "Direct debit", "Town"],
    ["Société Générale", "000123", "CAMILLE.MARTIN@northwind.example",
     "key accounts – soft", "1 234,56", "31/12/2025", "Oui", "Besançon, Doubs; France"],
    ["Crédit Agricole", "000124", "Lea.Dubois@northwind.example", "STANDARD", "-12,5",
     "01/02/2026", "non", "Évry"],
]
TEXT = "".join("\t".join(row) + "\r\n" for row in ROWS)

#: Excel's exports of the same sheet: "Text (Tab delimited)" in Windows-1252 and in
#: UTF-8, and "Unicode Text" (UTF-16 LE with its BOM).
FILES = {"tab_cp1252.txt": (TEXT.encode("cp1252"), "cp1252"),
         "tab_utf8.txt": (TEXT.encode("utf-8"), "utf-8"),
         "unicode.txt": (("\ufeff" + TEXT).encode("utf-16-le"), "utf-16")}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(params=sorted(FILES))
def export(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    data, encoding = FILES[request.param]
    path = tmp_path / request.param
    path.write_bytes(data)
    return path, encoding


def test_check_json_separator_is_a_tab(export: tuple[Path, str]) -> None:
    path, encoding = export
    status, out, err = run("check", str(path), "--format", "json")
    report = json.loads(out)
    assert (status, err) == (1, "")
    assert (report["separator"], report["encoding"]) == ("\t", encoding)
    assert (report["rows"], report["columns"]) == (2, 8)
    converted = [f for f in report["findings"] if f["rule"] == "encoding_converted"]
    assert len(converted) == (encoding != "utf-8")
    town = [f for f in report["findings"] if f["column"] == "Town"]
    assert town == []  # "Besançon, Doubs; France" is one cell


def test_check_text_names_the_tab(export: tuple[Path, str]) -> None:
    path, encoding = export
    _, out, _ = run("check", str(path))
    assert out.startswith(f"{path}: 2 rows, 8 columns, separator tab, encoding {encoding},")


def test_sep_tab_forces_the_separator(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Customer name;x\tCustomer ID\r\nAcme;1\tC1\r\n")
    _, out, _ = run("check", str(path), "--format", "json")
    assert json.loads(out)["separator"] == ";"
    _, out, _ = run("check", str(path), "--sep", "tab", "--format", "json")
    report = json.loads(out)
    assert (report["separator"], report["columns"]) == ("\t", 2)


def test_fix_writes_semicolons_and_says_why(export: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = export
    fixed, rejects = tmp_path / "ready.csv", tmp_path / "todo.csv"
    status, out, err = run("fix", str(path), "--out", str(fixed), "--rejects", str(rejects),
                           "--day-first")
    assert (status, err) == (0, "")
    assert ("The corrected file uses ';' because the input was tab-separated (Upflow reads "
            "; , or |; --sep chooses another)") in out
    lines = fixed.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].split(";")[:2] == ["Customer name", "Customer ID"]
    assert lines[1].startswith("Société Générale;000123;camille.martin@northwind.example;")
    assert lines[1].endswith(';"Besançon, Doubs; France"')  # quoted: it holds a ";"
    assert "\t" not in fixed.read_text("utf-8")
    assert rejects.read_text("utf-8").startswith("Customer name;Customer ID;")
    status, out, _ = run("check", str(fixed), "--format", "json")
    after = json.loads(out)
    assert (status, after["separator"], after["encoding"]) == (0, ";", "utf-8")
    assert after["summary"]["errors"] == 0


def test_fix_sep_chooses_another_and_input_sep_tab(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    fixed = tmp_path / "ready.csv"
    status, out, _ = run("fix", str(path), "--out", str(fixed), "--day-first",
                         "--input-sep", "tab", "--sep", "|")
    assert status == 0
    assert "tab-separated" not in out
    assert fixed.read_text("utf-8").startswith("Customer name|Customer ID|")
    status, out, _ = run("fix", str(path), "--out", str(fixed), "--day-first",
                         "--format", "json")
    assert status == 0 and json.loads(out)["remaining"]["separator"] == "\t"
    assert fixed.read_text("utf-8").startswith("Customer name;Customer ID;")


def test_fix_of_a_semicolon_file_keeps_semicolons_silently(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(TEXT.replace("\t", ";").replace("Besançon, Doubs; France", "Besançon")
                     .encode("utf-8"))
    fixed = tmp_path / "ready.csv"
    status, out, _ = run("fix", str(path), "--out", str(fixed), "--day-first")
    assert status == 0 and "tab-separated" not in out
    assert fixed.read_text("utf-8").startswith("Customer name;Customer ID;")


def test_match_reads_tab_files(tmp_path: Path) -> None:
    left, right = tmp_path / "billing.txt", tmp_path / "salesforce.csv"
    left.write_bytes(("\ufeffId\tName\r\nA1\tAcme, Inc\r\nB2\tBeta\r\n").encode("utf-16-le"))
    right.write_text("Id;Name\r\nA1;Acme\r\nB2;Beta\r\n", "utf-8")
    status, out, err = run("match", str(left), str(right), "--left-column", "Id",
                           "--right-column", "Id", "--left-sep", "tab", "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out)["summary"]["matched"] == 2
    status, _, _ = run("match", str(left), str(right), "--left-column", "Id",
                       "--right-column", "Id")
    assert status == 0
