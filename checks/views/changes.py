"""The Fix page's list of the person's changes, and what Undo and Redo would do, in words.

A change log is only trustworthy if a person can read it: "Row 5, Customer name:
(empty) → “Initech”", "Safe fix “Write dates as YYYY-MM-DD” switched off", "Column C
· Email left out of the corrected file". Values are quoted and their invisible
characters marked as on every other page (`visible_marks`), an empty cell is said
"(empty)", and a long value is cut, since the list is for recognising a change, not
for reading the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from checks.fix.changes import Change, ChangeLog, Reset, Withdrawal
from checks.fix.fixes import FIXES_BY_NAME
from checks.i18n import _, counted
from checks.read.common import column_letter
from checks.views.grid import display_headers
from checks.views.people import visible_marks

#: What the pages use (through `checks.views`).
__all__ = ["ChangeLine", "change_lines", "column_name", "column_names", "redo_text",
           "undo_text"]

#: Characters of a value shown in the list before it is cut.
SHOWN_CHARACTERS = 40
#: Cells named in the line of an edit of several cells; the rest are counted.
SHOWN_CELLS = 3


@dataclass(frozen=True)
class ChangeLine:
    """One change in effect, as the list shows it: `entry` identifies it for "undo
    this one" (it stays the same while other changes come and go)."""

    entry: int
    text: str


def column_name(headers: Sequence[str], position: int) -> str:
    """A column as a person finds it in a spreadsheet: its letter and header
    ("C · Email")."""
    header = display_headers(headers)[position] if position < len(headers) else ""
    return _named(position, header)


def column_names(headers: Sequence[str]) -> list[str]:
    """`column_name` of every column, in order: the labels made once for all of them
    (asked one by one, a file of 2,000 columns made them 2,000 times)."""
    return [_named(position, header) for position, header in enumerate(display_headers(headers))]


def _named(position: int, label: str) -> str:
    return _("{letter} · {header}").format(letter=column_letter(position), header=label)


def _value(text: str) -> str:
    if not text:
        return _("(empty)")
    shown = str(visible_marks(pd.Series([text], dtype=object)).iloc[0])
    if len(shown) > SHOWN_CHARACTERS:
        shown = shown[:SHOWN_CHARACTERS - 1] + "…"
    return _("“{value}”").format(value=shown)


def _cells(change: Change, headers: Sequence[str]) -> list[str]:
    cells = change.cells
    if not cells:
        return []
    labels = display_headers(headers)
    if len(cells) == 1:
        cell = cells[0]
        return [_("Row {row}, {column}: {before} → {after}").format(
            row=cell.row, column=labels[cell.position], before=_value(cell.before),
            after=_value(cell.after))]
    named = [_("row {row}, {column}").format(row=cell.row, column=labels[cell.position])
             for cell in cells[:SHOWN_CELLS]]
    if len(cells) > SHOWN_CELLS:
        named.append(_("{count} more").format(count=len(cells) - SHOWN_CELLS))
    return [_("{cells} typed: {where}").format(
        cells=counted(len(cells), "{count} cell", "{count} cells"), where="; ".join(named))]


def _switches(change: Change) -> list[str]:
    said = []
    for switch in change.switches:
        fix = FIXES_BY_NAME.get(switch.fix)
        title = _(fix.title) if fix is not None else switch.fix
        said.append(_("Safe fix “{fix}” switched on").format(fix=title) if switch.on
                    else _("Safe fix “{fix}” switched off").format(fix=title))
    return said


def _columns(change: Change, headers: Sequence[str]) -> list[str]:
    return [(_("Column {column} left out of the corrected file") if choice.left_out
             else _("Column {column} kept in the corrected file")).format(
                 column=column_name(headers, choice.position))
            for choice in change.columns]


def describe(change: Change, headers: Sequence[str]) -> str:
    """One change in words (the parts of a change of several kinds joined)."""
    return "; ".join([*_cells(change, headers), *_switches(change), *_columns(change, headers)])


def change_lines(log: ChangeLog, headers: Sequence[str]) -> list[ChangeLine]:
    """The changes in effect, newest first (the one a person most likely wants back)."""
    return [ChangeLine(entry, describe(change, headers))
            for entry, change in reversed(list(zip(log.in_effect, log.changes, strict=True)))]


def undo_text(log: ChangeLog, headers: Sequence[str]) -> str:
    """The Undo button's help: what it would take back."""
    entry = log.next_undo
    if entry is None:
        return _("Nothing to undo yet.")
    if isinstance(entry, Reset):
        return _("Undo the reset: bring back the changes made before it.")
    if isinstance(entry, Withdrawal):
        return _("Bring back: {change}").format(change=describe(log.withdrawn(entry), headers))
    return _("Undo: {change}").format(change=describe(entry, headers))


def redo_text(log: ChangeLog, headers: Sequence[str]) -> str:
    """The Redo button's help: what it would make again."""
    entry = log.next_redo
    if entry is None:
        return _("Nothing to redo.")
    if isinstance(entry, Reset):
        return _("Reset again to the file as uploaded.")
    if isinstance(entry, Withdrawal):
        return _("Undo again: {change}").format(change=describe(log.withdrawn(entry), headers))
    return _("Redo: {change}").format(change=describe(entry, headers))
