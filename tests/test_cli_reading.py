"""The command line on the files of issue 20 ("Reading fidelity"), run as a real
process: standard output holds the report and nothing else (openpyxl printed
`0 is out of range` there), standard error one line for a refusal, and the workbooks
and encodings the reader now reads come through to the report."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.builders import HEADER, ROWS, customers_xlsx
from tests.read.odd_workbooks import (
    ESCAPED,
    escaped_texts,
    minimal_stylesheet,
    moved_workbook,
    strict_workbook,
)

ROOT = Path(__file__).parents[1]


def run_cli(*argv: str, code: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m checks ARGV`, after running `code` in the same process (to make a
    library print) when given."""
    program = f"{code}\nimport sys\nfrom checks.cli.main import main\nsys.exit(main())"
    return subprocess.run([sys.executable, "-c", program, *argv], capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT,
                          encoding="utf-8")


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_json_stays_json_on_a_minimal_stylesheet(tmp_path: Path) -> None:
    path = written(tmp_path, "customers.xlsx", minimal_stylesheet())
    done = run_cli("check", str(path), "--format", "json")
    report = json.loads(done.stdout)  # "0 is out of range" came first here
    assert (report["rows"], report["columns"], report["sheet"]) == (3, 3, "Customers")
    assert done.stderr == ""
    text = run_cli("check", str(path))
    assert "without their number formats" in text.stdout
    assert "0 is out of range" not in text.stdout + text.stderr


#: A library that prints, writes to the file descriptor itself and warns while the
#: workbook is read.
_NOISY = """
import os, sys, warnings
import openpyxl.reader.excel as excel
_load = excel.load_workbook
def load_workbook(*args, **kwargs):
    print("NOISE-PRINTED")
    sys.__stdout__.write("NOISE-HELD\\n")  # a stream kept from before the run
    os.write(1, b"NOISE-WRITTEN\\n")
    warnings.warn("NOISE-WARNED")
    return _load(*args, **kwargs)
excel.load_workbook = load_workbook
import openpyxl
openpyxl.load_workbook = load_workbook
"""


@pytest.mark.parametrize("output", ["json", "text"])
def test_nothing_a_library_prints_reaches_stdout(tmp_path: Path, output: str) -> None:
    path = written(tmp_path, "customers.xlsx", customers_xlsx())
    done = run_cli("check", str(path), "--format", output, code=_NOISY)
    assert "NOISE" not in done.stdout
    assert done.stderr == ""
    if output == "json":
        assert json.loads(done.stdout)["rows"] == 3
    else:
        assert done.stdout.startswith(f"{path}: 3 rows")


def test_a_refusal_is_one_line_on_stderr(tmp_path: Path) -> None:
    path = written(tmp_path, "customers.xlsx", customers_xlsx()[:1500])
    done = run_cli("check", str(path), code=_NOISY)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("preflight: ")
    assert "damaged or incomplete" in done.stderr
    as_json = run_cli("check", str(path), "--format", "json", code=_NOISY)
    assert as_json.returncode == 2 and as_json.stderr == ""
    assert json.loads(as_json.stdout)["findings"][0]["rule"] == "file_unreadable"


@pytest.mark.parametrize(("name", "build"), [("strict", strict_workbook),
                                             ("moved", moved_workbook)])
def test_workbooks_excel_opens(tmp_path: Path, name: str, build: object) -> None:
    path = written(tmp_path, f"{name}.xlsx", build())  # type: ignore[operator]
    done = run_cli("check", str(path), "--format", "json")
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert (report["rows"], report["columns"], report["sheet"]) == (3, 3, "Customers")


def test_escapes_reach_the_corrected_file(tmp_path: Path) -> None:
    path = written(tmp_path, "escaped.xlsx", escaped_texts())
    out = tmp_path / "out.csv"
    done = run_cli("fix", str(path), "--out", str(out), "--format", "json")
    assert done.stderr == "", done.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    # Column B keeps its text; column A's line break and tab became spaces (a safe fix
    # of the Customer name), which they could only do once decoded.
    assert [row[1] for row in rows[1:]] == [text + "!" for _written, text in ESCAPED]
    assert [row[0] for row in rows[1:3]] == ["abc  def", "Tab here"]


def test_an_english_empty_sheet_is_empty(tmp_path: Path) -> None:
    path = written(tmp_path, "empty.csv", b",,,,,,\r\n" * 500)
    done = run_cli("check", str(path), "--format", "json")
    rules = [finding["rule"] for finding in json.loads(done.stdout)["findings"]]
    assert rules == ["file_empty"]


@pytest.mark.parametrize(("code_page", "label", "text"), [
    ("cp1253", "Windows (Greek)", "Όνομα;Πόλη\nΠαπαδόπουλος ΑΕ;Αθήνα\nΓεώργιος;Θεσσαλονίκη\n"),
    ("cp1252", "Windows (Western Europe)", "Name;Note\nAcme;“…” – it’s fine\n")])
def test_the_encoding_in_words(tmp_path: Path, code_page: str, label: str,
                               text: str) -> None:
    path = written(tmp_path, "file.csv", text.encode(code_page))
    report = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    assert report["encoding"] == code_page
    converted = [finding["message"] for finding in report["findings"]
                 if finding["rule"] == "encoding_converted"]
    assert converted == [f"The file was saved as {label}; the corrected file will be UTF-8."]


def test_the_customer_file_is_unchanged(tmp_path: Path) -> None:
    """The usual workbook reads as before: the same rows, no notice."""
    path = written(tmp_path, "customers.xlsx", customers_xlsx())
    done = run_cli("check", str(path))
    assert done.stdout.startswith(f"{path}: 3 rows")
    assert "number formats" not in done.stdout
    assert HEADER and ROWS  # the file the builders make
