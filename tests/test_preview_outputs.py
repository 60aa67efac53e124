"""The import preview where people read it: the Fix page's sentences and table (views),
the error report's Import preview sheet, and `preflight check`/`fix` (text and JSON),
in English and French, on the hand-computed file of tests/test_preview.py."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from checks import error_report, import_preview
from checks.cli.main import main
from checks.export.preview import preview_sentences
from checks.i18n import use_language
from checks.views import preview_view
from tests.helpers import DEFS
from tests.test_preview import CAMILLE, HAND, LEA, checked

NBSP = "\u00a0"
SENTENCES = [
    "3 customers updated (already in Upflow), 2 created (new in Upflow).",
    "3 contacts added or updated.",
    f"Account managers assigned: {CAMILLE} for 2 customers, {LEA} for 2 customers.",
    "Workflows assigned: Standard for 2 customers, Dunning+ for 1 customer.",
    "Custom fields set: Segment for 4 customers.",
    "1 line will be rejected by Upflow (it has an error): it neither updates nor creates a "
    "customer.",
]
TABLE = [("Details", 8, 5, 3, 2), ("Assignment", 3, 3, 2, 1), ("Custom fields", 4, 4, 3, 1),
         ("Contacts", 4, 2, 1, 1)]


@pytest.fixture(scope="module")
def preview():
    return import_preview(checked(HAND))


# ── views ───────────────────────────────────────────────────────────────────────────

def test_the_sentences_say_every_count(preview) -> None:
    assert preview_sentences(preview) == SENTENCES


def test_the_page_view_escapes_markdown_and_titles_the_table(preview) -> None:
    shown = preview_view(preview)
    assert shown.heading == "What the import will do in Upflow"
    lines = shown.markdown.splitlines()
    assert len(lines) == len(SENTENCES) and all(line.startswith("- ") for line in lines)
    assert r"Dunning\+ for 1 customer\." in lines[3]
    assert list(shown.sections.columns) == ["Section", "Lines", "Customers",
                                            "Already in Upflow (updated)", "New (created)"]
    assert [tuple(row) for row in shown.sections.itertuples(index=False)] == TABLE


def test_in_french(preview) -> None:
    with use_language("fr"):
        said = preview_sentences(preview)
        shown = preview_view(preview)
    assert said[0] == "3 clients mis à jour (déjà dans Upflow), 2 créés (nouveaux dans Upflow)."
    assert said[2].startswith(f"Responsables de compte attribués{NBSP}: {CAMILLE} pour 2 clients")
    assert said[-1].startswith("1 ligne sera refusée par Upflow")
    assert shown.heading == "Ce que l'import fera dans Upflow"
    assert list(shown.sections.columns)[:3] == ["Section", "Lignes", "Clients"]
    assert shown.sections.iloc[0, 0] == "Détails"


def test_without_known_customers_the_view_says_so_and_drops_what_it_cannot_tell() -> None:
    preview = import_preview(checked(HAND, replace(DEFS, customers=())))
    said = preview_sentences(preview)
    assert said[0] == ("5 customers in the file. Which are already in Upflow (updated) and "
                       "which are new (created) cannot be told: the definitions list no known "
                       "customers.")
    assert list(preview_view(preview).sections.columns) == ["Section", "Lines", "Customers"]


def test_what_keeps_a_file_from_importing_is_said() -> None:
    preview = import_preview(checked("Favourite colour\nblue\n"))
    assert preview_sentences(preview) == [
        "Upflow would import nothing from this file as it stands: none of its columns is one "
        "Upflow imports.",
        "1 error concerns a whole column or the file rather than a line: correct it before "
        "importing."]
    no_id = import_preview(checked("Customer ID;Segment\n;SMB\n;SMB\n"))
    assert ("2 lines name no customer (neither an ID nor a name): Upflow cannot tell whose "
            "they are.") in preview_sentences(no_id)


# ── the error report ────────────────────────────────────────────────────────────────

def _sheet_rows(data: bytes, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [row for row in book[name].iter_rows(values_only=True)]


def test_the_report_has_an_import_preview_sheet() -> None:
    data = error_report(checked(HAND))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "Findings", "Summary", "Import preview"]
    rows = [tuple(value for value in row if value is not None)
            for row in _sheet_rows(data, "Import preview")]
    assert rows[0] == ("What the import will do in Upflow",)
    assert [row[0] for row in rows[1:7]] == SENTENCES
    header = rows.index(("Section", "Lines", "Customers", "Already in Upflow (updated)",
                         "New (created)"))
    assert rows[header + 1:header + 5] == TABLE
    assert ("Account manager", "Customers") in rows
    assert (CAMILLE, 2) in rows and ("Standard", 2) in rows and ("Segment", 4) in rows
    counts = [value for row in rows for value in row if isinstance(value, int)]
    assert counts, "counts are numbers a spreadsheet can add up"


def test_the_report_sheet_speaks_french() -> None:
    with use_language("fr"):
        data = error_report(checked(HAND))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Données", "Problèmes", "Résumé", "Aperçu de l'import"]
    rows = _sheet_rows(data, "Aperçu de l'import")
    assert rows[0][0] == "Ce que l'import fera dans Upflow"
    assert rows[1][0].startswith("3 clients mis à jour")


# ── the command line ────────────────────────────────────────────────────────────────

def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def hand_file(tmp_path: Path) -> Path:
    path = tmp_path / "hand.csv"
    path.write_text(HAND, "utf-8")
    return path


def test_check_text_ends_with_the_preview_above_the_verdict(hand_file: Path) -> None:
    status, out, err = run("check", str(hand_file))
    assert (status, err) == (1, "")
    lines = out.splitlines()
    block = lines.index("What the import will do in Upflow:")
    assert lines[block + 1:-1] == [f"  {sentence}" for sentence in SENTENCES]
    assert lines[-1].endswith("not ready for Upflow")


def test_check_text_in_french(hand_file: Path) -> None:
    _, out, _ = run("check", str(hand_file), "--lang", "fr")
    lines = out.splitlines()
    block = lines.index(f"Ce que l'import fera dans Upflow{NBSP}:")
    assert lines[block + 1].startswith("  3 clients mis à jour")


def test_a_file_with_nothing_to_import_gets_no_preview_block(tmp_path: Path) -> None:
    path = tmp_path / "invoices.csv"
    path.write_text("Invoice;Amount\nF-1;12\n", "utf-8")
    _, out, _ = run("check", str(path))
    assert "What the import will do in Upflow" not in out
    assert json.loads(run("check", str(path), "--format", "json")[1])["preview"]["sections"] == []


def test_check_json_has_the_preview(hand_file: Path) -> None:
    report = json.loads(run("check", str(hand_file), "--format", "json")[1])
    preview = report["preview"]
    assert (preview["lines"], preview["customer_lines"], preview["rejected_lines"],
            preview["unidentified_lines"]) == (9, 8, 1, 0)
    assert preview["customers"] == {"total": 5, "updated": 3, "created": 2}
    assert preview["known_customers_listed"] is True
    assert [(s["section"], s["lines"], s["customers"]["total"]) for s in preview["sections"]] == [
        ("details", 8, 5), ("assignment", 3, 3), ("custom-fields", 4, 4), ("contacts", 4, 2)]
    assert preview["contacts"] == 3
    assert preview["workflows"] == [{"workflow": "Standard", "customers": 2},
                                    {"workflow": "Dunning+", "customers": 1}]
    french = json.loads(run("check", str(hand_file), "--format", "json", "--lang", "fr")[1])
    assert french["preview"] == preview, "JSON keys and codes never change with the language"


def test_fix_previews_the_corrected_file(tmp_path: Path) -> None:
    path = tmp_path / "fixable.csv"
    path.write_text("Customer name;Customer ID;Workflow\nAcme Holdings;000123;standard\n"
                    "New Co;C-1;Gold\n", "utf-8")
    first = json.loads(run("check", str(path), "--format", "json")[1])["preview"]
    assert first["rejected_lines"] == 2
    status, out, _ = run("fix", str(path), "--out", str(tmp_path / "out.csv"),
                         "--format", "json")
    report = json.loads(out)
    assert status == 1
    assert list(report) == ["file", "out", "changes", "written", "preview", "remaining"]
    assert "preview" not in report["remaining"]
    assert report["preview"]["rejected_lines"] == 1  # 'standard' became 'Standard'
    assert report["preview"]["customers"] == {"total": 1, "updated": 1, "created": 0}
    _, text, _ = run("fix", str(path), "--out", str(tmp_path / "out.csv"))
    assert "  1 customer updated (already in Upflow), 0 created (new in Upflow)." in text
    assert ("  1 line will be rejected by Upflow (it has an error): it neither updates nor "
            "creates a customer.") in text
