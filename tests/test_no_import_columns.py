"""`no_import_columns`: a file in which no header is an Upflow column or a custom field
(an invoice export, a file whose header was not found), or whose only Upflow columns
are identifiers, imports nothing, so it is never "ready for Upflow": the engine, the
command line's exit status and its verdict all say so."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checks import check_table, read_table
from checks.cli.main import main
from checks.map.headers import IGNORE
from tests.helpers import DEFS, flat
from tests.read.files import csv_bytes

INVOICES = csv_bytes([
    ["N° facture", "Date", "Client", "Montant HT", "TVA", "Montant TTC", "Échéance"],
    ["F-2025-0001", "31/01/2025", "Boulangerie Martin", "1 000,00", "200,00", "1 200,00",
     "02/03/2025"],
    ["F-2025-0002", "31/01/2025", "Garage du Centre", "450,00", "90,00", "540,00",
     "02/03/2025"],
])
#: The same export with the customer's name under Upflow's column name.
ONE_UPFLOW_COLUMN = csv_bytes([
    ["N° facture", "Customer name", "Montant TTC"],
    ["F-2025-0001", "Boulangerie Martin", "1 200,00"],
])
ONLY_AN_IDENTIFIER = csv_bytes([
    ["Customer ID", "N° facture", "Montant TTC"],
    ["C-0042", "F-2025-0001", "1 200,00"],
])
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def check(data: bytes, name: str = "factures.csv", overrides=None):
    return check_table(read_table(data, name), DEFS, overrides=overrides)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


# ── the engine ───────────────────────────────────────────────────────────────────────

def test_an_invoice_export_has_nothing_to_import() -> None:
    result = check(INVOICES)
    errors = result.findings[result.findings["severity"] == "error"]
    assert flat(errors) == [[None, None, "no_import_columns"]]
    assert errors["message"].tolist() == [
        "Nothing in this file would be imported: no column is an Upflow column or a custom "
        "field of your organization."]
    assert errors[["value", "fix"]].isna().all().all()
    assert errors["position"].isna().all()
    # every header is still reported as unknown, as before; nothing else
    others = result.findings[result.findings["severity"] != "error"]
    assert flat(others) == [[None, header, "unknown_column"] for header in result.table.headers]
    assert result.has_errors and not result.ready
    assert not result.mapping.sections
    assert result.nothing_to_import == errors["message"].iloc[0]


def test_one_upflow_column_is_something_to_import() -> None:
    result = check(ONE_UPFLOW_COLUMN)
    assert "no_import_columns" not in result.findings["rule"].tolist()
    assert flat(result.findings) == [[None, "N° facture", "unknown_column"],
                                     [None, "Montant TTC", "unknown_column"]]
    assert result.ready and result.nothing_to_import is None


def test_a_custom_field_alone_is_something_to_import() -> None:
    result = check(csv_bytes([["Référence", "Segment"], ["F-1", "SMB"]]))
    assert flat(result.findings) == [[None, "Référence", "unknown_column"]]
    assert result.ready


def test_identifiers_alone_import_nothing() -> None:
    """Customer ID, External ID and Client ID say which customer a line is about and
    mark no section: with nothing beside them, nothing is imported."""
    result = check(ONLY_AN_IDENTIFIER)
    errors = result.findings[result.findings["severity"] == "error"]
    assert flat(errors) == [[None, None, "no_import_columns"]]
    assert errors["message"].iloc[0] == (
        "Nothing in this file would be imported: its only Upflow column, 'Customer ID', is "
        "an identifier, which says which customer a line is about but changes nothing.")
    assert not result.ready
    both = check(csv_bytes([["customer id", "External Id"], ["C-1", "C-1"]]))
    message = both.nothing_to_import
    assert message is not None and "'customer id' and 'External Id', are identifiers" in message
    assert not both.ready


def test_every_recognised_column_ignored_leaves_nothing_to_import() -> None:
    result = check(ONE_UPFLOW_COLUMN, overrides={1: IGNORE})
    assert result.nothing_to_import == (
        "Nothing in this file would be imported: every column is either unknown to Upflow "
        "or set to be ignored.")
    assert not result.ready


@pytest.mark.parametrize(("name", "data", "rules"), [
    ("empty.csv", b"", ["file_empty"]),
    ("header_only.csv", "N° facture;Date;Montant TTC\r\n".encode(), ["file_empty"]),
    # its blank "header" is still reported as an empty header, as before
    ("blank.csv", b" \r\n\t\r\n", ["unknown_column", "file_empty"]),
    ("photo.csv", PNG, ["file_unreadable"]),
])
def test_an_empty_or_unreadable_file_keeps_only_its_own_findings(name: str, data: bytes,
                                                                 rules: list[str]) -> None:
    result = check(data, name)
    assert result.findings["rule"].tolist() == rules
    assert result.has_errors and not result.ready and result.nothing_to_import is None


def test_a_clean_customer_file_is_ready(samples: Path) -> None:
    from checks import load_definitions

    data = (samples / "customers_clean.csv").read_bytes()
    result = check_table(read_table(data, "customers_clean.csv"),
                         load_definitions(samples / "definitions.yaml"))
    assert result.findings.empty and result.ready


# ── the command line ─────────────────────────────────────────────────────────────────

def test_check_exits_one_on_an_invoice_export_with_the_finding_in_json(tmp_path: Path) -> None:
    path = tmp_path / "factures.csv"
    path.write_bytes(INVOICES)
    status, out, err = run("check", str(path), "--format", "json")
    assert (status, err) == (1, "")
    report = json.loads(out)
    assert [f for f in report["findings"] if f["severity"] == "error"] == [{
        "row": None, "column": None, "value": None, "rule": "no_import_columns",
        "severity": "error", "fix": None,
        "message": "Nothing in this file would be imported: no column is an Upflow column "
                   "or a custom field of your organization."}]
    assert report["summary"]["errors"] == 1
    assert report["summary"]["by_rule"] == {"no_import_columns": 1, "unknown_column": 7}


def test_check_text_says_not_ready(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_bytes(ONLY_AN_IDENTIFIER)
    status, out, _ = run("check", str(path))
    assert status == 1
    assert "  error   file: Nothing in this file would be imported" in out
    assert "[no_import_columns]" in out
    assert out.rstrip().endswith("1 errors, 2 warnings, 0 infos: not ready for Upflow")


def test_check_exits_zero_once_a_column_is_upflows(tmp_path: Path) -> None:
    path = tmp_path / "factures.csv"
    path.write_bytes(ONE_UPFLOW_COLUMN)
    status, out, _ = run("check", str(path))
    assert status == 0 and out.rstrip().endswith(": ready for Upflow")


def test_fix_exits_one_and_still_writes_the_file(tmp_path: Path) -> None:
    path, out_path = tmp_path / "factures.csv", tmp_path / "out.csv"
    path.write_bytes(INVOICES)
    status, out, err = run("fix", str(path), "--out", str(out_path), "--format", "json")
    assert (status, err) == (1, "")
    remaining = json.loads(out)["remaining"]
    assert "no_import_columns" in [f["rule"] for f in remaining["findings"]]
    assert out_path.exists()
