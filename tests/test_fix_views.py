"""What the Fix page's editor and list of changes say: the cells to correct and why, the
columns to correct, and each change in plain words, in English and French."""

from __future__ import annotations

import pandas as pd

from checks import ChangeLog, apply_fixes, check_table, read_table
from checks.fix.changes import CellEdit, Change
from checks.i18n import use_language
from checks.views import (
    change_lines,
    column_marks,
    column_name,
    redo_text,
    to_correct,
    undo_text,
    with_corrections,
)
from tests.helpers import DEFS

TEXT = ("Customer name;Customer ID;Account manager;Town;Town\n"
        "Acme;C1;camille.martin@northwind.example;Paris;Lyon\n"
        ";C2;nobody@northwind.example;Nantes;\n"
        "Globex;C3;lea.dubois@northwind.example;Lille;Lille\n")
HEADERS = ("Customer name", "Customer ID", "Account manager", "Town", "Town")
NBSP = "\u00a0"


def fixed():
    return apply_fixes(check_table(read_table(TEXT.encode(), "f.csv"), DEFS))


def test_each_cell_to_correct_is_named_with_its_problem() -> None:
    outcome = fixed()
    rows = pd.Index([2, 3, 4])
    said = to_correct(outcome.result.findings, HEADERS, rows)
    assert said.tolist() == [
        "", "Customer name: Mandatory value missing · Account manager: Account manager not found",
        ""]
    assert said.name == "To correct"


def test_columns_to_correct_say_how_many_lines_and_why() -> None:
    marks = column_marks(fixed().result.findings, HEADERS, pd.Index([2, 3, 4]))
    assert sorted(marks) == [0, 2]
    assert marks[0].label == "Customer name · 1 to correct"
    assert marks[0].help == ("To correct in this column: Mandatory value missing (row 3): "
                             "Fill in the value.")
    assert column_marks(fixed().result.findings, HEADERS, pd.Index([2, 4])) == {}


def test_the_to_correct_column_comes_first_and_never_takes_a_files_name() -> None:
    page = pd.DataFrame({"To correct": ["x"], "Town": ["Paris"]}, index=[2])
    shown = with_corrections(page, pd.Series(["Town: y"], index=[2]))
    assert list(shown.columns) == ["To correct (2)", "To correct", "Town"]
    assert shown.iloc[0, 0] == "Town: y"


def test_changes_are_listed_newest_first_in_plain_words() -> None:
    log = (ChangeLog()
           .record(Change((CellEdit(3, 0, "", "Initech"),)))
           .with_fixes_off({"dates"})
           .with_left_out({4})
           .record(Change(tuple(CellEdit(row, 3, "x ", "y") for row in (2, 3, 4, 5)))))
    lines = change_lines(log, HEADERS)
    assert [line.text for line in lines] == [
        "4 cells typed: row 2, Town (D); row 3, Town (D); row 4, Town (D); 1 more",
        "Column E · Town (E) left out of the corrected file",
        "Safe fix “Write dates as YYYY-MM-DD” switched off",
        "Row 3, Customer name: (empty) → “Initech”",
    ]
    assert [line.entry for line in lines] == [3, 2, 1, 0]
    assert undo_text(log, HEADERS).startswith("Undo: 4 cells typed")
    assert redo_text(log, HEADERS) == "Nothing to redo."
    assert redo_text(log.undo(), HEADERS).startswith("Redo: 4 cells typed")
    assert undo_text(log.reset(), HEADERS) == (
        "Undo the reset: bring back the changes made before it.")
    assert undo_text(log.undo_one(0), HEADERS) == (
        "Bring back: Row 3, Customer name: (empty) → “Initech”")
    assert undo_text(ChangeLog(), HEADERS) == "Nothing to undo yet."


def test_values_show_their_invisible_characters_and_long_ones_are_cut() -> None:
    log = ChangeLog().record(Change((CellEdit(2, 3, "Paris ", "x" * 60),)))
    text = change_lines(log, HEADERS)[0].text
    assert text == f"Row 2, Town (D): “Paris·” → “{'x' * 39}…”"


def test_the_list_speaks_french() -> None:
    with use_language("fr"):
        log = ChangeLog().record(Change((CellEdit(3, 0, "", "Initech"),))).with_fixes_off(
            {"dates"}).with_left_out({4})
        texts = [line.text for line in change_lines(log, HEADERS)]
        assert texts[-1] == f"Ligne 3, Customer name{NBSP}: (vide) → «{NBSP}Initech{NBSP}»"
        assert texts[1].startswith(f"Correction sans risque «{NBSP}")
        assert texts[0] == "Colonne E · Town (E) laissée hors du fichier corrigé"
        assert column_name(HEADERS, 0) == "A · Customer name"
        marks = column_marks(fixed().result.findings, HEADERS, pd.Index([3]))
        assert marks[0].label == "Customer name · 1 à corriger"
