"""The cells of the report: text that stays text, and the fills and comments of marks.

No cell is ever a formula: every text that openpyxl would read as a formula (``=…``)
or an error code (``#N/A``) is written as a cell of the string type, and no value is
ever converted to a number (``000123`` stays text).

Speed: a cell object (`WriteOnlyCell`) is made only where it must be (a mark, a
formula-like or error-code text, a header); every other value is appended as a plain
string, which openpyxl serialises without building an object for it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from checks.export.report import limits
from checks.i18n import N_, _
from checks.model.rules import Severity

ERROR_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C")

#: A finding's severity as a rank (worst first) and as the word its comment starts with.
SEVERITY_RANK = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}
SEVERITY_LABEL = {Severity.ERROR.value: N_("Error"), Severity.WARNING.value: N_("Warning"),
                  Severity.INFO.value: N_("Note")}
#: The fill of each rank: information is commented, not filled.
_FILLS = {0: ERROR_FILL, 1: WARNING_FILL}

_AUTHOR = "Preflight"
_BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

#: Rows whose values are built at once for a sheet: bounds the Python objects alive.
CHUNK_ROWS = 20_000


def text_cell(ws: object, value: str | None, bold: bool = False) -> WriteOnlyCell:
    """A cell that is text whatever it looks like: ``=SUM(A1)`` or ``#N/A`` included.

    Every cell made here has a style (the Text number format): openpyxl's write-only
    `append` reuses an unstyled cell object for the next value of the row, which would
    copy a comment onto it.
    """
    cell = WriteOnlyCell(ws, value=value)
    if value is not None:
        cell.data_type = "s"
    cell.number_format = "@"
    if bold:
        cell.font = _BOLD
    return cell


def _needs_cell(text: pd.Series) -> np.ndarray:
    """Texts openpyxl would not store as plain strings: formulas and error codes."""
    return (text.str.startswith("=", na=False) | text.isin(ERROR_CODES)).to_numpy(bool)


def column_values(text: pd.Series, ws: object) -> np.ndarray:
    """Cleaned texts as the objects to append: None for empty, a text cell where a
    plain string would become a formula or an error, else the string itself."""
    values = text.to_numpy(dtype=object)
    values[(text == "").to_numpy(bool)] = None
    for i in np.flatnonzero(_needs_cell(text)):
        values[i] = text_cell(ws, values[i])
    return values


def mark(cell: WriteOnlyCell, rank: int, text: str) -> WriteOnlyCell:
    """`cell` filled for its worst severity `rank`, with `text` as its comment."""
    fill = _FILLS.get(rank)
    if fill is not None:
        cell.fill = fill
    cell.comment = _comment(text)
    return cell


def _comment(text: str) -> Comment:
    """A comment sized to its text (about 48 characters a line), cut past the limit."""
    if len(text) > limits.MAX_COMMENT_CHARS:
        text = text[: limits.MAX_COMMENT_CHARS - 40] + _("… [cut: see the Findings sheet]")
    lines = sum(max(1, math.ceil(len(line) / 48)) for line in text.split("\n"))
    return Comment(text, _AUTHOR, height=min(max(60, 15 * lines + 12), 600), width=300)
