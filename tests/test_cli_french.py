"""The command line in French: `--lang fr`, or a French locale in the environment, gives
French text output, while the JSON keeps its keys and codes whatever the language.

The findings' messages come from the engine, in the language its catalogue has; these
tests assert on the command line's own lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checks.cli.main import main

NBSP = "\u00a0"
BAD = "Customer name;Customer ID;Segment\nAcme;C1;Gold\n; C2;SMB\n"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's locale must not decide the language of a test."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, "utf-8")
    return path


def test_check_speaks_french_with_lang_fr(bad_file: Path) -> None:
    status, out, err = run("check", str(bad_file), "--lang", "fr")
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == (f"{bad_file}{NBSP}: 2 lignes, 3 colonnes, séparateur ';', "
                        "encodage utf-8, organisation Northwind Trading")
    assert lines[-1] == f"2 erreurs, 1 avertissement, 0 info{NBSP}: pas prêt pour Upflow"
    preview = lines.index(f"Ce que l'import fera dans Upflow{NBSP}:")  # then the verdict
    findings = lines[1:preview]
    assert [line.split()[0] for line in findings] == ["erreur", "erreur", "avertissement"]
    assert findings[1].startswith("  erreur        ligne 3, 'Customer name'" + NBSP + ": ")
    assert findings[1].endswith("[required_missing]")
    assert findings[2].endswith(f"[whitespace] → correction{NBSP}: 'C2'")
    assert "row 3" not in out and "not ready" not in out and "errors" not in out


def test_a_clean_file_is_ready_in_french(samples: Path) -> None:
    status, out, _ = run("check", str(samples / "customers_clean.csv"), "--definitions",
                         str(samples / "definitions.yaml"), "--lang", "fr")
    assert status == 0
    assert out.splitlines()[-1] == f"0 erreur, 0 avertissement, 0 info{NBSP}: prêt pour Upflow"


def test_the_english_text_is_unchanged(bad_file: Path) -> None:
    _, out, _ = run("check", str(bad_file), "--lang", "en")
    lines = out.splitlines()
    assert lines[0] == (f"{bad_file}: 2 rows, 3 columns, separator ';', encoding utf-8, "
                        "organization Northwind Trading")
    assert lines[2].startswith("  error   row 3, 'Customer name': ")
    assert lines[-1] == "2 errors, 1 warnings, 0 infos: not ready for Upflow"


def test_json_keeps_its_keys_and_codes_whatever_the_language(bad_file: Path) -> None:
    reports = {lang: json.loads(run("check", str(bad_file), "--format", "json", "--lang",
                                    lang)[1]) for lang in ("en", "fr")}
    english, french = reports["en"], reports["fr"]
    assert set(french) == set(english)
    assert french["summary"] == english["summary"]
    for en, fr in zip(english["findings"], french["findings"], strict=True):
        assert set(fr) == set(en)
        assert {k: fr[k] for k in ("row", "column", "value", "rule", "severity", "fix")} == {
            k: en[k] for k in ("row", "column", "value", "rule", "severity", "fix")}
    assert {f["severity"] for f in french["findings"]} == {"error", "warning"}


def test_a_french_locale_is_the_default(bad_file: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    _, out, _ = run("check", str(bad_file))
    assert out.splitlines()[-1].endswith("pas prêt pour Upflow")
    _, out, _ = run("check", str(bad_file), "--lang", "en")
    assert out.splitlines()[-1].endswith(": not ready for Upflow"), "--lang wins"


def test_fix_speaks_french(bad_file: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "fixed.csv"
    status, out, err = run("fix", str(bad_file), "--out", str(out_file), "--lang", "fr")
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{bad_file}{NBSP}: 1 cellule corrigée"
    assert lines[1] == f"  ligne 3, 'Customer ID'{NBSP}: ' C2' → 'C2' [whitespace]"
    assert lines[2] == f"Reste à traiter par une personne{NBSP}: 2 problèmes"
    assert f"2 lignes écrites dans {out_file}" in lines
    assert status == 1


def test_match_speaks_french_and_keeps_its_codes(tmp_path: Path) -> None:
    left, right = tmp_path / "billing.csv", tmp_path / "salesforce.csv"
    left.write_text("Id;Name\nA-1;Acme\nA-2;Globex\n;Nobody\n", "utf-8")
    right.write_text("Account Id;Name\nA-1;Acme\nA-3;Hooli\n", "utf-8")
    argv = ("match", str(left), str(right), "--left-column", "Id", "--right-column",
            "Account Id")
    status, out, _ = run(*argv, "--lang", "fr")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"gauche{NBSP}: billing.csv, colonne 'Id', 3 lignes"
    assert lines[1] == f"droite{NBSP}: salesforce.csv, colonne 'Account Id', 2 lignes"
    assert "  matched                      1 valeur" in lines
    assert "  empty                        1 ligne" in lines
    assert (f"missing_left: Uniquement dans salesforce.csv{NBSP}: 1. Ajoutez chacun dans "
            "billing.csv, ou corrigez-le dans salesforce.csv s'il est faux.") in lines
    assert "  billing.csv ligne 4" in lines
    assert lines[-1].startswith(f"Identifiants rapprochés{NBSP}: 1, problèmes{NBSP}: 3.")
    english = json.loads(run(*argv, "--format", "json", "--lang", "en")[1])
    french = json.loads(run(*argv, "--format", "json", "--lang", "fr")[1])
    assert french["summary"] == english["summary"]
    assert [v["class"] for v in french["values"]] == [v["class"] for v in english["values"]]


def test_template_speaks_french(tmp_path: Path) -> None:
    out_file = tmp_path / "template.csv"
    status, out, _ = run("template", "assignment", "--out", str(out_file), "--lang", "fr")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Modèle de 4 colonnes écrit dans {out_file}{NBSP}: ")
    assert lines[0].endswith("Customer name, External ID, Account manager, Workflow"), (
        "Upflow's column names are never translated")
    assert f"Workflow{NBSP}: au choix " in out


def test_one_line_errors_speak_french(tmp_path: Path) -> None:
    status, _, err = run("check", str(tmp_path / "missing.csv"), "--lang", "fr")
    assert status == 2
    assert err.startswith(f"preflight: impossible d'ouvrir '{tmp_path / 'missing.csv'}'{NBSP}: ")
