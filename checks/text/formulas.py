"""What a spreadsheet would run as a formula, and how files meant for people keep it
from running ("CSV injection").

A spreadsheet program opening a CSV reads a cell that starts with =, +, - or @ as a
formula: it can change the data ("-Smith" becomes #NAME?, "+1-555-0100" becomes
-654) or run a harmful command (=HYPERLINK(...), =cmd|...). One definition serves
every place that cares, so they can never disagree:

* the `formula_like` rule (`checks/check/cells/formula_like.py`) reports each such cell, so the
  person sees it before exporting. The corrected CSV for Upflow keeps it exactly as
  written (Upflow reads every cell as text, and an added character would be imported
  with the value), unless the person asks for it to be neutralised
  (`ExportOptions.neutralise_formulas`);
* `spreadsheet_safe` neutralises it in every CSV written for a person to open (the
  findings, the identifier match lists, the history): an apostrophe goes before it,
  as the OWASP advice on CSV injection says, so the spreadsheet shows it as text;
* the error report stores every cell as text (`checks/export/report/cells.py`).

A cell is formula-like when, its surrounding spaces cleaned (tabs, line breaks and
non-breaking spaces included: OWASP lists tab and carriage return as formula starts
because spreadsheets skip them before an "="), it starts with = + - or @ and is not
a number. A number here is a sign followed only by digits, spaces, parentheses, dots
and commas: amounts ("-12.5", "-1 234,56", "-(12)") and phone numbers ("+33 1 42 68
53 00"), which a spreadsheet shows as the same number or as text. Any other character
after the sign makes it a formula again: "+1+1", "-2+3", "+1-555-0100", "-1/2".

Everything is vectorised: the starts and the number test are byte scans of the Arrow
column; only the cells starting with a sign get a second look.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.text.vectorised import (
    as_text,
    clean_spaces,
    contains_any,
    only_characters,
    starts_with_any,
    take_rows,
)

#: The characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = "=+-@"
#: A number or phone number: a sign, then only these characters; never a formula.
NUMBER_LIKE = r"[+-][0-9 ().,]*"
_SIGNS = "+-"
_NUMBER_CHARACTERS = "0123456789 ().,"  # NUMBER_LIKE's characters after the sign
#: What goes before a formula-like cell in a file meant for a person (OWASP).
NEUTRALISING_PREFIX = "'"


def formula_like(clean: pd.Series) -> np.ndarray:
    """Per cell of an already space-cleaned text column (`checks.text.vectorised.clean_spaces`),
    whether a spreadsheet would run it: it starts with = + - @ and is not NUMBER_LIKE."""
    starts = starts_with_any(clean, FORMULA_STARTS)
    if not starts.any():
        return starts
    signed = starts_with_any(clean, _SIGNS) & starts
    number = only_characters(clean, _NUMBER_CHARACTERS + _SIGNS, where=signed)
    if number.any():  # only number characters: a number unless a sign follows the first
        rows = np.flatnonzero(number)
        number[rows] = ~contains_any(take_rows(clean, rows).str.slice(start=1), _SIGNS)
    return starts & ~number


def formula_cells(values: pd.Series) -> np.ndarray:
    """Per cell as written (spaces not yet cleaned), whether it is formula-like."""
    return formula_like(clean_spaces(as_text(values)))


def spreadsheet_safe(values: pd.Series) -> pd.Series:
    """The column with an apostrophe before every formula-like cell, every other cell
    as it is: for a file a person opens in a spreadsheet, where the cell then reads as
    the text it is. A column without such a cell comes back unchanged (the same
    object); missing cells stay missing."""
    risky = formula_cells(values)
    if not risky.any():
        return values
    text = values.astype("str")  # keeps missing cells missing, whatever the dtype was
    rows = np.flatnonzero(risky)
    prefixed = NEUTRALISING_PREFIX + take_rows(text, rows)
    out = text.copy()
    out.iloc[rows] = prefixed.to_numpy(dtype=object)
    return out


def spreadsheet_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text column of the frame made `spreadsheet_safe`; numbers, booleans and
    times are left alone (they are written as numbers, never as formulas)."""
    safe = {}
    for position, (_name, column) in enumerate(frame.items()):
        if _is_text(column) and (made := spreadsheet_safe(column)) is not column:
            safe[position] = made
    if not safe:
        return frame
    out = frame.copy(deep=False)
    for position, column in safe.items():
        out.isetitem(position, column)
    return out


def _is_text(column: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(column.dtype) or column.dtype == object
