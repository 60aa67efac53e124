"""`--header-row` and the header found below titles, through the command line:
`check` (text and JSON `header_row`), `fix` and `match`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from checks.cli.main import main
from tests.read.files import csv_bytes, xlsx_bytes
from tests.read.test_header import french_excel_csv


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def _file(tmp_path: Path, data: bytes, name: str = "clients.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_check_finds_the_header_on_row_3_and_says_so(tmp_path: Path) -> None:
    status, out, err = run("check", _file(tmp_path, french_excel_csv()))
    assert err == ""
    assert "Header found on row 3; rows 1–2 are skipped." in out.splitlines()[1]
    assert "unknown_column" not in out
    assert "row 4, 'Email'" in out
    assert status == 1


def test_check_json_has_the_header_row(tmp_path: Path) -> None:
    _, out, _ = run("check", _file(tmp_path, french_excel_csv()), "--format", "json")
    report = json.loads(out)
    assert report["header_row"] == 3 and report["rows"] == 2
    rows = {finding["row"] for finding in report["findings"] if finding["column"] == "Email"}
    assert rows - {None} == {4}


def test_check_header_row_overrides_detection(tmp_path: Path) -> None:
    _, out, _ = run("check", _file(tmp_path, french_excel_csv()), "--format", "json",
                    "--header-row", "1")
    report = json.loads(out)
    assert report["header_row"] == 1 and report["rows"] == 3
    assert any(finding["rule"] == "unknown_column" for finding in report["findings"])


def test_a_plain_file_has_header_row_1(tmp_path: Path, samples: Path) -> None:
    _, out, _ = run("check", str(samples / "customers_clean.csv"), "--format", "json")
    assert json.loads(out)["header_row"] == 1


def test_header_row_must_be_a_row_number(tmp_path: Path) -> None:
    status, out, err = run("check", _file(tmp_path, french_excel_csv()), "--header-row", "0")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "row number" in err


def test_fix_writes_the_table_only_and_says_what_was_left_out(tmp_path: Path) -> None:
    data = french_excel_csv(tail=[["", "", "", "", ""], ["Total", "", "", "", "2"]])
    target = tmp_path / "out.csv"
    status, out, err = run("fix", _file(tmp_path, data), "--out", str(target),
                           "--keep-headers")
    assert err == "" and status == 1
    assert "Header found on row 3; rows 1–2 are skipped." in out
    assert ("Row 7 (a total line) below the table is not a customer: it is not checked and "
            "left out of the corrected file.") in out
    written = list(csv.reader(io.StringIO(target.read_text("utf-8"), newline=""),
                              delimiter=";"))
    assert written[0] == ["Customer name", "Customer ID", "Email", "Town", "Segment"]
    assert [row[0] for row in written[1:]] == ["Acme", "Beta"]


def test_fix_header_row_given(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    run("fix", _file(tmp_path, french_excel_csv()), "--out", str(target), "--keep-headers",
        "--header-row", "1")
    first = target.read_text("utf-8").splitlines()[0]
    assert first.startswith("Export clients")


def test_match_reads_below_the_title_and_takes_a_header_row(tmp_path: Path) -> None:
    left = _file(tmp_path, csv_bytes([["Export"], [], ["Customer ID", "Name"], ["C-1", "A"]]),
                 "left.csv")
    right = _file(tmp_path, xlsx_bytes({"S": [["Customer ID"], ["C-1"]]}), "right.xlsx")
    status, out, _ = run("match", left, right, "--left-column", "Customer ID",
                         "--right-column", "Customer ID")
    assert status == 0
    assert "left.csv: Header found on row 3; rows 1–2 are skipped." in out
    status, _, err = run("match", left, right, "--left-column", "Customer ID",
                         "--right-column", "Customer ID", "--left-header-row", "1")
    assert status == 2 and "Customer ID" in err


def test_check_json_lists_the_lines_set_aside(tmp_path: Path) -> None:
    data = french_excel_csv(tail=[["", "", "", "", ""],
                                  ["Source : export du logiciel de facturation", "", "", "", ""]])
    status, out, _ = run("check", _file(tmp_path, data), "--format", "json")
    report = json.loads(out)
    assert report["set_aside"] == [{"row": 7, "kind": "note", "cells": [
        "Source : export du logiciel de facturation", "", "", "", ""]}]
    assert report["shown_differently"] == []
    assert report["rows"] == 2


def test_check_says_which_workbook_numbers_were_shown_otherwise(tmp_path: Path) -> None:
    from tests.read.files import Formatted

    rows = [["Customer name", "Customer ID", "Credit limit"],
            ["Acme", Formatted(201, "000000", ""), Formatted(12.3456, "0.00", "")],
            ["Beta", Formatted(202, "000000", ""), Formatted(0.5, "0%", "")]]
    path = _file(tmp_path, xlsx_bytes({"Clients": rows}), "clients.xlsx")
    _, out, _ = run("check", path, "--format", "json")
    report = json.loads(out)
    assert report["shown_differently"] == [
        {"column": "Credit limit", "kind": "percent", "cells": 1, "row": 3, "shown": "50%",
         "stored": "0.5"},
        {"column": "Credit limit", "kind": "rounded", "cells": 1, "row": 2, "shown": "12.35",
         "stored": "12.3456"}]
    _, text, _ = run("check", path)
    assert ("Credit limit: 1 cell is shown rounded in the workbook (row 2 shows 12.35 for "
            "12.3456); the value stored in the cell is what is checked and exported.") in text
    assert "'Customer ID'" not in text  # 000201 and 000202 are IDs as Excel shows them
