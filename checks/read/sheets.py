"""What every workbook reader (XLSX, XLS, ODS) shares once it has a sheet's rows as
text: which sheet to read, and how the rows become a Table.

Row numbers are the sheet's own: the header is the row `checks.read.header` finds (the
first row with a value unless titles or notes come first), empty rows are skipped
without renumbering, and trailing columns with neither header nor data are dropped
(formatting often makes sheets look wider than their data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from checks.i18n import _
from checks.model.errors import UnreadableFileError
from checks.model.findings import findings_frame
from checks.model.table import Table
from checks.read.common import fit, header_findings, text_frame
from checks.read.header import SCAN_ROWS, HeaderFinder, finish, past_the_end
from checks.read.number_display import DisplayLog


@dataclass(frozen=True)
class SheetRows:
    """The non-empty rows of a sheet as text, with their sheet row numbers, and the
    number cells whose display hides their value."""

    rows: list[list[str]]
    numbers: list[int]
    displays: DisplayLog = field(default_factory=DisplayLog)


NO_ROWS = SheetRows([], [])


def trim_cells(cells: list[str]) -> list[str]:
    """The row cut after its last non-empty cell (in place)."""
    while cells and cells[-1] == "":
        cells.pop()
    return cells


@dataclass(frozen=True)
class ChosenSheet:
    """The sheet to read, its rows, and, when its content chose it, the score of each
    sheet with data (name, how many Upflow columns its header names), best first."""

    name: str | None
    content: SheetRows
    scores: tuple[tuple[str, int], ...] = ()


def choose_sheet(names: tuple[str, ...], sheet: str | None, file_name: str,
                 finder: HeaderFinder, *, rows_of: Callable[[str, int | None], SheetRows],
                 hidden: Callable[[str], bool]) -> ChosenSheet:
    """The requested sheet, or the sheet with data whose header (as `finder` finds it)
    names the most Upflow columns; on a tie the first visible one (then the first
    hidden one: a workbook whose only data is hidden is still that data).

    `rows_of(title, limit)` gives a sheet's first `limit` non-empty rows (all of them
    for None): a sheet is scored on its first rows only."""
    if sheet is not None:
        chosen = resolve_sheet_name(sheet, names, file_name)
        return ChosenSheet(chosen, rows_of(chosen, None))
    detect = HeaderFinder(finder.keys)  # the sheet is chosen by its detected header
    scored: list[tuple[int, int, str]] = []
    for order, title in enumerate(sorted(names, key=hidden)):
        top = rows_of(title, SCAN_ROWS)
        if top.rows:
            header = top.rows[header_index(top, detect)]
            scored.append((finder.score(header), -order, title))
    if not scored:
        return ChosenSheet(names[0] if names else None, NO_ROWS)
    best = max(scored, key=lambda item: item[:2])[2]
    scores = tuple((title, score) for score, _order, title in
                   sorted(scored, key=lambda item: -item[1]))
    return ChosenSheet(best, rows_of(best, None), scores)


def header_index(content: SheetRows, finder: HeaderFinder) -> int:
    """Which of the sheet's non-empty rows is the header: the person's row (the first
    non-empty one from it), else the one `finder` chooses."""
    if finder.header_row is not None:
        return next((index for index, number in enumerate(content.numbers)
                     if number >= finder.header_row), len(content.rows))
    return finder.choose(content.rows)


def resolve_sheet_name(sheet: str, names: Sequence[str], file_name: str) -> str:
    """The exact sheet name, else the one sheet equal ignoring case and surrounding
    spaces (people type sheet names on the command line)."""
    if sheet in names:
        return sheet
    loose = [title for title in names if title.strip().casefold() == sheet.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    available = ", ".join(_("'{value}'").format(value=title) for title in names) or _("none")
    raise UnreadableFileError(_(
        "The sheet '{sheet}' does not exist in {file}. Its sheets are: {sheets}.").format(
            sheet=sheet, file=file_name, sheets=available))


def sheet_table(name: str, sheets: tuple[str, ...], chosen: ChosenSheet,
                finder: HeaderFinder) -> Table:
    """Header = the row `finder` finds (the first non-empty row unless titles or notes
    come first); width = the widest non-empty row from the header on."""
    content, sheet = chosen.content, chosen.name
    at = header_index(content, finder) if content.rows else 0
    rows, numbers = content.rows[at:], content.numbers[at:]
    header_row = (numbers[0] if numbers else finder.header_row
                  or (content.numbers[0] if content.numbers else 1))
    if not rows:
        headers: tuple[str, ...] = ()
        frame = text_frame([], 0, [])
    else:
        width = max(len(row) for row in rows)
        headers = tuple(fit(rows[0], width))
        body = [fit(row, width) for row in rows[1:]]
        frame = text_frame(body, width, numbers[1:])
    done = finish(headers, frame, skipped_rows=at > 0)
    what = (_("The sheet '{name}'").format(name=sheet) if sheet is not None
            else _("The workbook"))
    findings = (header_findings(done.headers, done.frame, what=what) if rows or not content.rows
                else [past_the_end(finder.header_row or 1, what)])
    shown = content.displays.summarise(done.frame.index, done.skipped_columns,
                                       len(done.headers))
    return Table(name=name, headers=done.headers, data=done.frame, sheet=sheet, sheets=sheets,
                 findings=findings_frame(findings), header_row=header_row,
                 skipped_columns=done.skipped_columns, trailing_rows=done.trailing,
                 sheet_scores=chosen.scores, shown_differently=shown)
