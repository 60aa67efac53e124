"""Findings and changes in a person's words: what the pages' tables and the findings
CSV show instead of the engine's columns.

The engine's Findings table speaks in codes (`rule`, `severity`, lower-case column
keys), which the command line's JSON and `fix --report` keep, since programs read
them. A finance user reads the same findings as plain column titles ("Row",
"Problem", "Details"), each rule's title instead of its code and the severity as a
word, all in the current language. One place says how, so a page's table and the CSV
downloaded from it never name the same thing two ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from checks.i18n import N_, _
from checks.model.rules import RULES

__all__ = ["CHANGE_TITLE", "COLUMN_TITLES", "for_people", "rule_title", "rule_titles",
           "severity_word"]

#: The plain title of each engine column a person may read (English, marked).
COLUMN_TITLES: Mapping[str, str] = {
    "row": N_("Row"), "column": N_("Column"), "value": N_("Value"),
    "rule": N_("Problem"), "severity": N_("Severity"), "message": N_("Details"),
    "fix": N_("Suggested fix"), "before": N_("Before"), "after": N_("After"),
}

#: What a change typed by a person is called where a rule's title would be.
CHANGE_TITLE = N_("Corrected by hand")
_MANUAL_EDIT = "manual_edit"  # checks.fix.edits.MANUAL_EDIT (the model does not import fix)

_SEVERITIES = {"error": N_("Error"), "warning": N_("Warning"), "info": N_("Info")}


def rule_title(code: str) -> str:
    """A rule's title in the current language; a hand edit is named so, and a code the
    catalogue no longer knows (an old history record) stays as it is rather than
    failing."""
    if code == _MANUAL_EDIT:
        return _(CHANGE_TITLE)
    rule = RULES.get(code)
    return _(rule.title) if rule is not None else code


def rule_titles(codes: pd.Series) -> pd.Series:
    """`rule_title` of each code, translated once per distinct code (a column of
    100,000 findings holds a few dozen rules at most)."""
    distinct = codes.dropna().unique()
    return codes.map({code: rule_title(code) for code in distinct})


def severity_word(severity: str) -> str:
    """"error" as a person reads it: "Error", "Erreur"."""
    word = _SEVERITIES.get(severity)
    return _(word) if word is not None else severity


def for_people(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The findings (or changes) with the given engine columns (default: all those a
    person reads, in the engine's order), rule codes as titles, severities as words,
    and plain column titles, all in the current language. Values and messages are
    unchanged: what the file holds is never rewritten here."""
    chosen = [name for name in (columns or COLUMN_TITLES) if name in frame.columns]
    out = frame[chosen].copy(deep=False)
    if "rule" in out.columns:
        out["rule"] = rule_titles(out["rule"])
    if "severity" in out.columns:
        words = {code: severity_word(code) for code in out["severity"].dropna().unique()}
        out["severity"] = out["severity"].map(words)
    return out.rename(columns={name: _(COLUMN_TITLES[name]) for name in chosen})
