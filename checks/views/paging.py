"""What a grid shows of a large file: a page of its rows, a window of its columns.

A page of rows keeps a 100,000-line file's grid to what a person reads at once.

Excel's widest sheet has 16,384 columns. A page that draws one mapping picker per
column, or a grid of every column, does work per column on every run, and the browser
framework's own cost per widget grows with the number of widgets: a 2,000-column file
took 16 s to show and as long again for any click. Above `MANY_COLUMNS`, the mapping
has one picker for the column the person chooses, and the grids show `WINDOW` columns
at a time, chosen by the person (`windows`); a usual file (Upflow's 21 columns and an
organization's custom fields) is shown whole, as before.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from checks.i18n import _, number
from checks.read.common import column_letter

__all__ = ["MANY_COLUMNS", "PAGE_SIZES", "WINDOW", "ColumnWindow", "is_wide", "page_count",
           "page_rows", "shown_positions", "windows"]

#: Page sizes the grid offers; the first is the default.
PAGE_SIZES: tuple[int, ...] = (50, 100, 500)

#: Above this many columns a page shows a window of them (and one mapping picker).
MANY_COLUMNS = 60
#: How many columns a window holds.
WINDOW = 50


@dataclass(frozen=True)
class ColumnWindow:
    """Columns `start` to `stop` - 1 (positions), as a person picks them."""

    start: int
    stop: int

    @property
    def label(self) -> str:
        """"Columns A–AX (1 to 50)": the letters the spreadsheet shows, and numbers."""
        return _("Columns {first}–{last} ({start} to {stop})").format(
            first=column_letter(self.start), last=column_letter(self.stop - 1),
            start=number(self.start + 1), stop=number(self.stop))


def is_wide(width: int) -> bool:
    """Whether a file of `width` columns is shown a window at a time."""
    return width > MANY_COLUMNS


def windows(width: int) -> list[ColumnWindow]:
    """The windows a file of `width` columns is shown in, in order."""
    return [ColumnWindow(start, min(start + WINDOW, width)) for start in range(0, width, WINDOW)]


def shown_positions(width: int, window: ColumnWindow | None,
                    chosen: Collection[int] = ()) -> list[int]:
    """The positions of the columns a grid shows: every column of a usual file; for a
    wide one, the columns the person chose in the grid's filter (at most a window's
    worth, in the file's order), else those of `window` (the first by default)."""
    if not is_wide(width):
        return list(range(width))
    if chosen:
        return sorted(position for position in chosen if 0 <= position < width)[:WINDOW]
    window = window or windows(width)[0]
    return list(range(window.start, min(window.stop, width)))


def page_count(total: int, size: int) -> int:
    """Pages needed for `total` rows; at least one, so an empty view has a page 1."""
    if size < 1:
        raise ValueError("A page holds at least one row.")
    return max(1, math.ceil(total / size))


def page_rows(rows: pd.Index, page: int, size: int) -> pd.Index:
    """The row numbers on page `page` (1-based), clamped to the pages that exist so a
    page number left over from a wider filter still shows something."""
    page = min(max(page, 1), page_count(len(rows), size))
    start = (page - 1) * size
    return rows[start:start + size]
