"""Tables and downloads for people (`checks.views.people`, `checks.export.people`):
plain titles, rule titles with the codes in a tooltip, no "None", no empty column, and
the characters nobody can see marked on screen but kept in the files."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from checks import RULES, ExportOptions, findings_csv
from checks.i18n import _, use_language
from checks.model.findings import Finding, findings_frame
from checks.views.people import (
    MARKS,
    findings_for_people,
    marks_legend,
    marks_used,
    people_table,
    rules_for_people,
    visible_marks,
)


def findings() -> pd.DataFrame:
    """A file-level finding (no row, no value, no fix) and two cell findings."""
    return findings_frame([
        Finding(None, None, None, "duplicate_header", "error", "Two columns share a name."),
        Finding(2, "Customer ID", "000205 ", "whitespace", "warning", "Spaces around.",
                "000205", 1),
        Finding(3, "Workflow", "Gold", "workflow_not_found", "error", "Unknown.", None, 2),
    ])


def test_invisible_characters_are_marked_and_nothing_else_changes() -> None:
    values = pd.Series(["000205 ", "000205", None, " a b ", "1\u00a0000", "1\u202f000",
                        "x\ty", "l1\r\nl2", "l1\nl2", "   ", ""], index=range(5, 16))
    marked = visible_marks(values)
    assert marked.tolist() == ["000205·", "000205", None, "·a b·", "1⍽000", "1⍽000", "x→y",
                               "l1¶l2", "l1¶l2", "···", ""]
    assert marked.index.tolist() == values.index.tolist()
    assert visible_marks(pd.Series(["plain", "text"])).tolist() == ["plain", "text"]
    assert marks_used(values) == frozenset(MARKS)
    assert marks_used(pd.Series(["plain"])) == frozenset()


def test_the_legend_names_only_the_marks_shown_in_both_languages() -> None:
    assert marks_legend([]) is None
    assert marks_legend(["space"]) == ("Characters you cannot see are marked: · a space at "
                                       "the start or the end.")
    with use_language("fr"):
        legend = marks_legend(["nbsp", "tab"])
    assert legend is not None and "⍽ une espace insécable" in legend and "→ une tabulation" \
        in legend


def test_marking_a_large_column_marks_only_what_needs_it() -> None:
    """100,000 values, a few with spaces: exactly those are marked, the others kept as
    they were (speed is for the benchmark, never a test's clock)."""
    values = pd.Series(np.where(np.arange(100_000) % 1000 == 0, "A-1 ", "A-1"), dtype=object)
    marked = visible_marks(values)
    assert int((marked == "A-1·").sum()) == 100
    assert int((marked == "A-1").sum()) == 99_900


def test_findings_for_people_speak_plain_words() -> None:
    table = findings_for_people(findings())
    frame = table.frame
    assert list(frame.columns) == ["Row", "Column", "Value", "Problem", "Severity", "Details",
                                   "Suggested fix"]
    assert frame["Problem"].tolist() == [RULES[code].title for code in
                                         ("duplicate_header", "whitespace",
                                          "workflow_not_found")]
    assert frame["Severity"].tolist() == ["Error", "Warning", "Error"]
    # The file-level finding: empty cells, never "None"; the row stays a number column
    # (shown empty by st.dataframe(placeholder="")).
    assert frame.loc[0, ["Column", "Value", "Suggested fix"]].tolist() == ["", "", ""]
    assert frame["Row"].isna().tolist() == [True, False, False]
    assert "None" not in frame.astype(str).drop(columns="Row").to_numpy().ravel().tolist()
    assert frame["Value"].tolist() == ["", "000205·", "Gold"]
    assert table.legend is not None and "· a space" in table.legend
    # The codes are one hover away, in the Problem column's help.
    assert "Workflow not found: `workflow_not_found`" in table.help["Problem"]


def test_a_column_empty_throughout_is_left_out() -> None:
    only_cells = findings().iloc[[2]]
    table = findings_for_people(only_cells)
    assert "Suggested fix" not in table.frame.columns  # no fix offered
    assert table.legend is None  # nothing marked, nothing to explain
    general = findings_for_people(findings().iloc[[0]], ("row", "column", "rule", "message"))
    assert list(general.frame.columns) == ["Problem", "Details"]
    empty = findings_for_people(findings().iloc[[]], ("row", "rule"))
    assert list(empty.frame.columns) == ["Row", "Problem"]  # no lines: the titles stay


def test_people_tables_keep_other_columns_and_mark_only_those_asked() -> None:
    frame = pd.DataFrame({"Identifier": ["A-1 ", "A-2"], "Note": ["x ", None],
                          "Empty": ["", None]})
    table = people_table(frame, marked=("Identifier",))
    assert list(table.frame.columns) == ["Identifier", "Note"]
    assert table.frame["Identifier"].tolist() == ["A-1·", "A-2"]
    assert table.frame["Note"].tolist() == ["x ", ""]


def test_tables_speak_french() -> None:
    with use_language("fr"):
        frame = findings_for_people(findings()).frame
        title = _(RULES["workflow_not_found"].title)
    assert list(frame.columns) == ["Ligne", "Colonne", "Valeur", "Problème", "Gravité",
                                   "Détails", "Correction proposée"]
    assert frame["Problème"].iloc[2] == title
    assert frame["Gravité"].tolist() == ["Erreur", "Avertissement", "Erreur"]


def test_the_rules_table_shows_titles_with_the_codes_in_its_help() -> None:
    by_rule = pd.DataFrame({"Rule": ["whitespace"], "Title": ["x"], "Severity": ["warning"],
                            "Findings": [3]})
    table = rules_for_people(by_rule)
    assert table.frame.values.tolist() == [[RULES["whitespace"].title, "Warning", 3]]
    assert "`whitespace`" in table.help["Problem"]


def test_the_findings_csv_is_for_people_with_a_bom_and_the_real_characters() -> None:
    for options in (ExportOptions(), ExportOptions(separator=";", bom=False)):
        data = findings_csv(findings(), options)
        assert data.startswith(b"\xef\xbb\xbf"), "always a BOM: Excel reads accents right"
        read = pd.read_csv(io.BytesIO(data), sep=options.separator or ",", dtype=str,
                           keep_default_na=False, encoding="utf-8-sig")
        assert list(read.columns) == ["Row", "Column", "Value", "Problem", "Severity",
                                      "Details", "Suggested fix"]
        assert read["Value"].tolist() == ["", "000205 ", "Gold"]  # no mark in a file
        assert read["Row"].tolist() == ["", "2", "3"]
    with use_language("fr"):
        french = findings_csv(findings(), ExportOptions(separator=";")).decode("utf-8-sig")
    assert french.startswith("Ligne;Colonne;Valeur;Problème;Gravité;Détails;")
    assert "Erreur" in french and "duplicate_header" not in french
