"""The command line's text output never prints "None" or "<NA>" (issue 16): what a
file does not have (a workbook's encoding, a one-column file's separator, a change's
row) is left unsaid. The JSON keeps its nulls: machines read it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from checks.cli.fix import change_lines
from checks.cli.main import main
from checks.i18n import use_language
from tests.read.files import xlsx_bytes


def run(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    main(list(argv), stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "workbook.xlsx"
    path.write_bytes(xlsx_bytes({"Customers": [["Customer name", "Customer ID"],
                                               ["Acme", "C-1"]]}))
    return path


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ": 1 rows, 2 columns, sheet 'Customers', organization Northwind Trading"),
    ("fr", "\u00a0: 1 ligne, 2 colonnes, feuille 'Customers', organisation Northwind Trading"),
])
def test_a_workbook_has_no_encoding_to_speak_of(workbook: Path, lang: str, said: str) -> None:
    out = run("check", str(workbook), "--lang", lang)
    assert out.splitlines()[0] == f"{workbook}{said}"
    said_of_file = out.replace(str(workbook), "")  # the test's folder names the test
    assert "None" not in said_of_file and "encod" not in said_of_file


def test_the_json_keeps_its_nulls(workbook: Path) -> None:
    report = json.loads(run("check", str(workbook), "--format", "json"))
    assert report["encoding"] is None and report["sheet"] == "Customers"


def test_a_csv_still_says_its_separator_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_bytes(b"Customer name;Customer ID\r\nAcme;C-1\r\n")
    first = run("check", str(path)).splitlines()[0]
    assert first == (f"{path}: 1 rows, 2 columns, separator ';', encoding utf-8, "
                     "organization Northwind Trading")
    with use_language("fr"):
        french = run("check", str(path), "--lang", "fr").splitlines()[0]
    assert "séparateur ';', encodage utf-8, organisation Northwind Trading" in french


def test_a_change_without_a_row_or_a_value_prints_no_none() -> None:
    changes = pd.DataFrame({"row": pd.array([None, 3], dtype="Int64"),
                            "column": [None, "Town"], "before": [None, "Paris "],
                            "after": ["x", None], "rule": ["whitespace", None]})
    lines = change_lines(changes)
    assert lines == ["  file: '' → 'x' [whitespace]", "  row 3, 'Town': 'Paris ' → '' []"]
    assert not any("None" in line or "<NA>" in line for line in lines)
